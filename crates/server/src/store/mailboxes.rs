//! Mailboxes and the replies filed under them (two-way conversations).
//!
//! Keys, in the store's one sled tree:
//!
//! | key | value |
//! | --- | --- |
//! | `m` mailbox (32) | creation date `YYYY-MM-DD` |
//! | `r` mailbox (32) reply id (16) | size (u64 BE) then the date |
//! | `b` mailbox (32) reply id (16) | the reply's age file (at most `max_reply_bytes`) |
//! | `s` reply id (16) | empty: this id was accepted once (never removed) |
//!
//! A mailbox is `SHA-256(token)`: the store never sees a token or codename,
//! and nothing here links a mailbox to a stored tip. Within an arrival
//! window sled's log holds a no-JavaScript tip's mailbox record just before
//! its tip record; the window's sweep rewrites sled in random order
//! ([`Store::sweep`]), after which records sit in key order: nothing on disk
//! puts a mailbox next to its tip.
//!
//! Attacks and failures this answers:
//! - *Replay*: an outgoing bundle pushed twice is refused by its ids, even
//!   after the source deleted the replies (the `s` set is never pruned).
//! - *Half-stored pushes*: [`Store::file_replies`] checks every reply, then
//!   writes them all in one atomic sled batch and flushes before answering.
//! - *A push racing a deletion*: mailbox writes are serialised by one lock,
//!   so a reply is never filed under a mailbox deleted a moment before.
//! - *Record floods*: random tokens once created mailboxes without limit,
//!   outside the storage cap. Mailboxes are counted, and past
//!   [`Store::limit_mailboxes`] a new one is refused
//!   ([`StoreError::MailboxesFull`]); existing ones open as before.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::MutexGuard;

use super::{received_today, Store, StoreError};
use tipbox_core::bundle::ReplyId;
use tipbox_core::conversation::MailboxId;

const MAILBOX: u8 = b'm';
const REPLY: u8 = b'r';
const REPLY_BODY: u8 = b'b';
const SEEN_REPLY: u8 = b's';

/// What the source (and the newsroom's export) sees about a reply.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ReplyRecord {
    pub id: ReplyId,
    /// Date the server accepted it, coarsened: `YYYY-MM-DD`.
    pub created: String,
    /// Ciphertext size in bytes.
    pub size: u64,
}

/// A reply about to be filed: checked by the caller (size, hash, header).
pub struct NewReply {
    pub id: ReplyId,
    pub mailbox: MailboxId,
    pub ciphertext: Vec<u8>,
}

/// Why a push of replies was refused; nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum FileRepliesError {
    #[error("unknown mailbox for reply {0} (the source may have deleted it)")]
    UnknownMailbox(ReplyId),
    #[error("reply {0} was already accepted once; refusing the replay")]
    Replayed(ReplyId),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn mailbox_key(mailbox: &MailboxId) -> [u8; 33] {
    let mut key = [0; 33];
    key[0] = MAILBOX;
    key[1..].copy_from_slice(&mailbox.0);
    key
}

fn reply_key(kind: u8, mailbox: &MailboxId, id: &ReplyId) -> [u8; 49] {
    let mut key = [0; 49];
    key[0] = kind;
    key[1..33].copy_from_slice(&mailbox.0);
    key[33..].copy_from_slice(&id.0);
    key
}

fn seen_key(id: &ReplyId) -> [u8; 17] {
    let mut key = [0; 17];
    key[0] = SEEN_REPLY;
    key[1..].copy_from_slice(&id.0);
    key
}

fn decode_reply(key: &[u8], value: &[u8]) -> Result<(MailboxId, ReplyRecord), StoreError> {
    let mailbox = key
        .get(1..33)
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or(StoreError::Corrupt("short reply key"))?;
    let id = key
        .get(33..49)
        .and_then(|b| <[u8; 16]>::try_from(b).ok())
        .ok_or(StoreError::Corrupt("short reply key"))?;
    let (size, created) = value
        .split_first_chunk::<8>()
        .ok_or(StoreError::Corrupt("short reply record"))?;
    let created = std::str::from_utf8(created)
        .map_err(|_| StoreError::Corrupt("reply date is not text"))?
        .to_owned();
    Ok((
        MailboxId(mailbox),
        ReplyRecord {
            id: ReplyId(id),
            created,
            size: u64::from_be_bytes(*size),
        },
    ))
}

/// How many mailboxes are stored, and how many may be.
pub(super) struct MailboxCount {
    stored: AtomicU64,
    max: AtomicU64,
}

impl MailboxCount {
    /// The mailboxes in `db`, with no cap yet.
    pub(super) fn of(db: &super::index::Index) -> Result<MailboxCount, StoreError> {
        Ok(MailboxCount {
            stored: AtomicU64::new(db.scan_prefix([MAILBOX]).count() as u64),
            max: AtomicU64::new(u64::MAX),
        })
    }
}

impl Store {
    /// At most `max` mailboxes from now on (the server's
    /// `limits.max_mailboxes`); a store opened without it has no cap.
    pub fn limit_mailboxes(&self, max: u64) {
        self.inner.mailboxes.max.store(max, Ordering::SeqCst);
    }

    /// Mailboxes stored now.
    pub fn mailbox_count(&self) -> u64 {
        self.inner.mailboxes.stored.load(Ordering::SeqCst)
    }

