//! The hybrid post-quantum recipient type (`mlkem768x25519`): the spec's
//! key example, round trips, the mixing rules, key encodings, and one test
//! per rejection rule of the stanza, each on a real file changed in exactly
//! that one way. (The same rules through `tipbox-decrypt raw`, with no
//! output written, are in tests/cli/hybrid.rs; files from typage and to
//! typage are there too.)

use std::io::Write;

use base64::prelude::{Engine, BASE64_STANDARD_NO_PAD};

use super::support::{ours_decrypt, ours_encrypt, pattern};
use crate::envelope::header::Stanza;
use crate::envelope::keys::LongBech32;
use crate::envelope::{
    parse_identities, Encryptor, Error, Header, Identity, Recipient, CHUNK_SIZE,
};

/// The identity printed in the C2SP age specification's hybrid section.
const SPEC_IDENTITY: &str =
    "AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR";
/// Its recipient, as printed there (1,959 characters).
const SPEC_RECIPIENT: &str = include_str!("fixtures/spec-hybrid-recipient.txt");

/// A real hybrid file for `identity` holding `plaintext`.
fn hybrid_file(identity: &Identity, plaintext: &[u8]) -> Vec<u8> {
    ours_encrypt(plaintext, &[identity.to_public()])
}

/// `file` with its first stanza changed by `change` (the MAC is left as it
/// was: every stanza rule is checked before the MAC).
fn with_first_stanza(file: &[u8], change: impl FnOnce(&mut Stanza)) -> Vec<u8> {
    let (mut header, len) = Header::parse(file).unwrap().expect("complete header");
    change(&mut header.stanzas[0]);
    [header.to_bytes(), file[len..].to_vec()].concat()
}

/// The reason a malformed header was refused, for the file's own identity.
fn malformed_reason(file: &[u8], identity: &Identity) -> &'static str {
    match ours_decrypt(file, std::slice::from_ref(identity)) {
        Err(Error::MalformedHeader(why)) => why,
        other => panic!("expected a malformed header, got {other:?}"),
    }
}

/// An X25519 point of order 8 or less; `enc` with it as its X25519 share.
fn low_order_enc(enc: &str, point: [u8; 32]) -> String {
    let mut bytes = BASE64_STANDARD_NO_PAD.decode(enc).unwrap();
    let at = bytes.len() - 32;
    bytes[at..].copy_from_slice(&point);
    BASE64_STANDARD_NO_PAD.encode(bytes)
}

#[test]
fn spec_identity_gives_the_spec_recipient() {
    let identity: Identity = SPEC_IDENTITY.parse().unwrap();
    assert!(identity.is_hybrid());
    assert_eq!(identity.to_public().to_string(), SPEC_RECIPIENT.trim());
    assert_eq!(identity.to_encoded().as_str(), SPEC_IDENTITY);
    let recipient: Recipient = SPEC_RECIPIENT.trim().parse().unwrap();
    assert_eq!(recipient, identity.to_public());
}

#[test]
fn hybrid_round_trip_at_chunk_boundaries() {
    let identity = Identity::generate_hybrid();
    for len in [
        0,
        1,
        CHUNK_SIZE - 1,
        CHUNK_SIZE,
        CHUNK_SIZE + 1,
        3 * CHUNK_SIZE,
    ] {
        let plaintext = pattern(len);
        let file = hybrid_file(&identity, &plaintext);
        assert_eq!(
            ours_decrypt(&file, std::slice::from_ref(&identity)).unwrap(),
            plaintext
        );
    }
}

#[test]
fn header_has_one_mlkem768x25519_stanza_per_recipient_and_every_key_opens_it() {
    let identities: Vec<Identity> = (0..3).map(|_| Identity::generate_hybrid()).collect();
    let recipients: Vec<Recipient> = identities.iter().map(Identity::to_public).collect();
    let file = ours_encrypt(b"tip", &recipients);
    let (header, _) = Header::parse(&file).unwrap().unwrap();
    assert_eq!(header.hybrid_count(), 3);
    assert_eq!(header.x25519_count(), 0);
    for stanza in &header.stanzas {
        assert_eq!(stanza.args[0].len(), 1494, "1120 bytes of base64");
        assert_eq!(stanza.body.len(), 32);
    }
    for identity in identities {
        assert_eq!(ours_decrypt(&file, &[identity]).unwrap(), b"tip");
    }
}

