#!/usr/bin/env node
// Benchmark: the browser client's pipeline (tip container → age encryption)
// under Node, for a large file, beside a reference measured in the same run:
// the bare ChaCha20-Poly1305 of @noble/ciphers (the cipher age-encryption
// uses) over the same number of bytes in 64 KiB chunks. Also prints the
// process's peak memory, to show that memory stays bounded whatever the size.
//
//   node web/bench/encrypt.mjs [MiB]        (default 1024)
//
// The file is a Blob stand-in that hands out the same 256 KiB buffer for every
// slice, so the figures measure the pipeline, not a disk or a generator.

import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { generateX25519Identity, identityToRecipient } from "age-encryption";

import { buildMeta, containerLength, containerStream, describeAttachments, DEFAULT_READ_SIZE } from "../src/container.js";
import { encryptStream } from "../src/encrypt.js";

const MiB = 1024 * 1024;
const sizeMiB = Number(process.argv[2] ?? 1024);

class RepeatingFile {
  constructor(size) {
    this.name = "bench.bin";
    this.type = "application/octet-stream";
    this.size = size;
    this.piece = new Uint8Array(DEFAULT_READ_SIZE).fill(0x5a);
  }
  slice(start, end) {
    const piece = this.piece.subarray(0, end - start);
    return { arrayBuffer: async () => piece.slice().buffer };
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

function rate(bytes, ms) {
  return `${((bytes / MiB) / (ms / 1000)).toFixed(1)} MiB/s`;
}

async function main() {
  const recipient = await identityToRecipient(await generateX25519Identity());
  const file = new RepeatingFile(sizeMiB * MiB);
  const attachments = describeAttachments([file]);
  const meta = buildMeta({ message: "benchmark", language: "en", attachments });
  const plaintextLength = containerLength(meta);

  // Reference: bare ChaCha20-Poly1305 over the same bytes, 64 KiB at a time.
  const chunk = new Uint8Array(64 * 1024).fill(0x5a);
  const key = new Uint8Array(32).fill(1);
  const nonce = new Uint8Array(12);
  let start = performance.now();
  for (let done = 0; done < plaintextLength; done += chunk.length) {
    chacha20poly1305(key, nonce).encrypt(chunk);
  }
  const referenceMs = performance.now() - start;

  // Container alone (tar writer reading the file in slices).
  start = performance.now();
  const containerBytes = await drain(containerStream(meta, attachments));
  const containerMs = performance.now() - start;

  // Container → age, as the page does before uploading.
  start = performance.now();
  const { stream, length } = await encryptStream([recipient], containerStream(meta, attachments), plaintextLength);
  const ciphertextBytes = await drain(stream);
  const encryptMs = performance.now() - start;
  if (ciphertextBytes !== length || containerBytes !== plaintextLength) {
    throw new Error("length mismatch: the benchmark did not run the whole pipeline");
  }

  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(`file ${sizeMiB} MiB, container ${(plaintextLength / MiB).toFixed(1)} MiB, age file ${(length / MiB).toFixed(1)} MiB (node ${process.version})`);
  console.log(`reference  chacha20poly1305 (64 KiB chunks)  ${rate(plaintextLength, referenceMs)}`);
  console.log(`container  tar writer, Blob.slice reads       ${rate(plaintextLength, containerMs)}`);
  console.log(`pipeline   container → age encryption         ${rate(plaintextLength, encryptMs)}`);
  console.log(`peak memory (max RSS) ${peakMiB.toFixed(0)} MiB for a ${sizeMiB} MiB file`);
}

await main();
