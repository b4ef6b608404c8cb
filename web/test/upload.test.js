import assert from "node:assert/strict";
import { test } from "node:test";

import { Decrypter, generateX25519Identity, identityToRecipient } from "age-encryption";

import { buildMeta, containerLength, containerStream, describeAttachments } from "../src/container.js";
import { encryptStream } from "../src/encrypt.js";
import { UploadError, uploadCiphertext } from "../src/upload.js";
import { Formatter, failureReason } from "../src/view.js";
import { collect, PatternFile } from "../testlib/streams.js";
import { startUploadServer } from "../testlib/upload-server.js";

const PART_SIZE = 64 * 1024;

/** Retries without waiting, so a test about resuming does not take seconds. */
const FAST_RETRY = { delaysMs: [5], attempts: 4, requestTimeoutMs: 5_000, minBytesPerSecond: 1e9 };

/** A freshly encrypted tip (a ~300 KiB file: six parts of 64 KiB), and what it decrypts to. */
async function encryptedTip() {
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  const attachments = describeAttachments([new PatternFile({ name: "evidence.zip", size: 300_000, seed: 7 })]);
  const meta = buildMeta({ message: "see attached", language: "en", attachments });
  const container = await collect(containerStream(meta, attachments));
  const { stream, length } = await encryptStream([recipient], containerStream(meta, attachments), containerLength(meta));
  return { identity, container, ciphertext: stream, length, parts: Math.ceil(length / PART_SIZE) };
}

async function decrypt(identity, bytes) {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  return decrypter.decrypt(bytes);
}

/** Starts a mock server for the test and closes it afterwards. */
async function serverFor(t, options) {
  const server = await startUploadServer({ partSize: PART_SIZE, ...options });
  t.after(() => server.close());
  return server;
}

test("upload: every part once, then finish; the stored bytes decrypt to the container", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t);
  const progress = [];

  const result = await uploadCiphertext({
    base: server.base,
    ciphertext: tip.ciphertext,
    length: tip.length,
    retry: FAST_RETRY,
    onProgress: (p) => progress.push(p),
  });

  assert.equal(result.parts, tip.parts);
  assert.ok(tip.parts >= 5, "the sample must span several parts");
  for (let n = 0; n < tip.parts; n += 1) assert.equal(server.sends(n), 1, `part ${n}`);
  assert.deepEqual(server.log.map((e) => e.kind).filter((k) => k !== "part"), ["create", "finish"]);
  assert.equal(server.log[0].size, tip.length, "the announced size is the ciphertext's");
  assert.deepEqual(await decrypt(tip.identity, server.stored()), tip.container);
  assert.deepEqual(progress.at(-1), { sent: tip.length, total: tip.length });
  assert.ok(progress.every((p, i) => i === 0 || p.sent > progress[i - 1].sent), "progress goes forward");
});

test("upload: connection dropped after the server stored a part → resumes without sending it again", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t, {
    behaviour: (kind, n, attempt) => (kind === "part" && n === 2 && attempt === 1 ? "drop-after-store" : undefined),
  });
  const retries = [];

  await uploadCiphertext({
    base: server.base,
    ciphertext: tip.ciphertext,
    length: tip.length,
    retry: FAST_RETRY,
    onRetry: (r) => retries.push(r),
  });

  assert.equal(server.sends(2), 1, "part 2 was stored on the first try and must not be re-sent");
  for (let n = 0; n < tip.parts; n += 1) assert.equal(server.sends(n), 1, `part ${n}`);
  assert.equal(server.log.filter((e) => e.kind === "status").length, 1, "the client asked where the server was");
  assert.equal(retries.length, 1);
  assert.deepEqual(await decrypt(tip.identity, server.stored()), tip.container);
});

test("upload: connection dropped mid-part before it was stored → that part alone is sent again", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t, {
    behaviour: (kind, n, attempt) => (kind === "part" && n === 3 && attempt === 1 ? "drop-before-store" : undefined),
  });

  await uploadCiphertext({ base: server.base, ciphertext: tip.ciphertext, length: tip.length, retry: FAST_RETRY });

  assert.equal(server.sends(3), 2);
  for (let n = 0; n < tip.parts; n += 1) {
    if (n !== 3) assert.equal(server.sends(n), 1, `part ${n} was sent again`);
  }
  assert.deepEqual(await decrypt(tip.identity, server.stored()), tip.container);
});

