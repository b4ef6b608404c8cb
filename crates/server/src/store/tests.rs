use super::*;

fn limits() -> StoreLimits {
    StoreLimits {
        max_tip_bytes: 1024 * 1024,
        max_store_bytes: 4 * 1024 * 1024,
        date_granularity: DateGranularity::Day,
    }
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

fn store_tip(store: &Store, content: &[u8]) -> TipId {
    let mut upload = store.begin().unwrap();
    // Odd-sized writes so that chunk boundaries fall inside writes.
    for piece in content.chunks(10_007) {
        upload.write_all(piece).unwrap();
    }
    upload.commit().unwrap()
}

fn read_all(store: &Store, id: &TipId) -> Vec<u8> {
    let (_, mut reader) = store.read(id).unwrap();
    let mut content = Vec::new();
    reader.read_to_end(&mut content).unwrap();
    content
}

#[test]
fn committed_tip_reads_back_byte_for_byte_across_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    let content = pattern(3 * CHUNK_BYTES + 123);

    let id = store_tip(&store, &content);

    assert_eq!(read_all(&store, &id), content);
    let records = store.list().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].id, id);
    assert_eq!(records[0].size, content.len() as u64);
    assert_eq!(store.used_bytes(), content.len() as u64);
}

#[test]
fn received_date_is_only_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    store_tip(&store, b"x");
    let received = &store.list().unwrap()[0].received;
    // `YYYY-MM-DD`, nothing finer.
    let format = time::macros::format_description!("[year]-[month]-[day]");
    assert!(time::Date::parse(received, format).is_ok(), "{received}");
    assert_eq!(received.len(), 10);
}

#[test]
fn month_granularity_keeps_only_the_month() {
    assert!(received_today(DateGranularity::Month).ends_with("-01"));
}

#[test]
fn ids_are_random_not_sequential() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    let a = store_tip(&store, b"a");
    let b = store_tip(&store, b"b");
    assert_ne!(a, b);
    // Sequential ids would differ in their last bytes only.
    assert_ne!(a.0[..8], b.0[..8]);
}

#[test]
fn dropped_upload_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    let mut upload = store.begin().unwrap();
    upload.write_all(&pattern(2 * CHUNK_BYTES + 5)).unwrap();

    drop(upload);

    assert_eq!(store.entry_count().unwrap(), 0);
    assert_eq!(store.used_bytes(), 0);
    assert!(store.list().unwrap().is_empty());
}

#[test]
fn upload_past_the_tip_cap_is_refused_as_too_large() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    let mut upload = store.begin().unwrap();
    upload.append(&pattern(1024 * 1024)).unwrap();

    let err = upload.append(b"one byte too many").unwrap_err();

    assert!(matches!(err, StoreError::TooLarge), "{err:?}");
    drop(upload);
    assert_eq!(store.entry_count().unwrap(), 0);
}

#[test]
fn upload_past_the_store_cap_is_refused_as_full_and_frees_its_reservation() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    for _ in 0..4 {
        store_tip(&store, &pattern(1000 * 1024));
    }
    let mut upload = store.begin().unwrap();

    let err = upload.append(&pattern(200 * 1024)).unwrap_err();

    assert!(matches!(err, StoreError::Full), "{err:?}");
    drop(upload);
    assert_eq!(store.used_bytes(), 4 * 1000 * 1024);
    // The Write impl carries the same error through io::Error.
    let mut upload = store.begin().unwrap();
    let io_err = upload.write_all(&pattern(200 * 1024)).unwrap_err();
    assert!(matches!(StoreError::from_io(io_err), StoreError::Full));
}

