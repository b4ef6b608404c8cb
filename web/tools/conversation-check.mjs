#!/usr/bin/env node
// Manual check of the conversation pages in a real browser, against in-process
// mocks (the upload API of testlib/upload-server.js and an in-memory mailbox
// API as docs/CONVERSATIONS.md describes it), before or without the real
// server. The end-to-end proof against the real server is tests/browser.
// Needs Debian's chromium and chromium-driver.
//
//   node web/tools/conversation-check.mjs [--jitless]
//
// 1. submit page, reply box ticked: the page shows a codename (#codename),
//    a wrong retype is refused, the right one (in capitals) sends the tip;
//    the mock decrypts it with the newsroom key: kind tip, mailbox, reply_recipient;
// 2. the mock files a reply encrypted to reply_recipient and the newsroom key;
// 3. codename page: the codename typed with odd spacing opens the mailbox;
//    the reply's message and its attachment download are shown;
// 4. a follow-up from the inbox: kind followup, same mailbox;
// 5. the reply is deleted; the mock's mailbox holds no reply.

import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from "age-encryption";

import { buildMeta, containerParts } from "../src/container.js";
import { collect } from "../testlib/streams.js";
import { readTar } from "../testlib/tar.js";
import { startUploadServer } from "../testlib/upload-server.js";

const { values } = parseArgs({
  options: {
    chromium: { type: "string", default: "/usr/bin/chromium" },
    chromedriver: { type: "string", default: "chromedriver" },
    jitless: { type: "boolean", default: false },
  },
});
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const bundle = readFileSync(here("../dist/tipbox.js"));
const wordlist = readFileSync(here("../../crates/core/src/conversation/eff_large_wordlist.txt"));
const workDir = mkdtempSync(join(tmpdir(), "tipbox-conversation-check-"));

