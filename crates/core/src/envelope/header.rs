//! The age header: version line, recipient stanzas, MAC line.
//!
//! ```text
//! age-encryption.org/v1
//! -> X25519 <ephemeral share, base64>
//! <wrapped file key, base64, wrapped at 64 columns, last line short>
//! --- <HMAC-SHA-256 of everything up to and including "---", base64>
//! ```
//!
//! Parsing is strict, so that a header has exactly one encoding: what
//! [`Header::parse`] accepts, [`Header::write`] reproduces byte for byte
//! (tested below). That is what lets us recompute the MAC from the parsed
//! header, and it closes the door on malleability tricks (padding, CR/LF,
//! non-canonical base64) that other implementations might read differently.

use std::io::{self, Write};

use base64::prelude::{Engine, BASE64_STANDARD_NO_PAD};

use super::hybrid::ENC_LEN;
use super::primitives::{hmac_sha256, hmac_sha256_verify, FileKey, WRAPPED_KEY_LEN};
use super::Error;

/// The first line of every age v1 file.
pub(crate) const VERSION_LINE: &[u8] = b"age-encryption.org/v1\n";

/// The largest header we accept (256 KiB). The specification sets no limit,
/// but a hostile upload must not make the server (or `tipbox-decrypt`)
/// buffer an endless header; real headers are a few hundred bytes, and even
/// hundreds of post-quantum plugin stanzas stay far below this.
pub const MAX_HEADER_LEN: usize = 256 * 1024;

/// Tag of the X25519 recipient stanza.
pub(crate) const X25519_TAG: &str = "X25519";
/// Tag of the hybrid ML-KEM-768 + X25519 recipient stanza (lower case, exactly).
pub(crate) const HYBRID_TAG: &str = "mlkem768x25519";
/// Tag of the scrypt (passphrase) recipient stanza.
pub(crate) const SCRYPT_TAG: &str = "scrypt";

