//! The source pages, rendered on the server: they need no JavaScript, set no
//! cookies, load nothing from elsewhere and carry no inline script or style
//! (the CSP forbids both; the one stylesheet comes from `/static/`).
//!
//! Every link and form action is relative ([`Ui::prefix`]), so the pages work
//! under any onion address without the server knowing it, and every page
//! carries the language picker (`?l=`) and the `lang`/`dir` of its locale.
//! Templates are askama files in `templates/`, which escape every value.
//!
//! Main types: [`Ui`] (what every page needs: translator, link prefix),
//! [`Refusal`] (each reason a request is turned away, with its status),
//! [`Rendered`] (a page and the translations it missed).
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use zeroize::Zeroizing;

use std::sync::Arc;

use super::branding::Branding;
use super::i18n::{Catalog, Locale, Translator, CATALOG};
use super::wiped;
use tipbox_core::conversation::CodenameError;

mod conversation;
pub use conversation::{
    codename_page, confirm_page, followup_received, forgotten_page, inbox_page, InboxReply,
    InboxView,
};

/// The stylesheet, embedded in the binary and served at `/static/tipbox.css`.
pub const STYLESHEET: &str = include_str!("../static/tipbox.css");

/// The browser client (`web/`, built with esbuild and committed), embedded
/// and served at `/static/tipbox.js` under `script-src 'self'`. The submit
/// form works without it; with it, tips are encrypted in the page.
pub const BROWSER_CLIENT: &str = include_str!("../../../../web/dist/tipbox.js");

/// Deeper 404 paths than this get a page whose links point at the root
/// through this many `../`; the relative prefix must not grow with an
/// attacker-chosen path.
const MAX_LINK_DEPTH: usize = 16;

/// The keys of the browser client's texts (`DEFAULT_TEXTS` in
/// `web/src/main.js`, which includes `TEXTS` of `web/src/conversation.js`).
/// Each is the Fluent message `js-<key>` and is rendered as the attribute
/// `data-tipbox-<key>` on the forms the script reads ([`Ui::js_texts`]); the
/// script's `textsFrom` takes it in place of its English default. A test
/// reads both JavaScript files and fails when the lists differ.
pub const JS_TEXT_KEYS: [&str; 35] = [
    "preparing",
    "progress",
    "remaining",
    "retrying",
    "received",
    "failed",
    "empty",
    "refused-too-large",
    "refused-full",
    "codename-heading",
    "codename-write-down",
    "codename-retype",
    "codename-confirm",
    "codename-cancel",
    "codename-mismatch",
    "codename-deriving",
    "codename-count",
    "codename-word",
    "inbox-opening",
    "inbox-heading",
    "inbox-empty",
    "inbox-received",
    "inbox-undecryptable",
    "inbox-download",
    "inbox-delete",
    "inbox-deleted",
    "inbox-followup-heading",
    "inbox-followup-message",
    "inbox-followup-files",
    "inbox-followup-send",
    "inbox-forget-heading",
    "inbox-forget-confirm",
    "inbox-forget",
    "inbox-forgotten",
    "inbox-failed",
];

/// What every page shows: the translator, the link prefix, the picker.
pub struct Ui<'a> {
    pub t: Translator<'a>,
    /// Relative path from the requested page to the site root: `./`, `../`, …
    pub prefix: String,
    /// The page the language picker links to, relative to the root
    /// (`""` for the landing page, `"submit"` for the form).
    here: &'static str,
    /// The newsroom's name, description and logo (`[newsroom]`).
    branding: Arc<Branding>,
}

/// One entry of the language picker.
pub struct PickerLink {
    pub href: String,
    pub tag: &'static str,
    pub name: &'static str,
    /// The direction of the language's own name (`rtl` for فارسی, …).
    pub dir: &'static str,
    pub current: bool,
}

/// The line a page in a locale without native review shows: in that
/// language, in English, and a link to the English page.
pub struct Unreviewed {
    pub local: String,
    pub english: String,
    pub english_href: String,
}

impl<'a> Ui<'a> {
    pub fn new(catalog: &'a Catalog, locale: Locale, path: &str, here: &'static str) -> Self {
        Ui {
            t: catalog.translator(locale),
            prefix: root_prefix(path),
            here,
            branding: Arc::default(),
        }
    }

