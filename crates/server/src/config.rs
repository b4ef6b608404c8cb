//! Configuration: `config/tipbox.toml` (built in as the defaults), the file
//! given with `--config`, then `TIPBOX_<SECTION>__<KEY>` environment
//! variables, in that order. Raw text becomes checked types here
//! ([`Listen`], [`TokenHash`], [`Recipient`]), so nothing downstream parses.
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Deserializer};
use sha2::{Digest, Sha256};

use crate::store::DateGranularity;
use tipbox_core::envelope::Recipient;

/// The documented defaults; every key of [`Settings`] is in this file.
pub const DEFAULT_CONFIG: &str = include_str!("../../../config/tipbox.toml");

/// Prefix of environment variables that override configuration keys.
const ENV_PREFIX: &str = "TIPBOX_";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("configuration file {path} is not valid TOML: {}", one_line(source))]
    Syntax {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("environment variable {var}: {reason}")]
    Env { var: String, reason: &'static str },
    #[error("invalid configuration: {}", one_line(.0))]
    Invalid(Box<toml::de::Error>),
}

/// A TOML error on one line: the operator's terminal gets one clear line
/// per failure (toml's own text spreads the message and the key over
/// several lines and draws the faulty line with carets).
fn one_line(err: &toml::de::Error) -> String {
    err.to_string()
        .lines()
        .map(str::trim)
        // The drawing: "|", "1 | [limits", "|       ^".
        .filter(|line| !line.is_empty() && !line.starts_with('|') && !line.contains(" | "))
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub admin: AdminSettings,
    pub storage: StorageSettings,
    pub newsroom: NewsroomSettings,
    pub limits: LimitSettings,
    pub conversations: ConversationSettings,
    pub retention: RetentionSettings,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationSettings {
    pub min_answer_ms: u64,
    pub unknown_per_minute: u32,
    pub slowed_answer_ms: u64,
    pub max_concurrent_kdf: usize,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSettings {
    /// Tips whose (coarsened) arrival date is more than this many days ago
    /// are removed at start-up and every hour; 0 keeps tips until deleted.
    pub max_age_days: u32,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    pub listen: Listen,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminSettings {
    pub listen: Listen,
    pub token_sha256: Vec<TokenHash>,
    /// tor's configuration, read by `tipbox-server check` to find the
    /// newsroom onion and its client keys.
    pub torrc: PathBuf,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSettings {
    pub path: PathBuf,
    pub date_granularity: DateGranularity,
    /// Seconds between sweeps that hide the order and time of arrivals
    /// on disk (see `store::Store::sweep`).
    pub arrival_window_secs: u64,
}

impl StorageSettings {
    /// At least a second: a zero window would sweep without pause.
    pub fn arrival_window(&self) -> Duration {
        Duration::from_secs(self.arrival_window_secs.max(1))
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsroomSettings {
    #[serde(deserialize_with = "recipients_from_text")]
    pub recipients: Vec<Recipient>,
    pub allow_demo_key: bool,
    /// Shown on every source page and in its title; empty: "Secure tip box".
    #[serde(deserialize_with = "name_text")]
    pub name: String,
    /// A short line under the name; empty: none.
    #[serde(deserialize_with = "description_text")]
    pub description: String,
    /// A PNG, JPEG or WebP file shown beside the name; empty: none.
    pub logo: PathBuf,
}

/// `[newsroom] name`: operator text on every source page.
fn name_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    page_text(d, "name", 60)
}

/// `[newsroom] description`.
fn description_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    page_text(d, "description", 200)
}

/// Short text for the pages: one line, no control or bidirectional
/// formatting characters (which could reorder what the page says around it).
fn page_text<'de, D: Deserializer<'de>>(
    d: D,
    key: &str,
    max_chars: usize,
) -> Result<String, D::Error> {
    let text = String::deserialize(d)?;
    if text.chars().count() > max_chars {
        return Err(serde::de::Error::custom(format!(
            "[newsroom] {key} is longer than {max_chars} characters: shorten it"
        )));
    }
    if text
        .chars()
        .any(|c| c.is_control() || tipbox_core::untrusted_text::is_bidi_control(c))
    {
        return Err(serde::de::Error::custom(format!(
            "[newsroom] {key} holds a control or bidirectional formatting character: write it on one line of plain text"
        )));
    }
    Ok(text)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    pub max_tip_bytes: u64,
    pub max_store_bytes: u64,
    pub max_concurrent_uploads: usize,
    pub min_upload_bytes_per_sec: u64,
    pub upload_rate_window_secs: u64,
    pub upload_slot_wait_secs: u64,
    pub part_deadline_secs: u64,
    pub request_head_timeout_secs: u64,
    pub keep_alive_secs: u64,
    pub body_idle_timeout_secs: u64,
    pub upload_expiry_secs: u64,
    pub max_open_uploads: usize,
    pub unstarted_upload_expiry_secs: u64,
    pub max_mailboxes: u64,
    pub max_reply_bytes: u64,
    pub max_push_bytes: u64,
}

impl LimitSettings {
    pub fn request_head_timeout(&self) -> Duration {
        Duration::from_secs(self.request_head_timeout_secs)
    }
    pub fn keep_alive(&self) -> Duration {
        Duration::from_secs(self.keep_alive_secs)
    }
    pub fn body_idle_timeout(&self) -> Duration {
        Duration::from_secs(self.body_idle_timeout_secs)
    }
    pub fn upload_expiry(&self) -> Duration {
        Duration::from_secs(self.upload_expiry_secs)
    }
    pub fn unstarted_upload_expiry(&self) -> Duration {
        Duration::from_secs(self.unstarted_upload_expiry_secs)
    }
    pub fn part_deadline(&self) -> Duration {
        Duration::from_secs(self.part_deadline_secs)
    }
    pub fn upload_slots(&self) -> super::slots::SlotPolicy {
        super::slots::SlotPolicy {
            min_bytes_per_sec: self.min_upload_bytes_per_sec,
            window: Duration::from_secs(self.upload_rate_window_secs.max(1)),
            max_wait: Duration::from_secs(self.upload_slot_wait_secs),
        }
    }
}

/// Where a listener binds: `host:port` or `unix:/path/to.sock`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listen {
    Tcp(String),
    Unix(PathBuf),
}

impl<'de> Deserialize<'de> for Listen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        match text.strip_prefix("unix:") {
            Some("") => Err(serde::de::Error::custom("unix: needs a socket path")),
            Some(path) => Ok(Listen::Unix(PathBuf::from(path))),
            None if text.contains(':') => Ok(Listen::Tcp(text)),
            None => Err(serde::de::Error::custom(
                "listen must be \"host:port\" or \"unix:/path\"",
            )),
        }
    }
}

impl fmt::Display for Listen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Listen::Tcp(addr) => f.write_str(addr),
            Listen::Unix(path) => write!(f, "unix:{}", path.display()),
        }
    }
}

