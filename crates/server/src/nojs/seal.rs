//! The blocking half of a no-JavaScript submission: spools each file as it
//! arrives, then builds the tip container, seals it to the newsroom and
//! commits it. Runs on a blocking thread, fed by the network side through a
//! bounded channel ([`Piece`]s), so that memory stays at a few chunks.
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::PathBuf;

use bytes::Bytes;
use tokio::sync::mpsc;
use zeroize::{Zeroize, Zeroizing};

use super::spool::{SpoolFile, SpoolWriter};
use crate::store::{Store, StoreError};
use crate::wiped;
use tipbox_core::bundle::TipId;
use tipbox_core::conversation::proof::PROOF_PLACEHOLDER;
use tipbox_core::conversation::{ContentDigest, FollowupKey};
use tipbox_core::envelope::{Decryptor, Encryptor, Identity, Recipient};
use tipbox_core::tip::{
    sanitize_name, AttachmentMeta, EncryptedBy, Kind, TipMeta, TipWriter, FORMAT_VERSION,
};

/// What the network side hands the sealing thread, in form order.
/// Deliberately not `Debug`: it carries the source's plaintext.
pub enum Piece {
    /// A file field begins. `name` is the name the browser sent (unsanitised,
    /// possibly empty: browsers send an empty part for an unused file input).
    FileStart {
        name: Zeroizing<String>,
        media_type: String,
    },
    Data(Bytes),
    FileEnd,
    /// The form ended and passed every check: build and commit the tip.
    Finish {
        message: Zeroizing<String>,
        language: &'static str,
        conversation: Option<ConversationKeys>,
    },
}

/// What `tip.json` says about the conversation a tip belongs to.
pub struct ConversationKeys {
    /// `tip` (a first tip asking for replies) or `followup`.
    pub kind: Kind,
    pub mailbox: String,
    pub reply_recipient: String,
    /// A first tip carries it; a follow-up is authenticated with it
    /// (`conversation::proof`). Lives only in this request's memory.
    pub followup_key: FollowupKey,
}

/// Where and to whom a submission is sealed.
pub struct SealJob {
    pub store: Store,
    pub recipients: std::sync::Arc<Vec<Recipient>>,
    pub spool_dir: PathBuf,
}

/// Why sealing failed. None of these carries anything the source sent.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("writing or reading a spool file: {0}")]
    Spool(io::Error),
    #[error("storing the tip: {0}")]
    Store(StoreError),
    #[error("sealing: {0}")]
    Envelope(tipbox_core::envelope::Error),
    #[error("a spool file did not hold the size it was written with")]
    SpoolDamaged,
    #[error("the request ended before the form was complete")]
    Abandoned,
    #[error("form pieces arrived out of order")]
    OutOfOrder,
}

impl SealError {
    /// Sorts an `io::Error` from the writer stack by what it carries: the
    /// store's refusal (full, too large), an envelope failure, or plain I/O.
    fn from_io(err: io::Error) -> SealError {
        if err.get_ref().is_some_and(|e| e.is::<StoreError>()) {
            SealError::Store(StoreError::from_io(err))
        } else if err
            .get_ref()
            .is_some_and(|e| e.is::<tipbox_core::envelope::Error>())
        {
            SealError::Envelope(tipbox_core::envelope::Error::from_io(err))
        } else {
            SealError::Spool(err)
        }
    }
}

/// A spooled attachment, with what `tip.json` will say about it.
struct Spooled {
    file: SpoolFile,
    meta: AttachmentMeta,
}

impl Drop for Spooled {
    fn drop(&mut self) {
        self.meta.name.zeroize();
    }
}

/// The attachment names given so far, wiped when the tip is done.
#[derive(Default)]
struct TakenNames(HashSet<String>);

impl Drop for TakenNames {
    fn drop(&mut self) {
        for mut name in self.0.drain() {
            name.zeroize();
        }
    }
}

