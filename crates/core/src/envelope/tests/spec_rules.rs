//! One test per rule of the age v1 specification, each on a hand-built file
//! that breaks exactly that rule, named after the mistake it rejects.
//!
//! Header tests start from [`stanza_file`]: a header whose grammar is
//! right and whose MAC is random, so that a file built from
//! [`x25519_lines`] parses and is refused only with "no identity matched"
//! (shown by the first test). Each other header test changes one thing.
//! Payload tests start from real files and cut, extend or flip them.

use std::io::Write;

use base64::prelude::{Engine, BASE64_STANDARD_NO_PAD};

use super::support::{hand_built_file, ours_decrypt, ours_encrypt, pattern, x25519_public, Chunk};
use crate::envelope::header::Stanza;
use crate::envelope::primitives::FileKey;
use crate::envelope::{
    decrypt_with_passphrase, Encryptor, Error, Header, Identity, CHUNK_SIZE, MAX_HEADER_LEN,
    MAX_SCRYPT_WORK_FACTOR,
};

/// A full stored chunk: plaintext and Poly1305 tag.
const SEALED_CHUNK: usize = CHUNK_SIZE + 16;

fn b64(bytes: &[u8]) -> String {
    BASE64_STANDARD_NO_PAD.encode(bytes)
}

/// A real X25519 public key, as an ephemeral share would be.
fn share() -> String {
    b64(x25519_public(&Identity::generate()).as_bytes())
}

/// A well-formed X25519 stanza (its body is 32 random-looking bytes).
fn x25519_lines() -> String {
    format!("-> X25519 {}\n{}\n", share(), b64(&pattern(32)))
}

/// An age file with `stanza_lines` between the version line and a
/// syntactically valid MAC line, followed by a nonce and one sealed-size
/// chunk of noise.
fn stanza_file(stanza_lines: &str) -> Vec<u8> {
    let mut file = format!(
        "age-encryption.org/v1\n{stanza_lines}--- {}\n",
        b64(&[7; 32])
    )
    .into_bytes();
    file.extend_from_slice(&pattern(16 + 40));
    file
}

/// What our decryptor says about `file` for an unrelated identity.
fn refusal(file: &[u8]) -> Error {
    match ours_decrypt(file, &[Identity::generate()]) {
        Ok(_) => panic!("the file was accepted"),
        Err(err) => err,
    }
}

/// Asserts that `file` is refused as a malformed header whose reason
/// contains `reason`.
#[track_caller]
fn assert_malformed(file: &[u8], reason: &str) {
    match refusal(file) {
        Error::MalformedHeader(why) => assert!(why.contains(reason), "reason was: {why}"),
        other => panic!("expected a malformed header ({reason}), got: {other:?}"),
    }
}

/// Changes the base64 character at `index` of `encoded` to the next one of
/// the alphabet, which sets the lowest bit of its 6-bit value.
fn set_lowest_bit(encoded: &str, index: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bytes = encoded.as_bytes().to_vec();
    let value = ALPHABET.iter().position(|&c| c == bytes[index]).unwrap();
    assert_eq!(value & 1, 0, "the bit must be clear before");
    bytes[index] = ALPHABET[value + 1];
    String::from_utf8(bytes).unwrap()
}

#[test]
fn well_formed_template_parses_so_each_refusal_below_is_its_mistake() {
    // Random share and body: parsed, unwrapped by no key.
    assert!(matches!(
        refusal(&stanza_file(&x25519_lines())),
        Error::NoIdentityMatched
    ));
}

#[test]
fn bad_version_line_is_rejected() {
    let good = stanza_file(&x25519_lines());
    // age-encryption.org/v2  (unknown version)
    let v2 = [b"age-encryption.org/v2".as_slice(), &good[21..]].concat();
    assert!(matches!(refusal(&v2), Error::BadVersion));
    // age-encryption.org/v1\r\n  (CR LF line ending)
    let crlf = [b"age-encryption.org/v1\r".as_slice(), &good[21..]].concat();
    assert!(matches!(refusal(&crlf), Error::BadVersion));
    // An armored (PEM) file is not the binary format.
    assert!(matches!(
        refusal(b"-----BEGIN AGE ENCRYPTED FILE-----\n"),
        Error::BadVersion
    ));
}

