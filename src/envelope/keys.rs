//! X25519 keys in their age encodings: `age1…` recipients and
//! `AGE-SECRET-KEY-1…` identities (Bech32, BIP 173).
use std::fmt;
use std::str::FromStr;

use super::Error;

/// A newsroom's (or a source's reply) public key, `age1…`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Recipient(pub(crate) x25519_dalek::PublicKey);

/// A secret key, `AGE-SECRET-KEY-1…`; zeroized on drop.
#[derive(Clone)]
pub struct Identity(pub(crate) x25519_dalek::StaticSecret);

impl Identity {
    /// A fresh identity from the OS random number generator.
    pub fn generate() -> Self {
        todo!()
    }
    /// An identity from 32 secret bytes (for keys derived from a codename).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        todo!("{bytes:?}")
    }
    /// The matching recipient.
    pub fn to_public(&self) -> Recipient {
        todo!()
    }
    /// The `AGE-SECRET-KEY-1…` encoding (upper case, as age writes it).
    pub fn to_encoded(&self) -> zeroize::Zeroizing<String> {
        todo!()
    }
}

impl FromStr for Identity {
    type Err = Error;
    fn from_str(_s: &str) -> Result<Self, Error> {
        todo!()
    }
}

impl Recipient {
    /// A short fingerprint for people to compare: the first 16 hex digits
    /// of SHA-256 over the `age1…` string, in groups of four.
    pub fn fingerprint(&self) -> String {
        todo!()
    }
}

impl FromStr for Recipient {
    type Err = Error;
    fn from_str(_s: &str) -> Result<Self, Error> {
        todo!()
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, _f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!()
    }
}

/// Parses an identity file as `age-keygen` and `rage-keygen` write it:
/// one `AGE-SECRET-KEY-1…` per line; `#` comment lines and blank lines ignored.
pub fn parse_identities(_text: &str) -> Result<Vec<Identity>, Error> {
    todo!()
}
