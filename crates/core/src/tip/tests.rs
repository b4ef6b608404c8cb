//! Container tests: writer → reader round trips, stock `tar` compatibility,
//! and one hand-built hostile tar per attack the reader must refuse.
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use tar::{EntryType, Header};

use super::*;

// ---------------------------------------------------------------- helpers

fn meta_with(attachments: &[(&str, u64)]) -> TipMeta {
    TipMeta {
        version: FORMAT_VERSION,
        kind: Kind::Tip,
        encrypted_by: EncryptedBy::Cli,
        language: "fa".into(),
        message: "سلام\nThe ledger is in the attachment.".into(),
        attachments: attachments
            .iter()
            .map(|&(name, size)| AttachmentMeta {
                name: name.into(),
                size,
                media_type: "application/octet-stream".into(),
            })
            .collect(),
        mailbox: None,
        reply_recipient: None,
        followup_key: None,
        followup_proof: None,
    }
}

/// A container written by [`TipWriter`] holding `files`.
fn container(files: &[(&str, &[u8])]) -> Vec<u8> {
    let listed: Vec<(&str, u64)> = files.iter().map(|(n, c)| (*n, c.len() as u64)).collect();
    let mut writer = TipWriter::new(Vec::new(), &meta_with(&listed)).unwrap();
    for (name, content) in files {
        writer
            .append_file(name, content.len() as u64, &mut &content[..])
            .unwrap();
    }
    writer.finish().unwrap()
}

/// A tar built entry by entry with raw header fields, for the attacks the
/// `tar` crate's own builder refuses to write (`../`, absolute paths, lies
/// about sizes).
struct HostileTar {
    bytes: Vec<u8>,
}

impl HostileTar {
    /// Starts with a valid `tip.json` listing no attachments.
    fn new() -> Self {
        let json = serde_json::to_vec(&meta_with(&[])).unwrap();
        let mut tar = HostileTar { bytes: Vec::new() };
        tar.entry(b"tip.json", EntryType::Regular, &json);
        tar
    }

    fn header(path: &[u8], entry_type: EntryType, declared_size: u64) -> Header {
        let mut header = Header::new_ustar();
        header.as_ustar_mut().unwrap().name[..path.len()].copy_from_slice(path);
        header.set_entry_type(entry_type);
        header.set_mode(0o644);
        header.set_size(declared_size);
        header
    }

    fn push_header(&mut self, mut header: Header) {
        header.set_cksum();
        self.bytes.extend_from_slice(header.as_bytes());
    }

    fn push_data(&mut self, data: &[u8]) {
        self.bytes.extend_from_slice(data);
        let padding = (512 - data.len() % 512) % 512;
        self.bytes.extend(std::iter::repeat_n(0, padding));
    }

    fn entry(&mut self, path: &[u8], entry_type: EntryType, data: &[u8]) -> &mut Self {
        self.push_header(Self::header(path, entry_type, data.len() as u64));
        self.push_data(data);
        self
    }

    fn file(&mut self, path: &str, data: &[u8]) -> &mut Self {
        self.entry(path.as_bytes(), EntryType::Regular, data)
    }

    fn link(&mut self, path: &str, entry_type: EntryType, target: &str) -> &mut Self {
        let mut header = Self::header(path.as_bytes(), entry_type, 0);
        header.set_link_name(target).unwrap();
        self.push_header(header);
        self
    }

    /// A header whose size field says `declared_size` followed by `data`.
    fn declared(&mut self, path: &str, declared_size: u64, data: &[u8]) -> &mut Self {
        self.push_header(Self::header(
            path.as_bytes(),
            EntryType::Regular,
            declared_size,
        ));
        self.push_data(data);
        self
    }

