"""Which text reader reads best, and at what cost? Each engine reads the seeded pictures of
bench/ocr_pictures.py: light and dark chat screenshots, memes, signs in perspective, a document
page, small text, German and Russian text, and pictures without text.

    python -m bench.ocr                      # 8 a kind: 64 pictures, about 12 minutes on 2 cores
    python -m bench.ocr --per-kind 1 --kinds sign,non-english

Per engine and kind of picture, side by side, read as the bot reads (one thread): character and
word error rates (Levenshtein distance over the normalised text's characters, lines joined by
newlines, or over its words, divided by the true text's length), line accuracy (share of true
lines read exactly), share read as legible; seconds per picture (median, warm) on one thread and on
every core; the seconds of pictures 1024 px on the long side (the largest intake passes on; the
target is their text in 1 s on one core); cold start (a fresh Python reading its first picture,
imports and model loading included) and the peak memory of that process (or of Tesseract's child).
Each engine reads in the languages the bot would give it (LANGUAGES). Then, read again keeping every
line however unsure, the confidences of right lines and of lines read where there is no text, which
set the engines' floors and the legibility threshold. Prints progress and a table with the CPU,
writes bench/results/ocr-<time>.json."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.ocr_pictures import KINDS, Sample, samples
from bot.captioning.reading.types import (
    LEGIBLE_CHARACTERS,
    LEGIBLE_CONFIDENCE,
    ReadText,
    TextReader,
)

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
# Tesseract reads each kind in the languages the bot would ask for: for a German or Russian chat
# make_reader("auto", "deu+rus") takes Tesseract (bot/captioning/reading/choose.py), and English
# turns up there too. rapidocr reads as it is (English and Chinese: no ö, ß or Cyrillic).
LANGUAGES = {"non-english": "deu+rus+eng"}
LONG_SIDE = 1024  # the largest picture intake passes on, on its long side
TARGET_SECONDS = 1.0  # for such a picture's text, on one core


def languages(engine: str, kind: str) -> str:
    return LANGUAGES.get(kind, "eng") if engine.startswith(("tesseract", "auto")) else "eng"


def make(
    engine: str, threads: int | None = 1, floor: float | None = None, languages: str = "eng"
) -> TextReader:
    """The engine's reader as the bot makes it, but for `threads` and, where given, the
    confidence under which it drops lines (0: keep every line, to see what junk scores). "auto" is
    OCR_ENGINE=auto's choice: both engines picture by picture for English, Tesseract otherwise."""
    if engine == "auto":
        from bot.captioning.reading.by_picture import ByPicture

        pages = make("tesseract", threads, floor, languages)
        return pages if languages != "eng" else ByPicture(pages, make("rapidocr", threads, floor))
    if engine.startswith("tesseract"):
        from bot.captioning.reading import tesseract

        psm = int(engine.split(":")[1]) if ":" in engine else 3
        cut = tesseract.FLOOR if floor is None else floor
        return tesseract.TesseractReader(languages, threads=threads, psm=psm, floor=cut)
    if engine == "rapidocr":
        from bot.captioning.reading import rapid

        cut = rapid.FLOOR if floor is None else floor
        return rapid.RapidReader(languages, threads=threads, floor=cut)
    raise SystemExit(f"unknown engine {engine!r}")


def normalise(lines: Sequence[str]) -> list[str]:
    out = [" ".join(unicodedata.normalize("NFKC", line).split()) for line in lines]
    return [line for line in out if line]


def levenshtein(a: Sequence[str], b: Sequence[str]) -> int:
    """Insertions, deletions and substitutions from `a` to `b`: of characters for strings, of
    words for lists of words. A row at a time in NumPy: a row's chains of insertions are a
    running minimum (cell j is min over k <= j of the cell k before them plus j - k)."""
    codes: dict[str, int] = {}
    right = np.array([codes.setdefault(token, len(codes)) for token in b], dtype=np.int64)
    steps = np.arange(len(b) + 1, dtype=np.int64)
    previous = steps.copy()
    for i, token in enumerate(a, 1):
        code = codes.setdefault(token, len(codes))
        current = np.empty_like(previous)
        current[0] = i
        np.minimum(previous[1:] + 1, previous[:-1] + (right != code), out=current[1:])
        previous = np.minimum.accumulate(current - steps) + steps
    return int(previous[-1])


