//! Keeping what a source sent out of the server's memory once it has been
//! served: a no-JavaScript message, file names and content, and codenames
//! live in buffers that are wiped before they are freed.
//!
//! Three layers, each for what the one before cannot reach:
//! - The buffers this crate fills are [`Zeroizing`], and a field read piece
//!   by piece grows through [`WipedBuf`] (a `Vec` that grows moves to a
//!   new block and frees the old one as it was). Routes that take a form
//!   with plaintext or a codename go through [`forget_request`], which
//!   lets actix free the connection's buffers as soon as it answered.
//! - The server binary's global allocator (`zeroizing-alloc`, installed in
//!   `src/bin/tipbox-server.rs`) zeroes every block that is freed or moved,
//!   whichever crate held it: actix's read and write buffers, the multipart
//!   parser's, header values, `sanitize_name`'s temporary strings.
//! - Stack frames are not heap blocks. Worker threads live on, and glibc
//!   reuses a finished thread's stack as it is, so after work that handled
//!   plaintext [`scrub_stack`] overwrites the stack below its caller (tar
//!   headers, `io::copy`'s buffer, the HMAC key block of the codename KDF).
//!
//! What stays out of reach (kernel socket buffers, Tor's own memory, swap)
//! is listed in SECURITY.md. `tests/api/memory.rs` reads a live server's
//! memory after a tip and finds no copy.
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{ConnectionType, Method};
use actix_web::middleware::Next;
use bytes::Bytes;
use zeroize::{Zeroize, Zeroizing};

/// Bytes of stack [`scrub_stack`] overwrites below its caller: more than
/// the deepest call chain that handles plaintext uses in a debug build,
/// whose frames are the largest; an eighth of a thread's 2 MiB stack.
const SCRUBBED_STACK_BYTES: usize = 256 * 1024;

/// Overwrites [`SCRUBBED_STACK_BYTES`] of the stack below the caller's
/// frame, where the functions it called kept their locals. Not inlined, so
/// that its frame lies below the caller's.
#[inline(never)]
pub fn scrub_stack() {
    let mut area = [0u8; SCRUBBED_STACK_BYTES];
    // Volatile writes: not optimised away although nothing reads them.
    area.as_mut_slice().zeroize();
    std::hint::black_box(&area);
}

/// Calls [`scrub_stack`] when dropped: put it first in a closure that runs
/// on a blocking thread and returns early with `?`.
pub struct ScrubStackOnDrop;

impl Drop for ScrubStackOnDrop {
    fn drop(&mut self) {
        scrub_stack();
    }
}

/// Middleware for the `POST` routes that see a source's plaintext or
/// codename (it lets other methods through untouched):
///
/// - Copies the request's header values out of the connection's read
///   buffer. actix parses them as slices of that buffer and keeps the
///   request object, headers included, in a pool for reuse long after the
///   connection closed: the whole buffer, the form in it, would stay alive.
/// - Closes the connection after the answer, so that its read and write
///   buffers (the form, the page) are freed, and so zeroed, at once rather
///   than when a keep-alive runs out.
/// - Scrubs the stack below this frame once the handler (and the
///   extractors that read the form) ran there.
pub async fn forget_request(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() != Method::POST {
        return next.call(req).await;
    }
    detach_header_values(req.headers_mut());
    let response = next.call(req).await;
    scrub_stack();
    response.map(|mut response| {
        response
            .response_mut()
            .head_mut()
            .set_connection_type(ConnectionType::Close);
        response
    })
}

/// Replaces every header value by a copy in its own allocation.
fn detach_header_values(headers: &mut HeaderMap) {
    let copies: Vec<(HeaderName, HeaderValue)> = headers
        .iter()
        .filter_map(|(name, value)| {
            let copy = HeaderValue::from_bytes(value.as_bytes()).ok()?;
            Some((name.clone(), copy))
        })
        .collect();
    headers.clear();
    for (name, value) in copies {
        headers.append(name, value);
    }
}

/// A form field gathered chunk by chunk, or a page as it is rendered, in a
/// buffer that is wiped on drop and on every move to a larger one.
pub struct WipedBuf(Zeroizing<Vec<u8>>);

impl WipedBuf {
    pub fn new() -> WipedBuf {
        WipedBuf::with_capacity(0)
    }

    pub fn with_capacity(capacity: usize) -> WipedBuf {
        WipedBuf(Zeroizing::new(Vec::with_capacity(capacity)))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }

    /// Appends `bytes`; when that needs room, the contents move to a buffer
    /// at least twice as large and the old one is wiped as it is dropped.
    pub fn extend(&mut self, bytes: &[u8]) {
        let needed = self.0.len() + bytes.len();
        if needed > self.0.capacity() {
            let capacity = needed.max(2 * self.0.capacity()).max(256);
            let mut grown = Zeroizing::new(Vec::with_capacity(capacity));
            grown.extend_from_slice(&self.0);
            self.0 = grown;
        }
        self.0.extend_from_slice(bytes);
    }

    /// The contents as text, in the same (still wiped) buffer; `None` if
    /// they are not UTF-8 (the bytes are wiped then too).
    pub fn into_text(mut self) -> Option<Zeroizing<String>> {
        let bytes = std::mem::take(&mut *self.0);
        match String::from_utf8(bytes) {
            Ok(text) => Some(Zeroizing::new(text)),
            Err(not_text) => {
                not_text.into_bytes().zeroize();
                None
            }
        }
    }
}

/// Templates render into it (and text appended is UTF-8, so `into_text`
/// gives it back).
impl std::fmt::Write for WipedBuf {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.extend(text.as_bytes());
        Ok(())
    }
}

impl Default for WipedBuf {
    fn default() -> WipedBuf {
        WipedBuf::new()
    }
}

/// A response body that is wiped when actix has sent it and drops it.
pub fn body(text: Zeroizing<String>) -> Bytes {
    Bytes::from_owner(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_growing_buffer_keeps_every_byte_in_order() {
        let mut buf = WipedBuf::new();
        let mut expected = Vec::new();
        for i in 0..2000u32 {
            let piece = i.to_le_bytes();
            buf.extend(&piece);
            expected.extend_from_slice(&piece);
        }
        assert_eq!(buf.as_slice(), &expected[..]);
        assert_eq!(buf.len(), 8000);
    }

    #[test]
    fn text_comes_back_only_when_it_is_utf8() {
        let mut text = WipedBuf::new();
        text.extend("سلام".as_bytes());
        assert_eq!(text.into_text().as_deref().map(String::as_str), Some("سلام"));
        let mut bytes = WipedBuf::new();
        bytes.extend(&[0xff, 0xfe]);
        assert!(bytes.into_text().is_none());
    }

    #[test]
    fn a_wiped_body_carries_the_page() {
        let page = Zeroizing::new("<p>codename</p>".to_owned());
        assert_eq!(&body(page)[..], b"<p>codename</p>");
    }
}
