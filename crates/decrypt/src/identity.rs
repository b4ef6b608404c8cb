//! Loading identity files: plain (`age-keygen` style, comment lines allowed)
//! or passphrase-protected (an age file with one `scrypt` stanza).
use std::path::Path;

use zeroize::Zeroizing;

use super::OfflineError;
use tipbox_core::envelope::{self, Identity};

/// Where a passphrase comes from: the `TIPBOX_PASSPHRASE` variable (scripts,
/// tests) or else the terminal, without echo.
pub enum Passphrase {
    Fixed(Zeroizing<String>),
    Terminal,
}

impl Passphrase {
    /// `TIPBOX_PASSPHRASE` if set, else the terminal.
    pub fn from_env() -> Passphrase {
        match std::env::var("TIPBOX_PASSPHRASE") {
            Ok(value) => Passphrase::Fixed(Zeroizing::new(value)),
            Err(_) => Passphrase::Terminal,
        }
    }

    /// Asks once (to unlock a key).
    pub fn ask(&self, prompt: &str) -> Result<Zeroizing<String>, OfflineError> {
        match self {
            Passphrase::Fixed(value) => Ok(value.clone()),
            Passphrase::Terminal => rpassword::prompt_password(prompt)
                .map(Zeroizing::new)
                .map_err(OfflineError::NoPassphrase),
        }
    }

    /// Asks twice and compares (to protect a new key).
    pub fn ask_new(&self) -> Result<Zeroizing<String>, OfflineError> {
        let first = self.ask("New passphrase for the identity file: ")?;
        if let Passphrase::Terminal = self {
            let second = self.ask("Repeat the passphrase: ")?;
            if *first != *second {
                return Err(OfflineError::PassphraseMismatch);
            }
        }
        if first.is_empty() {
            return Err(OfflineError::EmptyPassphrase);
        }
        Ok(first)
    }
}

/// Reads the identities in `path`, unlocking the file with a passphrase when
/// it is protected.
pub fn load_identities(
    path: &Path,
    passphrase: &Passphrase,
) -> Result<Vec<Identity>, OfflineError> {
    let bytes = Zeroizing::new(std::fs::read(path).map_err(OfflineError::read(path))?);
    let identity_error = |source| OfflineError::Identity {
        path: path.to_owned(),
        source,
    };
    let text = if envelope::is_age_file(&bytes) {
        let secret = passphrase.ask(&format!("Passphrase for {}: ", path.display()))?;
        let plain = envelope::decrypt_with_passphrase(&bytes, &secret).map_err(identity_error)?;
        Zeroizing::new(String::from_utf8(plain.to_vec()).map_err(|_| {
            identity_error(envelope::Error::InvalidKey("identity file is not UTF-8"))
        })?)
    } else {
        Zeroizing::new(String::from_utf8(bytes.to_vec()).map_err(|_| {
            identity_error(envelope::Error::InvalidKey("identity file is not UTF-8"))
        })?)
    };
    let identities = envelope::parse_identities(&text).map_err(identity_error)?;
    if identities.is_empty() {
        return Err(OfflineError::NoIdentity(path.to_owned()));
    }
    Ok(identities)
}