    fn with_branding(mut self, branding: Arc<Branding>) -> Self {
        self.branding = branding;
        self
    }

    /// The newsroom's name, or "Secure tip box" in this page's language.
    pub fn site_name(&self) -> String {
        match &self.branding.name {
            Some(name) => name.clone(),
            None => self.t.text("site-name"),
        }
    }

    pub fn site_description(&self) -> Option<&str> {
        self.branding.description.as_deref()
    }

    pub fn has_logo(&self) -> bool {
        self.branding.logo.is_some()
    }

    pub fn locale_tag(&self) -> &'static str {
        self.t.locale().tag()
    }

    pub fn dir(&self) -> &'static str {
        self.t.locale().direction().as_str()
    }

    /// The browser client's texts in this locale, as `(key, text)` pairs for
    /// the `data-tipbox-<key>` attributes of the forms the script enhances.
    /// `{placeholders}` stay literal: the script fills them in.
    pub fn js_texts(&self) -> Vec<(&'static str, String)> {
        JS_TEXT_KEYS
            .into_iter()
            .map(|key| (key, self.t.text(&format!("js-{key}"))))
            .collect()
    }

    /// The current language's own name (the picker's summary).
    pub fn native_name(&self) -> &'static str {
        self.t.locale().native_name()
    }

    /// The "not yet reviewed by a native speaker" line, for every locale
    /// whose translation has no native review (`locales/STATUS.md`).
    pub fn unreviewed(&self) -> Option<Unreviewed> {
        if self.t.locale().language().native_review {
            return None;
        }
        Some(Unreviewed {
            local: self.t.text("unreviewed-notice"),
            english: self.t.english("unreviewed-notice"),
            english_href: format!("{}{}?l=en", self.prefix, self.here),
        })
    }

    pub fn picker(&self) -> Vec<PickerLink> {
        Locale::ALL
            .into_iter()
            .map(|locale| PickerLink {
                href: format!("{}{}?l={}", self.prefix, self.here, locale.tag()),
                tag: locale.tag(),
                name: locale.native_name(),
                dir: locale.direction().as_str(),
                current: locale == self.t.locale(),
            })
            .collect()
    }
}

/// The relative path from `path` (as requested, still percent-encoded) to the
/// site root: one `../` per directory level below it.
fn root_prefix(path: &str) -> String {
    let depth = path.matches('/').count().saturating_sub(1);
    match depth.min(MAX_LINK_DEPTH) {
        0 => "./".to_owned(),
        depth => "../".repeat(depth),
    }
}

/// A page ready to send, and the messages its locale lacked (tests assert
/// that this is empty for every page in every locale).
///
/// Pages can carry a codename or words the source typed, so the HTML is
/// rendered into a buffer wiped as it grows ([`wiped::WipedBuf`]) and
/// wiped once actix has sent it ([`wiped::body`]).
pub struct Rendered {
    pub status: StatusCode,
    pub html: Zeroizing<String>,
    pub missing: Vec<String>,
}

impl Rendered {
    fn from_template(status: StatusCode, page: &impl Template, ui: &Ui) -> Rendered {
        match render_wiped(page) {
            Ok(html) => Rendered {
                status,
                html,
                missing: ui.t.missing(),
            },
            Err(err) => {
                tracing::error!(error = %err, "page template failed to render");
                Rendered {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    html: Zeroizing::new("Internal error".to_owned()),
                    missing: ui.t.missing(),
                }
            }
        }
    }

    pub fn into_response(self) -> HttpResponse {
        HttpResponse::build(self.status)
            .content_type("text/html; charset=utf-8")
            .body(wiped::body(self.html))
    }
}

/// Renders `page` once into a buffer that starts at askama's estimate of
/// its size and wipes each block it outgrows.
fn render_wiped<T: Template>(page: &T) -> askama::Result<Zeroizing<String>> {
    let mut html = wiped::WipedBuf::with_capacity(T::SIZE_HINT);
    page.render_into(&mut html)?;
    Ok(html
        .into_text()
        .expect("a template writes only text, which is UTF-8"))
}

