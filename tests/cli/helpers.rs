use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tipbox::bundle::{BundleWriter, KeySetId, Manifest, ManifestEntry, TipId};
use tipbox::envelope::{Encryptor, Recipient};
use tipbox::tip::{self, AttachmentMeta, EncryptedBy, Kind, TipMeta, TipWriter};

pub fn decrypt_cmd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tipbox-decrypt"))
}

pub fn tipbox_cmd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tipbox"))
}

/// Runs with no standard input and no passphrase in the environment.
pub fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null())
        .env_remove("TIPBOX_PASSPHRASE")
        .output()
        .expect("the binary runs")
}

/// A fresh unprotected identity written by `tipbox-decrypt keygen`.
pub struct Keys {
    pub identity: PathBuf,
    pub recipient: Recipient,
}

/// A hybrid post-quantum key (`keygen`'s default).
pub fn keygen(dir: &Path, name: &str) -> Keys {
    keygen_with(dir, name, &[])
}

/// A classic X25519 key (`keygen --classic`), for tools that read only those
/// (the age crate 0.11 used as a reference here).
pub fn keygen_classic(dir: &Path, name: &str) -> Keys {
    keygen_with(dir, name, &["--classic"])
}

fn keygen_with(dir: &Path, name: &str, args: &[&str]) -> Keys {
    let identity = dir.join(name);
    let out = run(decrypt_cmd()
        .args(["keygen", "--no-passphrase", "-o"])
        .arg(&identity)
        .args(args));
    assert!(out.status.success(), "keygen failed: {}", stderr(&out));
    let recipient = String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    Keys {
        identity,
        recipient,
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The failure contract of every command: non-zero exit and exactly one
/// line on stderr, which says what went wrong.
pub fn assert_fails_with(out: &Output, expected: &str) {
    let err = stderr(out);
    assert!(!out.status.success(), "expected failure, got success");
    assert_eq!(
        err.lines().count(),
        1,
        "expected one line on stderr, got: {err:?}"
    );
    assert!(
        err.to_lowercase().contains(&expected.to_lowercase()),
        "stderr {err:?} does not mention {expected:?}"
    );
}

/// A tip container with `message` and `files`, sealed to `recipients`.
pub fn sealed_tip(recipients: &[Recipient], message: &str, files: &[(&str, &[u8])]) -> Vec<u8> {
    sealed_tip_in("en", recipients, message, files)
}

/// [`sealed_tip`] whose `tip.json` names `language`.
pub fn sealed_tip_in(
    language: &str,
    recipients: &[Recipient],
    message: &str,
    files: &[(&str, &[u8])],
) -> Vec<u8> {
    let meta = TipMeta {
        version: tip::FORMAT_VERSION,
        kind: Kind::Tip,
        encrypted_by: EncryptedBy::Cli,
        language: language.into(),
        message: message.into(),
        attachments: files
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
    };
    let encryptor = Encryptor::new(Vec::new(), recipients).unwrap();
    let mut writer = TipWriter::new(encryptor, &meta).unwrap();
    for (name, content) in files {
        writer
            .append_file(name, content.len() as u64, &mut &content[..])
            .unwrap();
    }
    writer.finish().unwrap().finish().unwrap()
}

/// An export bundle holding `tips` (ciphertexts), with fresh ids.
pub fn bundle(tips: &[Vec<u8>]) -> (Vec<u8>, Vec<TipId>) {
    let entries: Vec<(TipId, &Vec<u8>)> = tips.iter().map(|t| (TipId::random(), t)).collect();
    let ids = entries.iter().map(|(id, _)| *id).collect();
    (bundle_with(&entries, None), ids)
}

/// A bundle of `(id, ciphertext)` entries, optionally recording the key set
/// each tip was checked against on arrival.
pub fn bundle_with(entries: &[(TipId, &Vec<u8>)], key_set: Option<&Vec<String>>) -> Vec<u8> {
    let set_id = key_set.map(|set| KeySetId::of(set));
    let manifest_entries: Vec<ManifestEntry> = entries
        .iter()
        .map(|(id, tip)| ManifestEntry {
            id: *id,
            received: "2026-11-28".into(),
            size: tip.len() as u64,
            key_set: set_id,
        })
        .collect();
    let mut manifest = Manifest {
        version: 1,
        tips: manifest_entries.clone(),
        ..Default::default()
    };
    if let (Some(id), Some(set)) = (set_id, key_set) {
        manifest.key_sets.insert(id, set.clone());
    }
    let mut writer = BundleWriter::new(Vec::new(), &manifest).unwrap();
    for (entry, (_, tip)) in manifest_entries.iter().zip(entries) {
        writer
            .append_tip(entry.id, entry.size, &mut &tip[..])
            .unwrap();
    }
    writer.finish().unwrap()
}

/// `tipbox-decrypt open -i KEY INPUT -o OUT`.
pub fn open_cmd(keys: &Keys, input: &Path, out: &Path) -> Output {
    run(decrypt_cmd()
        .args(["open", "-i"])
        .arg(&keys.identity)
        .arg(input)
        .arg("-o")
        .arg(out))
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn write(path: &Path, bytes: &[u8]) {
    std::fs::File::create(path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
}

/// Every path below `dir`, relative to it, sorted.
pub fn tree(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            out.push(path.strip_prefix(base).unwrap().to_owned());
            if path.is_dir() && !path.is_symlink() {
                walk(base, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Pseudo-random bytes (not secret; reproducible per seed).
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u8
        })
        .collect()
}

/// A container built with the plain `tar` crate, as an adversary would, with
/// any `tip.json` text and entry names, sealed to `recipients`.
pub fn hostile_tip(recipients: &[Recipient], tip_json: &str, entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    let mut append = |name: &str, content: &[u8]| {
        let mut header = tar::Header::new_ustar();
        header.set_size(content.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        if name.len() > 100 {
            // A long name travels in a pax header, as GNU tar would write it.
            builder
                .append_pax_extensions([("path", name.as_bytes())])
                .unwrap();
            builder
                .append_data(&mut header, "files/long", content)
                .unwrap();
        } else {
            builder.append_data(&mut header, name, content).unwrap();
        }
    };
    append("tip.json", tip_json.as_bytes());
    for (name, content) in entries {
        append(name, content);
    }
    let plain = builder.into_inner().unwrap();
    let mut encryptor = Encryptor::new(Vec::new(), recipients).unwrap();
    encryptor.write_all(&plain).unwrap();
    encryptor.finish().unwrap()
}
