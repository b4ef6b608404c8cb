//! What submitters send: plaintext that names its submission, so that any
//! stored tip can be traced back to what was sent and compared byte for byte.
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};

/// Each submission's plaintext starts with this, then its number.
pub const PREFIX: &str = "CRASH-SUITE submission ";

/// The plaintext of submission `id`: its name line, then `len` bytes that
/// only `id` produces.
pub fn plaintext(id: u64, len: usize) -> Vec<u8> {
    let mut bytes = format!("{PREFIX}{id}\n").into_bytes();
    let start = bytes.len();
    bytes.resize(start + len, 0);
    StdRng::seed_from_u64(id).fill_bytes(&mut bytes[start..]);
    bytes
}

/// The submission number a plaintext names, if it names one.
pub fn submission_id(plaintext: &[u8]) -> Option<u64> {
    let rest = plaintext.strip_prefix(PREFIX.as_bytes())?;
    let end = rest.iter().position(|&b| b == b'\n')?;
    std::str::from_utf8(&rest[..end]).ok()?.parse().ok()
}

pub const BOUNDARY: &str = "----crashSuiteBoundaryQ1w2E3r4";

/// A `multipart/form-data` body as a browser sends the submit form: the
/// message (which names the submission) and one file.
pub fn form(id: u64, file: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n{PREFIX}{id}\n\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"evidence-{id}.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}
