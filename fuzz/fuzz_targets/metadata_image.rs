//! The image metadata readers (EXIF through kamadak-exif, XMP packets) on
//! arbitrary bytes, as `tipbox-decrypt open` meets a hostile attachment.
//!
//! Asserts the report's bounds: no value longer than its cap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tipbox::offline::metadata::{exif, xmp};

fuzz_target!(|data: &[u8]| {
    for fields in [exif::inspect(data), xmp::inspect_all(data)].into_iter().flatten() {
        for field in fields {
            assert!(field.value.chars().count() <= 300, "value over its cap");
        }
    }
});
