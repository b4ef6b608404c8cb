//! Attachment names that are safe to create on any file system the newsroom
//! may use, and safe to show to the journalist who opens the folder.
//!
//! Attacks this stops, each with a test below:
//! - path traversal (`../../.bashrc`, `C:\x`): separators are replaced, so a
//!   name is always one path component;
//! - extension spoofing with bidi controls (`invoice\u{202E}fdp.exe` shows as
//!   `invoiceexe.pdf`): bidi and other invisible formatting characters go;
//! - hidden or Windows-mangled files (`.profile`, `report.pdf.` , `CON`):
//!   leading/trailing dots and spaces go, reserved device names get a prefix;
//! - names too long for ustar or for the file system: cut to
//!   [`MAX_NAME_BYTES`] on a character boundary, keeping the extension.

/// Longest sanitised name in bytes, so that `files/` + name fits the 100-byte
/// ustar name field (no pax header needed when writing).
pub const MAX_NAME_BYTES: usize = 90;

/// The name used when nothing usable is left.
const FALLBACK_NAME: &str = "attachment";

/// Extensions longer than this are not kept when a name must be cut: a
/// "name" after the last dot that long is part of the name, not a type.
const MAX_KEPT_EXTENSION_BYTES: usize = 20;

/// Device names that Windows resolves no matter the extension (`con.txt` is
/// the console). Compared case-insensitively against the part before the
/// first dot.
const WINDOWS_RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "COM¹", "COM²", "COM³", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8",
    "LPT9", "LPT¹", "LPT²", "LPT³", "CONIN$", "CONOUT$",
];

/// A file name that is safe on every file system the newsroom may use: no
/// path separators, no control or bidi-override characters, no leading dots,
/// no reserved Windows names, at most [`MAX_NAME_BYTES`] bytes of UTF-8;
/// never empty.
pub fn sanitize_name(name: &str) -> String {
    let mut safe: String = name
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| if is_forbidden(c) { '_' } else { c })
        .collect();
    safe = trim_ends(&truncate_keeping_extension(
        trim_ends(&safe),
        MAX_NAME_BYTES,
    ))
    .to_owned();
    if is_windows_reserved(&safe) {
        // Checked after cutting, because a cut can leave "CON" behind. The
        // prefix keeps the name non-reserved through the second cut.
        safe.insert(0, '_');
        safe = trim_ends(&truncate_keeping_extension(&safe, MAX_NAME_BYTES)).to_owned();
    }
    if safe.is_empty() {
        return FALLBACK_NAME.to_owned();
    }
    safe
}

/// Characters dropped outright: controls (C0, DEL, C1) and the invisible
/// formatting characters that change how the rest of the name displays.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // Bidi embeddings and overrides, isolates, marks.
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                // Line/paragraph separators and zero-width characters.
                | '\u{2028}'
                | '\u{2029}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'
                | '\u{FEFF}'
        )
}

/// Characters replaced by `_`: path separators everywhere, and what Windows
/// refuses in names (`:` would also open an NTFS alternate data stream).
fn is_forbidden(c: char) -> bool {
    matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
}

/// Hidden-file dots and spaces at the start; Windows-stripped dots and
/// spaces at the end.
fn trim_ends(name: &str) -> &str {
    name.trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
}

fn is_windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    WINDOWS_RESERVED
        .iter()
        .any(|reserved| reserved.to_lowercase() == stem.to_lowercase())
}

/// Cuts `name` to at most `max` bytes on a character boundary, keeping a
/// short extension (`.pdf`) when there is one.
fn truncate_keeping_extension(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_owned();
    }
    let extension = match name.rfind('.') {
        Some(dot) if dot > 0 && name.len() - dot <= MAX_KEPT_EXTENSION_BYTES => &name[dot..],
        _ => "",
    };
    let stem = &name[..name.len() - extension.len()];
    let mut out = cut_at_char_boundary(stem, max - extension.len()).to_owned();
    out.push_str(extension);
    out
}

