import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { gzipSync } from "node:zlib";

import { GZIP_BUDGET, OUTPUT, buildBundle } from "../build.mjs";

test("the committed dist/tipbox.js is exactly what the sources build", async () => {
  const built = Buffer.from(await buildBundle());
  const committed = readFileSync(OUTPUT);
  assert.ok(built.equals(committed), "dist/tipbox.js is stale: run `node build.mjs` in web/ and commit it");
});

test("building twice gives the same bytes", async () => {
  const first = Buffer.from(await buildBundle());
  const second = Buffer.from(await buildBundle());
  assert.ok(first.equals(second));
});

test("the bundle fits its 60 KiB gzip budget", () => {
  const gzipped = gzipSync(readFileSync(OUTPUT), { level: 9 }).length;
  assert.ok(gzipped <= GZIP_BUDGET, `${gzipped} bytes gzip > ${GZIP_BUDGET}`);
});

test("the bundle needs no eval, no WebAssembly and no source map (CSP script-src 'self')", () => {
  const bundle = readFileSync(OUTPUT, "utf8");
  assert.doesNotMatch(bundle, /\beval\s*\(/);
  assert.doesNotMatch(bundle, /new Function\s*\(/);
  assert.doesNotMatch(bundle, /WebAssembly/);
  assert.doesNotMatch(bundle, /sourceMappingURL/);
});