/// Where a page is being rendered: the locale from `?l=` and the request path
/// (for relative links).
#[derive(Clone, Debug)]
pub struct PageContext {
    pub locale: Locale,
    pub path: String,
    pub branding: Arc<Branding>,
}

impl PageContext {
    pub fn from_request(req: &HttpRequest) -> PageContext {
        PageContext {
            locale: Locale::from_request(req),
            path: req.path().to_owned(),
            branding: req
                .app_data::<actix_web::web::Data<super::state::AppState>>()
                .map(|state| state.branding.clone())
                .unwrap_or_default(),
        }
    }

    fn ui(&self, here: &'static str) -> Ui<'static> {
        Ui::new(&CATALOG, self.locale, &self.path, here).with_branding(self.branding.clone())
    }
}

#[derive(Template)]
#[template(path = "landing.html")]
struct Landing<'a> {
    ui: Ui<'a>,
    fingerprints: &'a [String],
}

#[derive(Template)]
#[template(path = "submit.html")]
struct SubmitForm<'a> {
    ui: Ui<'a>,
    form: TipForm<'a>,
}

/// What `submit_form.html` shows: the limits, and the message to fill in.
struct TipForm<'a> {
    message_limit: String,
    tip_limit: String,
    /// 1, 2, 3 in the locale's digits.
    file_numbers: [String; 3],
    /// What the source typed, given back after a refusal (empty otherwise).
    message: &'a str,
}

impl<'a> TipForm<'a> {
    fn new(ctx: &PageContext, message_limit: u64, tip_limit: u64, message: &'a str) -> Self {
        TipForm {
            message_limit: ctx.locale.format_size(message_limit),
            tip_limit: ctx.locale.format_size(tip_limit),
            file_numbers: ["1", "2", "3"].map(|n| ctx.locale.digits(n)),
            message,
        }
    }
}

#[derive(Template)]
#[template(path = "refused_form.html")]
struct RefusedForm<'a> {
    ui: Ui<'a>,
    title: String,
    reason: String,
    form: TipForm<'a>,
}

#[derive(Template)]
#[template(path = "received.html")]
struct Received<'a> {
    ui: Ui<'a>,
    /// A new codename, shown once with its confirmation step.
    codename: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "refusal.html")]
struct RefusalPage<'a> {
    ui: Ui<'a>,
    title: String,
    paragraphs: Vec<String>,
    link_target: &'static str,
    link_text: String,
}

/// The landing page: what to expect, how tips are protected, key fingerprints.
pub fn landing(ctx: &PageContext, fingerprints: &[String]) -> Rendered {
    let page = Landing {
        ui: ctx.ui(""),
        fingerprints,
    };
    Rendered::from_template(StatusCode::OK, &page, &page.ui)
}

/// The submission form (works without JavaScript).
pub fn submit_form(ctx: &PageContext, message_limit: u64, tip_limit: u64) -> Rendered {
    let page = SubmitForm {
        ui: ctx.ui("submit"),
        form: TipForm::new(ctx, message_limit, tip_limit, ""),
    };
    Rendered::from_template(StatusCode::OK, &page, &page.ui)
}

/// The confirmation after a no-JavaScript submission was durably stored.
pub fn received(ctx: &PageContext, codename: Option<&str>) -> Rendered {
    let page = Received {
        ui: ctx.ui(""),
        codename,
    };
    Rendered::from_template(StatusCode::OK, &page, &page.ui)
}

/// Each reason a source page turns a request away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// What the source typed is not a codename (checked before any lookup).
    Codename(CodenameError),
    /// The tip is over the per-tip cap (`limit` bytes).
    TooLarge {
        limit: u64,
    },
    /// The message field is over its cap (`limit` bytes).
    MessageTooLong {
        limit: u64,
    },
    /// The total storage cap is reached.
    StorageFull,
    /// Every upload slot is taken.
    Busy,
    /// The form data could not be parsed (or the upload broke off).
    Malformed,
    /// Neither a message nor a file.
    Empty,
    NotFound,
    MethodNotAllowed,
    /// A fault of the server; details went to the operator's log.
    Internal,
    /// The request came through a Tor2web gateway.
    Tor2web,
}

