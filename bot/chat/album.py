"""The pictures of one message (one, or an album's): read, and turned into what is stored and
said about each once the model has captioned them."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.captioning.errors import UserFacingError
from bot.captioning.intake import IntakeError, IntakeImage, IntakeLimits, format_mb
from bot.captioning.pictures import read_image
from bot.chat import texts
from bot.chat.image_work import Captioned, draft
from bot.chat.messages import Attachment, IncomingMessage
from bot.chat.reading import it_says, stored_text
from bot.chat.styles import Style
from storage import NewPicture

log = logging.getLogger(__name__)


async def read_picture(attachment: Attachment, limits: IntakeLimits) -> IntakeImage | str:
    """The picture, or what to tell the user about it."""
    if attachment.size is not None and attachment.size > limits.max_bytes:
        return texts.text("chat.picture_too_big", limit_mb=format_mb(limits.max_bytes))
    try:
        data = await attachment.fetch()
    except Exception:
        log.warning("downloading an attachment failed", exc_info=True)
        return texts.text("chat.download_failed")
    try:
        return await read_image(data, limits)
    except IntakeError as exc:
        return texts.error_text(exc)


def picture_rows(
    message: IncomingMessage,
    pictures: Sequence[IntakeImage | str],
    captioned: Sequence[Captioned | UserFacingError],
    thumbnails: Sequence[bytes],
    style: Style,
) -> tuple[list[str], list[NewPicture], UserFacingError | None]:
    """The reply's lines (numbered for an album), the pictures to store with their captions,
    and the last captioning failure; `captioned` and `thumbnails` follow the readable
    pictures."""
    lines: list[str] = []
    new: list[NewPicture] = []
    failure: UserFacingError | None = None
    outcomes = iter(zip(captioned, thumbnails, strict=True))
    for number, picture in enumerate(pictures, start=1):
        if not isinstance(picture, IntakeImage):
            lines.append(f"{number}. {picture}")
            continue
        outcome, thumbnail = next(outcomes)
        caption = None
        found = None
        if isinstance(outcome, UserFacingError):
            # Stored all the same (no worker answered, busy, too slow): the picture stays in
            # the chat, and "again" captions it later.
            log.warning("captioning failed in %s chat: %s", message.platform, outcome)
            failure = outcome
            if len(pictures) > 1:
                lines.append(f"{number}. {texts.error_text(outcome)}")
        else:
            text, result, options = outcome
            caption = draft(text, result, style, options)
            found = stored_text(result.read)
            says = it_says(result.read)
            if says:  # the words that matter, which the captioner cannot read
                text = f"{text}\n{says}"
            lines.append(f"{number}. {text}" if len(pictures) > 1 else text)
        new.append(
            NewPicture(
                content_hash=picture.content_hash,
                width=picture.width,
                height=picture.height,
                mime=picture.mime,
                file_ref=message.images[number - 1].file_ref,
                message_ref=message.message_id,
                thumbnail=thumbnail,
                caption=caption,
                text=found,
            )
        )
    return lines, new, failure
