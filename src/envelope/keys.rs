//! X25519 keys in their age encodings: `age1…` recipients and
//! `AGE-SECRET-KEY-1…` identities (Bech32, BIP 173).
//!
//! Parsing is strict: one case only (lower for recipients, upper for
//! identities, as age writes them), the Bech32 (not Bech32m) checksum,
//! exactly 32 bytes with zero padding bits, and no low-order recipient
//! points (encrypting to one would give an all-zero shared secret, a wrap
//! key anyone can compute).
use std::fmt;
use std::str::FromStr;

use bech32::primitives::decode::CheckedHrpstring;
use bech32::{Bech32, Fe32, Hrp};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::Error;

/// Human-readable part of a recipient (`age1…`).
const RECIPIENT_HRP: &str = "age";
/// Human-readable part of an identity (`AGE-SECRET-KEY-1…`).
const IDENTITY_HRP: &str = "AGE-SECRET-KEY-";
/// Bech32 characters that encode 32 bytes: 256 bits in 52 groups of five,
/// the last four bits padding.
const KEY_CHARS: usize = 52;

/// A newsroom's (or a source's reply) public key, `age1…`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Recipient(pub(crate) x25519_dalek::PublicKey);

/// A secret key, `AGE-SECRET-KEY-1…`; zeroized on drop.
#[derive(Clone)]
pub struct Identity(pub(crate) x25519_dalek::StaticSecret);

impl Identity {
    /// A fresh identity from the OS random number generator.
    pub fn generate() -> Self {
        Identity(x25519_dalek::StaticSecret::random_from_rng(
            rand::rngs::OsRng,
        ))
    }
    /// An identity from 32 secret bytes (for keys derived from a codename).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Identity(x25519_dalek::StaticSecret::from(bytes))
    }
    /// The matching recipient.
    pub fn to_public(&self) -> Recipient {
        Recipient(x25519_dalek::PublicKey::from(&self.0))
    }
    /// The `AGE-SECRET-KEY-1…` encoding (upper case, as age writes it).
    pub fn to_encoded(&self) -> zeroize::Zeroizing<String> {
        let secret = Zeroizing::new(self.0.to_bytes());
        // Room for the whole encoding up front, so that no reallocation
        // leaves a stray copy of the key on the heap.
        let mut encoded = Zeroizing::new(String::with_capacity(128));
        bech32::encode_upper_to_fmt::<Bech32, String>(
            &mut *encoded,
            Hrp::parse(IDENTITY_HRP).expect("a valid human-readable part"),
            secret.as_ref(),
        )
        .expect("32 bytes fit a Bech32 string");
        encoded
    }
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the secret, even in a debug log.
        write!(f, "Identity({})", self.to_public())
    }
}

impl FromStr for Identity {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        if s.bytes().any(|b| b.is_ascii_lowercase()) {
            return Err(Error::InvalidKey(
                "an identity must be written in upper case (AGE-SECRET-KEY-1…)",
            ));
        }
        let bytes = decode_key(s, IDENTITY_HRP).ok_or(Error::InvalidKey(
            "not an AGE-SECRET-KEY-1… identity (bad prefix, length or checksum)",
        ))?;
        Ok(Identity::from_bytes(*bytes))
    }
}

impl Recipient {
    /// A short fingerprint for people to compare: the first 16 hex digits
    /// of SHA-256 over the `age1…` string, in groups of four.
    pub fn fingerprint(&self) -> String {
        let digest = hex::encode(Sha256::digest(self.to_string().as_bytes()));
        let groups: Vec<&str> = (0..4).map(|i| &digest[i * 4..i * 4 + 4]).collect();
        groups.join(" ")
    }

    /// The 32 bytes of the public key (the X25519 u-coordinate).
    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// True if this point has small order: X25519 with it gives the all-zero
    /// shared secret whatever the scalar (RFC 7748, section 6.1).
    fn is_low_order(point: &[u8; 32]) -> bool {
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
                "a recipient must be written in lower case (age1…)",
            ));
        }
        let bytes = decode_key(s, RECIPIENT_HRP).ok_or(Error::InvalidKey(
            "not an age1… recipient (bad prefix, length or checksum)",
        ))?;
        if Recipient::is_low_order(&bytes) {
            return Err(Error::InvalidKey(
                "the recipient is a low-order point, which no real key can be",
            ));
        }
        Ok(Recipient(x25519_dalek::PublicKey::from(*bytes)))
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        bech32::encode_lower_to_fmt::<Bech32, _>(
            f,
            Hrp::parse(RECIPIENT_HRP).expect("a valid human-readable part"),
            self.0.as_bytes(),
        )
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

/// Parses an identity file as `age-keygen` and `rage-keygen` write it:
/// one `AGE-SECRET-KEY-1…` per line; `#` comment lines and blank lines ignored.
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
            "the identity file holds no AGE-SECRET-KEY-1… line",
        ));
    }
    Ok(identities)
}
