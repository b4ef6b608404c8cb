//! Two-way conversations: the source's codename and the keys derived from it.
//!
//! A source who wants replies holds a **codename**: seven words drawn
//! uniformly from the EFF large wordlist (7 × log2(7776) ≈ 90 bits). One slow
//! KDF turns it into everything else:
//!
//! ```text
//! dk      = scrypt(codename, salt = "tipbox codename v1", N = 2^CODENAME_LOG_N, r = 8, p = 1, 64 bytes)
//! token   = dk[0..32]            the mailbox token the source presents (64 hex)
//! mailbox = SHA-256(token)       all the server stores
//! reply   = hybrid ML-KEM-768 + X25519 seed HKDF-SHA-256(dk, salt, "tipbox hybrid reply key v1");
//!           its age1pq1… recipient travels inside the tip
//! classic reply = X25519 secret dk[32..64] (age1…): what conversations begun
//!           before reply keys became hybrid named; still read, never sent anew
//! followup_key = HKDF-SHA-256(dk, salt, "tipbox follow-up key v1")  see [`proof`]
//! ```
//!
//! Main types: [`Codename`] (parsed from what a source typed, or generated),
//! [`DerivedKeys`] ([`MailboxToken`], [`MailboxId`], reply [`Identity`],
//! [`FollowupKey`]).
//!
//! Attacks and how they are answered here:
//! - *Guessing codenames online*: 90 bits, and every guess costs the slow
//!   KDF; the server additionally paces lookups (see `server::routes::mailbox`).
//! - *A seized server*: it holds `SHA-256(token)`; the token itself needs the
//!   codename and the KDF, so stored mailboxes do not reveal tokens.
//! - *Replies recorded now, read by a future quantum computer* (a seized
//!   server's mailboxes, an outgoing bundle): the reply key is hybrid, like
//!   the newsroom's. The classic key is still derived, only so that replies
//!   to a conversation begun before the change stay readable.
//! - *Secrets left in memory*: codename text, token and derived bytes are
//!   zeroized on drop.
pub mod proof;
mod wordlist;

use std::fmt;
use std::str::FromStr;

use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::envelope::{Identity, Recipient};
use crate::hex_id::hex_id;
pub use proof::{ContentDigest, FollowupKey};
pub use wordlist::{word, word_index, WORDLIST_FILE, WORD_COUNT};

/// Words in a codename: 7 × 12.9 bits ≈ 90 bits.
pub const CODENAME_WORDS: usize = 7;

/// scrypt work factor (log2 N) of the codename KDF, with r = 8, p = 1. The
/// browser client uses the same constant (`web/`); a shared test vector in
/// both test suites keeps them equal. 2^12 (4 MiB): Firefox at Tor
/// Browser's Safer level (no JIT) takes about 2.4 s for it on a loaded
/// 2-core machine, and 2^14 about 12 s; the codename's 90 bits, not the KDF,
/// are what stop guessing. Figures in docs/CONVERSATIONS.md.
pub const CODENAME_LOG_N: u8 = 12;

/// The scrypt salt of the codename KDF (ASCII): a fixed domain separator, so
/// that one codename gives the same mailbox on every device.
pub const CODENAME_SALT: &[u8] = b"tipbox codename v1";

/// HKDF `info` of the hybrid reply key's seed (ASCII); the browser client
/// uses the same constant (`web/src/codename.js`).
pub const HYBRID_REPLY_KEY_INFO: &[u8] = b"tipbox hybrid reply key v1";

/// Why what a source typed is not a codename. The messages are shown to the
/// source as they are.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodenameError {
    #[error("a codename has {CODENAME_WORDS} words; you typed {0}")]
    WrongWordCount(usize),
    #[error("\"{0}\" is not a codename word")]
    UnknownWord(String),
}

/// A codename in canonical form: seven list words in lower case, joined by
/// one ASCII space. Zeroized on drop; `Debug` does not print it.
#[derive(Clone, PartialEq, Eq)]
pub struct Codename(Zeroizing<String>);

impl Codename {
    /// Seven words drawn uniformly from the list with the OS CSPRNG.
    pub fn generate() -> Codename {
        use rand::Rng;
        let mut rng = rand::rngs::OsRng;
        // `gen_range` samples without modulo bias.
        let words: Vec<&str> = (0..CODENAME_WORDS)
            .map(|_| word(rng.gen_range(0..WORD_COUNT)))
            .collect();
        Codename(Zeroizing::new(words.join(" ")))
    }

    /// Normalises what a source typed (Unicode lower case; any whitespace,
    /// line breaks and NBSP included, separates words) and checks that it is
    /// exactly seven list words.
    pub fn parse(typed: &str) -> Result<Codename, CodenameError> {
        let lowered = Zeroizing::new(typed.to_lowercase());
        let words: Vec<&str> = lowered.split_whitespace().collect();
        if words.len() != CODENAME_WORDS {
            return Err(CodenameError::WrongWordCount(words.len()));
        }
        if let Some(unknown) = words.iter().find(|w| word_index(w).is_none()) {
            return Err(CodenameError::UnknownWord(shorten(unknown)));
        }
        Ok(Codename(Zeroizing::new(words.join(" "))))
    }

