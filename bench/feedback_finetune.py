"""Does fine-tuning on a feedback export teach the tiny captioner a new shape without forgetting?

Runs what the operator runs: `main.py train --init MODEL --data EXPORT` (the export written by
`main.py feedback export`: corrections and 👍 captions), then `main.py evaluate --compare` of the
model before and after on held-out pictures this bench renders itself with its own seeds: one-shape
pictures of the new shape (never in the export) and one- and two-shape pictures of the old shapes
as `main.py shapes` makes them. Prints progress and the figures, and writes them as JSON.

"Exact" is the share of pictures whose caption is the canonical one ("a red star", "a red circle
and a blue square"): the held-out sets list only that caption as the reference, because a
paraphrase is not what a correction asked for. The bar (the issue's "done when"): at least 80 %
on the new shape after, and the old shapes within 2 points of before.

    python -m bench.feedback_finetune --export DIR [--new-shape star]
    python -m bench.feedback_finetune --synthetic-export [--new-shape hexagon]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.training.shapes import NEW_SHAPES, SHAPES, ShapeSample, generate, generate_single

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-captioner"

# The recipe that met the bar on the tiny model (2 CPU cores, about 90 s of training). The new
# shape is learnt within a few hundred steps at any of 1e-4..3e-4; what decides the old shapes is
# how many old pictures train beside it. A chat's export has few (its 👍 captions): with 900 of
# them the old shapes lost 2-5 points, with 4000 under 1. A lower learning rate or a larger batch
# did not forget less. So the fine-tune replays some of the model's own training data beside the
# export (the shapes generator with the seed that made the tiny model's second stage, as an
# operator would add a slice of their original data set, captioned as the model captions it).
# Measured with --synthetic-export (300 stars, 900 known shapes) and 3000 replayed pictures:
# the export once, seed 0 reached 79.5 % on stars (old shapes -0.5), seed 1 90.0 % (-1.7); the
# export twice per pass, seed 0 87.0 % (-0.6), seed 1 89.5 % (-1.8).
# The hexagon does not reach the bar (60-70 % after 600-1500 steps): shrunk to the model's 64 px
# input, a small hexagon is a circle, and learning it costs the circles.
STEPS = 600
LEARNING_RATE = 3e-4
BATCH_SIZE = 32
WARMUP_STEPS = 20
REPLAY = 3000  # pictures of the model's own training data trained beside the export
EXPORT_WEIGHT = 2  # times the export is listed among the training data
TINY_TRAINING_SEED = 2  # `main.py shapes --seed` of its data (scripts/make-tiny-captioner)
SYNTHETIC_NEW = 300  # corrections of the new shape in a synthetic export
SYNTHETIC_OLD = 900  # 👍 captions of old-shape pictures in a synthetic export

NEW_BAR = 80.0  # % exact on the new shape after the fine-tune
OLD_TOLERANCE = 2.0  # points the old shapes may lose

# Held-out seeds are offset far from the synthetic export's (seed, seed + 1), so that no held-out
# picture can also be a training picture whatever --seed is.
_HELD_OUT_OFFSET = 1_000_003

_EXACT = "Exact match"  # the metric name in `main.py evaluate`'s JSON report


def _write_set(out: Path, samples: Iterable[ShapeSample]) -> Path:
    """`samples` as `out`/captions.jsonl plus `out`/images/*.png, the layout of an export, each
    with its canonical caption only: what a correction or a 👍 gives, and the one caption that
    counts as exact."""
    images = out / "images"
    images.mkdir(parents=True, exist_ok=True)
    manifest = out / "captions.jsonl"
    with manifest.open("w", encoding="utf-8") as fh:
        for index, sample in enumerate(samples):
            name = f"images/{index:06d}.png"
            sample.image.save(out / name, optimize=False, compress_level=1)
            fh.write(json.dumps({"image": name, "captions": [sample.canonical]}) + "\n")
    return manifest


def make_synthetic_export(
    out: Path,
    *,
    new_shape: str = "star",
    new_count: int = SYNTHETIC_NEW,
    old_count: int = SYNTHETIC_OLD,
    seed: int = 0,
) -> Path:
    """An export as chat users would make it: `new_count` one-shape pictures of `new_shape`
    corrected to their canonical caption, and `old_count` pictures of the old shapes (one or
    two, as `main.py shapes` draws them) that the tiny model captions right and got a 👍, so
    their caption is the canonical one too. Returns `out`."""
    corrections = list(generate_single(new_shape, new_count, seed))
    thumbs_up = list(generate(old_count, seed + 1))
    pictures = corrections + thumbs_up
    # An export lists pictures as they came; shuffled, so that neither kind sits at one end.
    random.Random(seed).shuffle(pictures)
    _write_set(out, pictures)
    return out


def export_new_shapes(export_dir: Path) -> list[str]:
    """The shapes outside SHAPES that the export's captions name, most named first."""
    counts: dict[str, int] = {}
    words = re.compile(r"[a-z]+")
    manifest = export_dir / "captions.jsonl"
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        for caption in json.loads(line).get("captions", []):
            for word in set(words.findall(caption.lower())):
                if word in NEW_SHAPES:
                    counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda word: -counts[word])


def _run_main(arguments: list[str], log: Path) -> None:
    """One real `main.py` process; its output is shown as it comes and kept in `log`."""
    command = [sys.executable, str(ROOT / "main.py"), *arguments]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print(f"$ main.py {' '.join(arguments)}", flush=True)
    with log.open("w", encoding="utf-8") as keep:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert process.stdout is not None
        for line in process.stdout:
            keep.write(line)
            print(f"  {line.rstrip()}", flush=True)
        code = process.wait()
    if code != 0:
        raise RuntimeError(f"main.py {arguments[0]} exited with {code}; its output is in {log}")


def _compare(
    data: Path, before: str, after: Path, report: Path, batch_size: int
) -> tuple[float, float]:
    """Exact match (%) of `before` and `after` on the set at `data`, from one `evaluate`."""
    _run_main(
        [
            "evaluate",
            "--data",
            str(data),
            "--model",
            before,
            "--compare",
            str(after),
            "--batch-size",
            str(batch_size),
            "--out",
            str(report),
        ],
        report.with_suffix(".log"),
    )
    figures = json.loads(report.read_text(encoding="utf-8"))
    return 100 * figures["metrics"][_EXACT], 100 * figures["compare"]["metrics"][_EXACT]


def finetune_and_compare(
    export_dir: Path,
    work_dir: Path,
    *,
    new_shape: str | None = None,
    init: str = str(FIXTURE),
    steps: int = STEPS,
    lr: float = LEARNING_RATE,
    batch_size: int = BATCH_SIZE,
    warmup_steps: int = WARMUP_STEPS,
    held_out_new: int = 200,
    held_out_old: int = 1000,
    replay: int = REPLAY,
    export_weight: int = EXPORT_WEIGHT,
    seed: int = 0,
    device: str = "cpu",
) -> dict[str, Any]:
    """Fine-tune `init` on `export_dir` (and `replay` pictures of its own training data) into
    `work_dir`/model, then score both models on held-out pictures of `new_shape` (default: the
    new shape the export names most) and of the old shapes. Returns the figures; percentages
    are exact match on the canonical caption."""
    if new_shape is None:
        named = export_new_shapes(export_dir)
        if not named:
            raise ValueError(
                f"{export_dir}: no caption names a new shape ({', '.join(NEW_SHAPES)})"
            )
        new_shape = named[0]
    if new_shape in SHAPES:
        raise ValueError(f"{new_shape!r} is an old shape: the tiny model already knows it")
    work_dir.mkdir(parents=True, exist_ok=True)
    exported = sum(
        1 for line in (export_dir / "captions.jsonl").read_text("utf-8").splitlines() if line
    )

    print(f"rendering {held_out_new} held-out {new_shape}s and {held_out_old} old pictures")
    held_seed = seed + _HELD_OUT_OFFSET
    new_set = work_dir / f"held-out-{new_shape}"
    old_set = work_dir / "held-out-old"
    _write_set(new_set, generate_single(new_shape, held_out_new, held_seed))
    _write_set(old_set, generate(held_out_old, held_seed + 1))

    # People's corrections are few and each was worth someone's typing: the export trains
    # `export_weight` times per pass over the replayed pictures.
    data = ["--data", str(export_dir)] * export_weight
    if replay > 0:
        # The tiny model's own training pictures, each with the caption it gives them (the
        # canonical one, for 99 % of them) rather than the data set's paraphrases: with those,
        # the new shape reached only 72 % on one seed, the replay pulling it towards what the
        # references say of a small round thing.
        print(f"rendering {replay} pictures of the tiny model's own training data to replay")
        data += [
            "--data",
            str(_write_set(work_dir / "replay", generate(replay, TINY_TRAINING_SEED))),
        ]
    model = work_dir / "model"
    print(f"fine-tuning {init} on {exported} exported pictures and {replay} of its own")
    started = time.perf_counter()
    _run_main(
        [
            "train",
            "--init",
            init,
            *data,
            "--out",
            str(model),
            "--steps",
            str(steps),
            "--batch-size",
            str(batch_size),
            "--lr",
            str(lr),
            "--warmup-steps",
            str(warmup_steps),
            # Every exported picture trains: corrections are few, and a split-off validation set
            # would only cost time (its exact match is what the held-out sets measure better).
            "--val-fraction",
            "0",
            "--eval-generate",
            "0",
            "--log-every",
            str(max(1, steps // 10)),
            "--device",
            device,
            "--seed",
            str(seed),
        ],
        work_dir / "train.log",
    )
    train_wall = time.perf_counter() - started
    # The trainer's own clock leaves out starting Python and loading the model.
    trained = json.loads((model / "training.json").read_text(encoding="utf-8"))["report"]

    new_before, new_after = _compare(
        new_set, init, model, work_dir / f"compare-{new_shape}.json", batch_size
    )
    old_before, old_after = _compare(
        old_set, init, model, work_dir / "compare-old.json", batch_size
    )
    result: dict[str, Any] = {
        "export": str(export_dir),
        "exported_pictures": exported,
        "replayed_pictures": replay,
        "export_weight": export_weight,
        "new_shape": new_shape,
        "init": init,
        "recipe": {
            "steps": steps,
            "lr": lr,
            "batch_size": batch_size,
            "warmup_steps": warmup_steps,
            "device": device,
            "seed": seed,
        },
        "held_out": {"new": held_out_new, "old": held_out_old, "seed": held_seed},
        "new_exact_before": round(new_before, 2),
        "new_exact_after": round(new_after, 2),
        "old_exact_before": round(old_before, 2),
        "old_exact_after": round(old_after, 2),
        "old_change": round(old_after - old_before, 2),
        "train_seconds": round(float(trained["seconds"]), 1),
        "train_wall_seconds": round(train_wall, 1),
        "final_train_loss": trained["train_loss"],
        "model": str(model),
    }
    result["passed"] = new_after >= NEW_BAR and old_after - old_before >= -OLD_TOLERANCE
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--export", type=Path, help="folder `main.py feedback export` wrote")
    source.add_argument(
        "--synthetic-export",
        action="store_true",
        help="make an export here: corrections of the new shape plus 👍 old-shape pictures",
    )
    parser.add_argument("--new-shape", choices=NEW_SHAPES, help="default: the export's")
    parser.add_argument("--synthetic-new", type=int, default=SYNTHETIC_NEW)
    parser.add_argument("--synthetic-old", type=int, default=SYNTHETIC_OLD)
    parser.add_argument("--init", default=str(FIXTURE), help="the model to fine-tune")
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--lr", type=float, default=LEARNING_RATE)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--warmup-steps", type=int, default=WARMUP_STEPS)
    parser.add_argument("--held-out-new", type=int, default=200)
    parser.add_argument("--held-out-old", type=int, default=1000)
    parser.add_argument(
        "--replay", type=int, default=REPLAY, help="pictures of the model's own data to train on"
    )
    parser.add_argument(
        "--export-weight", type=int, default=EXPORT_WEIGHT, help="times the export trains per pass"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="cpu", choices=["auto", "cpu", "cuda"])
    parser.add_argument("--work-dir", type=Path, help="default: a temporary folder, kept")
    parser.add_argument("--out", type=Path, help="JSON file (default: bench/results/)")
    args = parser.parse_args(argv)

    work_dir = args.work_dir or Path(tempfile.mkdtemp(prefix="feedback-finetune-"))
    if args.synthetic_export:
        shape = args.new_shape or NEW_SHAPES[0]
        export_dir = make_synthetic_export(
            work_dir / "export",
            new_shape=shape,
            new_count=args.synthetic_new,
            old_count=args.synthetic_old,
            seed=args.seed,
        )
        print(f"synthetic export: {args.synthetic_new} {shape}s, {args.synthetic_old} old")
    else:
        export_dir = args.export
        shape = args.new_shape
    result = finetune_and_compare(
        export_dir,
        work_dir,
        new_shape=shape,
        init=args.init,
        steps=args.steps,
        lr=args.lr,
        batch_size=args.batch_size,
        warmup_steps=args.warmup_steps,
        held_out_new=args.held_out_new,
        held_out_old=args.held_out_old,
        replay=args.replay,
        export_weight=args.export_weight,
        seed=args.seed,
        device=args.device,
    )
    print(
        f"{result['new_shape']}: {result['new_exact_before']:.1f} % -> "
        f"{result['new_exact_after']:.1f} % exact; old shapes: {result['old_exact_before']:.1f} % "
        f"-> {result['old_exact_after']:.1f} % ({result['old_change']:+.1f} points); "
        f"training {result['train_seconds']:.0f}s; {'PASS' if result['passed'] else 'FAIL'}"
    )
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = args.out or ROOT / "bench" / "results" / f"feedback-finetune-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
