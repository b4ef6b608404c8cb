import assert from "node:assert/strict";
import { test } from "node:test";

import { FALLBACK_NAME, MAX_NAME_BYTES, sanitizeName, uniqueSafeNames, utf8Length, wellFormed } from "../src/sanitize.js";

test("sanitize keeps ordinary names, including non-Latin ones", () => {
  for (const name of ["report.pdf", "Смета 2026.xlsx", "گزارش‌نهایی.docx", "记录.txt", "photo (1).jpg"]) {
    assert.equal(sanitizeName(name), name);
  }
});

test("sanitize rejects path separators: no escaping the output folder", () => {
  assert.equal(sanitizeName("../../etc/passwd"), "_.._etc_passwd");
  assert.equal(sanitizeName("..\\..\\Windows\\system.ini"), "_.._Windows_system.ini");
  assert.ok(!sanitizeName("/abs/path").includes("/"));
});

test("sanitize replaces NUL and other control characters", () => {
  assert.equal(sanitizeName("a\u0000b"), "a_b");
  assert.equal(sanitizeName("line\nbreak\r.txt"), "line_break_.txt");
  assert.equal(sanitizeName("esc\u001b[31m.txt"), "esc_[31m.txt");
  assert.equal(sanitizeName("c1\u0085.txt"), "c1_.txt");
});

test("sanitize replaces bidi controls that disguise an extension", () => {
  // "invoice\u202Efdp.exe" displays as "invoiceexe.pdf" in a file manager.
  assert.equal(sanitizeName("invoice\u202efdp.exe"), "invoice_fdp.exe");
  for (const control of ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069"]) {
    assert.equal(sanitizeName(`a${control}b`), "a_b", `U+${control.codePointAt(0).toString(16)}`);
  }
});

test("sanitize keeps the zero-width non-joiner that Persian words need", () => {
  assert.equal(sanitizeName("می‌خواهم.txt"), "می‌خواهم.txt");
});

test("sanitize replaces characters Windows refuses", () => {
  assert.equal(sanitizeName('a<b>c:d"e|f?g*h.txt'), "a_b_c_d_e_f_g_h.txt");
});

test("sanitize strips leading dots and spaces: no hidden files", () => {
  assert.equal(sanitizeName(".bashrc"), "bashrc");
  assert.equal(sanitizeName("...  .profile"), "profile");
  assert.equal(sanitizeName("  name.txt"), "name.txt");
});

test("sanitize strips trailing dots and spaces, which Windows drops silently", () => {
  assert.equal(sanitizeName("name.txt. . "), "name.txt");
  assert.equal(sanitizeName("file."), "file");
});

test("sanitize prefixes reserved Windows device names", () => {
  for (const reserved of ["CON", "con", "PRN", "AUX", "NUL", "COM1", "com9", "LPT1", "lpt3", "nul.txt", "CON.tar.gz"]) {
    assert.equal(sanitizeName(reserved), `_${reserved}`, reserved);
  }
  // Only the whole stem is reserved, not a prefix of a longer word.
  assert.equal(sanitizeName("console.log"), "console.log");
  assert.equal(sanitizeName("nullable.txt"), "nullable.txt");
});

test("sanitize cuts long names to 90 bytes, keeping the extension", () => {
  const name = sanitizeName(`${"x".repeat(200)}.pdf`);
  assert.equal(utf8Length(name), MAX_NAME_BYTES);
  assert.ok(name.endsWith(".pdf"));
});

test("sanitize cuts on a character boundary, never inside a UTF-8 sequence", () => {
  // "é" is 2 bytes, "😀" 4: 90 is not a multiple of 4, so a byte cut would split one.
  for (const name of ["é".repeat(100), "😀".repeat(40), `${"😀".repeat(40)}.jpeg`]) {
    const safe = sanitizeName(name);
    assert.ok(utf8Length(safe) <= MAX_NAME_BYTES, `${utf8Length(safe)} bytes`);
    assert.ok(!safe.includes("\ufffd"), "a character was split");
    assert.equal(new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(safe)), safe);
  }
});

test("sanitize drops an absurdly long extension rather than the whole name", () => {
  const safe = sanitizeName(`report.${"x".repeat(120)}`);
  assert.equal(utf8Length(safe), MAX_NAME_BYTES);
  assert.ok(safe.startsWith("report."));
});

test("sanitize never returns an empty name", () => {
  for (const name of ["", ".", "..", "...", "   ", " . . "]) {
    assert.equal(sanitizeName(name), FALLBACK_NAME, JSON.stringify(name));
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

test("sanitizing a sanitised name changes nothing", () => {
  const hostile = ["../x", ".hidden", "CON", "a\u202eb", `${"y".repeat(300)}.txt`, "", "é".repeat(99), "name. ", "a:b"];
  for (const name of hostile) {
    const once = sanitizeName(name);
    assert.equal(sanitizeName(once), once, JSON.stringify(name));
  }
});

test("unique names: duplicates, also differing only in case, get a number", () => {
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
