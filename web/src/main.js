/**
 * Progressive enhancement of the server's submit form and "I have a
 * codename" form.
 *
 * Without this script the form posts the message and files to `POST submit`,
 * and the server seals them on arrival (the no-JavaScript path, which keeps
 * working). With it, the submit is intercepted: the page builds the tip
 * container, encrypts it to the newsroom's keys, uploads only ciphertext
 * through the resumable upload API, shows a progress bar with bytes and an
 * estimate, and then the confirmation. A browser that lacks any API this needs
 * is left alone, and the normal form submission happens.
 *
 * Conversations (`conversation.js`): a checked `reply` box makes the page
 * generate a codename, show it once and have it typed back before the tip
 * (with its mailbox and reply recipient) is sent; the "I have a codename"
 * form opens the mailbox in the page; follow-ups are encrypted here too.
 *
 * Page hooks (all optional except the form; see `web/README.md`):
 * - the form: the first `<form>` with a `<textarea name="message">`;
 *   attachments are its `<input type="file" name="file">` elements; an
 *   optional `reply` checkbox, or a `codename` field for a follow-up;
 * - the "I have a codename" form: the first with a `<textarea name="codename">`;
 * - localised texts in `data-tipbox-*` attributes on the form;
 * - `<template id="tipbox-confirmation">`: shown when the tip was received;
 * - elements with `data-tipbox-when="js"` / `data-tipbox-when="nojs"` are
 *   shown / hidden when the script takes over.
 *
 * @module main
 */

import { CodenameError, parseCodename } from "./codename.js";
import { buildMeta, containerLength, containerStream, describeAttachments } from "./container.js";
import {
  Cancelled,
  TEXTS as CONVERSATION_TEXTS,
  askForCodename,
  codenameProblem,
  deriveInPage,
  openInbox,
  textsFrom,
  wordlistLoader,
} from "./conversation.js";
import { encryptStream, fetchRecipients } from "./encrypt.js";
import { conversationMeta } from "./followup.js";
import { MailboxClient } from "./mailbox.js";
import { uploadCiphertext } from "./upload.js";
import { Formatter, ProgressView, failureReason, fill } from "./view.js";

/** English texts, used when the page does not provide `data-tipbox-*` translations. */
const DEFAULT_TEXTS = {
  preparing: "Encrypting your tip in this browser…",
  progress: "{sent} of {total} encrypted and sent",
  remaining: "about {time} left",
  retrying: "The connection was interrupted. Trying again in {time}; nothing already sent is lost.",
  received: "Your tip was encrypted in your browser and received by the newsroom.",
  failed: "Your tip could not be sent: {reason}",
  empty: "Please write a message or choose a file.",
  "refused-too-large":
    "This newsroom accepts tips of up to {limit} in total. Send fewer or smaller files, or split them across several tips.",
  "refused-full": "The server has no room for new tips right now. Please try again in a few days.",
  ...CONVERSATION_TEXTS,
};

/** Everything the client needs; any one missing and the form submits normally. */
function browserSupportsClient() {
  return (
    typeof ReadableStream === "function" &&
    typeof ReadableStream.prototype.pipeThrough === "function" &&
    typeof TransformStream === "function" &&
    typeof Blob === "function" &&
    typeof Blob.prototype.arrayBuffer === "function" &&
    typeof TextEncoder === "function" &&
    typeof fetch === "function" &&
    typeof AbortController === "function" &&
    typeof URL === "function" &&
    typeof globalThis.crypto?.getRandomValues === "function" &&
    typeof String.prototype.normalize === "function" &&
    typeof URL.createObjectURL === "function" &&
    typeof requestAnimationFrame === "function"
  );
}

/** The first form with a `<textarea name="…">`. */
function findFormWithTextarea(name) {
  for (const form of document.forms) {
    if (form.elements.namedItem(name) instanceof HTMLTextAreaElement) {
      return form;
    }
  }
  return null;
}

/** Shows the page's confirmation template, or a plain sentence. */
function showConfirmation(form, texts) {
  const template = document.getElementById("tipbox-confirmation");
  const confirmation = document.createElement("div");
  confirmation.className = "tipbox-confirmation";
  confirmation.setAttribute("role", "status");
  if (template instanceof HTMLTemplateElement) {
    confirmation.append(template.content.cloneNode(true));
  } else {
    const line = document.createElement("p");
    line.textContent = texts.received;
    confirmation.append(line);
  }
  form.reset(); // the message should not linger in the page
  form.hidden = true;
  form.after(confirmation);
  confirmation.tabIndex = -1;
  confirmation.focus();
}

/** The message and the chosen files. */
function readForm(form) {
  const fileInputs = form.querySelectorAll('input[type="file"][name="file"]');
  return {
    message: form.elements.namedItem("message").value,
    files: Array.from(fileInputs).flatMap((input) => Array.from(input.files ?? [])),
  };
}

/**
 * Builds, encrypts and uploads the tip described by the form. `conversation`
 * (when the source asked for replies, or sends a follow-up) puts the mailbox
 * and the reply recipient into `tip.json`; only the newsroom can read them.
 */
async function submitEncrypted({ message, files }, view, conversation) {
  const attachments = describeAttachments(files);
  const fields = { message, language: document.documentElement.lang, attachments };
  // In a conversation, a first tip carries the follow-up key and a
  // follow-up its proof (followup.js).
  const meta = conversation ? await conversationMeta(fields, conversation, attachments) : buildMeta(fields);

  const recipients = await fetchRecipients({ base: document.baseURI });
  const plaintextLength = containerLength(meta);
  const { stream, length } = await encryptStream(recipients, containerStream(meta, attachments), plaintextLength);
  view.progress({ sent: 0, total: length });
  await uploadCiphertext({
    base: document.baseURI,
    ciphertext: stream,
    length,
    onProgress: (progress) => view.progress(progress),
    onRetry: (retry) => view.retrying(retry),
  });
}