#[test]
fn padded_base64_is_rejected() {
    // -> X25519 <share>
    // <43 characters>=          (padding on the body)
    let body = format!("{}=", b64(&pattern(32)));
    assert_malformed(
        &stanza_file(&format!("-> X25519 {}\n{body}\n", share())),
        "outside unpadded base64",
    );
    // -> X25519 <43 characters>=   (padding on the share)
    let padded_share = format!("{}=", share());
    assert_malformed(
        &stanza_file(&format!(
            "-> X25519 {padded_share}\n{}\n",
            b64(&pattern(32))
        )),
        "canonical base64",
    );
}

#[test]
fn non_canonical_trailing_bits_are_rejected() {
    // 32 bytes take 43 characters, whose last one carries 2 unused bits:
    // they must be zero. Here one is set, in the body and then in the share.
    let body = set_lowest_bit(&b64(&[0; 32]), 42);
    assert_malformed(
        &stanza_file(&format!("-> X25519 {}\n{body}\n", share())),
        "not canonical base64",
    );
    let share = set_lowest_bit(&b64(&[0x40; 32]), 42);
    assert_malformed(
        &stanza_file(&format!("-> X25519 {share}\n{}\n", b64(&pattern(32)))),
        "ephemeral share must be 32 bytes of canonical base64",
    );
}

#[test]
fn body_line_longer_than_64_columns_is_rejected() {
    // -> unknown
    // <65 characters>   (one too many)
    // <short line>
    let encoded = b64(&pattern(60)); // 80 characters
    let lines = format!(
        "{}-> unknown\n{}\n{}\n",
        x25519_lines(),
        &encoded[..65],
        &encoded[65..]
    );
    assert_malformed(&stanza_file(&lines), "longer than 64 columns");
}

#[test]
fn full_last_body_line_without_a_short_line_after_it_is_rejected() {
    // -> unknown
    // <64 characters>   (48 bytes: the body must go on with a short line,
    // --- <mac>          here an empty one, but the MAC line follows)
    let lines = format!("{}-> unknown\n{}\n", x25519_lines(), b64(&pattern(48)));
    assert_malformed(&stanza_file(&lines), "outside unpadded base64");

    // The same body with its empty final line is accepted as far as the
    // grammar goes (refused only for want of a key).
    let lines = format!("{}-> unknown\n{}\n\n", x25519_lines(), b64(&pattern(48)));
    assert!(matches!(
        refusal(&stanza_file(&lines)),
        Error::NoIdentityMatched
    ));
}

#[test]
fn missing_stanza_body_is_rejected() {
    // -> X25519 <share>
    // --- <mac>          (no body line at all, not even an empty one)
    assert_malformed(
        &stanza_file(&format!("-> X25519 {}\n", share())),
        "outside unpadded base64",
    );
    // -> X25519 <share>
    // -> X25519 <share>  (the next stanza where the body should be)
    let lines = format!("-> X25519 {}\n{}", share(), x25519_lines());
    assert_malformed(&stanza_file(&lines), "outside unpadded base64");
}

#[test]
fn x25519_stanza_with_wrong_argument_count_is_rejected() {
    let body = b64(&pattern(32));
    // -> X25519          (no share)
    assert_malformed(
        &stanza_file(&format!("-> X25519\n{body}\n")),
        "exactly one argument",
    );
    // -> X25519 <share> <share>
    assert_malformed(
        &stanza_file(&format!("-> X25519 {} {}\n{body}\n", share(), share())),
        "exactly one argument",
    );
}

#[test]
fn x25519_share_of_wrong_length_is_rejected() {
    let body = b64(&pattern(32));
    for len in [31, 33, 0] {
        // -> X25519 <31 or 33 bytes>   (or an empty argument)
        let lines = format!("-> X25519 {}\n{body}\n", b64(&pattern(len)));
        let file = stanza_file(&lines);
        if len == 0 {
            // A trailing space: an empty argument is a grammar error.
            assert_malformed(&file, "empty argument");
        } else {
            assert_malformed(&file, "ephemeral share must be 32 bytes");
        }
    }
}

#[test]
fn x25519_body_that_is_not_32_bytes_is_rejected() {
    for len in [0, 16, 31, 33, 48] {
        // -> X25519 <share>
        // <31 bytes>          (the wrapped file key is always 32)
        let encoded = b64(&pattern(len));
        let mut body = String::new();
        for line in encoded.as_bytes().chunks(64) {
            body.push_str(std::str::from_utf8(line).unwrap());
            body.push('\n');
        }
        if encoded.len().is_multiple_of(64) {
            body.push('\n');
        }
        let lines = format!("-> X25519 {}\n{body}", share());
        assert_malformed(&stanza_file(&lines), "body must be exactly 32 bytes");
    }
}