def score(sample: Sample, read: ReadText, full: bool = True) -> dict[str, Any]:
    """One picture's row; without `full`, only its time, legibility and confidences."""
    truth = normalise(sample.lines)
    got = normalise([line.text for line in read.lines])
    row: dict[str, Any] = {"name": sample.name, "kind": sample.kind, "seconds": read.seconds}
    row["size"] = list(sample.image.size)
    row["legible"] = read.legible
    if full:
        row["read"] = got
    if truth and full:
        reference = "\n".join(truth)
        row["cer"] = levenshtein("\n".join(got), reference) / len(reference)
        words = reference.split()
        row["wer"] = levenshtein(" ".join(got).split(), words) / len(words)
        left = list(got)
        hits = 0
        for line in truth:
            if line in left:
                left.remove(line)
                hits += 1
        row["lines"] = hits / len(truth)
    right = set(truth)
    # Per line: confidence, letters and digits, whether it is one of the true lines.
    row["confidences"] = [
        (line.confidence, sum(c.isalnum() for c in line.text), " ".join(line.text.split()) in right)
        for line in read.lines
    ]
    return row


def run(
    engine: str,
    threads: int | None,
    pictures: list[Sample],
    floor: float | None = None,
    full: bool = True,
) -> dict[str, Any]:
    """Every picture read by the engine's reader for its kind's languages, printing progress."""
    label = f"{engine}, {'all cores' if threads is None else f'{threads} thread'}"
    label += ", every line" if floor == 0.0 else ""
    readers: dict[str, TextReader] = {}
    loads = []
    for sample in pictures:
        key = languages(engine, sample.kind)
        if key in readers:
            continue
        reader = readers[key] = make(engine, threads, floor, key)
        started = time.perf_counter()
        warm = getattr(reader, "warm", None)
        if warm is not None:
            warm()
        loads.append(time.perf_counter() - started)
        # One read before timing: ONNX Runtime and the page cache settle on the first picture.
        reader.read(sample.image)
    rows: list[dict[str, Any]] = []
    for kind in dict.fromkeys(sample.kind for sample in pictures):
        reader = readers[languages(engine, kind)]
        group = [sample for sample in pictures if sample.kind == kind]
        for sample in group:
            rows.append(score(sample, reader.read(sample.image), full))
        seconds = sum(row["seconds"] for row in rows[-len(group) :])
        errors = [row["cer"] for row in rows[-len(group) :] if "cer" in row]
        cer = f", CER {statistics.mean(errors):.1%}" if errors else ""
        print(f"  {label}: {kind:<15} {len(group)} read in {seconds:6.1f} s{cer}", flush=True)
    name = next(iter(readers.values())).name
    return {"engine": engine, "name": name, "threads": threads, "load": loads[0], "rows": rows}


