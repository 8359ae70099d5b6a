"""A picture message handled a second time: answer from what the first time stored.

An event is marked done only once its reply is sent, so a crash (or a send that failed) between
storing a picture and sending its caption hands the same message to the conversation again. Its
pictures are already in the chat, keyed by the message that carried them: storing them again
would put every such picture twice in the chat's history, and captioning them again could say
something else than what was stored.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.chat import texts
from bot.chat.messages import Action, IncomingMessage, Reply
from storage import Repository
from storage.records import ChatRecord, ImageRecord

# (image id, chat style, caption id to rate or None) → the buttons under it.
ActionsFor = Callable[[int, str, int | None], tuple[Action, ...]]


async def replayed(
    repository: Repository,
    chat: ChatRecord,
    message: IncomingMessage,
    images: list[ImageRecord],
    actions: ActionsFor,
) -> tuple[list[Reply], ImageRecord] | None:
    """The caption reply for `message`'s pictures (`images`, as stored with the message) and
    its first picture, if they were stored already; None for a message seen the first time."""
    if not images:
        return None
    first_captions: dict[int, int] = {}
    caption_texts: dict[int, str] = {}
    for caption in await repository.captions_for_images(chat.id, [i.id for i in images]):
        if caption.kind == "caption" and caption.image_id not in first_captions:
            first_captions[caption.image_id] = caption.id
            caption_texts[caption.image_id] = caption.text
    if not caption_texts:
        text = texts.text("chat.kept_for_later")
        return [Reply(text, reply_to=message.message_id)], images[0]
    if len(images) == 1:
        text = caption_texts[images[0].id]
        chosen = actions(images[0].id, chat.style, first_captions.get(images[0].id))
    else:
        lines = [
            f"{number}. {caption_texts[image.id]}"
            for number, image in enumerate(images, start=1)
            if image.id in caption_texts
        ]
        text = "\n".join([*lines, texts.text("chat.album_hint")])
        chosen = ()
    reply = Reply(text, message.message_id, chosen, tuple(first_captions.values()))
    return [reply], images[0]


async def stored_answer(
    repository: Repository,
    chat: ChatRecord,
    image: ImageRecord,
    question: str,
    message: IncomingMessage,
    actions: ActionsFor,
) -> Reply | None:
    """The answer already given to a question that came with the picture, if it was stored:
    sent again as it was, rather than asked (and stored) a second time."""
    for caption in await repository.captions_for_image(image.id):
        if caption.kind == "answer" and caption.question == question:
            chosen = actions(image.id, chat.style, None)  # an answer: nothing to rate
            return Reply(caption.text, message.message_id, chosen, (caption.id,))
    return None
