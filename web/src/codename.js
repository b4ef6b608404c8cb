/**
 * The source's codename and the keys derived from it, in the page
 * (`/work/plan/CONVERSATIONS.md`, "Codename" and "Keys from the codename";
 * the Rust side is `conversation::Codename`).
 *
 * - A codename is 7 words drawn uniformly from the EFF large wordlist (7776
 *   words, 7 × 12.9 ≈ 90 bits) with `crypto.getRandomValues` and rejection
 *   sampling (no modulo bias).
 * - What a source types is normalised (Unicode lower case; any whitespace,
 *   line breaks and NBSP included, separates words) and validated (exactly 7
 *   list words) before anything is derived or sent.
 * - One slow KDF gives everything else:
 *
 *   ```text
 *   dk      = scrypt(codename, salt = "tipbox codename v1", N = 2^CODENAME_LOG_N, r = 8, p = 1, 64 bytes)
 *   token   = dk[0..32]          sent to the server as 64 lower-case hex (never in a URL)
 *   mailbox = hex(SHA-256(token)) all the server stores; also tip.json's `mailbox`
 *   reply   = hybrid seed HKDF-SHA-256(dk, salt = "tipbox codename v1", info = "tipbox hybrid reply key v1", 32)
 *             (AGE-SECRET-KEY-PQ-1…); its age1pq1… recipient goes into tip.json
 *   classic reply = X25519 secret dk[32..64] (AGE-SECRET-KEY-1…): what conversations begun
 *             before reply keys became hybrid named; kept only to read their replies
 *   followup_key = HKDF-SHA-256(dk, salt = "tipbox codename v1", info = "tipbox follow-up key v1", 32)
 *                  a first tip carries it inside its ciphertext; follow-ups are MACed with it (followup.js)
 *   ```
 *
 * The wordlist is not in the bundle (it would double the bundle's size): the
 * page fetches it from `static/wordlist.txt` and checks it against the SHA-256
 * baked in here, so a server cannot hand out a shorter list that makes
 * codenames guessable without also changing this script.
 *
 * Main items: {@link Wordlist}, {@link fetchWordlist}, {@link generateCodename},
 * {@link parseCodename}, {@link deriveKeys}.
 *
 * @module codename
 */

import { identityToRecipient } from "age-encryption";
import { hkdf } from "@noble/hashes/hkdf.js";
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bech32 } from "@scure/base";

/** Words in a codename: 7 × log2(7776) ≈ 90 bits. */
export const CODENAME_WORDS = 7;

/** Words in the EFF large list: 6^5, five dice per word. */
export const WORD_COUNT = 7776;

/**
 * scrypt work factor (log2 N) of the codename KDF, with r = 8, p = 1. Must
 * equal the Rust constant `conversation::CODENAME_LOG_N`; the shared test
 * vector (web/test/codename.test.js and the Rust test) proves they agree.
 * 2^12 needs 4 MiB and keeps Firefox at Tor Browser's Safer level (no JIT)
 * to a few seconds (2^14 took about 12 s there); the codename's 90 bits, not
 * the KDF, are what stop guessing. Figures in docs/CONVERSATIONS.md.
 */
export const CODENAME_LOG_N = 12;

/** The KDF's salt (ASCII): a fixed domain separator, so one codename gives one mailbox everywhere. */
export const CODENAME_SALT = "tipbox codename v1";

/** HKDF `info` of the follow-up key (ASCII); the Rust side is `conversation::proof::FOLLOWUP_KEY_INFO`. */
export const FOLLOWUP_KEY_INFO = "tipbox follow-up key v1";

/** HKDF `info` of the hybrid reply key's seed (ASCII); the Rust side is `conversation::HYBRID_REPLY_KEY_INFO`. */
export const HYBRID_REPLY_KEY_INFO = "tipbox hybrid reply key v1";

