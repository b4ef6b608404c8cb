/**
 * File names that are safe on every file system the newsroom may use.
 *
 * A name comes from the source's browser and ends up as `files/<name>` in the
 * tar container and then as a file on the air-gapped machine, so it is treated
 * as hostile: path separators could escape the output folder, control and
 * bidi-override characters can disguise `exe.txt` as `txt.exe`, leading dots
 * hide files, Windows refuses reserved names like `CON`. The rules mirror
 * `tip::sanitize_name` on the Rust side (which re-sanitises on extraction), and
 * are at least as strict, so a name written here survives extraction intact.
 *
 * @module sanitize
 */

/** Longest sanitised name in bytes of UTF-8: `files/` + 90 fits ustar's 100-byte name field. */
export const MAX_NAME_BYTES = 90;

/** What an empty or entirely unsafe name becomes. */
export const FALLBACK_NAME = "attachment";

/** Extensions longer than this are not worth keeping when a long name is cut. */
const MAX_KEPT_EXTENSION_BYTES = 16;

/**
 * Characters that never appear in a sanitised name:
 * - C0 and C1 control characters (NUL, newline, escape, ...);
 * - path separators `/` and `\`, and the other characters Windows refuses: `< > : " | ? *`;
 * - Unicode bidi controls that reorder what the reader sees: ALM U+061C,
 *   LRM/RLM U+200E-U+200F, embeddings and overrides U+202A-U+202E,
 *   isolates U+2066-U+2069.
 */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f/\\<>:"|?*\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** Unpaired UTF-16 surrogates, which have no UTF-8 encoding. */
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

/** Device names Windows reserves, with or without an extension (`con.txt` too). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/iu;

const encoder = new TextEncoder();

/** Length in bytes of `text` encoded as UTF-8. */
export function utf8Length(text) {
  return encoder.encode(text).length;
}

/**
 * Replaces unpaired surrogates with U+FFFD so that the string has a UTF-8
 * encoding (a textarea can hold them; serde_json would reject them).
 */
export function wellFormed(text) {
  return text.replace(LONE_SURROGATES, "\ufffd");
}

/** The longest prefix of `text` (whole code points) that fits in `maxBytes` of UTF-8. */
function truncateUtf8(text, maxBytes) {
  let out = "";
  let bytes = 0;
  for (const codePoint of text) {
    const size = utf8Length(codePoint);
    if (bytes + size > maxBytes) {
      break;
    }
    out += codePoint;
    bytes += size;
  }
  return out;
}

/** Drops leading dots and spaces (hidden files, names that look empty). */
function trimLeading(name) {
  return name.replace(/^[. ]+/u, "");
}

/** Drops trailing dots and spaces (Windows strips them silently, changing the name). */
function trimTrailing(name) {
  return name.replace(/[. ]+$/u, "");
}

/**
 * Cuts `name` to at most MAX_NAME_BYTES of UTF-8 on a code point boundary,
 * keeping a short extension so the newsroom still sees what kind of file it is.
 */
function shorten(name) {
  if (utf8Length(name) <= MAX_NAME_BYTES) {
    return name;
  }
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? name.slice(dot) : "";
  if (extension !== "" && utf8Length(extension) <= MAX_KEPT_EXTENSION_BYTES) {
    const stem = trimTrailing(truncateUtf8(name.slice(0, dot), MAX_NAME_BYTES - utf8Length(extension)));
    if (stem !== "") {
      return stem + extension;
    }
  }
  return trimTrailing(truncateUtf8(name, MAX_NAME_BYTES));
}

/**
 * A file name that is safe on every file system the newsroom may use: no path
 * separators, no control or bidi-control characters, no leading dots or
 * spaces, no trailing dots or spaces, no reserved Windows names, at most 90
 * bytes of UTF-8; never empty.
 *
 * Unsafe characters become `_` (rather than vanishing) so that `a/b` and `ab`
 * stay distinguishable. The result is NFC-normalised, and sanitising it again
 * gives the same name.
 *
 * @param {string} name the name as the browser reported it
 * @returns {string}
 */
export function sanitizeName(name) {
  let safe = wellFormed(String(name)).normalize("NFC").replace(UNSAFE_CHARACTERS, "_");
  safe = trimTrailing(trimLeading(safe));
  if (WINDOWS_RESERVED.test(safe)) {
    safe = `_${safe}`;
  }
  safe = shorten(safe);
  return safe === "" ? FALLBACK_NAME : safe;
}

/**
 * Sanitises every name and makes them unique, ignoring case (the newsroom's
 * file system may not tell `A.txt` from `a.txt`, and the container reader
 * refuses duplicates): the second `report.pdf` becomes `report (2).pdf`.
 *
 * @param {string[]} names
 * @returns {string[]} sanitised names, in the same order
 */
export function uniqueSafeNames(names) {
  const taken = new Set();
  return names.map((original) => {
    const base = sanitizeName(original);
    let candidate = base;
    for (let copy = 2; taken.has(candidate.toLowerCase()); copy += 1) {
      candidate = withSuffix(base, ` (${copy})`);
    }
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

/** `base` with `suffix` inserted before its extension, still within MAX_NAME_BYTES. */
function withSuffix(base, suffix) {
  const dot = base.lastIndexOf(".");
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const extension = dot > 0 ? base.slice(dot) : "";
  const room = MAX_NAME_BYTES - utf8Length(suffix) - utf8Length(extension);
  const cut = trimTrailing(truncateUtf8(stem, Math.max(room, 0)));
  return sanitizeName(`${cut}${suffix}${extension}`);
}
