import assert from "node:assert/strict";
import { test } from "node:test";

import { deriveKeys } from "../src/codename.js";
import { describeAttachments, encodeMeta } from "../src/container.js";
import { PROOF_PLACEHOLDER, contentDigest, conversationMeta, proveFollowup } from "../src/followup.js";

/**
 * Computed independently with Python's hashlib/hmac (HKDF by hand, RFC 5869)
 * for the vector codename of docs/CONVERSATIONS.md; the Rust tests
 * (`conversation::tests::kdf_matches_the_cross_language_vector`,
 * `conversation::proof::tests::proof_matches_the_independent_vector`) check
 * the same values.
 */
const VECTOR = {
  codename: "abacus abdomen abdominal abide abiding ability ablaze",
  followupKey: "31cfa0820962004897be81b86f0e194aab52031ce09ae365d456c4fcb91b7092",
  proof: "544925c0c773f152ba52aeadcb08e0977ee37a49d198882a3fd4c5f2651ecd81",
};

const fromHex = (hex) => Uint8Array.from(hex.match(/../gu), (pair) => Number.parseInt(pair, 16));
const sha256Empty = fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

test("the follow-up key matches the cross-language vector", async () => {
  const keys = await deriveKeys(VECTOR.codename);
  assert.equal(keys.followupKey, VECTOR.followupKey);
});

test("the proof matches the cross-language vector", () => {
  const json = new TextEncoder().encode(`{"x":"${PROOF_PLACEHOLDER}"}`);
  assert.equal(proveFollowup(VECTOR.followupKey, json, sha256Empty), VECTOR.proof);
});

test("a first tip carries the follow-up key and no proof", async () => {
  const keys = await deriveKeys(VECTOR.codename);
  const meta = await conversationMeta({ message: "m", language: "en", attachments: [] }, { kind: "tip", keys }, []);
  assert.equal(meta.kind, "tip");
  assert.equal(meta.followup_key, VECTOR.followupKey);
  assert.equal(meta.followup_proof, undefined);
});

test("a follow-up's proof covers tip.json as written and its files", async () => {
  const keys = await deriveKeys(VECTOR.codename);
  const files = [Object.assign(new Blob(["first file"]), { name: "a.txt" }), Object.assign(new Blob(["x".repeat(70_000)]), { name: "b.bin" })];
  const attachments = describeAttachments(files);
  const meta = await conversationMeta({ message: "more", language: "en", attachments }, { kind: "followup", keys }, attachments);
  assert.equal(meta.kind, "followup");
  assert.equal(meta.followup_key, undefined, "a follow-up never carries the key");
  assert.match(meta.followup_proof, /^[0-9a-f]{64}$/u);
  // What the newsroom checks: the file as written, proof digits zeroed.
  const written = new TextDecoder().decode(encodeMeta(meta));
  assert.equal(written.split(meta.followup_proof).length, 2, "the proof occurs once");
  const placeholder = new TextEncoder().encode(written.replace(meta.followup_proof, PROOF_PLACEHOLDER));
  const content = await contentDigest(attachments, 1000);
  assert.equal(proveFollowup(keys.followupKey, placeholder, content), meta.followup_proof);
  // Other files, same tip.json: another proof.
  const other = describeAttachments([Object.assign(new Blob(["other"]), { name: "a.txt" })]);
  assert.notEqual(proveFollowup(keys.followupKey, placeholder, await contentDigest(other)), meta.followup_proof);
});

test("the content digest does not depend on the read size", async () => {
  const attachments = describeAttachments([Object.assign(new Blob(["y".repeat(5000)]), { name: "c" })]);
  assert.deepEqual(await contentDigest(attachments, 7), await contentDigest(attachments, 1 << 20));
});
