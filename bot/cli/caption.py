"""`main.py caption IMAGE...`: caption files from the command line through the engine."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from bot.captioning.errors import CaptionError
from bot.captioning.intake import IntakeError, IntakeImage, IntakeLimits, load_image
from bot.captioning.local import local_engine
from bot.captioning.options import CaptionOptions
from bot.chat.texts import error_text
from bot.config import Settings, engine_config


@dataclass(frozen=True)
class FileProblem:
    path: str
    message: str


def read_images(
    paths: list[str], limits: IntakeLimits
) -> tuple[list[tuple[str, IntakeImage]], list[FileProblem]]:
    good: list[tuple[str, IntakeImage]] = []
    bad: list[FileProblem] = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except IsADirectoryError:
            bad.append(FileProblem(path, "is a folder, not an image file"))
            continue
        except OSError as exc:
            bad.append(FileProblem(path, exc.strerror or "cannot be read"))
            continue
        try:
            good.append((path, load_image(data, limits)))
        except IntakeError as exc:
            bad.append(FileProblem(path, error_text(exc)))
    return good, bad


async def _caption_all(
    images: list[tuple[str, IntakeImage]], settings: Settings, options: CaptionOptions
) -> list[tuple[str, list[str] | FileProblem]]:
    config = engine_config(settings)
    engine = local_engine(replace(config, queue_size=max(config.queue_size, len(images))))
    async with engine:

        async def one(path: str, image: IntakeImage) -> tuple[str, list[str] | FileProblem]:
            try:
                result = await engine.caption(image, options)
            except CaptionError as exc:
                return path, FileProblem(path, error_text(exc))
            return path, list(result.captions)

        return await asyncio.gather(*(one(p, i) for p, i in images))


def run_caption(
    paths: list[str],
    settings: Settings,
    options: CaptionOptions,
    as_json: bool,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Print one line per captioned image; one error line per bad file; non-zero if any failed.
    Files are checked before the model loads, so bad input fails fast."""
    images, problems = read_images(
        paths, IntakeLimits(settings.image_max_bytes, settings.image_max_pixels)
    )
    for problem in problems:
        print(f"error: {problem.path}: {problem.message}", file=err)
    if not images:
        return 1
    results = asyncio.run(_caption_all(images, settings, options))
    failed = bool(problems)
    for path, outcome in results:
        if isinstance(outcome, FileProblem):
            failed = True
            print(f"error: {path}: {outcome.message}", file=err)
        elif as_json:
            record: dict[str, str | list[str]] = {"image": path, "caption": outcome[0]}
            if len(outcome) > 1:
                record["candidates"] = outcome
            print(json.dumps(record), file=out)
        else:
            print(" | ".join(outcome), file=out)
    return 1 if failed else 0
