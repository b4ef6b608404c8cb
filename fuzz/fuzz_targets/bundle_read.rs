//! `bundle::BundleReader` on arbitrary bytes, draining every tip.
//!
//! Asserts that a bundle the reader accepts handed the visitor each tip of
//! the manifest once, in order, with exactly the manifest's size in bytes.
#![no_main]

use std::io;

use libfuzzer_sys::fuzz_target;
use tipbox::bundle::BundleReader;

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = BundleReader::new(data) else {
        return;
    };
    let listed: Vec<_> = reader.manifest().tips.clone();
    let mut seen = Vec::new();
    let walk = reader.for_each_tip(&mut |entry, content| {
        let drained = io::copy(content, &mut io::sink())?;
        seen.push((entry.clone(), drained));
        Ok(())
    });
    if walk.is_ok() {
        assert_eq!(seen.len(), listed.len(), "a listed tip was not visited");
        for ((entry, drained), wanted) in seen.iter().zip(&listed) {
            assert_eq!(entry, wanted, "tips visited out of manifest order");
            assert_eq!(
                *drained, wanted.size,
                "tip {} has the wrong length",
                wanted.id
            );
        }
    }
});
