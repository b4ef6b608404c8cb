/**
 * Resumable upload of the ciphertext (protocol: `web/PROTOCOL.md`).
 *
 * Tor circuits break during long uploads, and a browser cannot stream a
 * request body over HTTP/1.1, so the age file goes up in parts of the size the
 * server chose. When a request fails on the network (or the server is briefly
 * unavailable), the client waits, asks the server how many parts it has
 * stored, and continues from there: parts the server already holds are never
 * sent again.
 *
 * Encryption and upload overlap: part n+1 is encrypted while part n is in
 * flight, so the total time is close to the slower of the two, not their sum,
 * and at most two parts are in memory.
 *
 * Main items: {@link uploadCiphertext}, {@link UploadError}.
 *
 * @module upload
 */

/** Largest part size the client accepts: it holds two parts in memory. */
export const MAX_PART_SIZE = 64 * 1024 * 1024;

/** Smallest part size the client accepts: tinier parts would mean a request per few bytes. */
export const MIN_PART_SIZE = 1024;

/** Upload ids are used in URL paths: only URL-safe characters. */
const UPLOAD_ID = /^[A-Za-z0-9_-]{1,128}$/u;

/**
 * Retry policy. Tor needs from seconds to about a minute to build a new
 * circuit; the delays back off to 30 s and give up after about 8 minutes.
 * A request that makes no progress is abandoned after `requestTimeoutMs`,
 * plus, for parts, the time the part takes at `minBytesPerSecond`: slow
 * uploads that still progress are not cut, stalled ones are.
 */
export const DEFAULT_RETRY = Object.freeze({
  delaysMs: Object.freeze([1000, 2000, 4000, 8000, 15000, 30000]),
  attempts: 20,
  requestTimeoutMs: 60_000,
  minBytesPerSecond: 4096,
});

/** The upload failed for good; `message` says why in words a source understands. */
export class UploadError extends Error {
  /**
   * @param {string} message
   * @param {{status?: number, maxBytes?: number, cause?: unknown}} [details] HTTP status, when the
   *   server refused, and its per-tip cap, when it said it
   */
  constructor(message, { status, maxBytes, cause } = {}) {
    super(message, { cause });
    this.name = "UploadError";
    this.status = status;
    this.maxBytes = maxBytes;
  }
}

/** A failure worth retrying: the network, a timeout, or a server that is briefly unavailable. */
class TransientError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "TransientError";
  }
}

/**
 * Uploads an age file of known length through the resumable upload API.
 *
 * @param {object} options
 * @param {string|URL} options.base URL the relative API paths are resolved against (the page's)
 * @param {ReadableStream<Uint8Array>} options.ciphertext the age file, exactly `length` bytes
 * @param {number} options.length
 * @param {typeof fetch} [options.fetch]
 * @param {(progress: {sent: number, total: number}) => void} [options.onProgress]
 *   called after each part the server confirmed
 * @param {(retry: {attempt: number, delayMs: number, error: Error}) => void} [options.onRetry]
 *   called before waiting to retry after a failure
 * @param {(part: number) => void} [options.onPartReady] called when part n is encrypted
 * @param {Partial<typeof DEFAULT_RETRY>} [options.retry]
 * @param {AbortSignal} [options.signal] aborts the upload
 * @returns {Promise<{upload: string, parts: number}>}
 */
export async function uploadCiphertext({
  base,
  ciphertext,
  length,
  fetch: fetchImpl = globalThis.fetch,
  onProgress = () => {},
  onRetry = () => {},
  onPartReady = () => {},
  retry = {},
  signal,
}) {
  const policy = { ...DEFAULT_RETRY, ...retry };
  const api = new UploadApi(base, fetchImpl, policy, signal);
  const parts = new PartReader(ciphertext);
  try {
    const { id, partSize } = await withRetries(policy, signal, onRetry, () => api.create(length));
    const partCount = Math.ceil(length / partSize);
    const partLength = (n) => Math.min(partSize, length - n * partSize);

    let sent = 0;
    let next = parts.read(partLength(0));
    for (let n = 0; n < partCount; n += 1) {
      const bytes = await next;
      onPartReady(n);
      // Start encrypting part n+1 now; it runs while part n is on the wire.
      next = n + 1 < partCount ? parts.read(partLength(n + 1)) : parts.end();
      next.catch(() => {}); // awaited on the next turn; do not report it as unhandled meanwhile
      await sendPart(api, policy, signal, onRetry, id, n, bytes);
      sent += bytes.length;
      onProgress({ sent, total: length });
    }
    await next; // the ciphertext ended exactly at `length`
    await withRetries(policy, signal, onRetry, () => api.finish(id));
    return { upload: id, parts: partCount };
  } catch (error) {
    await parts.cancel(error);
    throw error;
  }
}

