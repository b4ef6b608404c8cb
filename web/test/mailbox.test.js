import assert from "node:assert/strict";
import { test } from "node:test";

import { MailboxClient, MailboxError } from "../src/mailbox.js";

const TOKEN = "518bfc7a3cf1ba5e2b84379cc91a84ac5a699d0398e23b416d01d2d9c52cdb3b";
const ID = "0123456789abcdef0123456789abcdef";

/** A fetch that records requests and answers with `answer(url, body)`. */
function fakeServer(answer) {
  const requests = [];
  const fetch = async (url, init) => {
    const body = JSON.parse(init.body);
    requests.push({ url: String(url), method: init.method, body });
    return answer(new URL(url).pathname, body);
  };
  return { requests, fetch };
}

const json = (status, value) => new Response(JSON.stringify(value), { status, headers: { "Content-Type": "application/json" } });

test("the token travels in the JSON body, never in the URL, and paths are relative to the page", async () => {
  const server = fakeServer(() => json(200, { status: "ready" }));
  const client = new MailboxClient({ token: TOKEN, base: "http://x.onion/a/codename", fetch: server.fetch });

  await client.create();

  assert.deepEqual(server.requests, [{ url: "http://x.onion/a/api/v1/mailbox", method: "POST", body: { token: TOKEN } }]);
  assert.ok(!server.requests[0].url.includes(TOKEN));
});

test("the list keeps well-formed replies and drops entries with a bad id or size", async () => {
  const server = fakeServer(() =>
    json(200, {
      replies: [
        { id: ID, created: "2026-11-28", size: 400 },
        { id: "../../etc", created: "2026-11-28", size: 400 },
        { id: ID.toUpperCase(), created: "2026-11-28", size: 400 },
        { id: ID, created: "2026-11-28", size: -1 },
        { id: ID, created: "2026-11-28", size: 1e12 },
      ],
    }),
  );
  const client = new MailboxClient({ token: TOKEN, base: "http://x.onion/", fetch: server.fetch });

  assert.deepEqual(await client.list(), [{ id: ID, created: "2026-11-28", size: 400 }]);
  assert.equal(server.requests[0].url, "http://x.onion/api/v1/mailbox/replies");
});

test("a reply is fetched with its id, and exactly its listed size is accepted", async () => {
  const server = fakeServer(() => new Response(new Uint8Array([1, 2, 3]), { status: 200 }));
  const client = new MailboxClient({ token: TOKEN, base: "http://x.onion/", fetch: server.fetch });

  assert.deepEqual(await client.fetchReply({ id: ID, size: 3 }), new Uint8Array([1, 2, 3]));
  assert.deepEqual(server.requests[0].body, { token: TOKEN, id: ID });
});

test("a reply larger than listed is refused while reading, not buffered whole", async () => {
  const server = fakeServer(() => new Response(new Uint8Array(4096), { status: 200 }));
  const client = new MailboxClient({ token: TOKEN, base: "http://x.onion/", fetch: server.fetch });

  await assert.rejects(client.fetchReply({ id: ID, size: 100 }), { name: "MailboxError", message: "a reply is larger than the server said" });
});

test("a reply shorter than listed is refused as cut short", async () => {
  const server = fakeServer(() => new Response(new Uint8Array(10), { status: 200 }));
  const client = new MailboxClient({ token: TOKEN, base: "http://x.onion/", fetch: server.fetch });

  await assert.rejects(client.fetchReply({ id: ID, size: 100 }), { message: "a reply arrived cut short" });
});

test("a refusal shows the server's error sentence, or its status when there is none", async () => {
  const refusing = fakeServer(() => json(404, { error: "no such reply" }));
  await assert.rejects(
    new MailboxClient({ token: TOKEN, base: "http://x.onion/", fetch: refusing.fetch }).fetchReply({ id: ID, size: 3 }),
    (error) => error instanceof MailboxError && error.status === 404 && error.message === "no such reply",
  );
  const broken = fakeServer(() => new Response("<html>", { status: 502 }));
  await assert.rejects(new MailboxClient({ token: TOKEN, base: "http://x.onion/", fetch: broken.fetch }).list(), {
    message: "the server answered 502",
  });
});

test("delete and forget expect 204 and send the id only where it belongs", async () => {
  const server = fakeServer(() => new Response(null, { status: 204 }));
  const client = new MailboxClient({ token: TOKEN, base: "http://x.onion/", fetch: server.fetch });

  await client.deleteReply(ID);
  await client.forget();

  assert.deepEqual(
    server.requests.map(({ url, body }) => [new URL(url).pathname, body]),
    [
      ["/api/v1/mailbox/reply/delete", { token: TOKEN, id: ID }],
      ["/api/v1/mailbox/forget", { token: TOKEN }],
    ],
  );
});

test("an unreachable server is a clear error", async () => {
  const client = new MailboxClient({
    token: TOKEN,
    base: "http://x.onion/",
    fetch: async () => {
      throw new TypeError("NetworkError when attempting to fetch resource.");
    },
  });
  await assert.rejects(client.create(), { message: "the server could not be reached: NetworkError when attempting to fetch resource." });
});
