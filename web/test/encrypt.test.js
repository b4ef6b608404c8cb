import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test } from "node:test";

import { Decrypter, generateHybridIdentity, generateX25519Identity, identityToRecipient } from "age-encryption";

import { buildMeta, containerLength, containerStream, describeAttachments } from "../src/container.js";
import {
  CHUNK_SIZE,
  MAX_RECIPIENTS,
  RecipientsError,
  checkRecipients,
  ciphertextLength,
  encryptStream,
  fetchRecipients,
  headerLength,
  payloadLength,
} from "../src/encrypt.js";
import { collect, pattern, PatternFile, streamOf } from "../testlib/streams.js";

async function newsroomKeys(count, { hybrid = false } = {}) {
  const identities = [];
  const recipients = [];
  for (let i = 0; i < count; i += 1) {
    const identity = hybrid ? await generateHybridIdentity() : await generateX25519Identity();
    identities.push(identity);
    recipients.push(await identityToRecipient(identity));
  }
  return { identities, recipients };
}

async function decrypt(identity, ciphertext) {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  return decrypter.decrypt(ciphertext);
}

test("encrypt → decrypt round trip of a container with age-encryption's Decrypter", async () => {
  const { identities, recipients } = await newsroomKeys(1);
  const attachments = describeAttachments([new PatternFile({ name: "ledger.xlsx", size: 200_000, seed: 5 })]);
  const meta = buildMeta({ message: "the second ledger", language: "en", attachments });
  const plaintextLength = containerLength(meta);
  const expected = await collect(containerStream(meta, attachments));

  const { stream, length } = await encryptStream(recipients, containerStream(meta, attachments), plaintextLength);
  const ciphertext = await collect(stream);

  assert.equal(ciphertext.length, length);
  assert.deepEqual(await decrypt(identities[0], ciphertext), expected);
});

test("every newsroom key can decrypt, and the header has one X25519 stanza per key", async () => {
  const { identities, recipients } = await newsroomKeys(3);
  const plaintext = pattern(9, 100_000);
  const { stream } = await encryptStream(recipients, streamOf(plaintext), plaintext.length);
  const ciphertext = await collect(stream);

  const headerText = new TextDecoder().decode(ciphertext.subarray(0, headerLength(3)));
  assert.ok(headerText.startsWith("age-encryption.org/v1\n"));
  assert.equal(headerText.match(/^-> X25519 /gm)?.length, 3);
  assert.ok(headerText.includes("\n--- "));
  for (const identity of identities) {
    assert.deepEqual(await decrypt(identity, ciphertext), plaintext);
  }
});

test("a key that is not a newsroom key cannot decrypt", async () => {
  const { recipients } = await newsroomKeys(1);
  const { identities: strangers } = await newsroomKeys(1);
  const { stream } = await encryptStream(recipients, streamOf(pattern(1, 10)), 10);
  const ciphertext = await collect(stream);
  await assert.rejects(decrypt(strangers[0], ciphertext));
});

test("the ciphertext does not contain the plaintext", async () => {
  const { recipients } = await newsroomKeys(1);
  const marker = new TextEncoder().encode("MARKER-the-message-the-server-must-never-see");
  const { stream } = await encryptStream(recipients, streamOf(marker), marker.length);
  const ciphertext = Buffer.from(await collect(stream));
  assert.equal(ciphertext.indexOf(Buffer.from(marker)), -1);
});

test("predicted ciphertext length equals the actual length at chunk boundaries", async () => {
  const lengths = [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 3 * CHUNK_SIZE + 17, 1536];
  for (const hybrid of [false, true]) {
    for (const keys of [1, 2, 5]) {
      const { recipients } = await newsroomKeys(keys, { hybrid });
      for (const length of lengths) {
        const { stream, length: announced } = await encryptStream(recipients, streamOf(pattern(2, length), 7777), length);
        const actual = (await collect(stream)).length;
        assert.equal(actual, ciphertextLength(length, keys, hybrid), `${length} bytes to ${keys} keys (hybrid: ${hybrid})`);
        assert.equal(announced, actual);
      }
    }
  }
});

test("hybrid newsroom keys: one mlkem768x25519 stanza per key and no X25519 stanza; every key decrypts", async () => {
  const { identities, recipients } = await newsroomKeys(2, { hybrid: true });
  const plaintext = pattern(4, 70_000);
  const { stream } = await encryptStream(recipients, streamOf(plaintext), plaintext.length);
  const ciphertext = await collect(stream);

  const headerText = new TextDecoder().decode(ciphertext.subarray(0, headerLength(2, true)));
  assert.equal(headerText.match(/^-> mlkem768x25519 /gm)?.length, 2);
  assert.equal(headerText.match(/^-> X25519 /gm), null);
  assert.ok(headerText.endsWith("\n"));
  assert.ok(headerText.includes("\n--- "));
  for (const identity of identities) {
    assert.deepEqual(await decrypt(identity, ciphertext), plaintext);
  }
});

test("payload length: a whole number of chunks gets no extra empty chunk", () => {
  // age spec: the final chunk is empty only if the whole payload is.
  assert.equal(payloadLength(0), 16);
  assert.equal(payloadLength(1), 17);
  assert.equal(payloadLength(CHUNK_SIZE), CHUNK_SIZE + 16);
  assert.equal(payloadLength(CHUNK_SIZE + 1), CHUNK_SIZE + 1 + 32);
  assert.equal(payloadLength(2 ** 30), 2 ** 30 + 16 * 16_384);
});

test("recipients: refuses an empty list, other key types, a hybrid/classic mix, duplicates, and too many", async () => {
  const { recipients } = await newsroomKeys(2);
  assert.deepEqual(checkRecipients(recipients), recipients);
  const { recipients: hybrids } = await newsroomKeys(2, { hybrid: true });
  assert.deepEqual(checkRecipients(hybrids), hybrids);
  for (const bad of [
    undefined,
    [],
    "age1abc",
    [hybrids[0], recipients[0]], // classic beside hybrid undoes the post-quantum protection
    [recipients[0], hybrids[0]],
    [hybrids[0].slice(0, -1)],
    ["age1tag1" + "q".repeat(58)],
    ["age1" + "q".repeat(57)],
    [recipients[0].toUpperCase()],
    [recipients[0], recipients[0]],
    [42],
    Array.from({ length: MAX_RECIPIENTS + 1 }, () => recipients[0]),
  ]) {
    assert.throws(() => checkRecipients(bad), RecipientsError);
  }
});

test("recipients are fetched from api/v1/recipients relative to the page", async (t) => {
  const { recipients } = await newsroomKeys(2);
  const seen = [];
  const server = createServer((request, response) => {
    seen.push(request.url);
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ recipients }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${server.address().port}/submit?l=fa`;

  assert.deepEqual(await fetchRecipients({ base }), recipients);
  assert.deepEqual(seen, ["/api/v1/recipients"]);
});

test("recipients: a server error or a non-JSON answer is a RecipientsError", async (t) => {
  let answer = (response) => response.writeHead(500).end();
  const server = createServer((request, response) => answer(response));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${server.address().port}/`;

  await assert.rejects(fetchRecipients({ base }), RecipientsError);
  answer = (response) => response.writeHead(200).end("<html>");
  await assert.rejects(fetchRecipients({ base }), RecipientsError);
  answer = (response) => response.writeHead(200).end('{"recipients": ["age1pq1nope"]}');
  await assert.rejects(fetchRecipients({ base }), RecipientsError);
});
