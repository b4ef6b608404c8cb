//! The source pages' routes: `GET /`, `GET /submit`, `POST /submit` (the
//! no-JavaScript path, see [`crate::nojs`]), `/static/tipbox.css`,
//! `/static/tipbox.js` (the browser client, `web/`), `/static/wordlist.txt`
//! (the codename wordlist the browser client generates codenames from),
//! the localised 404 for everything else, and the Tor2web refusal.
//!
//! The security-headers middleware turns away methods other than GET, HEAD
//! and POST, and answers HEAD as GET (without the body); a method a page
//! does not take (POST on `/`) gets the localised 405 page here. The
//! language comes from `?l=` only.
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, Error, HttpRequest, HttpResponse};

use crate::nojs::{self, Conversation, Refused, MAX_MESSAGE_BYTES};
use crate::pages::{self, PageContext, Refusal, BROWSER_CLIENT, STYLESHEET};
use crate::state::AppState;
use crate::wiped;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/")
            .route(web::get().to(landing))
            .default_service(web::to(|req| method_not_allowed(req, "GET, HEAD"))),
    )
    .service(
        web::resource("/submit")
            // The form and the page with a codename: buffers freed (and so
            // zeroed) after the answer, the stack scrubbed.
            .wrap(from_fn(wiped::forget_request))
            .route(web::get().to(submit_form))
            .route(web::post().to(submit))
            .default_service(web::to(|req| method_not_allowed(req, "GET, HEAD, POST"))),
    )
    .service(
        web::resource("/static/tipbox.css")
            .route(web::get().to(stylesheet))
            .default_service(web::to(|req| method_not_allowed(req, "GET, HEAD"))),
    )
    .service(
        web::resource("/static/logo")
            .route(web::get().to(logo))
            .default_service(web::to(|req| method_not_allowed(req, "GET, HEAD"))),
    )
    .service(
        web::resource("/static/tipbox.js")
            .route(web::get().to(browser_client))
            .default_service(web::to(|req| method_not_allowed(req, "GET, HEAD"))),
    )
    .service(
        web::resource("/static/wordlist.txt")
            .route(web::get().to(wordlist))
            .default_service(web::to(|req| method_not_allowed(req, "GET, HEAD"))),
    )
    .default_service(web::to(not_found));
}

/// `GET /`: what to expect, how tips are protected, the key fingerprints.
async fn landing(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let fingerprints: Vec<String> = state.recipients.iter().map(|r| r.fingerprint()).collect();
    pages::landing(&PageContext::from_request(&req), &fingerprints).into_response()
}

/// `GET /submit`: the form.
async fn submit_form(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    pages::submit_form(
        &PageContext::from_request(&req),
        MAX_MESSAGE_BYTES,
        state.limits.max_tip_bytes,
    )
    .into_response()
}

/// `POST /submit`: seal and store the form, then confirm or refuse.
async fn submit(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    let ctx = PageContext::from_request(&req);
    let page = match nojs::receive(&req, payload, &state, ctx.locale).await {
        Ok(received) => match &received.conversation {
            Conversation::None => pages::received(&ctx, None),
            Conversation::Started(codename) => pages::received(&ctx, Some(codename.as_str())),
            Conversation::FollowedUp(codename) => pages::followup_received(&ctx, codename.as_str()),
        },
        // A source whose tip was refused gets back the message they typed.
        Err(Refused {
            refusal,
            message: Some(message),
        }) if refusal.ends_submission() => pages::refused_with_form(
            &ctx,
            refusal,
            &message,
            MAX_MESSAGE_BYTES,
            state.limits.max_tip_bytes,
        ),
        Err(refused) => pages::refusal(&ctx, refused.refusal),
    };
    page.into_response()
}

async fn browser_client() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .body(BROWSER_CLIENT)
}

/// The EFF large wordlist exactly as in `crates/core/src/conversation/`
/// (lines `11111\tabacus`). The browser client fetches it rather than
/// carrying it (it would double the bundle) and checks its SHA-256 against
/// the value built into the script.
const WORDLIST: &str = include_str!("../../../core/src/conversation/eff_large_wordlist.txt");

async fn wordlist() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(WORDLIST)
}

async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .body(STYLESHEET)
}

/// `GET /static/logo`: `[newsroom] logo`, as read at start-up (404 without one).
async fn logo(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    match &state.branding.logo {
        Some(logo) => HttpResponse::Ok()
            .content_type(logo.content_type)
            .body(logo.bytes.clone()),
        None => not_found(req).await,
    }
}

async fn not_found(req: HttpRequest) -> HttpResponse {
    pages::refusal(&PageContext::from_request(&req), Refusal::NotFound).into_response()
}

async fn method_not_allowed(req: HttpRequest, allowed: &'static str) -> HttpResponse {
    let mut response =
        pages::refusal(&PageContext::from_request(&req), Refusal::MethodNotAllowed).into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static(allowed));
    response
}

/// Requests that carry `X-Tor2web` came through a gateway that sees (and can
/// log or alter) everything the source sends and knows their IP address. They
/// get a page explaining why to use Tor Browser instead, never the form.
pub async fn reject_tor2web(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    if req.headers().contains_key("x-tor2web") {
        let page = pages::refusal(&PageContext::from_request(req.request()), Refusal::Tor2web);
        return Ok(req
            .into_response(page.into_response())
            .map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}
