// Sending: one message at a time, in the order they were sent. A message sent while another is
// on its way waits in a visible queue under its own bubble ("Queued…"); Send stays enabled. The
// server answers a chat's messages in order too, and each answer goes into its message's group.

import {
  exchange,
  follow,
  refuse,
  refusedLabel,
  scrollDown,
  showReply,
  statusLine,
  userBubble,
} from "./log.js";
import { remember } from "./refusals.js";
import { current, endReply, offerReply } from "./target.js";

const RETRY_MS = 2000;
const RETRIES = 90;
const QUEUED = "Queued: it goes once the message above is answered.";

// Messages not answered yet, oldest first; the first is on its way.
const queue = [];

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// An id for a message, chosen here: sending the same message again (after a restart) is then
// answered once.
function newId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function enqueue(job) {
  job.status = statusLine(job.group, queue.length ? QUEUED : job.working);
  job.status.classList.toggle("queued", queue.length > 0);
  queue.push(job);
  if (queue.length === 1) {
    drain();
  }
}

async function drain() {
  while (queue.length) {
    const job = queue[0];
    job.status.classList.remove("queued");
    job.status.textContent = job.working;
    try {
      await deliver(job);
    } catch (error) {
      console.error(error);
      showReply(job.group, { text: "Something went wrong on this page.", refusal: true });
    } finally {
      job.status.remove();
      queue.shift();
    }
    follow();
  }
}

// The server's answer to `job`, shown in its group. While the server cannot be reached (a
// restart), the same request is sent again: the message keeps its id.
async function deliver(job) {
  for (let tries = 0; tries < RETRIES; tries += 1) {
    let response = null;
    try {
      response = await fetch(job.url, { credentials: "same-origin", ...job.options });
    } catch (_) {
      response = null;
    }
    if (!response || response.status === 502 || response.status === 503) {
      job.status.textContent = "Reconnecting… your message is kept.";
      await sleep(RETRY_MS);
      continue;
    }
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (response.status === 202) {
      await awaitAnswer(job);
    } else if (response.ok && data && Array.isArray(data.replies)) {
      answered(job, data.replies, Boolean(data.refused), data.message_id);
    } else {
      // Refused by the page's server itself (too big, malformed): a refusal like the bot's.
      const text = (data && data.error) || "Something went wrong (" + response.status + ").";
      answered(job, [{ text, refusal: true }], Boolean(job.file), null);
    }
    return;
  }
  showReply(job.group, { text: "I couldn't reach Captionist. Is it still running?", refusal: true });
}

function answered(job, replies, refused, messageId) {
  if (refused) {
    const fileName = job.file ? job.file.name || null : null;
    refuse(job.item, refusedLabel(fileName));
    const said = replies.filter((reply) => reply.refusal).map((reply) => reply.text);
    remember(job.group, { id: job.id, fileName, text: job.text, replies: said });
  } else if (job.file && messageId) {
    job.group.dataset.kept = "true";
    const shown = job.item.querySelector(":scope > img");
    if (shown) {
      offerReply(job.item, messageId, "your picture", shown.src);
    }
  }
  for (const reply of replies) {
    showReply(job.group, reply);
  }
}

// The answers in `turns` to message `id` (a press has none: the bot turns after the last user
// turn, once the history was read again), or null while there are none.
function answerIn(turns, id, tries) {
  let at = -1;
  if (id) {
    at = turns.findIndex((turn) => turn.role === "user" && turn.id === id);
    if (at < 0) {
      return null;
    }
  } else if (tries > 0) {
    at = turns.map((turn) => turn.role).lastIndexOf("user");
  } else {
    return null;
  }
  const after = turns.slice(at + 1);
  const next = after.findIndex((turn) => turn.role === "user");
  const replies = next < 0 ? after : after.slice(0, next);
  return replies.length ? { turn: turns[at], replies } : null;
}

// The history again, once it holds an answer to the job's message: what a restart answered later.
async function awaitAnswer(job) {
  job.status.textContent = "Your message is kept; the answer will appear here.";
  for (let tries = 0; tries < RETRIES; tries += 1) {
    try {
      const response = await fetch("/api/history", { credentials: "same-origin" });
      const data = await response.json();
      const answer = answerIn(data.turns, job.messageId, tries);
      if (answer) {
        const refused = Boolean(answer.turn && answer.turn.refused);
        answered(job, answer.replies, refused, answer.turn && answer.turn.id);
        return;
      }
    } catch (_) {
      // Still restarting.
    }
    await sleep(RETRY_MS);
  }
  const text = "No answer yet. Reload the page in a while to see it.";
  showReply(job.group, { text, refusal: true });
}

// Send a message: a picture or other file, and words. It shows at once, queued behind the
// messages still unanswered.
export function submit(file, text) {
  if (!file && !text) {
    return;
  }
  const id = newId();
  const data = new FormData();
  if (file) {
    data.append("image", file, file.name || "pasted.png");
  }
  data.append("text", text);
  // An LLM, when the bot has one, answers in the reader's language.
  data.append("language", navigator.language || "");
  data.append("id", id);
  const about = current();
  if (about) {
    data.append("reply_to", about.id);
  }
  endReply();
  const group = exchange(id);
  const src = file && file.type.startsWith("image/") ? URL.createObjectURL(file) : null;
  const fileName = file ? file.name || "file" : null;
  const item = userBubble(group, text, { src, fileName, about });
  scrollDown();
  enqueue({
    id,
    messageId: id,
    file,
    text,
    group,
    item,
    url: "/api/messages",
    options: { method: "POST", body: data },
    working: file ? "Captioning…" : "Answering…",
  });
}

export function press(action) {
  const id = newId();
  const group = exchange(id);
  const item = userBubble(group, action.label);
  scrollDown();
  enqueue({
    id,
    messageId: null, // a press has no message of its own in the history
    file: null,
    text: action.label,
    group,
    item,
    url: "/api/actions",
    options: {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ payload: action.payload, id, language: navigator.language || "" }),
    },
    working: "Answering…",
  });
}

// A 👍 or 👎: stored by the bot, acknowledged only here, in passing (never a chat message). The
// pressed button stays marked; pressing the other one changes the rating.
export async function rate(action, button) {
  let said = "";
  try {
    const response = await fetch("/api/actions", {
      credentials: "same-origin",
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ payload: action.payload, id: newId(), language: navigator.language || "" }),
    });
    const data = await response.json().catch(() => null);
    if (response.ok && data && Array.isArray(data.replies)) {
      said = data.replies.map((reply) => reply.text).join(" ");
      for (const other of button.parentElement.querySelectorAll("button[data-rating]")) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      }
    } else {
      said = (data && data.error) || "Something went wrong (" + response.status + ").";
    }
  } catch (_) {
    said = "I couldn't reach Captionist. Is it still running?";
  }
  toast(said);
}

let toastTimer = 0;

function toast(text) {
  const shown = document.getElementById("toast");
  if (!shown || !text) {
    return;
  }
  shown.textContent = text;
  shown.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    shown.hidden = true;
  }, 6000);
}
