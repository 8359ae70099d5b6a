// Refused uploads, kept in this tab so that a reload shows them again where they were. The server
// keeps no turn for a refused upload: until it does, the page remembers each one with the ids of
// the messages before it, and puts it back after the nearest of those the history still holds.
// sessionStorage: the tab's own, gone with it; nothing leaves the browser.
//
// Not every message is in the history (words without a picture are not), so a refusal none of
// whose messages before it is found goes first, unless one of them was surely kept (a picture):
// then the chat was forgotten since, and the refusal with it.

import { log, exchange, refuse, refusedLabel, showReply, userBubble } from "./log.js";

const KEY = "captionist.refusals";
const KEPT = 50;
const ANCHORS = 20;

function load() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEY) || "[]");
    return Array.isArray(kept) ? kept : [];
  } catch (_) {
    return [];
  }
}

function save(entries) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(entries.slice(-KEPT)));
  } catch (_) {
    // Storage full or off: the refusal stays on this page only.
  }
}

// The ids of the messages above `group`, nearest first, and whether the history surely holds one.
function anchors(group) {
  const ids = [];
  let kept = false;
  for (let at = group.previousElementSibling; at && ids.length < ANCHORS; ) {
    if (at.dataset.id) {
      ids.push(at.dataset.id);
      kept = kept || at.dataset.kept === "true";
    }
    at = at.previousElementSibling;
  }
  return { after: ids, kept };
}

// Remember the refused upload shown in `group`: its message, and the refusal said about it.
export function remember(group, { id, fileName, text, replies }) {
  const entries = load();
  entries.push({ id, fileName, text, replies, ...anchors(group) });
  save(entries);
}

// Put the remembered refusals back into a log drawn from the history (`groups`: its groups by
// message id).
export function restore(groups) {
  const kept = [];
  for (const entry of load()) {
    if (!entry || typeof entry.id !== "string" || groups.has(entry.id)) {
      continue; // malformed, or the history has it itself
    }
    const after = Array.isArray(entry.after) ? entry.after : [];
    const anchor = after.find((id) => groups.has(id));
    if (!anchor && entry.kept === true) {
      continue;
    }
    const group = exchange(entry.id);
    if (anchor) {
      groups.get(anchor).after(group);
    } else {
      log.prepend(group);
    }
    groups.set(entry.id, group);
    const item = userBubble(group, String(entry.text || ""));
    refuse(item, refusedLabel(typeof entry.fileName === "string" ? entry.fileName : null));
    for (const text of Array.isArray(entry.replies) ? entry.replies : []) {
      showReply(group, { text: String(text), refusal: true });
    }
    kept.push(entry);
  }
  save(kept);
}