    /// A local pax extended header with the given `key=value` records.
    fn pax(&mut self, records: &[(&str, &[u8])]) -> &mut Self {
        let mut data = Vec::new();
        for (key, value) in records {
            // "%d %s=%s\n" where the length counts itself.
            let body_len = key.len() + value.len() + 3;
            let mut len = body_len + 1;
            while len != body_len + len.to_string().len() {
                len = body_len + len.to_string().len();
            }
            data.extend_from_slice(format!("{len} {key}=").as_bytes());
            data.extend_from_slice(value);
            data.push(b'\n');
        }
        self.entry(b"./PaxHeaders/x", EntryType::XHeader, &data)
    }

    fn end(&mut self) -> Vec<u8> {
        self.bytes.extend_from_slice(&[0u8; 1024]);
        self.bytes.clone()
    }
}

/// A temporary folder `root` holding the empty output folder `root/out`;
/// anything that appears in `root` outside `out` was written by an escape.
struct Sandbox {
    root: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("out")).unwrap();
        Sandbox { root }
    }

    fn out(&self) -> PathBuf {
        self.root.path().join("out")
    }

    fn extract_with(&self, bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
        let result = extract(&mut &bytes[..], &self.out(), limits);
        self.assert_nothing_written_outside_out();
        result
    }

    fn extract(&self, bytes: &[u8]) -> Result<Extracted, ExtractError> {
        self.extract_with(bytes, &Limits::default())
    }

    fn assert_nothing_written_outside_out(&self) {
        let out = self.out();
        for path in walk(self.root.path()) {
            assert!(
                path.starts_with(&out),
                "{} was written outside the output folder",
                path.display()
            );
        }
    }

    /// Names in `out/files`, sorted.
    fn attachment_names(&self) -> Vec<String> {
        let mut names: Vec<String> = match fs::read_dir(self.out().join("files")) {
            Ok(entries) => entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        };
        names.sort();
        names
    }
}

/// Every path under `dir`, without following links.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        found.push(path.clone());
        if fs::symlink_metadata(&path).unwrap().is_dir() {
            found.extend(walk(&path));
        }
    }
    found
}

/// Content that is not all one byte, so a misplaced block would show.
fn patterned(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i % 251) as u8 ^ (i / 251) as u8)
        .collect()
}

// ------------------------------------------------------------- round trip

#[test]
fn writer_then_extract_gives_back_identical_files() {
    let big = patterned(200_000);
    let files: [(&str, &[u8]); 4] = [
        ("ledger.xlsx", &big),
        ("empty.txt", b""),
        ("گزارش محرمانه.pdf", b"%PDF-1.7 tiny"),
        ("exactly-one-block.bin", &[7u8; 512]),
    ];
    let bytes = container(&files);
    let sandbox = Sandbox::new();

    let extracted = sandbox.extract(&bytes).unwrap();

    let listed: Vec<(&str, u64)> = files.iter().map(|(n, c)| (*n, c.len() as u64)).collect();
    assert_eq!(extracted.meta, Some(meta_with(&listed)));
    assert!(extracted.warnings.is_empty(), "{:?}", extracted.warnings);
    let expected_paths: Vec<PathBuf> = files
        .iter()
        .map(|(n, _)| Path::new("files").join(n))
        .collect();
    assert_eq!(extracted.files, expected_paths);
    for (name, content) in files {
        assert_eq!(
            fs::read(sandbox.out().join("files").join(name)).unwrap(),
            content,
            "{name}"
        );
    }
    let message = fs::read_to_string(sandbox.out().join(MESSAGE_FILE)).unwrap();
    assert_eq!(message, meta_with(&[]).message);
    let json: TipMeta =
        serde_json::from_slice(&fs::read(sandbox.out().join("tip.json")).unwrap()).unwrap();
    assert_eq!(Some(json), extracted.meta);
}

#[test]
fn writer_pads_the_container_to_its_padme_length() {
    for size in [0usize, 1, 511, 512, 513, 10_000, 100_000, 1 << 20] {
        let content = patterned(size);
        let bytes = container(&[("a.bin", &content[..])]);
        let json_len = serde_json::to_vec_pretty(&meta_with(&[("a.bin", size as u64)]))
            .unwrap()
            .len();
        let round = |n: usize| n.div_ceil(512) * 512;
        let unpadded = 512 + round(json_len) + 512 + round(size) + 1024;
        assert_eq!(
            bytes.len() as u64,
            padme(unpadded as u64),
            "attachment of {size} bytes"
        );
        assert!(bytes[unpadded - 1024..].iter().all(|&b| b == 0));
    }
}

