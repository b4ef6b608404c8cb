#!/usr/bin/env node
// Benchmark: the browser client's throughput in a real browser, beside a
// reference measured in the same page (bare ChaCha20-Poly1305 from @noble/ciphers
// over the same bytes), and the browser's peak memory while it runs.
//
//   node web/bench/browser.mjs --browser chromium [--mib 100]
//   node web/bench/browser.mjs --browser firefox --safer [--mib 100]
//   node web/bench/browser.mjs --browser firefox --safer --kdf [--runs 3] [--logn 12,13,14,15]
//   node web/bench/browser.mjs --browser firefox --safer --key hybrid --kib 1
//
// --key hybrid seals to an mlkem768x25519 (age1pq1…) newsroom key instead of
// an X25519 one; --kib N generates an N KiB file instead of --mib.
//
// --kdf times the codename KDF (`deriveKeys`, bench/kdf-page.js) instead of
// the submission, beside SHA-256 over 1 MiB measured in the same page.
//
// --safer sets Tor Browser's "Safer" JavaScript prefs in Firefox
// (javascript.options.wasm, .ion, .baselinejit, .native_regexp all false);
// for Chromium it runs V8 with --jitless, the nearest equivalent.
//
// Needs Debian's chromium or firefox-esr. The page is served with a strict CSP
// by the in-process mock of the upload API; memory is the peak resident set
// of the browser's whole process tree above its level when the page was ready
// (summed over processes, so shared pages count more than once: an upper bound).

import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import * as esbuild from "esbuild";
import { generateHybridIdentity, generateX25519Identity, identityToRecipient } from "age-encryption";

import { startUploadServer } from "../testlib/upload-server.js";

const { values } = parseArgs({
  options: {
    browser: { type: "string", default: "chromium" },
    safer: { type: "boolean", default: false },
    mib: { type: "string", default: "100" },
    kib: { type: "string" },
    key: { type: "string", default: "x25519" },
    kdf: { type: "boolean", default: false },
    runs: { type: "string", default: "3" },
    logn: { type: "string", default: "12,13,14,15" },
  },
});

if (!["x25519", "hybrid"].includes(values.key)) {
  throw new Error(`--key is x25519 or hybrid, not ${values.key}`);
}

const here = fileURLToPath(new URL(".", import.meta.url));
const bundle = await esbuild.build({
  absWorkingDir: here,
  entryPoints: [values.kdf ? "kdf-page.js" : "page.js"],
  bundle: true,
  minify: true,
  format: "iife",
  write: false,
  logLevel: "warning",
});

/** Resident memory, in KiB, of `root` and all its descendants. */
function treeRssKiB(root) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop();
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      total += Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
    } catch {
      continue;
    }
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

let resolveResult;
const result = new Promise((resolve) => {
  resolveResult = resolve;
});
let browser;
let baselineKiB = null;
let peakKiB = 0;
let phase = null;
const phasePeakKiB = {};

const readBody = async (request) => {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
};
const csp = "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";
const server = await startUploadServer({
  partSize: 1024 * 1024,
  recipients: [
    await identityToRecipient(await (values.key === "hybrid" ? generateHybridIdentity() : generateX25519Identity())),
  ],
  pages: {
    "/bench": {
      type: "text/html; charset=utf-8",
      body: '<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title><script src="bench.js" defer></script></html>',
      headers: { "Content-Security-Policy": csp },
    },
    "/bench.js": { type: "text/javascript", body: bundle.outputFiles[0].contents },
  },
  extra(request, response, url) {
    if (request.method !== "POST" || !url.pathname.startsWith("/bench/")) return false;
    readBody(request).then((body) => {
      response.writeHead(204).end();
      if (url.pathname === "/bench/event") {
        phase = body.phase;
        if (phase === "ready") baselineKiB = treeRssKiB(browser.pid);
      }
      if (url.pathname === "/bench/result") resolveResult(body);
    });
    return true;
  },
});
const query = values.kdf
  ? `runs=${encodeURIComponent(values.runs)}&logn=${encodeURIComponent(values.logn)}`
  : values.kib !== undefined
    ? `kib=${values.kib}`
    : `mib=${values.mib}`;