#[test]
fn a_key_that_is_not_a_recipient_is_told_no_identity_matched() {
    let file = hybrid_file(&Identity::generate_hybrid(), b"tip");
    let err = ours_decrypt(&file, &[Identity::generate_hybrid(), Identity::generate()]);
    assert!(matches!(err, Err(Error::NoIdentityMatched)), "{err:?}");
}

#[test]
fn encrypting_to_hybrid_and_classic_recipients_together_is_refused() {
    let recipients = [
        Identity::generate_hybrid().to_public(),
        Identity::generate().to_public(),
    ];
    let err = Encryptor::new(Vec::new(), &recipients)
        .err()
        .expect("refused");
    assert!(matches!(err, Error::MixedRecipients), "{err:?}");
    // In either order.
    let reversed = [recipients[1].clone(), recipients[0].clone()];
    assert!(matches!(
        Encryptor::new(Vec::new(), &reversed).err(),
        Some(Error::MixedRecipients)
    ));
    // No recipient at all is its own error, from either constructor.
    assert!(matches!(
        Encryptor::new(Vec::new(), &[]).err(),
        Some(Error::NoRecipients)
    ));
    assert!(matches!(
        Encryptor::with_mixed_recipients(Vec::new(), &[]).err(),
        Some(Error::NoRecipients)
    ));
}

#[test]
fn each_identity_type_ignores_the_other_types_stanzas() {
    // Spec: identities "MUST ignore unrecognized stanzas". A file with both
    // kinds (only `with_mixed_recipients` writes one) opens with either key.
    let hybrid = Identity::generate_hybrid();
    let classic = Identity::generate();
    let mut encryptor =
        Encryptor::with_mixed_recipients(Vec::new(), &[classic.to_public(), hybrid.to_public()])
            .unwrap();
    encryptor.write_all(b"reply").unwrap();
    let file = encryptor.finish().unwrap();
    assert_eq!(ours_decrypt(&file, &[hybrid]).unwrap(), b"reply");
    assert_eq!(ours_decrypt(&file, &[classic]).unwrap(), b"reply");
}

#[test]
fn an_identity_file_may_hold_both_kinds_and_either_opens_its_files() {
    let hybrid = Identity::generate_hybrid();
    let classic = Identity::generate();
    let text = format!(
        "# classic\n{}\n# hybrid\n{}\n",
        classic.to_encoded().as_str(),
        hybrid.to_encoded().as_str()
    );
    let identities = parse_identities(&text).unwrap();
    assert_eq!(identities.len(), 2);
    assert!(!identities[0].is_hybrid() && identities[1].is_hybrid());
    let old_tip = ours_encrypt(b"old", &[classic.to_public()]);
    let new_tip = ours_encrypt(b"new", &[hybrid.to_public()]);
    assert_eq!(ours_decrypt(&old_tip, &identities).unwrap(), b"old");
    assert_eq!(ours_decrypt(&new_tip, &identities).unwrap(), b"new");
}

// --- keys -------------------------------------------------------------

#[test]
fn hybrid_keys_round_trip_through_their_encodings() {
    let identity = Identity::generate_hybrid();
    let encoded = identity.to_encoded();
    assert!(encoded.starts_with("AGE-SECRET-KEY-PQ-1"));
    let again: Identity = encoded.parse().unwrap();
    assert_eq!(again.to_public(), identity.to_public());
    let text = identity.to_public().to_string();
    assert!(
        text.starts_with("age1pq1") && text.len() == 1959,
        "{}",
        text.len()
    );
    assert_eq!(text.parse::<Recipient>().unwrap(), identity.to_public());
}

#[test]
fn hybrid_keys_in_the_wrong_case_are_refused() {
    let identity = Identity::generate_hybrid();
    let lower = identity.to_encoded().to_lowercase();
    assert!(lower.parse::<Identity>().is_err());
    let upper = identity.to_public().to_string().to_uppercase();
    assert!(upper.parse::<Recipient>().is_err());
}

