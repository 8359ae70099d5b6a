"""`main.py feedback export|stats`: what people said of captions, as a training set and as figures.

    python main.py feedback export --out DIR [--since 2026-12-01] [--min-rating up|down|any]
    python main.py feedback stats

`export` writes what `train --data` reads: DIR/images/<n>.jpg (the stored copy of each picture)
and DIR/captions.jsonl, one line per picture, its references first the corrections people gave,
then the captions they rated 👍 (a picture only 👎'd without a correction has no reference and
is left out). It prints how many pictures and words went in, by rating, model and platform.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from storage import Repository, create_engine, create_sessionmaker, upgrade
from storage.feedback import DOWN, UP, ExportRow, FeedbackRecord, ModelStats

RATINGS = {"up": UP, "down": DOWN, "any": None}


def add_feedback_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="feedback_command", required=True)
    export = actions.add_parser(
        "export", help="write the corrections and 👍 captions as a data set"
    )
    export.add_argument("--out", required=True, type=Path, help="folder to write (made if missing)")
    export.add_argument(
        "--since", type=_date, help="only feedback given on or after this day (YYYY-MM-DD, UTC)"
    )
    export.add_argument(
        "--min-rating",
        choices=tuple(RATINGS),
        default="any",
        help="up: only pictures someone rated 👍 or corrected; down: only those someone rated "
        "👎 or corrected; any (default): every picture with a reference",
    )
    actions.add_parser("stats", help="approval per model: 👍, 👎 and corrections")


def _date(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError as exc:
        raise argparse.ArgumentTypeError("a day as YYYY-MM-DD") from exc


def references(words: tuple[FeedbackRecord, ...]) -> list[str]:
    """A picture's reference captions: corrections first (newest first), then 👍 captions."""
    found: list[str] = []
    for word in sorted(words, key=lambda w: w.updated_at, reverse=True):
        if word.correction and word.correction not in found:
            found.append(word.correction)
    for word in words:
        if word.rating == UP and word.caption not in found and not _corrected(words, word):
            found.append(word.caption)
    return found


def _corrected(words: tuple[FeedbackRecord, ...], rated: FeedbackRecord) -> bool:
    # Someone said this very caption was wrong: a 👍 of another does not make it a reference.
    return any(w.caption_id == rated.caption_id and w.rating == DOWN for w in words)


def _wanted(row: ExportRow, min_rating: int | None) -> bool:
    if min_rating is None:
        return True
    return any(w.rating == min_rating or w.correction for w in row.words)


def export(
    rows: list[ExportRow], out: Path, min_rating: int | None, log: TextIO
) -> dict[str, Counter[str]]:
    """Write the data set; returns the counts the summary prints."""
    images = out / "images"
    images.mkdir(parents=True, exist_ok=True)
    counts: dict[str, Counter[str]] = {
        "pictures": Counter(), "rating": Counter(), "model": Counter(), "platform": Counter()
    }  # fmt: skip
    lines = []
    for row in rows:
        found = references(row.words)
        if not found or not _wanted(row, min_rating):
            continue
        name = f"images/{row.image_id}.jpg"
        (out / name).write_bytes(row.thumbnail)
        lines.append(json.dumps({"image": name, "captions": found}, ensure_ascii=False))
        counts["pictures"]["written"] += 1
        counts["platform"][row.platform] += 1
        for word in row.words:
            kind = {UP: "👍", DOWN: "👎"}.get(word.rating or 0, "")
            if kind:
                counts["rating"][kind] += 1
            if word.correction:
                counts["rating"]["corrections"] += 1
            counts["model"][word.model] += 1
    (out / "captions.jsonl").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(f"wrote {len(lines)} pictures to {out / 'captions.jsonl'}", file=log)
    for key in ("rating", "model", "platform"):
        shown = ", ".join(f"{name} {count}" for name, count in counts[key].most_common()) or "-"
        print(f"  by {key}: {shown}", file=log)
    return counts


def stats_table(stats: list[ModelStats]) -> str:
    if not stats:
        return "no feedback yet"
    lines = [f"{'model':<40} {'👍':>6} {'👎':>6} {'approval':>9} {'corrected':>10}"]
    for s in stats:
        approval = f"{s.approval:.0%}" if s.approval is not None else "-"
        lines.append(f"{s.model[:40]:<40} {s.up:>6} {s.down:>6} {approval:>9} {s.corrections:>10}")
    return "\n".join(lines)


async def _with_repository(settings: Settings, args: argparse.Namespace) -> int:
    database = create_engine(settings.database_url)
    try:
        await upgrade(database)
        repository = Repository(create_sessionmaker(database))
        if args.feedback_command == "stats":
            print(stats_table(await repository.feedback.stats()))
            return 0
        rows = await repository.feedback.for_export(args.since)
        export(rows, args.out, RATINGS[args.min_rating], sys.stdout)
        return 0
    finally:
        await database.dispose()


def run_feedback(args: argparse.Namespace, settings: Settings) -> int:
    try:
        return asyncio.run(_with_repository(settings, args))
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
