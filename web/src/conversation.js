/**
 * Two-way conversations in the page: the codename shown once with its
 * confirmation step, the keys derived from it, and the "I have a codename"
 * inbox (replies listed, fetched, decrypted and shown in the page; delete a
 * reply; forget the mailbox). Follow-ups go through `main.js`'s submission
 * path with `kind = followup`.
 *
 * The codename, the token's source and the reply identity never leave the
 * page: the server receives the token (to find the mailbox) and ciphertext
 * only. Nothing is rendered as HTML: every text from a reply is set with
 * `textContent`, attachments are offered as `Blob` downloads and never opened.
 *
 * Main items: {@link TEXTS}, {@link wordlistLoader}, {@link askForCodename},
 * {@link deriveInPage}, {@link openInbox}.
 *
 * @module conversation
 */

import { Decrypter } from "age-encryption";

import { CodenameError, deriveKeys, fetchWordlist, generateCodename, parseCodename } from "./codename.js";
import { MailboxClient } from "./mailbox.js";
import { readContainer } from "./reader.js";
import { fill } from "./view.js";

/**
 * English texts; a page overrides any of them with `data-tipbox-<key>`
 * attributes on the form (`{placeholders}` as shown).
 */
export const TEXTS = {
  "codename-heading": "Your codename",
  "codename-write-down":
    "Write this codename down now, on paper, exactly as shown. It is shown only this once and cannot be recovered. " +
    "With it you can read the newsroom's replies and send more later (“I have a codename”). " +
    "Anyone who has it can read the replies: keep it secret and away from this device.",
  "codename-retype": "To confirm that you wrote it down, type your codename here:",
  "codename-confirm": "I wrote it down: send my tip",
  "codename-cancel": "Cancel",
  "codename-mismatch": "This is not the codename shown above. Compare it with what you wrote down, word by word.",
  "codename-deriving": "Preparing the keys for your codename in this browser (this takes a few seconds)…",
  "codename-count": "A codename has 7 words; you typed {count}.",
  "codename-word": "“{word}” is not a codename word. Check its spelling against what you wrote down.",
  "inbox-opening":
    "Opening your mailbox in this browser. Your codename stays in this browser; the server only ever holds encrypted replies.",
  "inbox-heading": "Replies from the newsroom",
  "inbox-empty": "No replies yet.",
  "inbox-received": "Received {date}",
  "inbox-undecryptable": "This reply could not be decrypted in this browser: {reason}",
  "inbox-download": "Download {name} ({size})",
  "inbox-delete": "Delete this reply",
  "inbox-deleted": "The reply was deleted.",
  "inbox-followup-heading": "Send more to the newsroom",
  "inbox-followup-message": "Your message",
  "inbox-followup-files": "Files (optional)",
  "inbox-followup-send": "Encrypt and send",
  "inbox-forget-heading": "Delete your mailbox",
  "inbox-forget-confirm": "Yes, delete my mailbox and every reply in it; the newsroom can no longer reply to this codename.",
  "inbox-forget": "Delete my mailbox",
  "inbox-forgotten": "Your mailbox and its replies were deleted.",
  "inbox-failed": "That did not work: {reason}",
};

/** What is wrong with a typed codename, in the page's language. */
export function codenameProblem(error, texts) {
  return error.problem === "count"
    ? fill(texts["codename-count"], { count: String(error.count) })
    : fill(texts["codename-word"], { word: error.word });
}

/** `TEXTS` with the page's translations from `element`'s `data-tipbox-*` attributes. */
export function textsFrom(element, defaults = TEXTS) {
  const texts = { ...defaults };
  for (const key of Object.keys(defaults)) {
    const translated = element.getAttribute(`data-tipbox-${key}`);
    if (translated) {
      texts[key] = translated;
    }
  }
  return texts;
}

/** Fetches the wordlist once, when first needed (it is 106 KiB; most visitors never need it). */
export function wordlistLoader(base) {
  let pending = null;
  return () => {
    pending ??= fetchWordlist({ base }).catch((error) => {
      pending = null; // a broken circuit should not poison the next attempt
      throw error;
    });
    return pending;
  };
}

/** The source chose Cancel on the codename step. */
export class Cancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "Cancelled";
  }
}

/** An element with `text` as its content (never parsed as HTML). */
function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) {
    node.textContent = text;
  }
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  return node;
}

/** Lets the browser paint what was just shown before a long synchronous stretch (scrypt). */
function paint() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}

