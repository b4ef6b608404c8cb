import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { Decrypter, Encrypter, identityToRecipient } from "age-encryption";
import { sha256 } from "@noble/hashes/sha2.js";

import {
  CODENAME_LOG_N,
  CODENAME_WORDS,
  CodenameError,
  WORD_COUNT,
  Wordlist,
  WordlistError,
  deriveKeys,
  fetchWordlist,
  generateCodename,
  normaliseCodename,
  parseCodename,
  toHex,
  uniformBelow,
} from "../src/codename.js";
import { TEXTS, codenameProblem } from "../src/conversation.js";

const WORDLIST_FILE = readFileSync(new URL("../../crates/core/src/conversation/eff_large_wordlist.txt", import.meta.url));
const wordlist = Wordlist.fromFile(WORDLIST_FILE);

/**
 * The cross-language vector of docs/CONVERSATIONS.md (LOG_N 12; computed
 * independently with Python's hashlib.scrypt and cryptography's X25519); the Rust test
 * `conversation::tests::kdf_matches_the_cross_language_vector` checks the same
 * values, so the page and the server derive the same mailbox and reply key.
 */
const VECTOR = {
  codename: "abacus abdomen abdominal abide abiding ability ablaze",
  token: "68d2aa80b70c2dd5cba0927a34866403a0c564524e1adb6e1b3808def1549392",
  mailbox: "db33fb49d25283e05b7cf11e6822670883151ac2f624fa3d7ae1665c075bb357",
  classicRecipient: "age1nmz2ugf95fcqx5mggruxg3wg92h5dc65u84mmwhppdceswzgwujqqjvfk2",
  // The Rust test's hybrid seed a9edb33c…80a8 (HKDF, computed in Python), encoded by tipbox.
  identity: "AGE-SECRET-KEY-PQ-148KMX0QK9SKN9HMWD95ZJ6ZER7HPY4KQDN62ASW7NNE46H42SZ5Q8YKYM0",
  // SHA-256 of the 1,959-character age1pq1… recipient tipbox derives from that seed.
  recipientSha256: "6c1eeac1d143d0a7be5f048f5b172a29b249ac78fdb77ac160acc024588297e5",
};

/** A getRandomValues that hands out `values` in order, then fails the test. */
function scripted(values) {
  const queue = [...values];
  return (array) => {
    for (let i = 0; i < array.length; i += 1) {
      assert.ok(queue.length > 0, "drew more random values than scripted");
      array[i] = queue.shift();
    }
    return array;
  };
}

test("the KDF gives the cross-language vector's token, mailbox and recipient", async () => {
  assert.equal(CODENAME_LOG_N, 12, "change the vector together with the constant (and the Rust one)");
  const keys = await deriveKeys(VECTOR.codename);
  assert.equal(keys.token, VECTOR.token);
  assert.equal(keys.mailbox, VECTOR.mailbox);
  assert.equal(keys.identity, VECTOR.identity);
  assert.equal(toHex(sha256(new TextEncoder().encode(keys.recipient))), VECTOR.recipientSha256);
  assert.equal(await identityToRecipient(keys.classicIdentity), VECTOR.classicRecipient);
});

test("the derived reply identities decrypt what is encrypted to their recipients", async () => {
  const keys = await deriveKeys(VECTOR.codename);
  const encrypter = new Encrypter();
  encrypter.addRecipient(keys.recipient);
  const reply = await encrypter.encrypt("a reply from the newsroom");
  const decrypter = new Decrypter();
  decrypter.addIdentity(keys.identity);
  assert.equal(await decrypter.decrypt(reply, "text"), "a reply from the newsroom");
  assert.ok(keys.recipient.startsWith("age1pq1"), "the reply key is hybrid");
  const older = new Encrypter();
  older.addRecipient(await identityToRecipient(keys.classicIdentity));
  const classic = new Decrypter();
  classic.addIdentity(keys.classicIdentity);
  assert.equal(await classic.decrypt(await older.encrypt("an older reply"), "text"), "an older reply");
});

test("the KDF reports progress up to completion", async () => {
  const seen = [];
  await deriveKeys(VECTOR.codename, { logN: 10, onProgress: (fraction) => seen.push(fraction) });
  assert.ok(seen.length > 0);
  assert.equal(seen.at(-1), 1);
});

test("a codename typed with capitals, tabs, line breaks and NBSP normalises to the canonical form", () => {
  const typed = "  Abacus\tABDOMEN\r\nabdominal\u00a0abide   abiding\n\nAbility ablaze \n";
  assert.equal(parseCodename(typed, wordlist), VECTOR.codename);
});

test("whitespace is what Rust's split_whitespace splits on: NEL separates, U+FEFF does not", () => {
  // JavaScript's \s would do the opposite for both; the server would then refuse what the page accepted.
  assert.deepEqual(normaliseCodename("abacus\u0085abdomen"), ["abacus", "abdomen"]);
  assert.deepEqual(normaliseCodename("abacus\ufeffabdomen"), ["abacus\ufeffabdomen"]);
});

