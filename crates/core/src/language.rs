//! The languages tipbox speaks to sources: one table that the server's
//! translations (`tipbox_server::i18n`), the command-line client
//! (`tipbox submit --language`) and the offline desk (a tip's `language`
//! shown by name) all read, so that they accept exactly the same tags.
//!
//! The table is plain data with no dependency, so the offline
//! `tipbox-decrypt` build (no server feature) links it too.

/// One language of the source pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language {
    /// The BCP 47 tag used in `?l=`, in `lang` attributes and in `tip.json`.
    pub tag: &'static str,
    /// The name newsroom staff read on the offline desk.
    pub english_name: &'static str,
    /// The language's own name for itself, shown in the language picker.
    pub native_name: &'static str,
    pub right_to_left: bool,
    /// Whether a native speaker has reviewed the translation
    /// (`locales/STATUS.md` says who). Pages in a locale without review
    /// say so, in that language and in English.
    pub native_review: bool,
}

const fn language(
    tag: &'static str,
    english_name: &'static str,
    native_name: &'static str,
    right_to_left: bool,
) -> Language {
    Language {
        tag,
        english_name,
        native_name,
        right_to_left,
        // No locale other than English has been reviewed by a native
        // speaker yet; English is the reference the others translate.
        native_review: false,
    }
}

/// Every language, in the order of the language picker.
pub const LANGUAGES: [Language; 24] = [
    Language {
        native_review: true,
        ..language("en", "English", "English", false)
    },
    language("zh-CN", "Chinese (Simplified)", "简体中文", false),
    language("zh-TW", "Chinese (Traditional)", "繁體中文", false),
    language("es", "Spanish", "Español", false),
    language("fr", "French", "Français", false),
    language("ru", "Russian", "Русский", false),
    language("fa", "Persian", "فارسی", true),
    language("ar", "Arabic", "العربية", true),
    language("ug", "Uyghur", "ئۇيغۇرچە", true),
    language("bo", "Tibetan", "བོད་ཡིག", false),
    language("my", "Burmese", "မြန်မာ", false),
    language("vi", "Vietnamese", "Tiếng Việt", false),
    language("tr", "Turkish", "Türkçe", false),
    language("uk", "Ukrainian", "Українська", false),
    language("be", "Belarusian", "Беларуская", false),
    language("ur", "Urdu", "اردو", true),
    language("ps", "Pashto", "پښتو", true),
    language("hi", "Hindi", "हिन्दी", false),
    language("id", "Indonesian", "Bahasa Indonesia", false),
    language("ko", "Korean", "한국어", false),
    language("ja", "Japanese", "日本語", false),
    language("de", "German", "Deutsch", false),
    language("pt-BR", "Portuguese (Brazil)", "Português (Brasil)", false),
    language("it", "Italian", "Italiano", false),
];

/// The language with this tag (case-insensitive), if tipbox has it.
pub fn by_tag(tag: &str) -> Option<&'static Language> {
    LANGUAGES
        .iter()
        .find(|language| language.tag.eq_ignore_ascii_case(tag))
}

/// A tip's `language` for newsroom staff: `Uyghur (ug)`, or the tag itself
/// marked unknown. The tag comes from the source's side and is hostile:
/// the caller escapes and bounds what is shown.
pub fn describe(tag: &str) -> String {
    match by_tag(tag) {
        Some(language) => format!("{} ({})", language.english_name, language.tag),
        None => format!("unknown ({tag})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_unique_and_well_formed() {
        for (index, language) in LANGUAGES.iter().enumerate() {
            assert_eq!(by_tag(language.tag), Some(language));
            assert!(
                LANGUAGES[..index]
                    .iter()
                    .all(|earlier| !earlier.tag.eq_ignore_ascii_case(language.tag)),
                "{} twice",
                language.tag
            );
            // The same shape web/src/container.js accepts for tip.json.
            let mut parts = language.tag.split('-');
            let primary = parts.next().unwrap();
            assert!((2..=3).contains(&primary.len()), "{}", language.tag);
            assert!(primary.chars().all(|c| c.is_ascii_lowercase()));
            assert!(parts.all(|p| (2..=8).contains(&p.len())));
        }
    }

    #[test]
    fn the_desk_names_every_language_and_marks_unknown_tags() {
        assert_eq!(describe("ug"), "Uyghur (ug)");
        assert_eq!(describe("PT-br"), "Portuguese (Brazil) (pt-BR)");
        assert_eq!(describe("xx"), "unknown (xx)");
        for language in LANGUAGES {
            assert!(describe(language.tag).starts_with(language.english_name));
        }
    }

    #[test]
    fn only_english_counts_as_reviewed_until_a_native_speaker_reviews() {
        let reviewed: Vec<&str> = LANGUAGES
            .iter()
            .filter(|l| l.native_review)
            .map(|l| l.tag)
            .collect();
        assert_eq!(reviewed, ["en"]);
    }
}
