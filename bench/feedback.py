"""The loop from chat to model, end to end: people correct the bot, the operator fine-tunes on it.

    python -m bench.feedback [--new star] [--pictures 120] [--old 240] [--seed 7]

1. A real `main.py` serves the tiny model through the loopback Telegram Bot API (no network).
   People post pictures of a shape it has never seen (a star, or a hexagon); the model calls them
   something else. They press 👎 and send the right caption ("a red star"). They also post the
   shapes it knows, and press 👍 where it is right (👎 and a correction where it is not).
2. `main.py feedback export` writes what they said as a training set.
3. `main.py train --init` fine-tunes the tiny model from its own weights on that export, and
   `main.py evaluate --compare` scores both models on held-out pictures of the new shape and of
   the old ones (bench/feedback_finetune.py).

Prints each step and the figures (exact captions before and after, per kind of picture), and
writes bench/results/feedback-<time>.json. Needs nothing but this checkout: about 15 minutes on
2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from bench.load import Bot, wait_ready
from bot.training.shapes import NEW_SHAPES, generate, generate_single
from tests.adapters.telegram.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny-captioner"


@dataclass(frozen=True)
class Posted:
    chat_id: int
    truth: str  # what the picture shows, as the canonical caption says it
    new: bool  # of the shape the model has never seen
    caption: str = ""  # what the bot answered
    said: str = ""  # 👍, or the correction sent after 👎


def pictures(new_shape: str, new: int, old: int, seed: int) -> list[tuple[bytes, str, bool]]:
    """(JPEG, truth, new?) for each picture people post, in the shapes generator's style: `new`
    of the new shape, `old` of the known ones (one or two shapes, as the model learnt them),
    mixed as people would post them. Seeds apart from bench.feedback_finetune's held-out sets."""
    made = []
    for sample in generate_single(new_shape, new, seed):
        made.append((_jpeg(sample.image), sample.canonical, True))
    for sample in generate(old, seed + 1):
        made.append((_jpeg(sample.image), sample.canonical, False))
    random.Random(seed).shuffle(made)
    return made


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


