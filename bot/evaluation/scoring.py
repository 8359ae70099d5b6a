"""The standard caption metrics, computed as pycocoevalcap's COCOEvalCap computes them.

References and predictions go through the PTB tokenizer (lower case, punctuation dropped), then
BLEU-1..4, METEOR, ROUGE-L and CIDEr score them, and SPICE when its CoreNLP models are installed.
Exact match is the share of pictures whose tokenized prediction equals one of its tokenized
references. The tokenizer and METEOR run on Java; METEOR's JVM takes seconds to load its
paraphrase table, so `CaptionScorer.start` launches it before the captions are made."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pycocoevalcap.bleu.bleu import Bleu
from pycocoevalcap.cider.cider import Cider
from pycocoevalcap.meteor.meteor import Meteor
from pycocoevalcap.rouge.rouge import Rouge
from pycocoevalcap.tokenizer.ptbtokenizer import PTBTokenizer

METRICS = ("BLEU-1", "BLEU-2", "BLEU-3", "BLEU-4", "METEOR", "ROUGE-L", "CIDEr", "SPICE")
EXACT = "Exact match"

SPICE_NOTE = (
    "SPICE skipped: it needs the Stanford CoreNLP 3.6.0 jars, which are not installed; "
    "with internet access run `python -m pycocoevalcap.spice.get_stanford_models` once"
)


class EvaluationError(RuntimeError):
    """Evaluation cannot go on; the message is one line for the operator."""


def java_problem() -> str | None:
    """None when `java -version` runs; otherwise one line saying what is missing."""
    java = shutil.which("java")
    if java is None:
        return (
            "java not found: the PTB tokenizer and METEOR need Java "
            "(Java 17 works: apt-get install openjdk-17-jre-headless)"
        )
    try:
        subprocess.run([java, "-version"], capture_output=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"`{java} -version` failed ({exc}); the PTB tokenizer and METEOR need Java"
    return None


def spice_installed() -> bool:
    """Whether SPICE can run without the download pycocoevalcap would otherwise start."""
    import pycocoevalcap.spice as spice

    lib = Path(spice.__file__).parent / "lib"
    return all(
        (lib / name).is_file()
        for name in ("stanford-corenlp-3.6.0.jar", "stanford-corenlp-3.6.0-models.jar")
    )


@dataclass(frozen=True)
class Scores:
    metrics: dict[str, float]  # METRICS order (SPICE only when it ran), then EXACT
    notes: tuple[str, ...] = ()


@contextlib.contextmanager
def _stderr_into(sink: Any) -> Iterator[None]:
    """Point file descriptor 2 at `sink` so that Java children's chatter lands there."""
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(sink.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class CaptionScorer:
    """Scores predictions against references; one METEOR process serves every `score` call."""

    def __init__(self, meteor: Meteor | None = None, spice: bool | None = None):
        self._meteor = meteor
        self._owns_meteor = meteor is None
        self._spice = spice_installed() if spice is None else spice

    def start(self) -> None:
        if self._meteor is None:
            self._meteor = Meteor()

    def close(self) -> None:
        if self._owns_meteor and self._meteor is not None:
            meteor, self._meteor = self._meteor, None
            # pycocoevalcap's Meteor stops its JVM in __del__, which dropping the last
            # reference runs at once.
            del meteor

    def __enter__(self) -> CaptionScorer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def score(self, references: Sequence[Sequence[str]], predictions: Sequence[str]) -> Scores:
        if len(references) != len(predictions) or not predictions:
            raise ValueError("one prediction per picture, and at least one picture")
        gts, res = self._tokenize(references, predictions)
        metrics: dict[str, float] = {}
        bleu, _ = Bleu(4).compute_score(gts, res, verbose=0)
        for n, value in enumerate(bleu, start=1):
            metrics[f"BLEU-{n}"] = float(value)
        self.start()
        assert self._meteor is not None
        metrics["METEOR"] = float(self._meteor.compute_score(gts, res)[0])
        metrics["ROUGE-L"] = float(Rouge().compute_score(gts, res)[0])
        metrics["CIDEr"] = float(Cider().compute_score(gts, res)[0])
        notes: list[str] = []
        if not self._spice:
            notes.append(SPICE_NOTE)
        else:
            spice, problem = _spice(gts, res)
            if spice is not None:
                metrics["SPICE"] = spice
            else:
                notes.append(problem)
        metrics[EXACT] = sum(res[i][0] in gts[i] for i in res) / len(res)
        return Scores(metrics, tuple(notes))

    @staticmethod
    def _tokenize(
        references: Sequence[Sequence[str]], predictions: Sequence[str]
    ) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
        """One tokenizer run for both sides: PTB tokenizes line by line, so this is what two
        runs would give. Whitespace is collapsed first, so no caption can split a line."""
        captions: dict[tuple[str, int], list[dict[str, str]]] = {}
        for index, refs in enumerate(references):
            captions["ref", index] = [{"caption": " ".join(c.split())} for c in refs]
        for index, prediction in enumerate(predictions):
            captions["pred", index] = [{"caption": " ".join(prediction.split())}]
        with tempfile.TemporaryFile("w+") as chatter, _stderr_into(chatter):
            tokens = PTBTokenizer().tokenize(captions)
            chatter.seek(0)
            said = chatter.read()
        expected = {key: len(value) for key, value in captions.items()}
        if {key: len(value) for key, value in tokens.items()} != expected:
            raise EvaluationError(f"the PTB tokenizer failed: {_one_line(said)[-300:]}")
        gts = {i: tokens["ref", i] for i in range(len(references))}
        res = {i: tokens["pred", i] for i in range(len(predictions))}
        return gts, res


def _spice(gts: dict[int, list[str]], res: dict[int, list[str]]) -> tuple[float | None, str]:
    from pycocoevalcap.spice.spice import Spice

    with tempfile.TemporaryFile("w+") as chatter, _stderr_into(chatter):
        try:
            return float(Spice().compute_score(gts, res)[0]), ""
        except (subprocess.CalledProcessError, OSError) as exc:
            chatter.seek(0)
            lines = [line for line in chatter.read().splitlines() if "Exception" in line]
            reason = _one_line(lines[0]) if lines else str(exc)
    return None, (
        f"SPICE failed ({reason[:200]}); its jar is known to need Java 8 or 11, the other "
        "metrics are unaffected"
    )