#[test]
fn writer_output_is_deterministic() {
    // Same input, same bytes: no clock, owner or host in any header.
    let files: [(&str, &[u8]); 1] = [("a.txt", b"hello")];
    assert_eq!(container(&files), container(&files));
}

#[test]
fn writer_refuses_content_shorter_than_declared() {
    let mut writer = TipWriter::new(Vec::new(), &meta_with(&[("a.txt", 10)])).unwrap();
    let error = writer
        .append_file("a.txt", 10, &mut &b"12345"[..])
        .unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
    // The container is now incomplete: finishing must not pretend otherwise.
    assert!(writer.finish().is_err());
}

#[test]
fn writer_refuses_content_longer_than_declared() {
    let mut writer = TipWriter::new(Vec::new(), &meta_with(&[("a.txt", 3)])).unwrap();
    assert!(writer.append_file("a.txt", 3, &mut &b"12345"[..]).is_err());
}

#[test]
fn writer_refuses_a_file_that_tip_json_does_not_list() {
    // The server counts these texts for its report: no name of the source's.
    let refused = |listed: &[(&str, u64)], name: &str, content: &[u8]| {
        let mut writer = TipWriter::new(Vec::new(), &meta_with(listed)).unwrap();
        let error = writer
            .append_file(name, content.len() as u64, &mut &content[..])
            .unwrap_err()
            .to_string();
        assert!(!error.contains("secret-"), "{error}");
    };
    refused(&[("secret-a.txt", 1)], "secret-b.txt", b"x");
    refused(&[("secret-a.txt", 1)], "secret-a.txt", b"xy");
    refused(&[], "secret-a.txt", b"x");
}

#[test]
fn writer_refuses_to_finish_with_listed_files_missing() {
    let writer = TipWriter::new(Vec::new(), &meta_with(&[("a.txt", 1)])).unwrap();
    assert!(writer.finish().is_err());
}

#[test]
fn writer_refuses_unsanitised_or_duplicate_names_in_tip_json() {
    let error = |meta: &TipMeta| TipWriter::new(Vec::new(), meta).err().unwrap().to_string();
    // The server counts these texts for its report: no name of the source's.
    let unsanitised = error(&meta_with(&[("../secret-plan.txt", 1)]));
    assert!(!unsanitised.contains("secret-plan"), "{unsanitised}");
    let twice = error(&meta_with(&[
        ("secret-plan.txt", 1),
        ("SECRET-PLAN.TXT", 1),
    ]));
    assert!(!twice.to_lowercase().contains("secret-plan"), "{twice}");
    let mut wrong_version = meta_with(&[]);
    wrong_version.version = FORMAT_VERSION + 1;
    assert!(TipWriter::new(Vec::new(), &wrong_version).is_err());
}

#[test]
fn writer_handles_the_longest_sanitised_name() {
    let name = sanitize_name(&format!("{}.pdf", "ش".repeat(100)));
    assert!(name.len() <= MAX_NAME_BYTES);
    let bytes = container(&[(&name, b"x")]);
    let sandbox = Sandbox::new();
    sandbox.extract(&bytes).unwrap();
    assert_eq!(sandbox.attachment_names(), vec![name]);
}

// ------------------------------------------------------------- stock tar

fn gnu_tar(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new("tar")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("GNU tar must be installed to run this test (apt-get install tar)")
}

#[test]
fn stock_tar_lists_a_written_container() {
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, &[u8]); 2] = [("a.txt", b"hello"), ("b b.bin", &patterned(70_000))];
    fs::write(dir.path().join("tip.tar"), container(&files)).unwrap();

    let output = gnu_tar(&["-tf", "tip.tar"], dir.path());

    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "tar warned: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "tip.json\nfiles/a.txt\nfiles/b b.bin\n"
    );
}

