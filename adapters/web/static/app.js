// The web chat page: the composer, the history restored on load, and the model notice.
// Drawing is in log.js, sending (one message at a time, the rest queued) in send.js.

import { hooks, log, scrollDown, show } from "./log.js";
import { restore as restoreRefusals } from "./refusals.js";
import { press, rate, submit } from "./send.js";
import { endReply, current } from "./target.js";

const form = document.getElementById("composer");
const fileInput = document.getElementById("image");
const textInput = document.getElementById("text");
const chosen = document.getElementById("chosen");
const drop = document.getElementById("drop");
const notice = document.getElementById("notice");
const cancelReply = document.getElementById("cancel-reply");

hooks.press = press;
hooks.rate = rate;

cancelReply.addEventListener("click", () => {
  endReply();
  textInput.focus();
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && current()) {
    endReply();
  }
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const file = fileInput.files[0] || null;
  const text = textInput.value.trim();
  fileInput.value = "";
  textInput.value = "";
  chosen.textContent = "";
  submit(file, text);
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
    submit(file, textInput.value.trim());
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
    submit(file, textInput.value.trim());
    textInput.value = "";
  }
});

// What the server says of its model (a demo model that only knows coloured shapes), as text.
function showNotice(text) {
  const shown = typeof text === "string" && text.trim() !== "";
  notice.textContent = shown ? text : "";
  notice.hidden = !shown;
}

async function restore() {
  try {
    const response = await fetch("/api/history", { credentials: "same-origin" });
    const data = await response.json();
    showNotice(data.notice);
    // Messages sent before the history came stay after it.
    const early = [...log.children];
    restoreRefusals(show(data.turns));
    log.append(...early);
  } catch (_) {
    // A page without its history still works.
  }
  // Pictures load after this and grow the log: the view keeps following the newest message.
  scrollDown();
  document.body.dataset.ready = "true";
}

restore();
