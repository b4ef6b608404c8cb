//! `tip.json`: the first entry of every tip container.
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Version of the `tip.json` format written by this build.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Tip,
    Followup,
    Reply,
}

/// Where the plaintext was encrypted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EncryptedBy {
    Browser,
    Cli,
    ServerSealed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    /// Sanitised file name (see [`super::sanitize_name`]); the entry is `files/<name>`.
    pub name: String,
    pub size: u64,
    pub media_type: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TipMeta {
    pub version: u32,
    pub kind: Kind,
    pub encrypted_by: EncryptedBy,
    /// Locale the source used: a tag of [`crate::language::LANGUAGES`]
    /// (`en`, `fa`, `ug`, `pt-BR`, …). The offline desk shows it by name
    /// and marks any other value unknown.
    pub language: String,
    pub message: String,
    pub attachments: Vec<AttachmentMeta>,
    /// Present when the source asked for replies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mailbox: Option<String>,
    /// The source's `age1…` reply recipient, when the source asked for replies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_recipient: Option<String>,
    /// A first tip asking for replies: the key its follow-ups are
    /// authenticated with (64 hex; see `conversation::proof`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followup_key: Option<String>,
    /// A follow-up: the MAC under the first tip's `followup_key` over this
    /// file (the proof's digits zeroed) and the attachments (64 hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followup_proof: Option<String>,
}

impl TipMeta {
    /// `tip.json` exactly as the container holds it ([`super::TipWriter`]
    /// writes this): what a follow-up proof covers. Pretty JSON, in a
    /// buffer of exactly its length (one that grew would leave earlier
    /// copies of the message in freed memory), wiped on drop.
    pub fn to_json(&self) -> Zeroizing<Vec<u8>> {
        struct Count(usize);
        impl std::io::Write for Count {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0 += buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let serialise = |out: &mut dyn std::io::Write| {
            serde_json::to_writer_pretty(out, self).expect("tip.json always serialises")
        };
        let mut length = Count(0);
        serialise(&mut length);
        let mut json = Zeroizing::new(Vec::with_capacity(length.0));
        serialise(&mut *json);
        json
    }
}
