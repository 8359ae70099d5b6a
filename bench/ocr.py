"""Which text reader reads best, and at what cost? Each engine reads the seeded pictures of
bench/ocr_pictures.py (screenshots, memes, signs, documents, and pictures without text).

Per engine and kind of picture, read as the bot reads (one thread): character error rate
(Levenshtein distance over the normalised text, lines joined by newlines, divided by the true
text's length), line accuracy (share of true lines read exactly), share read as legible; seconds
per picture (median, warm) on one thread and on every core; cold start (a fresh Python reading its
first picture, imports and model loading included) and the peak memory of that process (or of
Tesseract's child). Then, read again keeping every line however unsure, the confidences of right
lines and of lines read where there is no text, which set the engines' floors and the legibility
threshold. Prints a table with the CPU, writes bench/results/ocr-<time>.json."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

from bench.ocr_pictures import KINDS, Sample, samples
from bot.captioning.reading.types import (
    LEGIBLE_CHARACTERS,
    LEGIBLE_CONFIDENCE,
    ReadText,
    TextReader,
)

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def make(engine: str, threads: int | None = 1, floor: float | None = None) -> TextReader:
    """The engine's reader as the bot makes it, but for `threads` and, where given, the
    confidence under which it drops lines (0: keep every line, to see what junk scores)."""
    if engine.startswith("tesseract"):
        from bot.captioning.reading import tesseract

        psm = int(engine.split(":")[1]) if ":" in engine else 3
        cut = tesseract.FLOOR if floor is None else floor
        return tesseract.TesseractReader(threads=threads, psm=psm, floor=cut)
    if engine == "rapidocr":
        from bot.captioning.reading import rapid

        cut = rapid.FLOOR if floor is None else floor
        return rapid.RapidReader(threads=threads, floor=cut)
    raise SystemExit(f"unknown engine {engine!r}")


def normalise(lines: list[str] | tuple[str, ...]) -> list[str]:
    out = [" ".join(unicodedata.normalize("NFKC", line).split()) for line in lines]
    return [line for line in out if line]


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            substitute = previous[j - 1] + (char != other)
            current.append(min(previous[j] + 1, current[j - 1] + 1, substitute))
        previous = current
    return previous[-1]


def score(sample: Sample, read: ReadText) -> dict[str, Any]:
    truth = normalise(sample.lines)
    got = normalise([line.text for line in read.lines])
    row: dict[str, Any] = {"name": sample.name, "kind": sample.kind, "seconds": read.seconds}
    row["legible"] = read.legible
    row["read"] = got
    if truth:
        reference = "\n".join(truth)
        row["cer"] = levenshtein("\n".join(got), reference) / len(reference)
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
    engine: str, threads: int | None, pictures: list[Sample], floor: float | None = None
) -> dict[str, Any]:
    reader = make(engine, threads, floor)
    started = time.perf_counter()
    warm = getattr(reader, "warm", None)
    if warm is not None:
        warm()
    loaded = time.perf_counter() - started
    # One read before timing: ONNX Runtime and the page cache settle on the first picture.
    reader.read(pictures[0].image)
    rows = [score(sample, reader.read(sample.image)) for sample in pictures]
    return {"engine": engine, "name": reader.name, "threads": threads, "load": loaded, "rows": rows}


COLD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from bench.ocr_pictures import samples
picture = [s for s in samples(1, {seed}) if s.kind == "document"][0].image
started = time.perf_counter()
from bench.ocr import make
make({engine!r}).read(picture)
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
    peak_kib = int(child) if engine.startswith("tesseract") else int(own)
    return {"seconds": float(elapsed), "peak_mib": peak_kib / 1024}


def summary(result: dict[str, Any]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for kind in (*KINDS, "none", "all"):
        rows = [r for r in result["rows"] if kind in (r["kind"], "all") and r["kind"] != "none"]
        if kind == "none":
            rows = [r for r in result["rows"] if r["kind"] == "none"]
        if not rows:
            continue
        out[kind] = {
            "seconds": statistics.median(r["seconds"] for r in rows),
            "legible": statistics.mean(float(r["legible"]) for r in rows),
        }
        if kind != "none":
            out[kind]["cer"] = statistics.mean(r["cer"] for r in rows)
            out[kind]["lines"] = statistics.mean(r["lines"] for r in rows)
    return out


def legibility(result: dict[str, Any]) -> dict[str, Any]:
    """Right lines' confidences against the best junk line on pictures without text, and what
    each threshold would make of `legible` (the rule in bot/captioning/reading/types.py)."""
    rows = result["rows"]
    right = sorted(c for r in rows for c, _, ok in r["confidences"] if ok)
    texts = [r for r in rows if r["kind"] != "none"]
    wrong = sorted(c for r in texts for c, _, ok in r["confidences"] if not ok)
    junk = sorted(c for r in rows if r["kind"] == "none" for c, _, _ in r["confidences"])
    table = {}
    for threshold in THRESHOLDS:

        def legible(row: dict[str, Any], at: float = threshold) -> bool:
            sure = sum(n for c, n, _ in row["confidences"] if c >= at)
            return sure >= LEGIBLE_CHARACTERS

        text = [legible(r) for r in result["rows"] if r["kind"] != "none"]
        none = [legible(r) for r in result["rows"] if r["kind"] == "none"]
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
    parser.add_argument("--engines", default="tesseract,rapidocr")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="JSON file (default: bench/results/)")
    args = parser.parse_args(argv)
    pictures = samples(args.per_kind, args.seed)
    cores = os.cpu_count() or 1
    report: dict[str, Any] = {"cpu": cpu_model(), "cores": cores, "pictures": len(pictures)}
    report["engines"] = {}
    for engine in args.engines.split(","):
        print(f"{engine}: {len(pictures)} pictures on 1 thread, on {cores}, unfiltered", flush=True)
        single = run(engine, 1, pictures)
        every = run(engine, None, pictures)
        unfiltered = run(engine, 1, pictures, floor=0.0)
        report["engines"][engine] = {
            "name": single["name"],
            "load_seconds": single["load"],
            "cold": cold(engine, args.seed),
            "one_thread": summary(single),
            "all_cores": summary(every),
            "legibility": legibility(unfiltered),
            "rows": single["rows"],
        }
    out = args.out or ROOT / "bench" / "results" / f"ocr-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print_table(report)
    print(f"wrote {out}")


def print_table(report: dict[str, Any]) -> None:
    print(f"\nCPU: {report['cpu']} ({report['cores']} cores), {report['pictures']} pictures")
    head = f"{'engine':<28} {'kind':<11} {'CER':>6} {'lines':>6} {'legible':>8} {'s/pic 1t':>9}"
    print(head + f" {'s/pic all':>9}")
    for data in report["engines"].values():
        for kind, figures in data["all_cores"].items():
            cer = f"{figures['cer']:.1%}" if "cer" in figures else "-"
            lines = f"{figures['lines']:.0%}" if "lines" in figures else "-"
            one = data["one_thread"][kind]["seconds"]
            print(
                f"{data['name']:<28} {kind:<11} {cer:>6} {lines:>6} {figures['legible']:>8.0%}"
                f" {one:>9.2f} {figures['seconds']:>9.2f}"
            )
        cold_start = data["cold"]
        print(
            f"{data['name']:<28} cold start {cold_start['seconds']:.2f} s (a document), model load "
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
