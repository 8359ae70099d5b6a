"""`main.py caption FILE|FOLDER...`: caption files from the command line through the engine.

One file prints its caption; several files or a folder print `FILE<TAB>caption` lines, so that
each caption says which picture it is about. Lines come in the order of the files, each as soon
as it and those before it are done, and a folder of any size keeps only about two batches of
pictures in memory."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.captioning.engine import CaptionEngine
from bot.captioning.errors import CaptionError
from bot.captioning.intake import IntakeError, IntakeLimits, load_image
from bot.captioning.local import local_engine
from bot.captioning.options import CaptionOptions
from bot.chat.texts import error_text
from bot.cli.pictures import FileProblem, find_pictures
from bot.config import Settings, engine_config

# Nobody is waiting on one caption in a chat here: a long folder on a slow CPU must not turn
# into timeouts for the pictures queued behind a slow batch.
_CAPTION_TIMEOUT_S = 3600.0

Outcome = list[str] | FileProblem


async def _caption_one(
    engine: CaptionEngine, path: str, limits: IntakeLimits, options: CaptionOptions
) -> Outcome:
    try:
        data = await asyncio.to_thread(Path(path).read_bytes)
        image = await asyncio.to_thread(load_image, data, limits)
    except OSError as exc:
        return FileProblem(path, exc.strerror or "cannot be read")
    except IntakeError as exc:
        return FileProblem(path, error_text(exc))
    try:
        result = await engine.caption(image, options)
    except CaptionError as exc:
        return FileProblem(path, error_text(exc))
    return list(result.captions)


async def _caption_files(
    files: list[str],
    settings: Settings,
    options: CaptionOptions,
    emit: Callable[[str, Outcome], None],
) -> None:
    """Caption `files`, handing each outcome to `emit` in the files' order."""
    config = engine_config(settings)
    window = 2 * config.max_batch  # one batch running, one gathering
    config = replace(
        config, queue_size=max(config.queue_size, window), timeout_s=_CAPTION_TIMEOUT_S
    )
    limits = IntakeLimits(settings.image_max_bytes, settings.image_max_pixels)
    engine = local_engine(config)
    done: dict[int, Outcome] = {}
    emitted = 0
    pending = iter(range(len(files)))

    async def worker() -> None:
        nonlocal emitted
        for index in pending:  # shared: each worker takes the next file not yet taken
            done[index] = await _caption_one(engine, files[index], limits, options)
            while emitted in done:
                emit(files[emitted], done.pop(emitted))
                emitted += 1

    async with engine:
        workers = [asyncio.create_task(worker()) for _ in range(min(len(files), window))]
        try:
            await asyncio.gather(*workers)
        except BaseException:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            raise


def run_caption(
    paths: list[str],
    settings: Settings,
    options: CaptionOptions,
    as_json: bool,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print one line per captioned picture and one `error: FILE: reason` line per file that
    cannot be; non-zero if any could not. Files are checked by their first bytes before the
    model loads, so a wrong argument fails in a moment."""
    # Looked up at call time: a default of sys.stdout would be whatever it was at import.
    out = out or sys.stdout
    err = err or sys.stderr
    pictures = find_pictures(
        paths, IntakeLimits(settings.image_max_bytes, settings.image_max_pixels)
    )
    for problem in pictures.problems:
        print(f"error: {problem.path}: {problem.message}", file=err, flush=True)
    if not pictures.files:
        return 1
    failed = bool(pictures.problems)

    def emit(path: str, outcome: Outcome) -> None:
        nonlocal failed
        if isinstance(outcome, FileProblem):
            failed = True
            print(f"error: {path}: {outcome.message}", file=err, flush=True)
            return
        if as_json:
            record: dict[str, str | list[str]] = {"image": path, "caption": outcome[0]}
            if len(outcome) > 1:
                record["candidates"] = outcome
            line = json.dumps(record)
        else:
            captions = " | ".join(outcome)
            line = f"{path}\t{captions}" if pictures.labelled else captions
        print(line, file=out, flush=True)

    asyncio.run(_caption_files(pictures.files, settings, options, emit))
    return 1 if failed else 0