const pageUrl = `${server.base.replace(/submit$/, "bench")}?${query}`;

const profile = mkdtempSync(join(tmpdir(), "tipbox-bench-profile-"));
if (values.browser === "firefox") {
  const prefs = {
    "browser.shell.checkDefaultBrowser": false,
    "app.update.disabledForTesting": true,
    "datareporting.policy.dataSubmissionEnabled": false,
    "toolkit.telemetry.reportingpolicy.firstRun": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    "browser.startup.homepage_override.mstone": "ignore",
    ...(values.safer
      ? {
          "javascript.options.wasm": false,
          "javascript.options.ion": false,
          "javascript.options.baselinejit": false,
          "javascript.options.native_regexp": false,
        }
      : {}),
  };
  writeFileSync(
    join(profile, "user.js"),
    Object.entries(prefs)
      .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`)
      .join("\n"),
  );
  browser = spawn("firefox-esr", ["--headless", "--no-remote", "--profile", profile, pageUrl], { stdio: "ignore" });
} else {
  browser = spawn(
    "chromium",
    [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      `--user-data-dir=${profile}`,
      ...(values.safer ? ["--js-flags=--jitless"] : []),
      pageUrl,
    ],
    { stdio: "ignore" },
  );
}

const sampler = setInterval(() => {
  if (baselineKiB === null) return;
  const now = treeRssKiB(browser.pid);
  peakKiB = Math.max(peakKiB, now);
  phasePeakKiB[phase] = Math.max(phasePeakKiB[phase] ?? 0, now);
}, 100);

try {
  const report = await result;
  if (report.error) throw new Error(`the page failed: ${report.error}`);
  const level = values.safer ? (values.browser === "firefox" ? "Safer prefs" : "--jitless") : "standard";
  if (values.kdf) {
    printKdf(report, level);
  } else {
    printSubmission(report, level);
  }
} finally {
  clearInterval(sampler);
  browser.kill();
  await server.close();
  await new Promise((resolve) => setTimeout(resolve, 500));
  rmSync(profile, { recursive: true, force: true });
}

function printKdf(report, level) {
  console.log(`${values.browser} (${level}), codename KDF, median of ${report.runs}: ${report.userAgent}`);
  const rate = (1 / (report.referenceMs / 1000)).toFixed(2);
  console.log(`reference  SHA-256 over 1 MiB`.padEnd(49) + `${report.referenceMs.toFixed(0)} ms (${rate} MiB/s)`);
  for (const { logN, ms } of report.kdf) {
    const mark = logN === report.defaultLogN ? "  ← CODENAME_LOG_N" : "";
    const memory = `${(128 * 8 * 2 ** logN) / 1024 / 1024} MiB`;
    console.log(`deriveKeys scrypt 2^${logN}, r = 8 (${memory})`.padEnd(49) + `${ms.toFixed(0)} ms${mark}`);
  }
}

function printSubmission(report, level) {
  const rate = (ms) => `${(report.plaintext / 1024 / 1024 / (ms / 1000)).toFixed(1)} MiB/s, ${ms.toFixed(1)} ms`;
  const size = report.fileBytes < 1024 * 1024 ? `${report.fileBytes / 1024} KiB` : `${report.fileBytes / 1024 / 1024} MiB`;
  console.log(`${values.browser} (${level}), ${values.key} key, ${size} file: ${report.userAgent}`);
  console.log(`reference  chacha20poly1305, 64 KiB chunks       ${rate(report.referenceMs)}`);
  console.log(`encrypt    container → age                      ${rate(report.encryptMs)}`);
  console.log(`submit     container → age → upload (loopback)  ${rate(report.uploadMs)}`);
  console.log(
    `memory     browser process tree: ${(baselineKiB / 1024).toFixed(0)} MiB when ready, ` +
      `peak ${(peakKiB / 1024).toFixed(0)} MiB (+${((peakKiB - baselineKiB) / 1024).toFixed(0)} MiB); by phase: ` +
      ["reference", "encrypt", "submit"]
        .map((name) => `${name} +${(((phasePeakKiB[name] ?? baselineKiB) - baselineKiB) / 1024).toFixed(0)} MiB`)
        .join(", "),
  );
}