impl Refusal {
    /// Every variant but [`Refusal::Codename`] (which carries the source's
    /// words: the tests that walk every page in every locale build those
    /// with their own words).
    pub const ALL: [Refusal; 10] = [
        Refusal::TooLarge { limit: 1 },
        Refusal::MessageTooLong { limit: 1 },
        Refusal::StorageFull,
        Refusal::Busy,
        Refusal::Malformed,
        Refusal::Empty,
        Refusal::NotFound,
        Refusal::MethodNotAllowed,
        Refusal::Internal,
        Refusal::Tor2web,
    ];

    pub fn status(&self) -> StatusCode {
        match self {
            Refusal::Codename(_) => StatusCode::BAD_REQUEST,
            Refusal::TooLarge { .. } | Refusal::MessageTooLong { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            Refusal::StorageFull => StatusCode::INSUFFICIENT_STORAGE,
            Refusal::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Refusal::Malformed | Refusal::Empty => StatusCode::BAD_REQUEST,
            Refusal::NotFound => StatusCode::NOT_FOUND,
            Refusal::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Refusal::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            // Refused on purpose: the gateway sees everything the source sends.
            Refusal::Tor2web => StatusCode::FORBIDDEN,
        }
    }

    /// Whether the refusal ends a submission (then the page says nothing was
    /// stored and links back to the form).
    pub fn ends_submission(&self) -> bool {
        !matches!(
            self,
            Refusal::NotFound | Refusal::MethodNotAllowed | Refusal::Tor2web | Refusal::Codename(_)
        )
    }
}

/// The page for a refusal, with its status code.
pub fn refusal(ctx: &PageContext, refusal: Refusal) -> Rendered {
    let ui = ctx.ui("");
    let t = &ui.t;
    let (title, body) = title_and_reason(t, &refusal);
    let mut paragraphs = vec![body];
    if refusal == Refusal::Tor2web {
        paragraphs.push(t.text("tor2web-action"));
    }
    let (link_target, link_text) = if let Refusal::Codename(_) = refusal {
        paragraphs.push(t.text("error-nothing-stored"));
        ("codename", t.text("nav-codename"))
    } else if refusal.ends_submission() {
        paragraphs.push(t.text("error-nothing-stored"));
        ("submit", t.text("error-back"))
    } else {
        ("", t.text("nav-home"))
    };
    let page = RefusalPage {
        title,
        paragraphs,
        link_target,
        link_text,
        ui,
    };
    Rendered::from_template(refusal.status(), &page, &page.ui)
}

/// A refusal's title and the sentence saying why (and what to do).
fn title_and_reason(t: &Translator, refusal: &Refusal) -> (String, String) {
    match refusal {
        Refusal::Codename(CodenameError::WrongWordCount(count)) => (
            t.text("error-codename-title"),
            t.text_count("error-codename-count", "count", *count as u64),
        ),
        Refusal::Codename(CodenameError::UnknownWord(word)) => (
            t.text("error-codename-title"),
            t.text_with("error-codename-word", "word", word),
        ),
        &Refusal::TooLarge { limit } => (
            t.text("error-too-large-title"),
            t.text_with("error-too-large-body", "limit", &t.size(limit)),
        ),
        &Refusal::MessageTooLong { limit } => (
            t.text("error-message-too-long-title"),
            t.text_with("error-message-too-long-body", "limit", &t.size(limit)),
        ),
        Refusal::StorageFull => (t.text("error-full-title"), t.text("error-full-body")),
        Refusal::Busy => (t.text("error-busy-title"), t.text("error-busy-body")),
        Refusal::Malformed => (
            t.text("error-malformed-title"),
            t.text("error-malformed-body"),
        ),
        Refusal::Empty => (t.text("error-empty-title"), t.text("error-empty-body")),
        Refusal::NotFound => (
            t.text("error-not-found-title"),
            t.text("error-not-found-body"),
        ),
        Refusal::MethodNotAllowed => (t.text("error-method-title"), t.text("error-method-body")),
        Refusal::Internal => (
            t.text("error-internal-title"),
            t.text("error-internal-body"),
        ),
        Refusal::Tor2web => (t.text("tor2web-title"), t.text("tor2web-body")),
    }
}

/// A refused tip whose message the server still holds: the refusal, then
/// the form again with the message filled in (files must be chosen again,
/// and the page says so).
pub fn refused_with_form(
    ctx: &PageContext,
    refusal: Refusal,
    message: &str,
    message_limit: u64,
    tip_limit: u64,
) -> Rendered {
    let ui = ctx.ui("submit");
    let (title, reason) = title_and_reason(&ui.t, &refusal);
    let page = RefusedForm {
        title,
        reason,
        form: TipForm::new(ctx, message_limit, tip_limit, message),
        ui,
    };
    Rendered::from_template(refusal.status(), &page, &page.ui)
}

/// A byte count for people: `500 MiB`, `1 MiB`, `64 KiB`, `1.5 GiB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{:.1} {unit}", bytes as f64 / size as f64)
            };
        }
    }
    format!("{bytes} B")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The context of a page at `path` in `locale`.
    fn page_at(locale: Locale, path: &str) -> PageContext {
        PageContext {
            locale,
            path: path.to_owned(),
            branding: Arc::default(),
        }
    }

    const CODENAME: &str = "abacus abdomen abdominal abide abiding ability ablaze";

    /// Every page in every state, rendered in `locale`.
    fn every_page(locale: Locale) -> Vec<(String, Rendered)> {
        let ctx = page_at(locale, "/");
        let fingerprints = vec!["0123 4567 89ab cdef".to_owned()];
        let mut pages = vec![
            ("landing".to_owned(), landing(&ctx, &fingerprints)),
            ("submit".to_owned(), submit_form(&ctx, 1 << 20, 500 << 20)),
            ("received".to_owned(), received(&ctx, None)),
            (
                "received+codename".to_owned(),
                received(&ctx, Some(CODENAME)),
            ),
            ("confirm".to_owned(), confirm_page(&ctx, CODENAME, true)),
            (
                "confirm-mismatch".to_owned(),
                confirm_page(&ctx, CODENAME, false),
            ),
            ("codename".to_owned(), codename_page(&ctx)),
            (
                "inbox".to_owned(),
                inbox_page(&ctx, CODENAME, &[], InboxView::Plain),
            ),
            ("followup".to_owned(), followup_received(&ctx, CODENAME)),
            ("forgotten".to_owned(), forgotten_page(&ctx)),
        ];
        for r in [
            Refusal::Codename(CodenameError::WrongWordCount(6)),
            Refusal::Codename(CodenameError::UnknownWord("abacuss".into())),
        ] {
            pages.push((format!("{r:?}"), refusal(&ctx, r)));
        }
        for r in Refusal::ALL {
            pages.push((format!("{r:?}"), refusal(&ctx, r)));
        }
        pages
    }

    #[test]
    fn every_page_renders_in_every_locale_without_missing_messages() {
        for locale in Locale::ALL {
            for (name, page) in every_page(locale) {
                assert!(
                    page.missing.is_empty(),
                    "{} {name}: missing {:?}",
                    locale.tag(),
                    page.missing
                );
                let open = format!(
                    "<html lang=\"{}\" dir=\"{}\">",
                    locale.tag(),
                    locale.direction().as_str()
                );
                assert!(page.html.contains(&open), "{} {name}", locale.tag());
                assert_placeholders_filled(&page.html, locale, &name);
                assert_review_line(&page.html, locale, &name);
            }
        }
    }

    /// No Fluent variable is left unresolved (`{$limit}`, `{ $count }`)
    /// and nothing but the browser client's own `{name}` placeholders, in
    /// the `data-tipbox-*` attributes, has a brace.
    fn assert_placeholders_filled(html: &str, locale: Locale, name: &str) {
        let tag = locale.tag();
        assert!(
            !html.contains('$'),
            "{tag} {name}: a Fluent variable is unresolved"
        );
        let outside_client_texts: String = html
            .split(" data-tipbox-")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    // Drop `key="value"`, keep what follows the attribute.
                    let open = part.find('"').unwrap() + 1;
                    let close = open + part[open..].find('"').unwrap() + 1;
                    &part[close..]
                }
            })
            .collect();
        assert!(
            !outside_client_texts.contains(['{', '}']),
            "{tag} {name}: a brace outside the client texts"
        );
    }

    /// A locale without native review says so on every page, in its own
    /// language and in English, with a link to the English page; English
    /// pages carry no such line.
    fn assert_review_line(html: &str, locale: Locale, name: &str) {
        let tag = locale.tag();
        let english = CATALOG.translator(Locale::En).text("unreviewed-notice");
        if locale.language().native_review {
            assert!(!html.contains("class=\"unreviewed\""), "{tag} {name}");
            return;
        }
        let local = CATALOG.translator(locale).text("unreviewed-notice");
        let start = html
            .find("<p class=\"unreviewed\"")
            .unwrap_or_else(|| panic!("{tag} {name}: no review line"));
        let line = &html[start..start + html[start..].find("</p>").unwrap()];
        assert_eq!(html.matches("class=\"unreviewed\"").count(), 1);
        assert!(
            line.contains(&askama_escape(&local)),
            "{tag} {name}: {line}"
        );
        assert!(
            line.contains(&askama_escape(&english)),
            "{tag} {name}: {line}"
        );
        assert_ne!(local, english, "{tag}: the review line is translated");
        assert!(
            line.contains("<span lang=\"en\" dir=\"ltr\">"),
            "{tag} {name}"
        );
        assert!(
            line.contains("?l=en\" hreflang=\"en\">English</a>"),
            "{tag} {name}"
        );
    }

    /// Text as askama escapes it in element content.
    fn askama_escape(text: &str) -> String {
        text.replace('&', "&#38;")
            .replace('<', "&#60;")
            .replace('>', "&#62;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;")
    }

    #[test]
    fn wrong_word_count_refusal_uses_the_locale_plural_form_and_digits() {
        for locale in Locale::ALL {
            let ctx = page_at(locale, "/codename");
            for count in [0_usize, 1, 2, 5, 21, 101] {
                let page = refusal(
                    &ctx,
                    Refusal::Codename(CodenameError::WrongWordCount(count)),
                );
                assert!(page.missing.is_empty(), "{} {count}", locale.tag());
                let expected = CATALOG.translator(locale).text_count(
                    "error-codename-count",
                    "count",
                    count as u64,
                );
                assert!(
                    page.html.contains(&askama_escape(&expected)),
                    "{} {count}: {expected}",
                    locale.tag()
                );
                // Arabic words out 0, 1 and 2 ("two words"); from 5 on every
                // locale shows the number, in its own digits.
                if count >= 5 {
                    let digits = locale.digits(&count.to_string());
                    assert!(page.html.contains(&digits), "{} {count}", locale.tag());
                }
                assert_placeholders_filled(&page.html, locale, "codename count");
            }
        }
    }

    #[test]
    fn codename_and_its_fields_stay_left_to_right_and_untranslated_in_every_locale() {
        for locale in Locale::ALL {
            let ctx = page_at(locale, "/");
            let shown = received(&ctx, Some(CODENAME)).html;
            assert!(shown.contains(&format!(
                "<strong id=\"codename\" dir=\"ltr\" translate=\"no\">{CODENAME}</strong>"
            )));
            assert!(shown
                .contains("<textarea id=\"typed\" name=\"typed\" dir=\"ltr\" translate=\"no\""));
            let form = codename_page(&ctx).html;
            assert!(form.contains(
                "<textarea id=\"codename\" name=\"codename\" dir=\"ltr\" translate=\"no\""
            ));
        }
    }

    #[test]
    fn limits_on_the_form_and_in_refusals_are_sizes_in_the_locale() {
        for locale in Locale::ALL {
            let ctx = page_at(locale, "/");
            let form = submit_form(&ctx, 3 << 19, 500 << 20).html;
            assert!(
                form.contains(&locale.format_size(3 << 19)),
                "{}",
                locale.tag()
            );
            assert!(
                form.contains(&locale.format_size(500 << 20)),
                "{}",
                locale.tag()
            );
            let refused = refusal(&ctx, Refusal::TooLarge { limit: 3 << 29 }).html;
            assert!(
                refused.contains(&locale.format_size(3 << 29)),
                "{}",
                locale.tag()
            );
        }
        assert_eq!(Locale::Fr.format_size(3 << 19), "1,5\u{a0}Mio");
    }

    #[test]
    fn language_picker_names_every_language_in_its_own_script_without_javascript() {
        let ctx = page_at(Locale::Ug, "/");
        let html = landing(&ctx, &[]).html;
        // A native <details> disclosure: opens without any script.
        let picker = &html[html.find("<details class=\"languages\">").unwrap()..];
        let picker = &picker[..picker.find("</details>").unwrap()];
        assert!(picker.contains("<summary>"));
        for locale in Locale::ALL {
            let entry = format!(
                "hreflang=\"{tag}\" lang=\"{tag}\" dir=\"{dir}\"",
                tag = locale.tag(),
                dir = locale.direction().as_str()
            );
            assert!(picker.contains(&entry), "{entry}");
            assert!(picker.contains(locale.native_name()));
        }
        assert!(picker.contains("aria-current=\"true\">ئۇيغۇرچە</a>"));
    }

    /// The `{name}` placeholders of a browser-client text, sorted.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}'))
            .map(|(name, _)| name)
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_locale_translates_every_browser_client_text() {
        let english = Ui::new(&CATALOG, Locale::En, "/", "submit").js_texts();
        assert_eq!(
            english[1],
            (
                "progress",
                "{sent} of {total} encrypted and sent".to_owned()
            ),
            "Fluent renders the placeholders as literal braces"
        );
        for locale in Locale::ALL {
            let ui = Ui::new(&CATALOG, locale, "/", "submit");
            let texts = ui.js_texts();
            assert!(
                ui.t.missing().is_empty(),
                "{}: missing {:?}",
                locale.tag(),
                ui.t.missing()
            );
            let keys: Vec<&str> = texts.iter().map(|(key, _)| *key).collect();
            assert_eq!(keys, JS_TEXT_KEYS, "{}", locale.tag());
            for ((key, text), (_, english)) in texts.iter().zip(&english) {
                let tag = locale.tag();
                assert_eq!(
                    placeholders(text),
                    placeholders(english),
                    "{tag} js-{key}: {text}"
                );
                assert!(
                    !text.contains(['"', '\u{2068}', '\u{2069}']),
                    "{tag} js-{key} has Fluent syntax or isolation marks left: {text:?}"
                );
                if locale != Locale::En {
                    assert_ne!(text, english, "{tag} js-{key} is still English");
                }
            }
        }
    }

    /// The entries of the object literal that follows `opening` in a
    /// JavaScript source, as `(key, text)`: keys bare or quoted, texts one or
    /// more double-quoted literals joined with `+`, spreads skipped.
    fn js_object(source: &str, opening: &str) -> Vec<(String, String)> {
        let start = source.find(opening).unwrap_or_else(|| panic!("{opening}")) + opening.len();
        let body = &source[start..];
        let body = &body[..body.find("\n};").expect("the object literal ends")];
        let mut entries: Vec<(String, String)> = Vec::new();
        for line in body.lines().map(str::trim) {
            if line.is_empty() || line.starts_with("...") {
                continue;
            }
            let quoted_key = line
                .strip_prefix('"')
                .and_then(|rest| rest.split_once('"'))
                .and_then(|(key, rest)| Some((key, rest.strip_prefix(':')?)));
            let bare_key = line.split_once(':').filter(|(key, _)| {
                !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
            let rest = match quoted_key.or(bare_key) {
                Some((key, rest)) => {
                    entries.push((key.to_owned(), String::new()));
                    rest
                }
                None => line,
            };
            let (_, text) = entries.last_mut().expect("a text follows a key");
            assert!(!rest.contains('\\'), "escapes are not parsed: {rest}");
            for (index, literal) in rest.split('"').enumerate() {
                if index % 2 == 1 {
                    text.push_str(literal);
                }
            }
        }
        entries
    }

    #[test]
    fn every_browser_client_text_has_its_fluent_message() {
        let web = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/src/");
        let main = std::fs::read_to_string(format!("{web}main.js")).unwrap();
        let conversation = std::fs::read_to_string(format!("{web}conversation.js")).unwrap();
        let defaults = main
            .split_once("const DEFAULT_TEXTS = {")
            .map(|(_, rest)| &rest[..rest.find("\n};").unwrap()])
            .expect("main.js has DEFAULT_TEXTS");
        assert!(defaults.contains("...CONVERSATION_TEXTS"));
        let mut js = js_object(&main, "const DEFAULT_TEXTS = {");
        js.extend(js_object(&conversation, "export const TEXTS = {"));
        let js_keys: Vec<&str> = js.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(
            js_keys, JS_TEXT_KEYS,
            "JS_TEXT_KEYS is the JavaScript's list"
        );

        let english = Ui::new(&CATALOG, Locale::En, "/", "submit").js_texts();
        for ((key, js_text), (_, fluent)) in js.iter().zip(&english) {
            assert_eq!(
                fluent, js_text,
                "locales/en js-{key} is the JavaScript's text"
            );
        }
    }

    /// The value of the attribute `name` in `html`, unescaped.
    fn attribute<'h>(html: &'h str, name: &str) -> Option<(&'h str, String)> {
        let start = html.find(&format!(" {name}=\""))? + name.len() + 3;
        let raw = &html[start..start + html[start..].find('"')?];
        let text = raw
            .replace("&#34;", "\"")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#60;", "<")
            .replace("&lt;", "<")
            .replace("&#62;", ">")
            .replace("&gt;", ">")
            .replace("&#38;", "&")
            .replace("&amp;", "&");
        Some((raw, text))
    }

    #[test]
    fn the_forms_the_script_reads_carry_the_translated_client_texts() {
        for locale in Locale::ALL {
            let ctx = page_at(locale, "/");
            let texts = Ui::new(&CATALOG, locale, "/", "submit").js_texts();
            for (name, page) in [
                ("submit", submit_form(&ctx, 1 << 20, 500 << 20)),
                ("codename", codename_page(&ctx)),
            ] {
                // On the one form the script enhances, before its first field.
                let form = &page.html[page.html.find("<form ").unwrap()..];
                let form = &form[..form.find('>').unwrap()];
                assert_eq!(page.html.matches("<form ").count(), 1, "{name}");
                for (key, text) in &texts {
                    let (_, shown) = attribute(form, &format!("data-tipbox-{key}"))
                        .unwrap_or_else(|| panic!("{} {name}: no data-tipbox-{key}", locale.tag()));
                    assert_eq!(&shown, text, "{} {name} data-tipbox-{key}", locale.tag());
                }
            }
        }
    }

    #[test]
    fn attribute_values_are_escaped() {
        // The English write-down text has an apostrophe; askama escapes it
        // inside the attribute, and no raw quote can close the attribute early.
        let ctx = page_at(Locale::En, "/");
        let page = submit_form(&ctx, 1 << 20, 500 << 20);
        let (raw, text) = attribute(&page.html, "data-tipbox-codename-write-down").unwrap();
        assert!(text.contains("newsroom's"), "{text}");
        assert!(!raw.contains('\''), "{raw}");
        assert!(
            raw.contains("newsroom&#39;s") || raw.contains("newsroom&#x27;s"),
            "{raw}"
        );
    }

    #[test]
    fn links_from_a_deep_404_lead_back_to_the_root() {
        assert_eq!(root_prefix("/"), "./");
        assert_eq!(root_prefix("/submit"), "./");
        assert_eq!(root_prefix("/submit/"), "../");
        assert_eq!(root_prefix("/a/b/c"), "../../");
    }

    #[test]
    fn link_prefix_does_not_grow_with_a_hostile_path() {
        let path = "/x".repeat(10_000);
        assert_eq!(root_prefix(&path), "../".repeat(MAX_LINK_DEPTH));
    }

    #[test]
    fn template_escapes_what_it_shows() {
        // A fingerprint is ours, but the escaping must hold for anything shown.
        let ctx = page_at(Locale::En, "/");
        let page = landing(&ctx, &["<script>x</script>".to_owned()]);
        assert!(!page.html.contains("<script>"));
        assert!(page.html.contains("&#60;script&#62;") || page.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(500 << 20), "500 MiB");
        assert_eq!(human_size(1 << 20), "1 MiB");
        assert_eq!(human_size(3 << 29), "1.5 GiB");
        assert_eq!(human_size(12), "12 B");
    }
}
