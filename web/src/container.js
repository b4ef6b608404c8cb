/**
 * The tip container: the plaintext inside every age file, a POSIX tar (ustar)
 * stream that stock `tar -t` lists.
 *
 * Layout (the same as `tip::TipWriter` on the Rust side):
 *
 * 1. `tip.json`: version, kind, how it was encrypted, language, the message,
 *    the attachment list (sanitised name, size, media type), and optionally
 *    the mailbox id and the source's reply recipient, and a first tip's
 *    follow-up key or a follow-up's proof (followup.js);
 * 2. `files/<sanitised name>` for each attachment, byte for byte;
 * 3. the end-of-archive marker (two zero blocks);
 * 4. zero padding up to the Padmé length, so sizes leak only O(log log n) bits.
 *
 * Headers are deterministic (mode 0644, uid/gid 0, mtime 0, empty user and
 * group names): nothing about the source's machine or the time of writing
 * leaks into the container.
 *
 * The container is produced as a stream of parts: attachments are read with
 * `Blob.slice()` a piece at a time, so memory stays bounded whatever the size
 * of the files, and the total length is known before the first byte is read.
 *
 * Main items: {@link buildMeta}, {@link describeAttachments},
 * {@link containerLength}, {@link containerParts}, {@link containerStream}.
 *
 * @module container
 */

import { padme } from "./padme.js";
import { uniqueSafeNames, wellFormed } from "./sanitize.js";

/** Version of the `tip.json` format this client writes. */
export const FORMAT_VERSION = 1;

/** Tar's unit: headers and content are padded to 512-byte blocks. */
export const BLOCK_SIZE = 512;

/** End-of-archive: two zero blocks. */
const END_OF_ARCHIVE_SIZE = 2 * BLOCK_SIZE;

/** ustar's size field holds 11 octal digits: entries must be smaller than 8 GiB. */
export const MAX_ENTRY_SIZE = 8 ** 11 - 1;

/** Bytes read from a Blob at a time: small enough to keep the page responsive while encrypting. */
export const DEFAULT_READ_SIZE = 256 * 1024;

/**
 * Largest `tip.json` the Rust reader accepts as a container (`Limits::max_meta_bytes`);
 * a larger first entry would be opened as unrecognised content.
 */
export const MAX_META_BYTES = 16 * 1024 * 1024;

/** Most attachments the Rust reader extracts (`Limits::max_entries`). */
export const MAX_ATTACHMENTS = 10_000;

/** Media type used when the browser reports none, or one that is not a plain `type/subtype`. */
export const DEFAULT_MEDIA_TYPE = "application/octet-stream";

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/u;
const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/iu;

const encoder = new TextEncoder();

/** Failure to build a container (a file that changed while read, a size tar cannot hold, ...). */
export class ContainerError extends Error {
  constructor(message) {
    super(message);
    this.name = "ContainerError";
  }
}

/**
 * Turns browser `File`s (or any `{name, type, size, slice()}`) into attachments
 * with sanitised, unique names and plain media types.
 *
 * @param {ArrayLike<Blob & {name: string}>} files
 * @returns {{name: string, size: number, mediaType: string, blob: Blob}[]}
 */
export function describeAttachments(files) {
  const list = Array.from(files);
  const names = uniqueSafeNames(list.map((file) => file.name));
  return list.map((file, index) => ({
    name: names[index],
    size: file.size,
    mediaType: plainMediaType(file.type),
    blob: file,
  }));
}

/** `type` lower-cased if it is a plain `type/subtype`, otherwise the generic binary type. */
export function plainMediaType(type) {
  const lower = String(type ?? "").trim().toLowerCase();
  return MEDIA_TYPE.test(lower) ? lower : DEFAULT_MEDIA_TYPE;
}

