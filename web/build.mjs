// Bundles the browser client into dist/tipbox.js: one file, minified, no
// source map, no eval, served by tipbox-server under `script-src 'self'`.
//
// Reproducible: the same sources and the same pinned esbuild give the same
// bytes (no timestamps, no absolute paths in the output). `--check` rebuilds
// in memory and fails if the committed dist/tipbox.js differs.
//
//   node build.mjs           write dist/tipbox.js and print its size
//   node build.mjs --check   exit 1 if dist/tipbox.js is not what the sources build

import { readFile, writeFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
export const OUTPUT = `${here}dist/tipbox.js`;

/** Size budget for the bundle, gzip-compressed (issue 4). */
export const GZIP_BUDGET = 60 * 1024;

/** The bundle's bytes, built in memory. */
export async function buildBundle() {
  const result = await esbuild.build({
    absWorkingDir: here,
    entryPoints: ["src/main.js"],
    bundle: true,
    minify: true,
    format: "iife",
    // Tor Browser follows Firefox ESR (115, then 128); older browsers fall
    // back to the no-JavaScript form because main.js checks what it needs.
    target: ["firefox115", "chrome111", "safari16.4"],
    platform: "browser",
    sourcemap: false,
    legalComments: "eof", // keep the MIT notices of the bundled @noble libraries
    charset: "utf8",
    write: false,
    logLevel: "warning",
  });
  return result.outputFiles[0].contents;
}

async function main() {
  const bundle = await buildBundle();
  const gzipped = gzipSync(bundle, { level: 9 }).length;
  if (process.argv.includes("--check")) {
    const committed = await readFile(OUTPUT).catch(() => new Uint8Array(0));
    if (Buffer.compare(Buffer.from(committed), Buffer.from(bundle)) !== 0) {
      console.error("dist/tipbox.js differs from what the sources build: run `node build.mjs` and commit it");
      process.exit(1);
    }
    console.log(`dist/tipbox.js is up to date (${bundle.length} bytes, ${gzipped} gzip)`);
  } else {
    await mkdir(`${here}dist`, { recursive: true });
    await writeFile(OUTPUT, bundle);
    console.log(`dist/tipbox.js: ${bundle.length} bytes, ${gzipped} bytes gzip (budget ${GZIP_BUDGET})`);
  }
  if (gzipped > GZIP_BUDGET) {
    console.error(`the bundle is over its size budget: ${gzipped} > ${GZIP_BUDGET} bytes gzip`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
