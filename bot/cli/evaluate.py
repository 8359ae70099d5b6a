"""`main.py evaluate`: caption a test set with one model (or two) and score the captions."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.captioning.intake import IntakeLimits
from bot.captioning.local import local_engine
from bot.captioning.options import CaptionOptions
from bot.config import Settings, engine_config
from bot.evaluation.captioning import caption_items
from bot.evaluation.dataset import DataProblems, EvalItem, read_eval_set
from bot.evaluation.progress import Progress
from bot.evaluation.report import ModelRun, json_report, metrics_table
from bot.evaluation.scoring import CaptionScorer, EvaluationError, java_problem

# Nobody waits on a single caption here: a slow batch must not end an hour-long run.
_CAPTION_TIMEOUT_S = 3600.0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_evaluate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        required=True,
        help="test set: a JSONL like `train --data` reads (or its folder: test.jsonl, "
        "captions.jsonl, metadata.jsonl or its one *.jsonl), or a COCO captions file",
    )
    parser.add_argument("--images", help="folder of the pictures (required for COCO files)")
    parser.add_argument("--model", help="captioning model: hub id, folder or random:vit-gpt2")
    parser.add_argument("--compare", metavar="MODEL", help="a second model, scored side by side")
    parser.add_argument("--out", help="write the report as JSON here")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--max-new-tokens", type=int, default=16)
    parser.add_argument(
        "--batch-size", type=_positive, help="engine batch size (default CAPTION_MAX_BATCH)"
    )
    parser.add_argument("--limit", type=_positive, help="only the first N pictures")


async def _caption_with(
    settings: Settings,
    items: tuple[EvalItem, ...],
    options: CaptionOptions,
    batch_size: int,
    err: TextIO,
) -> tuple[str, ...]:
    window = 2 * batch_size  # one batch running, one gathering
    config = replace(
        engine_config(settings),
        max_batch=batch_size,
        queue_size=window,
        timeout_s=_CAPTION_TIMEOUT_S,
    )
    engine = local_engine(config)
    limits = IntakeLimits(settings.image_max_bytes, settings.image_max_pixels)
    async with engine:
        progress = Progress(len(items), settings.caption_model, err)
        predictions = await caption_items(engine, items, options, limits, progress, window)
    return tuple(predictions)


def run_evaluate(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Check everything that can be checked before a model loads (Java, the set, its pictures,
    the options, where the report goes), then caption, score and report."""
    # Looked up at call time: a default of sys.stderr would be whatever it was at import.
    out = out or sys.stdout
    err = err or sys.stderr
    started = time.perf_counter()
    problem = java_problem()
    if problem:
        print(f"error: {problem}", file=err)
        return 2
    options = CaptionOptions(num_beams=args.beams, max_new_tokens=args.max_new_tokens)
    report_path = Path(args.out) if args.out else None
    if report_path is not None and not report_path.parent.is_dir():
        print(f"error: {report_path}: its folder does not exist", file=err)
        return 2
    try:
        test_set = read_eval_set(args.data, args.images, args.limit)
    except DataProblems as exc:
        for line in exc.lines():
            print(f"error: {line}", file=err)
        return 2
    items = test_set.items
    base = Settings()
    models = [args.model or base.caption_model, *([args.compare] if args.compare else [])]
    batch_size = args.batch_size or base.caption_max_batch
    references = [item.references for item in items]
    runs: list[ModelRun] = []
    try:
        with CaptionScorer() as scorer:  # METEOR's JVM loads while the captions are made
            for model in models:
                settings = base.model_copy(update={"caption_model": model})
                predictions = asyncio.run(_caption_with(settings, items, options, batch_size, err))
                runs.append(ModelRun(model, predictions, scorer.score(references, predictions)))
    except EvaluationError as exc:
        print(f"error: {exc}", file=err)
        return 1
    print(f"{len(items)} pictures from {test_set.source}", file=out)
    print(metrics_table(runs), file=out)
    for note in dict.fromkeys(note for run in runs for note in run.scores.notes):
        print(f"note: {note}", file=err)
    if report_path is not None:
        settings_used = {
            "data": str(test_set.source),
            "format": test_set.format,
            "images": args.images,
            "beams": args.beams,
            "max_new_tokens": args.max_new_tokens,
            "batch_size": batch_size,
            "limit": args.limit,
        }
        report = json_report(items, runs, settings_used, time.perf_counter() - started)
        try:
            report_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"error: {report_path}: {exc.strerror or exc}", file=err)
            return 1
    return 0
