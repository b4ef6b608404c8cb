//! Translations of the source pages, with Fluent.
//!
//! The language is chosen only by the `?l=` query parameter ([`Locale::from_request`]):
//! Tor Browser sends `Accept-Language: en-US` for everyone, and honouring a
//! header that a source's browser may set differently would single them out.
//! Unknown or absent `l` means English.
//!
//! Main types: [`Locale`] (the supported languages, their direction),
//! [`Catalog`] (every locale's Fluent bundle, embedded in the binary) and
//! [`Translator`] (one page render in one locale). A message missing from a
//! locale falls back to English so that a source still reads something, but
//! the miss is logged and recorded ([`Translator::missing`]); the tests that
//! walk every page in every locale fail on any miss.
use std::cell::RefCell;
use std::sync::LazyLock;

use actix_web::HttpRequest;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language the source pages are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    ZhCn,
    ZhTw,
    Es,
    Fr,
    Ru,
    Fa,
    Ar,
}

/// Text direction of a locale, as the HTML `dir` attribute spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

impl Locale {
    /// Every supported locale, in the order of the language picker.
    pub const ALL: [Locale; 8] = [
        Locale::En,
        Locale::ZhCn,
        Locale::ZhTw,
        Locale::Es,
        Locale::Fr,
        Locale::Ru,
        Locale::Fa,
        Locale::Ar,
    ];

    /// The BCP 47 tag used in `?l=`, in `lang` attributes and in `tip.json`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
            Locale::ZhTw => "zh-TW",
            Locale::Es => "es",
            Locale::Fr => "fr",
            Locale::Ru => "ru",
            Locale::Fa => "fa",
            Locale::Ar => "ar",
        }
    }

    /// The language's own name for itself, shown in the picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhCn => "简体中文",
            Locale::ZhTw => "繁體中文",
            Locale::Es => "Español",
            Locale::Fr => "Français",
            Locale::Ru => "Русский",
            Locale::Fa => "فارسی",
            Locale::Ar => "العربية",
        }
    }

    pub fn direction(self) -> Direction {
        match self {
            Locale::Fa | Locale::Ar => Direction::Rtl,
            _ => Direction::Ltr,
        }
    }

    /// The locale named by a `?l=` value (case-insensitive), if supported.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL
            .into_iter()
            .find(|locale| locale.tag().eq_ignore_ascii_case(tag))
    }

    /// The locale a request asks for with `?l=`; English when absent or unknown.
    /// Headers (`Accept-Language`) are deliberately ignored.
    pub fn from_query(query: &str) -> Locale {
        query
            .split('&')
            .filter_map(|pair| pair.strip_prefix("l="))
            .find_map(Locale::from_tag)
            .unwrap_or(Locale::En)
    }

    pub fn from_request(req: &HttpRequest) -> Locale {
        Locale::from_query(req.query_string())
    }

    fn source(self) -> &'static str {
        match self {
            Locale::En => include_str!("../../locales/en/tipbox.ftl"),
            Locale::ZhCn => include_str!("../../locales/zh-CN/tipbox.ftl"),
            Locale::ZhTw => include_str!("../../locales/zh-TW/tipbox.ftl"),
            Locale::Es => include_str!("../../locales/es/tipbox.ftl"),
            Locale::Fr => include_str!("../../locales/fr/tipbox.ftl"),
            Locale::Ru => include_str!("../../locales/ru/tipbox.ftl"),
            Locale::Fa => include_str!("../../locales/fa/tipbox.ftl"),
            Locale::Ar => include_str!("../../locales/ar/tipbox.ftl"),
        }
    }
}

/// A locale file that does not load.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("locales/{locale}/tipbox.ftl has {count} syntax error(s), first: {first}")]
    Syntax {
        locale: &'static str,
        count: usize,
        first: String,
    },
    #[error("locales/{locale}/tipbox.ftl defines a message twice: {detail}")]
    Duplicate {
        locale: &'static str,
        detail: String,
    },
    #[error("invalid locale tag {0}")]
    BadTag(&'static str),
}

/// Every locale's messages, parsed once.
pub struct Catalog {
    bundles: Vec<(Locale, FluentBundle<FluentResource>)>,
}

/// The catalog built from the embedded locale files. The files are part of
/// the binary and `catalog_loads_every_locale` checks them, so a failure here
/// is a build defect, not a runtime condition.
pub static CATALOG: LazyLock<Catalog> =
    LazyLock::new(|| Catalog::load().expect("embedded locale files are checked by tests"));

