/**
 * What the page shows while the client works: `{placeholder}` texts, sizes
 * and durations in the page's language, and the progress/status line.
 *
 * Main items: {@link fill}, {@link Formatter}, {@link failureReason},
 * {@link ProgressView}, {@link AnnouncementThrottle}.
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

/**
 * When a progress line is worth reading out: once 10 s have passed since the
 * last announcement, or when another tenth of the tip is sent, and at the
 * end. A screen reader that read every update would speak hundreds of lines
 * for a large tip (one per part) and drown everything else.
 */
export class AnnouncementThrottle {
  constructor({ intervalMs = 10_000, step = 0.1, now = () => performance.now() } = {}) {
    this.intervalMs = intervalMs;
    this.step = step;
    this.now = now;
    this.lastAt = -Infinity;
    this.lastFraction = 0;
  }

  /** True when progress `sent` of `total` should be announced now (and remembers it). */
  due(sent, total) {
    const at = this.now();
    const fraction = total > 0 ? sent / total : 1;
    const due = sent >= total || at - this.lastAt >= this.intervalMs || fraction - this.lastFraction >= this.step;
    if (due) {
      this.lastAt = at;
      this.lastFraction = fraction;
    }
    return due;
  }
}

/**
 * The progress bar and status line shown in place of the submit button. The
 * line changes with every part; what a screen reader announces is a separate,
 * visually hidden live region, updated through {@link AnnouncementThrottle}
 * (and at once for every other message: a retry, a failure).
 */
export class ProgressView {
  constructor(form, texts, format) {
    this.texts = texts;
    this.format = format;
    this.root = document.createElement("div");
    this.root.className = "tipbox-progress";
    this.bar = document.createElement("progress");
    this.line = document.createElement("p");
    this.line.setAttribute("aria-hidden", "true");
    this.announcer = document.createElement("p");
    this.announcer.className = "tipbox-announce";
    this.announcer.setAttribute("role", "status");
    this.announcer.setAttribute("aria-live", "polite");
    this.root.append(this.bar, this.line, this.announcer);
    form.after(this.root);
    this.started = performance.now();
    this.throttle = new AnnouncementThrottle();
    this.say(texts.preparing);
  }

  /** Shows `text` and announces it (unless `announce` is false). */
  say(text, { announce = true } = {}) {
    this.line.textContent = text;
    if (announce) this.announcer.textContent = text;
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
    this.say(text, { announce: this.throttle.due(sent, total) });
  }

  retrying({ delayMs }) {
    this.say(fill(this.texts.retrying, { time: this.format.duration(delayMs / 1000) }));
  }

  /** Shows why the tip was not sent; `plain` shows `reason` as it is, without the "could not be sent" frame. */
  failed(reason, { plain = false } = {}) {
    // The whole view becomes the alert, read out at once.
    this.announcer.remove();
    this.line.removeAttribute("aria-hidden");
    this.root.setAttribute("role", "alert");
    this.bar.remove();
    this.say(plain ? reason : fill(this.texts.failed, { reason }));
  }

  remove() {
    this.root.remove();
  }
}