/// Columns of a full stanza body line.
const BODY_COLUMNS: usize = 64;
/// Length of the base64 MAC on the `---` line (32 bytes, unpadded).
const ENCODED_MAC_LEN: usize = 43;

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
    ///
    /// From the specification: "The header is a sequence of newline-separated
    /// lines. [...] Each recipient stanza starts with a line beginning with
    /// `->` and its type name, followed by zero or more SP-separated
    /// arguments. The type name and the arguments are arbitrary strings.
    /// Unknown recipient types are ignored. The rest of the recipient stanza
    /// is a body of canonical base64 from RFC 4648 without padding wrapped at
    /// exactly 64 columns." and "the last line of the body MUST be shorter
    /// than 64 columns, and MAY be empty".
    ///
    /// Beyond the grammar, this checks the stanzas whose format the
    /// specification defines (`X25519`, `mlkem768x25519`, `scrypt`: argument
    /// counts and sizes,
    /// body size) and that an `scrypt` stanza stands alone. A partial last
    /// line is checked as far as it goes, so garbage is refused as soon as it
    /// arrives rather than after [`MAX_HEADER_LEN`] bytes.
    pub fn parse(input: &[u8]) -> Result<Option<(Header, usize)>, Error> {
        read::header(input)
    }

    /// Writes the header exactly as [`Header::parse`] reads it.
    pub fn write<W: Write>(&self, mut out: W) -> io::Result<()> {
        out.write_all(&self.to_bytes())
    }

    /// The encoded header, ending with the newline after the MAC line.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = self.mac_input();
        bytes.push(b' ');
        bytes.extend_from_slice(BASE64_STANDARD_NO_PAD.encode(self.mac).as_bytes());
        bytes.push(b'\n');
        bytes
    }

    /// Number of `X25519` stanzas.
    pub fn x25519_count(&self) -> usize {
        self.stanzas.iter().filter(|s| s.tag == X25519_TAG).count()
    }

    /// Number of `mlkem768x25519` (hybrid) stanzas.
    pub fn hybrid_count(&self) -> usize {
        self.stanzas.iter().filter(|s| s.tag == HYBRID_TAG).count()
    }

    /// A header for `stanzas`, with its MAC computed under `file_key`.
    pub(crate) fn seal(stanzas: Vec<Stanza>, file_key: &FileKey) -> Header {
        let mut header = Header {
            stanzas,
            mac: [0; 32],
        };
        header.mac = hmac_sha256(&file_key.header_mac_key(), &header.mac_input());
        header
    }

    /// Checks the MAC under `file_key` (constant time).
    pub(crate) fn verify_mac(&self, file_key: &FileKey) -> Result<(), Error> {
        if hmac_sha256_verify(&file_key.header_mac_key(), &self.mac_input(), &self.mac) {
            Ok(())
        } else {
            Err(Error::BadHeaderMac)
        }
    }

    /// The bytes the MAC covers: the header "up to and including the `---`".
    fn mac_input(&self) -> Vec<u8> {
        let mut bytes = VERSION_LINE.to_vec();
        for stanza in &self.stanzas {
            write::stanza(&mut bytes, stanza);
        }
        bytes.extend_from_slice(b"---");
        bytes
    }

    /// Structural rules over the whole header, and the formats of the stanza
    /// types the specification defines.
    fn check_stanzas(&self) -> Result<(), Error> {
        if self.stanzas.is_empty() {
            return Err(Error::MalformedHeader("the header has no recipient stanza"));
        }
        // Spec: "If an scrypt stanza is present, it MUST be the only stanza in
        // the header." (Otherwise a passphrase file could be silently
        // re-encrypted to a second, attacker-chosen recipient.)
        if self.stanzas.iter().any(|s| s.tag == SCRYPT_TAG) && self.stanzas.len() != 1 {
            return Err(Error::ScryptMixed);
        }
        for stanza in &self.stanzas {
            match stanza.tag.as_str() {
                X25519_TAG => stanza.x25519_share().map(|_| ())?,
                HYBRID_TAG => stanza.hybrid_enc().map(|_| ())?,
                SCRYPT_TAG => stanza.scrypt_params().map(|_| ())?,
                _ => {}
            };
        }
        Ok(())
    }
}

impl Stanza {
    /// The ephemeral share of an `X25519` stanza, after checking the stanza's
    /// shape: "exactly one argument [...] the ephemeral share, 32 bytes" and
    /// "the body [...] MUST be exactly 32 bytes".
    pub(crate) fn x25519_share(&self) -> Result<[u8; 32], Error> {
        let [share] = self.args.as_slice() else {
            return Err(Error::MalformedHeader(
                "an X25519 stanza must have exactly one argument",
            ));
        };
        let share = decode_array::<32>(share).ok_or(Error::MalformedHeader(
            "an X25519 ephemeral share must be 32 bytes of canonical base64",
        ))?;
        self.wrapped_key("an X25519 stanza body must be exactly 32 bytes")?;
        Ok(share)
    }

    /// The encapsulated key of an `mlkem768x25519` stanza, after checking the
    /// stanza's shape. Spec: "reject any stanza that has more or less than two
    /// arguments, or where the second argument is not a canonical base64
    /// encoding of a 1120-byte value. It MUST check that the body length is
    /// exactly 32 bytes before attempting to decrypt it".
    pub(crate) fn hybrid_enc(&self) -> Result<[u8; ENC_LEN], Error> {
        let [enc] = self.args.as_slice() else {
            return Err(Error::MalformedHeader(
                "an mlkem768x25519 stanza must have exactly one argument after its type",
            ));
        };
        let enc = decode_array::<ENC_LEN>(enc).ok_or(Error::MalformedHeader(
            "an mlkem768x25519 encapsulated key must be 1120 bytes of canonical base64",
        ))?;
        self.wrapped_key("an mlkem768x25519 stanza body must be exactly 32 bytes")?;
        Ok(enc)
    }

