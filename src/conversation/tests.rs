use super::*;

/// The cross-language vector of docs/CONVERSATIONS.md, computed independently
/// with Python's `hashlib.scrypt` and `cryptography`'s X25519; the browser
/// client's node test checks the same values.
const VECTOR_CODENAME: &str = "abacus abdomen abdominal abide abiding ability ablaze";
const VECTOR_TOKEN: &str = "518bfc7a3cf1ba5e2b84379cc91a84ac5a699d0398e23b416d01d2d9c52cdb3b";
const VECTOR_MAILBOX: &str = "bfbba82f6ddbed45502a9dd03c5b7f9ea5dd0c1007a352b33a9c2f09aeb9919a";
const VECTOR_RECIPIENT: &str = "age1mzl36nuq42a0vfmf8qsunavydycwgw5vx0dyqh450k53w2usjegqy9ldu2";

#[test]
fn kdf_matches_the_cross_language_vector() {
    let keys = Codename::parse(VECTOR_CODENAME).unwrap().derive();
    assert_eq!(
        CODENAME_LOG_N, 14,
        "change the vector together with the constant"
    );
    assert_eq!(*keys.token.to_hex(), VECTOR_TOKEN);
    assert_eq!(keys.mailbox().to_string(), VECTOR_MAILBOX);
    assert_eq!(keys.reply_recipient().to_string(), VECTOR_RECIPIENT);
}

#[test]
fn codename_typed_with_capitals_tabs_line_breaks_and_nbsp_normalises() {
    let typed = "  Abacus\tABDOMEN\r\nabdominal\u{a0}abide   abiding\n\nAbility ablaze \n";
    assert_eq!(Codename::parse(typed).unwrap().as_str(), VECTOR_CODENAME);
}

#[test]
fn codename_with_six_words_is_refused_naming_the_count() {
    let err = Codename::parse("abacus abdomen abdominal abide abiding ability").unwrap_err();
    assert_eq!(err, CodenameError::WrongWordCount(6));
    assert_eq!(err.to_string(), "a codename has 7 words; you typed 6");
}

#[test]
fn codename_with_eight_words_is_refused() {
    let typed = format!("{VECTOR_CODENAME} abacus");
    assert_eq!(
        Codename::parse(&typed).unwrap_err(),
        CodenameError::WrongWordCount(8)
    );
}

#[test]
fn codename_with_a_misspelt_word_is_refused_naming_the_word() {
    let err =
        Codename::parse("abacuss abdomen abdominal abide abiding ability ablaze").unwrap_err();
    assert_eq!(err.to_string(), "\"abacuss\" is not a codename word");
}

#[test]
fn empty_codename_is_refused() {
    assert_eq!(
        Codename::parse(" \n ").unwrap_err(),
        CodenameError::WrongWordCount(0)
    );
}

#[test]
fn generated_codenames_are_seven_list_words_and_differ() {
    let a = Codename::generate();
    let b = Codename::generate();
    assert_eq!(a.as_str().split(' ').count(), CODENAME_WORDS);
    assert_eq!(Codename::parse(a.as_str()).unwrap(), a);
    assert_ne!(a, b);
}

#[test]
fn wordlist_is_the_eff_large_list() {
    assert_eq!(word(0), "abacus");
    assert_eq!(word(WORD_COUNT - 1), "zoom");
    assert_eq!(word_index("abacus"), Some(0));
    assert_eq!(word_index("Abacus"), None);
}

#[test]
fn codename_debug_output_hides_the_words() {
    let codename = Codename::parse(VECTOR_CODENAME).unwrap();
    assert!(!format!("{codename:?}").contains("abacus"));
}

#[test]
fn token_in_upper_case_or_wrong_length_is_refused() {
    assert!(MailboxToken::from_hex(VECTOR_TOKEN).is_ok());
    assert_eq!(
        MailboxToken::from_hex(&VECTOR_TOKEN.to_uppercase()),
        Err(BadToken)
    );
    assert_eq!(MailboxToken::from_hex(&VECTOR_TOKEN[..62]), Err(BadToken));
}

#[test]
fn mailbox_is_sha256_of_the_token() {
    let token = MailboxToken::from_hex(VECTOR_TOKEN).unwrap();
    assert_eq!(token.mailbox().to_string(), VECTOR_MAILBOX);
    assert_eq!(
        VECTOR_MAILBOX.parse::<MailboxId>().unwrap(),
        token.mailbox()
    );
}
