//! `tipbox-decrypt clean`'s rewriting (JPEG, PNG, WebP, PDF, OOXML, ODF) on
//! arbitrary bytes.
//!
//! Asserts what `clean` promises: a copy it returns is of the same format,
//! reads back, and holds nothing the reader reports but the external
//! references it says it keeps.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tipbox::offline::clean::clean_bytes;
use tipbox::offline::metadata::inspect_bytes;

fuzz_target!(|data: &[u8]| {
    if let Ok((copy, cleaned)) = clean_bytes(data) {
        let after = inspect_bytes(&copy);
        let fields = after.fields.expect("a clean copy reads back");
        assert!(fields.iter().all(|f| f.name == "external reference"));
        assert_eq!(fields.len(), cleaned.kept.len());
    }
});
