//! Helpers shared by the fuzz targets and the seed generator.
//!
//! The targets themselves live in `fuzz_targets/`, one file each; this crate
//! holds only what more than one of them needs: the fixed test identity and
//! an independent writer of age headers (the oracle of the round-trip check).
#![forbid(unsafe_code)]

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use tipbox::envelope::{Header, Identity};

/// The fixed secret of the fuzzing identity. A TEST KEY, public on purpose:
/// the seed ciphertexts are encrypted to it so that the decryption targets
/// reach the payload.
pub const TEST_IDENTITY_BYTES: [u8; 32] = [0x42; 32];

/// The fuzzing identity (see [`TEST_IDENTITY_BYTES`]).
pub fn test_identity() -> Identity {
    Identity::from_bytes(TEST_IDENTITY_BYTES)
}

/// Writes `header` the way the age specification spells it, independently
/// of `tipbox::envelope`'s own writer:
///
/// > The header starts with `age-encryption.org/v1\n`; each stanza is
/// > `-> type args…\n` followed by its body in canonical unpadded base64,
/// > wrapped at 64 columns, the last line always shorter than 64 (possibly
/// > empty); the header ends with `--- ` and the base64 MAC.
pub fn spec_header_bytes(header: &Header) -> Vec<u8> {
    let mut out = b"age-encryption.org/v1\n".to_vec();
    for stanza in &header.stanzas {
        out.extend_from_slice(b"-> ");
        out.extend_from_slice(stanza.tag.as_bytes());
        for arg in &stanza.args {
            out.push(b' ');
            out.extend_from_slice(arg.as_bytes());
        }
        out.push(b'\n');
        let body = STANDARD_NO_PAD.encode(&stanza.body);
        let mut last_len = 0;
        for line in body.as_bytes().chunks(64) {
            out.extend_from_slice(line);
            out.push(b'\n');
            last_len = line.len();
        }
        // A body whose encoding fills whole 64-column lines (or is empty)
        // ends with an empty line.
        if last_len == 64 || body.is_empty() {
            out.push(b'\n');
        }
    }
    out.extend_from_slice(b"--- ");
    out.extend_from_slice(STANDARD_NO_PAD.encode(header.mac).as_bytes());
    out.push(b'\n');
    out
}
