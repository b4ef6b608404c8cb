//! Valid ciphertexts with fuzzer-chosen modifications.
//!
//! The fuzzer picks a plaintext (up to two 64 KiB chunks and 4 KiB),
//! which is encrypted to the test identity, then byte flips, a truncation
//! and appended bytes. Asserts the property age's design gives: a file that
//! differs from what the encryptor wrote never decrypts successfully (the
//! header MAC covers the header, each STREAM chunk its tag, the final-chunk
//! flag the end, and trailing data is refused), and the unmodified file
//! decrypts to exactly the plaintext.
#![no_main]

use std::io::{Read, Write};

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use tipbox::envelope::{Decryptor, Encryptor, CHUNK_SIZE};
use tipbox_fuzz::test_identity;

#[derive(Arbitrary, Debug)]
struct Case<'a> {
    /// Plaintext pattern, repeated up to `length`.
    pattern: Vec<u8>,
    /// Whole 64 KiB chunks in the plaintext (modulo 3), so that chunk
    /// boundaries are reachable...
    chunks: u8,
    /// ...plus this many bytes (modulo 4097); the empty plaintext included.
    extra: u16,
    /// (position, xor mask) pairs; positions wrap around the ciphertext.
    flips: Vec<(u32, u8)>,
    /// Keep only this many bytes (modulo the length plus one).
    truncate: Option<u32>,
    /// Appended after the ciphertext (all remaining input bytes).
    append: &'a [u8],
}

fuzz_target!(|case: Case<'_>| {
    let length = usize::from(case.chunks % 3) * CHUNK_SIZE + usize::from(case.extra) % 4097;
    let plaintext: Vec<u8> = if case.pattern.is_empty() {
        vec![0; length]
    } else {
        case.pattern.iter().copied().cycle().take(length).collect()
    };

    let identity = test_identity();
    let mut encryptor =
        Encryptor::new(Vec::new(), &[identity.to_public()]).expect("encryptor for one recipient");
    encryptor.write_all(&plaintext).expect("write to memory");
    let original = encryptor.finish().expect("finish in memory");

    let mut modified = original.clone();
    for &(position, mask) in &case.flips {
        let at = position as usize % modified.len();
        modified[at] ^= mask;
    }
    if let Some(keep) = case.truncate {
        modified.truncate(keep as usize % (modified.len() + 1));
    }
    modified.extend_from_slice(case.append);

    let decrypted = decrypt(&modified);
    if modified == original {
        assert_eq!(
            decrypted.as_deref(),
            Some(&plaintext[..]),
            "the sealed file did not open"
        );
    } else {
        assert!(
            decrypted.is_none(),
            "a modified file decrypted ({} flips, truncate {:?}, {} bytes appended); same plaintext: {}",
            case.flips.len(),
            case.truncate,
            case.append.len(),
            decrypted.as_deref() == Some(&plaintext[..]),
        );
    }
});

/// The plaintext, only if the whole file authenticated.
fn decrypt(file: &[u8]) -> Option<Vec<u8>> {
    let mut decryptor = Decryptor::new(file, &[test_identity()]).ok()?;
    let mut plaintext = Vec::new();
    decryptor.read_to_end(&mut plaintext).ok()?;
    Some(plaintext)
}
