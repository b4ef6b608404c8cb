//! The one strict tar layer under every archive tipbox reads or writes: the
//! tip container ([`crate::tip`], on disk and in memory), the export bundle
//! and the outgoing-replies bundle ([`crate::bundle`]). Deterministic headers
//! for writing, block reads and checksum checks for reading. Everything here
//! works on 512-byte blocks and fixed buffers, so memory stays bounded
//! whatever the entry sizes are.
//!
//! We parse entries ourselves on top of [`tar::Header`] instead of iterating
//! with `tar::Archive`, because the latter reads GNU long names and pax
//! headers whole into memory, whatever size the (hostile) header declares.
use std::io::{self, Read, Write};

use tar::{EntryType, Header};

/// The tar block size: headers, data padding and the end-of-archive marker
/// are all counted in blocks of this size.
pub(crate) const BLOCK: usize = 512;

/// GNU tar's default record size (20 blocks); stock tools pad archives to it.
pub(crate) const RECORD: u64 = 20 * BLOCK as u64;

/// The longest path a plain ustar `name` field holds (no prefix, no pax).
pub(crate) const NAME_FIELD: usize = 100;

/// A ustar header for a regular file with nothing that identifies the writer
/// or the moment of writing: mode 0644, uid/gid 0, empty user and group
/// names, mtime 0. `path` must fit the 100-byte name field.
pub(crate) fn regular_file_header(path: &str, size: u64) -> io::Result<Header> {
    if path.is_empty() || path.len() > NAME_FIELD {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("entry path {path:?} does not fit a ustar name field"),
        ));
    }
    let mut header = Header::new_ustar();
    let ustar = header
        .as_ustar_mut()
        .expect("Header::new_ustar always carries the ustar magic");
    ustar.name[..path.len()].copy_from_slice(path.as_bytes());
    header.set_mode(0o644);
    header.set_uid(0);
    header.set_gid(0);
    header.set_mtime(0);
    header.set_entry_type(EntryType::Regular);
    header.set_size(size);
    header.set_cksum();
    Ok(header)
}

/// True when the header's stored checksum matches its bytes (the checksum
/// field itself counted as eight spaces, as POSIX specifies).
pub(crate) fn checksum_is_valid(header: &Header) -> bool {
    let bytes = header.as_bytes();
    let sum: u32 = bytes[..148]
        .iter()
        .chain(&bytes[156..])
        .map(|&b| u32::from(b))
        .sum::<u32>()
        + 8 * u32::from(b' ');
    header.cksum().is_ok_and(|stored| stored == sum)
}

/// True for the two regular-file type flags (`'0'` and the old `'\0'`).
pub(crate) fn is_regular_file(header: &Header) -> bool {
    header.entry_type() == EntryType::Regular
}

/// Reads until `block` is full or the input ends; returns how many bytes
/// were read (0 at a clean end of input).
pub(crate) fn read_block(input: &mut dyn Read, block: &mut [u8; BLOCK]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < BLOCK {
        match input.read(&mut block[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Zero bytes that follow `size` bytes of entry data up to the next block.
pub fn padding_after(size: u64) -> u64 {
    (BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64
}

/// Copies at most `size` bytes from `input` to `out` through a fixed
/// buffer; returns how many were copied (fewer when the input ends early).
pub(crate) fn copy_at_most(
    input: &mut dyn Read,
    out: &mut dyn Write,
    size: u64,
) -> io::Result<u64> {
    io::copy(&mut input.take(size), out)
}

/// Reads and discards `count` bytes; returns how many there were.
pub(crate) fn skip(input: &mut dyn Read, count: u64) -> io::Result<u64> {
    io::copy(&mut input.take(count), &mut io::sink())
}

/// Copies exactly `size` bytes of a writer's content, refusing content that
/// is shorter or longer than declared (a size lie would shift every later
/// header in the archive).
pub(crate) fn copy_declared(
    content: &mut dyn Read,
    out: &mut dyn Write,
    size: u64,
) -> io::Result<()> {
    let copied = copy_at_most(content, out, size)?;
    if copied < size {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("content ended after {copied} of the {size} bytes declared"),
        ));
    }
    let mut one = [0u8; 1];
    loop {
        match content.read(&mut one) {
            Ok(0) => return Ok(()),
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("content is longer than the {size} bytes declared"),
                ))
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Writes the zero padding that completes an entry's last block.
pub(crate) fn write_padding(out: &mut dyn Write, size: u64) -> io::Result<u64> {
    let padding = padding_after(size);
    out.write_all(&[0u8; BLOCK][..padding as usize])?;
    Ok(padding)
}

/// The end-of-archive marker: two zero blocks.
pub(crate) const END_OF_ARCHIVE: [u8; 2 * BLOCK] = [0u8; 2 * BLOCK];

/// A path from a hostile header, made safe to show in an error message:
/// lossy UTF-8, control characters escaped by `{:?}` later, and cut short so
/// a 64 KiB pax path cannot flood the terminal.
pub(crate) fn shown(path: &[u8]) -> String {
    const MAX_CHARS: usize = 120;
    let text = String::from_utf8_lossy(path);
    if text.chars().count() <= MAX_CHARS {
        text.into_owned()
    } else {
        let mut cut: String = text.chars().take(MAX_CHARS).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_header_has_a_valid_checksum_and_no_writer_details() {
        let header = regular_file_header("files/a.txt", 1234).unwrap();
        assert!(checksum_is_valid(&header));
        assert_eq!(header.path_bytes().as_ref(), b"files/a.txt");
        assert_eq!(header.mode().unwrap(), 0o644);
        assert_eq!(header.uid().unwrap(), 0);
        assert_eq!(header.gid().unwrap(), 0);
        assert_eq!(header.mtime().unwrap(), 0);
        assert_eq!(header.username_bytes(), Some(&b""[..]));
        assert_eq!(header.groupname_bytes(), Some(&b""[..]));
        assert_eq!(header.entry_size().unwrap(), 1234);
        assert!(is_regular_file(&header));
    }

    #[test]
    fn checksum_check_rejects_a_flipped_byte() {
        let header = regular_file_header("files/a.txt", 1).unwrap();
        let mut bytes = *header.as_bytes();
        bytes[3] ^= 1;
        assert!(!checksum_is_valid(Header::from_byte_slice(&bytes)));
    }

    #[test]
    fn header_refuses_a_path_longer_than_the_name_field() {
        let long = "x".repeat(NAME_FIELD + 1);
        assert!(regular_file_header(&long, 0).is_err());
    }

    #[test]
    fn copy_declared_rejects_short_and_long_content() {
        let mut sink = Vec::new();
        assert!(copy_declared(&mut &b"abc"[..], &mut sink, 4).is_err());
        assert!(copy_declared(&mut &b"abcde"[..], &mut sink, 4).is_err());
        sink.clear();
        copy_declared(&mut &b"abcd"[..], &mut sink, 4).unwrap();
        assert_eq!(sink, b"abcd");
    }
}
