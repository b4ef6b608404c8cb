//! Which entries of a reading desk can be trusted as part of a
//! conversation, checked offline with nothing but the opened folders.
//!
//! Attacks, and how each is answered:
//! - *A forged follow-up*: anyone who knows a mailbox id (a seized server's
//!   records, a manifest, an outgoing bundle) can post a tip claiming
//!   `kind: followup` in that mailbox with their own `reply_recipient`. A
//!   follow-up is verified only if its `followup_proof` is a valid MAC under
//!   the `followup_key` that the conversation's first tip carried inside its
//!   ciphertext (`conversation::proof`), over its `tip.json` and its files,
//!   and if its reply recipient is the first tip's. (One change is allowed:
//!   a conversation begun with an X25519 reply key may go on with the
//!   codename's hybrid key, since reply keys became hybrid; the proof shows
//!   the codename's holder named it.)
//! - *A forged first tip*: a second `kind: tip` in the same mailbox, with
//!   the forger's keys. The real first tip was sent when the mailbox was
//!   created, before anyone could learn its id, so the strictly earliest
//!   first tip is the conversation's anchor; when that is not clear (two on
//!   the same day), none is, and the whole conversation is unverified.
//! - *A forged "reply"*: a tip claiming `kind: reply`. Only replies recorded
//!   in the desk's `sent-replies.json` (written by `tipbox-decrypt reply`),
//!   with the same id, mailbox and ciphertext hash, are the newsroom's own.
//!
//! Unverified entries are shown with the word "unverified" (table and
//! desk), and `tipbox-decrypt reply --to` refuses them.
use std::collections::BTreeMap;
use std::path::Path;

use super::desk::EntryRecord;
use super::sent::SentReplies;
use tipbox_core::conversation::FollowupKey;
use tipbox_core::envelope::Recipient;
use tipbox_core::tip::{Kind, TipMeta};

/// What the desk can say about an entry that belongs to a conversation (or
/// claims to be our reply).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// The conversation's first tip, a follow-up whose proof checks, or a
    /// reply this desk composed.
    Verified,
    /// Anything else, with the reason (one short clause).
    Unverified(String),
}

impl Standing {
    pub fn is_verified(&self) -> bool {
        matches!(self, Standing::Verified)
    }
}

/// One opened entry as the desk found it.
pub struct Claim<'a> {
    /// The entry's folder (its id).
    pub folder: &'a str,
    pub dir: &'a Path,
    pub meta: Option<&'a TipMeta>,
    pub record: Option<&'a EntryRecord>,
}

/// The standing of each claim, in order: `None` for entries outside any
/// conversation (no mailbox, not a reply, or not a container).
pub fn assess(claims: &[Claim<'_>], sent: &SentReplies) -> Vec<Option<Standing>> {
    let mut standings: Vec<Option<Standing>> = vec![None; claims.len()];
    let mut conversations: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, claim) in claims.iter().enumerate() {
        let Some(meta) = claim.meta else { continue };
        if meta.kind == Kind::Reply {
            standings[index] = Some(reply_standing(claim, meta, sent));
        } else if let Some(mailbox) = meta.mailbox.as_deref() {
            conversations.entry(mailbox).or_default().push(index);
        }
    }
    for members in conversations.values() {
        let first_tips: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| claims[i].meta.is_some_and(|m| m.kind == Kind::Tip))
            .collect();
        let anchor = anchor_of(claims, &first_tips);
        for &index in members {
            let meta = claims[index].meta.expect("members have a tip.json");
            standings[index] = Some(match (meta.kind, anchor) {
                (Kind::Tip, Some(anchor)) if anchor == index => Standing::Verified,
                (Kind::Tip, Some(anchor)) => Standing::Unverified(format!(
                    "a second first tip in this mailbox; {} started the conversation",
                    claims[anchor].folder
                )),
                (_, None) if first_tips.len() > 1 => Standing::Unverified(format!(
                    "{} tips claim to start this conversation on the same day: at most one is genuine",
                    first_tips.len()
                )),
                (_, None) => Standing::Unverified(
                    "the tip that started this conversation is not in this desk".into(),
                ),
                (_, Some(anchor)) => followup_standing(&claims[index], &claims[anchor]),
            });
        }
    }
    standings
}