/// `age1pq1…` with these Bech32 groups and a valid checksum.
fn encode_groups(groups: impl Iterator<Item = bech32::Fe32>) -> String {
    use bech32::primitives::iter::Fe32IterExt;
    let hrp = bech32::Hrp::parse("age1pq").unwrap();
    groups.with_checksum::<LongBech32>(&hrp).chars().collect()
}

/// Re-encodes `bytes` as an `age1pq1…` string with a valid checksum.
fn encode_hybrid(bytes: &[u8]) -> String {
    use bech32::primitives::iter::ByteIterExt;
    encode_groups(bytes.iter().copied().bytes_to_fes())
}

fn public_bytes(recipient: &Recipient) -> Vec<u8> {
    match recipient {
        Recipient::Hybrid(key) => key.to_bytes().to_vec(),
        Recipient::X25519(_) => panic!("a hybrid recipient was expected"),
    }
}

#[test]
fn test_encoder_agrees_with_the_real_one() {
    // Guards the helper the next tests build bad keys with (the checksum
    // itself is `keys::LongBech32`, pinned by the spec example above).
    let recipient = Identity::generate_hybrid().to_public();
    assert_eq!(
        encode_hybrid(&public_bytes(&recipient)),
        recipient.to_string()
    );
}

#[test]
fn hybrid_recipient_of_the_wrong_length_is_refused() {
    let bytes = public_bytes(&Identity::generate_hybrid().to_public());
    for len in [1215, 1217, 32] {
        let mut changed = bytes.clone();
        changed.resize(len, 0);
        let err = encode_hybrid(&changed).parse::<Recipient>().unwrap_err();
        assert!(err.to_string().contains("1216 bytes"), "{len}: {err}");
    }
}

#[test]
fn hybrid_recipient_with_a_low_order_x25519_half_is_refused() {
    let mut bytes = public_bytes(&Identity::generate_hybrid().to_public());
    let at = bytes.len() - 32;
    bytes[at..].copy_from_slice(&[0; 32]);
    let err = encode_hybrid(&bytes).parse::<Recipient>().unwrap_err();
    assert!(err.to_string().contains("low-order"), "{err}");
}

#[test]
fn hybrid_recipient_with_an_ml_kem_half_out_of_range_is_refused() {
    // FIPS 203 encapsulation key check: 12-bit coefficients must be below
    // q = 3329; 0xfff is not.
    let mut bytes = public_bytes(&Identity::generate_hybrid().to_public());
    bytes[0] = 0xff;
    bytes[1] = 0xff;
    let err = encode_hybrid(&bytes).parse::<Recipient>().unwrap_err();
    assert!(err.to_string().contains("ML-KEM-768"), "{err}");
}

#[test]
fn hybrid_recipient_with_nonzero_padding_bits_is_refused() {
    // 1216 bytes are 9728 bits: 1946 groups of five and 2 padding bits. Set
    // them and fix the checksum: same key bytes, a second encoding.
    let recipient = Identity::generate_hybrid().to_public().to_string();
    let data = &recipient[7..recipient.len() - 6];
    let last = bech32::Fe32::from_char(data.chars().last().unwrap()).unwrap();
    let flipped = bech32::Fe32::try_from(last.to_u8() | 1).unwrap();
    let groups = data[..data.len() - 1]
        .chars()
        .map(|c| bech32::Fe32::from_char(c).unwrap())
        .chain([flipped]);
    let second_encoding = encode_groups(groups);
    assert_ne!(second_encoding, recipient);
    assert!(second_encoding.parse::<Recipient>().is_err());
}

// --- the stanza's rejection rules ---------------------------------------

#[test]
fn stanza_tag_in_the_wrong_case_is_not_ours_so_no_identity_matches() {
    // Spec: "MUST ignore any stanza that does not have mlkem768x25519 as the
    // first argument": `MLKEM768X25519` is another (unknown) type.
    let identity = Identity::generate_hybrid();
    let file = with_first_stanza(&hybrid_file(&identity, b"tip"), |s| {
        s.tag = "MLKEM768X25519".into();
    });
    let err = ours_decrypt(&file, &[identity]);
    assert!(matches!(err, Err(Error::NoIdentityMatched)), "{err:?}");
}

