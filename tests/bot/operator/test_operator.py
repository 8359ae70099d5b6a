"""Operator controls on the real core (tiny model, SQLite through alembic): limits on costly
work, refusals, admins, /privacy; what each person is told."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.operator.access import Access
from bot.operator.hooks import PICTURES
from bot.operator.ids import IdListError, event_ids, parse_ids
from bot.operator.limits import Limiter, Quota
from storage.models import Usage
from tests.bot.chat_driver import FakeChat
from tests.bot.conftest import Restartable
from tests.pictures import draw_picture
from tests.test_cli import run_cli

CIRCLE = draw_picture([("red", "circle")])
SQUARE = draw_picture([("blue", "square")])
AT_14_37 = datetime(2026, 11, 30, 14, 37, tzinfo=UTC)


@pytest.fixture
async def limited(tmp_path: Path, tiny_captioner):
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'op.db'}",
        user_pictures_per_hour=3,
        user_pictures_per_day=5,
        admins="telegram:boss",
    )
    built = Restartable(settings, tiny_captioner)
    await built.start()
    assert built.core is not None
    built.core.operator.limiter.clock = lambda: AT_14_37
    yield built
    await built.stop()


async def _usage_rows(core: Restartable) -> int:
    assert core.core is not None
    async with core.core.repository._sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Usage)) or 0)


async def test_follow_ups_that_run_the_model_count_and_others_do_not(limited):
    chat = FakeChat(limited, platform="telegram", user_id="ann")
    _, [caption] = await chat.say(images=[CIRCLE])
    assert caption.text == "a red circle"
    _, [again] = await chat.say("again")  # 2
    [funny] = await chat.press(caption.actions[1].payload)  # 3: a style button
    assert again.text and funny.text
    _, [over] = await chat.say("what is on the table?")
    assert over.text == (
        "You've reached the limit of 3 pictures per hour. You can send the next one at "
        "15:00 UTC (in 23 min)."
    )
    [over] = await chat.press(caption.actions[0].payload)
    assert over.text.startswith("You've reached the limit of 3 pictures per hour.")
    _, [history] = await chat.say("/history")  # no model: not counted, not refused
    assert history.text.startswith("Captions for this picture:")
    _, [privacy] = await chat.say("/privacy")
    assert "/forget deletes everything" in privacy.text


async def test_an_album_over_the_limit_is_refused_whole_and_nothing_is_stored(limited):
    chat = FakeChat(limited, platform="telegram", user_id="bea")
    _, [over] = await chat.say(images=[CIRCLE, SQUARE, CIRCLE, SQUARE])
    assert over.text.startswith("You've reached the limit of 3 pictures per hour.")
    assert await limited.core.repository.get_chat("telegram", chat.chat_id) is None
    _, [album] = await chat.say(images=[CIRCLE, SQUARE])
    assert "a red circle" in album.text and "a blue square" in album.text


async def test_the_day_limit_names_midnight_and_survives_a_restart(limited):
    chat = FakeChat(limited, platform="telegram", user_id="cat")
    for hour in (9, 10):
        limited.core.operator.limiter.clock = lambda h=hour: AT_14_37.replace(hour=h)
        for _ in range(3 if hour == 9 else 2):
            _, [caption] = await chat.say(images=[CIRCLE])
            assert caption.text == "a red circle"
    await limited.restart()
    limited.core.operator.limiter.clock = lambda: AT_14_37
    _, [over] = await chat.say(images=[CIRCLE])
    assert over.text == (
        "You've reached the limit of 5 pictures per day. You can send the next one at "
        "00:00 UTC (in 9 h 23 min)."
    )


async def test_admins_are_never_limited_and_their_work_writes_no_count(limited):
    chat = FakeChat(limited, platform="telegram", user_id="boss")
    for _ in range(4):
        _, [caption] = await chat.say(images=[CIRCLE])
        assert caption.text == "a red circle"
    assert await _usage_rows(limited) == 0
    _, [stats] = await chat.say("/stats")
    assert stats.text.startswith("Today (UTC, this process): 4 picture(s) from 1 people")
    _, [help_reply] = await chat.say("/help")
    assert help_reply.text.endswith("Admin commands: /stats · /block id · /unblock id"), (
        help_reply.text
    )
    _, [usage] = await chat.say("/block someone")
    assert usage.text == "Use /block platform:id, e.g. /block telegram:123456."
    _, [no] = await chat.say("/block telegram:boss")
    assert no.text == "telegram:boss is an admin: admins cannot be blocked."


async def test_a_refused_chat_is_told_once_an_hour(limited):
    now = [0.0]
    access = Access(
        limited.core.repository.operator,
        parse_ids("telegram:ok"),
        frozenset(),
        clock=lambda: now[0],
    )
    ids = event_ids("telegram", "x", "-100")
    assert await access.refusal("telegram", "x", ids) == "not_allowed"
    assert access.tell("telegram", "-100") and not access.tell("telegram", "-100")
    now[0] = 3599.0
    assert not access.tell("telegram", "-100")
    now[0] = 3601.0
    assert access.tell("telegram", "-100")


def test_ids_name_what_an_event_is_known_by():
    assert event_ids("discord", "1", "2", "3", ("4", "5")) == {
        "discord:1", "discord:2", "discord:3", "discord:4", "discord:5"
    }  # fmt: skip
    assert event_ids("telegram", "7", "-100:12") == {
        "telegram:7", "telegram:-100:12", "telegram:-100"
    }  # fmt: skip
    assert parse_ids(" Telegram:1, discord:2 ") == {"telegram:1", "discord:2"}
    for bad in ("1234", "slack:1", "telegram:"):
        with pytest.raises(IdListError):
            parse_ids(bad)


def test_a_malformed_allow_list_stops_the_bot_with_one_line(tmp_path):
    result = run_cli("run", tmp_path=tmp_path, ALLOWED_USERS="telegram:1, 12345")
    assert result.returncode == 2
    assert result.stderr.startswith("error: setting ALLOWED_USERS:")
    assert "'12345' is not platform:id" in result.stderr


async def test_privacy_names_the_caption_workers_host(tmp_path: Path):
    from bot.core import Core

    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'w.db'}",
        caption_worker_urls="http://gpu-box:8090",
        chat_max_images=20,
        chat_max_age_days=7,
    )
    core = await Core.start(settings)
    await core.dispatcher.start()
    try:
        chat = FakeChat(core, platform="telegram")
        _, [privacy] = await chat.say("/privacy")
    finally:
        await core.stop()
    assert "I keep the last 20 pictures of a chat, none older than 7 days" in privacy.text
    assert "caption worker (gpu-box:8090)" in privacy.text


async def test_privacy_names_hosts_never_the_credentials_in_their_urls(tmp_path: Path):
    from bot.core import Core

    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'v.db'}",
        caption_worker_urls="http://bot:worker-secret@gpu-box:8090",
        llm_base_url="https://user:sk-secret@llm.example/v1",
        llm_model="m",
        llm_vision=True,
    )
    core = await Core.start(settings)
    await core.dispatcher.start()
    try:
        chat = FakeChat(core, platform="telegram")
        _, [privacy] = await chat.say("/privacy")
    finally:
        await core.stop()
    assert "secret" not in privacy.text
    assert "caption worker (gpu-box:8090)" in privacy.text
    # With LLM_VISION the pictures go to the LLM too, and /privacy says so.
    assert "Your pictures, their captions and your questions" in privacy.text
    assert "(llm.example)" in privacy.text


async def test_an_event_tried_again_is_counted_once(limited):
    # The dispatcher tries an event again when its reply could not be sent: what it cost was
    # counted the first time (the limits step hands the event's key to the limiter).
    store = limited.core.repository.operator
    limiter = Limiter(store, {PICTURES: Quota(per_hour=2)}, clock=lambda: AT_14_37)
    first = ("telegram:7", AT_14_37)
    for _ in range(3):
        assert await limiter.spend("telegram", "eve", once=first) is None
    assert await limiter.spend("telegram", "eve", once=("telegram:8", AT_14_37)) is None
    # The same event again: already counted, so still allowed.
    assert await limiter.spend("telegram", "eve", once=("telegram:8", AT_14_37)) is None
    over = await limiter.spend("telegram", "eve", once=("telegram:9", AT_14_37))
    assert over is not None and "limit of 2" in over


async def test_stats_and_metrics_count_ratings_and_a_refused_person_corrects_nothing(
    tmp_path, tiny_captioner
):
    from prometheus_client import generate_latest

    from bot.chat import texts
    from bot.chat.messages import ACTION_DOWN, ACTION_UP

    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'rated.db'}",
        admins="telegram:boss",
        allowed_users="telegram:boss,telegram:ann",
    )
    built = Restartable(settings, tiny_captioner)
    await built.start()
    try:
        assert built.core is not None
        ann = FakeChat(built, platform="telegram", chat_id="g", is_group=True, user_id="ann")
        eve = FakeChat(built, platform="telegram", chat_id="g", is_group=True, user_id="eve")
        _, [caption] = await ann.say(images=[CIRCLE])
        thumbs = {a.kind: a.payload for a in caption.actions}
        await ann.press(thumbs[ACTION_UP])
        # Someone the allow-list refuses: their press and their words are not taken.
        [refused] = await eve.press(thumbs[ACTION_DOWN])
        assert refused.text == texts.text("access.not_allowed")
        await eve.say("no, it's a red ball")
        repository = built.core.repository
        chat = await repository.get_chat("telegram", "g")
        assert chat is not None
        words = await repository.feedback.of_chat(chat.id)
        assert [(w.user_id, w.rating, w.correction) for w in words] == [("ann", 1, None)]
        _, [stats] = await FakeChat(built, platform="telegram", user_id="boss").say("/stats")
        assert stats.text.splitlines()[-1].startswith("Ratings: ")
        assert "100% 👍 of 1 rated, 0 corrected" in stats.text
        exposed = generate_latest(built.core.operator.metrics.registry).decode()
        assert 'captionist_ratings_total{rating="up"} 1.0' in exposed
    finally:
        await built.stop()
