import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import {
  BLOCK_SIZE,
  ContainerError,
  DEFAULT_MEDIA_TYPE,
  MAX_ATTACHMENTS,
  MAX_ENTRY_SIZE,
  MAX_META_BYTES,
  buildMeta,
  containerLength,
  containerParts,
  containerStream,
  describeAttachments,
  plainMediaType,
  tarHeader,
  unpaddedLength,
} from "../src/container.js";
import { padme } from "../src/padme.js";
import { collect, pattern, PatternFile } from "../testlib/streams.js";
import { readTar } from "../testlib/tar.js";

const encoder = new TextEncoder();

/** A tip with a message, an empty file, and a file that does not end on a block boundary. */
function sampleTip() {
  const files = [
    new PatternFile({ name: "notes.txt", size: 0, type: "text/plain", seed: 1 }),
    new PatternFile({ name: "../scan.PDF", size: 70_001, type: "application/pdf", seed: 2 }),
  ];
  const attachments = describeAttachments(files);
  const meta = buildMeta({ message: "They keep two sets of books.\nسلام", language: "fa", attachments });
  return { files, attachments, meta };
}

test("container: tip.json first, then files/, then end-of-archive, with the promised bytes", async () => {
  const { attachments, meta } = sampleTip();
  const bytes = await collect(containerStream(meta, attachments));
  const { entries } = readTar(bytes);

  assert.deepEqual(
    entries.map((entry) => entry.name),
    ["tip.json", "files/notes.txt", "files/_scan.PDF"],
  );
  assert.equal(entries[1].size, 0);
  assert.deepEqual(entries[2].content, pattern(2, 70_001));
});

test("container: tip.json carries every field, in the Rust side's order", async () => {
  const { attachments, meta } = sampleTip();
  const { entries } = readTar(await collect(containerStream(meta, attachments)));
  const text = new TextDecoder().decode(entries[0].content);
  const parsed = JSON.parse(text);

  assert.deepEqual(Object.keys(parsed), ["version", "kind", "encrypted_by", "language", "message", "attachments"]);
  assert.deepEqual(parsed, {
    version: 1,
    kind: "tip",
    encrypted_by: "browser",
    language: "fa",
    message: "They keep two sets of books.\nسلام",
    attachments: [
      { name: "notes.txt", size: 0, media_type: "text/plain" },
      { name: "_scan.PDF", size: 70_001, media_type: "application/pdf" },
    ],
  });
  // Pretty-printed like serde_json::to_writer_pretty: two-space indent.
  assert.ok(text.startsWith('{\n  "version": 1,\n  "kind": "tip",'), text.slice(0, 40));
});

test("container: mailbox and reply recipient appear only when given", () => {
  const plain = buildMeta({ message: "", language: "en", attachments: [] });
  assert.ok(!("mailbox" in plain) && !("reply_recipient" in plain));
  const replying = buildMeta({ message: "", language: "en", attachments: [], mailbox: "mb1", replyRecipient: "age1xyz" });
  assert.deepEqual(Object.keys(replying).slice(-2), ["mailbox", "reply_recipient"]);
  assert.equal(replying.reply_recipient, "age1xyz");
});

test("container: headers are deterministic: mode 0644, uid/gid 0, mtime 0, no user names, ustar", async () => {
  const { attachments, meta } = sampleTip();
  const { entries } = readTar(await collect(containerStream(meta, attachments)));
  for (const entry of entries) {
    assert.equal(entry.mode, 0o644, entry.name);
    assert.deepEqual([...entry.rawMode], [...encoder.encode("0000644\0")]);
    assert.equal(entry.uid, 0);
    assert.equal(entry.gid, 0);
    assert.equal(entry.mtime, 0);
    assert.equal(entry.uname, "");
    assert.equal(entry.gname, "");
    assert.equal(entry.typeflag, "0");
    assert.equal(entry.linkname, "");
    assert.equal(entry.prefix, "");
    assert.deepEqual([...entry.magic], [...encoder.encode("ustar\0")]);
    assert.deepEqual([...entry.version], [...encoder.encode("00")]);
  }
});

test("container: the same tip gives the same bytes twice (nothing from the clock or the machine)", async () => {
  const first = sampleTip();
  const second = sampleTip();
  const a = await collect(containerStream(first.meta, first.attachments));
  const b = await collect(containerStream(second.meta, second.attachments));
  assert.deepEqual(a, b);
});

