"""What goes under a caption: its buttons, and a word when the chat's style just changed."""

from __future__ import annotations

from bot.chat import texts
from bot.chat.messages import ACTION_AGAIN, ACTION_DOWN, ACTION_STYLE, ACTION_UP, Action
from bot.chat.styles import BUTTON_STYLES, DEFAULT_STYLE, STYLES


def caption_actions(
    image_id: int, current_style: str, caption_id: int | None = None, *, feedback: bool = True
) -> tuple[Action, ...]:
    """Again, four styles, and (with feedback on, for a caption) 👍 and 👎 on that caption."""
    actions = [Action(ACTION_AGAIN, texts.text("chat.again_button"), image_id)]
    names = [n for n in BUTTON_STYLES if n != current_style]
    if current_style != DEFAULT_STYLE:
        names.insert(0, DEFAULT_STYLE)
    actions += [
        Action(ACTION_STYLE, texts.text(STYLES[n].label_key), image_id, n) for n in names[:4]
    ]
    if feedback and caption_id is not None:
        actions += [
            Action(ACTION_UP, texts.text("feedback.up_button"), image_id, str(caption_id)),
            Action(ACTION_DOWN, texts.text("feedback.down_button"), image_id, str(caption_id)),
        ]
    return tuple(actions)


def style_note(before: str | None, after: str) -> str | None:
    """A style asked for once stays the chat's style: said when that happens, with the way
    back, so that later captions in that style are no surprise."""
    if after == (before or DEFAULT_STYLE):
        return None
    if after == DEFAULT_STYLE:
        return texts.text("style.back_to_plain")
    return texts.text("style.from_now", label=texts.text(STYLES[after].label_key))
