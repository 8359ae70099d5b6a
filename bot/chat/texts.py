"""What the bot says that is not a caption: help, hints and friendly refusals, in one place."""

from __future__ import annotations

HELP = (
    "I caption pictures. Send me a photo (or several) and I'll tell you what I see.\n\n"
    "Then you can:\n"
    '• ask for another caption: "again" or /again\n'
    '• change the style: /style funny, "make it shorter", "as hashtags" (/style lists them)\n'
    '• ask about the picture: "what is the man holding?", "what is on the table?"\n'
    "• reply to an earlier photo or caption to talk about that picture\n\n"
    "Commands: /style [name] · /again · /history · /forget · /auto on|off (groups) · /help"
)

START = "Hi! " + HELP

NO_IMAGE = (
    "Send me a photo first and I'll caption it. Then ask for another caption, a different style, "
    "or ask me about it."
)
CHAT = (
    "I'm a caption bot: I can only talk about pictures. Send me a photo, or reply to one with "
    'a question such as "what is on the table?". /help has more.'
)
TOO_LONG = 'That message is too long for me. Please keep it short, like "make it funny".'
NOT_AN_IMAGE = "That file doesn't look like an image. Please send a JPEG, PNG, WebP or GIF."
DOWNLOAD_FAILED = "I couldn't download that picture. Please try sending it again."
IMAGE_GONE = "I don't have that picture any more (maybe after /forget). Please send it again."
BUTTON_EXPIRED = "That button doesn't work any more. Send the picture again to get new ones."
NOTHING_NEW = (
    "I couldn't come up with a caption for this picture that I haven't given already. "
    "/history lists the ones so far."
)
CANNOT_TELL = "I can't tell that from the picture."
UNDERSTOOD_NOTHING = (
    "I can only describe what I see, so I can't answer that exactly. Here's a closer look: {text}"
)
ALBUM_HINT = "Reply to one of the photos to restyle it or ask about it."
KEPT_FOR_LATER = 'I kept your picture: say "again" when you want me to try once more.'
FAILED = "Sorry, something went wrong on my side. Please try again."
AUTO_USAGE = "Use /auto on or /auto off. It's {state} here."
AUTO_PRIVATE = "In a private chat I caption every picture you send anyway."
AUTO_ON = "Auto-captioning is on: I'll caption every picture posted here."
AUTO_OFF = "Auto-captioning is off: mention me or reply to me to get a caption."
FORGOT = (
    "Done. I deleted everything I had stored for this chat: {images} picture(s) with their "
    "captions, our conversation and your settings."
)
NOTHING_TO_FORGET = "I had nothing stored for this chat."
NO_HISTORY = "No captions yet. Send me a photo!"
UNKNOWN_COMMAND = "I don't know /{name}. Try /help."
UNKNOWN_STYLE = 'I don\'t know the style "{name}".\n{styles}'
STYLE_SET = "Style set to {name}. Send a photo and I'll caption it that way."
