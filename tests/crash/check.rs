//! The final check: every tip in the export decrypts whole and is exactly a
//! submission that was sent, at most once; every acknowledged submission is
//! among them.
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use tipbox::bundle::BundleReader;
use tipbox::envelope::Identity;
use tipbox::tip;

use crate::content;
use crate::submitters::{Ledger, Path as Way};

pub struct Report {
    /// Acknowledged submissions found in the export.
    pub recovered: usize,
    /// Acknowledged submissions missing from it.
    pub lost: Vec<u64>,
    /// Whole submissions stored whose answer the kill cut (allowed: the
    /// server committed, the client never heard).
    pub unacknowledged_stored: usize,
    /// Tips that are not whole, sent submissions, or appear twice.
    pub problems: Vec<String>,
}

pub fn check_export(bundle: &Path, identity: &Identity, ledger: &Ledger) -> Report {
    let identity: age::x25519::Identity = identity.to_encoded().as_str().parse().unwrap();
    let identity = &identity;
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    let reader = BundleReader::new(BufReader::new(File::open(bundle).unwrap()))
        .expect("the export is a valid bundle");
    reader
        .for_each_tip(&mut |entry, ciphertext| {
            match identify(ciphertext, identity, ledger) {
                Ok(id) if !seen.insert(id) => {
                    problems.push(format!("tip {}: submission {id} stored twice", entry.id))
                }
                Ok(_) => {}
                Err(problem) => problems.push(format!("tip {}: {problem}", entry.id)),
            }
            Ok(())
        })
        .expect("every tip the manifest lists is in the bundle");
    let acknowledged = ledger.acknowledged();
    let mut lost: Vec<u64> = acknowledged.difference(&seen).copied().collect();
    lost.sort();
    Report {
        recovered: acknowledged.intersection(&seen).count(),
        lost,
        unacknowledged_stored: seen.difference(&acknowledged).count(),
        problems,
    }
}

/// Decrypts a stored tip and names the sent submission it equals.
fn identify(
    ciphertext: &mut dyn Read,
    identity: &age::x25519::Identity,
    ledger: &Ledger,
) -> Result<u64, String> {
    // The `age` crate decrypts: the design promises that stock age opens
    // every stored tip, and it is optimised in test builds.
    let mut plaintext = Vec::new();
    age::Decryptor::new(ciphertext)
        .and_then(|decryptor| decryptor.decrypt(std::iter::once(identity as &dyn age::Identity)))
        .map_err(|e| format!("header does not open: {e}"))?
        .read_to_end(&mut plaintext)
        .map_err(|e| format!("does not decrypt whole: {e}"))?;
    // A ciphertext submission's plaintext is the content itself; a
    // no-JavaScript one is a tip container the server built around it.
    let (id, content, way) = match content::submission_id(&plaintext) {
        Some(id) => (id, plaintext, Way::Api),
        None => from_container(&plaintext)?,
    };
    let sent = ledger
        .sent(id)
        .ok_or_else(|| format!("names submission {id}, which was never sent"))?;
    let expected_way = if sent.path == Way::NoJs {
        Way::NoJs
    } else {
        Way::Api
    };
    if way != expected_way {
        return Err(format!("submission {id} arrived in the wrong form"));
    }
    if content != content::plaintext(id, sent.len) {
        return Err(format!("submission {id} differs from what was sent"));
    }
    Ok(id)
}

/// The submission number and file content of a server-sealed container.
fn from_container(plaintext: &[u8]) -> Result<(u64, Vec<u8>, Way), String> {
    let out = tempfile::tempdir().unwrap();
    let extracted = tip::extract(&mut &plaintext[..], out.path(), &tip::Limits::default())
        .map_err(|e| format!("not a readable container: {e}"))?;
    let meta = extracted
        .meta
        .ok_or("neither a submission's content nor a tip container")?;
    let id = content::submission_id(meta.message.as_bytes())
        .ok_or("a container whose message names no submission")?;
    let [attachment] = &meta.attachments[..] else {
        return Err(format!(
            "submission {id}: {} attachments, not 1",
            meta.attachments.len()
        ));
    };
    let file = std::fs::read(out.path().join("files").join(&attachment.name))
        .map_err(|e| format!("submission {id}: attachment: {e}"))?;
    Ok((id, file, Way::NoJs))
}