#[test]
fn all_zero_shared_secret_from_a_low_order_share_is_rejected() {
    // -> X25519 <a point of small order>
    // X25519 with such a point is all zeros whatever the identity, so the
    // wrap key would be public. Spec: the identity MUST abort.
    let mut one = [0u8; 32];
    one[0] = 1;
    for point in [[0u8; 32], one] {
        let lines = format!("-> X25519 {}\n{}\n", b64(&point), b64(&pattern(32)));
        assert_malformed(&stanza_file(&lines), "all-zero shared secret");
    }
}

#[test]
fn unknown_stanza_is_ignored_and_the_file_accepted() {
    // -> X25519 <share>       (for our identity)
    // -> tipbox-grease a "!~"  (unknown type: must be skipped)
    // <70 bytes over two lines>
    let identity = Identity::generate();
    let file_key = FileKey::generate();
    let stanzas = vec![
        Stanza {
            tag: "tipbox-grease".to_string(),
            args: vec!["a".to_string(), "!~".to_string()],
            body: pattern(70),
        },
        crate::envelope::x25519::wrap(&file_key, &x25519_public(&identity)).unwrap(),
    ];
    let mut encryptor = Encryptor::with_stanzas(Vec::new(), &file_key, stanzas).unwrap();
    encryptor.write_all(b"tip").unwrap();
    let file = encryptor.finish().unwrap();
    assert_eq!(ours_decrypt(&file, &[identity]).unwrap(), b"tip");
}

fn scrypt_lines(work_factor: u8) -> String {
    format!(
        "-> scrypt {} {work_factor}\n{}\n",
        b64(&pattern(16)),
        b64(&pattern(32))
    )
}

#[test]
fn scrypt_stanza_mixed_with_x25519_is_rejected() {
    // -> scrypt <salt> 10
    // -> X25519 <share>     (a second recipient beside the passphrase)
    let lines = format!("{}{}", scrypt_lines(10), x25519_lines());
    assert!(matches!(refusal(&stanza_file(&lines)), Error::ScryptMixed));
    let file = stanza_file(&lines);
    assert!(matches!(
        decrypt_with_passphrase(&file, "x"),
        Err(Error::ScryptMixed)
    ));
    // The other order, too.
    let lines = format!("{}{}", x25519_lines(), scrypt_lines(10));
    assert!(matches!(refusal(&stanza_file(&lines)), Error::ScryptMixed));
}

#[test]
fn two_scrypt_stanzas_are_rejected() {
    // -> scrypt <salt> 10
    // -> scrypt <salt> 10
    let lines = format!("{}{}", scrypt_lines(10), scrypt_lines(10));
    assert!(matches!(
        decrypt_with_passphrase(&stanza_file(&lines), "x"),
        Err(Error::ScryptMixed)
    ));
}

#[test]
fn scrypt_work_factor_above_the_limit_is_refused_before_computing() {
    // -> scrypt <salt> 23   (2^23 would need 8 GiB and a minute)
    let too_high = MAX_SCRYPT_WORK_FACTOR + 1;
    let file = stanza_file(&scrypt_lines(too_high));
    assert!(matches!(
        decrypt_with_passphrase(&file, "x"),
        Err(Error::ScryptWorkFactorTooHigh(n)) if n == too_high
    ));
    // -> scrypt <salt> 010  (leading zero: not the one decimal encoding)
    let lines = format!(
        "-> scrypt {} 010\n{}\n",
        b64(&pattern(16)),
        b64(&pattern(32))
    );
    assert!(matches!(
        decrypt_with_passphrase(&stanza_file(&lines), "x"),
        Err(Error::MalformedHeader(why)) if why.contains("leading zeros")
    ));
}

/// A real file for `identity` and where its MAC line's base64 starts.
fn real_file(identity: &Identity, plaintext: &[u8]) -> (Vec<u8>, usize) {
    let file = ours_encrypt(plaintext, &[identity.to_public()]);
    let mac_at = file.windows(4).position(|w| w == b"--- ").unwrap() + 4;
    (file, mac_at)
}

#[test]
fn bad_header_mac_is_rejected() {
    // --- <a different, well-formed MAC>
    let identity = Identity::generate();
    let (mut file, mac_at) = real_file(&identity, b"tip");
    let other_mac = b64(&[0x55; 32]);
    file[mac_at..mac_at + 43].copy_from_slice(other_mac.as_bytes());
    assert!(matches!(
        ours_decrypt(&file, &[identity]),
        Err(Error::BadHeaderMac)
    ));
}