class Chats:
    """People talking to the bot through the loopback Bot API, one private chat each."""

    def __init__(self, api: FakeBotAPI) -> None:
        self.api = api
        self.message_ids = iter(range(1000, 10**9))

    def _person(self, chat_id: int) -> dict[str, Any]:
        return {"id": chat_id, "is_bot": False, "first_name": "P", "language_code": "en"}

    async def _reply_to(
        self, chat_id: int, message_id: int, timeout: float = 120
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for params in self.api.sent():
                replied = (params.get("reply_parameters") or {}).get("message_id")
                if int(params["chat_id"]) == chat_id and replied == message_id:
                    return params
            await asyncio.sleep(0.05)
        raise SystemExit(f"error: no answer in chat {chat_id} within {timeout:.0f}s")

    async def photo(self, chat_id: int, file_id: str) -> dict[str, Any]:
        message_id = next(self.message_ids)
        size = len(self.api.files[file_id])
        self.api.push("message", {
            "message_id": message_id, "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "P"},
            "from": self._person(chat_id),
            "photo": [{"file_id": file_id, "file_unique_id": file_id, "width": 320,
                       "height": 320, "file_size": size}],
        })  # fmt: skip
        return await self._reply_to(chat_id, message_id)

    async def press(self, chat_id: int, caption: dict[str, Any], label: str) -> str:
        """Press `label` under the caption; what the bot answered the press with."""
        buttons = [b for row in caption["reply_markup"]["inline_keyboard"] for b in row]
        [data] = [b["callback_data"] for b in buttons if b["text"] == label]
        answered = len(self.api.sent("answerCallbackQuery"))
        query = f"cq-{next(self.message_ids)}"
        self.api.push("callback_query", {
            "id": query, "from": self._person(chat_id), "chat_instance": "ci", "data": data,
            "message": {"message_id": next(self.message_ids), "date": int(time.time()),
                        "chat": {"id": chat_id, "type": "private", "first_name": "P"},
                        "from": {"id": 1, "is_bot": True, "first_name": "Captionist"},
                        "text": caption["text"]},
        })  # fmt: skip
        for _ in range(2400):
            sent = self.api.sent("answerCallbackQuery")
            if len(sent) > answered and any(s.get("callback_query_id") == query for s in sent):
                return next(s.get("text", "") for s in sent if s.get("callback_query_id") == query)
            await asyncio.sleep(0.05)
        raise SystemExit(f"error: the press in chat {chat_id} was not answered")

    async def say(self, chat_id: int, text: str) -> str:
        message_id = next(self.message_ids)
        self.api.push("message", {
            "message_id": message_id, "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "P"},
            "from": self._person(chat_id), "text": text,
        })  # fmt: skip
        return str((await self._reply_to(chat_id, message_id))["text"])


async def chat_phase(work: Path, posts: list[tuple[bytes, str, bool]]) -> tuple[str, list[Posted]]:
    """Run the bot, post every picture, rate and correct; returns the database and what
    happened to each picture."""
    database = f"sqlite+aiosqlite:///{work / 'bot.db'}"
    api = await FakeBotAPI().start()
    for number, (data, _, _) in enumerate(posts):
        api.files[f"pic{number}"] = data
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAPTION_", "TELEGRAM_"))}
    env.update(
        HF_HUB_OFFLINE="1", CAPTION_MODEL=str(TINY), DATABASE_URL=database,
        TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_URL=api.api_url,
        TELEGRAM_FILE_URL=api.file_url, WEB_ENABLED="false", LOG_LEVEL="WARNING",
        OCR_ENGINE="off", PYTHONPATH=str(ROOT),
    )  # fmt: skip
    bot = Bot(env, work / "bot.log")
    since = time.monotonic()
    bot.start()
    done: list[Posted] = []
    try:
        await wait_ready(api, since, bot)
        chats = Chats(api)
        for number, (_, truth, new) in enumerate(posts):
            chat_id = 20_000 + number
            caption = await chats.photo(chat_id, f"pic{number}")
            said = caption["text"].split("\n")[0]
            if said == truth:
                await chats.press(chat_id, caption, "👍")
                done.append(Posted(chat_id, truth, new, said, "👍"))
                continue
            await chats.press(chat_id, caption, "👎")
            thanks = await chats.say(chat_id, truth)
            if truth not in thanks:
                raise SystemExit(f"error: the correction was not taken: {thanks!r}")
            done.append(Posted(chat_id, truth, new, said, truth))
            if (number + 1) % 20 == 0:
                print(f"  {number + 1} of {len(posts)} pictures posted and rated", flush=True)
    finally:
        await bot.signal_and_wait(signal.SIGTERM)
        await api.stop()
    return database, done


def export(database: str, out: Path) -> str:
    env = dict(os.environ, DATABASE_URL=database, HF_HUB_OFFLINE="1")
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "feedback", "export", "--out", str(out)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"error: feedback export failed: {done.stderr.strip()}")
    return done.stdout


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--new", choices=NEW_SHAPES, default="star", help="the shape to teach")
    parser.add_argument("--pictures", type=int, default=200, help="of the new shape, posted")
    parser.add_argument("--old", type=int, default=600, help="of the known shapes, posted")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, help="folder for the run (default: a temporary one)")
    args = parser.parse_args(argv)
    from bench.feedback_finetune import finetune_and_compare

    work = args.work or Path(tempfile.mkdtemp(prefix="captionist-feedback-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    posts = pictures(args.new, args.pictures, args.old, args.seed)
    print(f"feedback: {len(posts)} pictures ({args.pictures} of a {args.new}), work in {work}")
    database, posted = asyncio.run(chat_phase(work, posts))
    new = [p for p in posted if p.new]
    old = [p for p in posted if not p.new]
    right_new = sum(p.caption == p.truth for p in new)
    right_old = sum(p.caption == p.truth for p in old)
    print(f"  the bot called {right_new} of {len(new)} {args.new}s right; {right_old} of "
          f"{len(old)} known shapes")  # fmt: skip
    summary = export(database, work / "export")
    print("export:\n" + summary.rstrip())
    figures = finetune_and_compare(
        work / "export", work / "finetune", new_shape=args.new, seed=args.seed
    )
    print(
        f"exact on held-out {args.new}s: {figures['new_exact_before']:.0f} % before, "
        f"{figures['new_exact_after']:.0f} % after; known shapes: "
        f"{figures['old_exact_before']:.1f} % before, {figures['old_exact_after']:.1f} % after "
        f"({figures['old_change']:+.1f} points); training {figures['train_seconds']:.0f} s"
    )
    report = {
        "new_shape": args.new, "posted": len(posted),
        "corrections": sum(p.said != "👍" for p in posted),
        "thumbs_up": sum(p.said == "👍" for p in posted),
        "export": summary, "figures": figures,
        "seconds": round(time.monotonic() - started, 1),
    }  # fmt: skip
    out = ROOT / "bench" / "results" / f"feedback-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
