"""Test sets as people bring them: the training JSONL, or a COCO captions file and its folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.evaluation.dataset import DataProblems, check_images, load_eval_set, read_eval_set
from bot.training.data import DataError
from bot.training.shapes import write_dataset
from tests.pictures import draw_picture


def _coco(tmp_path: Path, images: list[dict[str, Any]], annotations: list[dict[str, Any]]) -> Path:
    path = tmp_path / "captions_val.json"
    path.write_text(json.dumps({"info": {}, "images": images, "annotations": annotations}))
    return path


@pytest.fixture
def pictures(tmp_path: Path) -> Path:
    folder = tmp_path / "val"
    folder.mkdir()
    draw_picture([("red", "circle")]).save(folder / "1.jpg")
    draw_picture([("blue", "square")]).save(folder / "2.jpg")
    draw_picture([("green", "triangle")]).save(folder / "3.jpg")
    return folder


def test_the_training_jsonl_with_its_line_numbers(tmp_path):
    manifest = write_dataset(tmp_path / "shapes", count=3, seed=9)
    test_set = load_eval_set(tmp_path / "shapes")  # the folder works as for `train --data`
    assert test_set.format == "jsonl" and test_set.source == manifest
    lines = [json.loads(line) for line in manifest.read_text().splitlines()]
    assert [item.references for item in test_set.items] == [tuple(r["captions"]) for r in lines]
    assert [item.image for item in test_set.items] == [
        (manifest.parent / r["image"]).resolve() for r in lines
    ]
    assert [item.where for item in test_set.items] == [f"{manifest}:{n}" for n in (1, 2, 3)]
    check_images(test_set.items)


def test_a_jsonl_whose_pictures_live_elsewhere(tmp_path, pictures):
    manifest = tmp_path / "test.jsonl"
    manifest.write_text(
        '{"file_name": "1.jpg", "caption": "a red circle"}\n'
        '{"file_name": "2.jpg", "caption": "a blue square"}\n'
        '{"file_name": "1.jpg", "caption": "a circle in red"}\n'
    )
    test_set = load_eval_set(manifest, pictures)
    assert [(i.image, i.references) for i in test_set.items] == [
        (pictures / "1.jpg", ("a red circle", "a circle in red")),
        (pictures / "2.jpg", ("a blue square",)),
    ]
    check_images(test_set.items)


def test_a_coco_captions_file(tmp_path, pictures):
    path = _coco(
        tmp_path,
        images=[
            {"id": 7, "file_name": "2.jpg"},
            {"id": 3, "file_name": "1.jpg"},
            {"id": 9, "file_name": "3.jpg"},  # no captions: nothing to score it against
        ],
        annotations=[
            {"id": 1, "image_id": 3, "caption": "A red circle."},
            {"id": 2, "image_id": 7, "caption": "a blue square"},
            {"id": 3, "image_id": 3, "caption": " a circle that is red "},
        ],
    )
    test_set = load_eval_set(path, pictures)
    assert test_set.format == "coco"
    assert [(i.image, i.references, i.where) for i in test_set.items] == [
        (pictures / "2.jpg", ("a blue square",), f"{path}: images[0]"),
        (pictures / "1.jpg", ("A red circle.", "a circle that is red"), f"{path}: images[1]"),
    ]
    check_images(test_set.items)


def _error(call) -> str:
    with pytest.raises(DataError) as caught:
        call()
    return str(caught.value)


def test_coco_problems_name_the_file_and_the_entry(tmp_path, pictures):
    good = [{"id": 1, "image_id": 1, "caption": "a red circle"}]
    path = _coco(tmp_path, [{"id": 1, "file_name": "1.jpg"}], good)
    assert "pass --images" in _error(lambda: load_eval_set(path))

    path = _coco(tmp_path, [{"id": 1, "file_name": "1.jpg"}], [{"id": 1, "image_id": 1}])
    assert _error(lambda: load_eval_set(path, pictures)) == (
        f'{path}: annotations[0]: needs a "caption"'
    )
    path = _coco(tmp_path, [{"id": 1, "file_name": "1.jpg"}], [{"image_id": 5, "caption": "x"}])
    assert _error(lambda: load_eval_set(path, pictures)).startswith(f"{path}: annotations[0]:")

    path = _coco(tmp_path, [{"id": 1, "file_name": "1.jpg"}, {"id": 2, "file_name": "no.jpg"}], [
        *good, {"image_id": 2, "caption": "a blue square"},
    ])  # fmt: skip
    missing = load_eval_set(path, pictures).items
    assert _error(lambda: check_images(missing)) == (
        f"{path}: images[1]: {pictures / 'no.jpg'}: no such image file"
    )

    path.write_text('{"images": [],\n "annotations": [}')
    assert _error(lambda: load_eval_set(path, pictures)).startswith(f"{path}:2: not JSON")


def test_a_text_file_posing_as_a_picture_is_named_with_its_line(tmp_path):
    (tmp_path / "a.png").write_text("not a picture")
    manifest = tmp_path / "set.jsonl"
    manifest.write_text('\n{"image": "a.png", "captions": ["a red circle"]}\n')
    items = load_eval_set(manifest).items
    assert _error(lambda: check_images(items)) == (
        f"{manifest}:2: {tmp_path / 'a.png'}: not an image file"
    )


def test_lines_named_json_are_still_json_lines(tmp_path, pictures):
    manifest = tmp_path / "set.json"
    manifest.write_text(
        '{"image": "val/1.jpg", "captions": ["a red circle"]}\n'
        '{"image": "val/2.jpg", "captions": ["a blue square"]}\n'
    )
    test_set = load_eval_set(manifest)
    assert test_set.format == "jsonl" and len(test_set.items) == 2


def _manifest(folder: Path, name: str, image: str = "a.png") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(json.dumps({"image": image, "captions": ["a red circle"]}) + "\n")
    return path


def test_a_folder_stands_for_its_one_jsonl_whatever_its_name(tmp_path):
    only = _manifest(tmp_path / "split", "held-out.jsonl")
    assert load_eval_set(tmp_path / "split").source == only
    # A split's test file beats the whole set beside it; the known names beat any other.
    both = tmp_path / "both"
    _manifest(both, "captions.jsonl")
    test = _manifest(both, "test.jsonl")
    assert load_eval_set(both).source == test
    known = tmp_path / "known"
    _manifest(known, "notes.jsonl")
    metadata = _manifest(known, "metadata.jsonl")
    assert load_eval_set(known).source == metadata


def test_a_folder_without_one_clear_jsonl_says_what_it_looked_for(tmp_path):
    (tmp_path / "none").mkdir()
    message = _error(lambda: load_eval_set(tmp_path / "none"))
    assert message.startswith(f"{tmp_path / 'none'}: no test set here (looked for test.jsonl, ")
    assert "captions.jsonl, metadata.jsonl or else a single *.jsonl file" in message
    assert "\n" not in message
    _manifest(tmp_path / "two", "train.jsonl")
    _manifest(tmp_path / "two", "val.jsonl")
    message = _error(lambda: load_eval_set(tmp_path / "two"))
    assert message.startswith(f"{tmp_path / 'two'}: several JSONL files (train.jsonl, val.jsonl)")
    assert f"--data {tmp_path / 'two' / 'train.jsonl'}" in message


def test_every_problem_of_a_jsonl_at_once_in_line_order(tmp_path, pictures):
    (tmp_path / "notes.png").write_text("not a picture")
    manifest = tmp_path / "set.jsonl"
    lines = [
        {"image": "val/1.jpg", "captions": ["a red circle"]},
        {"image": "gone.png", "captions": ["a blue square"]},  # 2: no such picture
        '{"image": "val/2.jpg", "captions": [',  # 3: cut off
        {"image": "val/3.jpg"},  # 4: no caption
        {"image": "val/2.jpg", "captions": ["a blue square"]},
        {"image": "notes.png", "caption": "a green triangle"},  # 6: not a picture
        [1, 2],  # 7: not an object
        {"image": "gone.png", "captions": ["again"]},  # merged with line 2: said once
    ]
    manifest.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines))
    with pytest.raises(DataProblems) as caught:
        read_eval_set(manifest)
    assert caught.value.lines() == [
        f"{manifest}:2: {tmp_path / 'gone.png'}: no such image file",
        f"{manifest}:3: not JSON (Expecting value)",
        f"{manifest}:4: needs an image path and a caption",
        f"{manifest}:6: {tmp_path / 'notes.png'}: not an image file",
        f"{manifest}:7: expected a JSON object",
    ]
    # --limit 1 checks one picture, but a broken line is broken wherever it is.
    with pytest.raises(DataProblems) as caught:
        read_eval_set(manifest, limit=1)
    assert [line.split(": ")[0] for line in caught.value.lines()] == [
        f"{manifest}:{n}" for n in (3, 4, 7)
    ]


def test_twenty_problems_are_shown_then_how_many_more(tmp_path):
    manifest = tmp_path / "set.jsonl"
    manifest.write_text("".join(f'{{"image": "{n}.png", "captions": ["x"]}}\n' for n in range(25)))
    with pytest.raises(DataProblems) as caught:
        read_eval_set(manifest)
    lines = caught.value.lines()
    assert len(lines) == 21 and lines[0].startswith(f"{manifest}:1: ")
    assert lines[19].startswith(f"{manifest}:20: ")
    assert lines[20] == "and 5 more problems (25 in all)"


def test_every_problem_of_a_coco_file_at_once_in_file_order(tmp_path, pictures):
    path = tmp_path / "captions.json"
    document = {  # annotations first: the order of the file, not of the format's description
        "annotations": [
            {"image_id": 1, "caption": "a red circle"},
            {"image_id": 1},
            {"image_id": 8, "caption": "a square"},
            {"image_id": 4, "caption": "its entry is reported already"},
            {"image_id": 2, "caption": "a missing picture"},
        ],
        "images": [
            {"id": 1, "file_name": "1.jpg"},
            {"id": 2, "file_name": "gone.jpg"},
            {"id": 3},
            {"id": 4, "file_name": ""},
        ],
    }
    path.write_text(json.dumps(document))
    with pytest.raises(DataProblems) as caught:
        read_eval_set(path, pictures)
    assert caught.value.lines() == [
        f'{path}: annotations[1]: needs a "caption"',
        f"{path}: annotations[2]: its image_id is not in images",
        f"{path}: images[1]: {pictures / 'gone.jpg'}: no such image file",
        f'{path}: images[2]: needs an "id" and a "file_name"',
        f'{path}: images[3]: needs an "id" and a "file_name"',
    ]