#[test]
fn changed_stanza_under_a_valid_mac_is_rejected() {
    // Adding a stanza to a sealed header (here an unknown one, which the
    // recipient would otherwise skip) breaks the MAC.
    let identity = Identity::generate();
    let (file, _) = real_file(&identity, b"tip");
    let version_len = b"age-encryption.org/v1\n".len();
    let added = [
        &file[..version_len],
        b"-> grease\n\n".as_slice(),
        &file[version_len..],
    ]
    .concat();
    assert!(matches!(
        ours_decrypt(&added, &[identity]),
        Err(Error::BadHeaderMac)
    ));
}

#[test]
fn malformed_mac_line_is_rejected() {
    let identity = Identity::generate();
    let (file, mac_at) = real_file(&identity, b"tip");
    let mac = std::str::from_utf8(&file[mac_at..mac_at + 43])
        .unwrap()
        .to_string();
    let with_mac_line =
        |line: &str| [&file[..mac_at - 4], line.as_bytes(), &file[mac_at + 44..]].concat();
    for (line, reason) in [
        // ---<mac>            (no space)
        (format!("---{mac}\n"), "neither a stanza"),
        // ---                 (no MAC)
        ("---\n".to_string(), "neither a stanza"),
        // --- <42 characters>
        (format!("--- {}\n", &mac[..42]), "43 characters"),
        // --- <mac>=          (padded)
        (format!("--- {mac}=\n"), "43 characters"),
        // --- <mac> x         (an argument after the MAC)
        (format!("--- {mac} x\n"), "43 characters"),
    ] {
        match ours_decrypt(&with_mac_line(&line), std::slice::from_ref(&identity)) {
            Err(Error::MalformedHeader(why)) => assert!(why.contains(reason), "{line:?}: {why}"),
            other => panic!("{line:?}: {other:?}"),
        }
    }
    // --- <mac with an unused bit set>
    let line = format!("--- {}\n", set_lowest_bit(&b64(&[0; 32]), 42));
    assert!(matches!(
        ours_decrypt(&with_mac_line(&line), &[identity]),
        Err(Error::MalformedHeader(why)) if why.contains("canonical")
    ));
}

/// A real file of `plaintext_len` bytes and the offset of its first chunk.
fn file_and_payload_start(identity: &Identity, plaintext_len: usize) -> (Vec<u8>, usize) {
    let file = ours_encrypt(&pattern(plaintext_len), &[identity.to_public()]);
    let (_, header_len) = Header::parse(&file).unwrap().unwrap();
    (file, header_len + 16)
}

#[test]
fn missing_final_chunk_at_a_chunk_boundary_is_rejected() {
    // [chunk 0][chunk 1][final chunk 2]  →  [chunk 0][chunk 1]
    // Chunk 1 authenticates, but it was not sealed as the last one.
    let identity = Identity::generate();
    let (file, start) = file_and_payload_start(&identity, 2 * CHUNK_SIZE + 10);
    let cut = &file[..start + 2 * SEALED_CHUNK];
    assert!(matches!(
        ours_decrypt(cut, std::slice::from_ref(&identity)),
        Err(Error::Truncated)
    ));
    // [no chunk at all], only header and nonce.
    assert!(matches!(
        ours_decrypt(&file[..start], std::slice::from_ref(&identity)),
        Err(Error::Truncated)
    ));
    // [header and part of the nonce]
    assert!(matches!(
        ours_decrypt(&file[..start - 5], &[identity]),
        Err(Error::Truncated)
    ));
}

#[test]
fn file_truncated_mid_chunk_is_rejected() {
    // [chunk 0][half of chunk 1]
    let identity = Identity::generate();
    let (file, start) = file_and_payload_start(&identity, 2 * CHUNK_SIZE + 10);
    for cut in [
        start + SEALED_CHUNK + CHUNK_SIZE / 2,
        start + 10,
        file.len() - 1,
    ] {
        assert!(
            matches!(
                ours_decrypt(&file[..cut], std::slice::from_ref(&identity)),
                Err(Error::PayloadAuthentication)
            ),
            "cut at {cut}"
        );
    }
}