test("upload: a stalled request is abandoned after its timeout and the upload resumes", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t, {
    behaviour: (kind, n, attempt) => (kind === "part" && n === 1 && attempt === 1 ? "stall" : undefined),
  });

  await uploadCiphertext({
    base: server.base,
    ciphertext: tip.ciphertext,
    length: tip.length,
    retry: { ...FAST_RETRY, requestTimeoutMs: 300 },
  });

  assert.equal(server.sends(1), 2);
  assert.deepEqual(await decrypt(tip.identity, server.stored()), tip.container);
});

test("upload: a busy server (503) is retried, not fatal", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t, {
    behaviour: (kind, n, attempt) => (kind === "part" && n === 0 && attempt <= 2 ? 503 : undefined),
  });

  await uploadCiphertext({ base: server.base, ciphertext: tip.ciphertext, length: tip.length, retry: FAST_RETRY });

  assert.equal(server.sends(0), 3);
  assert.deepEqual(await decrypt(tip.identity, server.stored()), tip.container);
});

test("upload: a lost answer to finish is retried; finishing twice is harmless", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t, {
    behaviour: (kind, n, attempt) => (kind === "finish" && attempt === 1 ? "drop-after-store" : undefined),
  });

  await uploadCiphertext({ base: server.base, ciphertext: tip.ciphertext, length: tip.length, retry: FAST_RETRY });

  assert.equal(server.log.filter((e) => e.kind === "finish").length, 2);
  assert.equal([...server.uploads.values()][0].finished, true);
});

/** Wraps `stream`, recording when each byte was pulled from it (that is, encrypted). */
function recordPulls(stream) {
  const reader = stream.getReader();
  const pulls = [];
  let total = 0;
  const recorded = new ReadableStream(
    {
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        total += value.length;
        pulls.push({ at: performance.now(), total });
        controller.enqueue(value);
      },
    },
    { highWaterMark: 0 },
  );
  const pulledBy = (time) => pulls.filter((p) => p.at <= time).at(-1)?.total ?? 0;
  return { recorded, pulledBy };
}

test("upload: part n+1 is encrypted while part n is still in flight", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t, {
    behaviour: (kind, n) => (kind === "part" && n === 0 ? "delay:300" : undefined),
  });
  const { recorded, pulledBy } = recordPulls(tip.ciphertext);

  await uploadCiphertext({ base: server.base, ciphertext: recorded, length: tip.length, retry: FAST_RETRY });

  // The server holds its answer to part 0 for 300 ms. By then the client must
  // already have pulled (encrypted) all of part 1, not waited for the answer.
  const part0 = server.log.find((e) => e.kind === "part" && e.n === 0);
  const pulled = pulledBy(part0.answeredAt);
  assert.ok(pulled >= 2 * PART_SIZE, `only ${pulled} bytes were encrypted while part 0 was in flight`);
});

test("upload: a refusal (413) stops with the server's own message and its cap, and sends no part", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t, { maxSize: 1000 });

  await assert.rejects(
    uploadCiphertext({ base: server.base, ciphertext: tip.ciphertext, length: tip.length, retry: FAST_RETRY }),
    (error) =>
      error instanceof UploadError &&
      error.status === 413 &&
      error.maxBytes === 1000 &&
      /larger than the newsroom accepts/.test(error.message),
  );
  assert.equal(server.log.filter((e) => e.kind === "part").length, 0);
});

test("upload: the refusals a source can act on are shown in the page's language", () => {
  const texts = {
    "refused-too-large": "Ce média accepte des pistes de {limit} au plus.",
    "refused-full": "Le serveur n’a plus de place.",
  };
  const format = new Formatter("fr");
  const tooLarge = new UploadError("This tip is larger than the newsroom accepts.", { status: 413, maxBytes: 500 * 1024 * 1024 });
  assert.equal(failureReason(tooLarge, texts, format), `Ce média accepte des pistes de ${format.bytes(500 * 1024 * 1024)} au plus.`);
  assert.match(failureReason(tooLarge, texts, format), /500/);
  const full = new UploadError("the server's storage is full; please try again later", { status: 507 });
  assert.equal(failureReason(full, texts, format), "Le serveur n’a plus de place.");
  // Without the cap, or for other refusals, the server's own sentence stands.
  const noCap = new UploadError("too large", { status: 413 });
  assert.equal(failureReason(noCap, texts, format), "too large");
  const malformed = new UploadError("the file is not age", { status: 400 });
  assert.equal(failureReason(malformed, texts, format), "the file is not age");
});