/**
 * Sends part `n`, resuming after failures: before each retry the server is
 * asked how many contiguous parts it stored, and a part it already holds
 * (the connection broke after it was stored, before the answer arrived) is
 * not sent again.
 */
async function sendPart(api, policy, signal, onRetry, id, n, bytes) {
  const send = async () => {
    await api.sendPart(id, n, bytes);
    return true;
  };
  const resume = async () => {
    const received = await api.receivedParts(id);
    if (received > n) {
      return true; // stored before the connection broke
    }
    if (received < n) {
      throw new UploadError("the server lost part of the upload that it had confirmed; please submit again");
    }
    return send();
  };
  let step = send;
  await withRetries(policy, signal, onRetry, () => {
    const current = step;
    step = resume;
    return current();
  });
}

/** Runs `operation`, retrying transient failures with the policy's delays. */
async function withRetries(policy, signal, onRetry, operation) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof TransientError)) {
        throw error;
      }
      if (attempt >= policy.attempts) {
        throw new UploadError(`the connection to the server was lost and did not come back (${error.message})`, {
          cause: error,
        });
      }
      const delays = policy.delaysMs;
      const delayMs = delays[Math.min(attempt, delays.length - 1)];
      onRetry({ attempt: attempt + 1, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}

/** Waits `ms`, or fails as soon as `signal` aborts. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The four requests of the protocol, each checked and classified. */
class UploadApi {
  constructor(base, fetchImpl, policy, signal) {
    this.base = base;
    // Called as a plain function: browsers throw "Illegal invocation" when
    // fetch runs as a method of another object.
    this.fetch = (url, init) => fetchImpl(url, init);
    this.policy = policy;
    this.signal = signal;
  }

  url(path) {
    return new URL(path, this.base);
  }

  /** `POST api/v1/uploads {"size"}` → `201 {"upload", "part_size"}`. */
  async create(length) {
    const response = await this.request(this.url("api/v1/uploads"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ size: length }),
    });
    const body = await readJson(response, 201);
    const id = body?.upload;
    const partSize = body?.part_size;
    if (typeof id !== "string" || !UPLOAD_ID.test(id)) {
      throw new UploadError("the server's answer to a new upload carried no usable upload id");
    }
    if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw new UploadError(`the server asked for parts of ${partSize} bytes, which this page does not support`);
    }
    return { id, partSize };
  }

  /** `POST api/v1/uploads/<id>/parts/<n>` with the part's bytes → `204`. */
  async sendPart(id, n, bytes) {
    const timeoutMs = this.policy.requestTimeoutMs + (bytes.length / this.policy.minBytesPerSecond) * 1000;
    const response = await this.request(
      this.url(`api/v1/uploads/${encodeURIComponent(id)}/parts/${n}`),
      { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: bytes },
      timeoutMs,
    );
    if (response.status === 409) {
      // The server expected another part: find out which one, then continue.
      throw new TransientError("the server expected another part");
    }
    await expectStatus(response, 204);
  }

  /** `GET api/v1/uploads/<id>` → the count of contiguous parts stored from part 0. */
  async receivedParts(id) {
    const response = await this.request(this.url(`api/v1/uploads/${encodeURIComponent(id)}`), { method: "GET" });
    const body = await readJson(response, 200);
    const received = body?.received_parts;
    if (!Number.isSafeInteger(received) || received < 0) {
      throw new UploadError("the server's upload status carried no usable part count");
    }
    return received;
  }

  /** `POST api/v1/uploads/<id>/finish` → `201 {"status": "received"}`. */
  async finish(id) {
    const response = await this.request(this.url(`api/v1/uploads/${encodeURIComponent(id)}/finish`), {
      method: "POST",
    });
    const body = await readJson(response, 201);
    if (body?.status !== "received") {
      throw new UploadError("the server did not confirm that the tip was received");
    }
  }

  /** One request with a timeout; network failures and timeouts become TransientError. */
  async request(url, init, timeoutMs = this.policy.requestTimeoutMs) {
    this.signal?.throwIfAborted();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const onAbort = () => timeout.abort();
    this.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const response = await this.fetch(url, {
        ...init,
        cache: "no-store",
        credentials: "omit",
        referrerPolicy: "no-referrer",
        signal: timeout.signal,
      });
      if (isTransientStatus(response.status)) {
        await response.body?.cancel();
        throw new TransientError(`the server answered ${response.status}`);
      }
      return response;
    } catch (error) {
      this.signal?.throwIfAborted();
      if (error instanceof TransientError || error instanceof UploadError) {
        throw error;
      }
      const reason = timeout.signal.aborted ? "the request timed out" : error.message;
      throw new TransientError(reason, { cause: error });
    } finally {
      clearTimeout(timer);
      this.signal?.removeEventListener("abort", onAbort);
    }
  }
}

