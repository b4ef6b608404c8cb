//! The no-JavaScript conversation pages (JavaScript on, the page does all
//! of this itself through the mailbox API, `mailbox`).
//!
//! - `GET /codename`: "I have a codename".
//! - `POST /codename/confirm` (`codename`, `typed`): the confirmation step.
//! - `POST /inbox` (`codename`): the replies, decrypted in memory.
//! - `POST /inbox/delete` (`codename`, `reply`): delete one reply.
//! - `POST /inbox/file` (`codename`, `reply`, `file`): one attachment, as a download.
//! - `POST /inbox/forget` (`codename`, `confirm`): delete the mailbox.
//!
//! Without JavaScript the server must see the codename: it checks it (a
//! clear refusal before any lookup), derives the keys under the KDF
//! semaphore, uses them for this one request and drops them (zeroized).
//! Nothing about the codename, token or mailbox is logged. Every lookup
//! passes the [`Pacer`](crate::pacing::Pacer).
use std::io::Read;

use actix_web::http::header;
use actix_web::middleware::from_fn;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use zeroize::{Zeroize, Zeroizing};

use crate::logging::{self, Event};
use crate::nojs::derive_keys;
use crate::pages::{self, InboxReply, InboxView, PageContext, Refusal};
use crate::state::AppState;
use crate::wiped;
use tipbox_core::bundle::ReplyId;
use tipbox_core::conversation::{Codename, DerivedKeys};
use tipbox_core::envelope::{Decryptor, Identity};
use tipbox_core::tip::TipMeta;

/// Form bodies here hold a codename and two short values.
const MAX_FORM_BYTES: usize = 4096;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let small = || web::FormConfig::default().limit(MAX_FORM_BYTES);
    // Every form here carries a codename, and the inbox pages replies: the
    // connection's buffers are freed (and so zeroed) after the answer, the
    // stack they were parsed and rendered on is scrubbed.
    let wipe = || from_fn(wiped::forget_request);
    cfg.service(web::resource("/codename").route(web::get().to(codename_page)))
        .service(
            web::resource("/codename/confirm")
                .app_data(small())
                .wrap(wipe())
                .route(web::post().to(confirm)),
        )
        .service(
            web::resource("/inbox")
                .app_data(small())
                .wrap(wipe())
                .route(web::post().to(inbox)),
        )
        .service(
            web::resource("/inbox/delete")
                .app_data(small())
                .wrap(wipe())
                .route(web::post().to(delete_reply)),
        )
        .service(
            web::resource("/inbox/file")
                .app_data(small())
                .wrap(wipe())
                .route(web::post().to(download)),
        )
        .service(
            web::resource("/inbox/forget")
                .app_data(small())
                .wrap(wipe())
                .route(web::post().to(forget)),
        );
}

#[derive(Deserialize)]
struct ConfirmForm {
    codename: String,
    typed: String,
}

#[derive(Deserialize)]
struct InboxForm {
    codename: String,
    reply: Option<String>,
    file: Option<usize>,
    confirm: Option<String>,
}

// The codename text is wiped when the request is done with it.
impl Drop for ConfirmForm {
    fn drop(&mut self) {
        self.codename.zeroize();
        self.typed.zeroize();
    }
}

impl Drop for InboxForm {
    fn drop(&mut self) {
        self.codename.zeroize();
    }
}

async fn codename_page(req: HttpRequest) -> HttpResponse {
    pages::codename_page(&PageContext::from_request(&req)).into_response()
}

/// `POST /codename/confirm`: no lookup, no KDF: the two texts are compared
/// after normalisation.
async fn confirm(req: HttpRequest, form: web::Form<ConfirmForm>) -> HttpResponse {
    let ctx = PageContext::from_request(&req);
    let shown = match Codename::parse(&form.codename) {
        Ok(codename) => codename,
        Err(err) => return pages::refusal(&ctx, Refusal::Codename(err)).into_response(),
    };
    let confirmed = Codename::parse(&form.typed).is_ok_and(|typed| typed == shown);
    pages::confirm_page(&ctx, shown.as_str(), confirmed).into_response()
}

/// Checks and derives the codename of a form, or the page that refuses it.
async fn keys_for(
    ctx: &PageContext,
    state: &AppState,
    typed: &str,
) -> Result<(Codename, DerivedKeys), HttpResponse> {
    let codename = Codename::parse(typed)
        .map_err(|err| pages::refusal(ctx, Refusal::Codename(err)).into_response())?;
    let keys = derive_keys(state, &codename)
        .await
        .map_err(|refusal| pages::refusal(ctx, refusal).into_response())?;
    Ok((codename, keys))
}

fn internal(ctx: &PageContext) -> HttpResponse {
    pages::refusal(ctx, Refusal::Internal).into_response()
}

