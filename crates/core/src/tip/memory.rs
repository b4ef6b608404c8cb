//! Reads a small container held whole in memory (a reply shown on the
//! source's inbox page) on the same strict ustar layer as [`super::extract`]:
//! `tip.json` first, then exactly the attachments it lists, in its order,
//! each a regular file at `files/<name>` under a valid checksum. A link, a
//! pax or GNU header, a damaged checksum, an entry cut short or an
//! attachment missing or renamed refuses the whole container.
use tar::Header;

use super::writer::{FILES_DIR, META_PATH};
use super::TipMeta;
use crate::ustar::{self, BLOCK};

/// `tip.json` and the listed attachments' bytes in the listing's order, or
/// `None` when `plaintext` is not such a container. Entries after the listed
/// attachments (the end-of-archive marker, Padmé padding) are not read.
pub fn read_in_memory(plaintext: &[u8]) -> Option<(TipMeta, Vec<Vec<u8>>)> {
    let mut rest = plaintext;
    let json = next_entry(&mut rest, META_PATH)?;
    let meta: TipMeta = serde_json::from_slice(json).ok()?;
    let files = meta
        .attachments
        .iter()
        .map(|listed| {
            let path = format!("{FILES_DIR}/{}", listed.name);
            next_entry(&mut rest, &path).map(<[u8]>::to_vec)
        })
        .collect::<Option<Vec<_>>>()?;
    Some((meta, files))
}

/// The data of the entry at the start of `rest` if it is a regular file
/// named `path`; moves `rest` past the entry and its padding.
fn next_entry<'a>(rest: &mut &'a [u8], path: &str) -> Option<&'a [u8]> {
    let header = Header::from_byte_slice(rest.get(..BLOCK)?);
    let expected = ustar::checksum_is_valid(header)
        && ustar::is_regular_file(header)
        && header.path_bytes().as_ref() == path.as_bytes();
    if !expected {
        return None;
    }
    let size = header.entry_size().ok()?;
    let end = BLOCK.checked_add(usize::try_from(size).ok()?)?;
    let data = rest.get(BLOCK..end)?;
    let padded_end = end.checked_add(ustar::padding_after(size) as usize)?;
    *rest = rest.get(padded_end..)?;
    Some(data)
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tar::EntryType;

    use super::*;
    use crate::tip::{TipWriter, FORMAT_VERSION};

    fn reply(files: &[(&str, &[u8])]) -> Vec<u8> {
        let listed: Vec<_> = files
            .iter()
            .map(|(name, content)| json!({"name": name, "size": content.len(), "media_type": "text/plain"}))
            .collect();
        let meta: TipMeta = serde_json::from_value(json!({
            "version": FORMAT_VERSION, "kind": "reply", "encrypted_by": "cli", "language": "en",
            "message": "We read your documents.", "attachments": listed,
        }))
        .unwrap();
        let mut writer = TipWriter::new(Vec::new(), &meta).unwrap();
        for (name, content) in files {
            let size = content.len() as u64;
            writer.append_file(name, size, &mut &content[..]).unwrap();
        }
        writer.finish().unwrap()
    }

    /// The header block of the entry that starts at `offset`, re-checksummed
    /// after `change`.
    fn rewrite_header(container: &mut [u8], offset: usize, change: impl Fn(&mut Header)) {
        let block = &mut container[offset..offset + BLOCK];
        let mut header = Header::from_byte_slice(block).clone();
        change(&mut header);
        header.set_cksum();
        block.copy_from_slice(header.as_bytes());
    }

    /// Where the first attachment's header starts: after `tip.json`'s.
    fn first_attachment_offset(container: &[u8]) -> usize {
        let size = Header::from_byte_slice(&container[..BLOCK])
            .entry_size()
            .unwrap();
        BLOCK + size as usize + ustar::padding_after(size) as usize
    }

    #[test]
    fn reads_the_message_and_the_listed_attachments_in_order() {
        let container = reply(&[("a.txt", b"first"), ("b.pdf", &[7u8; 700])]);
        let (meta, files) = read_in_memory(&container).unwrap();
        assert_eq!(meta.message, "We read your documents.");
        assert_eq!(files, [b"first".to_vec(), vec![7u8; 700]]);
    }

    #[test]
    fn refuses_a_link_in_place_of_an_attachment() {
        let mut container = reply(&[("a.txt", b"first")]);
        let at = first_attachment_offset(&container);
        rewrite_header(&mut container, at, |h| h.set_entry_type(EntryType::Symlink));
        assert!(read_in_memory(&container).is_none());
    }

    #[test]
    fn refuses_an_attachment_under_another_name() {
        let mut container = reply(&[("a.txt", b"first")]);
        let at = first_attachment_offset(&container);
        rewrite_header(&mut container, at, |h| h.set_path("files/b.txt").unwrap());
        assert!(read_in_memory(&container).is_none());
    }

    #[test]
    fn refuses_a_damaged_checksum() {
        let mut container = reply(&[("a.txt", b"first")]);
        let at = first_attachment_offset(&container);
        container[at + 1] ^= 1;
        assert!(read_in_memory(&container).is_none());
    }

    #[test]
    fn refuses_an_entry_cut_short_or_declaring_more_than_the_container_holds() {
        let container = reply(&[("a.txt", b"first")]);
        let at = first_attachment_offset(&container);
        assert!(read_in_memory(&container[..at + BLOCK + 2]).is_none());
        let mut lying = container.clone();
        rewrite_header(&mut lying, at, |h| h.set_size(u64::MAX / 2));
        assert!(read_in_memory(&lying).is_none());
    }

    #[test]
    fn refuses_a_missing_attachment_and_a_plaintext_that_is_not_a_container() {
        let container = reply(&[("a.txt", b"first")]);
        let at = first_attachment_offset(&container);
        assert!(read_in_memory(&container[..at]).is_none());
        assert!(read_in_memory(b"not a container at all").is_none());
    }
}
