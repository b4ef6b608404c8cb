//! `tipbox-decrypt reply`: a reply to a source, composed on the air-gapped
//! machine and appended to an outgoing bundle for `tipbox push`.
//!
//! The reply is a tip container with `kind = reply` and the source's
//! `mailbox`, encrypted to the source's reply recipient (from the opened
//! tip's `tip.json`) and to every newsroom recipient of the identities
//! given, so that the newsroom can read its own replies in later exports.
//!
//! Only an entry the desk verified is answered (a conversation's first tip,
//! or a follow-up whose proof checks, see [`super::verify`]): answering a
//! forged follow-up would encrypt the newsroom's words to the forger. Each
//! reply composed is recorded in the desk's `sent-replies.json`, so that it
//! shows as "Our reply" when it comes back in an export.
use std::fs::{self, File};
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use super::desk::desk_standings;
use super::sent::SentReplies;
use super::verify::Standing;
use super::OfflineError;
use tipbox_core::bundle::{read_outgoing, write_outgoing, OutgoingReply, ReplyId};
use tipbox_core::conversation::MailboxId;
use tipbox_core::envelope::{Encryptor, Identity, Recipient};
use tipbox_core::output::{parent_of, AtomicFile};
use tipbox_core::tip::{
    sanitize_name, AttachmentMeta, EncryptedBy, Kind, TipMeta, TipWriter, FORMAT_VERSION,
};

/// What to reply, to whom, and where the outgoing bundle is.
pub struct ReplyRequest<'a> {
    pub identities: &'a [Identity],
    /// A tip folder written by `tipbox-decrypt open`.
    pub tip_dir: &'a Path,
    pub message: String,
    pub files: &'a [PathBuf],
    /// The outgoing bundle: created, or appended to.
    pub outgoing: &'a Path,
}

/// Encrypts the reply and appends it to the outgoing bundle; returns its id.
pub fn compose_reply(request: &ReplyRequest<'_>) -> Result<ReplyId, OfflineError> {
    let meta_path = request.tip_dir.join("tip.json");
    let meta_text = fs::read(&meta_path).map_err(OfflineError::read(&meta_path))?;
    let tip: TipMeta = serde_json::from_slice(&meta_text)
        .map_err(|_| OfflineError::NotReplyable(request.tip_dir.to_owned()))?;
    let (Some(mailbox), Some(reply_recipient)) = (&tip.mailbox, &tip.reply_recipient) else {
        return Err(OfflineError::NotReplyable(request.tip_dir.to_owned()));
    };
    let mailbox: MailboxId = mailbox
        .parse()
        .map_err(|_| OfflineError::NotReplyable(request.tip_dir.to_owned()))?;
    let reply_recipient: Recipient = reply_recipient
        .parse()
        .map_err(|_| OfflineError::NotReplyable(request.tip_dir.to_owned()))?;
    // The reading desk a tip folder belongs to: its parent folder.
    let desk = parent_of(request.tip_dir);
    let folder = request
        .tip_dir
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    match desk_standings(desk)?.get(&folder) {
        Some(Standing::Verified) => {}
        Some(Standing::Unverified(reason)) => {
            return Err(OfflineError::Unverified(
                request.tip_dir.to_owned(),
                reason.clone(),
            ))
        }
        None => return Err(OfflineError::NotReplyable(request.tip_dir.to_owned())),
    }

    let mut attachments = Vec::new();
    for path in request.files {
        let size = fs::metadata(path).map_err(OfflineError::read(path))?.len();
        let name = path
            .file_name()
            .map(|n| sanitize_name(&n.to_string_lossy()))
            .unwrap_or_else(|| sanitize_name(""));
        attachments.push(AttachmentMeta {
            name,
            size,
            media_type: "application/octet-stream".into(),
        });
    }
    let meta = TipMeta {
        version: FORMAT_VERSION,
        kind: Kind::Reply,
        encrypted_by: EncryptedBy::Cli,
        language: tip.language.clone(),
        message: request.message.clone(),
        attachments,
        mailbox: Some(mailbox.to_string()),
        reply_recipient: None,
        followup_key: None,
        followup_proof: None,
    };
    let mut recipients = vec![reply_recipient];
    recipients.extend(request.identities.iter().map(Identity::to_public));
    let ciphertext =
        seal(&meta, request.files, &recipients).map_err(OfflineError::write(request.outgoing))?;

    let mut replies = if request.outgoing.exists() {
        let file = File::open(request.outgoing).map_err(OfflineError::read(request.outgoing))?;
        read_outgoing(BufReader::new(file), u64::MAX)
            .map_err(|e| OfflineError::BadOutgoing(request.outgoing.to_owned(), e.to_string()))?
    } else {
        Vec::new()
    };
    let id = ReplyId::random();
    let reply = OutgoingReply::new(id, mailbox, ciphertext);
    // Recorded before it is written: a record without a reply is harmless,
    // a reply without a record would come back as "unverified".
    SentReplies::record(desk, &reply.entry)?;
    replies.push(reply);
    let mut out = AtomicFile::for_replacing(request.outgoing)?;
    write_outgoing(out.writer(), &replies)
        .and_then(|file| file.flush())
        .map_err(OfflineError::write(request.outgoing))?;
    out.replace()?;
    Ok(id)
}

/// The container, encrypted. Replies are small (the server bounds them), so
/// the ciphertext is held in memory until it is written into the bundle.
fn seal(meta: &TipMeta, files: &[PathBuf], recipients: &[Recipient]) -> std::io::Result<Vec<u8>> {
    // A codename's reply key is hybrid, but a conversation begun before
    // that names an X25519 one (and a newsroom may keep classic keys): the
    // reply must open with the key the tip names, so the types may mix. Such
    // a reply is as strong as its classic stanza (see
    // `Encryptor::with_mixed_recipients`).
    let encryptor =
        Encryptor::with_mixed_recipients(Vec::new(), recipients).map_err(std::io::Error::other)?;
    let mut container = TipWriter::new(encryptor, meta)?;
    for (path, attachment) in files.iter().zip(&meta.attachments) {
        let mut file = File::open(path)?;
        container.append_file(&attachment.name, attachment.size, &mut file)?;
    }
    let encryptor = container.finish()?;
    encryptor.finish()
}