#[test]
fn stock_tar_extracts_a_written_container_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let big = patterned(70_000);
    let files: [(&str, &[u8]); 2] = [("a.txt", b"hello"), ("big.bin", &big)];
    fs::write(dir.path().join("tip.tar"), container(&files)).unwrap();
    fs::create_dir(dir.path().join("x")).unwrap();

    let output = gnu_tar(&["-xf", "../tip.tar"], &dir.path().join("x"));

    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "tar warned: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    for (name, content) in files {
        assert_eq!(
            fs::read(dir.path().join("x/files").join(name)).unwrap(),
            content
        );
    }
    let json: TipMeta =
        serde_json::from_slice(&fs::read(dir.path().join("x/tip.json")).unwrap()).unwrap();
    assert_eq!(json.attachments.len(), 2);
}

// ------------------------------------------------------- not a container

#[test]
fn extract_writes_a_non_container_whole_as_one_attachment() {
    // A source encrypted a PDF with stock age and posted it to the API.
    let cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"just a message typed into age".to_vec(),
        patterned(100_000),
        vec![0u8; 4096],
    ];
    for plaintext in cases {
        let sandbox = Sandbox::new();
        let extracted = sandbox.extract(&plaintext).unwrap();
        assert_eq!(extracted.meta, None);
        assert_eq!(
            extracted.files,
            vec![PathBuf::from("files/unrecognised-content.bin")]
        );
        let written = fs::read(sandbox.out().join("files").join(UNRECOGNISED_NAME)).unwrap();
        assert_eq!(written, plaintext, "{} bytes", plaintext.len());
    }
}

#[test]
fn extract_writes_an_ordinary_tar_whole_rather_than_unpacking_it() {
    // A tar that does not start with tip.json is not ours to interpret.
    let mut tar = HostileTar { bytes: Vec::new() };
    let plaintext = tar.file("../../evil.sh", b"rm -rf ~").end();
    let sandbox = Sandbox::new();
    let extracted = sandbox.extract(&plaintext).unwrap();
    assert_eq!(extracted.meta, None);
    assert_eq!(
        fs::read(sandbox.out().join("files").join(UNRECOGNISED_NAME)).unwrap(),
        plaintext
    );
}

#[test]
fn extract_treats_an_oversized_tip_json_as_not_a_container() {
    let mut tar = HostileTar { bytes: Vec::new() };
    let plaintext = tar.declared("tip.json", 1 << 40, b"{}").end();
    let sandbox = Sandbox::new();
    let extracted = sandbox.extract(&plaintext).unwrap();
    assert_eq!(extracted.meta, None);
    assert_eq!(
        fs::read(sandbox.out().join("files").join(UNRECOGNISED_NAME)).unwrap(),
        plaintext
    );
}

#[test]
fn extract_refuses_a_non_container_beyond_the_size_limit() {
    let limits = Limits {
        max_total_bytes: 1000,
        ..Limits::default()
    };
    let sandbox = Sandbox::new();
    let error = sandbox.extract_with(&patterned(1001), &limits).unwrap_err();
    assert!(
        matches!(error, ExtractError::TooLarge(_, 1001)),
        "{error:?}"
    );
    // Exactly at the limit is fine.
    Sandbox::new()
        .extract_with(&patterned(1000), &limits)
        .unwrap();
}

// ------------------------------------------------------- hostile entries

#[test]
fn extract_refuses_parent_dir_entry() {
    for path in [
        "../evil",
        "files/../../evil",
        "files/../tip2.json",
        "files/..\\..\\evil",
    ] {
        let bytes = HostileTar::new().file(path, b"pwned").end();
        let sandbox = Sandbox::new();
        let error = sandbox.extract(&bytes).unwrap_err();
        assert!(
            matches!(error, ExtractError::PathEscape(_)),
            "{path}: {error:?}"
        );
        assert!(sandbox.attachment_names().is_empty());
    }
}

