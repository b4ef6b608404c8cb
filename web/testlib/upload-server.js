// An in-process HTTP server that speaks the resumable upload protocol of
// web/PROTOCOL.md, keeps everything in memory, records every request, and can
// misbehave on cue: drop the connection before or after storing a part, stall
// without answering, answer with an error status, or delay its answer.

import { randomBytes } from "node:crypto";
import { createServer } from "node:http";

import { concat } from "./streams.js";

/**
 * @param {object} options
 * @param {number} options.partSize
 * @param {string[]} [options.recipients] served at GET /api/v1/recipients
 * @param {number} [options.maxSize] larger uploads are refused with 413
 * @param {Record<string, {type: string, body: string|Uint8Array, headers?: object}>} [options.pages]
 *   static responses by path (a form page and the bundle, for browser checks)
 * @param {(kind: string, n: number, attempt: number) => string|number|undefined} [options.behaviour]
 *   for request `kind` ("create", "part", "status", "finish"), part `n`, and
 *   the how-many-th request for that part (from 1): "drop-before-store",
 *   "drop-after-store", "stall", "delay:<ms>", or an HTTP status to answer with.
 */
export async function startUploadServer({
  partSize,
  recipients = [],
  maxSize = 2 ** 40,
  behaviour = () => undefined,
  pages = {},
  extra = () => false,
}) {
  const uploads = new Map();
  const log = [];
  const attempts = new Map();

  const countAttempt = (key) => {
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    return attempt;
  };

  const json = (response, status, body) => {
    response.writeHead(status, { "Content-Type": "application/json" });
    response.end(JSON.stringify(body));
  };

  const readBody = async (request) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(new Uint8Array(chunk));
    return concat(chunks);
  };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url, "http://localhost");
    const path = url.pathname;
    let match;
    if (extra(request, response, url)) {
      return;
    }
    if (request.method === "GET" && Object.hasOwn(pages, path)) {
      const page = pages[path];
      response.writeHead(200, { "Content-Type": page.type, ...page.headers });
      response.end(page.body);
      return;
    }
    if (request.method === "GET" && path === "/api/v1/recipients") {
      json(response, 200, { recipients });
      return;
    }
    if (request.method === "POST" && path === "/api/v1/uploads") {
      const attempt = countAttempt("create");
      const action = behaviour("create", 0, attempt);
      const body = JSON.parse(new TextDecoder().decode(await readBody(request)));
      log.push({ kind: "create", size: body.size, attempt });
      if (typeof action === "number") return json(response, action, { error: `refused with ${action}` });
      if (!Number.isSafeInteger(body.size) || body.size <= 0) return json(response, 400, { error: "bad size" });
      if (body.size > maxSize) {
        return json(response, 413, { error: "This tip is larger than the newsroom accepts.", max_bytes: maxSize });
      }
      const id = randomBytes(12).toString("base64url");
      uploads.set(id, { size: body.size, parts: [], finished: false });
      return json(response, 201, { upload: id, part_size: partSize });
    }
    if ((match = path.match(/^\/api\/v1\/uploads\/([\w-]+)\/parts\/(\d+)$/)) && request.method === "POST") {
      const [, id, number] = match;
      const n = Number(number);
      const attempt = countAttempt(`part:${n}`);
      const action = behaviour("part", n, attempt);
      const upload = uploads.get(id);
      if (action === "drop-before-store") {
        // Take a little of the body, then cut the connection as a broken circuit would.
        request.once("data", () => request.socket.destroy());
        log.push({ kind: "part", n, attempt, stored: false, dropped: true });
        return;
      }
      const bytes = await readBody(request);
      const entry = { kind: "part", n, attempt, bytes: bytes.length, stored: false };
      log.push(entry);
      if (typeof action === "number") return json(response, action, { error: `refused with ${action}` });
      if (!upload) return json(response, 404, { error: "unknown upload" });
      if (action === "stall") return; // never answer; the client must give up on its own
      const received = upload.parts.length;
      if (n > received) return json(response, 409, { error: `expected part ${received}` });
      if (n === received) {
        const expected = Math.min(partSize, upload.size - n * partSize);
        if (bytes.length !== expected) return json(response, 400, { error: `part ${n} must be ${expected} bytes` });
        upload.parts.push(bytes);
        entry.stored = true;
      }
      if (action === "drop-after-store") {
        response.socket.destroy(); // stored, but the answer never reaches the client
        return;
      }
      if (action?.startsWith?.("delay:")) {
        await new Promise((resolve) => setTimeout(resolve, Number(action.slice(6))));
      }
      entry.answeredAt = performance.now();
      response.writeHead(204).end();
      return;
    }
    if ((match = path.match(/^\/api\/v1\/uploads\/([\w-]+)$/)) && request.method === "GET") {
      const attempt = countAttempt("status");
      const action = behaviour("status", 0, attempt);
      const upload = uploads.get(match[1]);
      log.push({ kind: "status", attempt, received: upload?.parts.length });
      if (typeof action === "number") return json(response, action, { error: `refused with ${action}` });
      if (!upload) return json(response, 404, { error: "unknown upload" });
      return json(response, 200, { size: upload.size, received_parts: upload.parts.length });
    }
    if ((match = path.match(/^\/api\/v1\/uploads\/([\w-]+)\/finish$/)) && request.method === "POST") {
      const attempt = countAttempt("finish");
      const action = behaviour("finish", 0, attempt);
      const upload = uploads.get(match[1]);
      log.push({ kind: "finish", attempt });
      if (typeof action === "number") return json(response, action, { error: `refused with ${action}` });
      if (!upload) return json(response, 404, { error: "unknown upload" });
      const complete = upload.parts.reduce((sum, part) => sum + part.length, 0) === upload.size;
      if (!complete) return json(response, 409, { error: "parts are missing" });
      upload.finished = true;
      if (action === "drop-after-store") {
        response.socket.destroy();
        return;
      }
      return json(response, 201, { status: "received" });
    }
    json(response, 404, { error: "not found" });
  });

  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}/submit`;
  return {
    base,
    log,
    uploads,
    /** The bytes stored for the only upload, in order. */
    stored() {
      const [upload] = uploads.values();
      return concat(upload.parts);
    },
    /** How many times part `n` was sent (a dropped attempt counts: bytes went on the wire). */
    sends(n) {
      return log.filter((entry) => entry.kind === "part" && entry.n === n).length;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