/// `tip.json`'s contents, wiped as soon as they are written: the message,
/// the file names and the conversation's keys.
struct WipedMeta(TipMeta);

impl Drop for WipedMeta {
    fn drop(&mut self) {
        let meta = &mut self.0;
        meta.message.zeroize();
        for attachment in &mut meta.attachments {
            attachment.name.zeroize();
            attachment.media_type.zeroize();
        }
        meta.mailbox.zeroize();
        meta.reply_recipient.zeroize();
        meta.followup_key.zeroize();
        meta.followup_proof.zeroize();
    }
}

/// Receives the form's pieces and seals the tip. Every spool file is removed
/// on every way out (they are dropped with this function's locals); the
/// store's `Upload` removes its file unless committed.
pub fn run(mut pieces: mpsc::Receiver<Piece>, job: SealJob) -> Result<TipId, SealError> {
    // Dropped last, on every way out: tar headers, `io::copy`'s buffer and
    // the cipher's blocks left plaintext in this thread's stack.
    let _scrub = wiped::ScrubStackOnDrop;
    let ephemeral = Identity::generate();
    let spool_key = ephemeral.to_public();
    let mut spooled: Vec<Spooled> = Vec::new();
    let mut names = TakenNames::default();
    let mut current: Option<(SpoolWriter, Zeroizing<String>, String)> = None;
    // The attachments' bytes in container order, for a follow-up's proof.
    let mut content = ContentDigest::new();

    while let Some(piece) = pieces.blocking_recv() {
        match piece {
            Piece::FileStart { name, media_type } => {
                if current.is_some() {
                    return Err(SealError::OutOfOrder);
                }
                let writer =
                    SpoolWriter::create(&job.spool_dir, &spool_key).map_err(SealError::from_io)?;
                current = Some((writer, name, media_type));
            }
            Piece::Data(bytes) => {
                let (writer, _, _) = current.as_mut().ok_or(SealError::OutOfOrder)?;
                writer.write_all(&bytes).map_err(SealError::from_io)?;
                content.update(&bytes);
            }
            Piece::FileEnd => {
                let (writer, name, media_type) = current.take().ok_or(SealError::OutOfOrder)?;
                // An unused file input arrives as an empty part with no name.
                if name.is_empty() && writer.size() == 0 {
                    continue;
                }
                let (file, size) = writer.finish().map_err(SealError::from_io)?;
                let name = unique_name(&name, &mut names.0);
                spooled.push(Spooled {
                    file,
                    meta: AttachmentMeta {
                        name,
                        size,
                        media_type,
                    },
                });
            }
            Piece::Finish {
                message,
                language,
                conversation,
            } => {
                if current.is_some() {
                    return Err(SealError::OutOfOrder);
                }
                let content = content.finish();
                return build(
                    &job,
                    &ephemeral,
                    message,
                    language,
                    conversation,
                    content,
                    spooled,
                );
            }
        }
    }
    Err(SealError::Abandoned)
}

