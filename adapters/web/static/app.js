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

function scrollDown() {
  log.scrollTop = log.scrollHeight;
}

function bubble(role, text, imageSrc) {
  const item = document.createElement("div");
  item.className = "bubble " + role;
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

function showReply(reply) {
  const item = bubble("bot", reply.text);
  if (reply.actions && reply.actions.length) {
    const row = document.createElement("div");
    row.className = "actions";
    for (const action of reply.actions) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = action.label;
      button.addEventListener("click", () => press(action, reply.id));
      row.appendChild(button);
    }
    item.appendChild(row);
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

async function call(url, options) {
  const status = busy(true);
  try {
    const response = await fetch(url, { credentials: "same-origin", ...options });
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (!response.ok || !data) {
      const message = (data && data.error) || "Something went wrong (" + response.status + ").";
      bubble("bot error", message);
      return;
    }
    for (const reply of data.replies) {
      showReply(reply);
    }
  } catch (_) {
    bubble("bot error", "I couldn't reach Captionist. Is it still running?");
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
  const preview = file && file.type.startsWith("image/") ? URL.createObjectURL(file) : null;
  bubble("user", file && !preview ? text || "📎 " + (file.name || "file") : text, preview);
  await call("/api/messages", { method: "POST", body: data });
}

function press(action, messageId) {
  bubble("user", action.label);
  call("/api/actions", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ payload: action.payload, message_id: messageId }),
  });
}

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

async function restore() {
  try {
    const response = await fetch("/api/history", { credentials: "same-origin" });
    const data = await response.json();
    for (const turn of data.turns) {
      const src = turn.image_id ? "/api/images/" + turn.image_id : null;
      bubble(turn.role === "user" ? "user" : "bot", turn.text, src);
    }
  } catch (_) {
    // A page without its history still works.
  }
  document.body.dataset.ready = "true";
}

restore();
