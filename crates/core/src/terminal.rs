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

/// `println!` through [`sanitize`].
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        println!("{}", $crate::terminal::sanitize(&format!($($arg)*)))
    };
}

/// `print!` through [`sanitize`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        print!("{}", $crate::terminal::sanitize(&format!($($arg)*)))
    };
}

/// `eprintln!` through [`sanitize`].
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::terminal::sanitize(&format!($($arg)*)))
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
}
