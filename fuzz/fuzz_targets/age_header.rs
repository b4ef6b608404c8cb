//! `envelope::Header::parse` on arbitrary bytes.
//!
//! For every header the parser accepts, asserts:
//! - its length lies within the input, and parsing exactly those bytes
//!   gives the same header (trailing bytes do not change the header);
//! - writing it back as the specification spells it gives the same bytes
//!   (the parser accepts only the canonical encoding, so one header has one
//!   byte form and the MAC covers what was parsed);
//! - every strict prefix answers `Ok(None)` ("read more"), never an error
//!   and never a shorter header: the server parses growing buffers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tipbox::envelope::Header;
use tipbox_fuzz::spec_header_bytes;

fuzz_target!(|data: &[u8]| {
    let Ok(Some((header, len))) = Header::parse(data) else {
        return;
    };
    assert!(len <= data.len(), "header length {len} beyond the input");
    let bytes = &data[..len];

    let again = Header::parse(bytes).expect("the header's own bytes parse");
    assert_eq!(
        again,
        Some((header.clone(), len)),
        "trailing bytes changed the header"
    );

    assert_eq!(
        spec_header_bytes(&header),
        bytes,
        "the accepted header is not in its canonical form"
    );

    for end in 0..len {
        match Header::parse(&bytes[..end]) {
            Ok(None) => {}
            other => panic!("prefix of {end} of {len} bytes gave {other:?}, not Ok(None)"),
        }
    }
    assert!(header.x25519_count() <= header.stanzas.len());
});
