//! `tip::extract` on arbitrary bytes, inside a sandbox folder.
//!
//! Asserts what the reader promises for hostile containers: nothing is
//! written outside the output folder (no path escape, no link created), and
//! on success every reported file exists as a regular file under `files/`.
#![no_main]

use std::fs;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tipbox::tip::{extract, Limits};

fuzz_target!(|data: &[u8]| {
    // A sandbox with the output folder inside it: anything written beside
    // `out` is an escape. tmpfs when available: each run touches the disk.
    let base = if Path::new("/dev/shm").is_dir() {
        tempfile::tempdir_in("/dev/shm")
    } else {
        tempfile::tempdir()
    }
    .expect("a temporary folder");
    let out = base.path().join("out");
    fs::create_dir(&out).expect("create the output folder");

    let result = extract(&mut &data[..], &out, &Limits::default());

    let beside: Vec<_> = fs::read_dir(base.path())
        .expect("list the sandbox")
        .map(|e| e.expect("sandbox entry").file_name())
        .collect();
    assert_eq!(beside, ["out"], "extract wrote outside its folder");
    assert_no_links(&out);

    if let Ok(extracted) = result {
        for file in &extracted.files {
            assert!(file.starts_with("files"), "{file:?} is outside files/");
            let kind = fs::symlink_metadata(out.join(file)).expect("reported file exists");
            assert!(kind.is_file(), "{file:?} is not a regular file");
        }
    }
});

/// Only regular files and folders may appear; a link would let a later
/// writer (or the person opening the folder) reach outside it.
fn assert_no_links(dir: &Path) {
    for entry in fs::read_dir(dir).expect("list the output folder") {
        let entry = entry.expect("output entry");
        let kind = entry.file_type().expect("entry type");
        if kind.is_dir() {
            assert_no_links(&entry.path());
        } else {
            assert!(kind.is_file(), "{:?} is not a regular file", entry.path());
        }
    }
}
