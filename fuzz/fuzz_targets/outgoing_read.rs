//! `bundle::read_outgoing` (what `POST /v1/replies` reads from the transfer
//! station) on arbitrary bytes.
//!
//! Asserts that an accepted bundle gave back each listed reply with exactly
//! its listed size and SHA-256, and never one over the size bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};
use tipbox::bundle::read_outgoing;

/// Small, so the bound's refusal is reached too.
const MAX_REPLY_BYTES: u64 = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let Ok(replies) = read_outgoing(data, MAX_REPLY_BYTES) else {
        return;
    };
    for reply in &replies {
        assert_eq!(reply.ciphertext.len() as u64, reply.entry.size);
        assert!(reply.entry.size <= MAX_REPLY_BYTES);
        assert_eq!(
            hex::encode(Sha256::digest(&reply.ciphertext)),
            reply.entry.sha256
        );
    }
});
