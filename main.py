"""Captionist's command line: `python main.py [run|caption|evaluate|train|shapes|db] ...`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.lifecycle import Platforms
    from bot.config import Settings

log = logging.getLogger("captionist")


def _quiet_libraries() -> None:
    # Progress bars and hub retry chatter would drown the one line an operator needs.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    logging.getLogger("huggingface_hub").setLevel(logging.ERROR)
    # httpx logs every request URL at INFO, and Telegram's URLs carry the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpx2").setLevel(logging.WARNING)
    # Migrations announce their context and every step at INFO; start-up says what matters.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("discord").setLevel(logging.WARNING)
    # The openai client logs request details at INFO/DEBUG; failures are logged by bot.llm.
    logging.getLogger("openai").setLevel(logging.WARNING)


def _setup_logging(level: str, settings: Settings) -> None:
    from bot.logs import redactable, setup_logging

    secrets = [
        s.get_secret_value()
        for s in (
            settings.telegram_bot_token,
            settings.discord_bot_token,
            settings.caption_worker_token,
            settings.telegram_webhook_secret,
            settings.llm_api_key,
            settings.web_session_secret,
        )
        if s is not None
    ]
    if settings.telegram_bot_token is not None and settings.telegram_webhook_url:
        # The webhook's secret derived from the token (PTB logs setWebhook's parameters).
        from adapters.telegram.intake import derived_webhook_secret

        secrets.append(derived_webhook_secret(settings.telegram_bot_token.get_secret_value()))
    _SECRETS[:] = redactable(secrets)
    setup_logging(level, settings.log_format, secrets)


# The secrets the log redacts; printed lines are redacted too (PTB's InvalidToken quotes the
# token it was given).
_SECRETS: list[str] = []


def _announce(settings: Settings, text: str, *, error: bool = False) -> None:
    """A line for the operator: printed, or with LOG_FORMAT=json a log record like the rest."""
    from bot.logs import redact

    text = redact(text, _SECRETS)
    if settings.log_format == "json":
        log.log(logging.ERROR if error else logging.INFO, text)
    else:
        print(text, file=sys.stderr if error else sys.stdout, flush=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Captionist: a chatbot that captions the photos people post.",
    )
    commands = parser.add_subparsers(dest="command")

    run = commands.add_parser("run", help="serve the configured platforms (the default)")
    run.add_argument("--model", help="captioning model: hub id, folder or random:vit-gpt2")

    caption = commands.add_parser(
        "caption",
        help="caption image files",
        description="Caption image files, and the pictures in folders (at any depth). One "
        "file prints its caption; several files or a folder print FILE<TAB>caption lines.",
    )
    caption.add_argument("images", nargs="+", metavar="FILE", help="image files or folders")
    caption.add_argument("--model", help="captioning model: hub id, folder or random:vit-gpt2")
    caption.add_argument("--json", action="store_true", help="one JSON object per line")
    caption.add_argument("--beams", type=int, default=4)
    caption.add_argument("--max-new-tokens", type=int, default=16)
    caption.add_argument("--prefix", default="", help="text the caption must start with")
    caption.add_argument("--sample", action="store_true", help="sample instead of beam search")
    caption.add_argument("--temperature", type=float, default=1.0)
    caption.add_argument("--top-p", type=float, default=1.0)
    caption.add_argument("--seed", type=int)
    caption.add_argument("--candidates", type=int, default=1, help="captions per image")

    from bot.cli.evaluate import add_evaluate_arguments
    from bot.cli.train import add_shapes_arguments, add_train_arguments

    add_evaluate_arguments(
        commands.add_parser("evaluate", help="score a model's captions on a test set")
    )

    add_train_arguments(commands.add_parser("train", help="fine-tune a captioner"))
    add_shapes_arguments(
        commands.add_parser("shapes", help="write a synthetic shapes captioning data set")
    )

    from bot.cli.feedback import add_feedback_arguments

    add_feedback_arguments(
        commands.add_parser("feedback", help="export people's ratings and corrections, or stats")
    )

    worker = commands.add_parser("worker", help="serve captioning over HTTP for other bots")
    worker.add_argument("--host", default="127.0.0.1")
    worker.add_argument("--port", type=int, default=8090)
    worker.add_argument("--model", help="captioning model: hub id, folder or random:vit-gpt2")
    worker.add_argument(
        "--ray", action="store_true", help="serve on Ray Serve (RAY_ADDRESS, or Ray started here)"
    )
    worker.add_argument("--replicas", type=int, help="with --ray: this many replicas")
    worker.add_argument("--min-replicas", type=int, help="with --ray: autoscale from this many")
    worker.add_argument("--max-replicas", type=int, help="with --ray: autoscale up to this many")

    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply migrations up to the newest schema")
    return parser


def _caption(args: argparse.Namespace) -> int:
    from bot.captioning.options import CaptionOptions
    from bot.cli.caption import run_caption

    options = CaptionOptions(
        num_beams=1 if args.sample else args.beams,
        do_sample=args.sample,
        temperature=args.temperature,
        top_p=args.top_p,
        seed=args.seed,
        max_new_tokens=args.max_new_tokens,
        num_return_sequences=args.candidates,
        prefix=args.prefix,
    )
    return run_caption(args.images, _settings(args), options, args.json)


def _settings(args: argparse.Namespace) -> Settings:
    from bot.config import Settings

    overrides = {"caption_model": args.model} if getattr(args, "model", None) else {}
    return Settings(**overrides)


def _feedback(args: argparse.Namespace) -> int:
    from bot.cli.feedback import run_feedback

    return run_feedback(args, _settings(args))


def _db(args: argparse.Namespace) -> int:
    from storage.database import upgrade_database

    settings = _settings(args)
    upgrade_database(settings.database_url)
    print(f"database at {settings.database_url} is up to date")
    return 0


def _run(args: argparse.Namespace) -> int:
    from storage.database import upgrade_database

    settings = _settings(args)
    if settings.telegram_bot_token or settings.discord_bot_token or settings.web_enabled:
        import asyncio

        return asyncio.run(_serve(settings))
    upgrade_database(settings.database_url)
    print("Captionist")
    print(f"  model:    {settings.caption_model}")
    print(f"  database: {settings.database_url} (schema up to date)")
    print("  web chat: off (WEB_ENABLED=false)")
    print("Nothing to serve: set TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN to run a bot, leave")
    print("WEB_ENABLED on for the local web chat, or caption from the command line:")
    print("python main.py caption photo.jpg")
    return 0


async def _serve(settings: Settings) -> int:
    """Run every configured platform on one core until SIGINT or SIGTERM."""
    import asyncio
    import signal

    from telegram.error import TelegramError

    from adapters.lifecycle import Platforms
    from bot.cli.listening import listen_problem
    from bot.core import Core
    from storage import AnotherInstance, hold_sqlite_file

    try:
        # Held until the process ends: a second bot on the same SQLite file is refused.
        instance_lock = hold_sqlite_file(settings.database_url)
    except AnotherInstance as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # Installed first: a SIGTERM during start-up stops the process once it is up, cleanly.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    platforms = Platforms(await Core.start(settings))
    core = platforms.core
    serving = False
    try:
        if settings.telegram_bot_token:
            from adapters.telegram import TelegramAdapter

            try:
                await platforms.add(TelegramAdapter(settings, core.intake))
            except (TelegramError, OSError) as exc:
                _announce(settings, f"error: {_telegram_problem(settings, exc)}", error=True)
                return 2
        if settings.discord_bot_token:
            error = await _start_discord(settings, platforms)
            if error:
                _announce(settings, f"error: Discord: {error}", error=True)
                return 2
        if settings.web_enabled:
            from adapters.web import WebAdapter

            web = WebAdapter(settings, core.intake, core.conversation)
            try:
                await platforms.add(web)
            except OSError as exc:
                problem = listen_problem("web chat", web.url, exc, "WEB_HOST", "WEB_PORT")
                _announce(settings, f"error: {problem}", error=True)
                return 2
            _announce(settings, f"Web chat: open {web.url} in a browser")
        try:
            await platforms.serve()
        except OSError as exc:
            where = f"http://{settings.metrics_host}:{settings.metrics_port}"
            problem = listen_problem(
                "/healthz and /metrics", where, exc, "METRICS_HOST", "METRICS_PORT"
            )
            _announce(settings, f"error: {problem}", error=True)
            return 2
        serving = True
        count = len(platforms.started)
        if platforms.status is not None:
            _announce(settings, f"Health and metrics: {platforms.status.url}/healthz, /metrics")
        _announce(settings, f"Captionist is serving {count} platform(s); Ctrl+C stops it.")
        await stop.wait()
        return 0
    finally:
        seconds = await platforms.stop()
        if serving:
            log.info("stopped in %.1fs", seconds)
        if instance_lock is not None:
            instance_lock.close()


def _telegram_problem(settings: Settings, exc: Exception) -> str:
    """Why the Telegram adapter did not start: its webhook's port, or else most likely the token."""
    from bot.cli.listening import LISTEN_ERRNOS, listen_problem

    if isinstance(exc, OSError) and settings.telegram_webhook_url and exc.errno in LISTEN_ERRNOS:
        where = f"{settings.telegram_webhook_listen}:{settings.telegram_webhook_port}"
        return listen_problem(
            "Telegram webhook", where, exc, "TELEGRAM_WEBHOOK_LISTEN", "TELEGRAM_WEBHOOK_PORT"
        )
    return f"Telegram: {exc} (check TELEGRAM_BOT_TOKEN)"


