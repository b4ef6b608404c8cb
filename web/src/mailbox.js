/**
 * The mailbox API client (source listener, `api/v1/mailbox…`; see
 * docs/CONVERSATIONS.md): create a mailbox, list, fetch and delete replies,
 * forget the mailbox. The token travels only in JSON bodies, never in a URL
 * (URLs end up in histories and logs); paths are relative to the page, so the
 * client works under any onion address.
 *
 * Replies come back as age files; decrypting them is the caller's job, with
 * the reply identity derived in the page (`codename.js`). The server never
 * sees the codename, the identity or a reply's plaintext.
 *
 * Main items: {@link MailboxClient}, {@link MailboxError}.
 *
 * @module mailbox
 */

/** Largest reply the client downloads: the server's default cap is 16 MiB; operators may raise it. */
export const MAX_REPLY_BYTES = 256 * 1024 * 1024;

/** A reply id: 16 random bytes as 32 lower-case hex characters. */
const REPLY_ID = /^[0-9a-f]{32}$/u;

/** A request to the mailbox API failed; `message` is a sentence the source can read. */
export class MailboxError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "MailboxError";
    this.status = status;
  }
}

export class MailboxClient {
  /**
   * @param {object} options
   * @param {string} options.token the mailbox token, 64 lower-case hex
   * @param {string|URL} options.base the page's URL, relative paths resolve against it
   * @param {typeof fetch} [options.fetch]
   */
  constructor({ token, base, fetch: fetchImpl = globalThis.fetch }) {
    this.token = token;
    this.base = base;
    // Called through a closure: `fetch` must not be invoked as a method of this object.
    this.fetch = (url, init) => fetchImpl(url, init);
  }

  /** POSTs `body` as JSON to `path`; returns the response if it has `expected` status. */
  async post(path, body, expected) {
    let response;
    try {
      response = await this.fetch(new URL(path, this.base), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: this.token, ...body }),
        cache: "no-store",
        credentials: "omit",
        referrerPolicy: "no-referrer",
      });
    } catch (error) {
      throw new MailboxError(`the server could not be reached: ${error.message}`, 0);
    }
    if (response.status !== expected) {
      let reason = `the server answered ${response.status}`;
      try {
        const answer = await response.json();
        if (typeof answer?.error === "string" && answer.error !== "") {
          reason = answer.error;
        }
      } catch {
        // Not JSON: keep the status sentence.
      }
      throw new MailboxError(reason, response.status);
    }
    return response;
  }

  /** Creates the mailbox if absent (idempotent): `POST api/v1/mailbox`. */
  async create() {
    await this.post("api/v1/mailbox", {}, 200);
  }

  /**
   * The replies waiting: `POST api/v1/mailbox/replies`. An unknown mailbox
   * answers exactly like an empty one.
   *
   * @returns {Promise<{id: string, created: string, size: number}[]>}
   */
  async list() {
    const response = await this.post("api/v1/mailbox/replies", {}, 200);
    const answer = await response.json().catch(() => null);
    if (!Array.isArray(answer?.replies)) {
      throw new MailboxError("the server's list of replies is malformed", response.status);
    }
    return answer.replies.filter(
      (reply) =>
        typeof reply?.id === "string" &&
        REPLY_ID.test(reply.id) &&
        Number.isSafeInteger(reply.size) &&
        reply.size > 0 &&
        reply.size <= MAX_REPLY_BYTES,
    );
  }

  /**
   * One reply's age file: `POST api/v1/mailbox/reply`. Read with a bound
   * (the size the list gave), so a misbehaving server cannot fill the page's
   * memory.
   *
   * @param {{id: string, size: number}} reply
   * @returns {Promise<Uint8Array>}
   */
  async fetchReply({ id, size }) {
    const response = await this.post("api/v1/mailbox/reply", { id }, 200);
    const reader = response.body.getReader();
    const bytes = new Uint8Array(size);
    let filled = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      if (value.length > size - filled) {
        await reader.cancel();
        throw new MailboxError("a reply is larger than the server said", response.status);
      }
      bytes.set(value, filled);
      filled += value.length;
    }
    if (filled !== size) {
      throw new MailboxError("a reply arrived cut short", response.status);
    }
    return bytes;
  }

  /** Deletes one reply (idempotent): `POST api/v1/mailbox/reply/delete`. */
  async deleteReply(id) {
    await this.post("api/v1/mailbox/reply/delete", { id }, 204);
  }

  /** Deletes the mailbox and its replies: `POST api/v1/mailbox/forget`. */
  async forget() {
    await this.post("api/v1/mailbox/forget", {}, 204);
  }
}
