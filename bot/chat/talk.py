"""A message the rules map to nothing about a picture (small talk, a request, a remark): the
answerer replies, with the current picture's captions and the chat's last turns as context."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.chat import texts
from bot.chat.handling import Turn
from bot.chat.image_work import ImageWork, stored_picture
from bot.chat.messages import IncomingMessage, Reply
from bot.chat.understanding.answering import Evidence, Talk
from storage import Repository, Turns
from storage.records import ChatRecord, ImageRecord

# The chat's last turns an answerer gets with a free message, as its context.
TALK_TURNS = 6

Target = Callable[[ChatRecord | None, str | None], Awaitable[ImageRecord | None]]


async def talk_reply(
    repository: Repository,
    work: ImageWork,
    message: IncomingMessage,
    chat: ChatRecord | None,
    turn: Turn,
    target: Target,
) -> Reply:
    """With a picture, the exchange is stored like any other, so the next message has it as
    context too."""
    if work.answerer.costly_talk:
        # A language model answers: counted like the model's work, within the same limits.
        refused = await turn.spend(1)
        if refused is not None:
            return Reply(refused, reply_to=message.message_id)
    image = await target(chat, message.reply_to)
    evidence = turns = None
    if chat is not None and image is not None:
        captions = await repository.captions_for_image(image.id)
        said = [c.model_text or c.text for c in captions if c.kind == "caption"]
        evidence = Evidence(tuple(dict.fromkeys(said))[:6], stored_picture(image))
        recent = await repository.recent_turns(chat.id, TALK_TURNS)
        turns = tuple((t.role, t.text) for t in recent)
    reply = await work.answerer.talk(Talk(message.text, evidence, turns or (), texts.writing_tag()))
    if chat is None or image is None:
        return Reply(reply, reply_to=message.message_id)
    exchange = Turns(message.text, reply, message.message_id)
    await repository.record_exchange(chat.id, image.id, exchange, None)
    return Reply(reply, reply_to=message.message_id)