async def _start_discord(settings: Settings, platforms: Platforms) -> str | None:
    """Start the Discord adapter; what went wrong, in one line, otherwise."""
    import discord

    from adapters.discord import DiscordAdapter

    try:
        core = platforms.core
        adapter = DiscordAdapter(settings, core.intake)
    except ValueError as exc:  # shard settings that do not fit together
        return str(exc)
    try:
        await platforms.add(adapter)
    except discord.LoginFailure:
        return "the token was refused (check DISCORD_BOT_TOKEN)"
    except (discord.DiscordException, OSError) as exc:
        return f"could not connect: {exc}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "run"
    from pydantic import ValidationError

    from bot.captioning.captioner import ModelLoadError
    from bot.captioning.options import OptionsError
    from bot.config import Settings
    from bot.training.data import DataError

    try:
        settings = Settings()
        level = settings.log_level
        if command in ("caption", "evaluate") and "LOG_LEVEL" not in os.environ:
            # stdout is the captions or the table, stderr one line per problem: no chatter
            level = "WARNING"
        _setup_logging(level, settings)
        _quiet_libraries()
        handlers = {
            "run": _run,
            "caption": _caption,
            "evaluate": _evaluate,
            "train": _train,
            "shapes": _shapes,
            "db": _db,
            "feedback": _feedback,
            "worker": _worker,
        }
        return handlers[command](args)
    except (ModelLoadError, OptionsError, DataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]).upper()
        print(f"error: setting {field}: {first['msg']}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _worker(args: argparse.Namespace) -> int:
    import asyncio

    from bot.cli.listening import LISTEN_ERRNOS, listen_problem

    problem = _replicas_problem(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        if args.ray:
            return _worker_on_ray(args)
        from adapters.worker.server import serve

        asyncio.run(serve(_settings(args), args.host, args.port))
    except OSError as exc:
        if exc.errno not in LISTEN_ERRNOS:
            raise
        where = f"http://{args.host}:{args.port}"
        print(f"error: {listen_problem('worker', where, exc, '--host', '--port')}", file=sys.stderr)
        return 2
    return 0


def _replicas_problem(args: argparse.Namespace) -> str | None:
    given = {"--replicas": args.replicas, "--min-replicas": args.min_replicas,
             "--max-replicas": args.max_replicas}  # fmt: skip
    named = [name for name, value in given.items() if value is not None]
    if named and not args.ray:
        return f"{named[0]} needs --ray (the own worker is one process with one engine)"
    if args.replicas is not None and len(named) > 1:
        return "give --replicas N, or --min-replicas A --max-replicas B for autoscaling, not both"
    if any(value is not None and value < 0 for value in given.values()):
        return "replica counts cannot be negative"
    if args.replicas == 0 or args.max_replicas == 0:
        return "at least one replica is needed (--replicas, --max-replicas)"
    if (args.min_replicas or 0) > (args.max_replicas or max(args.min_replicas or 1, 1)):
        return "--min-replicas cannot be above --max-replicas"
    return None


def _worker_on_ray(args: argparse.Namespace) -> int:
    from adapters.ray_serve.auth import send_cluster_token

    send_cluster_token(os.environ.get("RAY_ADDRESS") or None)
    # Ray is an extra (pip install '.[ray]'); only this command imports it.
    try:
        from adapters.ray_serve.run import DeployFailed, Replicas, serve_on_ray
    except ImportError as exc:
        print(f"error: --ray needs Ray Serve ({exc}); pip install '.[ray]'", file=sys.stderr)
        return 2
    settings = _settings(args)
    replicas = Replicas(args.replicas, args.min_replicas, args.max_replicas)
    try:
        serve_on_ray(settings, args.host, args.port, replicas, lambda t: _announce(settings, t))
    except DeployFailed as exc:
        _announce(settings, f"error: the caption service could not be deployed: {exc}", error=True)
        return 2
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from bot.cli.evaluate import run_evaluate

    return run_evaluate(args)


def _train(args: argparse.Namespace) -> int:
    from bot.cli.train import run_train

    return run_train(args)


def _shapes(args: argparse.Namespace) -> int:
    from bot.cli.train import run_shapes

    return run_shapes(args)


if __name__ == "__main__":
    sys.exit(main())
