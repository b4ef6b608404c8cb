//! The table `tipbox-decrypt open` prints: one line per tip, follow-up or
//! reply; those that share a mailbox (one source's conversation) are listed
//! together, oldest first, under a short form of the mailbox. An entry
//! whose place in its conversation cannot be verified says "unverified";
//! "our reply" is only said of replies this desk composed.
use super::verify::Standing;
use super::{OpenReport, OpenedTip};
use tipbox_core::untrusted_text::terminal_safe;

const PREVIEW_CHARS: usize = 48;

/// A plain-text table (id, received, size, attachments, first line of the
/// message). Every field from a tip is made terminal-safe first: a hostile
/// message must not move the cursor, recolour the terminal or reorder text.
pub fn render_table(report: &OpenReport) -> String {
    let mut rows: Vec<[String; 6]> = vec![[
        "TIP".into(),
        "RECEIVED".into(),
        "SIZE".into(),
        "FILES".into(),
        "CONVERSATION".into(),
        "MESSAGE".into(),
    ]];
    let mut opened: Vec<&OpenedTip> = report.opened.iter().collect();
    // Tips without a mailbox first, in bundle order; then each conversation.
    opened.sort_by_key(|tip| {
        (
            conversation_of(tip).map(str::to_owned),
            tip.received.clone(),
        )
    });
    rows.extend(
        opened
            .into_iter()
            .map(|tip| row(tip, report.standings.get(&tip.name))),
    );
    rows.extend(report.skipped.iter().map(|name| {
        [
            name.clone(),
            "-".into(),
            "-".into(),
            "-".into(),
            "-".into(),
            "already in the desk: skipped".into(),
        ]
    }));
    // A wrong key fails every tip the same way: one row says it once.
    let (wrong_key, failed): (Vec<_>, Vec<_>) =
        report.failed.iter().partition(|(_, err)| is_wrong_key(err));
    rows.extend(failed.into_iter().map(|(name, err)| {
        [
            terminal_safe(name, 80),
            "-".into(),
            "-".into(),
            "-".into(),
            "-".into(),
            terminal_safe(&format!("FAILED: {err}"), 200),
        ]
    }));
    if !wrong_key.is_empty() {
        rows.push([
            format!("{} tips", wrong_key.len()),
            "-".into(),
            "-".into(),
            "-".into(),
            "-".into(),
            "FAILED: not encrypted to the given identities (the keys they need are named below)"
                .into(),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|col| {
            rows.iter()
                .map(|r| r[col].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in &rows {
        for (col, width) in widths.iter().enumerate() {
            out.push_str(&format!("{:<width$}  ", r[col], width = width));
        }
        out.push_str(&r[5]);
        out.push('\n');
    }
    out.push_str(&super::metadata::table_lines(&report.opened));
    out
}

/// Whether `err` says the tip was encrypted to other keys than those given.
pub fn is_wrong_key(err: &super::OfflineError) -> bool {
    matches!(
        err,
        super::OfflineError::Decrypt(tipbox_core::envelope::Error::NoIdentityMatched)
    )
}

/// The mailbox a tip, follow-up or reply belongs to, if any.
fn conversation_of(tip: &OpenedTip) -> Option<&str> {
    tip.meta.as_ref().and_then(|m| m.mailbox.as_deref())
}

/// `-`, or the mailbox's first 8 hex digits and the entry's kind, with
/// "(unverified)" when its standing is not verified.
fn conversation_cell(tip: &OpenedTip, standing: Option<&Standing>) -> String {
    use tipbox_core::tip::Kind;
    let Some(meta) = &tip.meta else {
        return "-".into();
    };
    let verified = standing.is_none_or(Standing::is_verified);
    let kind = match (meta.kind, verified) {
        (Kind::Tip, true) => "tip",
        (Kind::Tip, false) => "tip (unverified)",
        (Kind::Followup, true) => "follow-up",
        (Kind::Followup, false) => "follow-up (unverified)",
        (Kind::Reply, true) => "our reply",
        (Kind::Reply, false) => "reply (unverified)",
    };
    match conversation_of(tip) {
        Some(mailbox) => format!("{} {kind}", terminal_safe(mailbox, 8)),
        None if standing.is_some() => format!("- {kind}"),
        None => "-".into(),
    }
}

fn row(tip: &OpenedTip, standing: Option<&Standing>) -> [String; 6] {
    let (files, message) = match &tip.meta {
        Some(meta) => (
            meta.attachments.len().to_string(),
            terminal_safe(meta.message.lines().next().unwrap_or(""), PREVIEW_CHARS),
        ),
        None => (
            "1".into(),
            "(not a tipbox container: kept whole as one file)".into(),
        ),
    };
    [
        terminal_safe(&tip.name, 80),
        tip.received.clone().unwrap_or_else(|| "-".into()),
        tipbox_core::units::binary_size(tip.size),
        files,
        conversation_cell(tip, standing),
        message,
    ]
}
