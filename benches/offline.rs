//! Offline opening benchmark: `tipbox-decrypt open` on an export bundle of
//! 10,000 small tips (seconds and peak memory), beside a reference measured
//! in the same run on the same bundle: the `age` crate decrypting each tip in
//! a loop and writing its plaintext (the tar stream, not unpacked) to a file.
//!
//! `open` does more than the reference: it checks and unpacks each container
//! into its own folder (tip.json, message.txt, files/) through a temporary
//! folder and a rename, and writes an index; the reference shows what the
//! cryptography and one file per tip cost alone.
//!
//! Each side runs as a child process of a small wrapper (this binary again),
//! which waits for it and reads `ru_maxrss` of its children: the peak
//! resident memory of that one process.
//!
//! A second bundle of the same tips sealed to a hybrid post-quantum key
//! (`mlkem768x25519`) is opened the same way and printed beside the X25519
//! one (the age crate has no hybrid type, so it has no reference row).
//!
//! `cargo bench --bench offline` (`OFFLINE_TIPS=N` changes the 10,000).
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::Path;
use std::process::{Command, ExitCode};
use std::str::FromStr;
use std::time::Instant;

use tipbox::bundle::{
    BundleReader, BundleWriter, Manifest, ManifestEntry, TipId, MANIFEST_VERSION,
};
use tipbox::envelope::{Encryptor, Identity};
use tipbox::tip::{AttachmentMeta, EncryptedBy, Kind, TipMeta, TipWriter, FORMAT_VERSION};

/// Set for the wrapper that runs one command and reports its peak memory.
const MEASURE_ROLE: &str = "TIPBOX_BENCH_MEASURE";
/// Set for the reference decryptor: `BUNDLE IDENTITY_FILE OUT_DIR` follow.
const REFERENCE_ROLE: &str = "TIPBOX_BENCH_AGE_REFERENCE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if std::env::var_os(MEASURE_ROLE).is_some() {
        return measure_child(&args);
    }
    if std::env::var_os(REFERENCE_ROLE).is_some() {
        age_reference(&args[0], &args[1], &args[2]);
        return ExitCode::SUCCESS;
    }
    let count: usize = std::env::var("OFFLINE_TIPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);

    let work = tempfile::tempdir().unwrap();
    let identity = Identity::generate();
    let identity_file = work.path().join("identity.txt");
    write_identity_file(&identity_file, &identity);
    let bundle = work.path().join("export.tar");
    let bundle_bytes = write_bundle(&bundle, count, &identity);
    println!(
        "bundle of {count} tips ({:.1} MiB), each a message and a 1 KiB attachment\n",
        bundle_bytes as f64 / 1048576.0
    );
    println!(
        "{:<44} {:>9} {:>9} {:>10}",
        "", "seconds", "tips/s", "peak MiB"
    );

    let reference_out = work.path().join("reference");
    let reference = measure(
        Command::new(std::env::current_exe().unwrap())
            .env(REFERENCE_ROLE, "1")
            .arg(&bundle)
            .arg(&identity_file)
            .arg(&reference_out),
    );
    report(
        "reference: age crate, decrypt each to a file",
        count,
        reference,
    );
    assert_eq!(std::fs::read_dir(&reference_out).unwrap().count(), count);

    let opened = open_measured(&identity_file, &bundle, &work.path().join("opened"), count);
    report("tipbox-decrypt open", count, opened);

    // The same tips sealed to a hybrid key instead.
    let hybrid = Identity::generate_hybrid();
    let hybrid_identity_file = work.path().join("hybrid-identity.txt");
    write_identity_file(&hybrid_identity_file, &hybrid);
    let hybrid_bundle = work.path().join("export-hybrid.tar");
    write_bundle(&hybrid_bundle, count, &hybrid);
    let opened_hybrid = open_measured(
        &hybrid_identity_file,
        &hybrid_bundle,
        &work.path().join("opened-hybrid"),
        count,
    );
    report(
        "tipbox-decrypt open, hybrid mlkem768x25519",
        count,
        opened_hybrid,
    );

    println!(
        "\ntipbox-decrypt open takes {:.2}x the reference's time",
        opened.0 / reference.0
    );
    println!(
        "hybrid tips take {:.2}x the time of X25519 tips ({:.0} µs more per tip)",
        opened_hybrid.0 / opened.0,
        (opened_hybrid.0 - opened.0) / count as f64 * 1e6
    );
    ExitCode::SUCCESS
}

/// `identity` as an unprotected key file at `path`.
fn write_identity_file(path: &Path, identity: &Identity) {
    std::fs::write(
        path,
        format!(
            "# TEST KEY for the offline benchmark\n{}\n",
            identity.to_encoded().as_str()
        ),
    )
    .unwrap();
}

