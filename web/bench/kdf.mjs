#!/usr/bin/env node
// Benchmark: the codename KDF (`deriveKeys`: scrypt r = 8, p = 1, 64 bytes,
// then SHA-256 and X25519) under Node, at several work factors, beside a
// reference measured in the same run: SHA-256 (the same @noble library) over
// 1 MiB. Median of --runs.
//
//   node web/bench/kdf.mjs [--runs 5] [--logn 12,13,14,15]
//
// The browsers' figures come from `node web/bench/browser.mjs --kdf`.

import { parseArgs } from "node:util";

import { sha256 } from "@noble/hashes/sha2.js";

import { CODENAME_LOG_N, deriveKeys } from "../src/codename.js";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "5" }, logn: { type: "string", default: "12,13,14,15" } },
});
const runs = Number(values.runs);
const CODENAME = "abacus abdomen abdominal abide abiding ability ablaze";

async function median(work) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const block = new Uint8Array(1024 * 1024).fill(7);
const referenceMs = await median(async () => sha256(block));
console.log(`node ${process.version}, median of ${runs}`);
console.log(`reference  SHA-256 over 1 MiB`.padEnd(49) + `${referenceMs.toFixed(0)} ms (${(1 / (referenceMs / 1000)).toFixed(1)} MiB/s)`);
for (const logN of values.logn.split(",").map(Number)) {
  const ms = await median(() => deriveKeys(CODENAME, { logN }));
  const mark = logN === CODENAME_LOG_N ? "  ← CODENAME_LOG_N" : "";
  const memory = `${(128 * 8 * 2 ** logN) / 1024 / 1024} MiB`;
  console.log(`deriveKeys scrypt 2^${logN}, r = 8 (${memory})`.padEnd(49) + `${ms.toFixed(0)} ms${mark}`);
}