COLD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from bench.ocr_pictures import samples
picture = samples(1, {seed}, ("document",))[0].image
started = time.perf_counter()
from bench.ocr import make
reader = make({engine!r})
reader.warm()
reader.read(picture)
elapsed = time.perf_counter() - started
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so it would count the bench's own.
status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
own = int(status)
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(elapsed, own, child)
"""


def cold(engine: str, seed: int) -> dict[str, float]:
    code = COLD.format(root=str(ROOT), seed=seed, engine=engine)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    elapsed, own, child = done.stdout.split()[-3:]
    # Tesseract's memory is its child's (ru_maxrss: at least this small Python's, about 35 MiB);
    # rapidocr's is this process's (Python, NumPy, OpenCV, ONNX Runtime and the models).
    # "auto" holds both: rapidocr in this process and a Tesseract child at a time.
    peak_kib = {"tesseract": int(child), "auto": int(own) + int(child)}.get(engine, int(own))
    return {"seconds": float(elapsed), "peak_mib": peak_kib / 1024}


def summary(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per kind, then "all" (every picture with text): median and most seconds, legible share,
    and where scored mean CER, WER and exact lines."""
    groups = {kind: [r for r in rows if r["kind"] == kind] for kind in (*KINDS, "none")}
    groups["all"] = [r for r in rows if r["kind"] != "none"]
    out: dict[str, dict[str, float]] = {}
    for kind, group in groups.items():
        if not group:
            continue
        out[kind] = {
            "seconds": statistics.median(r["seconds"] for r in group),
            "max_seconds": max(r["seconds"] for r in group),
            "legible": statistics.mean(float(r["legible"]) for r in group),
        }
        if kind != "none" and "cer" in group[0]:
            for key in ("cer", "wer", "lines"):
                out[kind][key] = statistics.mean(r[key] for r in group)
    return out


