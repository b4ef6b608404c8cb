//! Native age keys in their encodings: X25519 (`age1…` recipients,
//! `AGE-SECRET-KEY-1…` identities) and the hybrid post-quantum
//! ML-KEM-768 + X25519 type (`age1pq1…` recipients, `AGE-SECRET-KEY-PQ-1…`
//! identities), all Bech32 (BIP 173).
//!
//! Parsing is strict: one case only (lower for recipients, upper for
//! identities, as age writes them), the Bech32 (not Bech32m) checksum,
//! exactly the key's length with zero padding bits, and no low-order X25519
//! recipient points (encrypting to one would give an all-zero shared secret,
//! a wrap key anyone can compute). A hybrid recipient's ML-KEM half must be a
//! canonical encapsulation key (FIPS 203's modulus check) and its X25519
//! half must not be a low-order point either.
use std::fmt;
use std::str::FromStr;

use bech32::primitives::decode::CheckedHrpstring;
use bech32::{Bech32, Fe32, Hrp};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::hybrid::{HybridRecipient, HybridSecret, SEED_LEN};
use super::Error;

/// Human-readable part of an X25519 recipient (`age1…`).
const RECIPIENT_HRP: &str = "age";
/// Human-readable part of an X25519 identity (`AGE-SECRET-KEY-1…`).
const IDENTITY_HRP: &str = "AGE-SECRET-KEY-";
/// Human-readable part of a hybrid recipient (`age1pq1…`).
const HYBRID_RECIPIENT_HRP: &str = "age1pq";
/// Human-readable part of a hybrid identity (`AGE-SECRET-KEY-PQ-1…`).
const HYBRID_IDENTITY_HRP: &str = "AGE-SECRET-KEY-PQ-";
/// Bech32 characters that encode 32 bytes: 256 bits in 52 groups of five,
/// the last four bits padding.
const KEY_CHARS: usize = 52;

/// Bech32 exactly as age uses it: BIP 173's checksum "without length limits
/// on the data part" (spec). A hybrid recipient is about 1,950 characters,
/// beyond BIP 173's 90 and the `bech32` crate's 1,023.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum LongBech32 {}

impl bech32::Checksum for LongBech32 {
    type MidstateRepr = u32;
    const CODE_LENGTH: usize = usize::MAX;
    const CHECKSUM_LENGTH: usize = 6;
    // BIP 173's generator and target residue, as for `bech32::Bech32`.
    const GENERATOR_SH: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    const TARGET_RESIDUE: u32 = 1;
}

/// A newsroom's (or a source's reply) public key: `age1…` (X25519) or
/// `age1pq1…` (hybrid ML-KEM-768 + X25519).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Recipient {
    X25519(x25519_dalek::PublicKey),
    Hybrid(Box<HybridRecipient>),
}

/// A secret key, `AGE-SECRET-KEY-1…` (X25519) or `AGE-SECRET-KEY-PQ-1…`
/// (hybrid); zeroized on drop.
#[derive(Clone)]
pub enum Identity {
    X25519(x25519_dalek::StaticSecret),
    Hybrid(Box<HybridSecret>),
}