test("container: entries are zero-padded to whole blocks", async () => {
  const { attachments, meta } = sampleTip();
  const { entries } = readTar(await collect(containerStream(meta, attachments)));
  for (const entry of entries) {
    assert.equal((entry.content.length + entry.contentPadding.length) % BLOCK_SIZE, 0);
    assert.ok(entry.contentPadding.every((byte) => byte === 0), `padding of ${entry.name}`);
  }
});

test("container: zero padding after end-of-archive up to the Padmé length", async () => {
  const { attachments, meta } = sampleTip();
  const bytes = await collect(containerStream(meta, attachments));
  const { endOfArchive, padding } = readTar(bytes);

  assert.equal(bytes.length, padme(endOfArchive));
  assert.ok(padding.length > 0, "this sample is chosen so that Padmé adds bytes");
  assert.ok(padding.every((byte) => byte === 0));
});

test("container: its length is known before any file is read", async () => {
  const { files, attachments, meta } = sampleTip();
  const predicted = containerLength(meta);
  assert.equal(files[1].slices, 0, "predicting the length read the file");
  const bytes = await collect(containerStream(meta, attachments));
  assert.equal(bytes.length, predicted);
  assert.equal(predicted, padme(unpaddedLength(new TextEncoder().encode(JSON.stringify(meta, null, 2)).length, attachments)));
});