const newsroom = await generateX25519Identity();
const newsroomRecipient = await identityToRecipient(newsroom);
const csp =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const html = (body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>check</title>` +
  `<script src="static/tipbox.js" defer></script></head><body>${body}</body></html>`;
const submitPage = html(`<form method="post" action="submit" enctype="multipart/form-data">
<textarea name="message"></textarea><input type="file" name="file" multiple>
<input type="checkbox" name="reply" id="reply"><label for="reply">replies</label>
<button type="submit" id="send">send</button></form>`);
const codenamePage = html(`<form method="post" action="inbox"><textarea name="codename"></textarea>
<button type="submit" id="open">open</button></form>`);

// The mailbox API, in memory: mailbox (hex SHA-256 of the token) → replies.
const mailboxes = new Map();
const tokensSeen = [];
const readJson = async (request) => {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
};
const mailboxOf = (token) => createHash("sha256").update(Buffer.from(token, "hex")).digest("hex");
const answer = (response, status, body) => {
  if (body instanceof Uint8Array) {
    response.writeHead(status, { "Content-Type": "application/octet-stream" }).end(body);
  } else {
    response.writeHead(status, { "Content-Type": "application/json" }).end(body && JSON.stringify(body));
  }
};

const server = await startUploadServer({
  partSize: 1024 * 1024,
  recipients: [newsroomRecipient],
  pages: {
    "/submit": { type: "text/html; charset=utf-8", body: submitPage, headers: { "Content-Security-Policy": csp } },
    "/codename": { type: "text/html; charset=utf-8", body: codenamePage, headers: { "Content-Security-Policy": csp } },
    "/static/tipbox.js": { type: "text/javascript", body: bundle },
    "/static/wordlist.txt": { type: "text/plain; charset=utf-8", body: wordlist },
  },
  extra(request, response, url) {
    if (request.method !== "POST" || !url.pathname.startsWith("/api/v1/mailbox")) {
      if (request.method === "POST" && (url.pathname === "/submit" || url.pathname === "/inbox")) {
        answer(response, 500, { error: "the form was posted: the page did not take over" });
        return true;
      }
      return false;
    }
    readJson(request).then(({ token, id }) => {
      tokensSeen.push(token);
      const mailbox = mailboxOf(token);
      const replies = mailboxes.get(mailbox);
      switch (url.pathname) {
        case "/api/v1/mailbox":
          if (!replies) mailboxes.set(mailbox, []);
          return answer(response, 200, { status: "ready" });
        case "/api/v1/mailbox/replies":
          return answer(response, 200, { replies: (replies ?? []).map(({ id, created, bytes }) => ({ id, created, size: bytes.length })) });
        case "/api/v1/mailbox/reply": {
          const reply = replies?.find((r) => r.id === id);
          return reply ? answer(response, 200, reply.bytes) : answer(response, 404, { error: "no such reply" });
        }
        case "/api/v1/mailbox/reply/delete":
          if (replies) mailboxes.set(mailbox, replies.filter((r) => r.id !== id));
          return answer(response, 204);
        default:
          return answer(response, 404, { error: "not found" });
      }
    });
    return true;
  },
});
const origin = server.base.replace(/\/submit$/, "");

const port = 9515 + Math.floor(Math.random() * 400);
const driver = spawn(values.chromedriver, [`--port=${port}`], { stdio: "ignore" });
const webdriver = async (method, path, body) => {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { "Content-Type": "application/json" },
        body: body && JSON.stringify(body),
      });
      const { value } = await response.json();
      if (value?.error) throw new Error(`${path}: ${value.message}`);
      return value;
    } catch (error) {
      if (attempt > 20 || !String(error.cause?.code).startsWith("ECONNREFUSED")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
};

/** Decrypts the `index`-th finished upload with the newsroom key: tip.json and entries. */
async function openUpload(index) {
  const upload = [...server.uploads.values()][index];
  const decrypter = new Decrypter();
  decrypter.addIdentity(newsroom);
  const { entries } = readTar(await decrypter.decrypt(Buffer.concat(upload.parts)));
  return JSON.parse(new TextDecoder().decode(entries[0].content));
}

const checks = [];
const check = (what, ok) => {
  checks.push(ok);
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
};

try {
  const args = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${join(workDir, "profile")}`,
    ...(values.jitless ? ["--js-flags=--jitless"] : []),
  ];
  const { sessionId } = await webdriver("POST", "/session", {
    capabilities: { alwaysMatch: { browserName: "chrome", "goog:chromeOptions": { binary: values.chromium, args } } },
  });
  const session = `/session/${sessionId}`;
  const run = (script) => webdriver("POST", `${session}/execute/sync`, { script, args: [] });
  const element = async (css) =>
    Object.values(await webdriver("POST", `${session}/element`, { using: "css selector", value: css }))[0];
  const type = async (css, text) => webdriver("POST", `${session}/element/${await element(css)}/value`, { text });
  const click = async (css) => webdriver("POST", `${session}/element/${await element(css)}/click`, {});
  const waitFor = async (script, what) => {
    const started = performance.now();
    while (performance.now() - started < 120_000) {
      const value = await run(script);
      if (value) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const status = await run("return [...document.querySelectorAll('.tipbox-progress, [role=alert]')].map((e) => e.textContent).join(' | ')");
    throw new Error(`timed out waiting for ${what}; the page says: ${status}`);
  };

  // 1. A first tip that asks for replies.
  await webdriver("POST", `${session}/url`, { url: `${origin}/submit` });
  await type("textarea[name=message]", "the first tip");
  await click("#reply");
  await click("#send");
  const codename = await waitFor("return document.getElementById('codename')?.textContent", "the codename");
  check(`the page shows a 7-word codename (${codename.split(" ").length} words)`, codename.split(" ").length === 7);
  await type("#tipbox-codename-typed", "abacus abacus abacus abacus abacus abacus abacus");
  await click("#tipbox-codename-confirm");
  const mismatch = await run("return document.querySelector('.tipbox-codename [role=alert]').textContent");
  check(`a wrong retype is refused: "${mismatch}"`, /not the codename/.test(mismatch) && server.uploads.size === 0);
  await run("document.getElementById('tipbox-codename-typed').value = ''");
  await type("#tipbox-codename-typed", codename.toUpperCase().replaceAll(" ", "\n"));
  await click("#tipbox-codename-confirm");
  await waitFor("return document.querySelector('.tipbox-confirmation')", "the confirmation");
  check("the codename is no longer in the page", await run("return !document.body.textContent.includes(arguments[0] ?? '')".replace("arguments[0] ?? ''", JSON.stringify(codename))));
  const first = await openUpload(0);
  check(`tip.json: kind ${first.kind}, mailbox and reply_recipient set`, first.kind === "tip" && /^[0-9a-f]{64}$/.test(first.mailbox) && first.reply_recipient?.startsWith("age1"));
  check("the mailbox was created before the upload (mock holds it)", mailboxes.has(first.mailbox));

  // 2. The newsroom's reply (as tipbox-decrypt reply would write it).
  const replyMeta = buildMeta({ message: "Thank you. Which year?", language: "en", attachments: [], kind: "reply", mailbox: first.mailbox });
  const plaintext = await collect(containerParts(replyMeta, []));
  const encrypter = new Encrypter();
  encrypter.addRecipient(first.reply_recipient);
  encrypter.addRecipient(newsroomRecipient);
  const replyId = randomBytes(16).toString("hex");
  mailboxes.get(first.mailbox).push({ id: replyId, created: "2026-11-28", bytes: await encrypter.encrypt(plaintext) });

  // 3. "I have a codename", typed with odd spacing.
  await webdriver("POST", `${session}/url`, { url: `${origin}/codename` });
  await type("textarea[name=codename]", `  ${codename.replaceAll(" ", "   ")}\n`);
  await click("#open");
  const shown = await waitFor("return document.querySelector('.tipbox-reply .tipbox-message')?.textContent", "the reply");
  check(`the reply is decrypted in the page: "${shown}"`, shown === "Thank you. Which year?");
  check("the codename never reached the server", !tokensSeen.some((token) => token.includes(" ")) && tokensSeen.every((t) => /^[0-9a-f]{64}$/.test(t)));

  // 4. A follow-up from the inbox.
  await type("#tipbox-followup textarea[name=message]", "It was 2019.");
  await click("#tipbox-followup button[type=submit]");
  await waitFor("return document.querySelector('.tipbox-confirmation')", "the follow-up's confirmation");
  const followup = await openUpload(1);
  check(`the follow-up: kind ${followup.kind}, same mailbox`, followup.kind === "followup" && followup.mailbox === first.mailbox && followup.message === "It was 2019.");

  // 5. Delete the reply.
  await click(".tipbox-reply .tipbox-delete");
  await waitFor("return document.querySelector('.tipbox-reply [role=status]')", "the deletion");
  check("the reply is deleted at the server", mailboxes.get(first.mailbox).length === 0);
  await webdriver("DELETE", session);
} finally {
  driver.kill();
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
}
process.exitCode = checks.every(Boolean) && checks.length === 9 ? 0 : 1;