/**
 * The `tip.json` object, with its fields in the order the Rust side writes
 * them (`tip::TipMeta`).
 *
 * @param {object} tip
 * @param {string} tip.message the source's message (may be empty)
 * @param {string} tip.language the page's locale, e.g. `en`, `fa`
 * @param {{name: string, size: number, mediaType: string}[]} tip.attachments
 * @param {string} [tip.kind] `tip` (default), `followup` or `reply`
 * @param {string} [tip.mailbox] mailbox id, when the source asked for replies
 * @param {string} [tip.replyRecipient] the source's `age1…` reply recipient
 * @param {string} [tip.followupKey] a first tip's follow-up key (64 hex; see followup.js)
 * @param {string} [tip.followupProof] a follow-up's proof (64 hex; see followup.js)
 */
export function buildMeta({
  message,
  language,
  attachments,
  kind = "tip",
  mailbox,
  replyRecipient,
  followupKey,
  followupProof,
}) {
  const meta = {
    version: FORMAT_VERSION,
    kind,
    encrypted_by: "browser",
    language: LANGUAGE_TAG.test(language ?? "") ? language : "en",
    message: wellFormed(String(message ?? "")),
    attachments: attachments.map(({ name, size, mediaType }) => ({
      name,
      size,
      media_type: mediaType,
    })),
  };
  if (mailbox !== undefined) {
    meta.mailbox = mailbox;
  }
  if (replyRecipient !== undefined) {
    meta.reply_recipient = replyRecipient;
  }
  if (followupKey !== undefined) {
    meta.followup_key = followupKey;
  }
  if (followupProof !== undefined) {
    meta.followup_proof = followupProof;
  }
  return meta;
}

/**
 * `tip.json` as written: pretty JSON, two-space indent, UTF-8 (as serde_json's
 * pretty printer). Refuses what the newsroom's reader would not open as a tip.
 */
export function encodeMeta(meta) {
  if (meta.attachments.length > MAX_ATTACHMENTS) {
    throw new ContainerError(`a tip can carry at most ${MAX_ATTACHMENTS} files`);
  }
  const json = encoder.encode(JSON.stringify(meta, null, 2));
  if (json.length > MAX_META_BYTES) {
    throw new ContainerError(`the message is too long (at most ${MAX_META_BYTES / (1024 * 1024)} MiB)`);
  }
  return json;
}

/** `size` rounded up to whole tar blocks. */
function blocks(size) {
  return Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
}

/** Length of the container before padding: entries, then the end-of-archive marker. */
export function unpaddedLength(metaLength, attachments) {
  let length = BLOCK_SIZE + blocks(metaLength);
  for (const { size } of attachments) {
    length += BLOCK_SIZE + blocks(size);
  }
  return length + END_OF_ARCHIVE_SIZE;
}

/**
 * Total length of the container, padding included, known before any byte of
 * the attachments is read (the ciphertext size, and so the upload, depends on it).
 */
export function containerLength(meta) {
  return padme(unpaddedLength(encodeMeta(meta).length, meta.attachments));
}

/** Writes `value` as zero-padded octal ending in NUL, filling `length` bytes at `offset`. */
function writeOctal(header, offset, length, value) {
  const digits = value.toString(8).padStart(length - 1, "0");
  if (digits.length > length - 1) {
    throw new ContainerError(`value ${value} does not fit a ${length}-byte tar field`);
  }
  header.set(encoder.encode(digits), offset);
  header[offset + length - 1] = 0;
}

/**
 * A ustar header for a regular file at `path` of `size` bytes, with the fixed
 * metadata every tipbox container uses.
 *
 * Field offsets are POSIX.1-1988 ustar: name 0, mode 100, uid 108, gid 116,
 * size 124, mtime 136, chksum 148, typeflag 156, magic 257, version 263,
 * uname 265, gname 297.
 */
