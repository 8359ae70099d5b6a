"""Every text a user can see that is not the model's caption: one catalogue, English here and the
other languages in bot.chat.locales.

Templates are `str.format` strings; `text` fills them and falls back to English for a key a
locale lacks. Errors from captioning name a key (UserFacingError); `error_text` renders them.
Caption styles' frames ("Breaking news: …") are here too: words around the model's English.

Which language: `text` writes in the locale it is given, else in the one the event being handled
speaks (`speaking`, set once per event by the pipeline from the person's choice, their app's
language or DEFAULT_LANGUAGE), so the many places that write a text need not pass it along.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from string import Formatter

from bot.captioning.errors import UserFacingError
from bot.chat.locales import LANGUAGES

log = logging.getLogger(__name__)

DEFAULT_LOCALE = "en"

_HELP = (
    "I caption pictures. Send me a photo (or several) and I'll tell you what I see.\n\n"
    "Then you can:\n"
    '• ask for another caption: "again" or /again\n'
    '• change the style: /style funny, "make it shorter", "as hashtags" (/style lists them)\n'
    '• ask about the picture: "what is the man holding?", "what is on the table?"\n'
    '• have its text read out: "what does it say?" or /read\n'
    "• reply to an earlier photo or caption to talk about that picture\n\n"
    "Commands: {commands}"
)

ENGLISH: dict[str, str] = {
    # -- the conversation ------------------------------------------------------------------------
    "chat.help": _HELP,
    "chat.start": "Hi! {help}",
    "chat.no_image": (
        "Send me a photo first and I'll caption it. Then ask for another caption, a different "
        "style, or ask me about it."
    ),
    "chat.chat": (
        "I'm a caption bot: I can only talk about pictures. Send me a photo, or reply to one "
        'with a question such as "what is on the table?". /help has more.'
    ),
    "chat.too_long": (
        "That message is too long for me: please keep what you write under {limit} characters, "
        'with a picture or without (like "make it funny").'
    ),
    "chat.not_an_image": (
        "That file doesn't look like an image. Please send a picture ({formats})."
    ),
    "chat.picture_too_big": "That picture is too big (the limit is {limit_mb} MB).",
    "chat.download_failed": "I couldn't download that picture. Please try sending it again.",
    "chat.image_gone": (
        "I don't have that picture any more (maybe after /forget). Please send it again."
    ),
    "chat.button_expired": (
        "That button doesn't work any more. Send the picture again to get new ones."
    ),
    "chat.again_button": "🔁 Again",
    "chat.nothing_new": (
        "I couldn't come up with a caption for this picture that I haven't given already. "
        "/history lists the ones so far."
    ),
    "chat.cannot_tell": "I can't tell that from the picture.",
    "chat.i_see": "I can see {text}.",
    "chat.understood_nothing": (
        "I can only describe what I see, so I can't answer that exactly. Here's a closer look: "
        "{text}"
    ),
    "chat.album_hint": "Reply to one of the photos to restyle it or ask about it.",
    "chat.kept_for_later": 'I kept your picture: say "again" when you want me to try once more.',
    "chat.failed": "Sorry, something went wrong on my side. Please try again.",
    # -- commands --------------------------------------------------------------------------------
    "command.style": "Change the caption style, or list the styles",
    "command.style.name": "a style: funny, poetic, short, ...",
    "command.again": "Another caption for the current picture",
    "command.history": "Captions of the current picture",
    "command.forget": "Delete everything stored for this chat",
    "command.auto": "Caption every picture posted here, or stop",
    "command.auto.state": "on or off",
    "command.help": "What I can do",
    "command.start": "Say hello and show what I can do",
    "command.groups_only": "(groups)",
    "command.unknown": "I don't know /{name}. Try /help.",
    "auto.usage": "Use /auto on or /auto off. It's {state} here.",
    "auto.private": "In a private chat I caption every picture you send anyway.",
    "auto.on": "Auto-captioning is on: I'll caption every picture posted here.",
    "auto.off": "Auto-captioning is off: mention me or reply to me to get a caption.",
    "forget.done": (
        "Done. I deleted everything I had stored for this chat: {images} pictures with their "
        "captions, our conversation and your settings."
    ),
    "forget.done_one": (
        "Done. I deleted everything I had stored for this chat: one picture with its captions, "
        "our conversation and your settings."
    ),
    "forget.done_no_pictures": (
        "Done. I deleted everything I had stored for this chat: our conversation and your "
        "settings (there were no pictures)."
    ),
    "forget.nothing": "I had nothing stored for this chat.",
    "group.admins_only": "Only this group's admins can use /{command} here: it changes the "
    "whole group's chat.",
    "history.header": "Captions for this picture:",
    "history.caption": "{number}. ({style}) {text}",
    "history.answer": "{number}. Q: {question} A: {answer}",
    "history.none": "No captions yet. Send me a photo!",
    # -- styles ----------------------------------------------------------------------------------
    "style.list": "Styles (use /style NAME):",
    "style.list_line": "• {name}: {description}",
    "style.now": "Now: {name}",
    "style.choice": "{name}: {description}",
    "style.unknown": 'I don\'t know the style "{name}".\n{styles}',
    "style.set": "Style set to {name}. Send a photo and I'll caption it that way.",
    "style.from_now": "{label} from now on in this chat: /style plain to go back.",
    "style.back_to_plain": "Plain captions from now on in this chat.",
    "style.plain.label": "📝 Plain",
    "style.plain.description": "just the caption",
    "style.funny.label": "😄 Funny",
    "style.funny.description": "the caption with a joke around it",
    "style.poetic.label": "🪶 Poetic",
    "style.poetic.description": "a little poem about what I see",
    "style.formal.label": "🎩 Formal",
    "style.formal.description": "a sober, complete sentence",
    "style.short.label": "✂️ Short",
    "style.short.description": "as few words as possible",
    "style.detailed.label": "🔍 Detailed",
    "style.detailed.description": "more of what I can see",
    "style.hashtags.label": "#️⃣ Hashtags",
    "style.hashtags.description": "the caption as hashtags",
    "style.emoji.label": "✨ Emoji",
    "style.emoji.description": "the caption with emoji",
    # -- captioning errors (bot.captioning: UserFacingError keys) --------------------------------
    "caption.error": "Something went wrong while captioning. Please try again.",
    "caption.busy": "I'm captioning a lot of pictures right now. Please try again in a moment.",
    "caption.timeout": "Captioning took too long this time. Please try again.",
    "caption.stopped": "I'm restarting right now. Please send that again in a minute.",
    "caption.failed": (
        "Something went wrong while captioning that picture. Please try another one."
    ),
    "read.it_says": "It says: “{text}”",
    "read.it_says_more": "It says: “{text} …” ({more} more characters: /read for all of it)",
    "read.whole": "It says:\n{text}",
    "read.none": "I can't find any legible text in this picture.",
    "read.not_read": (
        "I couldn't read the text in this picture when it came (text reading was off or failed). "
        "Send it again and I'll try once more."
    ),
    "command.read": "Read out the text in the picture",
    "command.alt": "Alt text for the picture, ready to paste",
    "read.alt": "{caption}. Text in the picture: “{text}”",
    "read.alt_plain": "{caption}.",
    "model.demo": (
        "🧪 Demo model: it only knows coloured shapes, so it can't describe real photos."
    ),
    "model.demo_fallback": (
        "🧪 Demo model: the full captioning model isn't available on this server, so a tiny demo "
        "model answers. It only knows coloured shapes, so it can't describe real photos."
    ),
    "model.random": (
        "🧪 Test model with random weights (for speed tests): its captions are meaningless."
    ),
    "caption.unreadable": (
        "The model produced no readable caption for this picture (only stray symbols), so "
        "there's nothing I can show you."
    ),
    "caption.unavailable": (
        "Captioning is unavailable right now. Please try again in a little while."
    ),
    "image.unreadable": "Sorry, I couldn't read that image.",
    "image.not_an_image": (
        "That file doesn't look like an image I can read. Please send a picture ({formats})."
    ),
    "image.truncated": (
        "That image seems to be incomplete or damaged. Could you try sending it again?"
    ),
    "image.empty": "That file is empty. Please send a photo.",
    "image.too_large": (
        "That file is too big ({size_mb} MB). Please send an image under {limit_mb} MB."
    ),
    "image.too_many_pixels": (
        "That image has too many pixels. Please send one under {megapixels:g} megapixels."
    ),
    "image.too_many_pixels_sized": (
        "That image has too many pixels ({width}x{height} pixels). "
        "Please send one under {megapixels:g} megapixels."
    ),
    # -- platforms -------------------------------------------------------------------------------
    "telegram.too_big": (
        "That file is over 20 MB, more than Telegram lets bots download. Please send it as a "
        "photo (Telegram compresses it) or a smaller file."
    ),
    "discord.caption": "Caption an image",
    "discord.caption.image": "the picture to caption",
    "discord.caption.style": "how to write the caption",
    "discord.context_menu": "Caption image",
    "web.cross_site": "Requests from other sites are not accepted.",
    "web.not_a_form": "Send the message as a form (multipart/form-data).",
    "web.text_not_text": "The text field must be text.",
    "web.image_not_file": "The image field must be a file.",
    "web.button_not_json": 'Send the button as JSON: {{"payload": ...}}.',
    "web.button_no_payload": "A button press needs a payload.",
    "web.no_such_picture": "No such picture in this chat.",
    "web.restarting": "Captionist is restarting. Your message will be sent again in a moment.",
    "web.unavailable": "Captionist can't store messages for a moment. Yours will be sent again.",
    # -- the optional LLM and the rules without one (issue 16) -----------------------------------
    "style.catchy.label": "📣 Catchy",
    "style.catchy.description": "a social-media caption with hashtags",
    "chat.cannot_tell_but": "I can't tell that from the picture. What I can see: {text}.",
    "chat.needs_llm": (
        "That needs a language model, and none is set up for me: on my own I can only caption "
        "pictures and answer simple questions about them. Whoever runs this bot can connect one "
        "(any OpenAI-compatible server, such as Ollama) with LLM_BASE_URL and LLM_MODEL."
    ),
    "talk.thanks": "You're welcome! Send another photo whenever you like.",
    "talk.hello": "Hello! Send me a photo and I'll tell you what I see.",
    "talk.who": (
        "I'm Captionist, a bot that captions pictures. Send me a photo, then ask for another "
        "caption, a different style, or ask me about it. /help has more."
    ),
    "talk.how_are_you": "I'm fine, thanks, and ready for your next picture!",
    "talk.bye": "Bye! I'll be here when you have another picture.",
    "talk.praise": "Thank you! 😊",
    # -- operator controls (issue 15) ------------------------------------------------------------
    "access.not_allowed": (
        "Sorry, this bot is private: it only answers the people it was set up for."
    ),
    "access.blocked": "Sorry, this bot's operator has blocked this chat or account.",
    "limit.hour": (
        "You've reached the limit of {limit} pictures per hour. You can send the next one at "
        "{at} (in {wait})."
    ),
    "limit.day": (
        "You've reached the limit of {limit} pictures per day. You can send the next one at "
        "{at} (in {wait})."
    ),
    "command.privacy": "What I store about this chat, and where pictures go",
    "command.stats": "Usage and health (admins)",
    "command.block": "Block a user or chat: /block platform:id (admins)",
    "command.unblock": "Lift a block: /unblock platform:id (admins)",
    "command.block.id": "platform:id, e.g. telegram:123456",
    "help.admin": "Admin commands: {commands}",
    "privacy.stored": (
        "What I store about this chat: the pictures sent to me (a small copy of each), the text "
        "I read in them, my captions and answers, what was said about them, and the chat's "
        "settings."
    ),
    "privacy.kept": (
        "I keep the last {images} pictures of a chat, none older than {days} days; older ones "
        "are deleted with what was said about them."
    ),
    "privacy.kept_count": "I keep the last {images} pictures of a chat; older ones are deleted.",
    "privacy.where_here": (
        "Pictures are captioned, and their text read, on this bot's own machine; they go nowhere "
        "else."
    ),
    "privacy.where_worker": (
        "Pictures are captioned, and their text read, by this bot's caption worker ({hosts}), "
        "which keeps nothing."
    ),
    "privacy.where_llm": (
        "Captions and your questions are also sent to a language model provider ({provider})."
    ),
    "privacy.where_here_and_llm": (
        "Pictures are captioned on this bot's own machine; they also go to the language model "
        "provider below."
    ),
    "privacy.where_llm_vision": (
        "Your pictures, their captions and your questions are also sent to a language model "
        "provider ({provider})."
    ),
    "privacy.forget": (
        "/forget deletes everything stored for this chat at once: pictures, captions, "
        "conversation and settings."
    ),
    "privacy.language": (
        "If you chose a language with /language, I keep that choice (yours, not the chat's); "
        "/language auto deletes it."
    ),
    "stats.report": (
        "Today (UTC, this process): {pictures} picture(s) from {people} people\n"
        "Reply latency: p50 {p50}, p95 {p95} (recent replies of this process)\n"
        "Queue: {inbox} event(s) waiting, {engine} picture(s) waiting for the model\n"
        "Errors logged: {errors} ({error_kinds})\n"
        "Model: {model} on {device} ({precision})\n"
        "Blocked ids: {blocked}"
    ),
    "block.usage": "Use /{command} platform:id, e.g. /{command} telegram:123456.",
    "block.admin": "{key} is an admin: admins cannot be blocked.",
    "block.already": "{key} is blocked already.",
    "block.done": "Blocked {key}: I won't answer it any more.",
    "unblock.not_blocked": "{key} isn't blocked.",
    "unblock.done": "Unblocked {key}.",
    # -- languages (issue 28) --------------------------------------------------------------------
    "command.language": "Choose the language I write to you in",
    "command.language.code": "a language code: en, de, es, ... or auto",
    "language.list": "Languages I speak (use /language CODE):",
    "language.list_line": "• {code}: {name}",
    "language.current_chosen": "Now: {name}, as you chose. /language auto follows your app again.",
    "language.current_auto": "Now: {name}, from your app's language.",
    "language.set": "Okay, from now on I'll write to you in English.",
    "language.auto": "Okay, I'll follow your app's language again: {name}.",
    "language.unknown": 'I don\'t speak "{code}" yet.\n{languages}',
    "question.english_only": (
        "I can only understand questions about pictures in English so far, for example "
        '"what is the man holding?". Ask me in English, or send another photo.'
    ),
    # -- style frames around the model's (English) caption: {c} the caption, {C} capitalised ----
    "frame.funny.1": "Breaking news: {c} spotted in the wild. Experts are baffled.",
    "frame.funny.2": "POV: you are {c} and someone just took your picture.",
    "frame.funny.3": "{C}. That's it. That's the whole plot.",
    "frame.funny.4": "Plot twist: {c} was the main character all along.",
    "frame.funny.5": "Me, trying to look casual: {c}.",
    "frame.poetic.1": "Behold {c},\nstill beneath the light;\n{d} — the moment holds its breath.",
    "frame.poetic.2": (
        "In this small frame lives {c},\nand the day grows quiet around it;\n{d}, softly."
    ),
    "frame.poetic.3": "{C} —\nthe world pauses,\nand the picture remembers {d}.",
    "frame.formal.1": "The image depicts {c}.",
    "frame.formal.2": "This photograph shows {c}.",
    "frame.detailed.closer": "Looking closer:",
    "frame.catchy.1": "{C} ✨",
    "frame.catchy.2": "Caught on camera: {c} 📸",
    "frame.catchy.3": "Living for {c} 📸",
    "frame.catchy.4": "Today's mood: {c} 💫",
    # -- Discord's Apps menu (issue 25) ---------------------------------------------------------
    "discord.alt_menu": "Describe for alt text",
    # -- feedback (issue 27) ---------------------------------------------------------------------
    "feedback.up_button": "👍",
    "feedback.down_button": "👎",
    "feedback.thanks_up": "Thanks! Glad that caption fits. 👍",
    "feedback.ask": (
        "Sorry it's off. What does the picture show? Send a better caption as your next "
        "message (or /correct a cat on a sofa)."
    ),
    "feedback.thanks_correction": "Thanks! I'll remember that this picture shows “{correction}”.",
    "feedback.unusable": (
        "I can't use that as a caption: please write what the picture shows, in words, in at "
        "most {limit} characters."
    ),
    "feedback.correct_usage": (
        "Write the better caption after the command, for example: /correct a cat on a sofa"
    ),
    "feedback.off": "Rating captions is turned off on this bot.",
    "command.correct": "Give a better caption for the current picture",
    "command.correct.caption": "what the picture shows",
    "privacy.feedback": (
        "When you rate or correct a caption, I keep that with the picture for up to {days} days "
        "(longer than other pictures) to improve the captioning model; /forget deletes it too."
    ),
    "stats.feedback": "Ratings: {ratings}",
    "stats.feedback_model": "{model}: {approval} 👍 of {rated} rated, {corrections} corrected",
    "stats.feedback_none": "none yet",
}

CATALOGUE: dict[str, dict[str, str]] = {DEFAULT_LOCALE: ENGLISH} | {
    code: module.TEXTS for code, module in LANGUAGES.items()
}
NAMES: dict[str, str] = {DEFAULT_LOCALE: "English"} | {
    code: module.NAME for code, module in LANGUAGES.items()
}

# The locale of the event being handled (each asyncio task has its own copy), and the language
# tag an LLM is asked to write in: the same, or the app's own tag where the catalogue lacks it
# ("zh-CN": an LLM can write Chinese even though the catalogue cannot).
_SPEAKING: ContextVar[str] = ContextVar("speaking", default=DEFAULT_LOCALE)
_WRITING: ContextVar[str | None] = ContextVar("writing", default=None)


def locale_of(tag: str | None) -> str | None:
    """The catalogue's locale for a language tag as platforms send it ("de", "pt-BR", "es-419",
    "en_US", "uk-UA"), or None when the catalogue lacks that language."""
    if not tag:
        return None
    tag = tag.strip().lower().replace("_", "-")
    if tag in CATALOGUE:
        return tag
    primary = tag.split("-", 1)[0]
    if primary in CATALOGUE:
        return primary
    return next((code for code in CATALOGUE if code.split("-", 1)[0] == primary), None)


def current_locale() -> str:
    return _SPEAKING.get()


def writing_tag() -> str | None:
    """The language tag for an LLM writing to the person of the event being handled."""
    return _WRITING.get()


@contextlib.contextmanager
def speaking(locale: str, tag: str | None = None) -> Iterator[None]:
    """Texts written within (and in tasks started within) default to `locale`; an LLM writes in
    `tag` (None: English)."""
    token = _SPEAKING.set(locale if locale in CATALOGUE else DEFAULT_LOCALE)
    writing = _WRITING.set(tag)
    try:
        yield
    finally:
        _WRITING.reset(writing)
        _SPEAKING.reset(token)


def text(key: str, /, locale: str | None = None, **params: object) -> str:
    """The text `key` names in `locale` (the event's, by default; English where that locale
    lacks it), filled in."""
    template = CATALOGUE.get(locale or _SPEAKING.get(), {}).get(key) or ENGLISH[key]
    return template.format(**params)


def placeholders(template: str) -> set[str]:
    """The names a template needs filled."""
    return {field for _, field, _, _ in Formatter().parse(template) if field is not None}


def error_text(error: UserFacingError, locale: str | None = None) -> str:
    """What the user is told about `error`."""
    try:
        return text(error.key, locale=locale, **error.params)
    except (KeyError, IndexError, ValueError):
        # Only a worker of another version can name a text this bot lacks or fill it otherwise.
        log.warning("no text %r with params %r; saying something went wrong", error.key, error)
        return text("caption.error", locale=locale)
