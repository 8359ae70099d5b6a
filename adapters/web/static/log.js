// The conversation on the page. Each message opens a group that its answers join, so an answer
// stays under the message it answers, whatever else was sent meanwhile. Every text from the model
// or the user goes through textContent, so nothing a caption or a message contains can become
// markup.

import { offerReply, quote, withdraw } from "./target.js";

export const log = document.getElementById("log");

// What a caption's buttons do; set by app.js (sending lives there, and it draws with this).
// A rating (👍, 👎) is not a chat message: `rate` sends it and shows its answer in passing.
export const hooks = { press: () => {}, rate: () => {} };

const RATING = /^cap:(?:up|down):/;

// The view follows the newest message, also while pictures above it load and grow, until the
// reader scrolls up to read; scrolling back down follows again.
let pinned = true;
let placedAt = 0;

log.addEventListener("scroll", () => {
  const bottom = log.scrollHeight - log.clientHeight;
  pinned = log.scrollTop >= Math.min(placedAt, bottom) - 2;
});

export function scrollDown() {
  log.scrollTop = log.scrollHeight;
  placedAt = log.scrollTop;
  pinned = true;
}

export function follow() {
  if (pinned) {
    scrollDown();
  }
}

// A new group at the end of the log. `id` is its message's, which a refusal kept in the page
// finds its place by (see refusals.js); `kept`: the history surely holds that message.
export function exchange(id, kept = false) {
  const group = document.createElement("div");
  group.className = "exchange";
  if (id) {
    group.dataset.id = id;
  }
  if (kept) {
    group.dataset.kept = "true";
  }
  log.appendChild(group);
  return group;
}

// A picture that cannot be shown is no broken icon: a preview of a file that only claimed to be
// one shows the file's name (the server's answer tells whether it is refused); a picture of the
// history that is gone is no reply target any more.
function picture(item, src, fileName) {
  const img = document.createElement("img");
  img.alt = "your picture";
  img.addEventListener("load", follow);
  img.addEventListener("error", () => {
    if (!img.isConnected) {
      return;
    }
    if (fileName) {
      img.replaceWith(fileLine("📎 " + fileName));
    } else {
      refuse(item, "This picture can't be shown");
    }
  });
  img.src = src;
  return img;
}

// A user's message: its words, the picture (or the file) it carries and the message it replies
// to (`about`: { label, src }).
export function userBubble(group, text, { src = null, fileName = null, about = null } = {}) {
  const item = document.createElement("div");
  item.className = "bubble user";
  if (about) {
    const line = document.createElement("div");
    line.className = "quote";
    if (about.src) {
      const small = document.createElement("img");
      small.src = about.src;
      small.alt = "";
      line.appendChild(small);
    }
    line.appendChild(document.createTextNode("↪ " + about.label));
    item.appendChild(line);
  }
  if (src) {
    item.appendChild(picture(item, src, fileName));
  } else if (fileName) {
    item.appendChild(fileLine("📎 " + fileName));
  }
  addText(item, text);
  group.appendChild(item);
  follow();
  return item;
}

function fileLine(text) {
  const line = document.createElement("div");
  line.className = "file";
  line.textContent = text;
  return line;
}

function addText(item, text) {
  if (text) {
    const body = document.createElement("div");
    body.className = "text";
    body.textContent = text;
    item.appendChild(body);
  }
}

// Marks a user's message as a refused upload: no picture, no ↩ Reply, the file's name instead.
export function refuse(item, label) {
  item.classList.add("refused");
  withdraw(item);
  for (const old of item.querySelectorAll(":scope > img, :scope > .file")) {
    old.remove();
  }
  const line = fileLine("🚫 " + label);
  const after = item.querySelector(":scope > .quote");
  item.insertBefore(line, after ? after.nextSibling : item.firstChild);
}

export function refusedLabel(fileName) {
  return "Refused: " + (fileName || "your upload");
}

// A bot message, fresh or from history: its text, and for a caption (the messages that carry
// buttons) its buttons and a reply control. A refusal or an error has the one refusal style.
export function showReply(group, reply) {
  const item = document.createElement("div");
  item.className = reply.refusal ? "bubble bot refusal" : "bubble bot";
  addText(item, reply.text);
  group.appendChild(item);
  if (!reply.refusal && reply.actions && reply.actions.length) {
    const row = document.createElement("div");
    row.className = "actions";
    for (const action of reply.actions) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = action.label;
      if (RATING.test(action.payload)) {
        button.dataset.rating = "true";
        button.setAttribute("aria-pressed", "false");
        button.setAttribute("aria-label", action.payload.includes(":up:") ? "Good caption" : "Wrong caption");
        button.addEventListener("click", () => hooks.rate(action, button));
      } else {
        button.addEventListener("click", () => hooks.press(action));
      }
      row.appendChild(button);
    }
    item.appendChild(row);
    if (reply.id) {
      offerReply(item, reply.id, quote(reply.text), null);
    }
  }
  follow();
  return item;
}

// A line under a message while it waits or is answered ("Captioning…").
export function statusLine(group, text) {
  const status = document.createElement("div");
  status.className = "status";
  status.setAttribute("role", "status");
  status.textContent = text;
  group.appendChild(status);
  follow();
  return status;
}

// The history's turns, oldest first: each user turn opens a group, the bot turns after it join
// that group. Returns the groups by message id.
export function show(turns) {
  const groups = new Map();
  let group = null;
  for (const turn of turns) {
    if (turn.role !== "user") {
      group = group || exchange(null);
      showReply(group, turn);
      continue;
    }
    group = exchange(turn.id, true);
    if (turn.id) {
      groups.set(turn.id, group);
    }
    const src = turn.image_id && !turn.refused ? "/api/images/" + turn.image_id : null;
    const item = userBubble(group, turn.text, { src });
    if (turn.refused) {
      refuse(item, refusedLabel(null));
    } else if (src && turn.id) {
      offerReply(item, turn.id, "your picture", src);
    }
  }
  return groups;
}
