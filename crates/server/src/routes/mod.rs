//! The two listeners' applications.
//!
//! - [`source_app`]: what sources reach through the source onion service:
//!   the pages ([`source`]), the ciphertext API ([`api`]) and the mailbox
//!   API ([`mailbox`]).
//! - [`newsroom_app`]: the newsroom API ([`newsroom`]) on its own listener,
//!   behind a bearer token.
//!
//! The security headers wrap everything else (the last `wrap` is the
//! outermost), so that the Tor2web refusal and every error carry them too.
pub mod api;
pub mod conversation;
pub mod mailbox;
pub mod newsroom;
pub mod source;
pub mod uploads;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{web, App, Error};

use super::headers;
use super::state::{AppState, NewsroomState};

/// The source listener's application.
pub fn source_app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .wrap(from_fn(source::reject_tor2web))
        .wrap(from_fn(headers::source_headers))
        .configure(api::configure)
        .configure(mailbox::configure)
        .configure(conversation::configure)
        .configure(uploads::configure)
        .configure(source::configure)
}

/// The newsroom listener's application: every request needs a valid token.
pub fn newsroom_app(
    state: web::Data<NewsroomState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .wrap(from_fn(newsroom::require_token))
        .wrap(from_fn(headers::newsroom_headers))
        .configure(newsroom::configure)
}
