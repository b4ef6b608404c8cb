import assert from "node:assert/strict";
import { test } from "node:test";

import { buildMeta, containerParts, describeAttachments, tarHeader, BLOCK_SIZE } from "../src/container.js";
import { UNRECOGNISED_NAME, readContainer } from "../src/reader.js";
import { collect, concat, pattern } from "../testlib/streams.js";

/** A reply container as `tipbox-decrypt reply` writes it (same layout as a tip). */
async function replyContainer(message, files) {
  const attachments = describeAttachments(files.map(({ name, bytes, type }) => new File([bytes], name, { type })));
  const meta = buildMeta({ message, language: "en", attachments, kind: "reply", mailbox: "ab".repeat(32) });
  return collect(containerParts(meta, attachments));
}

test("a reply's message and files are read back byte for byte, with their media types", async () => {
  const scan = pattern(3, 70_001);
  const bytes = await replyContainer("Can you send the second page?\nThanks.", [
    { name: "question.txt", bytes: new TextEncoder().encode("which year?"), type: "text/plain" },
    { name: "scan.pdf", bytes: scan, type: "application/pdf" },
  ]);

  const reply = readContainer(bytes);

  assert.equal(reply.recognised, true);
  assert.equal(reply.kind, "reply");
  assert.equal(reply.message, "Can you send the second page?\nThanks.");
  assert.deepEqual(
    reply.files.map(({ name, mediaType }) => [name, mediaType]),
    [
      ["question.txt", "text/plain"],
      ["scan.pdf", "application/pdf"],
    ],
  );
  assert.deepEqual(reply.files[1].bytes, scan);
});

test("a file name that climbs out of the folder is sanitised again before it becomes a download name", () => {
  // The writer would never produce this: a hostile container, built by hand.
  const json = new TextEncoder().encode(JSON.stringify({ kind: "reply", message: "hi", attachments: [] }));
  const content = new TextEncoder().encode("x");
  const block = (bytes) => concat([bytes, new Uint8Array((BLOCK_SIZE - (bytes.length % BLOCK_SIZE)) % BLOCK_SIZE)]);
  const bytes = concat([
    tarHeader("tip.json", json.length),
    block(json),
    tarHeader("files/../../.bashrc", 1),
    block(content),
    new Uint8Array(2 * BLOCK_SIZE),
  ]);

  const reply = readContainer(bytes);

  assert.equal(reply.recognised, true);
  assert.ok(!reply.files[0].name.includes("/"), reply.files[0].name);
  assert.ok(!reply.files[0].name.startsWith("."), reply.files[0].name);
});

test("a plaintext that is not a container is offered whole as one attachment, not dropped", () => {
  const bytes = new TextEncoder().encode("a reply written with stock age, not tipbox-decrypt");

  const reply = readContainer(bytes);

  assert.equal(reply.recognised, false);
  assert.equal(reply.message, "");
  assert.deepEqual(reply.files, [{ name: UNRECOGNISED_NAME, mediaType: "application/octet-stream", bytes }]);
});

test("a header with a wrong checksum makes the reply unrecognised (offered whole), not half-read", async () => {
  const bytes = await replyContainer("hello", []);
  bytes[0] ^= 1; // "tip.json" becomes "uip.json": the checksum no longer matches

  const reply = readContainer(bytes);

  assert.equal(reply.recognised, false);
  assert.equal(reply.files[0].bytes, bytes);
});

test("an entry whose size runs past the end of the reply is not read past the end", async () => {
  const json = new TextEncoder().encode("{}");
  const bytes = concat([tarHeader("tip.json", 4096), json]);

  assert.equal(readContainer(bytes).recognised, false);
});

test("a tip.json that is not a JSON object makes the reply unrecognised", () => {
  const json = new TextEncoder().encode("[1, 2]");
  const bytes = concat([tarHeader("tip.json", json.length), json, new Uint8Array(BLOCK_SIZE - json.length), new Uint8Array(1024)]);

  assert.equal(readContainer(bytes).recognised, false);
});

test("a tip.json that is not UTF-8 makes the reply unrecognised", () => {
  const json = Uint8Array.of(0x7b, 0xff, 0x7d);
  const bytes = concat([tarHeader("tip.json", json.length), json, new Uint8Array(BLOCK_SIZE - json.length), new Uint8Array(1024)]);

  assert.equal(readContainer(bytes).recognised, false);
});
