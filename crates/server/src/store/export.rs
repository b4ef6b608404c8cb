//! Exports whose bytes can be made again, so that `GET /v1/export` can
//! answer a `Range` after a broken download (a stalled Tor circuit) instead
//! of sending the whole bundle anew.
//!
//! A bundle's bytes are fixed by its manifest: tar headers carry no time or
//! owner, tips and replies never change once stored. So an export is made
//! again from its recorded listing (the tips it listed) and the replies
//! stored now; its [`PreparedExport::tag`] (the export id and a SHA-256 of
//! the manifest) matches the first one's only when every byte does. A tip
//! removed or a reply added meanwhile changes the manifest, and the server
//! then sends a fresh export in full.
use std::io::{self, Write};

use sha2::{Digest, Sha256};

use super::{decode_record, key, ReplyRecord, Store, StoreError, TipRecord, TIP};
use tipbox_core::bundle::{
    bundle_len, BundleWriter, ExportId, Manifest, ManifestEntry, ReplyEntry,
};
use tipbox_core::conversation::MailboxId;

/// An export ready to be written, from any byte on.
pub struct PreparedExport {
    manifest: Manifest,
    records: Vec<TipRecord>,
    replies: Vec<(MailboxId, ReplyRecord)>,
    len: u64,
}

impl PreparedExport {
    /// The bundle's length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// A strong validator (the HTTP `ETag`, without quotes): the export id,
    /// then the first 16 bytes of the manifest's SHA-256, in hex.
    pub fn tag(&self) -> String {
        let json = serde_json::to_vec_pretty(&self.manifest).expect("a manifest serializes");
        let digest = Sha256::digest(&json);
        let export = self
            .manifest
            .export_id
            .map(|id| id.to_string())
            .unwrap_or_default();
        format!("{export}-{}", hex::encode(&digest[..16]))
    }
}

impl Store {
    /// A new export of every committed tip and stored reply, its listing
    /// recorded for [`Store::confirm_export`].
    pub fn prepare_export(&self) -> Result<PreparedExport, StoreError> {
        let records = self.list()?;
        let export = ExportId::random();
        let made = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
        let mut listed = made.to_be_bytes().to_vec();
        listed.extend(records.iter().flat_map(|r| r.id.0));
        self.forget_old_exports()?;
        self.inner.db.insert(super::export_key(&export), listed)?;
        self.prepare(records, self.all_replies()?, Some(export))
    }

    /// The export `tag` names, made again, if it still has exactly the
    /// same bytes; `None` when the export is forgotten or confirmed, or
    /// its tips or the replies changed.
    pub fn prepare_export_again(&self, tag: &str) -> Result<Option<PreparedExport>, StoreError> {
        let Some(export) = tag
            .split_once('-')
            .and_then(|(id, _)| id.parse::<ExportId>().ok())
        else {
            return Ok(None);
        };
        let listed = match self.export_listing(&export) {
            Ok(listed) => listed,
            Err(StoreError::UnknownExport) => return Ok(None),
            Err(err) => return Err(err),
        };
        let mut records = Vec::with_capacity(listed.len());
        for id in listed {
            match self.inner.db.get(key(TIP, &id))? {
                Some(value) => records.push(decode_record(id, &value)?),
                None => return Ok(None),
            }
        }
        let again = self.prepare(records, self.all_replies()?, Some(export))?;
        Ok((again.tag() == tag).then_some(again))
    }

    /// Builds the manifest of a bundle of `records` and `replies`.
    pub(super) fn prepare(
        &self,
        records: Vec<TipRecord>,
        replies: Vec<(MailboxId, ReplyRecord)>,
        export_id: Option<ExportId>,
    ) -> Result<PreparedExport, StoreError> {
        let all_key_sets = self.key_sets()?;
        let mut key_sets = std::collections::BTreeMap::new();
        let mut tips = Vec::with_capacity(records.len());
        for record in &records {
            let key_set = self.key_set_of(&record.id)?;
            if let Some(id) = key_set {
                let recipients = all_key_sets
                    .get(&id)
                    .ok_or(StoreError::Corrupt("a tip names an unknown key set"))?;
                key_sets.insert(id, recipients.clone());
            }
            tips.push(ManifestEntry {
                id: record.id,
                received: record.received.clone(),
                size: record.size,
                key_set,
            });
        }
        let manifest = Manifest {
            version: 1,
            export_id,
            tips,
            key_sets,
            replies: replies
                .iter()
                .map(|(mailbox, r)| ReplyEntry {
                    id: r.id,
                    mailbox: *mailbox,
                    created: r.created.clone(),
                    size: r.size,
                })
                .collect(),
        };
        let len = bundle_len(&manifest)?;
        Ok(PreparedExport {
            manifest,
            records,
            replies,
            len,
        })
    }

    /// Writes `export`'s bytes from byte `from` on to `out`, reading one
    /// buffer at a time. Tips and replies wholly before `from` are not read
    /// (their bytes would be dropped anyway).
    pub fn write_export<W: Write>(
        &self,
        export: &PreparedExport,
        out: W,
        from: u64,
    ) -> Result<W, StoreError> {
        let mut out = SkipFirst {
            inner: out,
            skip: from,
            position: 0,
        };
        let mut bundle = BundleWriter::new(&mut out, &export.manifest)?;
        let skipped = |position: u64, size: u64| {
            position + 512 + size + tipbox_core::ustar::padding_after(size) <= from
        };
        for record in &export.records {
            let position = bundle_position(&bundle);
            if skipped(position, record.size) {
                bundle.append_tip(record.id, record.size, &mut io::repeat(0))?;
                continue;
            }
            let (_, mut reader) = self.read(&record.id)?;
            bundle.append_tip(record.id, record.size, &mut reader)?;
        }
        for (mailbox, reply) in &export.replies {
            let position = bundle_position(&bundle);
            if skipped(position, reply.size) {
                bundle.append_reply(reply.id, reply.size, &mut io::repeat(0))?;
                continue;
            }
            // A reply deleted by its source after the listing above is
            // exported as listed: the export is a consistent snapshot of
            // what was there when it started, or it fails.
            let body = self
                .reply(mailbox, &reply.id)?
                .ok_or(StoreError::NotFound)?;
            bundle.append_reply(reply.id, reply.size, &mut body.as_slice())?;
        }
        bundle.finish()?;
        Ok(out.inner)
    }
}

fn bundle_position<W: Write>(bundle: &BundleWriter<&mut SkipFirst<W>>) -> u64 {
    bundle.get_ref().position
}

/// Drops the first `skip` bytes written through it.
struct SkipFirst<W> {
    inner: W,
    skip: u64,
    position: u64,
}

impl<W: Write> Write for SkipFirst<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let dropped = self
            .skip
            .saturating_sub(self.position)
            .min(buf.len() as u64) as usize;
        if dropped > 0 {
            self.position += dropped as u64;
            return Ok(dropped);
        }
        let n = self.inner.write(buf)?;
        self.position += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