test("upload: storage full (507) on a part is final, not retried", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t, { behaviour: (kind, n) => (kind === "part" && n === 1 ? 507 : undefined) });

  await assert.rejects(
    uploadCiphertext({ base: server.base, ciphertext: tip.ciphertext, length: tip.length, retry: FAST_RETRY }),
    (error) => error instanceof UploadError && error.status === 507,
  );
  assert.equal(server.sends(1), 1);
});

test("upload: a server that lost confirmed parts is an error, not a silent gap", async (t) => {
  const tip = await encryptedTip();
  let server;
  server = await serverFor(t, {
    behaviour: (kind, n, attempt) => {
      if (kind === "part" && n === 2 && attempt === 1) {
        [...server.uploads.values()][0].parts.length = 1; // forget part 1
        return "drop-before-store";
      }
      return undefined;
    },
  });

  await assert.rejects(
    uploadCiphertext({ base: server.base, ciphertext: tip.ciphertext, length: tip.length, retry: FAST_RETRY }),
    (error) => error instanceof UploadError && /lost part of the upload/.test(error.message),
  );
});

test("upload: gives up with a clear error when the server stays unreachable", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t, { behaviour: (kind) => (kind === "part" || kind === "status" ? "drop-before-store" : undefined) });
  const retries = [];

  await assert.rejects(
    uploadCiphertext({
      base: server.base,
      ciphertext: tip.ciphertext,
      length: tip.length,
      retry: FAST_RETRY,
      onRetry: (r) => retries.push(r),
    }),
    (error) => error instanceof UploadError && /connection to the server was lost/.test(error.message),
  );
  assert.equal(retries.length, FAST_RETRY.attempts);
});

test("upload: a server answer without a usable upload id or part size is refused", async (t) => {
  const tip = await encryptedTip();
  const fakeFetch = async () => new Response(JSON.stringify({ upload: "../../admin", part_size: 65536 }), { status: 201 });
  await assert.rejects(
    uploadCiphertext({ base: "http://127.0.0.1:1/", ciphertext: tip.ciphertext, length: tip.length, fetch: fakeFetch }),
    /no usable upload id/,
  );
  const tip2 = await encryptedTip();
  const hugeParts = async () => new Response(JSON.stringify({ upload: "abc", part_size: 2 ** 40 }), { status: 201 });
  await assert.rejects(
    uploadCiphertext({ base: "http://127.0.0.1:1/", ciphertext: tip2.ciphertext, length: tip2.length, fetch: hugeParts }),
    /parts of 1099511627776 bytes/,
  );
});

test("upload: a ciphertext shorter than announced is caught before finishing", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t);
  await assert.rejects(
    uploadCiphertext({ base: server.base, ciphertext: tip.ciphertext, length: tip.length + 1, retry: FAST_RETRY }),
    /shorter than announced/,
  );
  assert.equal(server.log.filter((e) => e.kind === "finish").length, 0);
});

test("upload: a ciphertext longer than announced is caught before finishing", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t);
  await assert.rejects(
    uploadCiphertext({ base: server.base, ciphertext: tip.ciphertext, length: tip.length - 1, retry: FAST_RETRY }),
    /longer than announced/,
  );
  assert.equal(server.log.filter((e) => e.kind === "finish").length, 0);
});

test("upload: uses only the relative API paths under the page's folder", async (t) => {
  const tip = await encryptedTip();
  const paths = [];
  const server = await serverFor(t);
  const spy = (url, init) => {
    paths.push(new URL(url).pathname);
    return fetch(url, init);
  };
  await uploadCiphertext({ base: server.base, ciphertext: tip.ciphertext, length: tip.length, fetch: spy, retry: FAST_RETRY });
  assert.ok(paths.every((p) => p.startsWith("/api/v1/uploads")), paths.join(" "));
});

test("upload: calls fetch as a plain function (browsers throw Illegal invocation otherwise)", async (t) => {
  const tip = await encryptedTip();
  const server = await serverFor(t);
  // Like the browser's fetch: refuses to run with `this` bound to another object.
  function browserLikeFetch(url, init) {
    if (this !== undefined && this !== globalThis) {
      throw new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation");
    }
    return fetch(url, init);
  }
  await uploadCiphertext({
    base: server.base,
    ciphertext: tip.ciphertext,
    length: tip.length,
    fetch: browserLikeFetch,
    retry: { ...FAST_RETRY, attempts: 0 },
  });
  assert.equal([...server.uploads.values()][0].finished, true);
});
