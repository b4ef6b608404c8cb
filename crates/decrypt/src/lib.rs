//! tipbox-decrypt: what the offline tool does on the air-gapped machine: load identities,
//! decrypt raw age files, open export bundles and single tips into folders,
//! compose replies to sources into an outgoing bundle.
//!
//! Every output follows one rule: plaintext is released only after the whole
//! age payload authenticated, and nothing is ever overwritten. Files are
//! written to a temporary name beside their destination and moved into place
//! with a no-clobber rename ([`tipbox_core::output`]).
//!
//! This crate depends on `tipbox-core` and file-format crates only: no
//! network, async-runtime or storage code reaches the air-gapped machine.
#![forbid(unsafe_code)]

pub mod clean;
mod desk;
mod error;
mod identity;
mod keygen;
pub mod metadata;
mod open;
mod raw;
mod reply;
mod sent;
mod summary;
mod verify;

pub use clean::{clean, Cleaned};
pub use desk::{desk_standings, write_index, Standings};
pub use error::OfflineError;
pub use identity::{load_identities, Passphrase};
pub use keygen::{keygen, KeyKind, KeygenOutput};
pub use open::{open, OpenReport, OpenedTip};
pub use raw::{decrypt_raw, RawOutput};
pub use reply::{compose_reply, ReplyRequest};
pub use sent::{SentReplies, SENT_FILE};
pub use summary::{is_wrong_key, render_table};
pub use tipbox_core::output::{abandon_outputs, PARTIAL_PREFIX};
pub use verify::Standing;
