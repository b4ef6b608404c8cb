#!/usr/bin/env node
// Plain age with typage (`age-encryption`, the library the browser client
// uses), for the Rust interoperability tests of hybrid post-quantum keys:
//
//   node web/tools/typage.mjs keygen        prints a hybrid {"identity", "recipient"} as JSON
//   node web/tools/typage.mjs encrypt -r RECIPIENT [-r …] -o OUT IN
//   node web/tools/typage.mjs decrypt -i IDENTITY_FILE -o OUT IN
//
// IDENTITY_FILE is an unprotected age-keygen style file (one key a line,
// `#` comments). Files are read whole: this is a test tool, for files of a
// few MiB. The output file must not exist yet; nothing is written on failure.

import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import {
  Decrypter,
  Encrypter,
  generateHybridIdentity,
  identityToRecipient,
} from "age-encryption";

const USAGE = "usage: typage.mjs keygen | encrypt -r RECIPIENT… -o OUT IN | decrypt -i IDENTITY_FILE -o OUT IN";

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      recipient: { type: "string", short: "r", multiple: true },
      identity: { type: "string", short: "i" },
      output: { type: "string", short: "o" },
    },
  });
  const [command, input] = positionals;
  if (command === "keygen") {
    const identity = await generateHybridIdentity();
    console.log(JSON.stringify({ identity, recipient: await identityToRecipient(identity) }));
    return;
  }
  if (!input || !values.output) {
    throw new Error(USAGE);
  }
  const data = new Uint8Array(await readFile(input));
  let result;
  if (command === "encrypt" && values.recipient) {
    const encrypter = new Encrypter();
    for (const recipient of values.recipient) {
      encrypter.addRecipient(recipient);
    }
    result = await encrypter.encrypt(data);
  } else if (command === "decrypt" && values.identity) {
    const decrypter = new Decrypter();
    const text = await readFile(values.identity, "utf8");
    for (const line of text.split("\n").map((l) => l.trim())) {
      if (line !== "" && !line.startsWith("#")) {
        decrypter.addIdentity(line);
      }
    }
    result = await decrypter.decrypt(data);
  } else {
    throw new Error(USAGE);
  }
  await writeFile(values.output, result, { flag: "wx" });
}

main().catch((error) => {
  console.error(`typage.mjs: ${error.message}`);
  process.exitCode = 1;
});
