"""What a person reads: the metrics table and the progress line."""

from __future__ import annotations

import io

from bot.evaluation.progress import Progress
from bot.evaluation.report import ModelRun, metrics_table
from bot.evaluation.scoring import Scores


def test_two_models_side_by_side_with_the_change():
    first = ModelRun("small", ("a",), Scores({"BLEU-1": 0.5, "CIDEr": 1.25, "Exact match": 0.25}))
    second = ModelRun(
        "bigger-model",
        ("b",),
        Scores({"BLEU-1": 0.75, "CIDEr": 1.0, "SPICE": 0.2, "Exact match": 0.5}),
    )
    assert metrics_table([first, second]).splitlines() == [
        "metric       small  bigger-model  change",
        "BLEU-1       0.500         0.750  +0.250",
        "CIDEr        1.250         1.000  -0.250",
        "Exact match  0.250         0.500  +0.250",
        "SPICE            -         0.200       -",
    ]


def test_a_change_too_small_to_show_is_never_negative_zero():
    first = ModelRun("a", ("a",), Scores({"BLEU-1": 0.5004, "CIDEr": 1.0, "METEOR": 0.25}))
    second = ModelRun("b", ("b",), Scores({"BLEU-1": 0.5001, "CIDEr": 0.9996, "METEOR": 0.25}))
    changes = [line.split()[-1] for line in metrics_table([first, second]).splitlines()[1:]]
    assert changes == ["+0.000", "+0.000", "+0.000"]


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_in_a_log_says_images_per_second_and_time_left():
    out, clock = io.StringIO(), _Clock()
    progress = Progress(1000, "tiny", out, every=10.0, clock=clock)
    clock.now += 5
    progress.advance(50)  # too soon for a line in a log
    clock.now += 5
    progress.advance(50)
    clock.now += 90
    progress.advance(900)
    progress.finish()
    assert out.getvalue().splitlines() == [
        "tiny: 100/1000 images, 10.0 images/s, ETA 1m30s",
        "tiny: 1000 images in 1m40s (10.0 images/s)",
    ]