#[test]
fn extract_refuses_absolute_path() {
    let sandbox = Sandbox::new();
    // Inside the sandbox root, so that a successful escape would be seen.
    let target = sandbox.root.path().join("evil");
    let bytes = HostileTar::new()
        .file(target.to_str().unwrap(), b"pwned")
        .end();
    let error = sandbox.extract(&bytes).unwrap_err();
    assert!(matches!(error, ExtractError::PathEscape(_)), "{error:?}");
    assert!(!target.exists());
}

#[test]
fn extract_refuses_symlink() {
    // A link to the home folder, then a file written "through" it.
    let sandbox = Sandbox::new();
    let bytes = HostileTar::new()
        .link("files/link", EntryType::Symlink, "../..")
        .file("files/link/evil", b"pwned")
        .end();
    let error = sandbox.extract(&bytes).unwrap_err();
    assert!(
        matches!(error, ExtractError::NotRegularFile(_)),
        "{error:?}"
    );
    assert!(sandbox.attachment_names().is_empty());
}

#[test]
fn extract_refuses_hardlink() {
    let sandbox = Sandbox::new();
    let bytes = HostileTar::new()
        .link("files/passwd", EntryType::Link, "/etc/passwd")
        .end();
    let error = sandbox.extract(&bytes).unwrap_err();
    assert!(
        matches!(error, ExtractError::NotRegularFile(_)),
        "{error:?}"
    );
    assert!(sandbox.attachment_names().is_empty());
}

#[test]
fn extract_refuses_device_file() {
    for entry_type in [
        EntryType::Char,
        EntryType::Block,
        EntryType::Fifo,
        EntryType::Directory,
    ] {
        let sandbox = Sandbox::new();
        let bytes = HostileTar::new().entry(b"files/dev", entry_type, b"").end();
        let error = sandbox.extract(&bytes).unwrap_err();
        assert!(
            matches!(error, ExtractError::NotRegularFile(_)),
            "{entry_type:?}: {error:?}"
        );
        assert!(sandbox.attachment_names().is_empty());
    }
}

#[test]
fn extract_refuses_duplicate_name() {
    // The second entry would overwrite the first, e.g. swap a document.
    for second in ["files/a.txt", "files/A.TXT", "files/\u{202E}a.txt"] {
        let sandbox = Sandbox::new();
        let bytes = HostileTar::new()
            .file("files/a.txt", b"original")
            .file(second, b"replacement")
            .end();
        let error = sandbox.extract(&bytes).unwrap_err();
        assert!(
            matches!(error, ExtractError::Duplicate(_)),
            "{second}: {error:?}"
        );
        assert_eq!(
            fs::read(sandbox.out().join("files/a.txt")).unwrap(),
            b"original"
        );
    }
}

#[test]
fn extract_refuses_huge_declared_size() {
    // A terabyte declared, a few bytes present: refused before reading.
    let sandbox = Sandbox::new();
    let bytes = HostileTar::new()
        .declared("files/huge.bin", 1 << 40, b"tiny")
        .end();
    let error = sandbox.extract(&bytes).unwrap_err();
    assert!(
        matches!(error, ExtractError::TooLarge(_, size) if size == 1 << 40),
        "{error:?}"
    );
    assert!(sandbox.attachment_names().is_empty());
}

#[test]
fn extract_refuses_entries_that_together_exceed_the_size_limit() {
    let limits = Limits {
        max_total_bytes: 5000,
        ..Limits::default()
    };
    let sandbox = Sandbox::new();
    let bytes = HostileTar::new()
        .file("files/a", &[1u8; 2000])
        .file("files/b", &[2u8; 2000])
        .file("files/c", &[3u8; 2000])
        .end();
    let error = sandbox.extract_with(&bytes, &limits).unwrap_err();
    assert!(
        matches!(error, ExtractError::TooLarge(_, 2000)),
        "{error:?}"
    );
}

