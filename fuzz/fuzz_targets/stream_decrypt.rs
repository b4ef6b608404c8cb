//! `envelope::Decryptor` on arbitrary bytes, with the fixed test identity,
//! read to the end.
//!
//! The seeds are valid files encrypted to the test identity, so mutations
//! reach the stanza unwrap, the header MAC and the STREAM payload. Asserts
//! that nothing panics, that memory stays bounded, and that the output
//! released before an error is never more than the input could hold.
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use tipbox::envelope::Decryptor;
use tipbox_fuzz::test_identity;

fuzz_target!(|data: &[u8]| {
    let Ok(mut decryptor) = Decryptor::new(data, &[test_identity()]) else {
        return;
    };
    let mut plaintext = Vec::new();
    let result = decryptor.read_to_end(&mut plaintext);
    // Each chunk carries a 16-byte tag: plaintext is always shorter than
    // the ciphertext that produced it.
    assert!(plaintext.len() < data.len());
    if result.is_ok() {
        assert!(!data.is_empty());
    }
});