impl Identity {
    /// A fresh X25519 identity from the OS random number generator. (The
    /// classic type: for new long-term keys prefer [`Identity::generate_hybrid`].)
    pub fn generate() -> Self {
        Identity::X25519(x25519_dalek::StaticSecret::random_from_rng(
            rand::rngs::OsRng,
        ))
    }
    /// A fresh hybrid ML-KEM-768 + X25519 identity (spec: "identity =
    /// read(CSPRNG, 32)").
    pub fn generate_hybrid() -> Self {
        let seed = Zeroizing::new(super::primitives::random_bytes::<SEED_LEN>());
        Identity::Hybrid(Box::new(HybridSecret::from_seed(&seed)))
    }
    /// A hybrid identity from its 32-byte seed (for keys derived from a
    /// codename; the spec's identity *is* its seed).
    pub fn hybrid_from_seed(seed: &[u8; SEED_LEN]) -> Self {
        Identity::Hybrid(Box::new(HybridSecret::from_seed(seed)))
    }
    /// An X25519 identity from 32 secret bytes (for keys derived from a codename).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Identity::X25519(x25519_dalek::StaticSecret::from(bytes))
    }
    /// True for the hybrid post-quantum type.
    pub fn is_hybrid(&self) -> bool {
        matches!(self, Identity::Hybrid(_))
    }
    /// The matching recipient.
    pub fn to_public(&self) -> Recipient {
        match self {
            Identity::X25519(secret) => Recipient::X25519(x25519_dalek::PublicKey::from(secret)),
            Identity::Hybrid(secret) => Recipient::Hybrid(Box::new(secret.to_public())),
        }
    }
    /// The `AGE-SECRET-KEY-1…` or `AGE-SECRET-KEY-PQ-1…` encoding (upper
    /// case, as age writes it).
    pub fn to_encoded(&self) -> zeroize::Zeroizing<String> {
        let (hrp, secret) = match self {
            Identity::X25519(secret) => (IDENTITY_HRP, Zeroizing::new(secret.to_bytes())),
            Identity::Hybrid(secret) => (HYBRID_IDENTITY_HRP, secret.seed()),
        };
        // Room for the whole encoding up front, so that no reallocation
        // leaves a stray copy of the key on the heap.
        let mut encoded = Zeroizing::new(String::with_capacity(128));
        bech32::encode_upper_to_fmt::<Bech32, String>(
            &mut *encoded,
            Hrp::parse(hrp).expect("a valid human-readable part"),
            secret.as_ref(),
        )
        .expect("32 bytes fit a Bech32 string");
        encoded
    }
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the secret, even in a debug log.
        write!(f, "Identity({})", self.to_public().fingerprint())
    }
}

impl FromStr for Identity {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        if s.bytes().any(|b| b.is_ascii_lowercase()) {
            return Err(Error::InvalidKey(
                "an identity must be written in upper case (AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1…)",
            ));
        }
        if s.starts_with("AGE-SECRET-KEY-PQ-1") {
            let seed = decode_key(s, HYBRID_IDENTITY_HRP).ok_or(Error::InvalidKey(
                "not an AGE-SECRET-KEY-PQ-1… identity (bad prefix, length or checksum)",
            ))?;
            return Ok(Identity::Hybrid(Box::new(HybridSecret::from_seed(&seed))));
        }
        let bytes = decode_key(s, IDENTITY_HRP).ok_or(Error::InvalidKey(
            "not an AGE-SECRET-KEY-1… identity (bad prefix, length or checksum)",
        ))?;
        Ok(Identity::from_bytes(*bytes))
    }
}

impl Recipient {
    /// A short fingerprint for people to compare: the first 16 hex digits
    /// of SHA-256 over the `age1…` or `age1pq1…` string, in groups of four.
    /// (The same length for both types: a hybrid key's 1,950 characters
    /// hash to a fingerprint as short as a classic key's.)
    pub fn fingerprint(&self) -> String {
        let digest = hex::encode(Sha256::digest(self.to_string().as_bytes()));
        let groups: Vec<&str> = (0..4).map(|i| &digest[i * 4..i * 4 + 4]).collect();
        groups.join(" ")
    }

    /// True for the hybrid post-quantum type.
    pub fn is_hybrid(&self) -> bool {
        matches!(self, Recipient::Hybrid(_))
    }

    /// True if this point has small order: X25519 with it gives the all-zero
    /// shared secret whatever the scalar (RFC 7748, section 6.1).
    pub(crate) fn is_low_order(point: &[u8; 32]) -> bool {
        // Any clamped scalar is a multiple of the cofactor 8, so one
        // multiplication decides it.
        super::primitives::x25519(&[1; 32], point)
            .iter()
            .all(|&b| b == 0)
    }
}