/** Shows `data-tipbox-when="js"` elements and hides `"nojs"` ones. */
function showScriptedParts() {
  for (const element of document.querySelectorAll("[data-tipbox-when]")) {
    element.hidden = element.getAttribute("data-tipbox-when") !== "js";
  }
}

/**
 * Which conversation a submission of `form` belongs to, if any:
 * - a `codename` field with a value (the server's inbox page carries it in
 *   its follow-up form): a follow-up, derived in the page;
 * - a checked `reply` checkbox: a first tip that asks for replies; the
 *   codename is generated in the page and must be typed back before anything
 *   is sent.
 *
 * @returns {Promise<{kind: string, codename: string}|null>}
 */
async function conversationOf(form, texts, loadWordlist) {
  const codename = form.elements.namedItem("codename");
  if (codename instanceof HTMLInputElement || codename instanceof HTMLTextAreaElement) {
    if (codename.value.trim() !== "") {
      return { kind: "followup", codename: parseCodename(codename.value, await loadWordlist()) };
    }
  }
  const reply = form.elements.namedItem("reply");
  if (reply instanceof HTMLInputElement && reply.checked) {
    return { kind: "tip", codename: await askForCodename(form, texts, await loadWordlist()) };
  }
  return null;
}

/**
 * Takes over `form`'s submission: the tip is encrypted in the page. With
 * `followup` (the inbox's follow-up form), every submission is a follow-up
 * in that mailbox; otherwise the form says (see {@link conversationOf}).
 * `texts`, when given, are used as they are: the follow-up form is built by
 * the script and carries no `data-tipbox-*` attributes, so it gets the texts
 * already read from the "I have a codename" form.
 */
function enhanceSubmit(form, { loadWordlist, followup = null, texts: given = null }) {
  const texts = given ?? textsFrom(form, DEFAULT_TEXTS);
  const format = new Formatter(document.documentElement.lang);
  let busy = false;
  let view = null;
  const warnBeforeLeaving = (event) => event.preventDefault();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) {
      return;
    }
    const tip = readForm(form);
    view?.remove(); // the message of a previous attempt
    view = null;
    if (tip.message.trim() === "" && tip.files.length === 0) {
      view = new ProgressView(form, texts, format);
      view.failed(texts.empty, { plain: true });
      return;
    }
    busy = true;
    const buttons = form.querySelectorAll('button, input[type="submit"]');
    for (const button of buttons) {
      button.disabled = true;
    }
    try {
      let conversation = followup;
      if (conversation === null) {
        const named = await conversationOf(form, texts, loadWordlist);
        if (named !== null) {
          view = new ProgressView(form, texts, format);
          conversation = { kind: named.kind, keys: await deriveInPage(named.codename, view, texts) };
        }
      }
      view ??= new ProgressView(form, texts, format);
      window.addEventListener("beforeunload", warnBeforeLeaving);
      if (conversation !== null) {
        // Idempotent; the mailbox must exist before the newsroom can reply.
        await new MailboxClient({ token: conversation.keys.token, base: document.baseURI }).create();
      }
      view.say(texts.preparing);
      await submitEncrypted(tip, view, conversation);
      view.remove();
      showConfirmation(form, texts);
    } catch (error) {
      if (error instanceof Cancelled) {
        view?.remove();
        view = null;
      } else {
        view ??= new ProgressView(form, texts, format);
        if (error instanceof CodenameError) {
          view.failed(codenameProblem(error, texts), { plain: true });
        } else {
          view.failed(failureReason(error, texts, format));
        }
      }
    } finally {
      window.removeEventListener("beforeunload", warnBeforeLeaving);
      for (const button of buttons) {
        button.disabled = false;
      }
      busy = false;
    }
  });
}

/**
 * Takes over the "I have a codename" form: the codename is checked and the
 * keys derived in the page, and the mailbox opens in place of the form. The
 * codename itself is never sent.
 */
function enhanceCodename(form, { loadWordlist }) {
  const texts = textsFrom(form, DEFAULT_TEXTS);
  const format = new Formatter(document.documentElement.lang);
  let busy = false;
  let view = null;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    view?.remove();
    view = new ProgressView(form, texts, format);
    try {
      const codename = parseCodename(form.elements.namedItem("codename").value, await loadWordlist());
      const keys = await deriveInPage(codename, view, texts);
      view.say(texts["inbox-opening"]);
      await openInbox(form, keys, {
        texts,
        format,
        enhanceFollowup: (followupForm) =>
          enhanceSubmit(followupForm, { loadWordlist, followup: { kind: "followup", keys }, texts }),
      });
      view.remove();
      view = null;
    } catch (error) {
      if (error instanceof CodenameError) {
        view.failed(codenameProblem(error, texts), { plain: true });
      } else {
        view.failed(fill(texts["inbox-failed"], { reason: error.message }), { plain: true });
      }
    } finally {
      busy = false;
    }
  });
}

function start() {
  if (!browserSupportsClient()) {
    return;
  }
  const loadWordlist = wordlistLoader(document.baseURI);
  const submitForm = findFormWithTextarea("message");
  const codenameForm = findFormWithTextarea("codename");
  if (submitForm) {
    enhanceSubmit(submitForm, { loadWordlist });
  }
  if (codenameForm && codenameForm !== submitForm) {
    enhanceCodename(codenameForm, { loadWordlist });
  }
  if (submitForm || codenameForm) {
    showScriptedParts();
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}