#[test]
fn reopening_keeps_committed_tips_and_collects_what_crashes_leave() {
    let dir = tempfile::tempdir().unwrap();
    let content = pattern(CHUNK_BYTES + 1);
    let id = {
        let store = Store::open(dir.path(), limits()).unwrap();
        let id = store_tip(&store, &content);
        let Inner { db, files, .. } = &*store.inner;
        // A crash mid-upload: a file and no record.
        let mut file = files.create(&TipId([1; 16])).unwrap();
        file.write_all(&pattern(CHUNK_BYTES)).unwrap();
        // A crash after the record but before the bytes reached the disk:
        // a record whose file is short, and one whose file is missing.
        let short = TipId([2; 16]);
        files.create(&short).unwrap().write_all(b"abc").unwrap();
        db.insert(key(TIP, &short), encode_record(4, "2026-01-01"))
            .unwrap();
        let missing = TipId([3; 16]);
        db.insert(key(TIP, &missing), encode_record(4, "2026-01-01"))
            .unwrap();
        db.insert(key(KEY_SET, &missing), &[7; 8]).unwrap();
        db.flush().unwrap();
        id
    };

    let store = Store::open(dir.path(), limits()).unwrap();

    assert_eq!(store.list().unwrap().len(), 1);
    assert_eq!(read_all(&store, &id), content);
    // One record and one file remain: the leftovers are gone.
    assert_eq!(store.entry_count().unwrap(), 2);
    assert_eq!(store.used_bytes(), content.len() as u64);
}

#[test]
fn delete_removes_record_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    let keep = store_tip(&store, b"keep");
    let gone = store_tip(&store, &pattern(2 * CHUNK_BYTES));

    store.delete(&gone).unwrap();

    assert!(matches!(store.read(&gone), Err(StoreError::NotFound)));
    assert!(matches!(store.delete(&gone), Err(StoreError::NotFound)));
    assert_eq!(store.list().unwrap().len(), 1);
    assert_eq!(read_all(&store, &keep), b"keep");
    assert_eq!(store.entry_count().unwrap(), 2);
    assert_eq!(store.used_bytes(), 4);
}

#[test]
fn tip_being_read_stays_readable_when_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    let content = pattern(3 * CHUNK_BYTES);
    let id = store_tip(&store, &content);
    let (_, mut reader) = store.read(&id).unwrap();

    store.delete(&id).unwrap();

    let mut read = Vec::new();
    reader.read_to_end(&mut read).unwrap();
    assert_eq!(read, content);
}

// --- mailboxes and replies ---

use tipbox_core::bundle::ReplyId;
use tipbox_core::conversation::MailboxId;

fn new_reply(mailbox: MailboxId, content: &[u8]) -> NewReply {
    NewReply {
        id: ReplyId(rand::random()),
        mailbox,
        ciphertext: content.to_vec(),
    }
}

#[test]
fn push_with_one_unknown_mailbox_stores_none_of_its_replies() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    let known = MailboxId([1; 32]);
    store.create_mailbox(&known).unwrap();
    let before = store.entry_count().unwrap();

    let push = [new_reply(known, b"a"), new_reply(MailboxId([2; 32]), b"b")];
    let err = store.file_replies(&push).unwrap_err();

    assert!(matches!(err, FileRepliesError::UnknownMailbox(id) if id == push[1].id));
    assert_eq!(store.entry_count().unwrap(), before);
    assert!(store.replies(&known).unwrap().is_empty());
}

#[test]
fn push_listing_one_id_twice_is_refused_as_a_replay() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    let known = MailboxId([1; 32]);
    store.create_mailbox(&known).unwrap();
    let reply = new_reply(known, b"a");
    let twin = NewReply {
        id: reply.id,
        mailbox: known,
        ciphertext: b"b".to_vec(),
    };
    assert!(matches!(
        store.file_replies(&[reply, twin]),
        Err(FileRepliesError::Replayed(_))
    ));
    assert!(store.all_replies().unwrap().is_empty());
}