    /// The salt and work factor (log2 N) of an `scrypt` stanza, after checking
    /// its shape: "two arguments: a 16-byte salt and the work factor as a
    /// decimal number without leading zeros", body exactly 32 bytes.
    pub(crate) fn scrypt_params(&self) -> Result<([u8; 16], u8), Error> {
        let [salt, work_factor] = self.args.as_slice() else {
            return Err(Error::MalformedHeader(
                "an scrypt stanza must have exactly two arguments",
            ));
        };
        let salt = decode_array::<16>(salt).ok_or(Error::MalformedHeader(
            "an scrypt salt must be 16 bytes of canonical base64",
        ))?;
        let canonical_decimal = !work_factor.is_empty()
            && work_factor.bytes().all(|b| b.is_ascii_digit())
            && !work_factor.starts_with('0');
        let work_factor = canonical_decimal
            .then(|| work_factor.parse::<u8>().ok())
            .flatten()
            .ok_or(Error::MalformedHeader(
                "an scrypt work factor must be a decimal number from 1 to 255 without leading zeros",
            ))?;
        self.wrapped_key("an scrypt stanza body must be exactly 32 bytes")?;
        Ok((salt, work_factor))
    }

    /// The body as a wrapped file key, or `Err(MalformedHeader(why))`.
    pub(crate) fn wrapped_key(&self, why: &'static str) -> Result<[u8; WRAPPED_KEY_LEN], Error> {
        self.body
            .as_slice()
            .try_into()
            .map_err(|_| Error::MalformedHeader(why))
    }
}

/// Decodes canonical unpadded base64 of exactly `N` bytes.
pub(crate) fn decode_array<const N: usize>(encoded: &str) -> Option<[u8; N]> {
    decode_canonical(encoded.as_bytes())?.try_into().ok()
}

/// Decodes canonical unpadded base64 (RFC 4648, section 3.5): no padding,
/// no whitespace, no unused bits set in the last character.
pub(crate) fn decode_canonical(encoded: &[u8]) -> Option<Vec<u8>> {
    // The base64 crate's STANDARD_NO_PAD engine refuses `=`, characters
    // outside the alphabet and non-zero trailing bits.
    BASE64_STANDARD_NO_PAD.decode(encoded).ok()
}

/// Decoding, line by line, with the rules of the specification.
mod read {
    use super::*;

    /// An "arbitrary string" character (spec: ASCII 33 to 126).
    fn is_vchar(byte: u8) -> bool {
        (33..=126).contains(&byte)
    }

    fn is_base64_char(byte: u8) -> bool {
        byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'/'
    }

    /// The next complete line starting at `pos` (without its `\n`) and the
    /// position after it, or `None` if `input` ends first.
    fn next_line(input: &[u8], pos: usize) -> Option<(&[u8], usize)> {
        let rest = &input[pos..];
        let end = rest.iter().position(|&b| b == b'\n')?;
        Some((&rest[..end], pos + end + 1))
    }

    /// `Ok(None)`: the header continues past `input`, unless it is already
    /// too long.
    fn incomplete(input: &[u8]) -> Result<Option<(Header, usize)>, Error> {
        if input.len() > MAX_HEADER_LEN {
            Err(Error::HeaderTooLong)
        } else {
            Ok(None)
        }
    }

