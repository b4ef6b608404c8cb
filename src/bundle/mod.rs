//! The export bundle that carries ciphertext from the server to the
//! air-gapped machine: a tar stream with `manifest.json` first, then
//! `tips/<id>.age` for each tip in the manifest's order.
//!
//! Main types: [`TipId`], [`Manifest`], [`BundleWriter`], [`BundleReader`].
use std::fmt;
use std::io::{self, Read, Write};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A tip's id: 128 random bits, written as 32 lower-case hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TipId(pub [u8; 16]);

impl TipId {
    pub fn random() -> Self {
        todo!()
    }
}

impl fmt::Display for TipId {
    fn fmt(&self, _f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!()
    }
}

impl FromStr for TipId {
    type Err = BundleError;
    /// Exactly 32 lower-case hex digits.
    fn from_str(_s: &str) -> Result<Self, BundleError> {
        todo!()
    }
}

impl Serialize for TipId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TipId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// One tip in a bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub id: TipId,
    /// Coarsened arrival date, `YYYY-MM-DD`.
    pub received: String,
    /// Ciphertext size in bytes.
    pub size: u64,
}

/// `manifest.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub tips: Vec<ManifestEntry>,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("invalid tip id (expected 32 lower-case hex digits)")]
    BadId,
    #[error("not an export bundle: {0}")]
    NotABundle(String),
    #[error("bundle entry {0:?} is not listed in the manifest or is out of order")]
    Unexpected(String),
    #[error("bundle entry for tip {0} has {1} bytes, manifest says {2}")]
    SizeMismatch(TipId, u64, u64),
    #[error("bundle is missing tips listed in its manifest")]
    Missing,
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Writes a bundle as a stream.
pub struct BundleWriter<W: Write> {
    _out: W,
}

impl<W: Write> BundleWriter<W> {
    /// Writes `manifest.json`.
    pub fn new(_out: W, _manifest: &Manifest) -> io::Result<Self> {
        todo!()
    }
    /// Appends `tips/<id>.age`; must follow the manifest's order and sizes.
    pub fn append_tip(
        &mut self,
        _id: TipId,
        _size: u64,
        _content: &mut dyn Read,
    ) -> io::Result<()> {
        todo!()
    }
    pub fn finish(self) -> io::Result<W> {
        todo!()
    }
}

/// Reads a bundle from a possibly hostile source, one tip at a time.
pub struct BundleReader<R: Read> {
    _input: R,
}

impl<R: Read> BundleReader<R> {
    /// Reads and checks `manifest.json`.
    pub fn new(_input: R) -> Result<Self, BundleError> {
        todo!()
    }
    pub fn manifest(&self) -> &Manifest {
        todo!()
    }
    /// Calls `visit` with each tip's manifest entry and ciphertext, in order;
    /// checks that every manifest entry was present with its declared size.
    pub fn for_each_tip(
        self,
        _visit: &mut dyn FnMut(&ManifestEntry, &mut dyn Read) -> io::Result<()>,
    ) -> Result<(), BundleError> {
        todo!()
    }
}
