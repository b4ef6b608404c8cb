//! The source pages over HTTP: every locale, every page, the language
//! picker, relative links only, no inline script or style, the Tor2web page.
use tipbox::server::i18n::Locale;

use crate::helpers::TestApp;

/// The values of every `name="…"` attribute in `html`.
fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            &rest[..rest.find('"').expect("attribute value is closed")]
        })
        .collect()
}

/// Whether `html` has an inline event handler such as ` onclick="`.
fn has_event_handler(html: &str) -> bool {
    html.match_indices(" on").any(|(at, _)| {
        let rest = &html[at + 3..];
        let letters = rest.bytes().take_while(u8::is_ascii_lowercase).count();
        letters > 0 && rest[letters..].starts_with("=\"")
    })
}

/// Asserts what every source page must be, whatever its content.
fn assert_page_is_well_behaved(html: &str, locale: Locale, what: &str) {
    let tag = locale.tag();
    // Which locales are right-to-left is the lib test
    // `right_to_left_locales_are_persian_arabic_uyghur_urdu_and_pashto`'s.
    let dir = locale.direction().as_str();
    assert!(
        html.contains(&format!("<html lang=\"{tag}\" dir=\"{dir}\">")),
        "{what} in {tag}: lang/dir missing"
    );
    // No inline script or style: the CSP forbids them, so they would break.
    // The one script allowed is the browser client, from /static/.
    let without_client = html.replace(
        &format!(
            "<script src=\"{}static/tipbox.js\" defer></script>",
            relative_prefix(html)
        ),
        "",
    );
    assert!(
        !without_client.contains("<script"),
        "{what} in {tag}: script element"
    );
    assert!(!html.contains("<style"), "{what} in {tag}: style element");
    assert!(
        !html.contains(" style="),
        "{what} in {tag}: style attribute"
    );
    assert!(
        !has_event_handler(html),
        "{what} in {tag}: event handler attribute"
    );
    // Every link, resource and form target is relative: the server must work
    // under any onion address without knowing it.
    for attribute in ["href", "src", "action"] {
        for value in attribute_values(html, attribute) {
            let relative = !value.starts_with('/')
                && !value.contains("://")
                && !value.to_ascii_lowercase().starts_with("javascript:");
            assert!(
                relative,
                "{what} in {tag}: {attribute}={value:?} is not relative"
            );
        }
    }
    // The language picker, on every page.
    for other in Locale::ALL {
        assert!(
            html.contains(&format!(
                "?l={}\" hreflang=\"{}\"",
                other.tag(),
                other.tag()
            )),
            "{what} in {tag}: picker lacks {}",
            other.tag()
        );
    }
    // A locale not yet reviewed by a native speaker (locales/STATUS.md;
    // all but English) says so on its pages and links to the English page.
    let unreviewed = !locale.language().native_review;
    assert_eq!(
        html.contains("<p class=\"unreviewed\" id=\"unreviewed\">"),
        unreviewed,
        "{what} in {tag}: review line"
    );
    if unreviewed {
        assert!(
            html.contains("?l=en\" hreflang=\"en\">English</a>"),
            "{what} in {tag}: review line links to English"
        );
    }
    // A message missing from a locale would show its English text; the
    // lib test `every_page_renders_in_every_locale_without_missing_messages`
    // checks that on every page state; here we check the server logged none.
    assert!(
        !crate::helpers::captured_log().contains("missing translation"),
        "{what} in {tag}: a translation was missing"
    );
}

#[tokio::test]
async fn every_locale_renders_every_page() {
    // Arrange
    let app = TestApp::spawn().await;
    for locale in Locale::ALL {
        let l = locale.tag();
        for (path, status) in [
            (format!("/?l={l}"), 200),
            (format!("/submit?l={l}"), 200),
            (format!("/no/such/page?l={l}"), 404),
        ] {
            // Act
            let response = app.get(&path).await;

            // Assert
            assert_eq!(response.status().as_u16(), status, "{path}");
            assert_eq!(
                response.headers()["content-type"],
                "text/html; charset=utf-8",
                "{path}"
            );
            assert!(response.headers().get("set-cookie").is_none(), "{path}");
            let html = response.text().await.unwrap();
            assert_page_is_well_behaved(&html, locale, &path);
        }
    }
}

#[tokio::test]
async fn unknown_language_falls_back_to_english_and_accept_language_is_ignored() {
    let app = TestApp::spawn().await;

    let unknown = app.get("/?l=xx").await.text().await.unwrap();
    let with_header = app
        .client
        .get(format!("{}/", app.address))
        .header("accept-language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    assert!(unknown.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(with_header.contains("<html lang=\"en\" dir=\"ltr\">"));
}