/// The conversation's first tip: the only one, or the strictly earliest.
fn anchor_of(claims: &[Claim<'_>], first_tips: &[usize]) -> Option<usize> {
    match first_tips {
        [] => None,
        [only] => Some(*only),
        _ => {
            let dates: Option<Vec<(&str, usize)>> = first_tips
                .iter()
                .map(|&i| {
                    let date = claims[i].record.and_then(|r| r.received.as_deref())?;
                    Some((date, i))
                })
                .collect();
            let mut dates = dates?;
            dates.sort();
            (dates[0].0 < dates[1].0).then_some(dates[0].1)
        }
    }
}

fn followup_standing(followup: &Claim<'_>, anchor: &Claim<'_>) -> Standing {
    let unverified = |reason: &str| Standing::Unverified(reason.to_owned());
    let meta = followup.meta.expect("a follow-up has a tip.json");
    let first = anchor.meta.expect("a first tip has a tip.json");
    if !same_or_upgraded(&first.reply_recipient, &meta.reply_recipient) {
        return unverified("its reply key differs from the first tip's");
    }
    let Some(proof) = meta.followup_proof.as_deref() else {
        return unverified("it carries no follow-up proof");
    };
    let Some(key) = first
        .followup_key
        .as_deref()
        .and_then(FollowupKey::from_hex)
    else {
        return unverified("the first tip carries no follow-up key");
    };
    let Some(record) = followup.record else {
        return unverified("opened without a bundle record");
    };
    let Some(content) = record.content_sha256.as_deref().and_then(digest_from_hex) else {
        return unverified("opened by an older tipbox-decrypt: open its bundle again");
    };
    if !record.files_match {
        return unverified("its files differ from what its tip.json lists");
    }
    let Ok(tip_json) = std::fs::read(followup.dir.join("tip.json")) else {
        return unverified("its tip.json cannot be read");
    };
    if key.verify(&tip_json, proof, &content) {
        Standing::Verified
    } else {
        unverified("its follow-up proof does not match")
    }
}

/// The follow-up names the first tip's reply key, or a hybrid one where the
/// first tip named an X25519 key (a conversation begun before reply keys
/// became hybrid).
fn same_or_upgraded(first: &Option<String>, followup: &Option<String>) -> bool {
    let is_hybrid = |key: &Option<String>| {
        key.as_deref()
            .and_then(|key| key.parse::<Recipient>().ok())
            .map(|key| key.is_hybrid())
    };
    first == followup || (is_hybrid(first) == Some(false) && is_hybrid(followup) == Some(true))
}

fn reply_standing(claim: &Claim<'_>, meta: &TipMeta, sent: &SentReplies) -> Standing {
    let ours = match (claim.record, meta.mailbox.as_deref()) {
        (Some(record), Some(mailbox)) => record
            .sha256
            .as_deref()
            .is_some_and(|sha256| sent.contains(&record.id, mailbox, sha256)),
        _ => false,
    };
    if ours {
        Standing::Verified
    } else {
        Standing::Unverified(format!(
            "not a reply composed on this desk (none in {} matches it)",
            super::sent::SENT_FILE
        ))
    }
}

fn digest_from_hex(text: &str) -> Option<[u8; 32]> {
    let mut digest = [0u8; 32];
    hex::decode_to_slice(text, &mut digest).ok()?;
    Some(digest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tipbox_core::conversation::proof::PROOF_PLACEHOLDER;
    use tipbox_core::tip::{EncryptedBy, FORMAT_VERSION};

    const MAILBOX: &str = "db33fb49d25283e05b7cf11e6822670883151ac2f624fa3d7ae1665c075bb357";

    fn meta(kind: Kind, reply_recipient: &str) -> TipMeta {
        TipMeta {
            version: FORMAT_VERSION,
            kind,
            encrypted_by: EncryptedBy::Browser,
            language: "en".into(),
            message: "m".into(),
            attachments: Vec::new(),
            mailbox: Some(MAILBOX.into()),
            reply_recipient: Some(reply_recipient.into()),
            followup_key: None,
            followup_proof: None,
        }
    }

    fn record(id: &str, received: &str) -> EntryRecord {
        EntryRecord {
            id: id.into(),
            received: Some(received.into()),
            size: 1,
            sha256: None,
            content_sha256: Some(hex::encode([0u8; 32])),
            files_match: true,
        }
    }

    fn standings(entries: &[(&str, &TipMeta, &EntryRecord)], dir: &Path) -> Vec<Option<Standing>> {
        let claims: Vec<Claim<'_>> = entries
            .iter()
            .map(|(folder, meta, record)| Claim {
                folder,
                dir,
                meta: Some(meta),
                record: Some(record),
            })
            .collect();
        assess(&claims, &SentReplies::default())
    }

    #[test]
    fn two_first_tips_on_one_day_leave_the_conversation_unverified() {
        // The forger's first tip arrives the same (coarsened) day.
        let real = meta(Kind::Tip, "age1real");
        let forged = meta(Kind::Tip, "age1forger");
        let (a, b) = (record("a", "2026-12-01"), record("b", "2026-12-01"));
        let found = standings(&[("a", &real, &a), ("b", &forged, &b)], Path::new("."));
        for standing in found {
            assert!(
                matches!(standing, Some(Standing::Unverified(ref why)) if why.contains("2 tips claim"))
            );
        }
    }

    #[test]
    fn earliest_first_tip_is_the_anchor() {
        let real = meta(Kind::Tip, "age1real");
        let forged = meta(Kind::Tip, "age1forger");
        let (a, b) = (record("a", "2026-11-30"), record("b", "2026-12-01"));
        let found = standings(&[("b", &forged, &b), ("a", &real, &a)], Path::new("."));
        assert!(matches!(found[0], Some(Standing::Unverified(_))));
        assert_eq!(found[1], Some(Standing::Verified));
    }

    #[test]
    fn followup_with_another_reply_key_is_unverified_even_with_a_valid_proof() {
        let dir = tempfile::tempdir().unwrap();
        let key = FollowupKey::from_hex(&"11".repeat(32)).unwrap();
        let mut first = meta(Kind::Tip, "age1real");
        first.followup_key = Some("11".repeat(32));
        let proven = |reply_recipient: &str| {
            let mut followup = meta(Kind::Followup, reply_recipient);
            followup.followup_proof = Some(PROOF_PLACEHOLDER.into());
            let proof = key.prove(&followup.to_json(), &[0; 32]);
            followup.followup_proof = Some(proof);
            followup
        };
        for (reply_recipient, verified) in [("age1real", true), ("age1forger", false)] {
            let followup = proven(reply_recipient);
            std::fs::write(dir.path().join("tip.json"), followup.to_json()).unwrap();
            let (a, b) = (record("a", "2026-11-30"), record("b", "2026-12-01"));
            let found = standings(&[("a", &first, &a), ("b", &followup, &b)], dir.path());
            assert_eq!(found[1] == Some(Standing::Verified), verified, "{found:?}");
        }
    }

    #[test]
    fn followup_may_move_from_an_x25519_reply_key_to_a_hybrid_one_and_never_back() {
        let dir = tempfile::tempdir().unwrap();
        let key = FollowupKey::from_hex(&"11".repeat(32)).unwrap();
        let classic = tipbox_core::envelope::Identity::generate()
            .to_public()
            .to_string();
        let hybrid = tipbox_core::envelope::Identity::generate_hybrid()
            .to_public()
            .to_string();
        let other_classic = tipbox_core::envelope::Identity::generate()
            .to_public()
            .to_string();
        let cases = [
            (&classic, &hybrid, true),
            (&classic, &other_classic, false),
            (&hybrid, &classic, false),
        ];
        for (first_key, followup_key, verified) in cases {
            let mut first = meta(Kind::Tip, first_key);
            first.followup_key = Some("11".repeat(32));
            let mut followup = meta(Kind::Followup, followup_key);
            followup.followup_proof = Some(PROOF_PLACEHOLDER.into());
            followup.followup_proof = Some(key.prove(&followup.to_json(), &[0; 32]));
            std::fs::write(dir.path().join("tip.json"), followup.to_json()).unwrap();
            let (a, b) = (record("a", "2026-11-30"), record("b", "2026-12-01"));
            let found = standings(&[("a", &first, &a), ("b", &followup, &b)], dir.path());
            assert_eq!(found[1] == Some(Standing::Verified), verified, "{found:?}");
        }
    }
}
