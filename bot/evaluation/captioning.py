"""Caption a test set through the batching engine, as fast as serving would.

A fixed number of pictures is in flight at once (about two batches): enough for the engine to
fill each batch while the next one is decoded, few enough that a set of any size keeps only
those pictures in memory. Files are read and decoded in threads, beside the model's thread."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.captioning.engine import CaptionEngine
from bot.captioning.errors import CaptionError
from bot.captioning.intake import IntakeError, IntakeImage, IntakeLimits, load_image
from bot.captioning.options import CaptionOptions
from bot.chat.texts import error_text
from bot.evaluation.dataset import EvalItem
from bot.evaluation.progress import Progress
from bot.evaluation.scoring import EvaluationError
from bot.training.data import DataError


def _read(item: EvalItem, limits: IntakeLimits) -> IntakeImage:
    try:
        return load_image(item.image.read_bytes(), limits)
    except OSError as exc:
        raise DataError(f"{item.where}: {item.image}: {exc.strerror or 'cannot be read'}") from None
    except IntakeError as exc:
        raise DataError(f"{item.where}: {item.image}: {error_text(exc)}") from None


async def caption_items(
    engine: CaptionEngine,
    items: Sequence[EvalItem],
    options: CaptionOptions,
    limits: IntakeLimits,
    progress: Progress,
    window: int,
) -> list[str]:
    """The engine's best caption for every item, in order, with `window` pictures in flight
    (the engine's queue must hold that many). A picture that cannot be decoded is a DataError
    naming it; a caption the engine cannot make is an EvaluationError."""
    predictions: list[str] = [""] * len(items)
    pending = iter(range(len(items)))

    async def worker() -> None:
        for index in pending:  # shared: each worker takes the next picture not yet taken
            item = items[index]
            image = await asyncio.to_thread(_read, item, limits)
            try:
                result = await engine.caption(image, options)
            except CaptionError as exc:
                raise EvaluationError(f"{item.where}: {item.image}: {exc}") from None
            predictions[index] = result.text
            progress.advance()

    workers = [asyncio.create_task(worker()) for _ in range(min(len(items), window))]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        progress.abandon()
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    progress.finish()
    return predictions
