/**
 * Follow-up proofs (docs/CONVERSATIONS.md, "Follow-ups that cannot be
 * forged"; the Rust side is `conversation::proof`, which the newsroom's
 * offline tool checks with).
 *
 * Anyone who knows a mailbox id could post a tip claiming to be a follow-up
 * in that conversation, with their own reply key. So a first tip carries the
 * follow-up key (derived from the codename, see codename.js) inside its
 * ciphertext, and every follow-up carries a MAC under that key:
 *
 * ```text
 * followup_proof = hex(HMAC-SHA-256(followup_key,
 *     "tipbox follow-up proof v1\n" || SHA-256(P) || SHA-256(content)))
 * P       = tip.json exactly as written, with the proof's 64 hex digits replaced by 64 "0"
 * content = the attachments' bytes, one after the other, in container order
 * ```
 *
 * The whole `tip.json` is covered, so the proof does not depend on the type
 * of the reply key it names.
 *
 * Main item: {@link conversationMeta}.
 *
 * @module followup
 */

import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { hexToBytes } from "@noble/hashes/utils.js";

import { toHex } from "./codename.js";
import { DEFAULT_READ_SIZE, buildMeta, encodeMeta } from "./container.js";

/** What the proof's digits are replaced with while the MAC is computed. */
export const PROOF_PLACEHOLDER = "0".repeat(64);

const PROOF_DOMAIN = new TextEncoder().encode("tipbox follow-up proof v1\n");

/**
 * SHA-256 over the attachments' bytes in order, read a slice at a time
 * (memory stays bounded whatever their size).
 *
 * @param {{size: number, blob: Blob}[]} attachments
 */
export async function contentDigest(attachments, readSize = DEFAULT_READ_SIZE) {
  const hash = sha256.create();
  for (const { blob, size } of attachments) {
    for (let offset = 0; offset < size; offset += readSize) {
      const piece = new Uint8Array(await blob.slice(offset, Math.min(size, offset + readSize)).arrayBuffer());
      hash.update(piece);
    }
  }
  return hash.digest();
}

/**
 * The proof for `placeholderJson` (tip.json as written with
 * {@link PROOF_PLACEHOLDER} as its proof) and the content digest.
 *
 * @param {string} followupKey 64 hex
 * @param {Uint8Array} placeholderJson
 * @param {Uint8Array} content 32 bytes
 */
export function proveFollowup(followupKey, placeholderJson, content) {
  const key = hexToBytes(followupKey);
  const input = new Uint8Array(PROOF_DOMAIN.length + 64);
  input.set(PROOF_DOMAIN, 0);
  input.set(sha256(placeholderJson), PROOF_DOMAIN.length);
  input.set(content, PROOF_DOMAIN.length + 32);
  try {
    return toHex(hmac(sha256, key, input));
  } finally {
    key.fill(0);
  }
}

/**
 * The `tip.json` object of a tip in a conversation: a first tip (`kind =
 * tip`) carries the follow-up key; a follow-up carries its proof over
 * itself and the attachments.
 *
 * @param {object} fields buildMeta's fields (message, language, attachments)
 * @param {{kind: string, keys: {mailbox: string, recipient: string, followupKey: string}}} conversation
 * @param {{size: number, blob: Blob}[]} attachments what the container will hold, in order
 */
export async function conversationMeta(fields, { kind, keys }, attachments) {
  const common = { ...fields, kind, mailbox: keys.mailbox, replyRecipient: keys.recipient };
  if (kind !== "followup") {
    return buildMeta({ ...common, followupKey: keys.followupKey });
  }
  const content = await contentDigest(attachments);
  const placeholder = buildMeta({ ...common, followupProof: PROOF_PLACEHOLDER });
  return buildMeta({
    ...common,
    followupProof: proveFollowup(keys.followupKey, encodeMeta(placeholder), content),
  });
}