/**
 * Generates a codename, shows it once after `anchor` with the write-it-down
 * instruction, and resolves with it only when the source typed it back
 * (normalised: case and spacing do not matter). The codename leaves the page
 * as soon as it is confirmed.
 *
 * @returns {Promise<string>} the canonical codename; rejects with {@link Cancelled}
 */
export async function askForCodename(anchor, texts, wordlist) {
  const codename = generateCodename(wordlist);
  const panel = element("section", undefined, { class: "tipbox-codename", "aria-labelledby": "tipbox-codename-heading" });
  const heading = element("h2", texts["codename-heading"], { id: "tipbox-codename-heading" });
  const shown = element("p", codename, { id: "codename", class: "codename", dir: "ltr", translate: "no" });
  const instruction = element("p", texts["codename-write-down"], { class: "warning" });
  const label = element("label", texts["codename-retype"], { for: "tipbox-codename-typed" });
  const typed = element("textarea", undefined, {
    id: "tipbox-codename-typed",
    rows: "2",
    dir: "ltr",
    translate: "no",
    autocomplete: "off",
    autocapitalize: "none",
    autocorrect: "off",
    spellcheck: "false",
  });
  const problem = element("p", undefined, { class: "tipbox-problem", role: "alert" });
  problem.hidden = true;
  const confirm = element("button", texts["codename-confirm"], { type: "button", id: "tipbox-codename-confirm" });
  const cancel = element("button", texts["codename-cancel"], { type: "button", id: "tipbox-codename-cancel" });
  panel.append(heading, shown, instruction, label, typed, problem, confirm, cancel);
  anchor.after(panel);
  heading.tabIndex = -1;
  heading.focus();

  try {
    return await new Promise((resolve, reject) => {
      confirm.addEventListener("click", () => {
        let answer;
        try {
          answer = parseCodename(typed.value, wordlist);
        } catch (error) {
          answer = error instanceof CodenameError ? error : null;
        }
        if (answer === codename) {
          resolve(codename);
          return;
        }
        problem.textContent =
          answer instanceof CodenameError ? codenameProblem(answer, texts) : texts["codename-mismatch"];
        problem.hidden = false;
        typed.focus();
      });
      cancel.addEventListener("click", () => reject(new Cancelled()));
    });
  } finally {
    typed.value = "";
    panel.remove();
  }
}

/** Derives the keys for a canonical codename, after telling the source it takes a moment. */
export async function deriveInPage(codename, view, texts) {
  view.say(texts["codename-deriving"]);
  await paint();
  return deriveKeys(codename);
}

/** Bytes in the page's language (a Formatter from view.js). */
function sizeText(format, bytes) {
  return format.bytes(bytes);
}

/** A date the server stored (coarse, e.g. `2026-11-28`), shown as it is. */
function dateText(created) {
  return typeof created === "string" ? created.slice(0, 32) : "";
}

/**
 * Decrypts one reply's age file with the reply identities (the hybrid one, or
 * the classic one of a conversation begun before it) and reads its container.
 */
async function decryptReply(ciphertext, keys) {
  const decrypter = new Decrypter();
  decrypter.addIdentity(keys.identity);
  decrypter.addIdentity(keys.classicIdentity);
  return readContainer(await decrypter.decrypt(ciphertext));
}

/** One reply, rendered: date, message, downloads, delete button. */
function replyArticle(reply, content, { texts, format, client, urls, onDeleted }) {
  const article = element("article", undefined, { class: "tipbox-reply", "data-reply": reply.id });
  article.append(element("p", fill(texts["inbox-received"], { date: dateText(reply.created) }), { class: "note" }));
  if (content.error) {
    article.append(element("p", fill(texts["inbox-undecryptable"], { reason: content.error }), { class: "warning" }));
  } else {
    if (content.message !== "") {
      article.append(element("p", content.message, { class: "tipbox-message" }));
    }
    if (content.files.length > 0) {
      const list = element("ul", undefined, { class: "tipbox-files" });
      for (const file of content.files) {
        const url = URL.createObjectURL(new Blob([file.bytes], { type: "application/octet-stream" }));
        urls.push(url);
        const link = element("a", fill(texts["inbox-download"], { name: file.name, size: sizeText(format, file.bytes.length) }), {
          href: url,
          download: file.name,
          rel: "noopener",
        });
        const item = element("li");
        item.append(link);
        list.append(item);
      }
      article.append(list);
    }
  }
  const remove = element("button", texts["inbox-delete"], { type: "button", class: "tipbox-delete" });
  remove.addEventListener("click", async () => {
    remove.disabled = true;
    try {
      await client.deleteReply(reply.id);
      article.replaceChildren(element("p", texts["inbox-deleted"], { class: "note", role: "status" }));
      onDeleted();
    } catch (error) {
      remove.disabled = false;
      article.append(element("p", fill(texts["inbox-failed"], { reason: error.message }), { role: "alert" }));
    }
  });
  article.append(remove);
  return article;
}