impl Catalog {
    /// Parses every embedded locale file.
    pub fn load() -> Result<Catalog, CatalogError> {
        let mut bundles = Vec::with_capacity(Locale::ALL.len());
        for locale in Locale::ALL {
            let langid = locale
                .tag()
                .parse()
                .map_err(|_| CatalogError::BadTag(locale.tag()))?;
            let resource =
                FluentResource::try_new(locale.source().to_owned()).map_err(|(_, errors)| {
                    CatalogError::Syntax {
                        locale: locale.tag(),
                        count: errors.len(),
                        first: format!("{:?}", errors[0]),
                    }
                })?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle
                .add_resource(resource)
                .map_err(|errors| CatalogError::Duplicate {
                    locale: locale.tag(),
                    detail: format!("{errors:?}"),
                })?;
            bundles.push((locale, bundle));
        }
        Ok(Catalog { bundles })
    }

    fn bundle(&self, locale: Locale) -> &FluentBundle<FluentResource> {
        &self
            .bundles
            .iter()
            .find(|(l, _)| *l == locale)
            .expect("load() builds a bundle for every locale")
            .1
    }

    /// A translator for one page render.
    pub fn translator(&self, locale: Locale) -> Translator<'_> {
        Translator {
            catalog: self,
            locale,
            missing: RefCell::new(Vec::new()),
        }
    }
}

/// Looks messages up for one render in one locale, recording any that are
/// missing or fail to format.
pub struct Translator<'a> {
    catalog: &'a Catalog,
    locale: Locale,
    missing: RefCell<Vec<String>>,
}

impl Translator<'_> {
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The message `id` as plain text (HTML escaping is the template's job).
    pub fn text(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with one variable, e.g. `$limit`.
    pub fn text_with(&self, id: &str, name: &str, value: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(value));
        self.format(id, Some(&args))
    }

    /// Message ids that were missing (or failed to format) in this locale.
    pub fn missing(&self) -> Vec<String> {
        self.missing.borrow().clone()
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        if let Some(text) = try_format(self.catalog.bundle(self.locale), id, args) {
            return text;
        }
        tracing::warn!(
            locale = self.locale.tag(),
            id,
            "missing translation; showing English"
        );
        self.missing.borrow_mut().push(id.to_owned());
        try_format(self.catalog.bundle(Locale::En), id, args).unwrap_or_else(|| id.to_owned())
    }
}

/// Formats `id`, or `None` if it is absent, has no value, or a variable it
/// needs was not given.
fn try_format(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    args: Option<&FluentArgs>,
) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Message ids defined in a locale file (top-level `id =` lines).
    fn ids(source: &str) -> BTreeSet<&str> {
        source
            .lines()
            .filter_map(|line| line.split_once(" ="))
            .map(|(id, _)| id)
            .filter(|id| {
                id.starts_with(|c: char| c.is_ascii_lowercase())
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
            .collect()
    }

    #[test]
    fn catalog_loads_every_locale() {
        Catalog::load().expect("every embedded locale file parses");
    }

    #[test]
    fn every_locale_defines_exactly_the_english_messages() {
        let english = ids(Locale::En.source());
        assert!(english.len() > 30, "the id scan found the messages");
        for locale in Locale::ALL {
            let theirs = ids(locale.source());
            let missing: Vec<_> = english.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}: missing {missing:?}, not in English {extra:?}",
                locale.tag()
            );
        }
    }

    #[test]
    fn unknown_language_falls_back_to_english() {
        assert_eq!(Locale::from_query("l=xx"), Locale::En);
        assert_eq!(Locale::from_query(""), Locale::En);
        assert_eq!(Locale::from_query("l=fa%00"), Locale::En);
        assert_eq!(Locale::from_query("x=1&l=zh-tw"), Locale::ZhTw);
    }

    #[test]
    fn persian_and_arabic_are_right_to_left() {
        for locale in Locale::ALL {
            let rtl = matches!(locale, Locale::Fa | Locale::Ar);
            assert_eq!(locale.direction() == Direction::Rtl, rtl, "{locale:?}");
        }
    }

    #[test]
    fn missing_message_is_recorded_not_silent() {
        let catalog = Catalog::load().unwrap();
        let t = catalog.translator(Locale::Fr);
        let _ = t.text("no-such-message-id");
        assert_eq!(t.missing(), vec!["no-such-message-id".to_owned()]);
    }

    #[test]
    fn message_without_its_variable_is_recorded() {
        let catalog = Catalog::load().unwrap();
        let t = catalog.translator(Locale::En);
        // `error-too-large-body` needs `$limit`; formatting it bare is a defect.
        let _ = t.text("error-too-large-body");
        assert_eq!(t.missing(), vec!["error-too-large-body".to_owned()]);
    }
}