/// Writes the tip (tip.json, then each spooled file read back through the
/// ephemeral identity) sealed to the newsroom into the store, and commits.
fn build(
    job: &SealJob,
    ephemeral: &Identity,
    mut message: Zeroizing<String>,
    language: &'static str,
    conversation: Option<ConversationKeys>,
    content: [u8; 32],
    spooled: Vec<Spooled>,
) -> Result<TipId, SealError> {
    let mut meta = WipedMeta(TipMeta {
        version: FORMAT_VERSION,
        kind: Kind::Tip,
        encrypted_by: EncryptedBy::ServerSealed,
        language: language.to_owned(),
        // Moved, not copied: the wiped buffer becomes the field.
        message: std::mem::take(&mut *message),
        attachments: spooled.iter().map(|s| s.meta.clone()).collect(),
        mailbox: None,
        reply_recipient: None,
        followup_key: None,
        followup_proof: None,
    });
    if let Some(keys) = &conversation {
        let meta = &mut meta.0;
        meta.kind = keys.kind;
        meta.mailbox = Some(keys.mailbox.clone());
        meta.reply_recipient = Some(keys.reply_recipient.clone());
        match keys.kind {
            Kind::Followup => {
                meta.followup_proof = Some(PROOF_PLACEHOLDER.to_owned());
                let json = meta.to_json();
                meta.followup_proof = Some(keys.followup_key.prove(&json, &content));
            }
            _ => meta.followup_key = Some(keys.followup_key.to_hex().to_string()),
        }
    }
    let upload = job.store.begin().map_err(SealError::Store)?;
    let sealed = Encryptor::new(upload, &job.recipients).map_err(SealError::Envelope)?;
    let mut container = TipWriter::new(sealed, &meta.0).map_err(SealError::from_io)?;
    drop(meta);
    for attachment in &spooled {
        let file = File::open(attachment.file.path()).map_err(SealError::Spool)?;
        let mut plaintext = Decryptor::new(BufReader::new(file), std::slice::from_ref(ephemeral))
            .map_err(SealError::Envelope)?;
        container
            .append_file(&attachment.meta.name, attachment.meta.size, &mut plaintext)
            .map_err(SealError::from_io)?;
        // Reading to the end authenticates the spool's final chunk.
        let mut extra = [0u8; 1];
        if plaintext.read(&mut extra).map_err(SealError::from_io)? != 0 {
            return Err(SealError::SpoolDamaged);
        }
    }
    let sealed = container.finish().map_err(SealError::from_io)?;
    let upload = sealed.finish().map_err(SealError::from_io)?;
    upload.commit().map_err(SealError::Store)
}

/// The sanitised `name`, made unique among `taken` (two attachments called
/// `report.pdf` become `report.pdf` and `2-report.pdf`: a container with a
/// duplicate entry would be refused by the reader). `taken` holds the names
/// in lower case: the writer refuses `Report.pdf` beside `report.pdf`, as a
/// case-insensitive file system would see one file.
fn unique_name(name: &str, taken: &mut HashSet<String>) -> String {
    let is_taken = |candidate: &str| taken.contains(&candidate.to_lowercase());
    let base = sanitize_name(name);
    let mut candidate = base.clone();
    let mut n = 1u32;
    while is_taken(&candidate) {
        n += 1;
        candidate = sanitize_name(&format!("{n}-{base}"));
        if is_taken(&candidate) {
            // `base` fills the whole length limit and the prefix was cut.
            candidate = format!("file-{n}");
        }
    }
    taken.insert(candidate.to_lowercase());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_file_names_become_distinct_entries() {
        let mut taken = HashSet::new();
        let first = unique_name("report.pdf", &mut taken);
        let second = unique_name("report.pdf", &mut taken);
        let third = unique_name("report.pdf", &mut taken);
        assert_eq!(first, "report.pdf");
        assert_ne!(first, second);
        assert_ne!(second, third);
        assert_ne!(first, third);
    }

    #[test]
    fn names_differing_only_in_case_become_distinct_entries() {
        // The writer refuses such a pair (a 500 for the source, once).
        let mut taken = HashSet::new();
        let first = unique_name("Report.pdf", &mut taken);
        let second = unique_name("report.pdf", &mut taken);
        let third = unique_name("2-REPORT.pdf", &mut taken);
        let lower: HashSet<_> = [&first, &second, &third]
            .iter()
            .map(|name| name.to_lowercase())
            .collect();
        assert_eq!(lower.len(), 3, "{first} {second} {third}");
    }

    #[test]
    fn duplicate_names_at_the_length_limit_still_terminate_distinct() {
        let long = "x".repeat(300);
        let mut taken = HashSet::new();
        let names: HashSet<_> = (0..5).map(|_| unique_name(&long, &mut taken)).collect();
        assert_eq!(names.len(), 5);
    }
}
