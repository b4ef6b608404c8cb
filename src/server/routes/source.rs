//! Source pages (owned by S-pages; this stub keeps the tree compiling until
//! the real pages land).
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, Error};

pub fn configure(_cfg: &mut web::ServiceConfig) {}

/// Placeholder: passes every request through.
pub async fn reject_tor2web(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    next.call(req).await
}
