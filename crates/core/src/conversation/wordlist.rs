//! The EFF large wordlist (7776 words,
//! `crates/core/src/conversation/eff_large_wordlist.txt`, lines
//! `11111\tabacus`), embedded in the binary and parsed once.
use std::collections::HashMap;
use std::sync::OnceLock;

/// Words in the list: 6^5, five dice per word.
pub const WORD_COUNT: usize = 7776;

/// Where the list lives in the repository: beside this module, never in the
/// default storage folder (`data/`), which holds runtime state only.
pub const WORDLIST_FILE: &str = "crates/core/src/conversation/eff_large_wordlist.txt";

const LIST: &str = include_str!("eff_large_wordlist.txt");

struct Words {
    by_index: Vec<&'static str>,
    by_word: HashMap<&'static str, usize>,
}

fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let by_index: Vec<&'static str> = LIST
            .lines()
            .map(|line| {
                line.split_once('\t')
                    .expect("each wordlist line is dice, tab, word")
                    .1
            })
            .collect();
        assert_eq!(
            by_index.len(),
            WORD_COUNT,
            "the embedded wordlist is complete"
        );
        let by_word = by_index.iter().enumerate().map(|(i, w)| (*w, i)).collect();
        Words { by_index, by_word }
    })
}

/// The word at `index` (below [`WORD_COUNT`]).
pub fn word(index: usize) -> &'static str {
    words().by_index[index]
}

/// The position of `word` in the list, if it is one.
pub fn word_index(word: &str) -> Option<usize> {
    words().by_word.get(word).copied()
}
