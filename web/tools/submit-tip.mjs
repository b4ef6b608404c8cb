#!/usr/bin/env node
// Submits a tip to a running tipbox server as the page's JavaScript path
// does for a tip outside a conversation (src/main.js, submitEncrypted, with
// the same modules; no codename, follow-up key or progress view): fetch the
// newsroom keys from api/v1/recipients, build the tip container, encrypt it
// with age to those keys, send it through the resumable upload API. For the
// Rust tests that run the real server: whatever key type the newsroom uses,
// the browser client's own modules must seal to it.
//
//   node web/tools/submit-tip.mjs --base http://127.0.0.1:PORT/ [-m MESSAGE] [-l LANGUAGE] [FILE…]
//
// Prints {"upload", "parts", "recipients"} as JSON on success.

import { openAsBlob } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";

import { buildMeta, containerLength, containerStream, describeAttachments } from "../src/container.js";
import { encryptStream, fetchRecipients } from "../src/encrypt.js";
import { uploadCiphertext } from "../src/upload.js";

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      base: { type: "string" },
      message: { type: "string", short: "m", default: "" },
      language: { type: "string", short: "l", default: "en" },
    },
  });
  if (!values.base) {
    throw new Error("usage: submit-tip.mjs --base URL [-m MESSAGE] [-l LANGUAGE] [FILE…]");
  }
  const files = await Promise.all(
    positionals.map(async (path) => Object.assign(await openAsBlob(path), { name: basename(path) })),
  );
  const attachments = describeAttachments(files);
  const meta = buildMeta({ message: values.message, language: values.language, attachments });
  const recipients = await fetchRecipients({ base: values.base });
  const { stream, length } = await encryptStream(recipients, containerStream(meta, attachments), containerLength(meta));
  const result = await uploadCiphertext({ base: values.base, ciphertext: stream, length });
  console.log(JSON.stringify({ ...result, recipients: recipients.length }));
}

main().catch((error) => {
  console.error(`submit-tip: ${error.message}`);
  process.exitCode = 1;
});