export function tarHeader(path, size) {
  const name = encoder.encode(path);
  if (name.length > 100) {
    throw new ContainerError(`entry name is ${name.length} bytes, ustar allows 100`);
  }
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_ENTRY_SIZE) {
    throw new ContainerError(`entry size ${size} is beyond what a tar header can hold`);
  }
  const header = new Uint8Array(BLOCK_SIZE);
  header.set(name, 0);
  writeOctal(header, 100, 8, 0o644); // mode: rw-r--r--
  writeOctal(header, 108, 8, 0); // uid
  writeOctal(header, 116, 8, 0); // gid
  writeOctal(header, 124, 12, size);
  writeOctal(header, 136, 12, 0); // mtime: the epoch, never the real time
  header[156] = 0x30; // typeflag '0': regular file
  header.set(encoder.encode("ustar\0"), 257);
  header.set(encoder.encode("00"), 263);
  // uname and gname stay empty: no account name leaves the machine.
  // The checksum is the byte sum with the checksum field itself read as spaces.
  header.fill(0x20, 148, 156);
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  writeOctal(header, 148, 8, checksum);
  return header;
}

/** The zero bytes (if any) that complete an entry of `size` bytes to a whole block. */
function* blockPadding(size, emit) {
  if (blocks(size) > size) {
    yield emit(new Uint8Array(blocks(size) - size));
  }
}

/**
 * Reads `blob` a piece at a time. Fails if it yields fewer or more bytes than
 * `size` (a file changed on disk while it was being read): the tar header has
 * already promised `size` bytes, so anything else would corrupt the container.
 */
async function* readBlob(blob, size, readSize) {
  let offset = 0;
  while (offset < size) {
    const end = Math.min(offset + readSize, size);
    const piece = new Uint8Array(await blob.slice(offset, end).arrayBuffer());
    if (piece.length !== end - offset) {
      throw new ContainerError("a file changed while it was being read; please choose it again");
    }
    offset = end;
    yield piece;
  }
  if (blob.size !== size) {
    throw new ContainerError("a file changed while it was being read; please choose it again");
  }
}

/** `count` zero bytes, in pieces of at most `pieceSize`. */
function* zeros(count, pieceSize) {
  for (let left = count; left > 0; left -= pieceSize) {
    yield new Uint8Array(Math.min(left, pieceSize));
  }
}

/**
 * The container as an async sequence of byte parts.
 *
 * @param {object} meta from {@link buildMeta}
 * @param {{name: string, size: number, blob: Blob}[]} attachments in the order of `meta.attachments`
 * @param {{readSize?: number}} [options]
 * @returns {AsyncGenerator<Uint8Array>}
 */
export async function* containerParts(meta, attachments, { readSize = DEFAULT_READ_SIZE } = {}) {
  checkAttachmentsMatch(meta, attachments);
  const json = encodeMeta(meta);
  const total = padme(unpaddedLength(json.length, attachments));
  let written = 0;

  const emit = (bytes) => {
    written += bytes.length;
    return bytes;
  };

  yield emit(tarHeader("tip.json", json.length));
  yield emit(json);
  yield* blockPadding(json.length, emit);
  for (const { name, size, blob } of attachments) {
    yield emit(tarHeader(`files/${name}`, size));
    for await (const piece of readBlob(blob, size, readSize)) {
      yield emit(piece);
    }
    yield* blockPadding(size, emit);
  }
  yield emit(new Uint8Array(END_OF_ARCHIVE_SIZE));
  yield* zeros(total - written, readSize);
}

/** The attachment list in `tip.json` must describe exactly the files that follow, in order. */
function checkAttachmentsMatch(meta, attachments) {
  const listed = meta.attachments;
  const same =
    listed.length === attachments.length &&
    listed.every(({ name, size }, index) => name === attachments[index].name && size === attachments[index].size);
  if (!same) {
    throw new ContainerError("tip.json's attachment list does not match the attached files");
  }
}

/**
 * The container as a `ReadableStream` that reads the attachments only as fast
 * as its consumer (the encrypter, then the upload) pulls: memory stays bounded.
 */
export function containerStream(meta, attachments, options) {
  const parts = containerParts(meta, attachments, options);
  return new ReadableStream(
    {
      async pull(controller) {
        const { value, done } = await parts.next();
        if (done) {
          controller.close();
        } else {
          controller.enqueue(value);
        }
      },
      async cancel() {
        await parts.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
