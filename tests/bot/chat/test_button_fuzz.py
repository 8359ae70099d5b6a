"""Whatever a client sends as a button's data: the parser never raises and accepts only what
`Action.payload` makes; the core answers anything else as an expired button at once, with one
log line and no traceback (no retry, no stalled chat)."""

from __future__ import annotations

import logging
import random
import time

import pytest

from bot.chat import texts
from bot.chat.messages import ACTION_AGAIN, ACTION_STYLE, MAX_IMAGE_ID, MAX_PAYLOAD, Action
from tests.bot.chat_driver import FakeChat
from tests.pictures import draw_picture

# Digits str.isdigit() accepts but int() refuses or reads otherwise: superscripts, Arabic-Indic,
# Devanagari, fullwidth, circled, mathematical.
ODD_DIGITS = "²³¹٣۴५１⑦𝟖߀"
GARBAGE = [
    "cap:again:²:",
    "cap:style:٣:funny",
    "cap:again:１:",
    "cap:again:-1:",
    "cap:again: 1:",
    "cap:again:+1:",
    "cap:again:1_000:",
    "cap:again:007:",
    "cap:again:" + "9" * 40 + ":",
    f"cap:again:{MAX_IMAGE_ID + 1}:",
    "cap:again::",
    "cap:style:1:" + "x" * 500,
    "cap:again:1",
    "cap:paint:1:",
    "CAP:again:1:",
    "cap",
    "",
    ":::",
    "\x00",
    "\ud800",
    "cap:again:\u0661:",
]


@pytest.mark.parametrize("payload", GARBAGE)
def test_garbage_is_not_a_button(payload: str):
    assert Action.parse(payload) is None


def test_what_the_core_makes_parses_back():
    for action in (
        Action(ACTION_AGAIN, "again", 1),
        Action(ACTION_AGAIN, "again", 0),
        Action(ACTION_STYLE, "funny", 123456, "funny"),
        Action(ACTION_STYLE, "odd", MAX_IMAGE_ID, "a:b:c"),
    ):
        assert Action.parse(action.payload) == (action.kind, action.image_id, action.value)


def _candidates(rng: random.Random) -> str:
    """A payload: random unicode, or near misses of a real one."""
    alphabet = "0123456789:capginsty" + ODD_DIGITS + " -+_\x00\n\u200b\ud7ff\ue000\U0001f600"

    def noise(most: int) -> str:
        if rng.random() < 0.5:
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, most)))
        return "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, most)))

    shape = rng.randrange(4)
    if shape == 0:
        return noise(40)
    kind = rng.choice([ACTION_AGAIN, ACTION_STYLE, "again ", "styles", ""])
    if shape == 1:
        number = "".join(rng.choice("0123456789" + ODD_DIGITS) for _ in range(rng.randint(0, 12)))
    elif shape == 2:
        number = str(rng.randint(-5, 2**40))
    else:
        number = noise(6)
    return f"cap:{kind}:{number}:{noise(rng.choice([3, 30, 120]))}"


def test_the_parser_never_raises_and_round_trips_what_it_accepts():
    rng = random.Random(20240607)
    accepted = 0
    for _ in range(30_000):
        payload = _candidates(rng)
        parsed = Action.parse(payload)  # never raises
        if parsed is None:
            continue
        accepted += 1
        kind, image_id, value = parsed
        assert kind in (ACTION_AGAIN, ACTION_STYLE)
        assert type(image_id) is int and 0 <= image_id <= MAX_IMAGE_ID
        assert len(payload) <= MAX_PAYLOAD
        assert Action(kind, "label", image_id, value).payload == payload
    assert accepted > 200  # the fuzz reaches the accepting side too


async def test_garbage_buttons_are_expired_at_once_with_one_log_line(core, caplog):
    chat = FakeChat(core)
    _, [caption] = await chat.say(images=[draw_picture([("red", "circle")])])
    expired = texts.text("chat.button_expired")
    caplog.set_level(logging.INFO)
    for payload in ["cap:again:²:", "cap:style:٣:funny", "cap:again:" + "9" * 40 + ":", "", "x"]:
        caplog.clear()
        started = time.monotonic()
        assert [r.text for r in await chat.press(payload)] == [expired]
        assert time.monotonic() - started < 3  # the stall was ten seconds of retries
        assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.WARNING]
        ignored = [r for r in caplog.records if "unknown data" in r.getMessage()]
        assert len(ignored) == 1, caplog.text
    # A well-made button of a picture this chat never had: gone, not failed.
    [gone] = await chat.press(f"cap:again:{MAX_IMAGE_ID}:")
    assert gone.text == texts.text("chat.image_gone")
    # And the chat is not stalled: its real buttons work.
    again = next(a for a in caption.actions if a.kind == ACTION_AGAIN)
    [answer] = await chat.press(again.payload)
    assert answer.text != caption.text and answer.actions
