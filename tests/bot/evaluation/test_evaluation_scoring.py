"""The metrics are pycocoevalcap's own: the same numbers as its scorers called directly."""

from __future__ import annotations

import shutil

import pytest
from pycocoevalcap.bleu.bleu import Bleu
from pycocoevalcap.cider.cider import Cider
from pycocoevalcap.meteor.meteor import Meteor
from pycocoevalcap.rouge.rouge import Rouge
from pycocoevalcap.tokenizer.ptbtokenizer import PTBTokenizer

from bot.evaluation.scoring import EXACT, SPICE_NOTE, CaptionScorer, spice_installed

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None, reason="pycocoevalcap's tokenizer and METEOR need Java"
)

REFERENCES = [
    ["A red circle.", "a red circle on a white background", "a picture of a red circle"],
    ["A dog, running!", "the dog runs across the grass"],
    ["two cats asleep on a sofa", "Two cats sleeping.", "cats on a couch"],
    ["a man rides a bicycle down the street", "a cyclist in the city"],
]
PREDICTIONS = ["a red circle", "A dog running", "a bird on a branch", "a man riding a bike"]


def _as_coco(captions: list[list[str]]) -> dict[int, list[dict[str, str]]]:
    return {i: [{"caption": c} for c in group] for i, group in enumerate(captions)}


def test_metrics_equal_pycocoevalcaps_own_scorers():
    meteor = Meteor()  # one JVM for both sides: it takes seconds to load its paraphrases
    # COCOEvalCap's recipe: tokenize references and results, then each scorer on both.
    tokenizer = PTBTokenizer()
    gts = tokenizer.tokenize(_as_coco(REFERENCES))
    res = tokenizer.tokenize(_as_coco([[p] for p in PREDICTIONS]))
    bleu, _ = Bleu(4).compute_score(gts, res, verbose=0)
    expected = {
        "BLEU-1": bleu[0],
        "BLEU-2": bleu[1],
        "BLEU-3": bleu[2],
        "BLEU-4": bleu[3],
        "METEOR": meteor.compute_score(gts, res)[0],
        "ROUGE-L": Rouge().compute_score(gts, res)[0],
        "CIDEr": Cider().compute_score(gts, res)[0],
    }

    scores = CaptionScorer(meteor=meteor).score(REFERENCES, PREDICTIONS)

    ours = {k: v for k, v in scores.metrics.items() if k in expected}
    assert ours == pytest.approx(expected, rel=1e-12)
    assert list(scores.metrics)[:7] == list(expected)  # the order the table shows
    # After PTB tokenization "A dog running" is "a dog running", as is "A dog, running!".
    assert scores.metrics[EXACT] == 0.5
    if not spice_installed():
        assert "SPICE" not in scores.metrics
        assert scores.notes == (SPICE_NOTE,)
        assert "get_stanford_models" in SPICE_NOTE