impl FromStr for Recipient {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(Error::InvalidKey(
                "a recipient must be written in lower case (age1… or age1pq1…)",
            ));
        }
        if s.starts_with("age1pq1") {
            let bytes = decode_long(s, HYBRID_RECIPIENT_HRP).ok_or(Error::InvalidKey(
                "not an age1pq1… recipient (bad prefix, length or checksum)",
            ))?;
            return Ok(Recipient::Hybrid(Box::new(HybridRecipient::from_bytes(
                &bytes,
            )?)));
        }
        let bytes = decode_key(s, RECIPIENT_HRP).ok_or(Error::InvalidKey(
            "not an age1… recipient (bad prefix, length or checksum)",
        ))?;
        if Recipient::is_low_order(&bytes) {
            return Err(Error::InvalidKey(
                "the recipient is a low-order point, which no real key can be",
            ));
        }
        Ok(Recipient::X25519(x25519_dalek::PublicKey::from(*bytes)))
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recipient::X25519(key) => bech32::encode_lower_to_fmt::<Bech32, _>(
                f,
                Hrp::parse(RECIPIENT_HRP).expect("a valid human-readable part"),
                key.as_bytes(),
            ),
            Recipient::Hybrid(key) => bech32::encode_lower_to_fmt::<LongBech32, _>(
                f,
                Hrp::parse(HYBRID_RECIPIENT_HRP).expect("a valid human-readable part"),
                &key.to_bytes(),
            ),
        }
        .map_err(|_| fmt::Error)
    }
}

/// Decodes a Bech32 key of 32 bytes with human-readable part `hrp`
/// (compared without regard to case; the callers check the case).
fn decode_key(s: &str, hrp: &str) -> Option<Zeroizing<[u8; 32]>> {
    let checked = CheckedHrpstring::new::<Bech32>(s).ok()?;
    if !checked.hrp().as_str().eq_ignore_ascii_case(hrp) {
        return None;
    }
    let data = checked.data_part_ascii_no_checksum();
    let last = Fe32::from_char(char::from(*data.last()?)).ok()?;
    // The four padding bits after the 256 key bits must be zero, so that
    // each key has exactly one encoding.
    if data.len() != KEY_CHARS || last.to_u8() & 0x0f != 0 {
        return None;
    }
    let mut bytes = Zeroizing::new([0u8; 32]);
    for (slot, byte) in bytes.iter_mut().zip(checked.byte_iter()) {
        *slot = byte;
    }
    Some(bytes)
}

/// Decodes a public Bech32 string of any length with human-readable part
/// `hrp`, refusing padding that is not zero bits shorter than a group (so
/// that each key has one encoding); the caller checks the decoded length.
fn decode_long(s: &str, hrp: &str) -> Option<Vec<u8>> {
    let checked = CheckedHrpstring::new::<LongBech32>(s).ok()?;
    if !checked.hrp().as_str().eq_ignore_ascii_case(hrp) {
        return None;
    }
    let data = checked.data_part_ascii_no_checksum();
    let bytes: Vec<u8> = checked.byte_iter().collect();
    let padding_bits = data.len() * 5 - bytes.len() * 8;
    let last = Fe32::from_char(char::from(*data.last()?)).ok()?;
    if padding_bits >= 5 || last.to_u8() & ((1 << padding_bits) - 1) != 0 {
        return None;
    }
    Some(bytes)
}

/// Parses an identity file as `age-keygen` and `rage-keygen` write it:
/// one `AGE-SECRET-KEY-1…` or `AGE-SECRET-KEY-PQ-1…` per line (both kinds
/// may share a file); `#` comment lines and blank lines ignored.
/// Lines may end with CR LF (a file edited on Windows). The error never
/// quotes the line, which may hold a secret.
pub fn parse_identities(text: &str) -> Result<Vec<Identity>, Error> {
    let mut identities = Vec::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        identities.push(line.parse::<Identity>()?);
    }
    if identities.is_empty() {
        return Err(Error::InvalidKey(
            "the identity file holds no AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1… line",
        ));
    }
    Ok(identities)
}