    pub(super) fn header(input: &[u8]) -> Result<Option<(Header, usize)>, Error> {
        let version_line = &VERSION_LINE[..VERSION_LINE.len() - 1];
        let mut pos = match next_line(input, 0) {
            Some((line, next)) if line == version_line => next,
            Some(_) => return Err(Error::BadVersion),
            None if version_line.starts_with(input) => return incomplete(input),
            None => return Err(Error::BadVersion),
        };

        let mut stanzas = Vec::new();
        let mac = loop {
            let Some((line, next)) = next_line(input, pos) else {
                partial_stanza_or_mac_line(&input[pos..])?;
                return incomplete(input);
            };
            if let Some(encoded) = line.strip_prefix(b"--- ") {
                pos = next;
                break mac_line(encoded)?;
            }
            let Some(stanza_line) = line.strip_prefix(b"-> ") else {
                return Err(Error::MalformedHeader(
                    "a header line is neither a stanza (`-> `) nor the MAC line (`--- `)",
                ));
            };
            let (tag, args) = stanza_args(stanza_line)?;
            pos = next;

            let mut encoded_body = Vec::new();
            loop {
                let Some((line, next)) = next_line(input, pos) else {
                    partial_body_line(&input[pos..])?;
                    return incomplete(input);
                };
                body_line(line)?;
                encoded_body.extend_from_slice(line);
                pos = next;
                if line.len() < BODY_COLUMNS {
                    break;
                }
            }
            let body = decode_canonical(&encoded_body).ok_or(Error::MalformedHeader(
                "a stanza body is not canonical base64 (unused bits set)",
            ))?;
            stanzas.push(Stanza { tag, args, body });
        };

        if pos > MAX_HEADER_LEN {
            return Err(Error::HeaderTooLong);
        }
        let header = Header { stanzas, mac };
        header.check_stanzas()?;
        Ok(Some((header, pos)))
    }

    /// `tag args…` after `-> `: arbitrary strings separated by single spaces.
    fn stanza_args(line: &[u8]) -> Result<(String, Vec<String>), Error> {
        let mut words = Vec::new();
        for word in line.split(|&b| b == b' ') {
            if word.is_empty() {
                return Err(Error::MalformedHeader(
                    "a stanza line has an empty argument (doubled, leading or trailing space)",
                ));
            }
            if !word.iter().all(|&b| is_vchar(b)) {
                return Err(Error::MalformedHeader(
                    "a stanza line has a character outside printable ASCII",
                ));
            }
            words.push(String::from_utf8(word.to_vec()).expect("printable ASCII is UTF-8"));
        }
        let tag = words.remove(0);
        Ok((tag, words))
    }

    /// One body line: base64 characters only, at most 64 of them.
    fn body_line(line: &[u8]) -> Result<(), Error> {
        if line.len() > BODY_COLUMNS {
            return Err(Error::MalformedHeader(
                "a stanza body line is longer than 64 columns",
            ));
        }
        if !line.iter().all(|&b| is_base64_char(b)) {
            return Err(Error::MalformedHeader(
                "a stanza body has a character outside unpadded base64 (padding, CR or space)",
            ));
        }
        Ok(())
    }

    /// The MAC after `--- `: 43 characters of canonical base64.
    fn mac_line(encoded: &[u8]) -> Result<[u8; 32], Error> {
        if encoded.len() != ENCODED_MAC_LEN {
            return Err(Error::MalformedHeader(
                "the MAC line must carry 43 characters of base64",
            ));
        }
        decode_canonical(encoded)
            .and_then(|mac| mac.try_into().ok())
            .ok_or(Error::MalformedHeader(
                "the MAC is not 32 bytes of canonical base64",
            ))
    }

    /// Refuses a partial stanza or MAC line that no more input can repair.
    fn partial_stanza_or_mac_line(partial: &[u8]) -> Result<(), Error> {
        let plausible = if let Some(words) = partial.strip_prefix(b"-> ") {
            // Complete words must be non-empty; the last one may be empty
            // while its first character is still on its way.
            let mut words: Vec<&[u8]> = words.split(|&b| b == b' ').collect();
            words.pop();
            words.iter().all(|w| !w.is_empty())
                && partial[3..].iter().all(|&b| b == b' ' || is_vchar(b))
        } else if let Some(encoded) = partial.strip_prefix(b"--- ") {
            encoded.len() <= ENCODED_MAC_LEN && encoded.iter().all(|&b| is_base64_char(b))
        } else {
            b"-> ".starts_with(partial) || b"--- ".starts_with(partial)
        };
        if plausible {
            Ok(())
        } else {
            Err(Error::MalformedHeader(
                "a header line is neither a valid stanza nor a valid MAC line",
            ))
        }
    }