    /// The canonical text (what the source is shown and the KDF's input).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Runs the slow KDF: mailbox token, mailbox id and reply identity.
    pub fn derive(&self) -> DerivedKeys {
        derive_with_work_factor(self, CODENAME_LOG_N)
    }
}

/// Quoting a whole hostile "word" back would let a page echo arbitrary
/// text; 40 characters are enough to recognise a typo.
fn shorten(word: &str) -> String {
    word.chars().take(40).collect()
}

impl fmt::Debug for Codename {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Codename(…)")
    }
}

impl FromStr for Codename {
    type Err = CodenameError;
    fn from_str(s: &str) -> Result<Self, CodenameError> {
        Codename::parse(s)
    }
}

/// What the codename KDF yields.
pub struct DerivedKeys {
    pub token: MailboxToken,
    /// The hybrid key replies are sealed to; its recipient goes into tips.
    pub reply_identity: Identity,
    /// The X25519 key that conversations begun before reply keys became
    /// hybrid named: replies to those are still sealed to it.
    pub classic_reply_identity: Identity,
    /// Authenticates the conversation's follow-ups (see [`proof`]).
    pub followup_key: FollowupKey,
}

impl DerivedKeys {
    pub fn mailbox(&self) -> MailboxId {
        self.token.mailbox()
    }
    pub fn reply_recipient(&self) -> Recipient {
        self.reply_identity.to_public()
    }
    /// Both reply keys, to decrypt a reply whichever the conversation named.
    pub fn reply_identities(&self) -> [Identity; 2] {
        [
            self.reply_identity.clone(),
            self.classic_reply_identity.clone(),
        ]
    }
}

/// [`Codename::derive`] with another work factor: for the bench and for
/// tests that check the construction itself.
pub fn derive_with_work_factor(codename: &Codename, log_n: u8) -> DerivedKeys {
    let params = scrypt::Params::new(log_n, 8, 1, 64).expect("r = 8, p = 1, 64 bytes are valid");
    let mut dk = Zeroizing::new([0u8; 64]);
    scrypt::scrypt(
        codename.as_str().as_bytes(),
        CODENAME_SALT,
        &params,
        dk.as_mut(),
    )
    .expect("64 bytes is a valid scrypt output length");
    let mut token = [0u8; 32];
    token.copy_from_slice(&dk[..32]);
    let mut secret = [0u8; 32];
    secret.copy_from_slice(&dk[32..]);
    let classic_reply_identity = Identity::from_bytes(secret);
    secret.zeroize();
    let mut seed = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(CODENAME_SALT), dk.as_ref())
        .expand(HYBRID_REPLY_KEY_INFO, seed.as_mut())
        .expect("32 bytes is a valid HKDF-SHA-256 output length");
    DerivedKeys {
        token: MailboxToken(token),
        reply_identity: Identity::hybrid_from_seed(&seed),
        classic_reply_identity,
        followup_key: FollowupKey::from_kdf_output(&dk),
    }
}

/// The mailbox token: what the source presents to reach its mailbox.
/// Zeroized on drop; never logged.
#[derive(Clone, PartialEq, Eq, Zeroize, zeroize::ZeroizeOnDrop)]
pub struct MailboxToken([u8; 32]);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a mailbox token is 64 lower-case hex characters")]
pub struct BadToken;

impl MailboxToken {
    pub fn from_bytes(bytes: [u8; 32]) -> MailboxToken {
        MailboxToken(bytes)
    }
    /// 64 lower-case hex characters, as the browser client sends it.
    pub fn from_hex(text: &str) -> Result<MailboxToken, BadToken> {
        let mut bytes = [0u8; 32];
        if !is_lower_hex(text, 64) {
            return Err(BadToken);
        }
        hex::decode_to_slice(text, &mut bytes).map_err(|_| BadToken)?;
        Ok(MailboxToken(bytes))
    }
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0))
    }
    /// `SHA-256(token)`: the only thing the server stores.
    pub fn mailbox(&self) -> MailboxId {
        MailboxId(Sha256::digest(self.0).into())
    }
}

impl fmt::Debug for MailboxToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MailboxToken(…)")
    }
}

/// A mailbox: SHA-256 of its token, written as 64 lower-case hex characters
/// (in `tip.json`'s `mailbox` field and in bundles).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MailboxId(pub [u8; 32]);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a mailbox is 64 lower-case hex characters")]
pub struct BadMailbox;

hex_id!(MailboxId, 32, BadMailbox, BadMailbox);

impl fmt::Debug for MailboxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MailboxId({self})")
    }
}

/// One spelling per value: exactly `len` characters of `0-9a-f`.
fn is_lower_hex(text: &str, len: usize) -> bool {
    text.len() == len
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests;
