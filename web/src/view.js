/**
 * What the page shows while the client works: `{placeholder}` texts, sizes
 * and durations in the page's language, and the progress/status line.
 *
 * Main items: {@link fill}, {@link Formatter}, {@link failureReason},
 * {@link ProgressView}.
 *
 * @module view
 */

import { UploadError } from "./upload.js";

/** `template` with `{name}` placeholders replaced. */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/gu, (whole, key) => (key in values ? String(values[key]) : whole));
}

/** Localised formatting of sizes and durations, in the page's language. */
export class Formatter {
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

/**
 * Why a submission failed, for "Your tip could not be sent: …": the refusals
 * a source can act on in the page's language, anything else as it was said.
 */
export function failureReason(error, texts, format) {
  if (error instanceof UploadError && error.status === 413 && error.maxBytes !== undefined) {
    return fill(texts["refused-too-large"], { limit: format.bytes(error.maxBytes) });
  }
  if (error instanceof UploadError && error.status === 507) {
    return texts["refused-full"];
  }
  return error.message;
}

/** The progress bar and status line shown in place of the submit button. */
export class ProgressView {
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