#[test]
fn forgotten_mailbox_loses_its_replies_but_keeps_their_ids_used() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    let mailbox = MailboxId([1; 32]);
    store.create_mailbox(&mailbox).unwrap();
    let reply = new_reply(mailbox, b"ciphertext");
    let id = reply.id;
    assert_eq!(store.file_replies(&[reply]).unwrap(), 1);
    assert_eq!(store.reply(&mailbox, &id).unwrap().unwrap(), b"ciphertext");

    store.forget_mailbox(&mailbox).unwrap();

    assert!(!store.mailbox_exists(&mailbox).unwrap());
    assert!(store.reply(&mailbox, &id).unwrap().is_none());
    store.create_mailbox(&mailbox).unwrap();
    let again = NewReply {
        id,
        mailbox,
        ciphertext: b"again".to_vec(),
    };
    assert!(matches!(
        store.file_replies(&[again]),
        Err(FileRepliesError::Replayed(_))
    ));
}

#[test]
fn export_carries_replies_after_tips() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    store_tip(&store, b"tip");
    let mailbox = MailboxId([3; 32]);
    store.create_mailbox(&mailbox).unwrap();
    store.file_replies(&[new_reply(mailbox, b"reply")]).unwrap();

    let bytes = store.export(Vec::new()).unwrap();
    let reader = tipbox_core::bundle::BundleReader::new(&bytes[..]).unwrap();
    assert_eq!(reader.manifest().replies.len(), 1);
    assert_eq!(reader.manifest().replies[0].mailbox, mailbox);
    let mut replies = Vec::new();
    reader
        .for_each_entry(&mut |_, _| Ok(()), &mut |_, content| {
            let mut data = Vec::new();
            content.read_to_end(&mut data)?;
            replies.push(data);
            Ok(())
        })
        .unwrap();
    assert_eq!(replies, vec![b"reply".to_vec()]);
}

#[test]
fn unconfirmed_exports_do_not_pile_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    store_tip(&store, b"one");

    for _ in 0..RECORDED_EXPORTS + 3 {
        store.export(Vec::new()).unwrap();
    }

    assert_eq!(
        store.inner.db.scan_prefix([EXPORT]).count(),
        RECORDED_EXPORTS
    );
}

#[test]
fn deleted_tip_leaves_no_key_set_entry_behind() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    store.use_key_set(&["age1example".to_owned()]).unwrap();
    let id = store_tip(&store, b"one");
    assert!(store.key_set_of(&id).unwrap().is_some());

    store.delete(&id).unwrap();

    assert_eq!(store.key_set_of(&id).unwrap(), None);
    assert_eq!(store.entry_count().unwrap(), 0);
    // The key set itself stays, for the tips of older exports.
    assert_eq!(store.key_sets().unwrap().len(), 1);
}

fn file_names(dir: &Path) -> HashSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect()
}

#[test]
fn new_tips_take_files_made_before_them_at_random_from_the_pool() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    let files = &store.inner.files;
    assert_eq!(files.pool_len(), files::POOL_FILES);
    let made_at_open = file_names(files.dir());
    let ids: Vec<TipId> = (0..20).map(|_| store_tip(&store, b"tip")).collect();
    for id in &ids {
        assert!(made_at_open.contains(&hex::encode(id.0)), "a new file");
    }
    // Not handed out in the order they were made (or named).
    let mut sorted = ids.clone();
    sorted.sort();
    assert_ne!(ids, sorted);
    assert_eq!(files.pool_len(), files::POOL_FILES - 20);
    assert_eq!(file_names(files.dir()), made_at_open, "no file was created");
}

#[test]
fn short_pool_is_refilled_ahead_of_need_and_refused_uploads_give_their_file_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    let made_at_open = file_names(store.inner.files.dir());
    let busiest_day = files::POOL_FILES - files::REFILL_FILES;
    for _ in 0..busiest_day {
        store_tip(&store, b"tip");
    }
    assert_eq!(store.inner.files.pool_len(), files::REFILL_FILES);
    assert_eq!(
        file_names(store.inner.files.dir()),
        made_at_open,
        "a day of {busiest_day} tips only takes files made before it"
    );
    store_tip(&store, b"one more");
    // Waits for the batch that tip started in the background.
    assert_eq!(
        store.entry_count().unwrap(),
        2 * (busiest_day + 1),
        "a record and a file per tip"
    );
    assert_eq!(
        store.inner.files.pool_len(),
        2 * files::REFILL_FILES - 1,
        "refilled before it ran dry"
    );
    let before = store.inner.files.pool_len();
    let mut upload = store.begin().unwrap();
    upload.write_all(b"never committed").unwrap();
    drop(upload);
    assert_eq!(store.inner.files.pool_len(), before);
    assert_eq!(
        store.entry_count().unwrap(),
        2 * (busiest_day + 1),
        "nothing of the refused one"
    );
}

