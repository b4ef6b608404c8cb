use super::*;

/// The cross-language vector of docs/CONVERSATIONS.md, computed independently
/// with Python's `hashlib.scrypt` and `cryptography`'s X25519; the browser
/// client's node test checks the same values.
const VECTOR_CODENAME: &str = "abacus abdomen abdominal abide abiding ability ablaze";
const VECTOR_TOKEN: &str = "68d2aa80b70c2dd5cba0927a34866403a0c564524e1adb6e1b3808def1549392";
const VECTOR_MAILBOX: &str = "db33fb49d25283e05b7cf11e6822670883151ac2f624fa3d7ae1665c075bb357";
/// The classic X25519 reply key (conversations begun before reply keys
/// became hybrid).
const VECTOR_RECIPIENT: &str = "age1nmz2ugf95fcqx5mggruxg3wg92h5dc65u84mmwhppdceswzgwujqqjvfk2";
/// The hybrid reply key's seed: HKDF-SHA-256 of the KDF output with info
/// "tipbox hybrid reply key v1" (Python, RFC 5869 by hand).
const VECTOR_HYBRID_SEED: &str = "a9edb33c162c2d32df6e69682968591fae1256c06cf4aec1de9cf35d5eaa80a8";

#[test]
fn kdf_matches_the_cross_language_vector() {
    let keys = Codename::parse(VECTOR_CODENAME).unwrap().derive();
    assert_eq!(
        CODENAME_LOG_N, 12,
        "change the vector together with the constant"
    );
    assert_eq!(*keys.token.to_hex(), VECTOR_TOKEN);
    assert_eq!(keys.mailbox().to_string(), VECTOR_MAILBOX);
    assert_eq!(
        keys.classic_reply_identity.to_public().to_string(),
        VECTOR_RECIPIENT
    );
    let seed: [u8; 32] = hex::decode(VECTOR_HYBRID_SEED).unwrap().try_into().unwrap();
    assert!(keys.reply_identity.is_hybrid());
    assert_eq!(
        *keys.reply_identity.to_encoded(),
        *Identity::hybrid_from_seed(&seed).to_encoded()
    );
    assert_eq!(
        keys.reply_recipient(),
        Identity::hybrid_from_seed(&seed).to_public()
    );
    // One more HKDF output beside the others (Python, RFC 5869 by hand).
    assert_eq!(
        *keys.followup_key.to_hex(),
        "31cfa0820962004897be81b86f0e194aab52031ce09ae365d456c4fcb91b7092"
    );
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
