/**
 * Encrypts the tip container in the page, to the newsroom's keys, as an age v1
 * file (C2SP age specification, `age-encryption.org/v1`): binary, one stanza
 * per newsroom key — `mlkem768x25519` (hybrid post-quantum ML-KEM-768 + X25519,
 * HPKE with X-Wing) for `age1pq1…` keys, `X25519` for classic `age1…` keys —
 * and a STREAM payload in 64 KiB chunks.
 *
 * The age format itself comes from the `age-encryption` package (by the age
 * author, on the audited @noble libraries); this module fetches and checks the
 * recipients and predicts the ciphertext length, which the resumable upload
 * must declare before the first byte is encrypted.
 *
 * Encryption streams: `Encrypter.encrypt(ReadableStream)` pipes the container
 * through a TransformStream that holds one 64 KiB chunk, so a 1 GiB file never
 * needs 1 GiB of page memory.
 *
 * @module encrypt
 */

import { Encrypter } from "age-encryption";

/** Size of a STREAM plaintext chunk (age spec, "Payload"). */
export const CHUNK_SIZE = 64 * 1024;

/** Poly1305 tag added to every chunk. */
export const TAG_SIZE = 16;

/** Random nonce between the header and the payload. */
export const NONCE_SIZE = 16;

/**
 * An X25519 recipient: `age1` and 58 Bech32 characters (32 bytes of key plus
 * the checksum).
 */
const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/u;

/**
 * A hybrid post-quantum recipient: `age1pq1` and 1,952 Bech32 characters
 * (1,216 bytes of ML-KEM-768 and X25519 public key, plus the checksum).
 * Tag and plugin recipients match neither pattern: the server accepts only
 * these two stanza types, so others are refused here rather than there.
 */
const HYBRID_RECIPIENT = /^age1pq1[02-9ac-hj-np-z]{1952}$/u;

/** Most newsroom keys we accept: a server that sends thousands is broken or hostile. */
export const MAX_RECIPIENTS = 64;

/** The newsroom keys could not be fetched or are not usable. */
export class RecipientsError extends Error {
  constructor(message) {
    super(message);
    this.name = "RecipientsError";
  }
}

/**
 * Fetches the newsroom's recipients from `GET api/v1/recipients` (relative to
 * the page, so it works under any onion address).
 *
 * @param {object} options
 * @param {string|URL} options.base URL the relative path is resolved against (the page's)
 * @param {typeof fetch} [options.fetch]
 * @returns {Promise<string[]>} `age1pq1…` or `age1…` recipients (never both)
 */
export async function fetchRecipients({ base, fetch: fetchImpl = globalThis.fetch }) {
  let body;
  try {
    const response = await fetchImpl(new URL("api/v1/recipients", base), {
      headers: { Accept: "application/json" },
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
    });
    if (!response.ok) {
      throw new RecipientsError(`the server answered ${response.status} when asked for the newsroom keys`);
    }
    body = await response.json();
  } catch (error) {
    if (error instanceof RecipientsError) {
      throw error;
    }
    throw new RecipientsError(`the newsroom keys could not be fetched: ${error.message}`);
  }
  return checkRecipients(body?.recipients);
}

/**
 * Checks the list the server sent: one or more distinct recipients, all
 * hybrid (`age1pq1…`) or all X25519 (`age1…`). A mix is refused, as the age
 * specification asks and the server does: one classic key would undo the
 * post-quantum protection of the others.
 */
export function checkRecipients(recipients) {
  if (!Array.isArray(recipients) || recipients.length === 0) {
    throw new RecipientsError("the server sent no newsroom key");
  }
  if (recipients.length > MAX_RECIPIENTS) {
    throw new RecipientsError(`the server sent ${recipients.length} newsroom keys, at most ${MAX_RECIPIENTS} are accepted`);
  }
  for (const recipient of recipients) {
    if (typeof recipient !== "string" || !(X25519_RECIPIENT.test(recipient) || HYBRID_RECIPIENT.test(recipient))) {
      throw new RecipientsError("the server sent a newsroom key that is not an age hybrid (age1pq1…) or X25519 (age1…) recipient");
    }
  }
  const hybrid = recipients.filter(isHybrid).length;
  if (hybrid !== 0 && hybrid !== recipients.length) {
    throw new RecipientsError("the server sent both hybrid post-quantum and classic newsroom keys, which must not be mixed");
  }
  if (new Set(recipients).size !== recipients.length) {
    throw new RecipientsError("the server sent the same newsroom key twice");
  }
  return recipients;
}

/** True for a hybrid post-quantum (`age1pq1…`) recipient. */
export function isHybrid(recipient) {
  return recipient.startsWith("age1pq1");
}

/**
 * Bytes of one stanza. X25519: `-> X25519 <43>\n<43>\n` (98 bytes: 32-byte
 * share and 32-byte wrapped key, unpadded base64). Hybrid:
 * `-> mlkem768x25519 <1494>\n<43>\n` (1,557 bytes: the 1,120-byte
 * encapsulated key on the argument line, which is never wrapped, and the
 * 32-byte HPKE ciphertext).
 */
const X25519_STANZA_LENGTH = 98;
const HYBRID_STANZA_LENGTH = 1557;

/**
 * Length of an age header with `recipientCount` stanzas of one kind:
 * `age-encryption.org/v1\n` (22 bytes), the stanzas, then
 * `--- <43-character MAC>\n` (48 bytes).
 */
export function headerLength(recipientCount, hybrid = false) {
  const stanza = hybrid ? HYBRID_STANZA_LENGTH : X25519_STANZA_LENGTH;
  return 22 + stanza * recipientCount + 48;
}

/**
 * Length of the STREAM payload for `plaintextLength` bytes: every 64 KiB
 * chunk carries a 16-byte tag. The final chunk is never empty unless the
 * whole plaintext is (age spec: "the final chunk MAY be shorter … and MUST
 * NOT be empty unless the whole payload is empty"), so a plaintext that is a
 * whole number of chunks gets no extra empty chunk.
 */
export function payloadLength(plaintextLength) {
  const chunks = Math.max(1, Math.ceil(plaintextLength / CHUNK_SIZE));
  return plaintextLength + TAG_SIZE * chunks;
}

/** Total length of the age file: header, nonce, payload. */
export function ciphertextLength(plaintextLength, recipientCount, hybrid = false) {
  return headerLength(recipientCount, hybrid) + NONCE_SIZE + payloadLength(plaintextLength);
}

/**
 * Encrypts a plaintext stream of known length to `recipients`.
 *
 * @param {string[]} recipients checked recipients (see {@link checkRecipients})
 * @param {ReadableStream<Uint8Array>} plaintext exactly `plaintextLength` bytes
 * @param {number} plaintextLength
 * @returns {Promise<{stream: ReadableStream<Uint8Array>, length: number}>} the age
 *   file as a stream, and its exact length
 */
export async function encryptStream(recipients, plaintext, plaintextLength) {
  const encrypter = new Encrypter();
  for (const recipient of checkRecipients(recipients)) {
    encrypter.addRecipient(recipient);
  }
  const stream = await encrypter.encrypt(plaintext);
  const length = stream.size(plaintextLength);
  // The upload declares this length before sending anything; a library
  // change in header layout must fail here, not as a truncated upload.
  if (length !== ciphertextLength(plaintextLength, recipients.length, recipients.every(isHybrid))) {
    await stream.cancel();
    throw new Error(`unexpected age ciphertext length ${length}`);
  }
  return { stream, length };
}
