import assert from "node:assert/strict";
import { test } from "node:test";

import { AnnouncementThrottle } from "../src/view.js";

const MiB = 1024 * 1024;

/** How many of `updates` ([ms, sent]) the throttle lets through for a tip of `total` bytes. */
function announced(updates, total) {
  let clock = 0;
  const throttle = new AnnouncementThrottle({ now: () => clock });
  let count = 0;
  for (const [at, sent] of updates) {
    clock = at;
    if (throttle.due(sent, total)) count += 1;
  }
  return count;
}

test("a 500 MiB tip over a slow circuit is announced every 10 s, not once per part", () => {
  // One 1 MiB part every 5 s: 500 updates over 2,500 s.
  const total = 500 * MiB;
  const updates = Array.from({ length: 500 }, (_, i) => [(i + 1) * 5000, (i + 1) * MiB]);
  const count = announced(updates, total);
  assert.ok(count <= 2500 / 10 + 1, `${count} announcements`);
  assert.ok(count >= 2500 / 10 - 1, `${count} announcements: too few to follow`);
});

test("a fast tip is announced at each further tenth and at the end, never per part", () => {
  // 500 parts in 5 s: the 10 s rule never fires, the tenths do.
  const total = 500 * MiB;
  const updates = Array.from({ length: 500 }, (_, i) => [(i + 1) * 10, (i + 1) * MiB]);
  assert.equal(announced(updates, total), 11); // the first update, nine more tenths, the end
});

test("the end is always announced", () => {
  const throttle = new AnnouncementThrottle({ now: () => 0 });
  assert.equal(throttle.due(0, 100), true);
  assert.equal(throttle.due(5, 100), false);
  assert.equal(throttle.due(100, 100), true);
});
