//! The age header: version line, recipient stanzas, MAC line.

use super::Error;

/// One recipient stanza: `-> type args…` and its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stanza {
    pub tag: String,
    pub args: Vec<String>,
    pub body: Vec<u8>,
}

/// A parsed header (the MAC is checked later, when a file key is known).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub stanzas: Vec<Stanza>,
    pub mac: [u8; 32],
}

impl Header {
    /// Parses a header from the start of `input`.
    ///
    /// `Ok(None)` means `input` ends before the header does (read more);
    /// `Ok(Some((header, len)))` gives the header and its length in bytes, up
    /// to and including the newline after the MAC line.
    pub fn parse(_input: &[u8]) -> Result<Option<(Header, usize)>, Error> {
        todo!()
    }

    /// Number of `X25519` stanzas.
    pub fn x25519_count(&self) -> usize {
        self.stanzas.iter().filter(|s| s.tag == "X25519").count()
    }
}
