//! The newsroom on its source pages: `[newsroom] name`, `description` and
//! `logo`, shown in every page's header and title (absent, the pages say
//! "Secure tip box" in the page's language, as before).
//!
//! The name and description are operator text: checked when the
//! configuration is read (short, no control or bidirectional characters,
//! see [`super::config`]) and escaped by the templates like everything else.
//! The logo is read once at start-up, must be a small PNG, JPEG or WebP (an
//! SVG can carry script), and is served from the pages' own origin at
//! `/static/logo`, so the Content-Security-Policy (`img-src 'self'`) is
//! unchanged and the pages load nothing from elsewhere.
use std::path::{Path, PathBuf};

use super::config::NewsroomSettings;

/// Largest logo file accepted: pages stay light over Tor.
pub const MAX_LOGO_BYTES: usize = 32 * 1024;

/// What the source pages show of the newsroom.
#[derive(Clone, Debug, Default)]
pub struct Branding {
    pub name: Option<String>,
    pub description: Option<String>,
    pub logo: Option<Logo>,
}

/// The logo's bytes and their media type, served as they are.
#[derive(Clone, Debug)]
pub struct Logo {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum BrandingError {
    #[error("[newsroom] logo {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("[newsroom] logo {path} is {size} bytes: make it at most {MAX_LOGO_BYTES} bytes (pages must stay light over Tor)")]
    TooLarge { path: PathBuf, size: u64 },
    #[error("[newsroom] logo {path} is not a PNG, JPEG or WebP image (SVG is refused: it can carry script)")]
    NotAnImage { path: PathBuf },
}

impl Branding {
    /// The configured name and description, and the logo file read and checked.
    pub fn load(newsroom: &NewsroomSettings) -> Result<Branding, BrandingError> {
        let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let logo = if newsroom.logo.as_os_str().is_empty() {
            None
        } else {
            Some(read_logo(&newsroom.logo)?)
        };
        Ok(Branding {
            name: text(&newsroom.name),
            description: text(&newsroom.description),
            logo,
        })
    }
}

fn read_logo(path: &Path) -> Result<Logo, BrandingError> {
    let read = |source| BrandingError::Read {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read)?.len();
    if size > MAX_LOGO_BYTES as u64 {
        return Err(BrandingError::TooLarge {
            path: path.to_owned(),
            size,
        });
    }
    let bytes = std::fs::read(path).map_err(read)?;
    let content_type = image_type(&bytes).ok_or_else(|| BrandingError::NotAnImage {
        path: path.to_owned(),
    })?;
    Ok(Logo {
        bytes,
        content_type,
    })
}

/// The media type named by an image's first bytes (its signature).
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_types_come_from_signatures_and_svg_is_none() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"<svg onload=\"alert(1)\"/>"), None);
    }
}
