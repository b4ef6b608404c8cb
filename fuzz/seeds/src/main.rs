//! Writes the seed corpora: `fuzz/corpus/<target>/seed-*`.
//!
//! Run from the repository root, with the targets to seed (all by default):
//! `cargo run --manifest-path fuzz/Cargo.toml -p tipbox-fuzz-seeds -- [TARGET…]`.
//! Seeds are valid inputs built with tipbox's own writers (so the fuzzer
//! starts deep inside each format) and a few hand-built hostile ones. The
//! ciphertexts are random (fresh file keys), so rerunning changes their bytes.
#![forbid(unsafe_code)]

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use tipbox::bundle::{
    write_outgoing, BundleWriter, Manifest, ManifestEntry, OutgoingReply, ReplyId, TipId,
    MANIFEST_VERSION,
};
use tipbox::conversation::MailboxId;
use tipbox::envelope::{Encryptor, Identity, CHUNK_SIZE};
use tipbox::tip::{AttachmentMeta, EncryptedBy, Kind, TipMeta, TipWriter, FORMAT_VERSION};
use tipbox_fuzz::test_identity;

// The integration tests' fixtures: attachments full of identifying metadata.
#[path = "../../../tests/api/metadata_fixtures.rs"]
mod metadata_fixtures;

fn main() -> io::Result<()> {
    let wanted: Vec<String> = std::env::args().skip(1).collect();
    let all = wanted.is_empty();
    let want = |t: &str| all || wanted.iter().any(|w| w == t);
    let root = Path::new("fuzz/corpus");
    if want("tip_extract") {
        write_seeds(&root.join("tip_extract"), &tip_seeds()?)?;
    }
    if want("bundle_read") {
        write_seeds(&root.join("bundle_read"), &bundle_seeds()?)?;
    }
    if want("age_header") || want("api_header_check") || want("stream_decrypt") {
        let files = age_seeds()?;
        // Header targets stop at the MAC line: the multi-chunk files would
        // only slow them down.
        let small: Vec<_> = files
            .iter()
            .filter(|(_, f)| f.len() < 4096)
            .cloned()
            .collect();
        if want("age_header") {
            write_seeds(&root.join("age_header"), &small)?;
        }
        if want("api_header_check") {
            write_seeds(&root.join("api_header_check"), &upload_seeds(&small))?;
        }
        if want("stream_decrypt") {
            write_seeds(&root.join("stream_decrypt"), &files)?;
        }
    }
    if want("stream_decrypt_mutated") {
        write_seeds(&root.join("stream_decrypt_mutated"), &mutation_seeds())?;
    }
    if want("outgoing_read") {
        write_seeds(&root.join("outgoing_read"), &outgoing_seeds()?)?;
    }
    if want("nojs_multipart") {
        write_seeds(&root.join("nojs_multipart"), &form_seeds())?;
    }
    let jpeg = || ("jpeg-gps-serial", metadata_fixtures::jpeg_with_gps_and_serial());
    let pdf = || ("pdf-author", metadata_fixtures::pdf_with_author());
    let docx = || ("docx-creator-comment", metadata_fixtures::docx_with_creator_and_comment());
    let odt = || ("odt-author", metadata_fixtures::odt_with_author());
    if want("metadata_image") {
        write_seeds(&root.join("metadata_image"), &[jpeg()])?;
    }
    if want("metadata_pdf") {
        write_seeds(&root.join("metadata_pdf"), &[pdf()])?;
    }
    if want("metadata_office") {
        write_seeds(&root.join("metadata_office"), &[docx(), odt()])?;
    }
    if want("metadata_clean") {
        write_seeds(&root.join("metadata_clean"), &[jpeg(), pdf(), docx(), odt()])?;
    }
    Ok(())
}

/// Outgoing reply bundles: empty, one reply, two replies.
fn outgoing_seeds() -> io::Result<Vec<(&'static str, Vec<u8>)>> {
    let reply = |n: u8, content: &[u8]| {
        OutgoingReply::new(ReplyId([n; 16]), MailboxId([n; 32]), content.to_vec())
    };
    Ok(vec![
        ("empty", write_outgoing(Vec::new(), &[])?),
        (
            "one-reply",
            write_outgoing(Vec::new(), &[reply(1, b"age-encryption.org/v1\n")])?,
        ),
        (
            "two-replies",
            write_outgoing(Vec::new(), &[reply(1, &[7; 600]), reply(2, b"second")])?,
        ),
    ])
}

