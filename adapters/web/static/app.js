// The web chat page. Every text from the model or the user goes through textContent, so nothing
// a caption or a message contains can become markup.
"use strict";

const log = document.getElementById("log");
const form = document.getElementById("composer");
const fileInput = document.getElementById("image");
const textInput = document.getElementById("text");
const sendButton = document.getElementById("send");
const chosen = document.getElementById("chosen");
const drop = document.getElementById("drop");

const replying = document.getElementById("replying");
const replyingText = document.getElementById("replying-text");
const replyingPicture = document.getElementById("replying-picture");
const cancelReply = document.getElementById("cancel-reply");

// The message the next one replies to ({ id, label, src, item }), as on Telegram and Discord: the
// server answers about that message's picture instead of the latest one.
let target = null;

function scrollDown() {
  log.scrollTop = log.scrollHeight;
}

function quote(text) {
  const line = text.split("\n")[0];
  return "“" + (line.length > 60 ? line.slice(0, 59) + "…" : line) + "”";
}

function bubble(role, text, imageSrc, about) {
  const item = document.createElement("div");
  item.className = "bubble " + role;
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
  if (imageSrc) {
    const img = document.createElement("img");
    img.src = imageSrc;
    img.alt = "your picture";
    item.appendChild(img);
  }
  if (text) {
    const body = document.createElement("div");
    body.className = "text";
    body.textContent = text;
    item.appendChild(body);
  }
  log.appendChild(item);
  scrollDown();
  return item;
}

function startReply(next) {
  endReply();
  target = next;
  next.item.classList.add("target");
  replyingText.textContent = "Replying to " + next.label;
  replyingPicture.hidden = !next.src;
  if (next.src) {
    replyingPicture.src = next.src;
  }
  replying.hidden = false;
  textInput.focus();
}

function endReply() {
  if (target) {
    target.item.classList.remove("target");
  }
  target = null;
  replying.hidden = true;
  replyingPicture.removeAttribute("src");
}

// A reply control on a message whose picture a reply can ask about: a user's picture, a caption.
function offerReply(item, id, label, src) {
  const tools = document.createElement("div");
  tools.className = "tools";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "reply";
  button.textContent = "↩ Reply";
  button.setAttribute("aria-label", src ? "Reply to this picture" : "Reply to this caption");
  button.addEventListener("click", () => startReply({ id, label, src, item }));
  tools.appendChild(button);
  item.appendChild(tools);
}

// A bot message, fresh or from history: its text, its buttons, and a reply control when it is
// a caption (the messages that carry buttons).
function showReply(reply) {
  const item = bubble("bot", reply.text);
  if (reply.actions && reply.actions.length) {
    const row = document.createElement("div");
    row.className = "actions";
    for (const action of reply.actions) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = action.label;
      button.addEventListener("click", () => press(action));
      row.appendChild(button);
    }
    item.appendChild(row);
    if (reply.id) {
      offerReply(item, reply.id, quote(reply.text), null);
    }
  }
  scrollDown();
}

function busy(on) {
  sendButton.disabled = on;
  if (!on) {
    return null;
  }
  const status = document.createElement("div");
  status.className = "status";
  status.setAttribute("role", "status");
  status.textContent = "Captioning…";
  log.appendChild(status);
  scrollDown();
  return status;
}

// An id for a message, chosen here: sending the same message again (after a restart) is then
// answered once.
function newId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const RETRY_MS = 2000;
const RETRIES = 90;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The history again, once it holds an answer to message `id`: what a restart answered later.
async function awaitAnswer(id, status) {
  status.textContent = "Your message is kept; the answer will appear here.";
  for (let tries = 0; tries < RETRIES; tries += 1) {
    try {
      const response = await fetch("/api/history", { credentials: "same-origin" });
      const data = await response.json();
      // A message is answered once a bot turn follows it; a button press (no id of its own in
      // the history) once the history ends with a bot turn again.
      const at = id ? data.turns.findIndex((turn) => turn.role === "user" && turn.id === id) : -1;
      const last = data.turns[data.turns.length - 1];
      const answered = id
        ? at >= 0 && data.turns.slice(at + 1).some((turn) => turn.role !== "user")
        : tries > 0 && last && last.role !== "user";
      if (answered) {
        log.replaceChildren();
        show(data.turns);
        return;
      }
    } catch (_) {
      // Still restarting.
    }
    await sleep(RETRY_MS);
  }
  bubble("bot error", "No answer yet. Reload the page in a while to see it.");
}