#[test]
fn extract_refuses_too_many_entries() {
    let limits = Limits {
        max_entries: 2,
        ..Limits::default()
    };
    let sandbox = Sandbox::new();
    let bytes = HostileTar::new()
        .file("files/1", b"a")
        .file("files/2", b"b")
        .file("files/3", b"c")
        .end();
    let error = sandbox.extract_with(&bytes, &limits).unwrap_err();
    assert!(matches!(error, ExtractError::TooManyEntries), "{error:?}");
}

#[test]
fn extract_refuses_nested_directories_and_entries_outside_files() {
    for path in [
        "files/sub/evil",
        "evil.txt",
        "files/",
        "files/.",
        "./files/a",
        "files//a",
        "tip.json",
    ] {
        let sandbox = Sandbox::new();
        let bytes = HostileTar::new().file(path, b"x").end();
        let error = sandbox.extract(&bytes).unwrap_err();
        assert!(
            matches!(error, ExtractError::OutsideFiles(_)),
            "{path}: {error:?}"
        );
    }
}

#[test]
fn extract_sanitises_entry_names_before_writing() {
    let sandbox = Sandbox::new();
    let bytes = HostileTar::new()
        .file("files/invoice\u{202E}fdp.exe", b"MZ")
        .file("files/.bashrc", b"alias")
        .file("files/CON", b"dev")
        .end();
    sandbox.extract(&bytes).unwrap();
    assert_eq!(
        sandbox.attachment_names(),
        vec!["_CON", "bashrc", "invoicefdp.exe"]
    );
}

#[test]
fn extract_accepts_a_pax_long_name_and_sanitises_it() {
    let long = format!("files/{}.pdf", "ش".repeat(120));
    let sandbox = Sandbox::new();
    let bytes = HostileTar::new()
        .pax(&[("path", long.as_bytes())])
        .file("files/placeholder", b"content")
        .end();
    let extracted = sandbox.extract(&bytes).unwrap();
    let names = sandbox.attachment_names();
    assert_eq!(names.len(), 1);
    assert!(
        names[0].len() <= MAX_NAME_BYTES && names[0].ends_with(".pdf"),
        "{names:?}"
    );
    assert_eq!(extracted.files, vec![Path::new("files").join(&names[0])]);
}

#[test]
fn extract_refuses_parent_dir_entry_hidden_in_a_pax_path() {
    let sandbox = Sandbox::new();
    let bytes = HostileTar::new()
        .pax(&[("path", &b"../../evil"[..])])
        .file("files/innocent", b"pwned")
        .end();
    let error = sandbox.extract(&bytes).unwrap_err();
    assert!(matches!(error, ExtractError::PathEscape(_)), "{error:?}");
}

#[test]
fn extract_refuses_a_huge_pax_header() {
    // The tar crate would read it whole into memory.
    let sandbox = Sandbox::new();
    let mut tar = HostileTar::new();
    tar.push_header(HostileTar::header(
        b"./PaxHeaders/x",
        EntryType::XHeader,
        1 << 30,
    ));
    let error = sandbox.extract(&tar.end()).unwrap_err();
    assert!(
        matches!(error, ExtractError::TooLarge(_, size) if size == 1 << 30),
        "{error:?}"
    );
}

#[test]
fn extract_refuses_gnu_long_names_and_global_pax_headers() {
    for entry_type in [
        EntryType::GNULongName,
        EntryType::XGlobalHeader,
        EntryType::GNUSparse,
    ] {
        let sandbox = Sandbox::new();
        let bytes = HostileTar::new()
            .entry(b"././@LongLink", entry_type, b"files/x")
            .file("files/x", b"x")
            .end();
        let error = sandbox.extract(&bytes).unwrap_err();
        assert!(
            matches!(error, ExtractError::NotRegularFile(_)),
            "{entry_type:?}: {error:?}"
        );
    }
}

