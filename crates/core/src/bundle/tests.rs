//! Bundle tests: ids, a writer → reader round trip, and one hand-built
//! bundle per refusal.
use std::io;

use tar::{EntryType, Header};

use super::*;

fn id(n: u8) -> TipId {
    TipId([n; 16])
}

fn manifest(tips: &[(TipId, u64)]) -> Manifest {
    Manifest {
        version: MANIFEST_VERSION,
        tips: tips
            .iter()
            .map(|&(id, size)| ManifestEntry {
                id,
                received: "2026-11-28".into(),
                size,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

fn ciphertext(n: u8, len: usize) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(31) ^ n).collect()
}

fn bundle(tips: &[(TipId, Vec<u8>)]) -> Vec<u8> {
    let listed: Vec<(TipId, u64)> = tips.iter().map(|(id, c)| (*id, c.len() as u64)).collect();
    let mut writer = BundleWriter::new(Vec::new(), &manifest(&listed)).unwrap();
    for (id, content) in tips {
        writer
            .append_tip(*id, content.len() as u64, &mut &content[..])
            .unwrap();
    }
    writer.finish().unwrap()
}

/// Everything the reader hands out, or its refusal.
fn read_all(bytes: &[u8]) -> Result<Vec<(ManifestEntry, Vec<u8>)>, BundleError> {
    let reader = BundleReader::new(bytes)?;
    let mut seen = Vec::new();
    reader.for_each_tip(&mut |entry, content| {
        let mut data = Vec::new();
        content.read_to_end(&mut data)?;
        seen.push((entry.clone(), data));
        Ok(())
    })?;
    Ok(seen)
}

/// A bundle built from raw headers, for what [`BundleWriter`] refuses.
#[derive(Default)]
struct RawBundle {
    bytes: Vec<u8>,
}

impl RawBundle {
    fn with_manifest(tips: &[(TipId, u64)]) -> Self {
        let mut raw = RawBundle::default();
        raw.file(
            "manifest.json",
            &serde_json::to_vec(&manifest(tips)).unwrap(),
        );
        raw
    }

    fn entry(
        &mut self,
        path: &str,
        entry_type: EntryType,
        declared: u64,
        data: &[u8],
    ) -> &mut Self {
        let mut header = Header::new_ustar();
        header.as_ustar_mut().unwrap().name[..path.len()].copy_from_slice(path.as_bytes());
        header.set_entry_type(entry_type);
        header.set_mode(0o644);
        header.set_size(declared);
        header.set_cksum();
        self.bytes.extend_from_slice(header.as_bytes());
        self.bytes.extend_from_slice(data);
        let padding = (512 - data.len() % 512) % 512;
        self.bytes.extend(std::iter::repeat_n(0, padding));
        self
    }

    fn file(&mut self, path: &str, data: &[u8]) -> &mut Self {
        self.entry(path, EntryType::Regular, data.len() as u64, data)
    }

    fn end(&mut self) -> Vec<u8> {
        self.bytes.extend_from_slice(&[0u8; 1024]);
        self.bytes.clone()
    }
}

// --------------------------------------------------------------- TipId

#[test]
fn tip_id_round_trips_through_its_text() {
    let id = TipId::random();
    let text = id.to_string();
    assert_eq!(text.len(), 32);
    assert!(text
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_eq!(text.parse::<TipId>().unwrap(), id);
}

#[test]
fn tip_id_random_does_not_repeat() {
    let ids: std::collections::HashSet<TipId> = (0..1000).map(|_| TipId::random()).collect();
    assert_eq!(ids.len(), 1000);
}

#[test]
fn tip_id_rejects_upper_case() {
    assert!(matches!(
        "0123456789ABCDEF0123456789abcdef".parse::<TipId>(),
        Err(BundleError::BadId)
    ));
}

#[test]
fn tip_id_rejects_wrong_length() {
    for text in [
        "",
        "0123456789abcdef",
        "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0",
    ] {
        assert!(
            matches!(text.parse::<TipId>(), Err(BundleError::BadId)),
            "{text:?}"
        );
    }
}

#[test]
fn tip_id_rejects_non_hex() {
    for text in [
        "0123456789abcdef0123456789abcdeg",
        "../../../../../../../etc/passwd0",
        "0123456789abcdef0123456789abcd\u{e9}",
        " 123456789abcdef0123456789abcdef",
    ] {
        assert!(
            matches!(text.parse::<TipId>(), Err(BundleError::BadId)),
            "{text:?}"
        );
    }
}

#[test]
fn manifest_json_refuses_an_invalid_id() {
    let json = r#"{"version":1,"tips":[{"id":"../x","received":"2026-11-28","size":1}]}"#;
    assert!(serde_json::from_str::<Manifest>(json).is_err());
}

// ----------------------------------------------------------- round trip

#[test]
fn writer_then_reader_gives_back_every_tip_in_order() {
    let tips = vec![
        (id(1), ciphertext(1, 200_000)),
        (id(2), Vec::new()),
        (id(3), ciphertext(3, 512)),
    ];
    let bytes = bundle(&tips);

    let reader = BundleReader::new(&bytes[..]).unwrap();
    assert_eq!(reader.manifest().tips.len(), 3);
    let seen = read_all(&bytes).unwrap();

    assert_eq!(seen.len(), 3);
    for ((entry, data), (id, content)) in seen.iter().zip(&tips) {
        assert_eq!(entry.id, *id);
        assert_eq!(entry.size, content.len() as u64);
        assert_eq!(data, content);
    }
}

#[test]
fn reader_skips_what_the_visitor_leaves_unread() {
    let tips = vec![(id(1), ciphertext(1, 5000)), (id(2), ciphertext(2, 10))];
    let bytes = bundle(&tips);
    let mut visited = Vec::new();
    BundleReader::new(&bytes[..])
        .unwrap()
        .for_each_tip(&mut |entry, content| {
            let mut first = [0u8; 3];
            content.read_exact(&mut first)?;
            visited.push((entry.id, first));
            Ok(())
        })
        .unwrap();
    assert_eq!(
        visited,
        vec![
            (id(1), [0, 31, 62].map(|b: u8| b ^ 1)),
            (id(2), [2, 29, 60])
        ]
    );
}

#[test]
fn visitor_reader_stops_at_the_end_of_its_entry() {
    let tips = vec![(id(1), ciphertext(1, 700)), (id(2), ciphertext(2, 10))];
    let bytes = bundle(&tips);
    let mut lengths = Vec::new();
    BundleReader::new(&bytes[..])
        .unwrap()
        .for_each_tip(&mut |_, content| {
            let mut all = Vec::new();
            content.read_to_end(&mut all)?;
            lengths.push(all.len());
            Ok(())
        })
        .unwrap();
    assert_eq!(lengths, vec![700, 10]);
}

#[test]
fn visitor_error_stops_the_walk() {
    let bytes = bundle(&[(id(1), vec![1]), (id(2), vec![2])]);
    let mut calls = 0;
    let error = BundleReader::new(&bytes[..])
        .unwrap()
        .for_each_tip(&mut |_, _| {
            calls += 1;
            Err(io::Error::other("no identity matched"))
        })
        .unwrap_err();
    assert!(matches!(error, BundleError::Io(_)), "{error:?}");
    assert_eq!(calls, 1);
}

#[test]
fn stock_tar_lists_a_written_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.tar");
    std::fs::write(&path, bundle(&[(id(10), vec![1, 2, 3])])).unwrap();
    let output = std::process::Command::new("tar")
        .arg("-tf")
        .arg(&path)
        .output()
        .expect("GNU tar must be installed to run this test (apt-get install tar)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = format!("manifest.json\ntips/{}.age\n", id(10));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
}

// ----------------------------------------------------------- the writer

#[test]
fn writer_refuses_tips_out_of_manifest_order_or_size() {
    let listed = manifest(&[(id(1), 1), (id(2), 1)]);
    let mut writer = BundleWriter::new(Vec::new(), &listed).unwrap();
    assert!(writer.append_tip(id(2), 1, &mut &[0u8][..]).is_err());
    let mut writer = BundleWriter::new(Vec::new(), &listed).unwrap();
    assert!(writer.append_tip(id(1), 2, &mut &[0u8, 0][..]).is_err());
}

#[test]
fn writer_refuses_content_that_disagrees_with_its_size() {
    let listed = manifest(&[(id(1), 4)]);
    let mut writer = BundleWriter::new(Vec::new(), &listed).unwrap();
    assert!(writer.append_tip(id(1), 4, &mut &b"abc"[..]).is_err());
    assert!(writer.finish().is_err());
    let mut writer = BundleWriter::new(Vec::new(), &listed).unwrap();
    assert!(writer.append_tip(id(1), 4, &mut &b"abcde"[..]).is_err());
}

#[test]
fn writer_refuses_to_finish_with_tips_missing() {
    let writer = BundleWriter::new(Vec::new(), &manifest(&[(id(1), 1)])).unwrap();
    assert!(writer.finish().is_err());
}

#[test]
fn writer_refuses_a_manifest_listing_a_tip_twice() {
    assert!(BundleWriter::new(Vec::new(), &manifest(&[(id(1), 1), (id(1), 1)])).is_err());
}

// ------------------------------------------------------------ refusals

#[test]
fn reader_refuses_a_bundle_that_does_not_start_with_the_manifest() {
    let bytes = RawBundle::default()
        .file(&id(1).bundle_path(), b"x")
        .file(
            "manifest.json",
            &serde_json::to_vec(&manifest(&[(id(1), 1)])).unwrap(),
        )
        .end();
    assert!(matches!(
        BundleReader::new(&bytes[..]),
        Err(BundleError::NotABundle(_))
    ));
    assert!(matches!(
        BundleReader::new(&b"hello"[..]),
        Err(BundleError::NotABundle(_))
    ));
    assert!(matches!(
        BundleReader::new(&[0u8; 2048][..]),
        Err(BundleError::NotABundle(_))
    ));
}

#[test]
fn reader_refuses_a_huge_manifest() {
    // Declared, not present: refused before reading it into memory.
    let bytes = RawBundle::default()
        .entry("manifest.json", EntryType::Regular, 1 << 40, b"{}")
        .end();
    assert!(matches!(
        BundleReader::new(&bytes[..]),
        Err(BundleError::BadManifest(_))
    ));
}

#[test]
fn reader_refuses_invalid_manifest_json() {
    let bytes = RawBundle::default()
        .file("manifest.json", b"{\"version\":1,")
        .end();
    assert!(matches!(
        BundleReader::new(&bytes[..]),
        Err(BundleError::BadManifest(_))
    ));
}

#[test]
fn reader_refuses_an_unknown_manifest_version() {
    let mut wrong = manifest(&[]);
    wrong.version = 2;
    let bytes = RawBundle::default()
        .file("manifest.json", &serde_json::to_vec(&wrong).unwrap())
        .end();
    assert!(matches!(
        BundleReader::new(&bytes[..]),
        Err(BundleError::BadManifest(_))
    ));
}

#[test]
fn reader_refuses_a_manifest_listing_a_tip_twice() {
    let bytes = RawBundle::with_manifest(&[(id(1), 1), (id(1), 1)]).end();
    assert!(matches!(
        BundleReader::new(&bytes[..]),
        Err(BundleError::BadManifest(_))
    ));
}

#[test]
fn reader_refuses_a_received_date_carrying_terminal_escapes() {
    let json = format!(
        r#"{{"version":1,"tips":[{{"id":"{}","received":"\u001b[2J2026-11-28","size":1}}]}}"#,
        id(1)
    );
    let bytes = RawBundle::default()
        .file("manifest.json", json.as_bytes())
        .end();
    assert!(matches!(
        BundleReader::new(&bytes[..]),
        Err(BundleError::BadManifest(_))
    ));
}

#[test]
fn reader_refuses_an_entry_not_in_the_manifest() {
    let bytes = RawBundle::with_manifest(&[(id(1), 1)])
        .file(&id(2).bundle_path(), b"x")
        .end();
    assert!(matches!(read_all(&bytes), Err(BundleError::Unexpected(_))));
}

#[test]
fn reader_refuses_tips_out_of_manifest_order() {
    let bytes = RawBundle::with_manifest(&[(id(1), 1), (id(2), 1)])
        .file(&id(2).bundle_path(), b"b")
        .file(&id(1).bundle_path(), b"a")
        .end();
    assert!(matches!(read_all(&bytes), Err(BundleError::Unexpected(_))));
}

#[test]
fn reader_refuses_an_extra_entry_after_the_listed_tips() {
    let bytes = RawBundle::with_manifest(&[(id(1), 1)])
        .file(&id(1).bundle_path(), b"a")
        .file("README.txt", b"open me")
        .end();
    assert!(matches!(read_all(&bytes), Err(BundleError::Unexpected(_))));
}

#[test]
fn reader_refuses_paths_other_than_tips_id_age() {
    let listed = [(id(1), 1)];
    for path in [
        format!("../tips/{}.age", id(1)),
        format!("/tips/{}.age", id(1)),
        format!("tips/{}.AGE", id(1)),
        format!("tips/sub/{}.age", id(1)),
        format!("./tips/{}.age", id(1)),
    ] {
        let bytes = RawBundle::with_manifest(&listed).file(&path, b"a").end();
        assert!(
            matches!(read_all(&bytes), Err(BundleError::Unexpected(_))),
            "{path}"
        );
    }
}

#[test]
fn reader_refuses_links_and_special_files() {
    for entry_type in [
        EntryType::Symlink,
        EntryType::Link,
        EntryType::Char,
        EntryType::Directory,
    ] {
        let bytes = RawBundle::with_manifest(&[(id(1), 0)])
            .entry(&id(1).bundle_path(), entry_type, 0, b"")
            .end();
        assert!(
            matches!(read_all(&bytes), Err(BundleError::NotRegularFile(_))),
            "{entry_type:?}"
        );
    }
}

#[test]
fn reader_refuses_an_entry_whose_size_disagrees_with_the_manifest() {
    let bytes = RawBundle::with_manifest(&[(id(1), 3)])
        .file(&id(1).bundle_path(), b"abcd")
        .end();
    let error = read_all(&bytes).unwrap_err();
    assert!(
        matches!(error, BundleError::SizeMismatch(tip, 4, 3) if tip == id(1)),
        "{error:?}"
    );
}

#[test]
fn reader_reports_tips_missing_from_the_bundle() {
    let bytes = RawBundle::with_manifest(&[(id(1), 1), (id(2), 1)])
        .file(&id(1).bundle_path(), b"a")
        .end();
    assert!(matches!(read_all(&bytes), Err(BundleError::Missing)));
    // Cut off right after an entry: also missing.
    let cut = RawBundle::with_manifest(&[(id(1), 1), (id(2), 1)])
        .file(&id(1).bundle_path(), b"a")
        .bytes
        .clone();
    assert!(matches!(read_all(&cut), Err(BundleError::Missing)));
}

#[test]
fn reader_refuses_a_truncated_tip() {
    let bytes = RawBundle::with_manifest(&[(id(1), 5000)])
        .entry(&id(1).bundle_path(), EntryType::Regular, 5000, &[1u8; 100])
        .bytes
        .clone();
    assert!(matches!(read_all(&bytes), Err(BundleError::Malformed(_))));
}

#[test]
fn reader_refuses_data_hidden_after_the_end_marker() {
    let mut bytes = bundle(&[(id(1), vec![1])]);
    bytes.extend_from_slice(b"hidden");
    assert!(matches!(read_all(&bytes), Err(BundleError::Malformed(_))));
}

#[test]
fn reader_accepts_record_padding_from_stock_tar() {
    let mut bytes = bundle(&[(id(1), vec![1])]);
    bytes.resize(bytes.len().div_ceil(10240) * 10240, 0);
    assert_eq!(read_all(&bytes).unwrap().len(), 1);
}

#[test]
fn an_empty_export_round_trips() {
    let bytes = bundle(&[]);
    assert!(read_all(&bytes).unwrap().is_empty());
}

// --- replies in export bundles, and outgoing bundles ---

fn reply_entry(n: u8, size: u64) -> ReplyEntry {
    ReplyEntry {
        id: ReplyId([n; 16]),
        mailbox: MailboxId([n; 32]),
        created: "2026-11-28".into(),
        size,
    }
}

/// A bundle with `tips` and then `replies`.
fn bundle_with_replies(tips: &[(TipId, Vec<u8>)], replies: &[(ReplyEntry, Vec<u8>)]) -> Vec<u8> {
    let listed: Vec<(TipId, u64)> = tips.iter().map(|(id, c)| (*id, c.len() as u64)).collect();
    let mut manifest = manifest(&listed);
    manifest.replies = replies.iter().map(|(e, _)| e.clone()).collect();
    let mut writer = BundleWriter::new(Vec::new(), &manifest).unwrap();
    for (id, content) in tips {
        writer
            .append_tip(*id, content.len() as u64, &mut &content[..])
            .unwrap();
    }
    for (entry, content) in replies {
        writer
            .append_reply(entry.id, entry.size, &mut &content[..])
            .unwrap();
    }
    writer.finish().unwrap()
}

#[test]
fn export_with_replies_gives_back_tips_then_replies() {
    let tips = vec![(id(1), ciphertext(1, 700))];
    let replies = vec![
        (reply_entry(7, 600), ciphertext(7, 600)),
        (reply_entry(8, 3), ciphertext(8, 3)),
    ];
    let bytes = bundle_with_replies(&tips, &replies);

    let mut seen_tips = Vec::new();
    let mut seen_replies = Vec::new();
    BundleReader::new(&bytes[..])
        .unwrap()
        .for_each_entry(
            &mut |entry, content| {
                let mut data = Vec::new();
                content.read_to_end(&mut data)?;
                seen_tips.push((entry.id, data));
                Ok(())
            },
            &mut |entry, content| {
                let mut data = Vec::new();
                content.read_to_end(&mut data)?;
                seen_replies.push((entry.clone(), data));
                Ok(())
            },
        )
        .unwrap();

    assert_eq!(seen_tips, tips);
    assert_eq!(seen_replies, replies);
    // A reader that only wants tips skips the replies and still checks the end.
    assert_eq!(read_all(&bytes).unwrap().len(), 1);
}

#[test]
fn manifest_from_before_conversations_still_reads() {
    // A manifest.json written before `replies` existed.
    let json = format!(
        "{{\"version\":1,\"tips\":[{{\"id\":\"{}\",\"received\":\"2026-11-28\",\"size\":3}}]}}",
        id(1)
    );
    let manifest: Manifest = serde_json::from_str(&json).unwrap();
    assert!(manifest.replies.is_empty());
    assert!(manifest.check().is_ok());
}

#[test]
fn reply_entry_with_a_size_other_than_listed_is_refused() {
    let good = bundle_with_replies(&[], &[(reply_entry(7, 4), b"abcd".to_vec())]);
    // Rewrite the manifest to claim 5 bytes: the JSON keeps its length, and
    // the tar header's checksum covers only the header, so the edit reads.
    let text = String::from_utf8_lossy(&good).replacen("\"size\": 4", "\"size\": 5", 1);
    let tampered = text.into_bytes();
    let err = BundleReader::new(&tampered[..])
        .unwrap()
        .for_each_entry(&mut |_, _| Ok(()), &mut |_, _| Ok(()))
        .unwrap_err();
    assert!(
        matches!(err, BundleError::ReplySizeMismatch(_, 4, 5)),
        "{err}"
    );
}

#[test]
fn replies_listed_twice_are_refused() {
    let mut manifest = manifest(&[]);
    manifest.replies = vec![reply_entry(7, 1), reply_entry(7, 1)];
    assert!(matches!(manifest.check(), Err(BundleError::BadManifest(_))));
}

fn outgoing(replies: &[(u8, &[u8])]) -> Vec<u8> {
    let replies: Vec<OutgoingReply> = replies
        .iter()
        .map(|(n, content)| {
            OutgoingReply::new(ReplyId([*n; 16]), MailboxId([*n; 32]), content.to_vec())
        })
        .collect();
    write_outgoing(Vec::new(), &replies).unwrap()
}

#[test]
fn outgoing_bundle_round_trips() {
    let bytes = outgoing(&[(1, b"first"), (2, &[0u8; 1000])]);
    let replies = read_outgoing(&bytes[..], 1 << 20).unwrap();
    assert_eq!(replies.len(), 2);
    assert_eq!(replies[0].ciphertext, b"first");
    assert_eq!(replies[1].entry.mailbox, MailboxId([2; 32]));
}

#[test]
fn outgoing_reply_over_the_size_bound_is_refused_before_reading_it() {
    let bytes = outgoing(&[(1, &[0u8; 100])]);
    let err = read_outgoing(&bytes[..], 99).err().unwrap();
    assert!(matches!(err, OutgoingError::BadReply { .. }), "{err}");
}

#[test]
fn outgoing_bundle_with_an_entry_beyond_its_listing_is_refused() {
    let one = outgoing(&[(1, b"first")]);
    let two = outgoing(&[(1, b"first"), (2, b"second")]);
    // The listing of `one` followed by the entries of `two`: the listing of
    // `one` is shorter, so splice at the entries of the second bundle.
    let one_entries_start = one.len() - 1024 - 1024; // reply 1 header+block, end marker
    let two_reply_two = &two[two.len() - 1024 - 1024..two.len() - 1024];
    let mut spliced = one[..one_entries_start + 1024].to_vec();
    spliced.extend_from_slice(two_reply_two);
    spliced.extend_from_slice(&[0u8; 1024]);
    let err = read_outgoing(&spliced[..], 1 << 20).err().unwrap();
    assert!(matches!(err, OutgoingError::Unexpected(_)), "{err}");
}

#[test]
fn outgoing_bundle_not_starting_with_its_listing_is_refused() {
    let export = bundle(&[(id(1), ciphertext(1, 10))]);
    let err = read_outgoing(&export[..], 1 << 20).err().unwrap();
    assert!(matches!(err, OutgoingError::NotOutgoing(_)), "{err}");
}

#[test]
fn bundle_len_is_the_length_the_writer_writes() {
    for sizes in [&[][..], &[0][..], &[1, 511, 512, 513][..], &[70_000, 3][..]] {
        let tips: Vec<(TipId, Vec<u8>)> = sizes
            .iter()
            .enumerate()
            .map(|(n, &len)| (id(n as u8 + 1), ciphertext(n as u8, len)))
            .collect();
        let listed: Vec<(TipId, u64)> = tips.iter().map(|(id, c)| (*id, c.len() as u64)).collect();

        let written = bundle(&tips).len() as u64;

        assert_eq!(
            bundle_len(&manifest(&listed)).unwrap(),
            written,
            "{sizes:?}"
        );
    }
}
