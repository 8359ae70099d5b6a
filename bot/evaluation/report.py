"""What an evaluation shows: a metrics table for people, a JSON report for tools."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.evaluation.dataset import EvalItem
from bot.evaluation.scoring import Scores


@dataclass(frozen=True)
class ModelRun:
    model: str
    predictions: tuple[str, ...]
    scores: Scores


def metrics_table(runs: Sequence[ModelRun]) -> str:
    """Metrics down, models across; with two models a third column says how the second moved."""
    names = list(dict.fromkeys(name for run in runs for name in run.scores.metrics))
    header = ["metric", *(run.model for run in runs)]
    if len(runs) == 2:
        header.append("change")
    rows = [header]
    for name in names:
        values = [run.scores.metrics.get(name) for run in runs]
        # "z": a change that rounds to nothing reads +0.000, never -0.000.
        row = [name, *("-" if v is None else f"{v:z.3f}" for v in values)]
        if len(runs) == 2:
            first, second = values
            row.append("-" if first is None or second is None else f"{second - first:+z.3f}")
        rows.append(row)
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    return "\n".join(lines)


def json_report(
    items: Sequence[EvalItem],
    runs: Sequence[ModelRun],
    options: dict[str, Any],
    seconds: float,
) -> dict[str, Any]:
    """The first model's report; with --compare the second model's under "compare", and each
    picture's second prediction as "compare_prediction"."""
    first = runs[0]
    images = []
    for index, item in enumerate(items):
        entry: dict[str, Any] = {
            "image": str(item.image),
            "prediction": first.predictions[index],
            "references": list(item.references),
        }
        if len(runs) > 1:
            entry["compare_prediction"] = runs[1].predictions[index]
        images.append(entry)
    report: dict[str, Any] = {
        "model": first.model,
        "metrics": first.scores.metrics,
        "images": images,
        "options": options,
        "seconds": round(seconds, 3),
        "notes": list(dict.fromkeys(note for run in runs for note in run.scores.notes)),
    }
    if len(runs) > 1:
        report["compare"] = {"model": runs[1].model, "metrics": runs[1].scores.metrics}
    return report
