//! The ciphertext API's header parsing, on a body split as the network
//! splits it.
//!
//! `POST /api/v1/tips` appends each body chunk to a buffer and calls
//! `Header::parse` on the whole buffer until it answers. This target drives
//! that call and `Header::x25519_count` on its result. It does not drive the
//! route's recipient check (`check_recipients` in
//! crates/server/src/routes/api.rs: one stanza per newsroom key, of their
//! type, X25519 or mlkem768x25519, anything else grease), which is private
//! to the server crate. The fuzzer chooses the bytes and where the network
//! splits them; the answer must not depend on the split: the same header,
//! length and X25519 count (or the same refusal) as parsing the whole body
//! at once.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use tipbox::envelope::Header;

#[derive(Arbitrary, Debug)]
struct Upload<'a> {
    /// Sizes of the body chunks as they arrive (the last chunk takes the rest).
    splits: Vec<u8>,
    /// All remaining input bytes, as they are.
    body: &'a [u8],
}

/// What the check decided: the header length and X25519 count, a refusal,
/// or "the body ended inside the header".
#[derive(Debug, PartialEq)]
enum Verdict {
    Header {
        len: usize,
        x25519: usize,
        stanzas: usize,
    },
    Refused(String),
    Truncated,
}

fn whole(body: &[u8]) -> Verdict {
    match Header::parse(body) {
        Ok(Some((header, len))) => Verdict::Header {
            len,
            x25519: header.x25519_count(),
            stanzas: header.stanzas.len(),
        },
        Ok(None) => Verdict::Truncated,
        Err(e) => Verdict::Refused(e.to_string()),
    }
}

fn chunked(body: &[u8], splits: &[u8]) -> Verdict {
    let mut head = Vec::new();
    let mut rest = body;
    let mut sizes = splits.iter().map(|&s| usize::from(s) + 1);
    while !rest.is_empty() {
        let take = sizes.next().unwrap_or(rest.len()).min(rest.len());
        head.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        match Header::parse(&head) {
            Ok(Some((header, len))) => {
                return Verdict::Header {
                    len,
                    x25519: header.x25519_count(),
                    stanzas: header.stanzas.len(),
                }
            }
            Ok(None) => {}
            Err(e) => return Verdict::Refused(e.to_string()),
        }
    }
    Verdict::Truncated
}

fuzz_target!(|upload: Upload<'_>| {
    let at_once = whole(upload.body);
    let split = chunked(upload.body, &upload.splits);
    match (&at_once, &split) {
        // A refusal may come at an earlier chunk with a different reason
        // only if the whole body is refused too.
        (Verdict::Refused(_), Verdict::Refused(_)) => {}
        _ => assert_eq!(
            at_once, split,
            "the verdict depends on how the body was split"
        ),
    }
    if let Verdict::Header {
        x25519, stanzas, ..
    } = at_once
    {
        assert!(x25519 <= stanzas);
    }
});