#[test]
fn trailing_data_after_the_final_chunk_is_rejected() {
    let identity = Identity::generate();
    // [full final chunk] + 1 byte, and + a whole chunk's worth.
    let (file, _) = file_and_payload_start(&identity, CHUNK_SIZE);
    for extra in [1, 16, SEALED_CHUNK] {
        let extended = [file.as_slice(), &pattern(extra)].concat();
        assert!(
            matches!(
                ours_decrypt(&extended, std::slice::from_ref(&identity)),
                Err(Error::TrailingData)
            ),
            "{extra} bytes appended"
        );
    }
    // [short final chunk] + 1 byte: the final chunk no longer authenticates.
    let (file, _) = file_and_payload_start(&identity, 10);
    let extended = [file.as_slice(), b"x"].concat();
    assert!(matches!(
        ours_decrypt(&extended, &[identity]),
        Err(Error::PayloadAuthentication)
    ));
}

#[test]
fn hand_built_stream_decrypts_when_it_follows_the_rules() {
    // The baseline for the next test: the same construction with a short
    // final chunk is accepted, by us and by age.
    let identity = Identity::generate();
    let full = pattern(CHUNK_SIZE);
    let file = hand_built_file(
        &identity,
        [3; 16],
        &[
            Chunk {
                plaintext: &full,
                last: false,
            },
            Chunk {
                plaintext: b"end",
                last: true,
            },
        ],
    );
    let age_identity: age::x25519::Identity = identity.to_encoded().parse().unwrap();
    let expected = [full.as_slice(), b"end"].concat();
    assert!(super::support::age_decrypt(&file, &age_identity).unwrap() == expected);
    assert!(ours_decrypt(&file, &[identity]).unwrap() == expected);
}

#[test]
fn empty_final_chunk_after_a_full_chunk_is_rejected() {
    // [full chunk 0, not last][empty chunk 1, last]
    // Spec: the final chunk may be empty only if the whole payload is.
    let identity = Identity::generate();
    let full = pattern(CHUNK_SIZE);
    let file = hand_built_file(
        &identity,
        [3; 16],
        &[
            Chunk {
                plaintext: &full,
                last: false,
            },
            Chunk {
                plaintext: b"",
                last: true,
            },
        ],
    );
    let age_identity: age::x25519::Identity = identity.to_encoded().parse().unwrap();
    assert!(super::support::age_decrypt(&file, &age_identity).is_err());
    assert!(matches!(
        ours_decrypt(&file, &[identity]),
        Err(Error::EmptyFinalChunk)
    ));
}

#[test]
fn flipped_byte_in_the_payload_is_rejected() {
    let identity = Identity::generate();
    let (file, start) = file_and_payload_start(&identity, 2 * CHUNK_SIZE + 10);
    // In chunk 0's ciphertext, in chunk 1's tag, in the final chunk.
    for at in [start, start + 2 * SEALED_CHUNK - 1, file.len() - 1] {
        let mut flipped = file.clone();
        flipped[at] ^= 0x01;
        assert!(
            matches!(
                ours_decrypt(&flipped, std::slice::from_ref(&identity)),
                Err(Error::PayloadAuthentication)
            ),
            "byte {at}"
        );
    }
}

#[test]
fn flipped_byte_in_the_payload_nonce_is_rejected() {
    // The nonce derives the payload key: every chunk fails.
    let identity = Identity::generate();
    let (mut file, start) = file_and_payload_start(&identity, 100);
    file[start - 16] ^= 0x80;
    assert!(matches!(
        ours_decrypt(&file, &[identity]),
        Err(Error::PayloadAuthentication)
    ));
}

#[test]
fn file_for_another_key_says_no_identity_matched() {
    let (file, _) = file_and_payload_start(&Identity::generate(), 100);
    let err = ours_decrypt(&file, &[Identity::generate(), Identity::generate()]).unwrap_err();
    assert!(matches!(err, Error::NoIdentityMatched));
    assert!(err.to_string().contains("no identity matched"), "{err}");
}

#[test]
fn header_longer_than_the_limit_is_rejected() {
    // -> grease
    // <64 columns>
    // <64 columns> …     (a body that never ends)
    let mut endless = b"age-encryption.org/v1\n-> grease\n".to_vec();
    while endless.len() <= MAX_HEADER_LEN + 65 {
        endless.extend_from_slice(format!("{}\n", b64(&pattern(48))).as_bytes());
    }
    assert!(matches!(refusal(&endless), Error::HeaderTooLong));

    // -> grease <long argument>
    // <empty body>  … many complete stanzas, then a MAC line.
    let arg = "a".repeat(1000);
    let mut lines = x25519_lines();
    while lines.len() <= MAX_HEADER_LEN {
        lines.push_str(&format!("-> grease {arg}\n\n"));
    }
    assert!(matches!(
        refusal(&stanza_file(&lines)),
        Error::HeaderTooLong
    ));
}
