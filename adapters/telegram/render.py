"""The core's replies → Telegram messages with inline keyboards."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters

from bot.chat.messages import Reply

MAX_TEXT = 4096  # Telegram's limit for one message


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.actions:
        return None
    buttons = [InlineKeyboardButton(a.label, callback_data=a.payload) for a in reply.actions]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    return InlineKeyboardMarkup(rows)


def reply_parameters(reply: Reply) -> ReplyParameters | None:
    if reply.reply_to is None or not reply.reply_to.isdigit():
        return None
    # The photo may be deleted by the time the caption is ready; answer anyway.
    return ReplyParameters(message_id=int(reply.reply_to), allow_sending_without_reply=True)