/**
 * Statuses that say "try again later": timeouts, rate limits, and a server
 * that is busy or behind a broken circuit. 507 (storage full) is final.
 */
function isTransientStatus(status) {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Fails with the server's own `{"error": …}` message unless the status is `expected`. */
async function expectStatus(response, expected) {
  if (response.status === expected) {
    await response.body?.cancel();
    return;
  }
  throw await refusal(response);
}

/** The JSON body of a response with status `expected`. */
async function readJson(response, expected) {
  if (response.status !== expected) {
    throw await refusal(response);
  }
  try {
    return await response.json();
  } catch (error) {
    throw new TransientError("the server's answer was cut off", { cause: error });
  }
}

/** An UploadError carrying the server's explanation, when it gave one. */
async function refusal(response) {
  let reason = "";
  let maxBytes;
  try {
    const body = await response.json();
    if (typeof body?.error === "string") {
      reason = body.error;
    }
    if (Number.isSafeInteger(body?.max_bytes) && body.max_bytes >= 0) {
      maxBytes = body.max_bytes;
    }
  } catch {
    // No JSON explanation: the status alone has to do.
  }
  if (response.status === 404) {
    return new UploadError(reason || "the server no longer knows this upload (it may have expired); please submit again", {
      status: 404,
    });
  }
  return new UploadError(reason || `the server refused the upload (${response.status})`, {
    status: response.status,
    maxBytes,
  });
}

/** Cuts a stream of arbitrarily sized chunks into parts of exact lengths. */
class PartReader {
  constructor(stream) {
    this.reader = stream.getReader();
    this.leftover = new Uint8Array(0);
  }

  /** The next `length` bytes; fails if the stream ends first. */
  async read(length) {
    const part = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (this.leftover.length === 0) {
        const { value, done } = await this.reader.read();
        if (done) {
          throw new UploadError("internal error: the ciphertext is shorter than announced");
        }
        this.leftover = value;
        continue;
      }
      const take = Math.min(length - filled, this.leftover.length);
      part.set(this.leftover.subarray(0, take), filled);
      this.leftover = this.leftover.subarray(take);
      filled += take;
    }
    return part;
  }

  /** Succeeds only if the stream has no bytes left. */
  async end() {
    while (this.leftover.length === 0) {
      const { value, done } = await this.reader.read();
      if (done) {
        return;
      }
      this.leftover = value;
    }
    throw new UploadError("internal error: the ciphertext is longer than announced");
  }

  async cancel(reason) {
    try {
      await this.reader.cancel(reason);
    } catch {
      // Already closed or errored: nothing to release.
    }
  }
}