#[tokio::test]
async fn landing_page_shows_every_newsroom_key_fingerprint() {
    let app = TestApp::spawn().await;

    let html = app.get("/").await.text().await.unwrap();

    for recipient in &app.recipients {
        assert!(html.contains(&recipient.fingerprint()));
    }
}

#[tokio::test]
async fn submit_form_posts_multipart_to_a_relative_action_in_the_same_language() {
    let app = TestApp::spawn().await;

    let html = app.get("/submit?l=ar").await.text().await.unwrap();

    assert!(html.contains("action=\"./submit?l=ar\""));
    assert!(html.contains("enctype=\"multipart/form-data\""));
    assert!(html.contains("name=\"message\""));
    assert!(html.matches("name=\"file\"").count() >= 2);
    // Every form control has a label.
    let controls: Vec<&str> = attribute_values(&html, "id")
        .into_iter()
        .filter(|id| {
            html.contains(&format!("<textarea id=\"{id}\""))
                || html.contains(&format!("<input type=\"file\" id=\"{id}\""))
        })
        .collect();
    assert_eq!(controls.len(), 4, "a message box and three file inputs");
    for id in controls {
        assert!(
            html.contains(&format!("<label for=\"{id}\">")),
            "{id} has no label"
        );
    }
}

#[tokio::test]
async fn the_script_gets_its_texts_in_the_page_language() {
    let app = TestApp::spawn().await;

    for path in ["/submit?l=fa", "/codename?l=fa"] {
        let html = app.get(path).await.text().await.unwrap();
        // On the form the script enhances (the only form on these pages).
        let form = &html[html.find("<form ").unwrap()..];
        let form = &form[..form.find('>').unwrap()];
        let preparing = attribute_values(form, "data-tipbox-preparing");
        assert_eq!(preparing.len(), 1, "{path}");
        assert!(
            preparing[0]
                .chars()
                .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
            "{path}: {}",
            preparing[0]
        );
        let progress = attribute_values(form, "data-tipbox-progress");
        assert!(
            progress[0].contains("{sent}") && progress[0].contains("{total}"),
            "{path}: the script fills the placeholders"
        );
        assert_eq!(attribute_values(form, "data-tipbox-inbox-failed").len(), 1);
    }
}

#[tokio::test]
async fn deep_404_links_climb_back_to_the_root() {
    let app = TestApp::spawn().await;

    let html = app.get("/a/b/c?l=ru").await.text().await.unwrap();

    assert!(html.contains("href=\"../../static/tipbox.css\""));
    assert!(html.contains("href=\"../../?l=fa\""));
}

#[tokio::test]
async fn stylesheet_is_served_as_css() {
    let app = TestApp::spawn().await;

    let response = app.get("/static/tipbox.css").await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/css; charset=utf-8"
    );
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("margin-inline-start"));
}

#[tokio::test]
async fn wordlist_is_served_as_the_browser_client_expects_it() {
    let app = TestApp::spawn().await;

    let response = app.get("/static/wordlist.txt").await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
    let body = response.bytes().await.unwrap();
    // The page refuses any list whose SHA-256 is not the one built into it.
    let script = std::fs::read_to_string("web/src/codename.js").unwrap();
    let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&body));
    assert!(
        script.contains(&format!("WORDLIST_SHA256 = \"{digest}\"")),
        "web/src/codename.js expects another wordlist than the server serves"
    );
    assert_eq!(
        body.split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count(),
        7776
    );
}

#[tokio::test]
async fn head_is_answered_without_a_body() {
    let app = TestApp::spawn().await;

    let response = app.request(reqwest::Method::HEAD, "/submit").await;

    assert_eq!(response.status().as_u16(), 200);
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn post_to_a_page_that_takes_none_gets_a_localised_405_page() {
    let app = TestApp::spawn().await;

    let response = app.request(reqwest::Method::POST, "/?l=zh-TW").await;

    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "GET, HEAD");
    let html = response.text().await.unwrap();
    assert_page_is_well_behaved(&html, Locale::ZhTw, "405");
}

#[tokio::test]
async fn tor2web_requests_get_the_use_tor_browser_page_not_the_form() {
    let app = TestApp::spawn().await;

    for (method, path) in [
        (reqwest::Method::GET, "/?l=es"),
        (reqwest::Method::GET, "/submit?l=es"),
        (reqwest::Method::POST, "/submit?l=es"),
    ] {
        let response = app
            .client
            .request(method, format!("{}{path}", app.address))
            .header("x-tor2web", "encrypted")
            .send()
            .await
            .unwrap();

        assert_eq!(response.status().as_u16(), 403, "{path}");
        assert!(response.headers().get("content-security-policy").is_some());
        let html = response.text().await.unwrap();
        assert_page_is_well_behaved(&html, Locale::Es, "tor2web");
        assert!(html.contains("Tor2web"));
        assert!(
            !html.contains("<form"),
            "{path}: the form must not be offered"
        );
    }
    assert!(app.store.list().unwrap().is_empty());
}

