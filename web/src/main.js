/**
 * Progressive enhancement of the server's submit form.
 *
 * Without this script the form posts the message and files to `POST submit`,
 * and the server seals them on arrival (the no-JavaScript path, which keeps
 * working). With it, the submit is intercepted: the page builds the tip
 * container, encrypts it to the newsroom's keys, uploads only ciphertext
 * through the resumable upload API, shows a progress bar with bytes and an
 * estimate, and then the confirmation. A browser that lacks any API this needs
 * is left alone, and the normal form submission happens.
 *
 * Page hooks (all optional except the form; see `web/README.md`):
 * - the form: the first `<form>` with a `<textarea name="message">`;
 *   attachments are its `<input type="file" name="file">` elements;
 * - localised texts in `data-tipbox-*` attributes on the form;
 * - `<template id="tipbox-confirmation">`: shown when the tip was received;
 * - elements with `data-tipbox-when="js"` / `data-tipbox-when="nojs"` are
 *   shown / hidden when the script takes over.
 *
 * @module main
 */

import { buildMeta, containerLength, containerStream, describeAttachments } from "./container.js";
import { encryptStream, fetchRecipients } from "./encrypt.js";
import { uploadCiphertext } from "./upload.js";

/** English texts, used when the page does not provide `data-tipbox-*` translations. */
const DEFAULT_TEXTS = {
  preparing: "Encrypting your tip in this browser…",
  progress: "{sent} of {total} encrypted and sent",
  remaining: "about {time} left",
  retrying: "The connection was interrupted. Trying again in {time}; nothing already sent is lost.",
  received: "Your tip was encrypted in your browser and received by the newsroom.",
  failed: "Your tip could not be sent: {reason}",
  empty: "Please write a message or choose a file.",
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
    typeof String.prototype.normalize === "function"
  );
}

/** The form we enhance: the first one with a message textarea. */
function findSubmitForm() {
  for (const form of document.forms) {
    if (form.elements.namedItem("message") instanceof HTMLTextAreaElement) {
      return form;
    }
  }
  return null;
}

/** `template` with `{name}` placeholders replaced. */
function fill(template, values) {
  return template.replace(/\{(\w+)\}/gu, (whole, key) => (key in values ? String(values[key]) : whole));
}

/** Localised formatting of sizes and durations, in the page's language. */
class Formatter {
  constructor(language) {
    this.language = language || "en";
  }

  number(value, options) {
    try {
      return new Intl.NumberFormat(this.language, options).format(value);
    } catch {
      return String(value);
    }
  }

  bytes(count) {
    const units = ["byte", "kilobyte", "megabyte", "gigabyte"];
    let value = count;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return this.number(value, {
      style: "unit",
      unit: units[unit],
      unitDisplay: "short",
      maximumFractionDigits: unit === 0 ? 0 : 1,
    });
  }

  duration(seconds) {
    if (seconds < 90) {
      return this.number(Math.max(1, Math.round(seconds)), { style: "unit", unit: "second", unitDisplay: "long" });
    }
    return this.number(Math.round(seconds / 60), { style: "unit", unit: "minute", unitDisplay: "long" });
  }
}

/** The progress bar and status line shown in place of the submit button. */
class ProgressView {
  constructor(form, texts, format) {
    this.texts = texts;
    this.format = format;
    this.root = document.createElement("div");
    this.root.className = "tipbox-progress";
    this.root.setAttribute("role", "status");
    this.root.setAttribute("aria-live", "polite");
    this.bar = document.createElement("progress");
    this.line = document.createElement("p");
    this.root.append(this.bar, this.line);
    form.after(this.root);
    this.started = performance.now();
    this.say(texts.preparing);
  }

  say(text) {
    this.line.textContent = text;
  }

  progress({ sent, total }) {
    this.bar.max = total;
    this.bar.value = sent;
    let text = fill(this.texts.progress, { sent: this.format.bytes(sent), total: this.format.bytes(total) });
    const elapsed = (performance.now() - this.started) / 1000;
    if (sent > 0 && sent < total && elapsed > 0) {
      const secondsLeft = ((total - sent) * elapsed) / sent;
      text += ` · ${fill(this.texts.remaining, { time: this.format.duration(secondsLeft) })}`;
    }
    this.say(text);
  }

  retrying({ delayMs }) {
    this.say(fill(this.texts.retrying, { time: this.format.duration(delayMs / 1000) }));
  }

  /** Shows why the tip was not sent; `plain` shows `reason` as it is, without the "could not be sent" frame. */
  failed(reason, { plain = false } = {}) {
    this.root.setAttribute("role", "alert");
    this.bar.remove();
    this.say(plain ? reason : fill(this.texts.failed, { reason }));
  }

  remove() {
    this.root.remove();
  }
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

/** Builds, encrypts and uploads the tip described by the form. */
async function submitEncrypted({ message, files }, view) {
  const attachments = describeAttachments(files);
  const meta = buildMeta({ message, language: document.documentElement.lang, attachments });

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

/** Takes over `form`'s submission. */
function enhance(form) {
  const texts = { ...DEFAULT_TEXTS };
  for (const key of Object.keys(DEFAULT_TEXTS)) {
    const translated = form.getAttribute(`data-tipbox-${key}`);
    if (translated) {
      texts[key] = translated;
    }
  }
  const format = new Formatter(document.documentElement.lang);

  for (const element of document.querySelectorAll("[data-tipbox-when]")) {
    element.hidden = element.getAttribute("data-tipbox-when") !== "js";
  }

  let busy = false;
  let view = null;
  const warnBeforeLeaving = (event) => event.preventDefault();

  form.addEventListener("submit", async (event) => {
    if (busy) {
      event.preventDefault();
      return;
    }
    // Codenames are generated by the server for now: a source who asks for
    // replies takes the server's path so that both paths behave the same.
    const reply = form.elements.namedItem("reply");
    if (reply instanceof HTMLInputElement && reply.checked) {
      return;
    }
    event.preventDefault();
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
    window.addEventListener("beforeunload", warnBeforeLeaving);
    view = new ProgressView(form, texts, format);
    try {
      await submitEncrypted(tip, view);
      view.remove();
      showConfirmation(form, texts);
    } catch (error) {
      view.failed(error.message);
    } finally {
      window.removeEventListener("beforeunload", warnBeforeLeaving);
      for (const button of buttons) {
        button.disabled = false;
      }
      busy = false;
    }
  });
}

function start() {
  const form = findSubmitForm();
  if (form && browserSupportsClient()) {
    enhance(form);
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}