/** SHA-256 of `crates/core/src/conversation/eff_large_wordlist.txt` (lines `11111	abacus`), as the server serves it. */
export const WORDLIST_SHA256 = "addd35536511597a02fa0a9ff1e5284677b8883b83e986e43f15a3db996b903e";

/** Where the server serves the wordlist, relative to the site root. */
export const WORDLIST_PATH = "static/wordlist.txt";

/**
 * What separates words: exactly what Rust's `str::split_whitespace` splits on
 * (Unicode White_Space), so that the page and the server accept the same
 * typed codenames. (JavaScript's `\s` differs: it has U+FEFF, lacks U+0085.)
 */
const WHITESPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

/** Why a typed codename is not one. `message` is shown to the source as it is. */
export class CodenameError extends Error {
  /**
   * @param {"count"|"word"} problem which rule was broken
   * @param {string} message
   * @param {{count?: number, word?: string}} details the typed word count, or the word not in the list
   */
  constructor(problem, message, details) {
    super(message);
    this.name = "CodenameError";
    this.problem = problem;
    Object.assign(this, details);
  }
}

/** The wordlist could not be fetched, or is not the expected list. */
export class WordlistError extends Error {
  constructor(message) {
    super(message);
    this.name = "WordlistError";
  }
}

/** The EFF large wordlist, checked: 7776 distinct words in list order. */
export class Wordlist {
  /** @param {string[]} words */
  constructor(words) {
    if (words.length !== WORD_COUNT || new Set(words).size !== WORD_COUNT) {
      throw new WordlistError(`a codename wordlist has ${WORD_COUNT} distinct words`);
    }
    this.words = words;
    this.index = new Map(words.map((word, position) => [word, position]));
  }

  /**
   * Parses the file as served (`11111\tabacus` lines) after checking its
   * SHA-256: any other list is refused, whatever it looks like.
   *
   * @param {Uint8Array} bytes
   */
  static fromFile(bytes) {
    if (toHex(sha256(bytes)) !== WORDLIST_SHA256) {
      throw new WordlistError("the codename wordlist from the server is not the expected one");
    }
    const lines = new TextDecoder().decode(bytes).split("\n");
    if (lines.at(-1) === "") {
      lines.pop();
    }
    return new Wordlist(lines.map((line) => line.slice(line.indexOf("\t") + 1)));
  }

  /** The word at `position` (0 ≤ position < 7776). */
  word(position) {
    return this.words[position];
  }

  has(word) {
    return this.index.has(word);
  }
}

/**
 * Fetches and checks the wordlist (relative to `base`, the page's URL).
 *
 * @param {{base: string|URL, fetch?: typeof fetch}} options
 * @returns {Promise<Wordlist>}
 */
export async function fetchWordlist({ base, fetch: fetchImpl = globalThis.fetch }) {
  let bytes;
  try {
    const response = await fetchImpl(new URL(WORDLIST_PATH, base), {
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
    });
    if (!response.ok) {
      throw new WordlistError(`the server answered ${response.status} when asked for the codename wordlist`);
    }
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof WordlistError) {
      throw error;
    }
    throw new WordlistError(`the codename wordlist could not be fetched: ${error.message}`);
  }
  return Wordlist.fromFile(bytes);
}

/**
 * A uniform integer in `[0, bound)` from 16-bit random values, by rejection
 * sampling: values at or above the largest multiple of `bound` below 2^16 are
 * drawn again, so every result is equally likely (a plain `% bound` would
 * favour the first 65536 mod 7776 = 3328 words).
 *
 * @param {number} bound at most 65536
 * @param {(array: Uint16Array) => Uint16Array} getRandomValues
 */
export function uniformBelow(bound, getRandomValues) {
  const limit = 65536 - (65536 % bound);
  const draw = new Uint16Array(1);
  for (;;) {
    getRandomValues(draw);
    if (draw[0] < limit) {
      return draw[0] % bound;
    }
  }
}

