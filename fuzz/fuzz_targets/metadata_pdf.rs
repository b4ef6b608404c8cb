//! The PDF metadata reader (lopdf within tipbox's budget: per-stream
//! expansion, object streams, objects) on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tipbox::offline::metadata::pdf;

fuzz_target!(|data: &[u8]| {
    if let Ok(fields) = pdf::inspect(data) {
        for field in fields {
            assert!(field.value.chars().count() <= 300, "value over its cap");
        }
    }
});
