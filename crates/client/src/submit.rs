//! `tipbox submit`: build the tip container and encrypt it on the source's
//! own machine, then upload only ciphertext, in parts that survive a broken
//! Tor circuit ([`super::upload`]).
use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::PathBuf;
use std::sync::mpsc;

use serde::Deserialize;

use super::http::{check, Connection};
use super::upload::{ResumableUpload, RetryPolicy, Retrying};
use super::ClientError;
use tipbox_core::envelope::{self, Encryptor, Recipient};
use tipbox_core::tip::{self, AttachmentMeta, EncryptedBy, Kind, TipMeta, TipWriter};

/// What the source wants to send.
pub struct Submission {
    pub message: String,
    pub files: Vec<PathBuf>,
    /// The recipients the source pinned (`--recipient`); when given, the
    /// server's keys must be exactly these.
    pub pinned: Vec<Recipient>,
    pub language: String,
}

/// What happened, for the source to read.
#[derive(Debug)]
pub struct SubmitReport {
    /// The newsroom keys the tip was encrypted to.
    pub recipients: Vec<Recipient>,
    /// Ciphertext bytes uploaded.
    pub size: u64,
    /// Requests that failed and were retried.
    pub retries: u32,
}

#[derive(Deserialize)]
struct RecipientsAnswer {
    recipients: Vec<String>,
}

/// Fetches the newsroom keys, checks them against the pinned ones, and
/// uploads the sealed tip with the default [`RetryPolicy`] and no progress
/// display. `on_keys` is called with the keys before anything is sent, so
/// the source sees the fingerprints.
pub fn submit(
    connection: &Connection,
    submission: &Submission,
    on_keys: &mut dyn FnMut(&[Recipient]),
) -> Result<SubmitReport, ClientError> {
    submit_with(
        connection,
        submission,
        &RetryPolicy::default(),
        on_keys,
        &mut |_| {},
    )
}

/// [`submit`] with a retry policy and a progress callback, called with the
/// ciphertext bytes the server has confirmed so far and the total.
///
/// The tip goes up through the resumable API (`web/PROTOCOL.md`): its
/// ciphertext length is computed from the file sizes before anything is
/// encrypted, the container is sealed on a second thread into parts of the
/// server's part size (at most three parts in memory: one being sealed, one
/// waiting, one in flight), and a broken connection costs at most the part
/// that was in flight.
pub fn submit_with(
    connection: &Connection,
    submission: &Submission,
    retry: &RetryPolicy,
    on_keys: &mut dyn FnMut(&[Recipient]),
    on_progress: &mut dyn FnMut(Progress),
) -> Result<SubmitReport, ClientError> {
    // Local checks first: an empty tip, or a missing or unreadable file,
    // fails before any request goes out (over Tor, that is seconds the
    // source need not wait, and nothing tells the server someone tried).
    if submission.message.trim().is_empty() && submission.files.is_empty() {
        return Err(ClientError::EmptyTip);
    }
    let meta = tip_meta(submission)?;
    let recipients = fetch_recipients(connection)?;
    on_keys(&recipients);
    if !submission.pinned.is_empty() && !same_keys(&submission.pinned, &recipients) {
        return Err(ClientError::PinMismatch);
    }

    let size = envelope::ciphertext_len(&recipients, tip::container_len(&meta));
    let mut upload = ResumableUpload::start(connection, retry, size, &mut |retrying| {
        on_progress(Progress {
            sent: 0,
            total: size,
            retrying: Some(retrying),
        })
    })?;
    let total_parts = size.div_ceil(upload.part_size);
    on_progress(Progress {
        sent: 0,
        total: size,
        retrying: None,
    });

    let (parts, sealed_parts) = mpsc::sync_channel::<Vec<u8>>(1);
    let sealer = {
        let recipients = recipients.clone();
        let files = submission.files.clone();
        let part_size = upload.part_size as usize;
        std::thread::spawn(move || {
            let mut out = PartWriter {
                parts,
                part: Vec::with_capacity(part_size),
                part_size,
                written: 0,
                limit: size,
            };
            seal_container(&mut out, &recipients, &meta, &files)?;
            out.send_last()
        })
    };
    let mut sent = 0u64;
    let mut uploaded = Ok(());
    for n in 0..total_parts {
        // The sealer stopped early: its own result says why.
        let Ok(part) = sealed_parts.recv() else { break };
        let sent_before = sent;
        let mut on_retry = |retrying| {
            on_progress(Progress {
                sent: sent_before,
                total: size,
                retrying: Some(retrying),
            })
        };
        if let Err(err) = upload.send_part(n, &part, &mut on_retry) {
            uploaded = Err(err);
            break;
        }
        sent += part.len() as u64;
        on_progress(Progress {
            sent,
            total: size,
            retrying: None,
        });
    }
    // Hanging up makes a sealer still writing fail instead of blocking.
    drop(sealed_parts);
    let sealed = sealer.join().expect("the sealing thread does not panic");
    uploaded?;
    // A local failure (an unreadable file) explains a short upload better
    // than the missing parts it caused.
    sealed?;
    if sent != size {
        return Err(ClientError::SizeMismatch {
            announced: size,
            sealed: sent,
        });
    }
    upload.finish(&mut |retrying| {
        on_progress(Progress {
            sent,
            total: size,
            retrying: Some(retrying),
        })
    })?;
    Ok(SubmitReport {
        recipients,
        size,
        retries: upload.retries,
    })
}

