// A deliberately small ustar reader for the tests: it checks what the writer
// promises (checksums, fixed metadata, block alignment, end-of-archive, zero
// padding) instead of trusting it. Not for production input.

const decoder = new TextDecoder("utf-8", { fatal: true });
export const BLOCK = 512;

/** NUL-terminated text field. */
function text(block, offset, length) {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

/** Octal numeric field, as written: digits then NUL (or space). */
function octal(block, offset, length) {
  const digits = text(block, offset, length).trim();
  if (!/^[0-7]+$/.test(digits)) {
    throw new Error(`bad octal field at ${offset}: ${JSON.stringify(digits)}`);
  }
  return parseInt(digits, 8);
}

function isZeroBlock(block) {
  return block.every((byte) => byte === 0);
}

/**
 * Parses a whole container. Returns the entries (header fields, raw header
 * fields and content), the offset just after the end-of-archive marker, and
 * the bytes after it (the padding).
 */
export function readTar(bytes) {
  const entries = [];
  let offset = 0;
  for (;;) {
    if (offset + BLOCK > bytes.length) {
      throw new Error("archive ends without an end-of-archive marker");
    }
    const block = bytes.subarray(offset, offset + BLOCK);
    if (isZeroBlock(block)) {
      const second = bytes.subarray(offset + BLOCK, offset + 2 * BLOCK);
      if (second.length !== BLOCK || !isZeroBlock(second)) {
        throw new Error("end-of-archive marker is not two zero blocks");
      }
      offset += 2 * BLOCK;
      break;
    }
    const stored = octal(block, 148, 8);
    const copy = Uint8Array.from(block);
    copy.fill(0x20, 148, 156);
    const computed = copy.reduce((sum, byte) => sum + byte, 0);
    if (stored !== computed) {
      throw new Error(`header checksum ${stored} != ${computed}`);
    }
    const size = octal(block, 124, 12);
    const entry = {
      name: text(block, 0, 100),
      mode: octal(block, 100, 8),
      uid: octal(block, 108, 8),
      gid: octal(block, 116, 8),
      size,
      mtime: octal(block, 136, 12),
      typeflag: String.fromCharCode(block[156]),
      linkname: text(block, 157, 100),
      magic: block.subarray(257, 263),
      version: block.subarray(263, 265),
      uname: text(block, 265, 32),
      gname: text(block, 297, 32),
      prefix: text(block, 345, 155),
      rawMode: block.subarray(100, 108),
      content: bytes.subarray(offset + BLOCK, offset + BLOCK + size),
      contentPadding: bytes.subarray(offset + BLOCK + size, offset + BLOCK + Math.ceil(size / BLOCK) * BLOCK),
    };
    if (entry.content.length !== size) {
      throw new Error(`entry ${entry.name} is cut short`);
    }
    entries.push(entry);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return { entries, endOfArchive: offset, padding: bytes.subarray(offset) };
}
