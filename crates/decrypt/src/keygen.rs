//! `tipbox-decrypt keygen`: a new newsroom identity, hybrid post-quantum
//! (ML-KEM-768 + X25519, `age1pq1…`) unless the classic X25519 type is asked for.
use std::io::Write;
use std::path::PathBuf;

use zeroize::Zeroizing;

use super::{OfflineError, Passphrase};
use tipbox_core::envelope::{self, Identity, Recipient};
use tipbox_core::output::AtomicFile;

pub enum KeygenOutput {
    /// Written to this path (never over an existing file), mode 0600.
    File(PathBuf),
    /// Returned to the caller to print (unprotected keys only).
    Text,
}

/// Which type of key to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// ML-KEM-768 + X25519 (`AGE-SECRET-KEY-PQ-1…`, `age1pq1…`): tips sealed
    /// to it stay sealed against a future quantum computer. The default.
    Hybrid,
    /// X25519 (`AGE-SECRET-KEY-1…`, `age1…`), for tools that do not read
    /// hybrid keys yet (rage 0.12, age before 1.3).
    Classic,
}

/// Generates an identity in the `age-keygen` file format (comment lines,
/// then the key). With `protect`, the file is passphrase-encrypted (age
/// `scrypt` recipient), which stock `age -d` also opens.
/// Returns the recipient and, for [`KeygenOutput::Text`], the file's text.
pub fn keygen(
    output: KeygenOutput,
    protect: Option<&Passphrase>,
    kind: KeyKind,
) -> Result<(Recipient, Option<Zeroizing<String>>), OfflineError> {
    let identity = match kind {
        KeyKind::Hybrid => Identity::generate_hybrid(),
        KeyKind::Classic => Identity::generate(),
    };
    let recipient = identity.to_public();
    let created = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .expect("zero nanoseconds are valid")
        .format(&time::format_description::well_known::Rfc3339)
        .expect("a UTC time always formats as RFC 3339");
    let text = Zeroizing::new(format!(
        "# created: {created}\n# public key: {recipient}\n{}\n",
        identity.to_encoded().as_str()
    ));
    match output {
        KeygenOutput::Text => {
            if protect.is_some() {
                return Err(OfflineError::Usage(
                    "a passphrase-protected key must be written to a file: use -o FILE",
                ));
            }
            Ok((recipient, Some(text)))
        }
        KeygenOutput::File(path) => {
            let bytes = match protect {
                Some(passphrase) => {
                    let secret = passphrase.ask_new()?;
                    Zeroizing::new(envelope::encrypt_with_passphrase(text.as_bytes(), &secret)?)
                }
                None => Zeroizing::new(text.as_bytes().to_vec()),
            };
            let mut file = AtomicFile::create(&path)?;
            file.writer()
                .write_all(&bytes)
                .map_err(OfflineError::write(&path))?;
            file.persist()?;
            Ok((recipient, None))
        }
    }
}
