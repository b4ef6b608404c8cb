#!/usr/bin/env node
// Writes a tip exactly as the browser client builds it (tip container, Padmé
// padding, age encryption to the given recipients) into a file, for
// cross-language tests: the Rust `tipbox-decrypt open` must recover every
// field and every byte.
//
//   node web/tools/make-tip.mjs -r age1… [-r age1…] [-m MESSAGE] [-l LANGUAGE]
//        [--mailbox ID --reply-recipient age1…] [--plaintext-out FILE] -o OUT.age [FILE…]
//   node web/tools/make-tip.mjs -r age1… --codename "seven words…" --kind tip|followup … -o OUT.age
//
// With --codename, the keys are derived and tip.json is built exactly as the
// page does for a conversation (codename.js, followup.js): a first tip
// carries the follow-up key, a follow-up its proof.
//
// Files are streamed from disk (fs.openAsBlob), so size is not limited by memory.
// The output files must not exist yet.

import { open, rm } from "node:fs/promises";
import { openAsBlob } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";

import { deriveKeys } from "../src/codename.js";
import { buildMeta, containerLength, containerStream, describeAttachments } from "../src/container.js";
import { encryptStream } from "../src/encrypt.js";
import { conversationMeta } from "../src/followup.js";

const USAGE =
  "usage: make-tip.mjs -r RECIPIENT [-r …] [-m MESSAGE] [-l LANGUAGE] [--mailbox ID --reply-recipient age1…] " +
  "[--codename WORDS --kind tip|followup] [--plaintext-out FILE] -o OUTPUT [FILE…]";

/** Writes every chunk of `stream` to a new file at `path` (never overwriting one). */
async function writeNewFile(path, stream) {
  const file = await open(path, "wx");
  let written = 0;
  try {
    const reader = stream.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      await file.write(value);
      written += value.length;
    }
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(path, { force: true });
    throw error;
  }
  await file.close();
  return written;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      recipient: { type: "string", short: "r", multiple: true },
      message: { type: "string", short: "m", default: "" },
      language: { type: "string", short: "l", default: "en" },
      mailbox: { type: "string" },
      "reply-recipient": { type: "string" },
      codename: { type: "string" },
      kind: { type: "string", default: "tip" },
      "plaintext-out": { type: "string" },
      output: { type: "string", short: "o" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || !values.output || !values.recipient) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }

  const files = await Promise.all(
    positionals.map(async (path) => {
      const blob = await openAsBlob(path);
      // A Blob from disk has no name; give the container what a browser File would.
      return Object.assign(blob, { name: basename(path) });
    }),
  );
  const attachments = describeAttachments(files);
  const fields = { message: values.message, language: values.language, attachments };
  const meta =
    values.codename === undefined
      ? buildMeta({ ...fields, mailbox: values.mailbox, replyRecipient: values["reply-recipient"] })
      : await conversationMeta(fields, { kind: values.kind, keys: await deriveKeys(values.codename) }, attachments);
  const plaintextLength = containerLength(meta);

  if (values["plaintext-out"]) {
    await writeNewFile(values["plaintext-out"], containerStream(meta, attachments));
  }
  const { stream, length } = await encryptStream(values.recipient, containerStream(meta, attachments), plaintextLength);
  const written = await writeNewFile(values.output, stream);
  if (written !== length) {
    throw new Error(`wrote ${written} bytes, expected ${length}`);
  }
  console.error(`${values.output}: container ${plaintextLength} bytes, age file ${length} bytes`);
}

main().catch((error) => {
  console.error(`make-tip: ${error.message}`);
  process.exit(1);
});
