//! Untrusted text made safe to show, on a terminal and in HTML: every part
//! that shows what a source, a tip or a server wrote uses this module.
//!
//! What the three binaries print: every line passes through [`sanitize`]
//! (the [`outln!`](crate::outln), [`errln!`](crate::errln) and
//! [`out!`](crate::out) macros), because much of it quotes something
//! hostile: a tip's `tip.json` (serde's error text quotes the bad value), a
//! file name, a server's error message. An escape sequence must never reach
//! the terminal: ESC can clear the screen, rewrite earlier lines, retitle
//! the window or, in some terminals, answer back as typed input.

/// `text` with every control character removed except line breaks (a tab
/// becomes a space), and without Unicode bidirectional controls (which can
/// make `cod.exe` read as `exe.doc`).
pub fn sanitize(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() || is_bidi_control(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Unicode bidirectional formatting characters.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Drops control characters (escape sequences start with one) and Unicode
/// bidirectional controls, and shortens to `max` characters: one field of a
/// line (a name, a preview, an error quoted from elsewhere).
pub fn terminal_safe(text: &str, max: usize) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect();
    shorten_to(clean, max)
}

/// `text` cut to `max` characters, the last an ellipsis when it was longer.
pub fn shorten_to(text: String, max: usize) -> String {
    if text.chars().count() > max {
        let mut short: String = text.chars().take(max - 1).collect();
        short.push('…');
        short
    } else {
        text
    }
}

/// Escapes text for HTML element content and quoted attribute values (the
/// offline reading desk; the server's pages are escaped by their templates).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `println!` through [`sanitize`].
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        println!("{}", $crate::untrusted_text::sanitize(&format!($($arg)*)))
    };
}

/// `print!` through [`sanitize`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        print!("{}", $crate::untrusted_text::sanitize(&format!($($arg)*)))
    };
}

/// `eprintln!` through [`sanitize`].
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::untrusted_text::sanitize(&format!($($arg)*)))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_removes_escape_sequences_bell_and_bidi_but_keeps_lines() {
        let hostile = "a\u{1b}[2J\u{1b}]0;pwned\u{7}b\r\nc\u{202E}d\u{9b}31m\te";
        assert_eq!(sanitize(hostile), "a[2J]0;pwnedb\ncd31m e");
    }

    #[test]
    fn terminal_safe_strips_escape_sequences_and_bidi_overrides() {
        let hostile = "\u{1b}[2J\u{1b}]0;pwned\u{7}hello \u{202E}fdp.exe";
        let shown = terminal_safe(hostile, 100);
        assert!(!shown.contains('\u{1b}'));
        assert!(!shown.contains('\u{202E}'));
        assert!(shown.contains("hello"));
    }

    #[test]
    fn terminal_safe_shortens_long_lines() {
        assert_eq!(terminal_safe(&"x".repeat(100), 10).chars().count(), 10);
    }

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape_html("<script>alert(\"x\")</script>&'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"
        );
    }
}
