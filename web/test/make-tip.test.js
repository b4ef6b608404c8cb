import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { Decrypter, generateX25519Identity, identityToRecipient } from "age-encryption";

import { pattern } from "../testlib/streams.js";
import { readTar } from "../testlib/tar.js";

const run = promisify(execFile);
const TOOL = fileURLToPath(new URL("../tools/make-tip.mjs", import.meta.url));

test("make-tip writes an age file that decrypts to a container with every field", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tipbox-make-tip-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  const reply = await identityToRecipient(await generateX25519Identity());
  const content = pattern(11, 150_000);
  writeFileSync(join(dir, ".hidden report.pdf"), content);
  const out = join(dir, "tip.age");
  const plain = join(dir, "tip.tar");

  await run(process.execPath, [
    TOOL, "-r", recipient, "-m", "Fa: سلام, zh: 你好", "-l", "fa",
    "--mailbox", "mbx-1", "--reply-recipient", reply, "--plaintext-out", plain,
    "-o", out, join(dir, ".hidden report.pdf"),
  ]);

  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const container = await decrypter.decrypt(new Uint8Array(readFileSync(out)));
  assert.deepEqual(container, new Uint8Array(readFileSync(plain)));
  const { entries } = readTar(container);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(entries[0].content)), {
    version: 1,
    kind: "tip",
    encrypted_by: "browser",
    language: "fa",
    message: "Fa: سلام, zh: 你好",
    attachments: [{ name: "hidden report.pdf", size: content.length, media_type: "application/octet-stream" }],
    mailbox: "mbx-1",
    reply_recipient: reply,
  });
  assert.equal(entries[1].name, "files/hidden report.pdf");
  assert.deepEqual(entries[1].content, content);
});

test("make-tip refuses to overwrite an existing output file", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tipbox-make-tip-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const recipient = await identityToRecipient(await generateX25519Identity());
  const out = join(dir, "tip.age");
  writeFileSync(out, "precious");

  await assert.rejects(run(process.execPath, [TOOL, "-r", recipient, "-o", out]), /EEXIST|exists/);
  assert.equal(readFileSync(out, "utf8"), "precious");
});
