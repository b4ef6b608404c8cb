//! The length of an age v1 file before it is written: clients announce a
//! resumable upload's size before encrypting anything (`web/PROTOCOL.md`).
use super::{Recipient, CHUNK_SIZE};

/// `"age-encryption.org/v1\n"`.
const VERSION_LINE: u64 = 22;
/// `"-> X25519 " + 43 + "\n" + 43 + "\n"`: one stanza per X25519 recipient.
const X25519_STANZA: u64 = 98;
/// `"-> mlkem768x25519 " + 1494 + "\n" + 43 + "\n"`: one stanza per hybrid
/// recipient (the 1120-byte encapsulated key is one argument, never wrapped).
const HYBRID_STANZA: u64 = 1557;
/// `"--- " + 43-character MAC + "\n"`.
const MAC_LINE: u64 = 48;
/// The payload key nonce.
const NONCE: u64 = 16;
/// The Poly1305 tag of each STREAM chunk.
const TAG: u64 = 16;

/// The exact length of the age file that [`Encryptor`](super::Encryptor)
/// writes for `plaintext_len` bytes to `recipients`.
///
/// The age spec forbids an empty final chunk unless the whole payload is
/// empty, so a plaintext of whole 64 KiB chunks gets no extra tag.
pub fn ciphertext_len(recipients: &[Recipient], plaintext_len: u64) -> u64 {
    let chunks = plaintext_len.div_ceil(CHUNK_SIZE as u64).max(1);
    let stanzas: u64 = recipients
        .iter()
        .map(|r| match r {
            Recipient::X25519(_) => X25519_STANZA,
            Recipient::Hybrid(_) => HYBRID_STANZA,
        })
        .sum();
    VERSION_LINE + stanzas + MAC_LINE + NONCE + plaintext_len + TAG * chunks
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::envelope::{Encryptor, Identity, Recipient};

    const CHUNK: u64 = CHUNK_SIZE as u64;
    /// Around every boundary where the chunk count changes.
    const LENGTHS: [u64; 9] = [
        0,
        1,
        CHUNK - 1,
        CHUNK,
        CHUNK + 1,
        2 * CHUNK,
        2 * CHUNK + 1,
        3 * CHUNK - 7,
        300_001,
    ];

    /// Bytes after the header's MAC line.
    fn payload_len(age_file: &[u8]) -> u64 {
        let mac_line = age_file.windows(5).position(|w| w == b"\n--- ").unwrap() + 1;
        let header_end = mac_line
            + age_file[mac_line..]
                .iter()
                .position(|&b| b == b'\n')
                .unwrap()
            + 1;
        (age_file.len() - header_end) as u64
    }

    #[test]
    fn payload_part_of_ciphertext_len_matches_the_age_crate() {
        // The age crate adds a random "grease" stanza, so only the part after
        // the header is comparable; the header part is checked against our
        // Encryptor below, which writes no grease.
        let one = [Identity::generate().to_public()];
        let header = ciphertext_len(&one, 0) - NONCE - TAG;
        for len in LENGTHS {
            let recipient = age::x25519::Identity::generate().to_public();
            let encryptor =
                age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                    .unwrap();
            let mut out = Vec::new();
            let mut writer = encryptor.wrap_output(&mut out).unwrap();
            writer.write_all(&vec![7; len as usize]).unwrap();
            writer.finish().unwrap();
            assert_eq!(
                ciphertext_len(&one, len) - header,
                payload_len(&out),
                "{len} bytes"
            );
        }
    }

    #[test]
    fn ciphertext_len_matches_our_encryptor_output() {
        for (keys, generate) in [
            (1, Identity::generate as fn() -> Identity),
            (2, Identity::generate),
            (1, Identity::generate_hybrid),
            (3, Identity::generate_hybrid),
        ] {
            let recipients: Vec<Recipient> = (0..keys).map(|_| generate().to_public()).collect();
            for len in LENGTHS {
                let mut encryptor = Encryptor::new(Vec::new(), &recipients).unwrap();
                encryptor.write_all(&vec![7; len as usize]).unwrap();
                let out = encryptor.finish().unwrap();
                assert_eq!(
                    ciphertext_len(&recipients, len),
                    out.len() as u64,
                    "{keys} keys, {len} bytes"
                );
            }
        }
    }
}
