//! Security headers on every kind of response, on both listeners.
use reqwest::Method;
use tipbox::server::headers::{FIXED_DATE, SECURITY_HEADERS};

use crate::helpers::TestApp;

fn assert_secure(response: &reqwest::Response, what: &str) {
    let headers = response.headers();
    for (name, value) in SECURITY_HEADERS {
        assert_eq!(
            headers.get(name).map(|v| v.to_str().unwrap()),
            Some(value),
            "{what}: header {name}"
        );
    }
    assert!(headers.get("server").is_none(), "{what}: Server banner");
    assert!(headers.get("set-cookie").is_none(), "{what}: Set-Cookie");
    // The server's clock (and so its skew, which fingerprints an onion
    // service) never reaches a client: one constant Date, never today's.
    let dates: Vec<_> = headers.get_all("date").iter().collect();
    assert_eq!(dates, [FIXED_DATE], "{what}: Date");
}

#[test]
fn csp_is_the_designed_policy() {
    let csp = SECURITY_HEADERS[0];
    assert_eq!(csp.0, "content-security-policy");
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.1.contains(directive), "missing {directive}");
    }
}

#[tokio::test]
async fn every_source_response_kind_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let tip = app.encrypt(b"a tip");
    let cases = [
        (Method::GET, "/", "landing page"),
        (Method::GET, "/submit", "submit page"),
        (Method::GET, "/static/tipbox.css", "static file"),
        (Method::GET, "/api/v1/recipients", "API answer"),
        (Method::HEAD, "/api/v1/recipients", "HEAD"),
        (Method::GET, "/no/such/page", "404"),
        (Method::GET, "/api/v1/tips", "405 on a known path"),
        (Method::PUT, "/", "405 for a method not served"),
        (Method::OPTIONS, "/api/v1/recipients", "OPTIONS"),
    ];
    for (method, path, what) in cases {
        let response = app.request(method, path).await;
        assert_secure(&response, what);
    }
    let accepted = app.post_tip(tip).await;
    assert_eq!(accepted.status().as_u16(), 201);
    assert_secure(&accepted, "201");
    let refused = app.post_tip(b"garbage".to_vec()).await;
    assert_eq!(refused.status().as_u16(), 400);
    assert_secure(&refused, "400");
}

#[tokio::test]
async fn forms_with_plaintext_or_a_codename_close_the_connection() {
    // `server::wiped::forget_request`: the connection's buffers hold the
    // form and the page; closing it frees (and so zeroes) them at once.
    let app = TestApp::spawn().await;
    let forms = [
        "/submit",
        "/codename/confirm",
        "/inbox",
        "/inbox/delete",
        "/inbox/file",
        "/inbox/forget",
    ];
    for path in forms {
        let response = app
            .client
            .post(format!("{}{path}", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("codename=one+two")
            .send()
            .await
            .unwrap();
        let connection = response.headers().get("connection");
        assert_eq!(
            connection.map(|v| v.as_bytes()),
            Some(&b"close"[..]),
            "{path}"
        );
    }
    // Pages without either keep the connection.
    let page = app.get("/submit").await;
    assert!(page.headers().get("connection").is_none());
}

#[tokio::test]
async fn methods_other_than_get_head_post_get_405() {
    let app = TestApp::spawn().await;
    for method in [Method::PUT, Method::DELETE, Method::PATCH, Method::OPTIONS] {
        let response = app.request(method.clone(), "/api/v1/recipients").await;
        assert_eq!(response.status().as_u16(), 405, "{method}");
    }
}

#[tokio::test]
async fn head_is_answered_like_get_without_a_body() {
    let app = TestApp::spawn().await;

    let response = app.request(Method::HEAD, "/api/v1/recipients").await;

    assert_eq!(response.status().as_u16(), 200);
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn every_newsroom_response_kind_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let token = app.token.clone();
    let cases = [
        (Method::GET, "/v1/tips", None, "401"),
        (Method::GET, "/v1/tips", Some(token.as_str()), "list"),
        (Method::GET, "/v1/export", Some(token.as_str()), "export"),
        (Method::DELETE, "/v1/tips/zz", Some(token.as_str()), "400"),
        (Method::GET, "/v1/nothing", Some(token.as_str()), "404"),
        (Method::PUT, "/v1/tips", Some(token.as_str()), "405"),
    ];
    for (method, path, token, what) in cases {
        let response = app.newsroom(method, path, token).await;
        assert_secure(&response, what);
    }
}