#[test]
fn extract_follows_a_pax_size_over_the_header_size() {
    // Readers that disagree on the size see different archives; we follow
    // pax, as POSIX says, so the next header is found where tar finds it.
    let sandbox = Sandbox::new();
    let bytes = HostileTar::new()
        .pax(&[("size", &b"600"[..])])
        .declared("files/a", 3, &[9u8; 600])
        .file("files/b", b"b")
        .end();
    sandbox.extract(&bytes).unwrap();
    assert_eq!(
        fs::read(sandbox.out().join("files/a")).unwrap(),
        vec![9u8; 600]
    );
    assert_eq!(fs::read(sandbox.out().join("files/b")).unwrap(), b"b");
}

// ------------------------------------------------------ damaged containers

/// Asserts that `bytes` was kept whole as the one unrecognised file, with
/// a warning naming tip.json and carrying no control character.
fn assert_kept_whole(bytes: &[u8]) -> String {
    let sandbox = Sandbox::new();
    let extracted = sandbox.extract(bytes).unwrap();
    assert!(extracted.meta.is_none());
    assert_eq!(
        fs::read(sandbox.out().join("files").join(UNRECOGNISED_NAME)).unwrap(),
        bytes,
        "nothing the source sent is dropped"
    );
    assert!(!sandbox.out().join("tip.json").exists());
    let warning = extracted.warnings.join("\n");
    assert!(warning.contains("tip.json cannot be used"), "{warning}");
    assert!(!warning.chars().any(char::is_control), "{warning:?}");
    warning
}

#[test]
fn invalid_tip_json_keeps_the_plaintext_whole_with_a_warning() {
    let mut tar = HostileTar { bytes: Vec::new() };
    let bytes = tar.file("tip.json", b"{\"version\": 1, ").end();
    assert_kept_whole(&bytes);
}

#[test]
fn unknown_tip_json_version_keeps_the_plaintext_whole_with_a_warning() {
    let mut meta = meta_with(&[]);
    meta.version = 99;
    let mut tar = HostileTar { bytes: Vec::new() };
    let bytes = tar
        .file("tip.json", &serde_json::to_vec(&meta).unwrap())
        .file("files/a", b"the document")
        .end();
    assert!(assert_kept_whole(&bytes).contains("version 99"));
}

#[test]
fn unknown_kind_with_escape_bytes_is_kept_whole_and_its_warning_has_no_escapes() {
    // serde's error quotes the unknown variant: ESC [2J clears the screen,
    // ESC ] 0 ; … BEL retitles the terminal.
    let json = br#"{"version":1,"kind":"\u001b[2J\u001b]0;pwned\u0007","encrypted_by":"cli","language":"en","message":"m","attachments":[]}"#;
    let mut tar = HostileTar { bytes: Vec::new() };
    let bytes = tar.file("tip.json", json).file("files/a", b"doc").end();
    assert!(assert_kept_whole(&bytes).contains("unknown variant"));
}

#[cfg(unix)]
#[test]
fn extracted_files_are_0600_and_folders_0700_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let bytes = HostileTar::new().file("files/a", b"a").end();
    let sandbox = Sandbox::new();
    sandbox.extract(&bytes).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&sandbox.out().join("files")), 0o700);
    for file in ["tip.json", "message.txt", "files/a"] {
        assert_eq!(mode(&sandbox.out().join(file)), 0o600, "{file}");
    }
}

#[test]
fn extract_refuses_a_header_with_a_bad_checksum() {
    let mut bytes = HostileTar::new().file("files/a", b"a").end();
    let second_header = bytes.len() - 1024 - 512 - 512;
    bytes[second_header + 10] ^= 1;
    let error = Sandbox::new().extract(&bytes).unwrap_err();
    assert!(matches!(error, ExtractError::Malformed(_)), "{error:?}");
}

#[test]
fn extract_refuses_a_truncated_entry() {
    let bytes = HostileTar::new()
        .declared("files/a", 5000, &[1u8; 100])
        .bytes
        .clone();
    let error = Sandbox::new().extract(&bytes).unwrap_err();
    assert!(matches!(error, ExtractError::Malformed(_)), "{error:?}");
}

