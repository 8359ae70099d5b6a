// The message the next one replies to, as on Telegram and Discord: the server answers about that
// message's picture instead of the latest one.

const replying = document.getElementById("replying");
const replyingText = document.getElementById("replying-text");
const replyingPicture = document.getElementById("replying-picture");
const textInput = document.getElementById("text");

// { id, label, src, item } while a reply is being written.
let target = null;

export function current() {
  return target;
}

export function quote(text) {
  const line = text.split("\n")[0];
  return "“" + (line.length > 60 ? line.slice(0, 59) + "…" : line) + "”";
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

export function endReply() {
  if (target) {
    target.item.classList.remove("target");
  }
  target = null;
  replying.hidden = true;
  replyingPicture.removeAttribute("src");
}

// A reply control on a message whose picture a reply can ask about: a user's picture, a caption.
export function offerReply(item, id, label, src) {
  if (item.classList.contains("refused")) {
    return; // a refused upload is no picture: a reply to it would be about another one
  }
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

// A message that stops being a picture (refused, or gone) is no reply target any more.
export function withdraw(item) {
  if (target && target.item === item) {
    endReply();
  }
  for (const tools of item.querySelectorAll(".tools")) {
    tools.remove();
  }
}
