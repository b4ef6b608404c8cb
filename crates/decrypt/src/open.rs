//! `tipbox-decrypt open`: an export bundle or a single tip into one folder per
//! tip; the newsroom's earlier replies in the bundle open the same way, so the
//! summary and the reading desk show whole conversations.
//!
//! A desk grows: opening the next bundle into the same folder adds the new
//! tips and skips (and names) those already there. Unfinished folders left
//! by an interrupted run are removed first. Everything written is 0600/0700.
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::desk::{write_index, EntryRecord, Standings, ENTRY_FILE};
use super::metadata::FileReport;
use super::raw::copy_plaintext;
use super::OfflineError;
use tipbox_core::bundle::{BundleReader, KeySetId};
use tipbox_core::envelope::{self, Decryptor, Identity};
use tipbox_core::output::{create_private_dir_all, remove_partials, PartialDir};
use tipbox_core::tip::{self, ExtractError, TipMeta};

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
    /// "photo.jpg: camera serial number, GPS position", one per attachment
    /// that gives something away (from its metadata report).
    pub gives_away: Vec<String>,
}

/// What `open` did: tips that opened, tips already in the desk, and tips
/// that failed (with why). One damaged tip does not stop the others.
#[derive(Debug, Default)]
pub struct OpenReport {
    pub opened: Vec<OpenedTip>,
    /// Tips whose folder was already in the output folder (left as it was).
    pub skipped: Vec<String>,
    pub failed: Vec<(String, OfflineError)>,
    /// For tips that no given identity opened: the key sets (from the
    /// manifest) they were checked against on arrival, with their `age1…`
    /// recipients, so the journalist learns once which keys are needed.
    pub needed_key_sets: BTreeMap<KeySetId, Vec<String>>,
    /// Unfinished folders of an earlier, interrupted run that were removed.
    pub removed_partials: usize,
    /// Each entry's standing in its conversation (the whole desk's).
    pub standings: Standings,
    /// The reading desk's page.
    pub index: PathBuf,
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
    create_private_dir_all(out_dir)?;

    let mut report = OpenReport {
        removed_partials: remove_partials(out_dir).map_err(OfflineError::write(out_dir))?,
        index: out_dir.join(super::desk::INDEX_FILE),
        ..OpenReport::default()
    };
    if is_age {
        let size = std::fs::metadata(input)
            .map_err(OfflineError::read(input))?
            .len();
        let name = folder_name_for_file(input);
        let record = EntryRecord::new(name.clone(), None, size);
        match open_one(identities, &mut reader, out_dir, record) {
            Ok(Some(tip)) => report.opened.push(tip),
            Ok(None) => report.skipped.push(name),
            // A single tip that fails is the command's failure.
            Err(err) => return Err(err),
        }
        report.standings = write_index(out_dir)?;
        return Ok(report);
    }

    let bundle = BundleReader::new(reader)?;
    let key_sets = bundle.manifest().key_sets.clone();
    // Tips and replies open the same way (a reply is a container encrypted
    // to the newsroom too); both visitors fill one report.
    let report = std::cell::RefCell::new(report);
    let open_entry = |name: String,
                      received: &str,
                      size: u64,
                      key_set: Option<KeySetId>,
                      ciphertext: &mut dyn Read| {
        let record = EntryRecord::new(name.clone(), Some(received.to_owned()), size);
        match open_one(identities, ciphertext, out_dir, record) {
            Ok(Some(tip)) => report.borrow_mut().opened.push(tip),
            Ok(None) => {
                io::copy(ciphertext, &mut io::sink())?;
                report.borrow_mut().skipped.push(name);
            }
            Err(err) => {
                // Skip the rest of this entry so the bundle reader can go on.
                io::copy(ciphertext, &mut io::sink())?;
                let mut report = report.borrow_mut();
                if super::summary::is_wrong_key(&err) {
                    if let Some((id, recipients)) =
                        key_set.and_then(|id| Some((id, key_sets.get(&id)?.clone())))
                    {
                        report.needed_key_sets.insert(id, recipients);
                    }
                }
                report.failed.push((name, err));
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
                entry.key_set,
                ciphertext,
            )
        },
        &mut |entry, ciphertext| {
            open_entry(
                entry.id.to_string(),
                &entry.created,
                entry.size,
                None,
                ciphertext,
            )
        },
    )?;
    let mut report = report.into_inner();
    report.standings = write_index(out_dir)?;
    Ok(report)
}

impl EntryRecord {
    fn new(id: String, received: Option<String>, size: u64) -> EntryRecord {
        EntryRecord {
            id,
            received,
            size,
            sha256: None,
            content_sha256: None,
            files_match: false,
        }
    }
}

/// A reader that hashes what passes through it (the age file, so that a
/// reply can be matched with the desk's record of what it sent).
struct HashingReader<'a> {
    inner: &'a mut dyn Read,
    hash: Sha256,
}

impl Read for HashingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.hash.update(&buf[..read]);
        Ok(read)
    }
}

/// Decrypts one tip into a hidden temporary folder, reads the payload to its
/// authenticated end, then moves the folder to `out_dir/name`. `None` when
/// the folder is already there (opened by an earlier run): it is left as it
/// is.
fn open_one(
    identities: &[Identity],
    ciphertext: &mut dyn Read,
    out_dir: &Path,
    mut record: EntryRecord,
) -> Result<Option<OpenedTip>, OfflineError> {
    let dest = out_dir.join(&record.id);
    if dest.symlink_metadata().is_ok() {
        return Ok(None);
    }
    let partial = PartialDir::create_in(out_dir)?;
    let mut hashing = HashingReader {
        inner: ciphertext,
        hash: Sha256::new(),
    };
    let mut plaintext = Decryptor::new(&mut hashing, identities)?;
    let extracted = tip::extract(&mut plaintext, partial.path(), &tip::Limits::default())
        .map_err(decryption_first)?;
    // The container reader may stop at its padding; the tip is only released
    // once the final STREAM chunk has authenticated.
    copy_plaintext(&mut plaintext, &mut io::sink(), partial.path())?;
    drop(plaintext);
    // Whatever follows the final chunk belongs to this entry too.
    io::copy(&mut hashing, &mut io::sink()).map_err(OfflineError::read(&dest))?;
    record.sha256 = Some(hex::encode(hashing.hash.finalize()));
    record.content_sha256 = Some(hex::encode(extracted.content_digest));
    record.files_match = extracted.meta.is_some() && extracted.warnings.is_empty();
    let record_json = serde_json::to_vec_pretty(&record).expect("a record always serialises");
    partial.write_new(ENTRY_FILE, &record_json)?;
    // What each attachment gives away, beside it (item: metadata report).
    let metadata = super::metadata::write_report(&partial)?;
    partial.persist(&dest)?;
    Ok(Some(OpenedTip {
        name: record.id,
        received: record.received,
        size: record.size,
        meta: extracted.meta,
        folder: dest,
        warnings: extracted.warnings,
        gives_away: metadata
            .files
            .iter()
            .filter_map(FileReport::summary)
            .collect(),
    }))
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
