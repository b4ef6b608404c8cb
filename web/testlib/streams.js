// Helpers shared by the tests: collecting streams, deterministic content,
// and a Blob stand-in that produces its bytes on demand (so a test can stream
// many MiB without allocating them) and records how it is read.

/** Concatenates Uint8Arrays. */
export function concat(parts) {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** All bytes of a ReadableStream or an async iterable of Uint8Array. */
export async function collect(source) {
  const parts = [];
  if (source instanceof ReadableStream) {
    const reader = source.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parts.push(value);
    }
  } else {
    for await (const part of source) parts.push(part);
  }
  return concat(parts);
}

/** Byte i of the deterministic pattern used for test content. */
export function patternByte(seed, i) {
  return (i * 31 + seed * 7 + (i >>> 9)) & 0xff;
}

/** `length` bytes of the pattern starting at `start`. */
export function pattern(seed, length, start = 0) {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) out[i] = patternByte(seed, start + i);
  return out;
}

/**
 * A Blob-like file whose content is the pattern, generated per slice. Records
 * the largest slice read; `shrinkTo` makes it look like the file was truncated
 * on disk after it was chosen.
 */
export class PatternFile {
  constructor({ name, size, type = "", seed = 1, shrinkTo }) {
    this.name = name;
    this.size = size;
    this.type = type;
    this.seed = seed;
    this.shrinkTo = shrinkTo;
    this.largestSlice = 0;
    this.slices = 0;
  }

  slice(start, end) {
    const available = this.shrinkTo ?? this.size;
    const from = Math.min(start, available);
    const to = Math.min(end, available);
    this.largestSlice = Math.max(this.largestSlice, end - start);
    this.slices += 1;
    const bytes = pattern(this.seed, to - from, from);
    return { arrayBuffer: async () => bytes.buffer };
  }
}

/** A ReadableStream that yields `bytes` in pieces of `pieceSize`. */
export function streamOf(bytes, pieceSize = 1000) {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + pieceSize));
      offset += pieceSize;
    },
  });
}
