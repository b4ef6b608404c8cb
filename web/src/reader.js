/**
 * Reads a decrypted reply in the page: the same tar container a tip uses
 * (`tip.json`, `files/…`, end-of-archive, zero padding; see `container.js`),
 * written by `tipbox-decrypt reply`.
 *
 * The bytes are treated as hostile even though they authenticated: every
 * header's checksum and size is checked against what is left, `tip.json` must
 * be a JSON object, names are sanitised again before they become download
 * names, and nothing is ever rendered as HTML. A plaintext that is not a
 * container is not dropped: it is offered whole as one attachment, marked as
 * such (as `tipbox-decrypt open` does on the newsroom's side).
 *
 * Main item: {@link readContainer}.
 *
 * @module reader
 */

import { BLOCK_SIZE, DEFAULT_MEDIA_TYPE, plainMediaType } from "./container.js";
import { uniqueSafeNames } from "./sanitize.js";

/** Name offered for a plaintext that is not a tipbox container. */
export const UNRECOGNISED_NAME = "reply.bin";

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Why bytes are not a tipbox container (internal: the caller falls back to one attachment). */
class NotAContainer extends Error {}

/** A NUL-terminated text field of a ustar header. */
function textField(header, offset, length) {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

/** An octal numeric field (digits, then NUL or space). */
function octalField(header, offset, length) {
  const digits = textField(header, offset, length).trim();
  if (!/^[0-7]{1,11}$/u.test(digits)) {
    throw new NotAContainer(`bad number in a tar header at offset ${offset}`);
  }
  return Number.parseInt(digits, 8);
}

function isZero(bytes) {
  return bytes.every((byte) => byte === 0);
}

/** The header at `offset`, checked: checksum right, a regular file, its content inside `bytes`. */
function entryAt(bytes, offset) {
  const header = bytes.subarray(offset, offset + BLOCK_SIZE);
  const stored = octalField(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK_SIZE; i += 1) {
    sum += i >= 148 && i < 156 ? 0x20 : header[i];
  }
  if (stored !== sum) {
    throw new NotAContainer("a tar header's checksum is wrong");
  }
  const typeflag = header[156];
  if (typeflag !== 0x30 && typeflag !== 0) {
    throw new NotAContainer("a tar entry is not a regular file");
  }
  const size = octalField(header, 124, 12);
  const start = offset + BLOCK_SIZE;
  if (size > bytes.length - start) {
    throw new NotAContainer("a tar entry runs past the end of the reply");
  }
  return {
    path: textField(header, 0, 100),
    content: bytes.subarray(start, start + size),
    next: start + Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE,
  };
}

/** All entries up to the end-of-archive marker. */
function entries(bytes) {
  const found = [];
  let offset = 0;
  for (;;) {
    if (offset + BLOCK_SIZE > bytes.length) {
      throw new NotAContainer("the reply ends without an end-of-archive marker");
    }
    if (isZero(bytes.subarray(offset, offset + BLOCK_SIZE))) {
      return found;
    }
    const entry = entryAt(bytes, offset);
    found.push(entry);
    offset = entry.next;
  }
}

/** The container's parts, or NotAContainer. */
function parse(bytes) {
  const [first, ...rest] = entries(bytes);
  if (first?.path !== "tip.json") {
    throw new NotAContainer("the first entry is not tip.json");
  }
  let meta;
  try {
    meta = JSON.parse(decoder.decode(first.content));
  } catch {
    throw new NotAContainer("tip.json is not JSON");
  }
  if (meta === null || typeof meta !== "object" || Array.isArray(meta)) {
    throw new NotAContainer("tip.json is not an object");
  }
  const files = rest.filter((entry) => entry.path.startsWith("files/"));
  const listed = Array.isArray(meta.attachments) ? meta.attachments : [];
  const names = uniqueSafeNames(files.map((entry) => entry.path.slice("files/".length)));
  return {
    kind: typeof meta.kind === "string" ? meta.kind : "",
    message: typeof meta.message === "string" ? meta.message : "",
    files: files.map((entry, index) => ({
      name: names[index],
      mediaType: plainMediaType(listed[index]?.media_type),
      bytes: entry.content,
    })),
    recognised: true,
  };
}

/**
 * The message and files of a decrypted reply.
 *
 * @param {Uint8Array} bytes the whole plaintext (age-decrypted, authenticated)
 * @returns {{kind: string, message: string, files: {name: string, mediaType: string, bytes: Uint8Array}[], recognised: boolean}}
 *   `recognised` is false when the bytes were not a tipbox container and are
 *   offered whole as {@link UNRECOGNISED_NAME}
 */
export function readContainer(bytes) {
  try {
    return parse(bytes);
  } catch (error) {
    if (!(error instanceof NotAContainer || error instanceof TypeError)) {
      throw error;
    }
    return {
      kind: "",
      message: "",
      files: [{ name: UNRECOGNISED_NAME, mediaType: DEFAULT_MEDIA_TYPE, bytes }],
      recognised: false,
    };
  }
}
