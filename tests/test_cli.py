"""The command line as an operator uses it: `python main.py ...` in a subprocess."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.pictures import draw_picture, png_bytes
from tests.ports import free_port
from tests.web_process import web_chat_process

ROOT = Path(__file__).resolve().parent.parent


def cli_environment(tmp_path: Path, **env: str) -> dict[str, str]:
    """This process's environment without Captionist's own settings, offline, on a temp DB."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CAPTION_", "TELEGRAM_", "DISCORD_", "WEB_", "LLM_"))
    }
    environment.update(
        HF_HUB_OFFLINE="1",
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        **env,
    )
    return environment


def bot_environment(tmp_path: Path, api: Any, model: Path, **env: str) -> dict[str, str]:
    """`cli_environment` for a bot serving Telegram through the fake Bot API `api`, with no
    web chat; `env` adds or overrides settings."""
    settings = {
        "CAPTION_MODEL": str(model),
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_URL": api.api_url,
        "TELEGRAM_FILE_URL": api.file_url,
        "WEB_ENABLED": "false",
    }
    return cli_environment(tmp_path, **(settings | env))


def run_cli(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = cli_environment(tmp_path, **env)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def drawn(tmp_path: Path) -> Path:
    path = tmp_path / "X.png"
    draw_picture([("red", "circle"), ("blue", "square")], size=(800, 600)).save(path)
    return path


def test_caption_prints_exactly_the_caption(tmp_path, drawn, tiny_model_path):
    result = run_cli("caption", str(drawn), "--model", str(tiny_model_path), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "a red circle and a blue square\n"


def test_caption_json_and_a_bad_file_among_good_ones(tmp_path, drawn, tiny_model_path):
    small = tmp_path / "small.jpg"
    draw_picture([("yellow", "triangle")], size=(100, 100)).save(small)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    result = run_cli(
        "caption", str(drawn), str(notes), str(small), "--json",
        "--model", str(tiny_model_path), tmp_path=tmp_path,
    )  # fmt: skip
    assert result.returncode != 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == [
        {"image": str(drawn), "caption": "a red circle and a blue square"},
        {"image": str(small), "caption": "a yellow triangle"},
    ]
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith(f"error: {notes}: ")
    assert "Traceback" not in result.stderr


def test_several_files_say_which_file_each_caption_is_about(tmp_path, drawn, tiny_model_path):
    small = tmp_path / "b.jpg"
    draw_picture([("yellow", "triangle")], size=(100, 100)).save(small)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    result = run_cli(
        "caption", str(drawn), str(notes), str(small), "--model", str(tiny_model_path),
        tmp_path=tmp_path,
    )  # fmt: skip
    assert result.returncode != 0
    assert result.stdout == (
        f"{drawn}\ta red circle and a blue square\n{small}\ta yellow triangle\n"
    )
    [error] = result.stderr.splitlines()
    assert error.startswith(f"error: {notes}: ") and "image" in error


def test_a_folder_is_captioned_recursively_in_sorted_order(tmp_path, tiny_model_path):
    photos = tmp_path / "photos"
    (photos / "b" / "deeper").mkdir(parents=True)
    (photos / ".thumbnails").mkdir()
    draw_picture([("blue", "square")]).save(photos / "b" / "deeper" / "z.png")
    draw_picture([("red", "circle")]).save(photos / "c.PNG")
    draw_picture([("yellow", "triangle")]).save(photos / "a.jpg")
    draw_picture([("green", "circle")]).save(photos / "b" / "scan", format="PNG")  # no suffix
    draw_picture([("red", "square")]).save(photos / ".thumbnails" / "a.png")  # hidden: left out
    (photos / "notes.txt").write_text("not a picture")  # not a picture: left out, quietly
    (photos / "b" / "list.json").write_text("{}")
    result = run_cli("caption", str(photos), "--model", str(tiny_model_path), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"{photos / 'a.jpg'}\ta yellow triangle",
        f"{photos / 'b' / 'deeper' / 'z.png'}\ta blue square",
        f"{photos / 'b' / 'scan'}\ta green circle",
        f"{photos / 'c.PNG'}\ta red circle",
    ]


def test_a_damaged_photo_in_a_folder_is_named_and_the_rest_captioned(tmp_path, tiny_model_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    draw_picture([("red", "circle")]).save(photos / "a.png")
    (photos / "b.jpg").write_text("cut off")  # named like a photo: its problem is worth a line
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("no pictures here")
    result = run_cli(
        "caption", str(photos), str(empty), "--json", "--model", str(tiny_model_path),
        tmp_path=tmp_path,
    )  # fmt: skip
    assert result.returncode != 0
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"image": str(photos / "a.png"), "caption": "a red circle"}
    ]
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and "Traceback" not in result.stderr
    assert errors[0].startswith(f"error: {photos / 'b.jpg'}: ")
    assert errors[1] == f"error: {empty}: no pictures in this folder"


def test_a_text_file_alone_is_one_line_and_non_zero(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    result = run_cli("caption", str(notes), tmp_path=tmp_path)
    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "image" in result.stderr and "Traceback" not in result.stderr


def test_a_model_that_cannot_load_is_one_line(tmp_path, drawn):
    result = run_cli("caption", str(drawn), "--model", "nobody/nothing", tmp_path=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nobody/nothing" in result.stderr and "HF_HUB_OFFLINE" in result.stderr


def test_run_without_tokens_explains_and_exits(tmp_path):
    result = run_cli(tmp_path=tmp_path, WEB_ENABLED="false")
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stdout and "DISCORD_BOT_TOKEN" in result.stdout
    assert "WEB_ENABLED" in result.stdout
    assert (tmp_path / "cli.db").is_file()  # migrations ran at start-up


def test_run_with_a_discord_token_it_cannot_use_is_one_line(tmp_path, tiny_model_path):
    # Offline, Discord cannot be reached; online, it refuses this token: either way, one line.
    result = run_cli(
        tmp_path=tmp_path,
        DISCORD_BOT_TOKEN="not-a-token",
        WEB_ENABLED="false",
        CAPTION_MODEL=str(tiny_model_path),
    )
    assert result.returncode == 2, result.stderr
    [line] = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert line.startswith("error: Discord: ") and "Traceback" not in result.stderr
    assert "not-a-token" not in result.stderr


def test_run_without_tokens_serves_the_web_chat(tmp_path, tiny_model_path):
    port = free_port()
    environment = cli_environment(tmp_path, WEB_PORT=str(port), CAPTION_MODEL=str(tiny_model_path))
    with web_chat_process(tmp_path, environment, port) as (process, address):
        with urllib.request.urlopen(address + "/", timeout=10) as response:
            assert response.status == 200
            assert b"Captionist" in response.read()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0


def test_a_rejected_telegram_token_is_one_line(tmp_path, tiny_model_path):
    result = run_cli(
        tmp_path=tmp_path,
        TELEGRAM_BOT_TOKEN="123:wrong",
        TELEGRAM_API_URL="http://127.0.0.1:9/bot",  # nothing listens on the discard port
        CAPTION_MODEL=str(tiny_model_path),
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("error: Telegram:")
    assert "123:wrong" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_setting_is_one_line(tmp_path):
    result = run_cli(tmp_path=tmp_path, CAPTION_MAX_BATCH="lots")
    assert result.returncode == 2
    assert result.stderr.startswith("error: setting CAPTION_MAX_BATCH")
    assert len(result.stderr.strip().splitlines()) == 1


def test_db_upgrade(tmp_path):
    result = run_cli("db", "upgrade", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_shapes_then_train_saves_a_folder_that_loads(tmp_path):
    data = tmp_path / "shapes"
    made = run_cli("shapes", str(data), "--count", "24", "--seed", "5", tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    more = tmp_path / "more-shapes"
    made = run_cli("shapes", str(more), "--count", "8", "--seed", "6", tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    out = tmp_path / "model"
    trained = run_cli(
        "train", "--data", str(data), "--data", str(more),
        "--encoder", str(ROOT / "bot/training/configs/tiny-vit.json"),
        "--decoder", str(ROOT / "bot/training/configs/tiny-gpt2.json"),
        "--steps", "4", "--batch-size", "8", "--eval-every", "2", "--save-every", "2",
        "--log-every", "2", "--eval-generate", "2", "--val-fraction", "0.25",
        "--out", str(out), tmp_path=tmp_path,
    )  # fmt: skip
    assert trained.returncode == 0, trained.stderr
    assert "step 4/4" in trained.stdout and "validation loss" in trained.stdout
    assert "24 images (8 for validation)" in trained.stdout  # both sets, a quarter held back
    assert (out / "checkpoints" / "step-0000002" / "trainer_state.pt").is_file()
    summary = json.loads((out / "training.json").read_text())
    assert summary["report"]["steps"] == 4
    picture = tmp_path / "p.png"
    draw_picture([("red", "circle")]).save(picture)
    captioned = run_cli("caption", str(picture), "--model", str(out), tmp_path=tmp_path)
    assert captioned.returncode == 0, captioned.stderr
    assert captioned.stdout.strip()  # four steps teach nothing, but the folder loads and runs


def test_train_on_a_missing_data_set_is_one_line(tmp_path):
    result = run_cli(
        "train", "--data", str(tmp_path / "nothing"), "--encoder", "x.json",
        "--decoder", "y.json", "--out", str(tmp_path / "o"), tmp_path=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_worker_serves_captions_until_sigterm(tmp_path, tiny_model_path):
    import signal
    import urllib.request

    port = free_port()
    env = cli_environment(tmp_path, CAPTION_WORKER_TOKEN="t0ken")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "worker", "--port", str(port),
         "--model", str(tiny_model_path)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None  # piped
    try:
        assert "caption worker for" in process.stdout.readline()
        picture = draw_picture([("blue", "triangle")])
        boundary = "captionist-test"
        body = (
            (
                f"--{boundary}\r\nContent-Disposition: form-data; name=image; filename=p.png\r\n"
                "Content-Type: image/png\r\n\r\n"
            ).encode()
            + png_bytes(picture)
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/v1/captions", data=body, method="POST",
            headers={"Authorization": "Bearer t0ken",
                     "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )  # fmt: skip
        deadline = time.monotonic() + 60
        with urllib.request.urlopen(request, timeout=deadline - time.monotonic()) as response:
            assert json.loads(response.read())["captions"] == ["a blue triangle"]
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port another program is listening on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def _port_error(result: subprocess.CompletedProcess[str], setting: str) -> str:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert "already in use" in line and f"set {setting} to a free port" in line, line
    return line


def test_a_taken_web_port_is_one_line_naming_web_port(tmp_path, tiny_model_path, taken_port):
    result = run_cli(
        tmp_path=tmp_path, WEB_PORT=str(taken_port), CAPTION_MODEL=str(tiny_model_path)
    )
    line = _port_error(result, "WEB_PORT")
    assert line.startswith(f"error: web chat: http://127.0.0.1:{taken_port} is already in use")


def test_a_taken_metrics_port_is_one_line_naming_it(tmp_path, tiny_model_path, taken_port):
    result = run_cli(
        tmp_path=tmp_path, WEB_PORT="0", METRICS_PORT=str(taken_port),
        CAPTION_MODEL=str(tiny_model_path),
    )  # fmt: skip
    assert f"127.0.0.1:{taken_port}" in _port_error(result, "METRICS_PORT")


async def test_a_taken_webhook_port_is_one_line_naming_it(tmp_path, tiny_model_path, taken_port):
    from tests.adapters.telegram.fake_bot_api import FakeBotAPI

    api = await FakeBotAPI().start()
    try:
        environment = bot_environment(
            tmp_path, api, tiny_model_path,
            TELEGRAM_WEBHOOK_URL="https://bot.example.org/telegram",
            TELEGRAM_WEBHOOK_PORT=str(taken_port),
        )  # fmt: skip
        # In a thread: this loop serves the fake Bot API the bot talks to meanwhile.
        result = await asyncio.to_thread(
            subprocess.run, [sys.executable, str(ROOT / "main.py")], cwd=tmp_path,
            env=environment, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        await api.stop()
    line = _port_error(result, "TELEGRAM_WEBHOOK_PORT")
    assert line.startswith(f"error: Telegram webhook: 127.0.0.1:{taken_port} is already in use")
    assert api.token not in result.stderr


def test_a_taken_worker_port_is_one_line_naming_the_option(tmp_path, tiny_model_path, taken_port):
    result = run_cli(
        "worker", "--port", str(taken_port), "--model", str(tiny_model_path), tmp_path=tmp_path
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: worker: http://127.0.0.1:{taken_port} is already in use (by another program, "
        "or another Captionist); choose a free port with --port, or stop what is using it"
    )