test("a codename with six words is refused naming the count", () => {
  assert.throws(
    () => parseCodename("abacus abdomen abdominal abide abiding ability", wordlist),
    (error) =>
      error instanceof CodenameError &&
      error.problem === "count" &&
      error.count === 6 &&
      error.message === "a codename has 7 words; you typed 6",
  );
});

test("a codename with eight words is refused", () => {
  assert.throws(() => parseCodename(`${VECTOR.codename} abacus`, wordlist), { problem: "count", count: 8 });
});

test("an empty codename is refused as zero words", () => {
  assert.throws(() => parseCodename(" \n\t ", wordlist), { message: "a codename has 7 words; you typed 0" });
});

test("a codename with a misspelt word is refused naming the word", () => {
  assert.throws(
    () => parseCodename("abacuss abdomen abdominal abide abiding ability ablaze", wordlist),
    (error) => error.problem === "word" && error.word === "abacuss" && error.message === '"abacuss" is not a codename word',
  );
});

test("a refused codename is explained in the page's language", () => {
  const persian = {
    ...TEXTS,
    "codename-count": "نام رمز هفت کلمه دارد؛ شما {count} کلمه وارد کردید.",
    "codename-word": "«{word}» جزو کلمه‌های نام رمز نیست.",
  };
  const tooShort = (() => {
    try {
      parseCodename("abacus abdomen", wordlist);
    } catch (error) {
      return error;
    }
  })();
  assert.equal(codenameProblem(tooShort, persian), "نام رمز هفت کلمه دارد؛ شما 2 کلمه وارد کردید.");
  assert.equal(codenameProblem(tooShort, TEXTS), "A codename has 7 words; you typed 2.");
  const misspelt = new CodenameError("word", "", { word: "abacuss" });
  assert.equal(codenameProblem(misspelt, persian), "«abacuss» جزو کلمه‌های نام رمز نیست.");
});

test("generated codenames are seven list words, canonical, and differ", () => {
  const first = generateCodename(wordlist);
  const second = generateCodename(wordlist);
  assert.equal(first.split(" ").length, CODENAME_WORDS);
  assert.equal(parseCodename(first, wordlist), first);
  assert.notEqual(first, second);
});

test("a generated codename takes word i for random value i (and i + 7776 k below the limit)", () => {
  const codename = generateCodename(wordlist, scripted([0, 1, 7775, 7776, 2 * 7776 + 2, 62207, 3]));
  assert.equal(codename, `abacus abdomen ${wordlist.word(7775)} abacus abdominal ${wordlist.word(7775)} abide`);
});

test("random values at or above 62208 (8 × 7776) are drawn again, not folded onto the first words", () => {
  // 62208 % 7776 = 0: with a plain modulo it would give "abacus".
  assert.equal(uniformBelow(WORD_COUNT, scripted([62208, 65535, 3])), 3);
});

test("every word is equally likely: each is the answer for exactly 8 of the accepted 16-bit values", () => {
  const hits = new Uint32Array(WORD_COUNT);
  for (let value = 0; value < 65536; value += 1) {
    let given = false;
    const once = (array) => {
      // One scripted value; if it is rejected, the loop asks again and we stop counting.
      if (given) {
        throw new Error("rejected");
      }
      given = true;
      array[0] = value;
      return array;
    };
    try {
      hits[uniformBelow(WORD_COUNT, once)] += 1;
    } catch (error) {
      assert.equal(error.message, "rejected");
      assert.ok(value >= 62208, `value ${value} was rejected below the limit`);
    }
  }
  assert.ok(hits.every((count) => count === 8));
});

test("the wordlist file parses to the EFF large list", () => {
  assert.equal(wordlist.word(0), "abacus");
  assert.equal(wordlist.word(WORD_COUNT - 1), "zoom");
  assert.ok(wordlist.has("ablaze"));
  assert.ok(!wordlist.has("Abacus"));
});

test("a wordlist with one word changed is refused (its SHA-256 differs)", () => {
  const tampered = Buffer.from(WORDLIST_FILE.toString("utf8").replace("\tabacus\n", "\tabacuz\n"));
  assert.throws(() => Wordlist.fromFile(tampered), WordlistError);
});

test("a wordlist of fewer or repeated words is refused", () => {
  assert.throws(() => new Wordlist(["abacus", "abdomen"]), WordlistError);
  assert.throws(() => new Wordlist(new Array(WORD_COUNT).fill("abacus")), WordlistError);
});

test("the wordlist is fetched relative to the page, and a refusal is a clear error", async () => {
  const asked = [];
  const serve = (status, body) => async (url) => {
    asked.push(String(url));
    return new Response(body, { status });
  };
  const fetched = await fetchWordlist({ base: "http://x.onion/a/codename", fetch: serve(200, WORDLIST_FILE) });
  assert.equal(fetched.word(1), "abdomen");
  assert.deepEqual(asked, ["http://x.onion/a/static/wordlist.txt"]);
  await assert.rejects(fetchWordlist({ base: "http://x.onion/", fetch: serve(404, "no") }), {
    name: "WordlistError",
    message: "the server answered 404 when asked for the codename wordlist",
  });
});
