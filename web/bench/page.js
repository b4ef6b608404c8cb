// The browser benchmark's page script (bundled by bench/browser.mjs, never
// shipped): runs the client's pipeline on a generated file of `?mib=` MiB (or
// `?kib=` KiB) and posts the timings to `bench/result`.
//
// The file is generated per slice (a Blob over one 256 KiB buffer, made again
// for every read) so that the figures and the memory measured are the
// pipeline's, not those of a 100 MiB Blob held by the page.

import { chacha20poly1305 } from "@noble/ciphers/chacha.js";

import { buildMeta, containerLength, containerStream, DEFAULT_READ_SIZE, describeAttachments } from "../src/container.js";
import { encryptStream, fetchRecipients } from "../src/encrypt.js";
import { uploadCiphertext } from "../src/upload.js";

const MiB = 1024 * 1024;
const query = new URLSearchParams(location.search);
const fileBytes = query.has("kib") ? Number(query.get("kib")) * 1024 : Number(query.get("mib") ?? 100) * MiB;

class GeneratedFile {
  constructor(size) {
    this.name = "bench.bin";
    this.type = "application/octet-stream";
    this.size = size;
    this.piece = new Uint8Array(DEFAULT_READ_SIZE).map((_, i) => (i * 31) & 255);
  }
  slice(start, end) {
    // A real (small, in-memory) Blob, so that reading it is an asynchronous
    // browser task as reading a chosen file is, not a promise that resolves at once.
    return new Blob([this.piece.subarray(0, end - start)]);
  }
}

async function drain(stream) {
  const reader = stream.getReader();
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return total;
    total += value.length;
  }
}

function tip() {
  const attachments = describeAttachments([new GeneratedFile(fileBytes)]);
  const meta = buildMeta({ message: "benchmark", language: "en", attachments });
  return { attachments, meta, length: containerLength(meta) };
}

async function post(path, body) {
  await fetch(new URL(path, document.baseURI), { method: "POST", body: JSON.stringify(body) });
}

async function run() {
  const recipients = await fetchRecipients({ base: document.baseURI });
  await post("bench/event", { phase: "ready" });
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the runner takes its baseline

  const { length } = tip();

  // Reference: bare ChaCha20-Poly1305 (the cipher age-encryption uses) over the
  // same number of bytes, 64 KiB at a time.
  const chunk = new Uint8Array(64 * 1024);
  const key = new Uint8Array(32).fill(1);
  const nonce = new Uint8Array(12);
  await post("bench/event", { phase: "reference" });
  let start = performance.now();
  for (let done = 0; done < length; done += chunk.length) {
    chacha20poly1305(key, nonce).encrypt(chunk);
    if (done % (8 * MiB) === 0) await new Promise((resolve) => setTimeout(resolve, 0)); // let the page breathe
  }
  const referenceMs = performance.now() - start;

  // Container → age encryption, ciphertext discarded.
  let job = tip();
  await post("bench/event", { phase: "encrypt" });
  start = performance.now();
  const encrypted = await encryptStream(recipients, containerStream(job.meta, job.attachments), job.length);
  if ((await drain(encrypted.stream)) !== encrypted.length) throw new Error("short ciphertext");
  const encryptMs = performance.now() - start;

  // The whole submission: container → encryption → resumable upload (loopback).
  job = tip();
  await post("bench/event", { phase: "submit" });
  start = performance.now();
  const upload = await encryptStream(recipients, containerStream(job.meta, job.attachments), job.length);
  await uploadCiphertext({ base: document.baseURI, ciphertext: upload.stream, length: upload.length });
  const uploadMs = performance.now() - start;

  await post("bench/result", { userAgent: navigator.userAgent, fileBytes, plaintext: length, referenceMs, encryptMs, uploadMs });
}

run().catch((error) => post("bench/result", { error: `${error.name}: ${error.message}` }));
