//! `tipbox submit`: build the tip container and encrypt it on the source's
//! own machine, then upload only ciphertext.
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::PathBuf;
use std::sync::mpsc;

use serde::Deserialize;

use super::http::{check, Connection};
use super::ClientError;
use crate::envelope::{Encryptor, Recipient};
use crate::tip::{self, AttachmentMeta, EncryptedBy, Kind, TipMeta, TipWriter};

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
}

#[derive(Deserialize)]
struct RecipientsAnswer {
    recipients: Vec<String>,
}

/// Fetches the newsroom keys, checks them against the pinned ones, and
/// uploads the sealed tip. `on_keys` is called with the keys before anything
/// is sent, so the source sees the fingerprints.
pub fn submit(
    connection: &Connection,
    submission: &Submission,
    on_keys: &mut dyn FnMut(&[Recipient]),
) -> Result<SubmitReport, ClientError> {
    let recipients = fetch_recipients(connection)?;
    on_keys(&recipients);
    if !submission.pinned.is_empty() && !same_keys(&submission.pinned, &recipients) {
        return Err(ClientError::PinMismatch);
    }

    let meta = tip_meta(submission)?;
    // The container is sealed on a second thread straight into the request
    // body: memory stays bounded whatever the file sizes.
    let (body_reader, mut body_writer) = body_channel();
    let sealer = {
        let recipients = recipients.clone();
        let files = submission.files.clone();
        std::thread::spawn(move || {
            let sealed = seal_container(&mut body_writer, &recipients, &meta, &files);
            if sealed.is_err() {
                // Make the request fail rather than end: a body that just
                // stopped would look like a complete (truncated) upload.
                body_writer.abort();
            }
            sealed
        })
    };
    let sent = connection
        .client()
        .post(connection.url("api/v1/tips"))
        .header("Content-Type", "application/octet-stream")
        .body(reqwest::blocking::Body::new(body_reader))
        .send();
    let sealed = sealer.join().expect("the sealing thread does not panic");
    // A local failure (an unreadable file) explains a broken upload better
    // than the network error it caused.
    sealed?;
    check(sent?)?;
    Ok(SubmitReport { recipients })
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
            let size = std::fs::metadata(path)
                .map_err(|source| ClientError::Read {
                    path: path.clone(),
                    source,
                })?
                .len();
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
    })
}

fn seal_container(
    out: &mut BodyWriter,
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

/// The sending half of a request body fed from another thread.
struct BodyWriter(Option<mpsc::SyncSender<io::Result<Vec<u8>>>>);

/// The request body: chunks from the [`BodyWriter`], an error if it aborted.
struct BodyReader {
    chunks: mpsc::Receiver<io::Result<Vec<u8>>>,
    current: io::Cursor<Vec<u8>>,
}

/// A bounded channel: at most a few chunks of ciphertext wait in memory.
fn body_channel() -> (BodyReader, BodyWriter) {
    let (sender, chunks) = mpsc::sync_channel(4);
    let reader = BodyReader {
        chunks,
        current: io::Cursor::new(Vec::new()),
    };
    (reader, BodyWriter(Some(sender)))
}

impl BodyWriter {
    fn abort(&mut self) {
        if let Some(sender) = self.0.take() {
            let _ = sender.send(Err(io::Error::other("sealing the tip failed")));
        }
    }
}

impl Write for BodyWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let sender = self.0.as_ref().ok_or(io::ErrorKind::BrokenPipe)?;
        sender
            .send(Ok(buf.to_vec()))
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.current.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            match self.chunks.recv() {
                Ok(Ok(chunk)) => self.current = io::Cursor::new(chunk),
                Ok(Err(err)) => return Err(err),
                // The writer finished and hung up: the body is complete.
                Err(mpsc::RecvError) => return Ok(0),
            }
        }
    }
}
