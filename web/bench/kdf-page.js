// The codename KDF benchmark's page script (bundled by `bench/browser.mjs
// --kdf`, never shipped): times `deriveKeys` (scrypt r = 8, p = 1, 64 bytes,
// then SHA-256 and X25519) as the page runs it, at several work factors, and
// a reference measured in the same page: SHA-256 (the same @noble library)
// over 1 MiB, which shows how much slower the page's JavaScript runs at a
// given level than elsewhere.

import { sha256 } from "@noble/hashes/sha2.js";

import { CODENAME_LOG_N, deriveKeys } from "../src/codename.js";

const CODENAME = "abacus abdomen abdominal abide abiding ability ablaze";
const params = new URLSearchParams(location.search);
const runs = Number(params.get("runs") ?? 3);
const logNs = (params.get("logn") ?? "12,13,14,15").split(",").map(Number);

async function post(path, body) {
  await fetch(new URL(path, document.baseURI), { method: "POST", body: JSON.stringify(body) });
}

const breathe = () => new Promise((resolve) => setTimeout(resolve, 50));

/** Median of `runs` timings of `work`, in milliseconds. */
async function median(work) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    await breathe();
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function run() {
  await post("bench/event", { phase: "ready" });
  const block = new Uint8Array(1024 * 1024).fill(7);
  const referenceMs = await median(async () => sha256(block));
  const kdf = [];
  for (const logN of logNs) {
    kdf.push({ logN, ms: await median(() => deriveKeys(CODENAME, { logN })) });
  }
  await post("bench/result", { userAgent: navigator.userAgent, runs, referenceMs, kdf, defaultLogN: CODENAME_LOG_N });
}

run().catch((error) => post("bench/result", { error: `${error.name}: ${error.message}` }));