/// One `nojs_multipart` input: the split byte, the boundary and `\n`, the body.
fn form_input(split: u8, boundary: &str, body: &[u8]) -> Vec<u8> {
    let mut input = vec![split];
    input.extend_from_slice(boundary.as_bytes());
    input.push(b'\n');
    input.extend_from_slice(body);
    input
}

/// A form as a browser sends it: `(name, filename, content type, data)`.
fn form_body(boundary: &str, parts: &[(&str, Option<&str>, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, filename, content_type, data) in parts {
        let mut head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"");
        if let Some(filename) = filename {
            head.push_str(&format!("; filename=\"{filename}\""));
        }
        head.push_str("\r\n");
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str("\r\n");
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

/// Forms for the no-JavaScript path: what the page's form sends (message,
/// files, the reply box, an unused file input), and a few broken ones.
fn form_seeds() -> Vec<(&'static str, Vec<u8>)> {
    let b = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    let octet = Some("application/octet-stream");
    let binary: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    vec![
        (
            "message-only",
            form_input(
                0,
                b,
                &form_body(
                    b,
                    &[(
                        "message",
                        None,
                        None,
                        b"The mayor's office shreds files on Fridays.",
                    )],
                ),
            ),
        ),
        (
            "message-two-files-reply",
            form_input(
                6,
                b,
                &form_body(
                    b,
                    &[
                        (
                            "message",
                            None,
                            None,
                            "Ledger attached. \u{5bc6}\u{4ef6}".as_bytes(),
                        ),
                        (
                            "file",
                            Some("ledger.csv"),
                            Some("text/csv"),
                            b"date,amount\n2026-01-01,100\n",
                        ),
                        (
                            "file",
                            Some("../../etc/scan.png"),
                            Some("image/png"),
                            &binary,
                        ),
                        ("reply", None, None, b"on"),
                    ],
                ),
            ),
        ),
        (
            "unused-file-input",
            form_input(
                255,
                "x",
                &form_body(
                    "x",
                    &[
                        ("message", None, None, b"no file"),
                        ("file", Some(""), octet, b""),
                    ],
                ),
            ),
        ),
        (
            "duplicate-names",
            form_input(
                31,
                b,
                &form_body(
                    b,
                    &[
                        ("file", Some("a.txt"), None, b"one"),
                        ("file", Some("a.txt"), None, b"two"),
                    ],
                ),
            ),
        ),
        (
            "unknown-field",
            form_input(
                1,
                b,
                &form_body(
                    b,
                    &[("message", None, None, b"hi"), ("evil", None, None, b"x")],
                ),
            ),
        ),
        (
            "empty-form",
            form_input(2, b, &form_body(b, &[("message", None, None, b"   ")])),
        ),
        (
            "truncated",
            form_input(
                3,
                b,
                &form_body(b, &[("message", None, None, b"cut")])[..60],
            ),
        ),
        (
            "wrong-boundary",
            form_input(4, "other", &form_body(b, &[("message", None, None, b"hi")])),
        ),
        // The slow input the fuzzer found (fuzz/README.md, "Findings"): the
        // closing boundary is not the form's, so the form never ends; it was
        // refused only when the idle timeout fired.
        (
            "wrong-closing-boundary",
            form_input(31, b, &{
                let mut body = form_body(b, &[("file", Some("a.txt"), None, b"one")]);
                body.truncate(body.len() - format!("--{b}--\r\n").len());
                let wrong = b.replacen("7MA4Y", "7MA4YA4Y", 1);
                body.extend_from_slice(format!("--{wrong}--\r\n").as_bytes());
                body
            }),
        ),
    ]
}

fn write_seeds(dir: &Path, seeds: &[(&str, Vec<u8>)]) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for (name, bytes) in seeds {
        fs::write(dir.join(format!("seed-{name}")), bytes)?;
    }
    println!("{}: {} seeds", dir.display(), seeds.len());
    Ok(())
}

fn meta(message: &str, attachments: &[(&str, &[u8])]) -> TipMeta {
    TipMeta {
        version: FORMAT_VERSION,
        kind: Kind::Tip,
        encrypted_by: EncryptedBy::Cli,
        language: "en".into(),
        message: message.into(),
        attachments: attachments
            .iter()
            .map(|(name, content)| AttachmentMeta {
                name: (*name).into(),
                size: content.len() as u64,
                media_type: "application/octet-stream".into(),
            })
            .collect(),
        mailbox: None,
        reply_recipient: None,
        followup_key: None,
        followup_proof: None,
    }
}

fn container(message: &str, attachments: &[(&str, &[u8])]) -> io::Result<Vec<u8>> {
    let mut writer = TipWriter::new(Vec::new(), &meta(message, attachments))?;
    for (name, content) in attachments {
        writer.append_file(name, content.len() as u64, &mut &content[..])?;
    }
    writer.finish()
}

/// A ustar entry header built by hand, for entries tipbox never writes.
fn raw_entry(path: &[u8], kind: tar::EntryType, link: Option<&str>, content: &[u8]) -> Vec<u8> {
    let mut header = tar::Header::new_ustar();
    header.as_old_mut().name[..path.len()].copy_from_slice(path);
    header.set_entry_type(kind);
    header.set_size(content.len() as u64);
    header.set_mode(0o644);
    if let Some(target) = link {
        header.set_link_name(target).expect("short link name");
    }
    header.set_cksum();
    let mut out = header.as_bytes().to_vec();
    out.extend_from_slice(content);
    out.resize(out.len().next_multiple_of(512), 0);
    out
}

/// A valid container's `tip.json` entry followed by `entries` and the end marker.
fn hostile(entries: &[Vec<u8>]) -> io::Result<Vec<u8>> {
    let json = meta_json()?;
    let mut out = raw_entry(b"tip.json", tar::EntryType::Regular, None, &json);
    for entry in entries {
        out.extend_from_slice(entry);
    }
    out.extend_from_slice(&[0; 1024]);
    Ok(out)
}

fn meta_json() -> io::Result<Vec<u8>> {
    // The writer's own tip.json for a message-only tip: the first entry's data.
    let plain = container("hello", &[])?;
    let size = tar::Header::from_byte_slice(&plain[..512]).entry_size()?;
    Ok(plain[512..512 + size as usize].to_vec())
}

fn tip_seeds() -> io::Result<Vec<(&'static str, Vec<u8>)>> {
    let regular = tar::EntryType::Regular;
    Ok(vec![
        (
            "message-only",
            container("A message, nothing attached.", &[])?,
        ),
        (
            "two-files",
            container(
                "See attached.",
                &[("report.pdf", b"%PDF-1.4 ..."), ("notes.txt", b"notes\n")],
            )?,
        ),
        ("empty-file", container("", &[("empty", b"")])?),
        (
            "unrecognised",
            b"plain bytes that are not a tar container".to_vec(),
        ),
        (
            "escape-dotdot",
            hostile(&[raw_entry(b"files/../../x", regular, None, b"x")])?,
        ),
        (
            "escape-absolute",
            hostile(&[raw_entry(b"/tmp/x", regular, None, b"x")])?,
        ),
        (
            "symlink",
            hostile(&[raw_entry(
                b"files/link",
                tar::EntryType::Symlink,
                Some("/etc/passwd"),
                b"",
            )])?,
        ),
        (
            "hardlink",
            hostile(&[raw_entry(
                b"files/link",
                tar::EntryType::Link,
                Some("tip.json"),
                b"",
            )])?,
        ),
        (
            "duplicate",
            hostile(&[
                raw_entry(b"files/a.txt", regular, None, b"one"),
                raw_entry(b"files/A.TXT", regular, None, b"two"),
            ])?,
        ),
    ])
}

fn bundle_seeds() -> io::Result<Vec<(&'static str, Vec<u8>)>> {
    let bundle = |tips: &[(u8, &[u8])]| -> io::Result<Vec<u8>> {
        let manifest = Manifest {
            version: MANIFEST_VERSION,
            tips: tips
                .iter()
                .map(|(id, content)| ManifestEntry {
                    id: TipId([*id; 16]),
                    received: "2026-11-28".into(),
                    size: content.len() as u64,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let mut writer = BundleWriter::new(Vec::new(), &manifest)?;
        for (id, content) in tips {
            writer.append_tip(TipId([*id; 16]), content.len() as u64, &mut &content[..])?;
        }
        writer.finish()
    };
    Ok(vec![
        ("empty", bundle(&[])?),
        ("one-tip", bundle(&[(1, b"age-encryption.org/v1\n...")])?),
        (
            "three-tips",
            bundle(&[(1, b"first"), (2, &[0xAB; 700]), (3, b"")])?,
        ),
    ])
}

fn encrypted(recipients: &[Identity], plaintext: &[u8]) -> io::Result<Vec<u8>> {
    let keys: Vec<_> = recipients.iter().map(Identity::to_public).collect();
    let mut encryptor = Encryptor::new(Vec::new(), &keys).map_err(io::Error::other)?;
    encryptor.write_all(plaintext)?;
    encryptor.finish()
}

fn age_seeds() -> io::Result<Vec<(&'static str, Vec<u8>)>> {
    let other = Identity::from_bytes([0x17; 32]); // a second TEST KEY
    Ok(vec![
        ("empty", encrypted(&[test_identity()], b"")?),
        ("short", encrypted(&[test_identity()], b"a short tip")?),
        (
            "two-recipients",
            encrypted(&[other, test_identity()], b"to two keys")?,
        ),
        (
            "one-chunk-exactly",
            encrypted(&[test_identity()], &vec![7; CHUNK_SIZE])?,
        ),
        (
            "two-chunks",
            encrypted(&[test_identity()], &vec![9; CHUNK_SIZE + 1])?,
        ),
    ])
}

// --- structured targets ---------------------------------------------------
// The `arbitrary` crate decodes a collection as a sequence of (continue = odd
// byte, element) pairs ended by an even byte, integers as little-endian
// bytes, an `Option` as a flag byte then the value; the last field of each
// target is a `&[u8]`: all remaining bytes, as they are. These helpers spell seeds in that encoding.

fn arbitrary_vec(elements: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for element in elements {
        out.push(1);
        out.extend_from_slice(element);
    }
    out.push(0);
    out
}

/// `api_header_check`'s `Upload { splits, body }`: each file whole, and
/// each file split into small uneven network chunks.
fn upload_seeds(files: &[(&'static str, Vec<u8>)]) -> Vec<(&'static str, Vec<u8>)> {
    let mut seeds = Vec::new();
    for (name, file) in files {
        let mut whole = arbitrary_vec(&[]);
        whole.extend_from_slice(file);
        seeds.push((*name, whole));
        let mut split = arbitrary_vec(&[&[0], &[20], &[2], &[63], &[6], &[100]]);
        split.extend_from_slice(file);
        seeds.push((leak(format!("{name}-split")), split));
    }
    seeds
}

fn leak(name: String) -> &'static str {
    Box::leak(name.into_boxed_str())
}

/// `stream_decrypt_mutated`'s `Case { pattern, length, flips, truncate,
/// append }`: unmodified files (one chunk, exactly one chunk, two chunks)
/// and files with one flip in the header, one in the payload, a truncation
/// at a chunk boundary and appended bytes.
fn mutation_seeds() -> Vec<(&'static str, Vec<u8>)> {
    let case =
        |chunks: u8, extra: u16, flips: &[(u32, u8)], truncate: Option<u32>, append: &[u8]| {
            let mut out = arbitrary_vec(&[b"t", b"i", b"p"]);
            out.push(chunks);
            out.extend_from_slice(&extra.to_le_bytes());
            let flips: Vec<Vec<u8>> = flips
                .iter()
                .map(|(at, mask)| [&at.to_le_bytes()[..], &[*mask]].concat())
                .collect();
            let flips: Vec<&[u8]> = flips.iter().map(Vec::as_slice).collect();
            out.extend_from_slice(&arbitrary_vec(&flips));
            match truncate {
                Some(keep) => {
                    out.push(1);
                    out.extend_from_slice(&keep.to_le_bytes());
                }
                None => out.push(0),
            }
            out.extend_from_slice(append);
            out
        };
    let chunk = CHUNK_SIZE as u32;
    vec![
        ("unmodified-short", case(0, 100, &[], None, b"")),
        ("unmodified-empty", case(0, 0, &[], None, b"")),
        ("unmodified-one-chunk", case(1, 0, &[], None, b"")),
        ("unmodified-two-chunks", case(1, 1, &[], None, b"")),
        ("flip-header", case(0, 100, &[(40, 0x01)], None, b"")),
        (
            "flip-payload-tag",
            case(0, 100, &[(u32::MAX, 0x80)], None, b""),
        ),
        ("truncate-at-chunk", case(1, 1, &[], Some(200 + chunk), b"")),
        ("append", case(0, 100, &[], None, b"\0")),
    ]
}