test("container: stock tar lists and extracts it", async (t) => {
  const { attachments, meta } = sampleTip();
  const bytes = await collect(containerStream(meta, attachments));
  const dir = mkdtempSync(join(tmpdir(), "tipbox-web-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "tip.tar");
  writeFileSync(file, bytes);

  const listing = execFileSync("tar", ["-tf", file], { encoding: "utf8" });
  assert.equal(listing, "tip.json\nfiles/notes.txt\nfiles/_scan.PDF\n");
  const extracted = execFileSync("tar", ["-xOf", file, "files/_scan.PDF"]);
  assert.deepEqual(new Uint8Array(extracted), pattern(2, 70_001));
});

test("container: files are read in bounded slices, never whole", async () => {
  const big = new PatternFile({ name: "big.bin", size: 3 * 1024 * 1024 + 5, seed: 3 });
  const attachments = describeAttachments([big]);
  const meta = buildMeta({ message: "", language: "en", attachments });
  let largestPart = 0;
  let total = 0;
  for await (const part of containerParts(meta, attachments, { readSize: 64 * 1024 })) {
    largestPart = Math.max(largestPart, part.length);
    total += part.length;
  }
  assert.equal(big.largestSlice, 64 * 1024);
  assert.ok(largestPart <= 64 * 1024, `a part of ${largestPart} bytes`);
  assert.equal(total, containerLength(meta));
});

test("container: the stream reads a file only as fast as it is consumed", async () => {
  const big = new PatternFile({ name: "big.bin", size: 8 * 1024 * 1024, seed: 4 });
  const attachments = describeAttachments([big]);
  const meta = buildMeta({ message: "", language: "en", attachments });
  const reader = containerStream(meta, attachments, { readSize: 64 * 1024 }).getReader();
  for (let i = 0; i < 5; i += 1) {
    await reader.read();
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  // Header, tip.json, its block padding, the file's header, then one slice per read.
  assert.ok(big.slices <= 3, `${big.slices} slices read ahead of the consumer`);
  await reader.cancel();
});

test("container rejects a file that shrank on disk after it was chosen", async () => {
  const shrunk = new PatternFile({ name: "doc.txt", size: 10_000, shrinkTo: 6_000 });
  const attachments = describeAttachments([shrunk]);
  const meta = buildMeta({ message: "", language: "en", attachments });
  await assert.rejects(collect(containerParts(meta, attachments)), ContainerError);
});

test("container rejects an attachment list that does not match the files", async () => {
  const attachments = describeAttachments([new PatternFile({ name: "a", size: 10 })]);
  const meta = buildMeta({ message: "", language: "en", attachments });
  const other = describeAttachments([new PatternFile({ name: "a", size: 11 })]);
  await assert.rejects(collect(containerParts(meta, other)), ContainerError);
  await assert.rejects(collect(containerParts(meta, [])), ContainerError);
});

test("tar header rejects names beyond ustar's 100 bytes rather than cutting them", () => {
  assert.doesNotThrow(() => tarHeader(`files/${"n".repeat(94)}`, 1));
  assert.throws(() => tarHeader(`files/${"n".repeat(95)}`, 1), ContainerError);
});

test("tar header rejects sizes its 11 octal digits cannot hold", () => {
  assert.doesNotThrow(() => tarHeader("files/x", MAX_ENTRY_SIZE));
  assert.throws(() => tarHeader("files/x", MAX_ENTRY_SIZE + 1), ContainerError);
  assert.throws(() => tarHeader("files/x", -1), ContainerError);
});

test("tar header stores non-ASCII names as UTF-8", () => {
  const header = tarHeader("files/گزارش.pdf", 3);
  const name = new TextDecoder().decode(header.subarray(0, header.indexOf(0)));
  assert.equal(name, "files/گزارش.pdf");
});

test("attachments get sanitised unique names and plain media types", () => {
  const attachments = describeAttachments([
    new PatternFile({ name: ".secret", size: 1, type: "TEXT/PLAIN" }),
    new PatternFile({ name: "secret", size: 2, type: "text/html; charset=utf-8" }),
    new PatternFile({ name: "x", size: 3, type: "" }),
  ]);
  assert.deepEqual(
    attachments.map(({ name, mediaType }) => [name, mediaType]),
    [
      ["secret", "text/plain"],
      ["secret (2)", DEFAULT_MEDIA_TYPE],
      ["x", DEFAULT_MEDIA_TYPE],
    ],
  );
  assert.equal(plainMediaType("image/svg+xml"), "image/svg+xml");
  assert.equal(plainMediaType("text/plain\nX-Injected: 1"), DEFAULT_MEDIA_TYPE);
});

test("meta replaces lone surrogates in the message, which serde_json would refuse", () => {
  const meta = buildMeta({ message: "broken \ud83d end", language: "en", attachments: [] });
  assert.equal(meta.message, "broken \ufffd end");
});

test("meta falls back to `en` for a language that is not a language tag", () => {
  assert.equal(buildMeta({ message: "", language: "zh-TW", attachments: [] }).language, "zh-TW");
  assert.equal(buildMeta({ message: "", language: "<script>", attachments: [] }).language, "en");
  assert.equal(buildMeta({ message: "", language: "", attachments: [] }).language, "en");
});

test("container refuses a message the newsroom's reader would not open as a tip (tip.json over 16 MiB)", () => {
  const fits = buildMeta({ message: "x".repeat(MAX_META_BYTES - 1024), language: "en", attachments: [] });
  assert.doesNotThrow(() => containerLength(fits));
  const tooLong = buildMeta({ message: "x".repeat(MAX_META_BYTES), language: "en", attachments: [] });
  assert.throws(() => containerLength(tooLong), ContainerError);
});

test("container refuses more attachments than the newsroom's reader extracts", () => {
  const many = (count) => Array.from({ length: count }, (_, i) => ({ name: `f${i}`, size: 0, mediaType: DEFAULT_MEDIA_TYPE }));
  assert.doesNotThrow(() => containerLength(buildMeta({ message: "", language: "en", attachments: many(MAX_ATTACHMENTS) })));
  assert.throws(
    () => containerLength(buildMeta({ message: "", language: "en", attachments: many(MAX_ATTACHMENTS + 1) })),
    ContainerError,
  );
});

test("container bytes equal the Rust TipWriter's for the same tip (golden file)", async () => {
  // test/fixtures/rust-tipwriter-container.tar was written by `tip::TipWriter`
  // (branch tip, commit 894fc3f) for exactly this tip: same meta, same files.
  const golden = new Uint8Array(readFileSync(new URL("fixtures/rust-tipwriter-container.tar", import.meta.url)));
  const small = new Blob([new TextEncoder().encode("hello\n")], { type: "text/plain" });
  const data = new Blob([Uint8Array.from({ length: 1000 }, (_, i) => i % 256)]);
  const attachments = describeAttachments([
    Object.assign(small, { name: "a.txt" }),
    Object.assign(data, { name: "گزارش (2).bin" }),
  ]);
  const meta = buildMeta({
    message: "Line 1\n\ttab \u0001 ctrl \"q\" \\ / سلام 你好 \u2028 😀 \u007f",
    language: "fa",
    attachments,
    mailbox: "mbx-0001",
    replyRecipient: "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
  });

  const bytes = await collect(containerStream(meta, attachments));

  assert.equal(bytes.length, golden.length);
  assert.deepEqual(bytes, golden);
});