/// How far an upload is, for a progress bar.
#[derive(Clone, Debug)]
pub struct Progress {
    /// Ciphertext bytes the server confirmed.
    pub sent: u64,
    pub total: u64,
    /// Set while a failed request waits to be tried again.
    pub retrying: Option<Retrying>,
}

fn fetch_recipients(connection: &Connection) -> Result<Vec<Recipient>, ClientError> {
    let answer: RecipientsAnswer = check(
        connection
            .client()
            .get(connection.url("api/v1/recipients"))
            .send()?,
    )?
    .json()
    .map_err(|e| ClientError::BadAnswer(e.to_string()))?;
    let recipients = answer
        .recipients
        .iter()
        .map(|text| text.parse::<Recipient>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ClientError::BadAnswer(e.to_string()))?;
    if recipients.is_empty() {
        return Err(ClientError::NoRecipients);
    }
    Ok(recipients)
}

fn same_keys(pinned: &[Recipient], offered: &[Recipient]) -> bool {
    pinned.len() == offered.len() && offered.iter().all(|key| pinned.contains(key))
}

fn tip_meta(submission: &Submission) -> Result<TipMeta, ClientError> {
    let attachments = submission
        .files
        .iter()
        .map(|path| {
            let read_error = |source| ClientError::Read {
                path: path.clone(),
                source,
            };
            // Opened, not only looked at: a file without read permission
            // fails here, not halfway through the upload.
            let file = File::open(path).map_err(read_error)?;
            let metadata = file.metadata().map_err(read_error)?;
            if !metadata.is_file() {
                return Err(ClientError::NotAFile(path.clone()));
            }
            let size = metadata.len();
            let original = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(AttachmentMeta {
                name: tip::sanitize_name(&original),
                size,
                media_type: media_type_for(&original).to_owned(),
            })
        })
        .collect::<Result<Vec<_>, ClientError>>()?;
    Ok(TipMeta {
        version: tip::FORMAT_VERSION,
        kind: Kind::Tip,
        encrypted_by: EncryptedBy::Cli,
        language: submission.language.clone(),
        message: submission.message.clone(),
        attachments,
        mailbox: None,
        reply_recipient: None,
        followup_key: None,
        followup_proof: None,
    })
}

fn seal_container(
    out: &mut PartWriter,
    recipients: &[Recipient],
    meta: &TipMeta,
    files: &[PathBuf],
) -> Result<(), ClientError> {
    let encryptor = Encryptor::new(io::BufWriter::with_capacity(64 * 1024, out), recipients)?;
    let mut container = TipWriter::new(encryptor, meta)?;
    for (path, attachment) in files.iter().zip(&meta.attachments) {
        let mut content = BufReader::new(File::open(path).map_err(|source| ClientError::Read {
            path: path.clone(),
            source,
        })?);
        container.append_file(&attachment.name, attachment.size, &mut content)?;
    }
    container.finish()?.finish()?.flush()?;
    Ok(())
}

/// The media type a newsroom sees in `tip.json`, from the file's extension
/// only (the content is never inspected on the source's machine).
fn media_type_for(name: &str) -> &'static str {
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        Some("txt") => "text/plain",
        Some("pdf") => "application/pdf",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("mp4") => "video/mp4",
        Some("mp3") => "audio/mpeg",
        Some("zip") => "application/zip",
        Some("csv") => "text/csv",
        Some("doc") => "application/msword",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("odt") => "application/vnd.oasis.opendocument.text",
        _ => "application/octet-stream",
    }
}

/// Cuts the sealed ciphertext into parts of the server's part size and
/// hands them, in order, to the uploading thread.
struct PartWriter {
    parts: mpsc::SyncSender<Vec<u8>>,
    part: Vec<u8>,
    part_size: usize,
    written: u64,
    /// The announced size: sealing more would be refused part by part.
    limit: u64,
}

impl PartWriter {
    fn send_part(&mut self) -> io::Result<()> {
        let full = std::mem::replace(&mut self.part, Vec::with_capacity(self.part_size));
        self.parts
            .send(full)
            // The uploader stopped; its error is the one to report.
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }

    fn send_last(mut self) -> Result<(), ClientError> {
        if !self.part.is_empty() {
            self.send_part()?;
        }
        Ok(())
    }
}

impl Write for PartWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written + buf.len() as u64 > self.limit {
            return Err(io::Error::other(
                "the sealed tip is longer than its computed length",
            ));
        }
        let n = buf.len().min(self.part_size - self.part.len());
        self.part.extend_from_slice(&buf[..n]);
        self.written += n as u64;
        if self.part.len() == self.part_size {
            self.send_part()?;
        }
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
