//! The OOXML and ODF metadata readers (zip entry-count check, bounded
//! expansion, the bounded XML walker) on arbitrary bytes, read both as a
//! Word document and as an OpenDocument text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tipbox::offline::metadata::office::{self, Kind};

fuzz_target!(|data: &[u8]| {
    let _ = office::kind(data);
    for kind in [Kind::Word, Kind::OdfText] {
        if let Ok(fields) = office::inspect(data, kind) {
            assert!(fields.iter().all(|f| f.value.chars().count() <= 300));
        }
    }
});