    fn partial_body_line(partial: &[u8]) -> Result<(), Error> {
        body_line(partial)
    }
}

/// Encoding, the inverse of [`read`].
mod write {
    use super::*;

    /// `-> tag args…\n` and the body wrapped at 64 columns, the last line
    /// short (empty if the encoded body is a multiple of 64 columns).
    pub(super) fn stanza(out: &mut Vec<u8>, stanza: &Stanza) {
        out.extend_from_slice(b"-> ");
        out.extend_from_slice(stanza.tag.as_bytes());
        for arg in &stanza.args {
            out.push(b' ');
            out.extend_from_slice(arg.as_bytes());
        }
        out.push(b'\n');
        let encoded = BASE64_STANDARD_NO_PAD.encode(&stanza.body);
        for line in encoded.as_bytes().chunks(BODY_COLUMNS) {
            out.extend_from_slice(line);
            out.push(b'\n');
        }
        if encoded.len().is_multiple_of(BODY_COLUMNS) {
            // The last line must be short: after an empty body or a full
            // last line, it is empty.
            out.push(b'\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stanza(tag: &str, args: &[&str], body_len: usize) -> Stanza {
        Stanza {
            tag: tag.to_string(),
            args: args.iter().map(|a| a.to_string()).collect(),
            body: (0..body_len).map(|i| i as u8).collect(),
        }
    }

    fn sample_header() -> Header {
        let share = BASE64_STANDARD_NO_PAD.encode([9u8; 32]);
        Header {
            stanzas: vec![
                stanza(X25519_TAG, &[&share], 32),
                stanza("unknown-grease", &["a", "b!", "~"], 0),
                stanza("long", &[], 48),
                stanza("longer", &["x"], 100),
            ],
            mac: [3; 32],
        }
    }

    #[test]
    fn parse_then_write_gives_the_same_bytes() {
        let header = sample_header();
        let bytes = header.to_bytes();
        let (parsed, len) = Header::parse(&bytes).unwrap().expect("complete header");
        assert_eq!(len, bytes.len());
        assert_eq!(parsed, header);
        assert_eq!(parsed.to_bytes(), bytes);
    }

    #[test]
    fn body_of_48_bytes_ends_with_an_empty_line() {
        // 48 bytes encode to exactly 64 columns: the full line must be
        // followed by an empty short line.
        let header = Header {
            stanzas: vec![stanza("t", &[], 48)],
            mac: [0; 32],
        };
        let text = String::from_utf8(header.to_bytes()).unwrap();
        let body_lines: Vec<&str> = text.lines().skip(2).take(2).collect();
        assert_eq!(body_lines[0].len(), 64);
        assert_eq!(body_lines[1], "");
    }

    #[test]
    fn parse_reports_where_the_header_ends() {
        let mut bytes = sample_header().to_bytes();
        let header_len = bytes.len();
        bytes.extend_from_slice(b"payload follows");
        let (_, len) = Header::parse(&bytes).unwrap().unwrap();
        assert_eq!(len, header_len);
    }

    #[test]
    fn every_strict_prefix_of_a_valid_header_is_incomplete() {
        let bytes = sample_header().to_bytes();
        for end in 0..bytes.len() {
            assert!(
                matches!(Header::parse(&bytes[..end]), Ok(None)),
                "prefix of {end} bytes: {:?}",
                Header::parse(&bytes[..end])
            );
        }
    }

    #[test]
    fn x25519_count_ignores_other_stanzas() {
        assert_eq!(sample_header().x25519_count(), 1);
    }
}
