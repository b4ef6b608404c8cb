// The cases marked "same as Rust" are those of `crates/core/src/tip/name.rs` on the Rust
// side, with the same inputs and expected outputs: a file gets the same name
// whether the page or the server sealed it, and the reader's own sanitising
// leaves a name written here unchanged.

import assert from "node:assert/strict";
import { test } from "node:test";

import { FALLBACK_NAME, MAX_NAME_BYTES, sanitizeName, uniqueSafeNames, utf8Length, wellFormed } from "../src/sanitize.js";

test("sanitize keeps ordinary names, including non-Latin ones (same as Rust)", () => {
  for (const name of ["report 2024.pdf", "گزارش.pdf", "Смета 2026.xlsx", "记录.txt", "photo (1).jpg"]) {
    assert.equal(sanitizeName(name), name);
  }
});

test("sanitize replaces path separators: no escaping the output folder (same as Rust)", () => {
  assert.equal(sanitizeName("../../.bashrc"), "_.._.bashrc");
  assert.equal(sanitizeName("a/b\\c"), "a_b_c");
  assert.equal(sanitizeName("C:\\Windows\\x.dll"), "C__Windows_x.dll");
  assert.ok(!sanitizeName("/etc/passwd").includes("/"));
});

test("sanitize removes NUL and other control characters (same as Rust)", () => {
  assert.equal(sanitizeName("a\u0000b\nc\r\td\u001b[31m\u007f\u0085.txt"), "abcd[31m.txt");
});

test("sanitize removes bidi controls that spoof the extension (same as Rust)", () => {
  // Displays as "invoiceexe.pdf" but is an .exe.
  assert.equal(sanitizeName("invoice\u202efdp.exe"), "invoicefdp.exe");
  for (const bidi of ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"]) {
    assert.equal(sanitizeName(`a${bidi}b`), "ab", `U+${bidi.codePointAt(0).toString(16)}`);
  }
});

test("sanitize removes zero-width characters and line separators", () => {
  for (const invisible of ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029"]) {
    assert.equal(sanitizeName(`a${invisible}b`), "ab", `U+${invisible.codePointAt(0).toString(16)}`);
  }
});

test("sanitize removes leading dots and spaces: no hidden files (same as Rust)", () => {
  assert.equal(sanitizeName(".profile"), "profile");
  assert.equal(sanitizeName("  ..  x"), "x");
  assert.equal(sanitizeName("\u00a0\u3000name.txt"), "name.txt");
});

test("sanitize removes trailing dots and spaces, which Windows drops silently (same as Rust)", () => {
  // Windows strips these, so "a.exe." would open as "a.exe".
  assert.equal(sanitizeName("a.exe. . "), "a.exe");
});

test("sanitize prefixes reserved Windows device names (same as Rust)", () => {
  assert.equal(sanitizeName("CON"), "_CON");
  assert.equal(sanitizeName("con.txt"), "_con.txt");
  assert.equal(sanitizeName("Com1.tar.gz"), "_Com1.tar.gz");
  assert.equal(sanitizeName("LPT9"), "_LPT9");
  assert.equal(sanitizeName("nul .txt"), "_nul .txt");
  assert.equal(sanitizeName("COM\u00b9"), "_COM\u00b9");
  assert.equal(sanitizeName("CONOUT$.log"), "_CONOUT$.log");
  // Not reserved: only the whole stem counts.
  assert.equal(sanitizeName("console.txt"), "console.txt");
  assert.equal(sanitizeName("COM10"), "COM10");
  // Cutting a long name must not leave a bare reserved name behind.
  assert.equal(sanitizeName(`CON${" ".repeat(200)}x`), "_CON");
});

test("sanitize replaces characters Windows refuses (same as Rust)", () => {
  assert.equal(sanitizeName('a:b*c?d"e<f>g|h'), "a_b_c_d_e_f_g_h");
});

test("sanitize cuts long names to 90 bytes, keeping the extension (same as Rust)", () => {
  const safe = sanitizeName(`${"a".repeat(200)}.pdf`);
  assert.equal(utf8Length(safe), MAX_NAME_BYTES);
  assert.ok(safe.endsWith(".pdf"));
});

test("sanitize cuts on a character boundary, never inside a UTF-8 sequence (same as Rust)", () => {
  // 'ش' is two bytes, 'あ' three, '😀' four (two UTF-16 units): a cut must never split one.
  for (const filler of ["ش", "あ", "😀"]) {
    const safe = sanitizeName(`${filler.repeat(100)}.txt`);
    assert.ok(utf8Length(safe) <= MAX_NAME_BYTES, `${utf8Length(safe)} bytes`);
    assert.ok(safe.endsWith(".txt"));
    assert.ok(safe.startsWith(filler));
    assert.ok(!safe.includes("\ufffd"), "a character was split");
  }
  assert.ok(utf8Length(sanitizeName("é".repeat(100))) <= MAX_NAME_BYTES);
});

test("sanitize drops an overlong extension rather than the whole name (same as Rust)", () => {
  const safe = sanitizeName(`a.${"b".repeat(200)}`);
  assert.equal(utf8Length(safe), MAX_NAME_BYTES);
  assert.ok(safe.startsWith("a.b"));
});

test("sanitize never returns an empty name (same as Rust)", () => {
  for (const empty of ["", ".", "..", "...", "   ", "\u202e", "\u0000", " . "]) {
    assert.equal(sanitizeName(empty), FALLBACK_NAME, JSON.stringify(empty));
  }
});

test("sanitizing a sanitised name changes nothing (same as Rust, plus browser-only cases)", () => {
  const names = [
    "../../.bashrc",
    "con.txt",
    "invoice\u202efdp.exe",
    `${"ش".repeat(80)}.pdf`,
    `CON.${"x".repeat(120)}`,
    `${"a".repeat(86)} .pdf`,
    `CON${" ".repeat(200)}x`,
    "a\ud800b",
    "e\u0301.txt",
  ];
  for (const name of names) {
    const once = sanitizeName(name);
    assert.equal(sanitizeName(once), once, JSON.stringify(name));
    assert.ok(utf8Length(once) <= MAX_NAME_BYTES);
  }
});

test("sanitize replaces lone surrogates, which have no UTF-8 encoding", () => {
  assert.equal(sanitizeName("a\ud800b.txt"), "a\ufffdb.txt");
  assert.equal(wellFormed("x\udc00y"), "x\ufffdy");
  assert.equal(wellFormed("ok 😀"), "ok 😀");
});

test("sanitize normalises to NFC so the same name is the same bytes", () => {
  assert.equal(sanitizeName("e\u0301.txt"), "\u00e9.txt");
});

test("unique names: duplicates, also differing only in case, get a number", () => {
  // The Rust writer and reader refuse names that are equal ignoring case.
  assert.deepEqual(uniqueSafeNames(["a.txt", "A.TXT", "a.txt", "b", "b"]), ["a.txt", "A (2).TXT", "a (3).txt", "b", "b (2)"]);
});

test("unique names stay within 90 bytes when the number is added", () => {
  const long = `${"z".repeat(200)}.txt`;
  const [first, second] = uniqueSafeNames([long, long]);
  assert.notEqual(first.toLowerCase(), second.toLowerCase());
  assert.ok(utf8Length(second) <= MAX_NAME_BYTES);
  assert.ok(second.endsWith(" (2).txt"), second);
});

test("unique names: two names that sanitise alike do not collide", () => {
  const names = uniqueSafeNames(["a/b", "a\\b", "a:b"]);
  assert.equal(new Set(names.map((name) => name.toLowerCase())).size, 3);
});