// The server's answer, shown; returns its body, or null when it failed. While the server cannot
// be reached (a restart), the same request is sent again: the message keeps its id.
async function call(url, options, id) {
  const status = busy(true);
  try {
    for (let tries = 0; tries < RETRIES; tries += 1) {
      let response;
      try {
        response = await fetch(url, { credentials: "same-origin", ...options });
      } catch (_) {
        response = null;
      }
      if (!response || response.status === 502 || response.status === 503) {
        status.textContent = "Reconnecting… your message is kept.";
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
        await awaitAnswer(id, status);
        return null;
      }
      if (!response.ok || !data) {
        const message = (data && data.error) || "Something went wrong (" + response.status + ").";
        bubble("bot error", message);
        return null;
      }
      for (const reply of data.replies) {
        showReply(reply);
      }
      return data;
    }
    bubble("bot error", "I couldn't reach Captionist. Is it still running?");
    return null;
  } finally {
    status.remove();
    busy(false);
  }
}

async function send(file, text) {
  if (!file && !text) {
    return;
  }
  const data = new FormData();
  if (file) {
    data.append("image", file, file.name || "pasted.png");
  }
  data.append("text", text);
  // An LLM, when the bot has one, answers in the reader's language.
  data.append("language", navigator.language || "");
  const id = newId();
  data.append("id", id);
  const about = target;
  if (about) {
    data.append("reply_to", about.id);
  }
  endReply();
  const preview = file && file.type.startsWith("image/") ? URL.createObjectURL(file) : null;
  const shown = file && !preview ? text || "📎 " + (file.name || "file") : text;
  const item = bubble("user", shown, preview, about);
  const answer = await call("/api/messages", { method: "POST", body: data }, id);
  if (answer && preview && answer.message_id) {
    offerReply(item, answer.message_id, "your picture", preview);
  }
}

function press(action) {
  bubble("user", action.label);
  call("/api/actions", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      payload: action.payload,
      id: newId(),
      language: navigator.language || "",
    }),
  });
}

cancelReply.addEventListener("click", () => {
  endReply();
  textInput.focus();
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && target) {
    endReply();
  }
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = fileInput.files[0] || null;
  const text = textInput.value.trim();
  fileInput.value = "";
  textInput.value = "";
  chosen.textContent = "";
  await send(file, text);
  textInput.focus();
});

fileInput.addEventListener("change", () => {
  const file = fileInput.files[0];
  chosen.textContent = file ? file.name : "";
  // A picked picture goes at once, with whatever is typed as its message.
  if (file) {
    form.requestSubmit();
  }
});

document.addEventListener("paste", (event) => {
  const file = [...(event.clipboardData ? event.clipboardData.files : [])][0];
  if (file) {
    event.preventDefault();
    send(file, textInput.value.trim());
    textInput.value = "";
  }
});

document.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.hidden = false;
});
document.addEventListener("dragleave", (event) => {
  if (event.target === drop) {
    drop.hidden = true;
  }
});
document.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.hidden = true;
  const file = event.dataTransfer.files[0];
  if (file) {
    send(file, textInput.value.trim());
    textInput.value = "";
  }
});

function show(turns) {
  for (const turn of turns) {
    if (turn.role !== "user") {
      showReply(turn);
      continue;
    }
    const src = turn.image_id ? "/api/images/" + turn.image_id : null;
    const item = bubble("user", turn.text, src);
    if (src && turn.id) {
      offerReply(item, turn.id, "your picture", src);
    }
  }
}

async function restore() {
  try {
    const response = await fetch("/api/history", { credentials: "same-origin" });
    const data = await response.json();
    show(data.turns);
  } catch (_) {
    // A page without its history still works.
  }
  document.body.dataset.ready = "true";
}

restore();
