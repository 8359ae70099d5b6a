"""`python main.py evaluate` as an operator runs it, in a subprocess."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pycocoevalcap.bleu.bleu import Bleu
from pycocoevalcap.cider.cider import Cider
from pycocoevalcap.rouge.rouge import Rouge
from pycocoevalcap.tokenizer.ptbtokenizer import PTBTokenizer

import main
from tests.pictures import draw_picture
from tests.test_cli import run_cli

# Every command checks for Java first, so only the test of that check runs without it.
needs_java = pytest.mark.skipif(
    shutil.which("java") is None, reason="pycocoevalcap's tokenizer and METEOR need Java"
)

DRAWN = [
    [("red", "circle"), ("blue", "square")],
    [("yellow", "triangle")],
    [("green", "square"), ("red", "triangle")],
    [("blue", "circle")],
    [("green", "circle"), ("yellow", "square")],
]


def _canonical(shapes: list[tuple[str, str]]) -> str:
    return " and ".join(f"a {colour} {shape}" for colour, shape in shapes)


@pytest.fixture
def coco(tmp_path: Path) -> tuple[Path, Path]:
    """A COCO captions file for five drawn pictures (and one extra picture without captions)."""
    folder = tmp_path / "val2017"
    folder.mkdir()
    images: list[dict[str, object]] = []
    annotations: list[dict[str, object]] = []
    for index, shapes in enumerate([*DRAWN, [("red", "square")]]):
        name = f"{index:012d}.jpg"
        draw_picture(shapes).save(folder / name)
        images.append({"id": 100 + index, "file_name": name, "width": 640, "height": 480})
    for index, shapes in enumerate(DRAWN):
        for caption in (_canonical(shapes).capitalize() + ".", f"a drawing of {shapes[0][1]}s"):
            note = {"id": len(annotations), "image_id": 100 + index, "caption": caption}
            annotations.append(note)
    path = tmp_path / "captions_val2017.json"
    path.write_text(json.dumps({"images": images, "annotations": annotations}))
    return path, folder


@needs_java
def test_coco_set_two_models_side_by_side_and_a_json_report(tmp_path, coco, tiny_model_path):
    path, folder = coco
    report = tmp_path / "report.json"
    model = str(tiny_model_path)
    result = run_cli(
        "evaluate", "--data", str(path), "--images", str(folder), "--model", model,
        "--compare", model, "--batch-size", "2", "--out", str(report), tmp_path=tmp_path,
        # One thread: on a busy machine OpenMP's barriers stall the tiny model 100-fold.
        CAPTION_THREADS="1",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    table = result.stdout.splitlines()
    assert table[0] == f"5 pictures from {path}"
    assert table[1].split() == ["metric", model, model, "change"]
    names = ["BLEU-1", "BLEU-2", "BLEU-3", "BLEU-4", "METEOR", "ROUGE-L", "CIDEr"]
    rows = {line.rsplit(None, 3)[0]: line.rsplit(None, 3)[1:] for line in table[2:]}
    assert list(rows)[: len(names)] == names and list(rows)[-1] == "Exact match"
    assert rows["Exact match"] == ["1.000", "1.000", "+0.000"]
    assert "images/s" in result.stderr  # progress
    assert f"{model}: 5 images in" in result.stderr

    written = json.loads(report.read_text())
    assert written["model"] == model and written["compare"]["model"] == model
    assert [entry["prediction"] for entry in written["images"]] == [_canonical(s) for s in DRAWN]
    assert written["images"][0] == {
        "image": str(folder / "000000000000.jpg"),
        "prediction": "a red circle and a blue square",
        "references": ["A red circle and a blue square.", "a drawing of circles"],
        "compare_prediction": "a red circle and a blue square",
    }
    assert written["options"]["beams"] == 4 and written["options"]["batch_size"] == 2
    assert written["options"]["format"] == "coco" and written["seconds"] > 0
    metrics = written["metrics"]
    assert metrics == written["compare"]["metrics"]
    assert metrics["Exact match"] == 1.0
    # The same figures as pycocoevalcap's scorers give on the report's own captions.
    tokenizer = PTBTokenizer()
    gts = tokenizer.tokenize(
        {i: [{"caption": c} for c in e["references"]] for i, e in enumerate(written["images"])}
    )
    res = tokenizer.tokenize(
        {i: [{"caption": e["prediction"]}] for i, e in enumerate(written["images"])}
    )
    bleu, _ = Bleu(4).compute_score(gts, res, verbose=0)
    assert [metrics[f"BLEU-{n}"] for n in (1, 2, 3, 4)] == pytest.approx(bleu, rel=1e-9)
    assert metrics["ROUGE-L"] == pytest.approx(Rouge().compute_score(gts, res)[0], rel=1e-9)
    assert metrics["CIDEr"] == pytest.approx(Cider().compute_score(gts, res)[0], rel=1e-9)
    assert 0.5 < metrics["METEOR"] <= 1.0
    if "SPICE" not in metrics:
        assert "note: SPICE skipped" in result.stderr
        assert written["notes"] and "get_stanford_models" in written["notes"][0]


def _one_error_line(result) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@needs_java
def test_a_missing_picture_is_one_line_naming_the_file_and_line(tmp_path):
    draw_picture([("red", "circle")]).save(tmp_path / "here.png")
    manifest = tmp_path / "test.jsonl"
    manifest.write_text(
        '{"image": "here.png", "captions": ["a red circle"]}\n'
        '{"image": "gone.png", "captions": ["a blue square"]}\n'
    )
    result = run_cli("evaluate", "--data", str(manifest), tmp_path=tmp_path)
    assert _one_error_line(result) == (
        f"error: {manifest}:2: {tmp_path / 'gone.png'}: no such image file"
    )


@needs_java
def test_a_malformed_line_is_one_line_naming_the_file_and_line(tmp_path):
    draw_picture([("red", "circle")]).save(tmp_path / "a.png")
    manifest = tmp_path / "test.jsonl"
    manifest.write_text(
        '{"image": "a.png", "captions": ["a red circle"]}\n'
        "\n"
        '{"image": "b.png", "captions": ["a blue square"\n'
    )
    result = run_cli("evaluate", "--data", str(manifest), tmp_path=tmp_path)
    assert _one_error_line(result).startswith(f"error: {manifest}:3: not JSON")


@needs_java
def test_every_problem_of_a_set_at_once_in_line_order(tmp_path):
    draw_picture([("red", "circle")]).save(tmp_path / "here.png")
    manifest = tmp_path / "test.jsonl"
    manifest.write_text(
        "".join(f'{{"image": "gone-{n}.png", "captions": ["x"]}}\n' for n in range(1, 6))
        + '{"image": "gone-6.png", "captions": ["a blue square"]}\n'
        + '{"image": "here.png", "captions": ["a blue square"\n'  # 7: cut off
        + "".join(f'{{"image": "gone-{n}.png", "captions": ["x"]}}\n' for n in range(8, 30))
    )
    result = run_cli("evaluate", "--data", str(manifest), tmp_path=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[5] == f"error: {manifest}:6: {tmp_path / 'gone-6.png'}: no such image file"
    assert lines[6].startswith(f"error: {manifest}:7: not JSON")
    assert [line.split(": ")[1] for line in lines[:20]] == [f"{manifest}:{n}" for n in range(1, 21)]
    assert lines[20:] == ["error: and 9 more problems (29 in all)"]


@needs_java
def test_a_folder_stands_for_its_test_jsonl_and_else_says_what_it_looked_for(tmp_path):
    data = tmp_path / "split"
    data.mkdir()
    (data / "train.jsonl").write_text('{"image": "a.png", "captions": ["a red circle"]}\n')
    (data / "test.jsonl").write_text('{"image": "b.png", "captions": ["a blue square"]}\n')
    result = run_cli("evaluate", "--data", str(data), tmp_path=tmp_path)
    # The test split was read: its picture is the one missing.
    assert _one_error_line(result) == (
        f"error: {data / 'test.jsonl'}:1: {data / 'b.png'}: no such image file"
    )
    for name in ("train.jsonl", "test.jsonl"):
        (data / name).unlink()
    line = _one_error_line(run_cli("evaluate", "--data", str(data), tmp_path=tmp_path))
    assert "looked for test.jsonl, captions.jsonl, metadata.jsonl or else a single *.jsonl" in line


@needs_java
def test_an_empty_set_is_one_line_naming_the_file(tmp_path):
    path = tmp_path / "captions_val2017.json"
    path.write_text('{"images": [], "annotations": []}')
    result = run_cli("evaluate", "--data", str(path), "--images", str(tmp_path), tmp_path=tmp_path)
    assert _one_error_line(result).startswith(f"error: {path}: no captions")


def test_without_java_it_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder with no `java` in it
    code = main.main(["evaluate", "--data", str(tmp_path / "any.jsonl")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: java not found") and err.count("\n") == 1
