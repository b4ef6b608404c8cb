//! The no-JavaScript conversation pages: the codename shown once with its
//! confirmation step, "I have a codename", the inbox, and what follows a
//! follow-up or a deleted mailbox.
//!
//! Every page that shows a codename carries it only in the page itself and
//! in hidden form fields (no cookie, no URL); the fields are
//! `autocomplete="off"`, and every source page is `Cache-Control: no-store`
//! (security headers). The inbox renders only from the list of replies, so a
//! mailbox that does not exist and one without replies give the same bytes.
use actix_web::http::StatusCode;
use askama::Template;

use super::{PageContext, Rendered, Ui};

#[derive(Template)]
#[template(path = "confirm.html")]
struct Confirm<'a> {
    ui: Ui<'a>,
    confirmed: bool,
    codename: &'a str,
}

#[derive(Template)]
#[template(path = "codename.html")]
struct CodenamePage<'a> {
    ui: Ui<'a>,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct Inbox<'a> {
    ui: Ui<'a>,
    codename: &'a str,
    replies: &'a [InboxReply],
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "followup_received.html")]
struct FollowupReceived<'a> {
    ui: Ui<'a>,
    codename: &'a str,
}

#[derive(Template)]
#[template(path = "forgotten.html")]
struct Forgotten<'a> {
    ui: Ui<'a>,
}

/// One reply as the inbox shows it (decrypted in memory for this request).
pub struct InboxReply {
    pub id: String,
    pub created: String,
    pub message: String,
    pub files: Vec<String>,
    /// It could not be opened with the mailbox's key: shown as such, so
    /// the source can delete it and ask again (never silently hidden).
    pub unreadable: bool,
}

/// What the inbox shows besides the replies.
pub enum InboxView {
    Plain,
    ReplyDeleted,
    ForgetUnconfirmed,
}

/// The answer to the confirmation step: "confirmed", or the codename again
/// with a clear message.
pub fn confirm_page(ctx: &PageContext, codename: &str, confirmed: bool) -> Rendered {
    let page = Confirm {
        ui: ctx.ui(""),
        confirmed,
        codename,
    };
    Rendered::from_template(StatusCode::OK, &page, &page.ui)
}

/// "I have a codename".
pub fn codename_page(ctx: &PageContext) -> Rendered {
    let page = CodenamePage {
        ui: ctx.ui("codename"),
    };
    Rendered::from_template(StatusCode::OK, &page, &page.ui)
}

/// The inbox: replies, the follow-up form, the "delete my mailbox" form.
pub fn inbox_page(
    ctx: &PageContext,
    codename: &str,
    replies: &[InboxReply],
    view: InboxView,
) -> Rendered {
    let ui = ctx.ui("codename");
    let notice = match view {
        InboxView::Plain => None,
        InboxView::ReplyDeleted => Some(ui.t.text("inbox-deleted")),
        InboxView::ForgetUnconfirmed => Some(ui.t.text("inbox-forget-unconfirmed")),
    };
    let page = Inbox {
        ui,
        codename,
        replies,
        notice,
    };
    Rendered::from_template(StatusCode::OK, &page, &page.ui)
}

/// After a follow-up was stored.
pub fn followup_received(ctx: &PageContext, codename: &str) -> Rendered {
    let page = FollowupReceived {
        ui: ctx.ui(""),
        codename,
    };
    Rendered::from_template(StatusCode::OK, &page, &page.ui)
}

/// After the source deleted the mailbox.
pub fn forgotten_page(ctx: &PageContext) -> Rendered {
    let page = Forgotten { ui: ctx.ui("") };
    Rendered::from_template(StatusCode::OK, &page, &page.ui)
}
