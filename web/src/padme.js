/**
 * Padmé padding (Nikitin et al., "Reducing Metadata Leakage from Encrypted
 * Files and Communication with PURBs", PETS 2019, section 4).
 *
 * A container of L bytes is padded with zeros to padme(L) bytes: at most 12%
 * more, and the padded length reveals only O(log log L) bits of L, so a
 * seized server or a network observer cannot tell apart files of nearby sizes.
 * Must give the same values as `tip::padme` on the Rust side.
 *
 * @module padme
 */

/** Largest length this module handles exactly (JavaScript numbers are doubles). */
export const MAX_PADME_INPUT = Number.MAX_SAFE_INTEGER;

/**
 * floor(log2(n)) for a positive safe integer, computed without floating point
 * (Math.log2 rounds up just below powers of two, e.g. 2^53 - 1).
 */
function floorLog2(n) {
  let e = 0;
  let power = 1;
  while (power * 2 <= n) {
    power *= 2;
    e += 1;
  }
  return e;
}

/**
 * The Padmé length for content of `len` bytes.
 *
 * E = floor(log2 L), S = floor(log2 E) + 1, lastBits = E - S; the result is L
 * rounded up to a multiple of 2^lastBits. Lengths 0, 1 and 2 have nothing to
 * hide in their low bits and are returned unchanged (lastBits would be negative
 * or undefined there).
 *
 * @param {number} len content length in bytes, a non-negative safe integer
 * @returns {number} the padded length, >= len
 */
export function padme(len) {
  if (!Number.isSafeInteger(len) || len < 0) {
    throw new RangeError(`padme: length must be a non-negative safe integer, got ${len}`);
  }
  if (len <= 2) {
    return len;
  }
  const e = floorLog2(len);
  const s = floorLog2(e) + 1;
  const lastBits = e - s;
  // Powers of two are exact in doubles, and len rounded up to a multiple of
  // one stays below 2^53 for the sizes we handle, so no bitwise (32-bit) maths.
  const step = 2 ** lastBits;
  return Math.ceil(len / step) * step;
}