/// `tipbox-decrypt open` of `bundle` into `out`, measured (seconds, peak
/// MiB), after checking that it wrote one folder per tip.
fn open_measured(identity_file: &Path, bundle: &Path, out: &Path, count: usize) -> (f64, f64) {
    let measured = measure(
        Command::new(env!("CARGO_BIN_EXE_tipbox-decrypt"))
            .arg("open")
            .arg("-i")
            .arg(identity_file)
            .arg(bundle)
            .arg("-o")
            .arg(out),
    );
    let folders = std::fs::read_dir(out)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_type().unwrap().is_dir())
        .count();
    assert_eq!(folders, count, "one folder per tip");
    measured
}

fn report(name: &str, count: usize, (seconds, peak_mib): (f64, f64)) {
    println!(
        "{name:<44} {seconds:>9.2} {:>9.0} {peak_mib:>10.1}",
        count as f64 / seconds
    );
}

/// Runs `command` under the measuring wrapper: (seconds, peak MiB).
fn measure(command: &mut Command) -> (f64, f64) {
    let mut wrapper = Command::new(std::env::current_exe().unwrap());
    wrapper.env(MEASURE_ROLE, "1").arg(command.get_program());
    wrapper.args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => wrapper.env(key, value),
            None => wrapper.env_remove(key),
        };
    }
    let started = Instant::now();
    let output = wrapper.output().expect("the wrapper runs");
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "{:?} failed: {}",
        command,
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let kib: f64 = stdout
        .lines()
        .last()
        .and_then(|line| line.strip_prefix("maxrss_kib "))
        .and_then(|v| v.parse().ok())
        .expect("the wrapper reports the peak");
    (seconds, kib / 1024.0)
}

/// The wrapper: runs `args`, waits, prints the child's peak resident memory.
fn measure_child(args: &[String]) -> ExitCode {
    let status = Command::new(&args[0])
        .args(&args[1..])
        .env_remove(MEASURE_ROLE)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("the measured command starts");
    // The only child this process ever had, so the children's maximum is its.
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage");
    println!("maxrss_kib {}", usage.max_rss());
    if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The reference: every tip of the bundle through the `age` crate, its
/// plaintext written to `<out>/<id>.tar`.
fn age_reference(bundle: &str, identity_file: &str, out: &str) {
    let text = std::fs::read_to_string(identity_file).unwrap();
    let key = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap();
    let identity = age::x25519::Identity::from_str(key).unwrap();
    let out = Path::new(out);
    std::fs::create_dir_all(out).unwrap();
    let reader = BundleReader::new(BufReader::new(File::open(bundle).unwrap())).unwrap();
    reader
        .for_each_tip(&mut |entry, ciphertext| {
            let decryptor = age::Decryptor::new(ciphertext).map_err(io::Error::other)?;
            let mut plaintext = decryptor
                .decrypt(std::iter::once(&identity as &dyn age::Identity))
                .map_err(io::Error::other)?;
            let mut file = File::create(out.join(format!("{}.tar", entry.id)))?;
            io::copy(&mut plaintext, &mut file)?;
            Ok(())
        })
        .unwrap();
}

/// An export bundle of `count` tips sealed to `identity`; returns its size.
fn write_bundle(path: &Path, count: usize, identity: &Identity) -> u64 {
    let recipient = identity.to_public();
    let attachment: Vec<u8> = (0..1024u32).map(|i| (i * 7 % 251) as u8).collect();
    let tips: Vec<(TipId, Vec<u8>)> = (0..count)
        .map(|n| {
            let meta = TipMeta {
                version: FORMAT_VERSION,
                kind: Kind::Tip,
                encrypted_by: EncryptedBy::Browser,
                language: "en".into(),
                message: format!("Tip number {n}: the council's contracts went to a cousin."),
                attachments: vec![AttachmentMeta {
                    name: "contract.pdf".into(),
                    size: attachment.len() as u64,
                    media_type: "application/pdf".into(),
                }],
                mailbox: None,
                reply_recipient: None,
                followup_key: None,
                followup_proof: None,
            };
            let sealed = Encryptor::new(Vec::new(), std::slice::from_ref(&recipient)).unwrap();
            let mut container = TipWriter::new(sealed, &meta).unwrap();
            container
                .append_file(
                    "contract.pdf",
                    attachment.len() as u64,
                    &mut &attachment[..],
                )
                .unwrap();
            let ciphertext = container.finish().unwrap().finish().unwrap();
            (TipId::random(), ciphertext)
        })
        .collect();
    let manifest = Manifest {
        version: MANIFEST_VERSION,
        tips: tips
            .iter()
            .map(|(id, ciphertext)| ManifestEntry {
                id: *id,
                received: "2026-11-28".into(),
                size: ciphertext.len() as u64,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let out = BufWriter::new(File::create(path).unwrap());
    let mut bundle = BundleWriter::new(out, &manifest).unwrap();
    for (id, ciphertext) in &tips {
        bundle
            .append_tip(*id, ciphertext.len() as u64, &mut &ciphertext[..])
            .unwrap();
    }
    bundle.finish().unwrap().flush().unwrap();
    std::fs::metadata(path).unwrap().len()
}