/**
 * A fresh codename in canonical form: 7 words, lower case, one space apart.
 *
 * @param {Wordlist} wordlist
 * @param {(array: Uint16Array) => Uint16Array} [getRandomValues] the CSPRNG (tests pass a scripted one)
 */
export function generateCodename(wordlist, getRandomValues = (array) => globalThis.crypto.getRandomValues(array)) {
  const words = [];
  for (let i = 0; i < CODENAME_WORDS; i += 1) {
    words.push(wordlist.word(uniformBelow(WORD_COUNT, getRandomValues)));
  }
  return words.join(" ");
}

/** The typed text's words: lower-cased, split on any whitespace, empty pieces dropped. */
export function normaliseCodename(typed) {
  return String(typed)
    .toLowerCase()
    .split(WHITESPACE)
    .filter((word) => word !== "");
}

/**
 * What a source typed, as a canonical codename; refuses with a message that
 * names the problem, before anything is derived or sent.
 *
 * @param {string} typed
 * @param {Wordlist} wordlist
 * @returns {string} the canonical codename
 * @throws {CodenameError}
 */
export function parseCodename(typed, wordlist) {
  const words = normaliseCodename(typed);
  if (words.length !== CODENAME_WORDS) {
    throw new CodenameError("count", `a codename has ${CODENAME_WORDS} words; you typed ${words.length}`, {
      count: words.length,
    });
  }
  for (const word of words) {
    if (!wordlist.has(word)) {
      throw new CodenameError("word", `"${word}" is not a codename word`, { word });
    }
  }
  return words.join(" ");
}

const encoder = new TextEncoder();

/** Lower-case hex of `bytes`. */
export function toHex(bytes) {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The keys a canonical codename stands for. Slow on purpose (scrypt, 2^12):
 * `onProgress` (0 to 1) lets the page show that it is working; the work
 * yields to the page every few milliseconds, so the page stays responsive.
 *
 * @param {string} codename canonical (from {@link parseCodename} or {@link generateCodename})
 * @param {{logN?: number, onProgress?: (fraction: number) => void}} [options]
 * @returns {Promise<{token: string, mailbox: string, identity: string, classicIdentity: string, recipient: string, followupKey: string}>}
 *   `token`, `mailbox` and `followupKey` as 64 lower-case hex, the hybrid
 *   reply identity as `AGE-SECRET-KEY-PQ-1…` and its recipient as `age1pq1…`,
 *   the classic one (for replies to older conversations) as `AGE-SECRET-KEY-1…`
 */
export async function deriveKeys(codename, { logN = CODENAME_LOG_N, onProgress } = {}) {
  const dk = await scryptAsync(new TextEncoder().encode(codename), new TextEncoder().encode(CODENAME_SALT), {
    N: 2 ** logN,
    r: 8,
    p: 1,
    dkLen: 64,
    onProgress,
  });
  const token = dk.subarray(0, 32);
  const secret = dk.subarray(32, 64);
  const salt = encoder.encode(CODENAME_SALT);
  const followupKey = hkdf(sha256, dk, salt, encoder.encode(FOLLOWUP_KEY_INFO), 32);
  const seed = hkdf(sha256, dk, salt, encoder.encode(HYBRID_REPLY_KEY_INFO), 32);
  try {
    const identity = bech32.encodeFromBytes("AGE-SECRET-KEY-PQ-", seed).toUpperCase();
    return {
      token: toHex(token),
      mailbox: toHex(sha256(token)),
      identity,
      classicIdentity: bech32.encodeFromBytes("AGE-SECRET-KEY-", secret).toUpperCase(),
      recipient: await identityToRecipient(identity),
      followupKey: toHex(followupKey),
    };
  } finally {
    dk.fill(0); // the strings above cannot be wiped; the raw bytes at least can
    followupKey.fill(0);
    seed.fill(0);
  }
}