/// The relative prefix a page uses for its stylesheet (`./`, `../`, …).
fn relative_prefix(html: &str) -> &str {
    let start = html
        .find("<link rel=\"stylesheet\" href=\"")
        .map(|i| i + "<link rel=\"stylesheet\" href=\"".len())
        .expect("every page links its stylesheet");
    let end = html[start..]
        .find("static/tipbox.css")
        .expect("the stylesheet")
        + start;
    &html[start..end]
}

// --- the newsroom's name, description and logo (issue 14, item 10) -------------

/// A PNG of one pixel.
const ONE_PIXEL_PNG: &str = "89504e470d0a1a0a0000000d4948445200000001000000010806000000\
                             1f15c4890000000d49444154789c636060f80f0000010100005b58c2e30000000049454e44ae426082";

#[tokio::test]
async fn every_page_names_the_newsroom_in_its_header_and_title_escaped() {
    let app = TestApp::spawn_with(|settings| {
        settings.newsroom.name = "<b>Daily & Co</b>".into();
        settings.newsroom.description = "Tips for the \"Daily\"".into();
    })
    .await;

    for path in ["/", "/submit", "/no-such-page", "/?l=fa"] {
        let html = app.get(path).await.text().await.unwrap();

        // askama escapes with numeric references.
        let escaped = "&#60;b&#62;Daily &#38; Co&#60;/b&#62;";
        assert!(
            html.contains(&format!(" · {escaped}</title>")),
            "{path}: {html}"
        );
        assert!(
            html.contains(&format!("<bdi>{escaped}</bdi></a>")),
            "{path}"
        );
        assert!(
            html.contains("<p class=\"tagline\"><bdi>Tips for the &#34;Daily&#34;</bdi></p>"),
            "{path}"
        );
        assert!(
            !html.contains("<b>Daily"),
            "{path}: the name reached the page unescaped"
        );
        assert!(!html.contains("Secure tip box"), "{path}");
        assert!(!html.contains("static/logo"), "{path}: no logo configured");
    }
}

#[tokio::test]
async fn without_a_name_the_pages_say_secure_tip_box() {
    let app = TestApp::spawn().await;

    let html = app.get("/").await.text().await.unwrap();

    assert!(html.contains(" · Secure tip box</title>"), "{html}");
    assert!(html.contains("<bdi>Secure tip box</bdi></a>"), "{html}");
    assert!(!html.contains("class=\"tagline\""));
    assert_eq!(app.get("/static/logo").await.status().as_u16(), 404);
}

#[tokio::test]
async fn the_logo_is_served_from_the_same_origin_under_the_same_policy() {
    let dir = tempfile::tempdir().unwrap();
    let logo = dir.path().join("logo.png");
    let png = hex::decode(ONE_PIXEL_PNG).unwrap();
    std::fs::write(&logo, &png).unwrap();
    let app = TestApp::spawn_with(|settings| {
        settings.newsroom.name = "Daily".into();
        settings.newsroom.logo = logo.clone();
    })
    .await;

    let page = app.get("/submit").await;
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = page.text().await.unwrap();
    let served = app.get("/static/logo").await;

    assert!(
        html.contains("<img src=\"./static/logo\" alt=\"\"><bdi>Daily</bdi>"),
        "{html}"
    );
    assert!(csp.contains("img-src 'self'"), "{csp}");
    assert_eq!(served.status().as_u16(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), png.as_slice());
}

#[tokio::test]
async fn an_svg_or_a_heavy_logo_stops_the_start_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("logo.svg");
    std::fs::write(
        &svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
    )
    .unwrap();
    let heavy = dir.path().join("heavy.png");
    let mut big = hex::decode(ONE_PIXEL_PNG).unwrap();
    big.resize(tipbox::server::branding::MAX_LOGO_BYTES + 1, 0);
    std::fs::write(&heavy, big).unwrap();

    for (logo, expected) in [
        (svg, "is not a PNG, JPEG or WebP"),
        (heavy, "bytes: make it at most"),
    ] {
        let data = tempfile::tempdir().unwrap();
        let mut settings = crate::helpers::test_settings(data.path(), "t");
        settings.newsroom.recipients = vec![tipbox::envelope::Identity::generate().to_public()];
        settings.newsroom.logo = logo;

        let err = tipbox::server::Application::build(settings)
            .await
            .err()
            .expect("refused")
            .to_string();

        assert!(err.contains(expected), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}
