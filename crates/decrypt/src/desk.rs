//! The offline reading desk: a static `index.html` in the output folder
//! that lists every opened tip, so staff read tips in a browser on the
//! air-gapped machine instead of walking folders. Tips, follow-ups and the
//! newsroom's replies that share a mailbox (one source's conversation) are
//! shown together, oldest first; the other tips follow, newest first.
//!
//! Every field comes from a source and is hostile: the page has no script
//! (and a CSP that forbids any), every value is HTML-escaped, links are
//! percent-encoded relative paths into the tip's own `files/` folder, names
//! are stripped of bidirectional controls (a right-to-left override can make
//! `cod.exe` read as `exe.doc`), and attachments are only linked, never
//! inlined, with a warning on types that can carry active content. Web
//! content (`.html`, `.svg`, `.xhtml`, …) would open in the browser with
//! scripts enabled (the page's CSP does not reach it), so those links are
//! downloads (`download` attribute).
//!
//! Entries of a conversation carry a [`Standing`] ([`super::verify`]): those
//! that cannot be trusted say "unverified" and why, and "Our reply" is
//! shown only for replies this desk composed.
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::sent::SentReplies;
use super::verify::{assess, Claim, Standing};
use super::OfflineError;
use tipbox_core::output::write_replacing;
use tipbox_core::tip::{Kind, TipMeta};
use tipbox_core::untrusted_text::{escape_html as escape, is_bidi_control, terminal_safe};

/// Name of the small file `open` writes beside each tip's `tip.json`: what
/// the export bundle said about the tip (the plaintext cannot know it).
pub const ENTRY_FILE: &str = "bundle-entry.json";
pub const INDEX_FILE: &str = "index.html";

const PREVIEW_CHARS: usize = 280;

/// What the bundle's manifest said about a tip, and what `open` measured
/// while opening it (the plaintext cannot vouch for either).
#[derive(Debug, Serialize, Deserialize)]
pub struct EntryRecord {
    pub id: String,
    pub received: Option<String>,
    pub size: u64,
    /// SHA-256 of the age file (a reply is ours only if it matches the
    /// desk's record of what it sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// SHA-256 of the attachments' bytes in container order (what a
    /// follow-up proof covers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_sha256: Option<String>,
    /// The files found are exactly those `tip.json` lists.
    #[serde(default)]
    pub files_match: bool,
}

struct DeskTip {
    folder: String,
    entry: Option<EntryRecord>,
    meta: Option<TipMeta>,
    files: Vec<String>,
    /// `None` outside any conversation.
    standing: Option<Standing>,
    metadata: Option<super::metadata::MetadataReport>,
}

/// Each entry's standing in its conversation, by folder name (entries
/// outside any conversation are absent).
pub type Standings = BTreeMap<String, Standing>;