#[test]
fn stanza_with_an_extra_argument_is_refused() {
    let identity = Identity::generate_hybrid();
    let file = with_first_stanza(&hybrid_file(&identity, b"tip"), |s| {
        s.args.push("extra".into());
    });
    assert!(malformed_reason(&file, &identity).contains("exactly one argument"));
}

#[test]
fn stanza_with_no_argument_is_refused() {
    let identity = Identity::generate_hybrid();
    let file = with_first_stanza(&hybrid_file(&identity, b"tip"), |s| s.args.clear());
    assert!(malformed_reason(&file, &identity).contains("exactly one argument"));
}

#[test]
fn encapsulated_key_of_the_wrong_length_is_refused() {
    let identity = Identity::generate_hybrid();
    for len in [1119, 1121, 1088, 32] {
        let file = with_first_stanza(&hybrid_file(&identity, b"tip"), |s| {
            let mut enc = BASE64_STANDARD_NO_PAD.decode(&s.args[0]).unwrap();
            enc.resize(len, 7);
            s.args[0] = BASE64_STANDARD_NO_PAD.encode(enc);
        });
        assert!(
            malformed_reason(&file, &identity).contains("1120 bytes"),
            "{len}"
        );
    }
}

#[test]
fn encapsulated_key_in_non_canonical_base64_is_refused() {
    // 1120 bytes leave 2 unused bits in the last character; setting them
    // gives the same bytes under a second encoding.
    let identity = Identity::generate_hybrid();
    let file = with_first_stanza(&hybrid_file(&identity, b"tip"), |s| {
        let last = s.args[0].pop().unwrap();
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let index = alphabet.iter().position(|&c| c == last as u8).unwrap();
        s.args[0].push(alphabet[index | 1] as char);
        assert_ne!(index | 1, index, "the encoder wrote zero unused bits");
    });
    assert!(malformed_reason(&file, &identity).contains("canonical base64"));
}

#[test]
fn encapsulated_key_with_padding_is_refused() {
    let identity = Identity::generate_hybrid();
    let file = with_first_stanza(&hybrid_file(&identity, b"tip"), |s| {
        s.args[0].push_str("==");
    });
    assert!(malformed_reason(&file, &identity).contains("canonical base64"));
}

#[test]
fn stanza_body_of_the_wrong_length_is_refused_before_decrypting() {
    let identity = Identity::generate_hybrid();
    for len in [0, 16, 31, 33, 48] {
        let file = with_first_stanza(&hybrid_file(&identity, b"tip"), |s| {
            s.body.resize(len, 0);
        });
        assert!(
            malformed_reason(&file, &identity).contains("exactly 32 bytes"),
            "{len}"
        );
    }
}

#[test]
fn stanza_whose_x25519_share_is_a_low_order_point_is_refused() {
    // The point 0 and the point 1 (order 4): X25519 gives all zeros with
    // any key, so the X25519 half adds nothing. age (Go) and typage refuse
    // such a file; so do we.
    let identity = Identity::generate_hybrid();
    let mut one = [0u8; 32];
    one[0] = 1;
    for point in [[0u8; 32], one] {
        let file = with_first_stanza(&hybrid_file(&identity, b"tip"), |s| {
            s.args[0] = low_order_enc(&s.args[0], point);
        });
        assert!(malformed_reason(&file, &identity).contains("low-order"));
    }
}

#[test]
fn low_order_share_is_refused_even_after_a_stanza_that_opens() {
    // -> mlkem768x25519 <ours>      (opens the file)
    // -> mlkem768x25519 <low-order>  (someone else's, but broken)
    let identity = Identity::generate_hybrid();
    let other = Identity::generate_hybrid();
    let file = ours_encrypt(b"tip", &[identity.to_public(), other.to_public()]);
    let (mut header, len) = Header::parse(&file).unwrap().unwrap();
    header.stanzas[1].args[0] = low_order_enc(&header.stanzas[1].args[0], [0; 32]);
    let file = [header.to_bytes(), file[len..].to_vec()].concat();
    assert!(malformed_reason(&file, &identity).contains("low-order"));
}