    fn mailbox_lock(&self) -> MutexGuard<'_, ()> {
        // The lock guards no data, only the order of writes: a poisoned
        // lock is still a valid lock.
        self.inner
            .mailbox_writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Creates `mailbox` if it is absent (idempotent); durable on return.
    /// A new mailbox past the cap is refused ([`StoreError::MailboxesFull`]).
    pub fn create_mailbox(&self, mailbox: &MailboxId) -> Result<(), StoreError> {
        let _writes = self.mailbox_lock();
        let db = &self.inner.db;
        if db.get(mailbox_key(mailbox))?.is_none() {
            let count = &self.inner.mailboxes;
            if count.stored.load(Ordering::SeqCst) >= count.max.load(Ordering::SeqCst) {
                return Err(StoreError::MailboxesFull);
            }
            let created = received_today(self.inner.limits.date_granularity);
            db.insert(mailbox_key(mailbox), created.as_bytes())?;
            count.stored.fetch_add(1, Ordering::SeqCst);
            self.wait_durable()?;
        }
        Ok(())
    }

    pub fn mailbox_exists(&self, mailbox: &MailboxId) -> Result<bool, StoreError> {
        Ok(self.inner.db.contains_key(mailbox_key(mailbox))?)
    }

    /// The replies filed under `mailbox`, oldest date first; empty for an
    /// unknown mailbox, exactly as for a known one without replies.
    pub fn replies(&self, mailbox: &MailboxId) -> Result<Vec<ReplyRecord>, StoreError> {
        let mut prefix = mailbox_key(mailbox);
        prefix[0] = REPLY;
        let mut replies = self
            .inner
            .db
            .scan_prefix(prefix)
            .map(|entry| {
                let (key, value) = entry?;
                Ok(decode_reply(&key, &value)?.1)
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        replies.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
        Ok(replies)
    }

    /// One reply's age file, if `mailbox` holds reply `id`.
    pub fn reply(&self, mailbox: &MailboxId, id: &ReplyId) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .inner
            .db
            .get(reply_key(REPLY_BODY, mailbox, id))?
            .map(|body| body.to_vec()))
    }

    /// Deletes one reply (the source read it); idempotent, durable on return.
    pub fn delete_reply(&self, mailbox: &MailboxId, id: &ReplyId) -> Result<(), StoreError> {
        let _writes = self.mailbox_lock();
        let mut batch = sled::Batch::default();
        batch.remove(&reply_key(REPLY, mailbox, id)[..]);
        batch.remove(&reply_key(REPLY_BODY, mailbox, id)[..]);
        self.inner.db.apply_batch(batch)?;
        self.wait_durable()
    }

    /// Deletes a mailbox and every reply in it, in one atomic step; later
    /// pushes to it are refused as unknown. Idempotent, durable on return.
    pub fn forget_mailbox(&self, mailbox: &MailboxId) -> Result<(), StoreError> {
        let _writes = self.mailbox_lock();
        let db = &self.inner.db;
        let existed = db.contains_key(mailbox_key(mailbox))?;
        let mut batch = sled::Batch::default();
        batch.remove(&mailbox_key(mailbox)[..]);
        for kind in [REPLY, REPLY_BODY] {
            let mut prefix = mailbox_key(mailbox);
            prefix[0] = kind;
            for key in db.scan_prefix(prefix).keys() {
                batch.remove(key?);
            }
        }
        db.apply_batch(batch)?;
        if existed {
            self.inner.mailboxes.stored.fetch_sub(1, Ordering::SeqCst);
        }
        self.wait_durable()
    }

    /// Files a pushed set of replies: all or nothing. Each mailbox must
    /// exist and each id must be new (also within the set); then everything
    /// is written in one atomic batch and flushed before this returns.
    pub fn file_replies(&self, replies: &[NewReply]) -> Result<usize, FileRepliesError> {
        let _writes = self.mailbox_lock();
        let db = &self.inner.db;
        let mut ids = std::collections::HashSet::new();
        for reply in replies {
            if !ids.insert(reply.id)
                || db
                    .contains_key(seen_key(&reply.id))
                    .map_err(StoreError::from)?
            {
                return Err(FileRepliesError::Replayed(reply.id));
            }
            if !db
                .contains_key(mailbox_key(&reply.mailbox))
                .map_err(StoreError::from)?
            {
                return Err(FileRepliesError::UnknownMailbox(reply.id));
            }
        }
        let created = received_today(self.inner.limits.date_granularity);
        let mut batch = sled::Batch::default();
        for reply in replies {
            let mut record = (reply.ciphertext.len() as u64).to_be_bytes().to_vec();
            record.extend_from_slice(created.as_bytes());
            batch.insert(&reply_key(REPLY, &reply.mailbox, &reply.id)[..], record);
            batch.insert(
                &reply_key(REPLY_BODY, &reply.mailbox, &reply.id)[..],
                reply.ciphertext.as_slice(),
            );
            batch.insert(&seen_key(&reply.id)[..], &[]);
        }
        db.apply_batch(batch).map_err(StoreError::from)?;
        self.wait_durable()?;
        Ok(replies.len())
    }

    /// Every stored reply with its mailbox, for the export bundle.
    pub fn all_replies(&self) -> Result<Vec<(MailboxId, ReplyRecord)>, StoreError> {
        self.inner
            .db
            .scan_prefix([REPLY])
            .map(|entry| {
                let (key, value) = entry?;
                decode_reply(&key, &value)
            })
            .collect()
    }
}