/// Lists and decrypts the mailbox's replies, paced like every lookup.
async fn load_replies(
    state: &AppState,
    keys: &DerivedKeys,
) -> Result<Vec<(InboxReply, Vec<Vec<u8>>)>, ()> {
    let lookup = state.pacer.start();
    let store = state.store.clone();
    let mailbox = keys.mailbox();
    let identities = keys.reply_identities();
    let loaded = web::block(move || -> Result<_, crate::store::StoreError> {
        // Decrypting leaves pieces of the replies in this thread's stack.
        let _scrub = wiped::ScrubStackOnDrop;
        let known = store.mailbox_exists(&mailbox)?;
        let mut replies = Vec::new();
        for record in store.replies(&mailbox)? {
            let Some(ciphertext) = store.reply(&mailbox, &record.id)? else {
                continue; // deleted since the listing
            };
            let Some((message, files)) = open_reply(&ciphertext, &identities) else {
                // Counted for the hourly report, never a line of its own
                // (its time would date the source's visit).
                logging::count(Event::UnreadableReply);
                replies.push((
                    InboxReply {
                        id: record.id.to_string(),
                        created: record.created,
                        message: String::new(),
                        files: Vec::new(),
                        unreadable: true,
                    },
                    Vec::new(),
                ));
                continue;
            };
            replies.push((
                InboxReply {
                    id: record.id.to_string(),
                    created: record.created,
                    message: message.message.clone(),
                    files: message.attachments.iter().map(|a| a.name.clone()).collect(),
                    unreadable: false,
                },
                files,
            ));
        }
        Ok((known, replies))
    })
    .await;
    let (known, replies) = match loaded {
        Ok(Ok(found)) => found,
        Ok(Err(err)) => {
            logging::count_failure(Event::StoreFailed, &err);
            lookup.finish(true).await;
            return Err(());
        }
        Err(_) => {
            lookup.finish(true).await;
            return Err(());
        }
    };
    lookup.finish(!known).await;
    Ok(replies)
}

/// Decrypts a reply in memory and reads its container with the core's strict
/// tar layer: `tip.json`, then the attachments in the order it lists them.
/// Replies are bounded by `limits.max_reply_bytes`, so holding one in memory
/// is bounded too.
fn open_reply(ciphertext: &[u8], identities: &[Identity]) -> Option<(TipMeta, Vec<Vec<u8>>)> {
    let mut plaintext = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    Decryptor::new(ciphertext, identities)
        .ok()?
        .read_to_end(&mut plaintext)
        .ok()?;
    tipbox_core::tip::read_in_memory(&plaintext)
}

async fn render_inbox(
    ctx: &PageContext,
    state: &AppState,
    codename: &Codename,
    keys: &DerivedKeys,
    view: InboxView,
) -> HttpResponse {
    match load_replies(state, keys).await {
        Ok(replies) => {
            let shown: Vec<InboxReply> = replies.into_iter().map(|(reply, _)| reply).collect();
            pages::inbox_page(ctx, codename.as_str(), &shown, view).into_response()
        }
        Err(()) => internal(ctx),
    }
}

/// `POST /inbox`.
async fn inbox(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<InboxForm>,
) -> HttpResponse {
    let ctx = PageContext::from_request(&req);
    let (codename, keys) = match keys_for(&ctx, &state, &form.codename).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    render_inbox(&ctx, &state, &codename, &keys, InboxView::Plain).await
}

/// `POST /inbox/delete`: the same page whether or not the reply existed.
async fn delete_reply(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<InboxForm>,
) -> HttpResponse {
    let ctx = PageContext::from_request(&req);
    let (codename, keys) = match keys_for(&ctx, &state, &form.codename).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let Some(id) = form
        .reply
        .as_deref()
        .and_then(|id| id.parse::<ReplyId>().ok())
    else {
        return pages::refusal(&ctx, Refusal::Malformed).into_response();
    };
    let store = state.store.clone();
    let mailbox = keys.mailbox();
    if !matches!(
        web::block(move || store.delete_reply(&mailbox, &id)).await,
        Ok(Ok(()))
    ) {
        return internal(&ctx);
    }
    render_inbox(&ctx, &state, &codename, &keys, InboxView::ReplyDeleted).await
}

/// `POST /inbox/file`: one attachment of one reply, as a download.
async fn download(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<InboxForm>,
) -> HttpResponse {
    let ctx = PageContext::from_request(&req);
    let (_, keys) = match keys_for(&ctx, &state, &form.codename).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let (Some(id), Some(index)) = (form.reply.as_deref(), form.file) else {
        return pages::refusal(&ctx, Refusal::Malformed).into_response();
    };
    let replies = match load_replies(&state, &keys).await {
        Ok(replies) => replies,
        Err(()) => return internal(&ctx),
    };
    let found = replies
        .into_iter()
        .find(|(reply, _)| reply.id == id)
        .and_then(|(reply, mut files)| {
            let name = reply.files.get(index)?.clone();
            (index < files.len()).then(|| (name, files.swap_remove(index)))
        });
    let Some((name, content)) = found else {
        return pages::refusal(&ctx, Refusal::NotFound).into_response();
    };
    // The name was sanitised by the reply's writer; quote it anyway.
    let quoted: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\')
        .collect();
    HttpResponse::Ok()
        .content_type("application/octet-stream")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{quoted}\""),
        ))
        .body(content)
}

/// `POST /inbox/forget`: only with the box ticked.
async fn forget(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<InboxForm>,
) -> HttpResponse {
    let ctx = PageContext::from_request(&req);
    let (codename, keys) = match keys_for(&ctx, &state, &form.codename).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    if form.confirm.as_deref() != Some("on") {
        return render_inbox(&ctx, &state, &codename, &keys, InboxView::ForgetUnconfirmed).await;
    }
    let lookup = state.pacer.start();
    let store = state.store.clone();
    let mailbox = keys.mailbox();
    let forgotten = web::block(move || store.forget_mailbox(&mailbox)).await;
    lookup.finish(false).await;
    match forgotten {
        Ok(Ok(())) => pages::forgotten_page(&ctx).into_response(),
        _ => internal(&ctx),
    }
}
