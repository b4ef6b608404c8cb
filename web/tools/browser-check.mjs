#!/usr/bin/env node
// Manual check of the built bundle in a real browser (not part of `node --test`:
// it needs Debian's chromium and chromium-driver). Serves a submit form like
// the server's, under a strict CSP, with dist/tipbox.js and the in-process
// mock of the upload API (testlib/upload-server.js); drives headless Chromium
// over WebDriver to type a message, choose a file and submit; then decrypts
// what the mock stored and compares it with the file.
//
//   node web/tools/browser-check.mjs [--mib N] [--drop-part N] [--drops K] [--jitless] [--unsupported]
//
// --drop-part N  cut the connection right after the mock stored part N, K times
//                (default 1). Chromium itself resends a request once when a
//                reused keep-alive connection closes before any answer, so
//                with K = 1 the page never sees the failure (the mock answers
//                the duplicate with 204, as PROTOCOL.md requires); with K = 2
//                the page's own resume runs: one status request, no re-send.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { Decrypter, generateX25519Identity, identityToRecipient } from "age-encryption";

import { readTar } from "../testlib/tar.js";
import { startUploadServer } from "../testlib/upload-server.js";

const { values } = parseArgs({
  options: {
    mib: { type: "string", default: "3" },
    "drop-part": { type: "string" },
    drops: { type: "string", default: "1" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    chromedriver: { type: "string", default: "chromedriver" },
    jitless: { type: "boolean", default: false }, // V8 without JIT, near Tor Browser "Safer"
    // Remove TransformStream before the bundle loads: the script must leave the
    // form alone, and the browser must post it to the server as without JavaScript.
    unsupported: { type: "boolean", default: false },
  },
});
const PART_SIZE = 1024 * 1024;
const dropPart = values["drop-part"] === undefined ? -1 : Number(values["drop-part"]);
const drops = Number(values.drops);
const bundle = readFileSync(fileURLToPath(new URL("../dist/tipbox.js", import.meta.url)));

const workDir = mkdtempSync(join(tmpdir(), "tipbox-browser-check-"));
const filePath = join(workDir, "evidence.bin");
const content = new Uint8Array(Number(values.mib) * 1024 * 1024 + 123).map((_, i) => (i * 7 + (i >> 11)) & 255);
writeFileSync(filePath, content);

const identity = await generateX25519Identity();
const csp =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const page = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>submit</title>
${values.unsupported ? '<script src="static/unsupported.js"></script>' : ""}
<script src="static/tipbox.js" defer></script></head><body>
<p data-tipbox-when="nojs">The server encrypts your tip on arrival.</p>
<p data-tipbox-when="js" hidden>Your tip is encrypted in this browser.</p>
<form method="post" action="submit?l=fa" enctype="multipart/form-data">
<textarea name="message"></textarea><input type="file" name="file" multiple><button type="submit">send</button></form>
<template id="tipbox-confirmation"><p id="received">received</p></template></body></html>`;
let formPost = null; // what the no-JavaScript path would receive
const server = await startUploadServer({
  extra(request, response, url) {
    if (request.method !== "POST" || url.pathname !== "/submit") return false;
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      formPost = { type: request.headers["content-type"], body: Buffer.concat(chunks) };
      response.writeHead(200, { "Content-Type": "text/html" }).end('<p id="received">posted</p>');
    });
    return true;
  },
  partSize: PART_SIZE,
  recipients: [await identityToRecipient(identity)],
  behaviour: (kind, n, attempt) => (kind === "part" && n === dropPart && attempt <= drops ? "drop-after-store" : undefined),
  pages: {
    "/submit": { type: "text/html; charset=utf-8", body: page, headers: { "Content-Security-Policy": csp } },
    "/static/tipbox.js": { type: "text/javascript", body: bundle },
    "/static/unsupported.js": { type: "text/javascript", body: "delete window.TransformStream;" },
  },
});

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
      await new Promise((resolve) => setTimeout(resolve, 250)); // chromedriver still starting
    }
  }
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

  await webdriver("POST", `${session}/url`, { url: server.base });
  const jsSentenceShown = await run("return !document.querySelector('[data-tipbox-when=js]').hidden");
  await webdriver("POST", `${session}/element/${await element("textarea")}/value`, { text: "سلام, from Chromium" });
  await webdriver("POST", `${session}/element/${await element("input[type=file]")}/value`, { text: filePath });
  const started = performance.now();
  await webdriver("POST", `${session}/element/${await element("button")}/click`, {});
  let outcome = null;
  while (!outcome && performance.now() - started < 600_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    outcome = await run(
      "const ok = document.getElementById('received'); const p = document.querySelector('.tipbox-progress');" +
        "return ok ? 'received' : p && p.getAttribute('role') === 'alert' ? 'failed: ' + p.textContent : null",
    );
  }
  const seconds = (performance.now() - started) / 1000;
  await webdriver("DELETE", session);

  if (values.unsupported) {
    const body = formPost?.body ?? Buffer.alloc(0);
    console.log(`script took over the form: ${jsSentenceShown}; outcome: ${outcome}`);
    console.log(`form posted to the server: ${formPost !== null} (${formPost?.type?.split(";")[0]}), ` +
      `file bytes in it: ${body.includes(Buffer.from(content.subarray(0, 4096)))}, uploads started: ${server.uploads.size}`);
    process.exitCode = formPost !== null && !jsSentenceShown && server.uploads.size === 0 ? 0 : 1;
  } else {
    await report({ jsSentenceShown, outcome, seconds });
  }
} finally {
  driver.kill();
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
}

async function report({ jsSentenceShown, outcome, seconds }) {
  const [upload] = [...server.uploads.values()];
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const { entries } = readTar(await decrypter.decrypt(server.stored()));
  const meta = JSON.parse(new TextDecoder().decode(entries[0].content));
  const parts = Math.ceil(upload.size / PART_SIZE);
  console.log(`script took over the form: ${jsSentenceShown}; outcome: ${outcome}`);
  console.log(`${values.mib} MiB file: encrypted and uploaded in ${seconds.toFixed(2)} s (${(Number(values.mib) / seconds).toFixed(1)} MiB/s, loopback)`);
  console.log(`tip.json encrypted_by=${meta.encrypted_by} language=${meta.language} message=${JSON.stringify(meta.message)}`);
  console.log(`file bytes identical: ${Buffer.from(entries[1].content).equals(Buffer.from(content))}`);
  console.log(`sends per part: ${Array.from({ length: parts }, (_, n) => server.sends(n)).join(",")}; status requests: ${server.log.filter((e) => e.kind === "status").length}`);
}