/**
 * The follow-up form: message and files, handed to `sendFollowup` (main.js's
 * encrypted submission with `kind = followup`). Built by the script, so it
 * has no `action`: it cannot post anything to the server by itself.
 */
function followupForm(texts) {
  const form = element("form", undefined, { id: "tipbox-followup", class: "tipbox-followup" });
  form.append(
    element("h2", texts["inbox-followup-heading"]),
    element("label", texts["inbox-followup-message"], { for: "tipbox-followup-message" }),
    element("textarea", undefined, { id: "tipbox-followup-message", name: "message", rows: "8" }),
    element("label", texts["inbox-followup-files"], { for: "tipbox-followup-file" }),
    element("input", undefined, { id: "tipbox-followup-file", type: "file", name: "file", multiple: "" }),
    element("button", texts["inbox-followup-send"], { type: "submit" }),
  );
  return form;
}

/** The "delete my mailbox" form: a checkbox that must be ticked, then the button. */
function forgetSection(texts, client, inbox) {
  const section = element("section", undefined, { class: "tipbox-forget" });
  const checkbox = element("input", undefined, { type: "checkbox", id: "tipbox-forget-confirm" });
  const label = element("label", texts["inbox-forget-confirm"], { for: "tipbox-forget-confirm" });
  const button = element("button", texts["inbox-forget"], { type: "button", id: "tipbox-forget" });
  button.disabled = true;
  checkbox.addEventListener("change", () => {
    button.disabled = !checkbox.checked;
  });
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await client.forget();
      inbox.replaceChildren(element("p", texts["inbox-forgotten"], { role: "status", id: "tipbox-forgotten" }));
    } catch (error) {
      button.disabled = false;
      section.append(element("p", fill(texts["inbox-failed"], { reason: error.message }), { role: "alert" }));
    }
  });
  section.append(element("h2", texts["inbox-forget-heading"]), checkbox, label, button);
  return section;
}

/**
 * Opens the mailbox of `keys` in place of `form` (the "I have a codename"
 * form): lists the replies, fetches and decrypts each in the page, and offers
 * the follow-up form and the delete buttons.
 *
 * @param {HTMLFormElement} form
 * @param {{token: string, identity: string, classicIdentity: string}} keys from {@link deriveInPage}
 * @param {object} options
 * @param {object} options.texts
 * @param {import("./view.js").Formatter} options.format
 * @param {(form: HTMLFormElement) => void} options.enhanceFollowup makes the follow-up form send encrypted;
 *   that form has no `data-tipbox-*` attributes, so this must reuse `texts`
 */
export async function openInbox(form, keys, { texts, format, enhanceFollowup }) {
  const client = new MailboxClient({ token: keys.token, base: document.baseURI });
  const replies = await client.list();
  const contents = [];
  for (const reply of replies) {
    try {
      contents.push(await decryptReply(await client.fetchReply(reply), keys));
    } catch (error) {
      contents.push({ error: error.message });
    }
  }

  const inbox = element("section", undefined, { id: "tipbox-inbox", class: "tipbox-inbox", "aria-labelledby": "tipbox-inbox-heading" });
  const heading = element("h2", texts["inbox-heading"], { id: "tipbox-inbox-heading" });
  const empty = element("p", texts["inbox-empty"], { id: "no-replies" });
  const urls = [];
  let remaining = replies.length;
  empty.hidden = remaining > 0;
  inbox.append(heading, empty);
  replies.forEach((reply, index) => {
    inbox.append(
      replyArticle(reply, contents[index], {
        texts,
        format,
        client,
        urls,
        onDeleted: () => {
          remaining -= 1;
          empty.hidden = remaining > 0;
        },
      }),
    );
  });
  const followup = followupForm(texts);
  inbox.append(followup, forgetSection(texts, client, inbox));

  form.reset(); // the codename should not linger in a field
  form.hidden = true;
  form.after(inbox);
  heading.tabIndex = -1;
  heading.focus();
  enhanceFollowup(followup);
  // Downloads stay valid while the page is open; leaving it frees them.
  window.addEventListener("pagehide", () => urls.forEach((url) => URL.revokeObjectURL(url)), { once: true });
}