#[test]
fn extract_refuses_a_missing_end_of_archive_marker() {
    let bytes = HostileTar::new().file("files/a", b"a").bytes.clone();
    let error = Sandbox::new().extract(&bytes).unwrap_err();
    assert!(matches!(error, ExtractError::Malformed(_)), "{error:?}");
    // Half a marker is not a marker either.
    let mut half = bytes;
    half.extend_from_slice(&[0u8; 512]);
    let error = Sandbox::new().extract(&half).unwrap_err();
    assert!(matches!(error, ExtractError::Malformed(_)), "{error:?}");
}

#[test]
fn extract_refuses_non_zero_bytes_in_the_padding() {
    // Data smuggled after the end-of-archive marker, where tar never looks.
    let mut bytes = container(&[("a.txt", b"hello")]);
    let last = bytes.len() - 1;
    bytes[last] = 1;
    let error = Sandbox::new().extract(&bytes).unwrap_err();
    assert!(matches!(error, ExtractError::Malformed(_)), "{error:?}");
}

#[test]
fn extract_refuses_padding_longer_than_padme_allows() {
    let mut bytes = container(&[("a.txt", b"hello")]);
    bytes.extend(std::iter::repeat_n(0, 1 << 20));
    let error = Sandbox::new().extract(&bytes).unwrap_err();
    assert!(matches!(error, ExtractError::Malformed(_)), "{error:?}");
}

#[test]
fn extract_warns_when_tip_json_disagrees_with_the_entries() {
    let json = serde_json::to_vec(&meta_with(&[("a.txt", 1), ("listed-only.txt", 3)])).unwrap();
    let mut tar = HostileTar { bytes: Vec::new() };
    let bytes = tar
        .file("tip.json", &json)
        .file("files/a.txt", b"abc")
        .end();
    let sandbox = Sandbox::new();
    let extracted = sandbox.extract(&bytes).unwrap();
    assert_eq!(extracted.warnings.len(), 2, "{:?}", extracted.warnings);
    // The files are still written: nothing a source sent is dropped.
    assert_eq!(fs::read(sandbox.out().join("files/a.txt")).unwrap(), b"abc");
}

#[test]
fn extract_never_overwrites_an_existing_file() {
    let sandbox = Sandbox::new();
    fs::write(sandbox.out().join("message.txt"), b"staff notes").unwrap();
    let error = sandbox.extract(&container(&[])).unwrap_err();
    assert!(
        matches!(&error, ExtractError::Io(e) if e.kind() == io::ErrorKind::AlreadyExists),
        "{error:?}"
    );
    assert_eq!(
        fs::read(sandbox.out().join("message.txt")).unwrap(),
        b"staff notes"
    );
}

#[test]
fn extract_reports_input_errors_as_io_errors() {
    // A decrypting reader that fails authentication mid-stream.
    struct FailsAfter(Vec<u8>);
    impl Read for FailsAfter {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "chunk failed to authenticate",
                ));
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0.drain(..n);
            Ok(n)
        }
    }
    let bytes = container(&[("a.bin", &patterned(10_000))]);
    let sandbox = Sandbox::new();
    let mut input = FailsAfter(bytes[..3000].to_vec());
    let error = extract(&mut input, &sandbox.out(), &Limits::default()).unwrap_err();
    assert!(
        matches!(&error, ExtractError::Io(e) if e.kind() == io::ErrorKind::InvalidData),
        "{error:?}"
    );
}

#[test]
fn extract_never_panics_or_escapes_on_corrupted_or_truncated_containers() {
    // A cheap deterministic fuzz: flipped bytes and every truncation point
    // of a valid container must give Ok or a clean error, never a panic
    // and never a file outside the output folder.
    let original = container(&[("a.txt", b"hello"), ("b.bin", &patterned(3000))]);
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..300 {
        let mut bytes = original.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() % bytes.len() as u64) as usize;
            bytes[at] = next() as u8;
        }
        let _ = Sandbox::new().extract(&bytes);
    }
    for cut in (0..original.len()).step_by(61) {
        let _ = Sandbox::new().extract(&original[..cut]);
    }
}
