import assert from "node:assert/strict";
import { test } from "node:test";

import { padme } from "../src/padme.js";

test("padme gives the values worked out by hand from the PURBs definition", () => {
  // L → padme(L), worked by hand from E = floor(log2 L), S = floor(log2 E) + 1,
  // lastBits = E − S, rounding L up to a multiple of 2^lastBits.
  const known = [
    [3, 3], // E=1, S=1, lastBits=0
    [8, 8], // E=3, S=2, lastBits=1
    [9, 10],
    [100, 104], // E=6, S=3, lastBits=3
    [1000, 1024], // E=9, S=4, lastBits=5
    [1536, 1536], // the smallest container: a header, one block of tip.json, end-of-archive
    [1537, 1600], // E=10, S=4, lastBits=6: next multiple of 64
    [10_000, 10_240],
    [65_537, 67_584], // E=16, S=5, lastBits=11
    [1_000_000, 1_015_808],
    [2 ** 30 + 1, 1_107_296_256], // E=30, S=5, lastBits=25
  ];
  for (const [length, padded] of known) {
    assert.equal(padme(length), padded, `padme(${length})`);
  }
});

test("padme leaves 0, 1 and 2 as they are", () => {
  assert.equal(padme(0), 0);
  assert.equal(padme(1), 1);
  assert.equal(padme(2), 2);
});

test("padme never shrinks, never adds more than 12%, and is idempotent", () => {
  for (let length = 1; length < 300_000; length += 1 + Math.floor(length / 97)) {
    const padded = padme(length);
    assert.ok(padded >= length, `padme(${length}) = ${padded} is shorter`);
    assert.ok(padded - length <= 0.12 * length + 1, `padme(${length}) = ${padded} adds more than 12%`);
    assert.equal(padme(padded), padded, `padme(padme(${length})) moved again`);
  }
});

test("padme is monotone", () => {
  let previous = 0;
  for (let length = 0; length < 200_000; length += 1) {
    const padded = padme(length);
    assert.ok(padded >= previous, `padme(${length}) = ${padded} < padme(${length - 1}) = ${previous}`);
    previous = padded;
  }
});

test("padme stays exact beyond 32 bits, where bitwise operators would wrap", () => {
  // 5 GiB + 1: E=32, S=6, lastBits=26 → next multiple of 64 MiB.
  assert.equal(padme(5 * 2 ** 30 + 1), 5 * 2 ** 30 + 2 ** 26);
  // Just below 2^53 rounds up to exactly 2^53 (E=52, S=6, lastBits=46).
  assert.equal(padme(2 ** 53 - 2 ** 46 + 1), 2 ** 53);
});

test("padme rejects lengths that are not non-negative safe integers", () => {
  for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 53, "10"]) {
    assert.throws(() => padme(bad), RangeError, `padme(${bad})`);
  }
});
