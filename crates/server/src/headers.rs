//! Security headers and the method allow-list, applied to every response of
//! a listener: pages, API answers, static files, errors, 404 and 405.
//!
//! What each header stops:
//! - `Content-Security-Policy`: injected or external scripts, styles, frames
//!   and form targets (`default-src 'none'`, `'self'` only where needed), so
//!   a page can load nothing that would reach outside the onion service.
//! - `Referrer-Policy: no-referrer`: the onion address leaking to links.
//! - `Cache-Control: no-store`: a copy of a page or answer on a shared or
//!   seized computer's disk.
//! - `X-Content-Type-Options: nosniff`: uploaded bytes being run as script.
//! - `Cross-Origin-*-Policy`: other sites embedding or opening our pages.
//!   COEP has no `same-origin` value; `require-corp` is its strict setting.
//! - No `Server` banner, and `Set-Cookie` is stripped: nothing to fingerprint
//!   the software by and nothing that ties two visits together.
//! - No clock: the `Date` header would give the server's clock skew, which
//!   fingerprints an onion service across addresses. actix-http writes the
//!   current date on every answer that has none, so the answer carries a
//!   constant one instead ([`FIXED_DATE`]). Answers actix-http makes before
//!   a request reaches this middleware (a malformed request line, a head
//!   that timed out) still carry the real date: a documented residual.
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; \
    frame-ancestors 'none'; base-uri 'none'";

/// The headers every response carries, name and value.
pub const SECURITY_HEADERS: [(&str, &str); 8] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("referrer-policy", "no-referrer"),
    ("cache-control", "no-store"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-embedder-policy", "require-corp"),
    ("cross-origin-resource-policy", "same-origin"),
];

/// The `Date` every answer carries: the epoch, the same on every server.
pub const FIXED_DATE: &str = "Thu, 01 Jan 1970 00:00:00 GMT";

/// Source listener: GET, HEAD, POST.
pub async fn source_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    secure(req, next, &[Method::GET, Method::HEAD, Method::POST]).await
}

/// Newsroom listener: GET, HEAD, POST, DELETE.
pub async fn newsroom_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    secure(
        req,
        next,
        &[Method::GET, Method::HEAD, Method::POST, Method::DELETE],
    )
    .await
}

async fn secure(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    allowed: &[Method],
) -> Result<ServiceResponse<BoxBody>, Error> {
    let mut res = if !allowed.contains(req.method()) {
        let allow = allowed
            .iter()
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let answer = HttpResponse::build(StatusCode::METHOD_NOT_ALLOWED)
            .insert_header((header::ALLOW, allow))
            .json(serde_json::json!({ "error": "method not allowed" }));
        req.into_response(answer)
    } else {
        // HEAD is answered as GET; actix-http drops the body of a HEAD
        // answer because it remembers the method the client sent.
        if req.method() == Method::HEAD {
            req.head_mut().method = Method::GET;
        }
        // Handlers' and extractors' errors arrive here already turned into
        // responses (actix's handler service does that), so they get the
        // headers below; no middleware inside this one returns `Err`.
        next.call(req).await?.map_into_boxed_body()
    };
    let headers = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    headers.insert(header::DATE, HeaderValue::from_static(FIXED_DATE));
    headers.remove(header::SERVER);
    headers.remove(header::SET_COOKIE);
    Ok(res)
}