#[test]
fn a_burst_of_four_pools_takes_distinct_files_that_exist() {
    let dir = tempfile::tempdir().unwrap();
    let pool = std::sync::Arc::new(files::TipFiles::open(dir.path().join("tips")).unwrap());
    pool.top_up_today().unwrap();
    let takers: Vec<_> = (0..8)
        .map(|_| {
            let pool = pool.clone();
            std::thread::spawn(move || {
                (0..files::POOL_FILES / 2)
                    .map(|_| pool.take().unwrap().0)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let taken: Vec<TipId> = takers
        .into_iter()
        .flat_map(|taker| taker.join().unwrap())
        .collect();
    assert_eq!(taken.len(), 4 * files::POOL_FILES);
    assert_eq!(
        taken.iter().collect::<HashSet<_>>().len(),
        taken.len(),
        "a file was handed out twice"
    );
    for id in &taken {
        assert_eq!(pool.len(id).unwrap(), Some(0));
    }
    // Taken files are no longer the pool's; a batch still being made joins it first.
    assert_eq!(pool.ids().unwrap().len(), taken.len());
}

#[test]
fn crash_leftovers_become_empty_pool_files() {
    let dir = tempfile::tempdir().unwrap();
    let leftover = TipId([9; 16]);
    {
        let store = Store::open(dir.path(), limits()).unwrap();
        let mut file = store.inner.files.create(&leftover).unwrap();
        file.write_all(&pattern(1000)).unwrap();
    }
    let store = Store::open(dir.path(), limits()).unwrap();
    assert_eq!(store.inner.files.len(&leftover).unwrap(), Some(0));
    assert_eq!(store.entry_count().unwrap(), 0);
    assert_eq!(store.inner.files.pool_len(), files::POOL_FILES);
}

#[test]
fn sweep_sets_every_tip_file_to_its_day_and_rewrites_the_records_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), limits()).unwrap();
    let ids: Vec<TipId> = (0..5).map(|_| store_tip(&store, b"tip")).collect();
    let index_before = store.inner.db.folder().unwrap();

    let swept = store.sweep().unwrap();

    assert_eq!(
        swept,
        Swept {
            restamped: 5,
            rewritten: true,
            pool_files_made: files::POOL_FILES,
        }
    );
    assert_ne!(store.inner.db.folder().unwrap(), index_before);
    let day = start_of(OffsetDateTime::now_utc().date());
    for id in &ids {
        let meta = std::fs::metadata(store.inner.files.path_of(id)).unwrap();
        assert_eq!(meta.modified().unwrap(), day);
        assert_eq!(meta.accessed().unwrap(), day);
        assert_eq!(read_all(&store, id), b"tip");
    }
    assert_eq!(
        std::fs::metadata(store.inner.files.dir())
            .unwrap()
            .modified()
            .unwrap(),
        day
    );
    // A quiet window: nothing to hide, nothing done.
    assert_eq!(store.sweep().unwrap(), Swept::default());
    // Files made today wait for tomorrow: today's tips take older ones.
    assert_eq!(store.inner.files.pool_len(), files::POOL_FILES - 5);
    // Writes go to the new database and survive a reopening.
    let after = store_tip(&store, b"after the sweep");
    drop(store);
    let store = Store::open(dir.path(), limits()).unwrap();
    assert_eq!(store.list().unwrap().len(), 6);
    assert_eq!(read_all(&store, &after), b"after the sweep");
}
