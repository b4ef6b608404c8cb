//! `tipbox-decrypt open`: an export bundle or a single tip into one folder per
//! tip; the newsroom's earlier replies in the bundle open the same way, so the
//! summary and the reading desk show whole conversations.
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use super::desk::{write_index, EntryRecord, ENTRY_FILE};
use super::output::PartialDir;
use super::raw::copy_plaintext;
use super::OfflineError;
use crate::bundle::BundleReader;
use crate::envelope::{self, Decryptor, Identity};
use crate::tip::{self, ExtractError, TipMeta};

/// One tip written to the output folder.
#[derive(Debug)]
pub struct OpenedTip {
    /// The tip's id (bundle) or the input file's name (single tip).
    pub name: String,
    /// Coarsened arrival date, when the bundle's manifest gives it.
    pub received: Option<String>,
    /// Ciphertext size in bytes.
    pub size: u64,
    /// `None` when the plaintext was not a tipbox container (kept whole as one file).
    pub meta: Option<TipMeta>,
    pub folder: PathBuf,
    /// Disagreements between `tip.json` and the files found.
    pub warnings: Vec<String>,
}

/// What `open` did: tips that opened, and tips that failed (with why).
/// One damaged tip does not stop the others.
#[derive(Debug, Default)]
pub struct OpenReport {
    pub opened: Vec<OpenedTip>,
    pub failed: Vec<(String, OfflineError)>,
}

/// Opens `input` (an age file or an export bundle) into `out_dir`, which is
/// created if missing. Each tip's folder appears only after its whole
/// payload authenticated; existing folders are never touched.
pub fn open(
    identities: &[Identity],
    input: &Path,
    out_dir: &Path,
) -> Result<OpenReport, OfflineError> {
    let mut reader = BufReader::new(File::open(input).map_err(OfflineError::read(input))?);
    let is_age = {
        let start = io::BufRead::fill_buf(&mut reader).map_err(OfflineError::read(input))?;
        start.starts_with(b"age-encryption.org/")
    };
    std::fs::create_dir_all(out_dir).map_err(OfflineError::write(out_dir))?;

    let mut report = OpenReport::default();
    if is_age {
        let size = std::fs::metadata(input)
            .map_err(OfflineError::read(input))?
            .len();
        let name = folder_name_for_file(input);
        let record = EntryRecord {
            id: name.clone(),
            received: None,
            size,
        };
        match open_one(identities, &mut reader, out_dir, &record) {
            Ok((meta, warnings)) => report.opened.push(OpenedTip {
                folder: out_dir.join(&name),
                name,
                received: None,
                size,
                meta,
                warnings,
            }),
            // A single tip that fails is the command's failure.
            Err(err) => return Err(err),
        }
        write_index(out_dir)?;
        return Ok(report);
    }

    let bundle = BundleReader::new(reader)?;
    // Tips and replies open the same way (a reply is a container encrypted
    // to the newsroom too); both visitors fill one report.
    let report = std::cell::RefCell::new(report);
    let open_entry = |name: String, received: &str, size: u64, ciphertext: &mut dyn Read| {
        let record = EntryRecord {
            id: name.clone(),
            received: Some(received.to_owned()),
            size,
        };
        match open_one(identities, ciphertext, out_dir, &record) {
            Ok((meta, warnings)) => report.borrow_mut().opened.push(OpenedTip {
                folder: out_dir.join(&name),
                name,
                received: Some(received.to_owned()),
                size,
                meta,
                warnings,
            }),
            Err(err) => {
                // Skip the rest of this entry so the bundle reader can go on.
                io::copy(ciphertext, &mut io::sink())?;
                report.borrow_mut().failed.push((name, err));
            }
        }
        Ok(())
    };
    bundle.for_each_entry(
        &mut |entry, ciphertext| {
            open_entry(
                entry.id.to_string(),
                &entry.received,
                entry.size,
                ciphertext,
            )
        },
        &mut |entry, ciphertext| {
            open_entry(entry.id.to_string(), &entry.created, entry.size, ciphertext)
        },
    )?;
    write_index(out_dir)?;
    Ok(report.into_inner())
}

/// Decrypts one tip into a hidden temporary folder, reads the payload to its
/// authenticated end, then moves the folder to `out_dir/name`.
fn open_one(
    identities: &[Identity],
    ciphertext: &mut dyn Read,
    out_dir: &Path,
    record: &EntryRecord,
) -> Result<(Option<TipMeta>, Vec<String>), OfflineError> {
    let dest = out_dir.join(&record.id);
    if dest.symlink_metadata().is_ok() {
        return Err(OfflineError::Exists(dest));
    }
    let partial = PartialDir::create_in(out_dir)?;
    let mut plaintext = Decryptor::new(ciphertext, identities)?;
    let extracted = tip::extract(&mut plaintext, partial.path(), &tip::Limits::default())
        .map_err(decryption_first)?;
    // The container reader may stop at its padding; the tip is only released
    // once the final STREAM chunk has authenticated.
    copy_plaintext(&mut plaintext, &mut io::sink(), partial.path())?;
    let record_path = partial.path().join(ENTRY_FILE);
    let record_json = serde_json::to_vec_pretty(record).expect("a record always serialises");
    std::fs::write(&record_path, record_json).map_err(OfflineError::write(&record_path))?;
    // What each attachment gives away, beside it (item: metadata report).
    super::metadata::write_report(partial.path())?;
    partial.persist(&dest)?;
    Ok((extracted.meta, extracted.warnings))
}

/// A read error inside the container reader is usually the envelope saying
/// the ciphertext is damaged: report that, not a container error.
fn decryption_first(err: ExtractError) -> OfflineError {
    match err {
        ExtractError::Io(io_err) => match envelope::Error::from_io(io_err) {
            envelope::Error::Io(plain) => OfflineError::Extract(ExtractError::Io(plain)),
            envelope_err => OfflineError::Decrypt(envelope_err),
        },
        other => OfflineError::Extract(other),
    }
}

/// The folder name for a single tip: its file name without `.age`, sanitised.
fn folder_name_for_file(input: &Path) -> String {
    let stem = input
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.strip_suffix(".age").unwrap_or(&stem);
    let name = tip::sanitize_name(stem);
    // The reading desk's page lives beside the tip folders.
    if name.eq_ignore_ascii_case(super::desk::INDEX_FILE) {
        format!("tip-{name}")
    } else {
        name
    }
}