/// SHA-256 of a newsroom bearer token. Only hashes are configured, so the
/// configuration file does not grant access to whoever reads it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TokenHash(pub [u8; 32]);

impl TokenHash {
    /// The hash of a token's text exactly as sent after `Bearer `.
    pub fn of(token: &str) -> TokenHash {
        TokenHash(Sha256::digest(token.as_bytes()).into())
    }
}

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenHash({})", hex::encode(self.0))
    }
}

impl<'de> Deserialize<'de> for TokenHash {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let mut hash = [0; 32];
        hex::decode_to_slice(text.trim(), &mut hash).map_err(|_| {
            serde::de::Error::custom("token_sha256 entries are 64 hex digits (a SHA-256)")
        })?;
        Ok(TokenHash(hash))
    }
}

/// The `[newsroom] recipients` list: `age1pq1…` (hybrid post-quantum) or
/// `age1…` (X25519) keys, never both kinds, since every tip is sealed to all
/// of them and one classic key would undo the others' post-quantum
/// protection (the age spec: hybrid files "SHOULD NOT" also go to classic
/// recipients, and our envelope refuses it).
fn recipients_from_text<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Recipient>, D::Error> {
    let recipients = Vec::<String>::deserialize(d)?
        .iter()
        .map(|text| {
            text.parse::<Recipient>().map_err(|err| {
                // A hybrid key is ~1,950 characters: name it by its start.
                let shown: String = text.chars().take(90).collect();
                let ellipsis = if text.chars().count() > 90 { "…" } else { "" };
                serde::de::Error::custom(format!("recipient {shown:?}{ellipsis}: {err}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let hybrid = recipients.iter().filter(|r| r.is_hybrid()).count();
    if hybrid != 0 && hybrid != recipients.len() {
        return Err(serde::de::Error::custom(format!(
            "[newsroom] recipients mix {hybrid} hybrid post-quantum (age1pq1…) and {} classic (age1…) keys; \
             every tip goes to all of them, so one classic key would undo the post-quantum protection: \
             list only age1pq1… keys (see deploy/README.md, \"Moving to post-quantum keys\")",
            recipients.len() - hybrid
        )));
    }
    Ok(recipients)
}

impl Settings {
    /// Defaults, then `file` if given, then this process's environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let file_text = file
            .map(|path| {
                std::fs::read_to_string(path)
                    .map(|text| (path, text))
                    .map_err(|source| ConfigError::Read {
                        path: path.to_owned(),
                        source,
                    })
            })
            .transpose()?;
        let file_text = file_text
            .as_ref()
            .map(|(path, text)| (*path, text.as_str()));
        Settings::from_sources(file_text, std::env::vars())
    }

    /// Defaults, then an optional `(path, text)` file, then `env` overrides.
    pub fn from_sources(
        file: Option<(&Path, &str)>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Settings, ConfigError> {
        let mut config: toml::Table = DEFAULT_CONFIG
            .parse()
            .expect("the built-in config/tipbox.toml is valid TOML (checked by a test)");
        if let Some((path, text)) = file {
            let overrides: toml::Table = text.parse().map_err(|source| ConfigError::Syntax {
                path: path.to_owned(),
                source: Box::new(source),
            })?;
            merge(&mut config, overrides);
        }
        let env_sets_demo_key = apply_env(&mut config, env)?;
        let file_sets_demo_key = file.is_some_and(|(_, text)| sets_demo_key(text));
        if !file_sets_demo_key && !env_sets_demo_key {
            // The demo key only on the built-in defaults: a configuration
            // file without recipients must ask for it by name.
            if let Some(toml::Value::Table(newsroom)) = config.get_mut("newsroom") {
                newsroom.insert(
                    "allow_demo_key".into(),
                    toml::Value::Boolean(file.is_none()),
                );
            }
        }
        Settings::deserialize(toml::Value::Table(config))
            .map_err(|err| ConfigError::Invalid(Box::new(err)))
    }
}

/// Whether a configuration file's text names `[newsroom] allow_demo_key`
/// (already checked to be valid TOML).
fn sets_demo_key(text: &str) -> bool {
    text.parse::<toml::Table>().is_ok_and(|table| {
        table
            .get("newsroom")
            .and_then(toml::Value::as_table)
            .is_some_and(|newsroom| newsroom.contains_key("allow_demo_key"))
    })
}

/// Overrides `base` key by key, section by section.
fn merge(base: &mut toml::Table, overrides: toml::Table) {
    for (name, value) in overrides {
        match (base.get_mut(&name), value) {
            (Some(toml::Value::Table(section)), toml::Value::Table(keys)) => {
                section.extend(keys);
            }
            (_, value) => {
                base.insert(name, value);
            }
        }
    }
}

/// `TIPBOX_<SECTION>__<KEY>=value`: the value is read as a TOML value when it
/// is one (numbers, booleans, arrays), otherwise as a string. Returns whether
/// one of them set `newsroom.allow_demo_key`.
fn apply_env(
    config: &mut toml::Table,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<bool, ConfigError> {
    let mut sets_demo_key = false;
    for (var, raw) in env {
        let Some(name) = var.strip_prefix(ENV_PREFIX) else {
            continue;
        };
        // Variables without `__` (e.g. TIPBOX_PASSPHRASE) belong to other tools.
        let Some((section, key)) = name.split_once("__") else {
            continue;
        };
        let (section, key) = (section.to_lowercase(), key.to_lowercase());
        sets_demo_key |= section == "newsroom" && key == "allow_demo_key";
        let value = toml::from_str::<toml::Table>(&format!("v = {raw}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or(toml::Value::String(raw));
        let toml::Value::Table(table) = config
            .entry(section)
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
        else {
            return Err(ConfigError::Env {
                var,
                reason: "does not name a configuration section",
            });
        };
        table.insert(key, value);
    }
    Ok(sets_demo_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn built_in_defaults_parse_and_match_the_design() {
        let settings = Settings::from_sources(None, env(&[])).unwrap();
        assert_eq!(settings.server.listen, Listen::Tcp("127.0.0.1:8080".into()));
        assert_eq!(settings.admin.listen, Listen::Tcp("127.0.0.1:8081".into()));
        assert_eq!(settings.storage.path, PathBuf::from("data"));
        assert_eq!(settings.storage.date_granularity, DateGranularity::Day);
        assert_eq!(settings.storage.arrival_window_secs, 3600);
        assert_eq!(settings.limits.max_tip_bytes, 500 * 1024 * 1024);
        assert!(settings.newsroom.recipients.is_empty());
        assert!(settings.admin.token_sha256.is_empty());
        assert_eq!(settings.limits.max_reply_bytes, 16 * 1024 * 1024);
        assert_eq!(settings.conversations.min_answer_ms, 250);
        assert_eq!(settings.conversations.max_concurrent_kdf, 2);
    }

    #[test]
    fn file_overrides_only_the_keys_it_names() {
        let file = "[storage]\npath = \"/srv/tipbox\"\n[server]\nlisten = \"unix:/run/tipbox/source.sock\"\n";
        let settings = Settings::from_sources(Some((Path::new("t.toml"), file)), env(&[])).unwrap();
        assert_eq!(settings.storage.path, PathBuf::from("/srv/tipbox"));
        assert_eq!(settings.storage.date_granularity, DateGranularity::Day);
        assert_eq!(
            settings.server.listen,
            Listen::Unix(PathBuf::from("/run/tipbox/source.sock"))
        );
    }

    #[test]
    fn environment_overrides_the_file() {
        let file = "[limits]\nmax_tip_bytes = 10\n";
        let hash = "ab".repeat(32);
        let settings = Settings::from_sources(
            Some((Path::new("t.toml"), file)),
            env(&[
                ("TIPBOX_LIMITS__MAX_TIP_BYTES", "20"),
                ("TIPBOX_STORAGE__PATH", "/var/lib/tipbox"),
                ("TIPBOX_ADMIN__TOKEN_SHA256", &format!("[\"{hash}\"]")),
                ("TIPBOX_NEWSROOM__ALLOW_DEMO_KEY", "false"),
                ("TIPBOX_PASSPHRASE", "not a config key"),
                ("PATH", "/usr/bin"),
            ]),
        )
        .unwrap();
        assert_eq!(settings.limits.max_tip_bytes, 20);
        assert_eq!(settings.storage.path, PathBuf::from("/var/lib/tipbox"));
        assert_eq!(settings.admin.token_sha256, vec![TokenHash([0xab; 32])]);
        assert!(!settings.newsroom.allow_demo_key);
    }

    #[test]
    fn demo_key_only_on_the_built_in_defaults() {
        let no_file = Settings::from_sources(None, env(&[])).unwrap();
        assert!(no_file.newsroom.allow_demo_key, "built-in defaults");
        // A configuration file that forgot its recipients must not silently
        // run on a key whose secret sits on the server.
        let file = "[storage]\npath = \"/srv/tipbox\"\n";
        let forgot = Settings::from_sources(Some((Path::new("t.toml"), file)), env(&[])).unwrap();
        assert!(!forgot.newsroom.allow_demo_key);
        let asks = "[newsroom]\nallow_demo_key = true\n";
        let asked = Settings::from_sources(Some((Path::new("t.toml"), asks)), env(&[])).unwrap();
        assert!(asked.newsroom.allow_demo_key);
        let by_env = Settings::from_sources(
            Some((Path::new("t.toml"), file)),
            env(&[("TIPBOX_NEWSROOM__ALLOW_DEMO_KEY", "true")]),
        )
        .unwrap();
        assert!(by_env.newsroom.allow_demo_key);
        let refused =
            Settings::from_sources(None, env(&[("TIPBOX_NEWSROOM__ALLOW_DEMO_KEY", "false")]))
                .unwrap();
        assert!(!refused.newsroom.allow_demo_key);
    }

    #[test]
    fn default_storage_folder_holds_no_committed_file() {
        // Removing `data/` to reset the demo once broke the build: the
        // embedded word list lived there (issue 12, item 9).
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let storage = Settings::from_sources(None, env(&[])).unwrap().storage.path;
        let wordlist = root.join(tipbox_core::conversation::WORDLIST_FILE);
        assert!(wordlist.is_file(), "{}", wordlist.display());
        assert!(!wordlist.starts_with(root.join(&storage)));
        let ignored = std::fs::read_to_string(root.join(".gitignore")).unwrap();
        let folder = format!("/{}/", storage.display());
        assert!(
            ignored.lines().any(|line| line == folder),
            "{folder} not ignored whole"
        );
        assert!(
            !ignored
                .lines()
                .any(|line| line.starts_with(&format!("!/{}", storage.display()))),
            "a committed file is excepted from {folder}"
        );
    }

    #[test]
    fn newsroom_name_with_a_control_or_bidi_character_or_too_long_is_refused() {
        for (value, expected) in [
            ("\"Daily\\nNews\"", "control or bidirectional"),
            ("\"Daily \\u202Eswen\"", "control or bidirectional"),
            (
                &format!("\"{}\"", "x".repeat(61)),
                "longer than 60 characters",
            ),
        ] {
            let text = format!("[newsroom]\nallow_demo_key = true\nname = {value}\n");
            let err = Settings::from_sources(Some((Path::new("t.toml"), &text)), env(&[]))
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{err}");
        }
        let fine = "[newsroom]\nallow_demo_key = true\nname = \"<Daily & Co>\"\n";
        let settings = Settings::from_sources(Some((Path::new("t.toml"), fine)), env(&[])).unwrap();
        assert_eq!(
            settings.newsroom.name, "<Daily & Co>",
            "escaped by the pages, not here"
        );
    }

    #[test]
    fn misspelt_key_is_refused_not_ignored() {
        let err =
            Settings::from_sources(None, env(&[("TIPBOX_LIMITS__MAX_TIP_BYTE", "1")])).unwrap_err();
        assert!(err.to_string().contains("max_tip_byte"), "{err}");
    }

    #[test]
    fn token_hash_that_is_not_a_sha256_is_refused() {
        let err = Settings::from_sources(
            None,
            env(&[("TIPBOX_ADMIN__TOKEN_SHA256", "[\"secret-token-in-clear\"]")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("64 hex digits"), "{err}");
    }

    #[test]
    fn listen_without_port_or_unix_prefix_is_refused() {
        let err = Settings::from_sources(None, env(&[("TIPBOX_SERVER__LISTEN", "localhost")]))
            .unwrap_err();
        assert!(err.to_string().contains("host:port"), "{err}");
    }

    #[test]
    fn configuration_errors_fit_on_one_line() {
        // toml's message for a wrong type names the key on a second line,
        // and a syntax error comes with a drawing; both must stay one line.
        let wrong_type = "[limits]\nmax_tip_bytes = \"lots\"\n";
        let err = Settings::from_sources(Some((Path::new("t.toml"), wrong_type)), env(&[]))
            .unwrap_err()
            .to_string();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("limits.max_tip_bytes"), "{err}");
        let broken = "[limits\nmax_tip_bytes = ";
        let err = Settings::from_sources(Some((Path::new("t.toml"), broken)), env(&[]))
            .unwrap_err()
            .to_string();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn token_hash_is_sha256_of_the_text_as_sent() {
        // echo -n abc | sha256sum
        assert_eq!(
            hex::encode(TokenHash::of("abc").0),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn hybrid_recipients_are_accepted() {
        let keys: Vec<String> = (0..2)
            .map(|_| {
                tipbox_core::envelope::Identity::generate_hybrid()
                    .to_public()
                    .to_string()
            })
            .collect();
        let text = format!("[newsroom]\nrecipients = {keys:?}\n");
        let settings =
            Settings::from_sources(Some((Path::new("t.toml"), &text)), env(&[])).unwrap();
        assert_eq!(settings.newsroom.recipients.len(), 2);
        assert!(settings
            .newsroom
            .recipients
            .iter()
            .all(Recipient::is_hybrid));
    }

    #[test]
    fn hybrid_and_classic_recipients_together_are_refused_in_one_line() {
        let keys = [
            tipbox_core::envelope::Identity::generate_hybrid()
                .to_public()
                .to_string(),
            tipbox_core::envelope::Identity::generate()
                .to_public()
                .to_string(),
        ];
        let text = format!("[newsroom]\nrecipients = {keys:?}\n");
        let err = Settings::from_sources(Some((Path::new("t.toml"), &text)), env(&[]))
            .unwrap_err()
            .to_string();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("mix 1 hybrid post-quantum (age1pq1…) and 1 classic (age1…) keys"),
            "{err}"
        );
        // The message names the keys by kind, never quotes 2,000 characters of key.
        assert!(err.len() < 400, "{err}");
    }
}
