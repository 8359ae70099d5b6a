"""The bot's commands in one registry: the name, description, argument and handler of each.

/help's command line, Telegram's command menu and Discord's slash commands are all read from
`COMMANDS`, so a command exists everywhere or nowhere. Descriptions are catalogue keys
(bot.chat.texts). The conversation runs a command through `run`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.chat import texts
from bot.chat.feedback import Feedback
from bot.chat.handling import Turn
from bot.chat.messages import IncomingMessage, Reply
from bot.chat.model_notice import notice_text
from bot.chat.styles import STYLES, Style, get_style, style_list
from bot.chat.understanding.intents import Intent
from bot.operator.hooks import Controls
from storage import Repository
from storage.records import ChatRecord, ImageRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Context:
    """What commands may use of the conversation that runs them."""

    repository: Repository
    # The picture a message is about (the one it replies to, else the chat's latest).
    target: Callable[[ChatRecord | None, str | None], Awaitable[ImageRecord | None]]
    chat_style: Callable[[ChatRecord | None], Style]
    # Restyle, caption again or answer about the target picture, as if the user had asked.
    about_image: Callable[
        [IncomingMessage, ChatRecord | None, Intent, Turn], Awaitable[list[Reply]]
    ]
    # Operator controls: who is an admin, the admin commands' work, /privacy's facts.
    controls: Controls
    notice: str | None = None  # the model's notice key, said in /help (bot.chat.model_notice)
    default_language: str = texts.DEFAULT_LOCALE  # DEFAULT_LANGUAGE
    feedback: Feedback | None = None  # 👍/👎 and corrections (bot.chat.feedback)


@dataclass(frozen=True)
class Call:
    context: Context
    message: IncomingMessage
    chat: ChatRecord | None
    argument: str  # the text after the command's name, stripped
    turn: Turn  # the event's context: costly work is counted through it


Answer = str | list[Reply]  # a text replies to the command's message
Handler = Callable[[Call], Awaitable[Answer]]


@dataclass(frozen=True)
class Argument:
    """A command's argument and the values it takes. With `free`, `choices` are suggestions: any
    text still reaches the handler, which explains what it does not know."""

    name: str
    description: str  # catalogue key
    choices: tuple[str, ...]
    required: bool = False
    free: bool = False
    # How a platform's picker shows a value (locale, value → text); the value itself by default.
    label: Callable[[str | None, str], str] | None = None

    def usage(self) -> str:
        shown = self.name if self.free else "|".join(self.choices)
        return shown if self.required else f"[{shown}]"

    def choice_label(self, value: str, locale: str | None = None) -> str:
        return self.label(locale, value) if self.label is not None else value


@dataclass(frozen=True)
class Command:
    name: str
    description: str  # catalogue key of its one line in menus
    handler: Handler
    argument: Argument | None = None
    groups_only: bool = False  # /help says so
    listed: bool = True  # in /help and the platforms' menus
    admin: bool = False  # only for ADMINS: in their /help only, unknown to everyone else

    def usage(self, locale: str | None = None) -> str:
        parts = [f"/{self.name}"]
        if self.argument is not None:
            parts.append(self.argument.usage())
        if self.groups_only:
            parts.append(texts.text("command.groups_only", locale=locale))
        return " ".join(parts)


COMMANDS: dict[str, Command] = {}


def command(
    name: str,
    description: str,
    argument: Argument | None = None,
    *,
    groups_only: bool = False,
    listed: bool = True,
    admin: bool = False,
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(name, description, handler, argument, groups_only, listed, admin)
        return handler

    return register


def listed() -> tuple[Command, ...]:
    """The commands users are shown, in the order /help gives them (platforms' menus too)."""
    return tuple(c for c in COMMANDS.values() if c.listed and not c.admin)


def admin_commands() -> tuple[Command, ...]:
    return tuple(c for c in COMMANDS.values() if c.admin)


async def run(
    context: Context, message: IncomingMessage, chat: ChatRecord | None, intent: Intent, turn: Turn
) -> list[Reply]:
    found = COMMANDS.get(intent.name)
    admin = context.controls.is_admin(message.platform, message.user_id)
    if found is not None and found.admin and not admin:
        found = None  # not advertised to anyone else, and unknown to them
    if found is None:
        answer: Answer = texts.text("command.unknown", name=intent.name[:32])
    else:
        answer = await found.handler(Call(context, message, chat, intent.argument.strip(), turn))
    return [Reply(answer, reply_to=message.message_id)] if isinstance(answer, str) else answer


def help_text(locale: str | None = None, admin: bool = False, notice: str | None = None) -> str:
    line = " · ".join(c.usage(locale) for c in listed())
    help = texts.text("chat.help", locale=locale, commands=line)
    if admin:
        line = " · ".join(c.usage(locale) for c in admin_commands())
        help += "\n" + texts.text("help.admin", locale=locale, commands=line)
    said = notice_text(notice, locale)
    if said:
        help += "\n\n" + said
    return help


# -- the commands, in the order /help lists them -------------------------------------------------


def _style_choice(locale: str | None, name: str) -> str:
    description = texts.text(STYLES[name].description_key, locale=locale)
    return texts.text("style.choice", locale=locale, name=name, description=description)


@command(
    "style",
    "command.style",
    Argument("name", "command.style.name", tuple(STYLES), free=True, label=_style_choice),
)
async def _style(call: Call) -> Answer:
    context, message, chat = call.context, call.message, call.chat
    if not call.argument:
        now = texts.text("style.now", name=context.chat_style(chat).name)
        return f"{style_list()}\n{now}"
    style = get_style(call.argument.split()[0])
    if style is None:
        return texts.text("style.unknown", name=call.argument[:40], styles=style_list())
    if await context.target(chat, message.reply_to) is None:
        chat = await context.repository.get_or_create_chat(message.platform, message.chat_id)
        await context.repository.update_chat(chat.id, style=style.name)
        return texts.text("style.set", name=style.name)
    return await context.about_image(message, chat, Intent("style", name=style.name), call.turn)


@command("again", "command.again")
async def _again(call: Call) -> Answer:
    return await call.context.about_image(call.message, call.chat, Intent("again"), call.turn)


@command("read", "command.read")
async def _read(call: Call) -> Answer:
    return await call.context.about_image(call.message, call.chat, Intent("read"), call.turn)


@command("alt", "command.alt")
async def _alt(call: Call) -> Answer:
    return await call.context.about_image(call.message, call.chat, Intent("alt"), call.turn)


@command("history", "command.history")
async def _history(call: Call) -> Answer:
    context = call.context
    image = await context.target(call.chat, call.message.reply_to)
    if image is None:
        return texts.text("history.none")
    lines = [texts.text("history.header")]
    for number, caption in enumerate(await context.repository.captions_for_image(image.id), 1):
        if caption.kind == "answer":
            line = texts.text(
                "history.answer", number=number, question=caption.question, answer=caption.text
            )
        else:
            line = texts.text(
                "history.caption", number=number, style=caption.style, text=caption.text
            )
        lines.append(line)
    return "\n".join(lines) if len(lines) > 1 else texts.text("history.none")


@command("forget", "command.forget")
async def _forget(call: Call) -> Answer:
    if not await _may_manage(call.message):
        return texts.text("group.admins_only", command="forget")
    chat = call.chat
    removed = await call.context.repository.forget_chat(chat.id) if chat else None
    if removed is None:
        return texts.text("forget.nothing")
    if removed == 0:
        return texts.text("forget.done_no_pictures")
    if removed == 1:
        return texts.text("forget.done_one")
    return texts.text("forget.done", images=removed)


@command(
    "auto",
    "command.auto",
    Argument("state", "command.auto.state", ("on", "off"), required=True),
    groups_only=True,
)
async def _auto(call: Call) -> Answer:
    message, chat, wanted = call.message, call.chat, call.argument.lower()
    if not message.is_group:
        return texts.text("auto.private")
    if wanted not in ("on", "off"):
        state = "on" if chat is not None and chat.auto_caption else "off"
        return texts.text("auto.usage", state=state)
    if not await _may_manage(message):
        return texts.text("group.admins_only", command="auto")
    repository = call.context.repository
    chat = chat or await repository.get_or_create_chat(message.platform, message.chat_id)
    await repository.update_chat(chat.id, auto_caption=wanted == "on")
    return texts.text("auto.on") if wanted == "on" else texts.text("auto.off")


@command(
    "correct",
    "command.correct",
    Argument("caption", "command.correct.caption", (), required=True, free=True),
)
async def _correct(call: Call) -> Answer:
    feedback = call.context.feedback
    if feedback is None:
        return texts.text("feedback.off")
    image = await call.context.target(call.chat, call.message.reply_to)
    return await feedback.command(call.message, call.chat, image, call.argument)


def _language_list() -> str:
    lines = [texts.text("language.list")]
    for code, name in texts.NAMES.items():
        lines.append(texts.text("language.list_line", code=code, name=name))
    return "\n".join(lines)


def _language_choice(locale: str | None, code: str) -> str:
    return f"{code}: {texts.NAMES[code]}" if code in texts.NAMES else code


@command(
    "language",
    "command.language",
    Argument(
        "code", "command.language.code", (*texts.NAMES, "auto"), free=True,
        label=_language_choice,
    ),
)  # fmt: skip
async def _language(call: Call) -> Answer:
    """A person's own choice, kept per platform: it holds in every chat and group they write in,
    and survives restarts (the people table)."""
    message, people = call.message, call.context.repository.people
    wanted = call.argument.split()[0].lower() if call.argument else ""
    if not wanted:
        chosen = texts.locale_of(await people.language(message.platform, message.user_id))
        now = texts.current_locale()
        name = texts.NAMES[now]
        said = (
            texts.text("language.current_chosen", name=name)
            if chosen
            else texts.text("language.current_auto", name=name)
        )
        return f"{_language_list()}\n{said}"
    if wanted == "auto":
        await people.set_language(message.platform, message.user_id, None)
        follows = texts.locale_of(message.language) or call.context.default_language
        return texts.text("language.auto", locale=follows, name=texts.NAMES[follows])
    code = texts.locale_of(wanted)
    if code is None:
        return texts.text("language.unknown", code=wanted[:16], languages=_language_list())
    await people.set_language(message.platform, message.user_id, code)
    return texts.text("language.set", locale=code)


async def _may_manage(message: IncomingMessage) -> bool:
    """Group-wide changes are for the group's admins; a private chat is its person's own."""
    if not message.is_group:
        return True
    if message.may_manage is None:
        return False
    try:
        return await message.may_manage()
    except Exception:
        # The platform could not tell (an outage): refuse rather than let anyone wipe a group.
        log.warning("could not check a %s group admin", message.platform, exc_info=True)
        return False


# /privacy belongs to operator controls (issue 15), listed before /help.
@command("privacy", "command.privacy")
async def _privacy(call: Call) -> Answer:
    return call.context.controls.privacy()


@command("help", "command.help")
async def _help(call: Call) -> Answer:
    message = call.message
    admin = call.context.controls.is_admin(message.platform, message.user_id)
    return help_text(admin=admin, notice=call.context.notice)


@command("start", "command.start", listed=False)  # Telegram sends it when a chat begins
async def _start(call: Call) -> Answer:
    return texts.text("chat.start", help=help_text(notice=call.context.notice))


# -- operator controls (issue 15) ---------------------------------------------------------------


@command("stats", "command.stats", admin=True)
async def _stats(call: Call) -> Answer:
    return await call.context.controls.stats()


_KEY = Argument("id", "command.block.id", (), required=True, free=True)


@command("block", "command.block", _KEY, admin=True)
async def _block(call: Call) -> Answer:
    if not call.argument:
        return texts.text("block.usage", command="block")
    by = f"{call.message.platform}:{call.message.user_id}"
    return await call.context.controls.block(call.argument.split()[0], by)


@command("unblock", "command.unblock", _KEY, admin=True)
async def _unblock(call: Call) -> Answer:
    if not call.argument:
        return texts.text("block.usage", command="unblock")
    by = f"{call.message.platform}:{call.message.user_id}"
    return await call.context.controls.unblock(call.argument.split()[0], by)