/// Every entry of the desk in `out_dir`, with its standing.
fn load_desk(out_dir: &Path) -> Result<Vec<DeskTip>, OfflineError> {
    let mut tips = Vec::new();
    for entry in fs::read_dir(out_dir).map_err(OfflineError::read(out_dir))? {
        let entry = entry.map_err(OfflineError::read(out_dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with('.') || !entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
            continue;
        }
        tips.push(read_tip(&path, name));
    }
    let sent = SentReplies::load(out_dir)?;
    let dirs: Vec<_> = tips.iter().map(|t| out_dir.join(&t.folder)).collect();
    let claims: Vec<Claim<'_>> = tips
        .iter()
        .zip(&dirs)
        .map(|(tip, dir)| Claim {
            folder: &tip.folder,
            dir,
            meta: tip.meta.as_ref(),
            record: tip.entry.as_ref(),
        })
        .collect();
    let standings = assess(&claims, &sent);
    for (tip, standing) in tips.iter_mut().zip(standings) {
        tip.standing = standing;
    }
    Ok(tips)
}

/// The standings of every entry in the desk in `out_dir` (what `reply --to`
/// checks before composing).
pub fn desk_standings(out_dir: &Path) -> Result<Standings, OfflineError> {
    Ok(standings_of(&load_desk(out_dir)?))
}

fn standings_of(tips: &[DeskTip]) -> Standings {
    tips.iter()
        .filter_map(|t| Some((t.folder.clone(), t.standing.clone()?)))
        .collect()
}

/// Rewrites `out_dir/index.html` from every tip folder in `out_dir` (so a
/// folder filled by several `open` runs gets one complete index). The page
/// is replaced atomically; tip folders are only read. Returns each entry's
/// standing, for the summary table.
pub fn write_index(out_dir: &Path) -> Result<Standings, OfflineError> {
    let mut tips = load_desk(out_dir)?;
    // Newest first; tips without a date (opened from single files) last.
    tips.sort_by(|a, b| received(b).cmp(&received(a)).then(a.folder.cmp(&b.folder)));
    let html = render(&tips);

    // Our own page, regenerated from the folders: replacing it is intended.
    let index = out_dir.join(INDEX_FILE);
    write_replacing(&index, html.as_bytes())?;
    Ok(standings_of(&tips))
}

fn received(tip: &DeskTip) -> Option<&str> {
    tip.entry.as_ref().and_then(|e| e.received.as_deref())
}

fn read_tip(path: &Path, folder: String) -> DeskTip {
    let meta = fs::read(path.join("tip.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<TipMeta>(&bytes).ok());
    let entry = fs::read(path.join(ENTRY_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<EntryRecord>(&bytes).ok());
    let mut files: Vec<String> = fs::read_dir(path.join("files"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    DeskTip {
        folder,
        entry,
        meta,
        files,
        standing: None,
        metadata: super::metadata::load(path),
    }
}

fn render(tips: &[DeskTip]) -> String {
    let mut conversations: BTreeMap<&str, Vec<&DeskTip>> = BTreeMap::new();
    let mut loose = Vec::new();
    for tip in tips {
        match tip.meta.as_ref().and_then(|m| m.mailbox.as_deref()) {
            Some(mailbox) => conversations.entry(mailbox).or_default().push(tip),
            None => loose.push(tip),
        }
    }
    let mut html = String::from(concat!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'\">\n",
        "<meta name=\"referrer\" content=\"no-referrer\">\n",
        "<title>tipbox: opened tips</title>\n<style>\n",
        "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}\n",
        "article{border:1px solid #bbb;border-radius:6px;padding:1rem;margin:1rem 0}\n",
        "section.conversation{border-left:4px solid #2a5db0;padding-left:1rem;margin:2rem 0}\n",
        "article.reply{background:#eef3fb}\n",
        "article.unverified{border:2px solid #8a1c00;background:#fff4f0}\n",
        "pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:.75rem;unicode-bidi:plaintext}\n",
        ".meta{color:#444;font-size:.9rem}.warn{color:#8a1c00;font-weight:bold}\n",
        "</style>\n</head>\n<body>\n<h1>Opened tips</h1>\n",
        "<p>Everything below was written by sources and may be hostile. Attachments are links only: ",
        "open them with care, and never on a networked machine.</p>\n",
    ));
    let _ = writeln!(
        html,
        "<p>Entries in this folder: {}; conversations: {}.</p>",
        tips.len(),
        conversations.len()
    );
    for (mailbox, mut entries) in conversations {
        // Oldest first: a conversation reads in order.
        entries.sort_by(|a, b| received(a).cmp(&received(b)).then(a.folder.cmp(&b.folder)));
        let _ = writeln!(
            html,
            "<section class=\"conversation\">\n<h2>Conversation {}</h2>\n<p class=\"meta\">{} entries from one source's mailbox, oldest first. Reply with <code>tipbox-decrypt reply --to FOLDER</code>.</p>",
            escape(&clean(mailbox, 16)),
            entries.len()
        );
        for tip in entries {
            render_tip(&mut html, tip);
        }
        html.push_str("</section>\n");
    }
    for tip in loose {
        render_tip(&mut html, tip);
    }
    html.push_str("</body>\n</html>\n");
    html
}

fn render_tip(html: &mut String, tip: &DeskTip) {
    let received = received(tip).unwrap_or("date unknown");
    let verified = tip.standing.as_ref().is_none_or(Standing::is_verified);
    let (class, title) = match (tip.meta.as_ref().map(|m| m.kind), verified) {
        (Some(Kind::Followup), true) => ("tip", "Follow-up"),
        (Some(Kind::Followup), false) => ("tip unverified", "Follow-up (unverified)"),
        (Some(Kind::Reply), true) => ("reply", "Our reply"),
        (Some(Kind::Reply), false) => ("tip unverified", "Reply (unverified, not ours)"),
        (_, true) => ("tip", "Tip"),
        (_, false) => ("tip unverified", "Tip (unverified)"),
    };
    let _ = writeln!(
        html,
        "<article class=\"{class}\">\n<h3>{title} {}</h3>",
        escape(&tip.folder),
    );
    if let Some(Standing::Unverified(reason)) = &tip.standing {
        let _ = writeln!(
            html,
            "<p class=\"warn\">unverified: {}. Do not trust that this came from the source of this conversation; <code>tipbox-decrypt reply</code> refuses it.</p>",
            escape(&clean(reason, 300))
        );
    }
    let _ = write!(html, "<p class=\"meta\">Received {}", escape(received));
    match &tip.meta {
        Some(meta) => {
            let _ = write!(
                html,
                " · {:?} · encrypted by {} · language {}",
                meta.kind,
                escape(&format!("{:?}", meta.encrypted_by)),
                escape(&tipbox_core::language::describe(&clean(&meta.language, 16)))
            );
            html.push_str("</p>\n");
            let _ = writeln!(
                html,
                "<pre>{}</pre>",
                escape(&preview(&meta.message))
            );
        }
        None => html.push_str(
            "</p>\n<p class=\"warn\">Not a tipbox container: the whole plaintext is kept as one file.</p>\n",
        ),
    }
    if !tip.files.is_empty() {
        html.push_str("<ul>\n");
        for name in &tip.files {
            let href = format!(
                "{}/files/{}",
                percent_encode(&tip.folder),
                percent_encode(name)
            );
            // A web page or image would run its scripts in this browser:
            // save it instead of opening it.
            let download = if opens_as_web_content(name) {
                " download"
            } else {
                ""
            };
            let _ = write!(
                html,
                "<li><a href=\"{}\"{download}>{}</a>",
                escape(&href),
                escape(&clean(name, 200))
            );
            if let Some(reason) = active_content(name) {
                let _ = write!(html, " <span class=\"warn\">⚠ {}</span>", escape(reason));
            }
            if !download.is_empty() {
                html.push_str(
                    " <span class=\"meta\">(saved as a download, not opened here)</span>",
                );
            }
            html.push_str(&super::metadata::desk_note(
                tip.metadata.as_ref(),
                name,
                escape,
            ));
            html.push_str("</li>\n");
        }
        html.push_str("</ul>\n");
    }
    if tip.meta.is_some() {
        let _ = writeln!(
            html,
            "<p class=\"meta\"><a href=\"{0}/message.txt\">message.txt</a> · <a href=\"{0}/tip.json\">tip.json</a></p>",
            percent_encode(&tip.folder)
        );
    }
    html.push_str("</article>\n");
}

fn preview(message: &str) -> String {
    let cleaned: String = message
        .chars()
        .filter(|c| *c == '\n' || (!c.is_control() && !is_bidi_control(*c)))
        .collect();
    if cleaned.chars().count() > PREVIEW_CHARS {
        let mut short: String = cleaned.chars().take(PREVIEW_CHARS).collect();
        short.push_str("… (full text in message.txt)");
        short
    } else {
        cleaned
    }
}

fn clean(text: &str, max: usize) -> String {
    terminal_safe(text, max)
}

/// Percent-encodes one path segment: everything but unreserved ASCII.
fn percent_encode(segment: &str) -> String {
    let mut out = String::new();
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Extensions a browser renders itself, scripts included, when a link to
/// the file is followed.
const WEB_CONTENT: &[&str] = &[
    "html", "htm", "shtml", "xhtml", "xht", "svg", "svgz", "xml", "xsl", "xslt", "mht", "mhtml",
];

fn extension_of(name: &str) -> Option<String> {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

/// Whether a link to `name` would open as a page in the browser.
fn opens_as_web_content(name: &str) -> bool {
    extension_of(name).is_some_and(|e| WEB_CONTENT.contains(&e.as_str()))
}

/// Types that can run code or phone home when opened.
fn active_content(name: &str) -> Option<&'static str> {
    if opens_as_web_content(name) {
        return Some("web content: can run scripts and load remote resources");
    }
    let extension = extension_of(name)?;
    Some(match extension.as_str() {
        "pdf" => "PDF: can carry scripts and links; open in a sandboxed viewer",
        "doc" | "docm" | "docx" | "xls" | "xlsm" | "xlsx" | "ppt" | "pptm" | "pptx" | "odt"
        | "ods" | "odp" | "rtf" => "office document: can carry macros and remote references",
        "exe" | "dll" | "msi" | "bat" | "cmd" | "ps1" | "sh" | "js" | "jar" | "apk" | "app"
        | "deb" | "rpm" | "scr" | "lnk" | "desktop" | "py" => "program or script: never run it",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encode_keeps_links_inside_the_folder() {
        assert_eq!(percent_encode("../a b\".html"), "..%2Fa%20b%22.html");
        assert_eq!(percent_encode("javascript:x"), "javascript%3Ax");
    }

    #[test]
    fn web_content_is_recognised_whatever_the_case() {
        for name in ["a.html", "b.SVG", "c.xhtml", "d.Htm", "e.mhtml"] {
            assert!(opens_as_web_content(name), "{name}");
        }
        for name in ["a.pdf", "b.html.txt", "svg", "c.jpg"] {
            assert!(!opens_as_web_content(name), "{name}");
        }
    }

    #[test]
    fn active_content_is_flagged_by_extension() {
        assert!(active_content("report.PDF").is_some());
        assert!(active_content("page.html").is_some());
        assert!(active_content("photo.jpg").is_none());
    }
}
