/**
 * File names that are safe on every file system the newsroom may use.
 *
 * A name comes from the source's browser and ends up as `files/<name>` in the
 * tar container and then as a file on the air-gapped machine, so it is treated
 * as hostile: path separators could escape the output folder, control and
 * bidi-override characters can disguise `exe.txt` as `txt.exe`, leading dots
 * hide files, Windows refuses reserved names like `CON`. The rules are those
 * of `tip::sanitize_name` on the Rust side (which re-sanitises on extraction),
 * so a name written here survives extraction intact.
 *
 * @module sanitize
 */

/** Longest sanitised name in bytes of UTF-8: `files/` + 90 fits ustar's 100-byte name field. */
export const MAX_NAME_BYTES = 90;

/** What an empty or entirely unsafe name becomes. */
export const FALLBACK_NAME = "attachment";

/** Extensions longer than this are not kept when a long name is cut: they are part of the name, not a type. */
const MAX_KEPT_EXTENSION_BYTES = 20;

/**
 * Characters dropped outright, as on the Rust side:
 * - C0 and C1 control characters (NUL, newline, escape, DEL, ...);
 * - Unicode bidi controls that reorder what the reader sees: ALM U+061C,
 *   LRM/RLM U+200E-U+200F, embeddings and overrides U+202A-U+202E,
 *   isolates U+2066-U+2069;
 * - line and paragraph separators U+2028-U+2029, and the zero-width
 *   characters U+200B-U+200D, U+2060, U+FEFF.
 */
const INVISIBLE_CHARACTERS =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\u2060\ufeff]/gu;

/**
 * Characters replaced by `_`: path separators `/` and `\`, and the other
 * characters Windows refuses (`:` would also open an NTFS alternate data stream).
 */
const FORBIDDEN_CHARACTERS = /[/\\<>:"|?*]/gu;

/** Unpaired UTF-16 surrogates, which have no UTF-8 encoding. */
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

/**
 * Device names Windows resolves whatever the extension (`con.txt` is the
 * console): the part before the first dot, trailing white space ignored.
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9\u00b9\u00b2\u00b3]|lpt[1-9\u00b9\u00b2\u00b3]|conin\$|conout\$)\s*(\.|$)/iu;

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

/** Drops hidden-file dots and white space at the start, Windows-stripped dots and white space at the end. */
function trimEnds(name) {
  return name.replace(/^[.\s]+/u, "").replace(/[.\s]+$/u, "");
}

/**
 * Cuts `name` to at most `maxBytes` of UTF-8 on a code point boundary,
 * keeping a short extension so the newsroom still sees what kind of file it is.
 */
function truncateKeepingExtension(name, maxBytes) {
  if (utf8Length(name) <= maxBytes) {
    return name;
  }
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 && utf8Length(name.slice(dot)) <= MAX_KEPT_EXTENSION_BYTES ? name.slice(dot) : "";
  const stem = name.slice(0, name.length - extension.length);
  return truncateUtf8(stem, maxBytes - utf8Length(extension)) + extension;
}

/**
 * A file name that is safe on every file system the newsroom may use: no path
 * separators, no control, bidi-control or zero-width characters, no leading
 * dots or white space, no trailing dots or white space, no reserved Windows
 * names, at most 90 bytes of UTF-8; never empty.
 *
 * The steps are those of `tip::sanitize_name`, so a file gets the same name
 * whether the page or the server (no-JavaScript path) sealed it, and the
 * reader's own sanitising leaves the name unchanged. Two additions that the
 * Rust side, working on valid Unicode as sent, has no need for: lone
 * surrogates become U+FFFD, and the name is NFC-normalised (macOS reports
 * names decomposed).
 *
 * @param {string} name the name as the browser reported it
 * @returns {string}
 */
export function sanitizeName(name) {
  const visible = wellFormed(String(name))
    .normalize("NFC")
    .replace(INVISIBLE_CHARACTERS, "")
    .replace(FORBIDDEN_CHARACTERS, "_");
  let safe = trimEnds(truncateKeepingExtension(trimEnds(visible), MAX_NAME_BYTES));
  if (WINDOWS_RESERVED.test(safe)) {
    // Checked after cutting, because a cut can leave "CON" behind.
    safe = trimEnds(truncateKeepingExtension(`_${safe}`, MAX_NAME_BYTES));
  }
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
  const cut = truncateUtf8(stem, Math.max(room, 0));
  return sanitizeName(`${cut}${suffix}${extension}`);
}