def at_long_side(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The seconds of pictures LONG_SIDE px on their long side (one thread, warm)."""
    timed = [r for r in rows if max(r["size"]) == LONG_SIDE]
    if not timed:
        return {"pictures": 0}
    seconds = [r["seconds"] for r in timed]
    return {
        "pictures": len(timed),
        "kinds": list(dict.fromkeys(r["kind"] for r in timed)),
        "median": statistics.median(seconds),
        "max": max(seconds),
        "within_target": sum(s <= TARGET_SECONDS for s in seconds),
    }


def legibility(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Right lines' confidences against the best junk line on pictures without text, and what
    each threshold would make of `legible` (the rule in bot/captioning/reading/types.py)."""
    right = sorted(c for r in rows for c, _, ok in r["confidences"] if ok)
    texts = [r for r in rows if r["kind"] != "none"]
    wrong = sorted(c for r in texts for c, _, ok in r["confidences"] if not ok)
    junk = sorted(c for r in rows if r["kind"] == "none" for c, _, _ in r["confidences"])
    table = {}
    for threshold in THRESHOLDS:

        def legible(row: dict[str, Any], at: float = threshold) -> bool:
            sure = sum(n for c, n, _ in row["confidences"] if c >= at)
            return sure >= LEGIBLE_CHARACTERS

        text = [legible(r) for r in rows if r["kind"] != "none"]
        none = [legible(r) for r in rows if r["kind"] == "none"]
        table[str(threshold)] = {
            "text_legible": sum(text) / max(len(text), 1),
            "none_legible": sum(none) / max(len(none), 1),
        }
    low_right = right[: max(1, len(right) // 20)]
    return {
        "right_lowest_5pct": low_right[-1] if low_right else None,
        "wrong_median": statistics.median(wrong) if wrong else None,
        "junk": junk,
        "by_threshold": table,
    }


def cpu_model() -> str:
    try:
        listing = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown CPU"
    for line in listing.splitlines():
        if line.startswith("Model name:"):
            return " ".join(line.split(":", 1)[1].split())
    return "unknown CPU"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=8)
    parser.add_argument("--engines", default="tesseract,rapidocr,auto")
    parser.add_argument("--kinds", default=",".join((*KINDS, "none")), help="comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="JSON file (default: bench/results/)")
    args = parser.parse_args(argv)
    kinds = args.kinds.split(",")
    unknown = set(kinds) - {*KINDS, "none"}
    if unknown:
        parser.error(f"unknown kinds {', '.join(sorted(unknown))}: of {', '.join(KINDS)}, none")
    pictures = samples(args.per_kind, args.seed, kinds)
    cores = os.cpu_count() or 1
    report: dict[str, Any] = {"cpu": cpu_model(), "cores": cores, "pictures": len(pictures)}
    report |= {"per_kind": args.per_kind, "seed": args.seed, "kinds": kinds, "engines": {}}
    for engine in args.engines.split(","):
        print(f"{engine}: {len(pictures)} pictures on 1 thread, on {cores}, unfiltered", flush=True)
        single = run(engine, 1, pictures)
        every = run(engine, None, pictures, full=False)
        unfiltered = run(engine, 1, pictures, floor=0.0, full=False)
        print(f"  {engine}: cold start", flush=True)
        report["engines"][engine] = {
            "name": single["name"],
            "languages": {kind: languages(engine, kind) for kind in KINDS},
            "load_seconds": single["load"],
            "cold": cold(engine, args.seed),
            "one_thread": summary(single["rows"]),
            "all_cores": summary(every["rows"]),
            "at_1024": at_long_side(single["rows"]),
            "legibility": legibility(unfiltered["rows"]),
            "rows": single["rows"],
        }
    out = args.out or ROOT / "bench" / "results" / f"ocr-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print_table(report)
    print(f"wrote {out}")


def _cells(one: dict[str, float] | None, every: dict[str, float] | None) -> str:
    if one is None or every is None:
        return f" | {'':<43}"
    rates = [f"{one[key]:.1%}" if key in one else "-" for key in ("cer", "wer")]
    lines = f"{one['lines']:.0%}" if "lines" in one else "-"
    return (
        f" | {rates[0]:>6} {rates[1]:>6} {lines:>5} {one['legible']:>5.0%}"
        f" {one['seconds']:>5.2f} {one['max_seconds']:>5.2f} {every['seconds']:>5.2f}"
    )


def print_table(report: dict[str, Any]) -> None:
    engines = list(report["engines"].values())
    print(f"\nCPU: {report['cpu']} ({report['cores']} cores), {report['pictures']} pictures")
    print("s/pic: median seconds a picture on one thread, max: the slowest, all: on every core")
    print(f"{'':<15}" + "".join(f" | {data['name'][:43]:<43}" for data in engines))
    head = f" | {'CER':>6} {'WER':>6} {'lines':>5} {'legib':>5} {'s/pic':>5} {'max':>5} {'all':>5}"
    print(f"{'kind':<15}" + head * len(engines))
    for kind in (*KINDS, "none", "all"):
        if any(kind in data["one_thread"] for data in engines):
            cells = [_cells(d["one_thread"].get(kind), d["all_cores"].get(kind)) for d in engines]
            print(f"{kind:<15}" + "".join(cells))
    for engine, data in report["engines"].items():
        other = [f"{kind}: {langs}" for kind, langs in data["languages"].items() if langs != "eng"]
        print(f"\n{data['name']} ({engine}): reads in eng{''.join(f', {o}' for o in other)}")
        wide = data["at_1024"]
        if wide["pictures"]:
            print(
                f"  s/pic @{LONG_SIDE}px, one thread ({wide['pictures']} pictures: "
                f"{', '.join(wide['kinds'])}): median {wide['median']:.2f} s, "
                f"max {wide['max']:.2f} s; within {TARGET_SECONDS:g} s: "
                f"{wide['within_target']}/{wide['pictures']}"
            )
        cold_start = data["cold"]
        print(
            f"  cold start {cold_start['seconds']:.2f} s (a document), model load "
            f"{data['load_seconds']:.2f} s, peak memory {cold_start['peak_mib']:.0f} MiB"
        )
        legible = data["legibility"]
        junk = ", ".join(f"{c:.2f}" for c in legible["junk"]) or "none"
        print(
            f"  confidence: right lines' lowest 5 % under {legible['right_lowest_5pct']}, "
            f"wrong lines' median {legible['wrong_median']}; on textless pictures: {junk}"
        )
        for threshold, shares in legible["by_threshold"].items():
            mark = " <- LEGIBLE_CONFIDENCE" if float(threshold) == LEGIBLE_CONFIDENCE else ""
            print(
                f"  at {threshold}: text pictures legible {shares['text_legible']:.0%}, "
                f"textless legible {shares['none_legible']:.0%}{mark}"
            )


if __name__ == "__main__":
    main()