fn cut_at_char_boundary(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_keeps_an_ordinary_name() {
        assert_eq!(sanitize_name("report 2024.pdf"), "report 2024.pdf");
        assert_eq!(sanitize_name("گزارش.pdf"), "گزارش.pdf");
    }

    #[test]
    fn sanitize_replaces_path_separators() {
        // ../../.bashrc must not become a path.
        assert_eq!(sanitize_name("../../.bashrc"), "_.._.bashrc");
        assert_eq!(sanitize_name("a/b\\c"), "a_b_c");
        assert_eq!(sanitize_name("C:\\Windows\\x.dll"), "C__Windows_x.dll");
        assert!(!sanitize_name("/etc/passwd").contains('/'));
    }

    #[test]
    fn sanitize_removes_nul_and_control_characters() {
        assert_eq!(
            sanitize_name("a\0b\nc\r\td\x1b[31m\x7f\u{85}.txt"),
            "abcd[31m.txt"
        );
    }

    #[test]
    fn sanitize_removes_bidi_controls_that_spoof_the_extension() {
        // Displays as "invoiceexe.pdf" but is an .exe.
        assert_eq!(sanitize_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        for bidi in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            assert_eq!(
                sanitize_name(&format!("a{bidi}b")),
                "ab",
                "U+{:04X}",
                bidi as u32
            );
        }
    }

    #[test]
    fn sanitize_removes_leading_dots_and_spaces() {
        // A leading dot would hide the file on Unix.
        assert_eq!(sanitize_name(".profile"), "profile");
        assert_eq!(sanitize_name("  ..  x"), "x");
    }

    #[test]
    fn sanitize_removes_trailing_dots_and_spaces() {
        // Windows strips these, so "a.exe." would open as "a.exe".
        assert_eq!(sanitize_name("a.exe. . "), "a.exe");
    }

    #[test]
    fn sanitize_prefixes_windows_reserved_names() {
        assert_eq!(sanitize_name("CON"), "_CON");
        assert_eq!(sanitize_name("con.txt"), "_con.txt");
        assert_eq!(sanitize_name("Com1.tar.gz"), "_Com1.tar.gz");
        assert_eq!(sanitize_name("LPT9"), "_LPT9");
        assert_eq!(sanitize_name("nul .txt"), "_nul .txt");
        // Not reserved: only the whole stem counts.
        assert_eq!(sanitize_name("console.txt"), "console.txt");
        assert_eq!(sanitize_name("COM10"), "COM10");
        // Cutting a long name must not leave a bare reserved name behind.
        assert_eq!(sanitize_name(&format!("CON{}x", " ".repeat(200))), "_CON");
    }

    #[test]
    fn sanitize_replaces_characters_windows_refuses() {
        assert_eq!(sanitize_name("a:b*c?d\"e<f>g|h"), "a_b_c_d_e_f_g_h");
    }

    #[test]
    fn sanitize_truncates_keeping_the_extension() {
        let long = format!("{}.pdf", "a".repeat(200));
        let safe = sanitize_name(&long);
        assert_eq!(safe.len(), MAX_NAME_BYTES);
        assert!(safe.ends_with(".pdf"));
    }

    #[test]
    fn sanitize_truncates_on_a_char_boundary() {
        // 'ش' is two bytes; 'あ' three: the cut must never split one.
        for filler in ["ش", "あ", "😀"] {
            let long = format!("{}.txt", filler.repeat(100));
            let safe = sanitize_name(&long);
            assert!(safe.len() <= MAX_NAME_BYTES, "{} bytes", safe.len());
            assert!(safe.ends_with(".txt"));
            assert!(safe.starts_with(filler));
        }
        let no_extension = "é".repeat(100);
        assert!(sanitize_name(&no_extension).len() <= MAX_NAME_BYTES);
    }

    #[test]
    fn sanitize_drops_an_overlong_extension_rather_than_the_whole_name() {
        let long = format!("a.{}", "b".repeat(200));
        let safe = sanitize_name(&long);
        assert_eq!(safe.len(), MAX_NAME_BYTES);
        assert!(safe.starts_with("a.b"));
    }

    #[test]
    fn sanitize_never_returns_an_empty_name() {
        for empty in ["", ".", "..", "...", "   ", "\u{202E}", "\0", " . "] {
            assert_eq!(sanitize_name(empty), "attachment", "{empty:?}");
        }
    }

    #[test]
    fn sanitize_is_idempotent() {
        let names = [
            "../../.bashrc",
            "con.txt",
            "invoice\u{202E}fdp.exe",
            &format!("{}.pdf", "ش".repeat(80)),
            &format!("CON.{}", "x".repeat(120)),
            &format!("{} .pdf", "a".repeat(86)),
            &format!("CON{}x", " ".repeat(200)),
        ];
        for name in names {
            let once = sanitize_name(name);
            assert_eq!(sanitize_name(&once), once, "{name:?}");
            assert!(once.len() <= MAX_NAME_BYTES);
        }
    }
}
