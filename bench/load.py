"""Load on a real `main.py` through a loopback Telegram Bot API: is every message answered once,
in order, in time, through a restart and a crash?

Pushes `--updates` Telegram updates (photos, and follow-ups such as "/style funny" and "what is on
the left?") across `--chats` private chats at `--rate` updates/s, optionally sends SIGTERM
(`--restart`) and SIGKILL (`--crash`) to the bot mid-run and starts it again, then waits for the
answers. Prints progress and the figures, and writes them as JSON.

With `--fault db-restart|disk-full|worker-kill` (bench/faults.py), a dependency fails halfway
through for `--fault-seconds` and comes back; `--busy N` keeps N more processes spinning on the
CPU meanwhile, as a shared machine would.

With `--instances N`, N bots serve Telegram's webhook instead of polling (polling cannot be
shared: Telegram refuses concurrent getUpdates), behind a load balancer that spreads updates
round-robin and tries the next bot when one fails; each chat's updates go one after the other.
Several instances need PostgreSQL (`--database`); `--restart`/`--crash` stop the first one.

    python -m bench.load [--updates 1200] [--rate 25] [--restart] [--crash] [--instances 2]
                         [--database postgresql://...] [--model tests/fixtures/tiny-captioner]
                         [--fault db-restart|disk-full|worker-kill] [--fault-seconds S] [--busy N]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from adapters.telegram.intake import derived_webhook_secret
from bench.faults import DEFAULT_SECONDS, FAULTS, Busy, Fault, make_fault
from bench.load_figures import Sent, Stop, summarise
from tests.adapters.telegram.fake_bot_api import FakeBotAPI
from tests.adapters.telegram.webhook_balancer import Balancer
from tests.pictures import draw_picture
from tests.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
FOLLOW_UPS = ("/style funny", "what is on the left?", "again", "shorter please")
COLOURS = ("red", "green", "blue", "yellow")
SHAPES = ("circle", "square", "triangle")


def jpeg(image: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def make_pictures(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    pictures = []
    for _ in range(count):
        shapes = [(rng.choice(COLOURS), rng.choice(SHAPES)) for _ in range(rng.choice((1, 2)))]
        pictures.append(jpeg(draw_picture(shapes, size=(640, 480))))
    return pictures


def plan(updates: int, chats: int, follow_up_share: float, seed: int) -> list[tuple[int, str]]:
    """(chat, kind) for each update: every chat starts with a photo; follow-ups only after one."""
    rng = random.Random(seed)
    chat_ids = [10_000 + n for n in range(chats)]
    order: list[tuple[int, str]] = [(c, "photo") for c in chat_ids[: min(chats, updates)]]
    follow_ups = round(updates * follow_up_share)
    photos = updates - follow_ups - len(order)
    rest = ["photo"] * max(photos, 0) + ["follow-up"] * follow_ups
    rng.shuffle(rest)
    order += [(rng.choice(chat_ids), kind) for kind in rest]
    return order[:updates]


class Bot:
    """`python main.py` against the fake Bot API, started and stopped like an operator would."""

    def __init__(self, env: dict[str, str], log_path: Path, root: Path = ROOT):
        self.env = env
        self.log_path = log_path
        self.root = root
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""  # its webhook, in webhook mode

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, str(self.root / "main.py")],
            cwd=self.root,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    async def signal_and_wait(self, signum: int, timeout: float = 60) -> float:
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signum)
        deadline = started + timeout
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                self.process.kill()
                break
            await asyncio.sleep(0.02)
        return time.monotonic() - started

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


async def wait_ready(
    api: FakeBotAPI, since: float, bot: Bot, timeout: float = 180, count: int = 1
) -> float:
    """The bot is ready once it polls for updates after starting, or (webhook) once it has set
    its webhook; `count` bots started at `since`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = [c for c in api.calls if c.method in ("getUpdates", "setWebhook") and c.at >= since]
        if len(ready) >= count:
            return time.monotonic()
        if not bot.alive():
            raise SystemExit(f"error: the bot exited during start-up; see {bot.log_path}")
        await asyncio.sleep(0.05)
    raise SystemExit(f"error: the bot did not start within {timeout:.0f}s; see {bot.log_path}")


def collect(api: FakeBotAPI, sent: dict[tuple[int, int], Sent], seen: int) -> int:
    """Attach the replies in api.calls[seen:] to the updates they answer."""
    calls = api.calls
    for call in calls[seen:]:
        if call.method != "sendMessage":
            continue
        params = call.params
        reply = params.get("reply_parameters") or {}
        key = (int(params["chat_id"]), int(reply.get("message_id", -1)))
        target = sent.get(key)
        if target is not None:
            target.replies.append(call.at)
            target.texts.append(str(params.get("text", "")))
    return len(calls)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="captionist-load-"))
    fault: Fault | None = None
    if args.fault:
        base = {k: v for k, v in os.environ.items() if not k.startswith("CAPTION_")}
        fault = make_fault(args.fault, args.root, base | {"HF_HUB_OFFLINE": "1"}, workdir,
                           args.model)  # fmt: skip
    try:
        with Busy(args.busy):
            return await _run(args, workdir, fault)
    finally:
        if fault is not None:
            await fault.cleanup()


async def _run(args: argparse.Namespace, workdir: Path, fault: Fault | None) -> dict[str, Any]:
    database = args.database or f"sqlite+aiosqlite:///{workdir / 'load.db'}"
    if args.database:
        from storage import downgrade

        await downgrade(args.database, "base")  # a throwaway database: start from nothing
    uses = await fault.setup() if fault is not None else {}
    database = uses.pop("DATABASE_URL", database)
    api = await FakeBotAPI().start()
    pictures = make_pictures(args.pictures, args.seed)
    for number, data in enumerate(pictures):
        api.files[f"pic{number}"] = data
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAPTION_", "TELEGRAM_"))}
    env.update(
        HF_HUB_OFFLINE="1",
        CAPTION_MODEL=args.model,
        DATABASE_URL=database,
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_URL=api.api_url,
        TELEGRAM_FILE_URL=api.file_url,
        WEB_ENABLED="false",
        LOG_LEVEL=args.log_level,
        CAPTION_THREADS=str(args.threads),
        OCR_ENGINE=args.ocr,
        **uses,
    )
    bots = []
    for number in range(args.instances or 1):
        port = free_port()
        webhook = {"TELEGRAM_WEBHOOK_URL": "https://bot.invalid/telegram",
                   "TELEGRAM_WEBHOOK_PORT": str(port)} if args.instances else {}  # fmt: skip
        bots.append(Bot(env | webhook, workdir / f"bot-{number}.log", args.root))
        bots[-1].url = f"http://127.0.0.1:{port}/telegram"
    bot = bots[0]
    print(f"load: bot logs {workdir}/bot-*.log", file=sys.stderr)
    since = time.monotonic()
    for each in bots:  # at the same moment: they migrate one after the other
        each.start()
    await wait_ready(api, since, bot, count=len(bots))
    # Webhook: one delivery at a time per chat (in order), chats in parallel.
    balancer = Balancer([b.url for b in bots], derived_webhook_secret(api.token), attempts=3000)
    balancer.open()
    deliveries: dict[int, asyncio.Task[int]] = {}

    async def deliver(update_id: int, after: asyncio.Task[int] | None) -> int:
        if after is not None:
            await asyncio.wait({after})
        return await balancer.deliver(api.update(update_id))

    order = plan(args.updates, args.chats, args.follow_ups, args.seed)
    restart_at = len(order) // 3 if args.restart else -1
    crash_at = 2 * len(order) // 3 if args.crash else -1
    fault_at = len(order) // 2 if fault is not None else -1
    fault_window: asyncio.Task[None] | None = None
    rng = random.Random(args.seed + 1)
    sent: dict[tuple[int, int], Sent] = {}
    in_order: list[Sent] = []
    stops: list[Stop] = []
    seen = 0
    message_ids = iter(range(1, 10**9))
    started = time.monotonic()
    last_progress = started
    interrupt: asyncio.Task[None] | None = None

    async def interrupt_bot(kind: str) -> None:
        at = time.monotonic()
        signum = signal.SIGTERM if kind == "restart" else signal.SIGKILL
        exit_seconds = await bot.signal_and_wait(signum)
        stop = Stop(kind, at, exit_seconds)
        stops.append(stop)
        print(f"load: {kind}: the bot exited {exit_seconds:.2f}s after the signal", file=sys.stderr)
        restarted = time.monotonic()
        bot.start()
        stop.ready_at = await wait_ready(api, restarted, bot)

    async def inject(fault: Fault) -> None:
        at = time.monotonic()
        await fault.inject()
        print(f"load: {fault.name}: for {args.fault_seconds:.0f}s", file=sys.stderr)
        await asyncio.sleep(max(0.0, at + args.fault_seconds - time.monotonic()))
        await fault.heal()
        stops.append(Stop(fault.name, at, 0.0, ready_at=time.monotonic()))
        print(f"load: {fault.name}: healed", file=sys.stderr)

    for index, (chat_id, kind) in enumerate(order):
        due = started + index / args.rate
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        if index == fault_at and fault is not None:
            fault_window = asyncio.create_task(inject(fault))
        if index in (restart_at, crash_at):
            if interrupt is not None:
                await interrupt
            interrupt = asyncio.create_task(
                interrupt_bot("restart" if index == restart_at else "crash")
            )
        message_id = next(message_ids)
        chat = {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
        user = {"id": chat_id, "is_bot": False, "first_name": f"User{chat_id}"}
        payload: dict[str, Any] = {
            "message_id": message_id, "date": int(time.time()), "chat": chat, "from": user,
        }  # fmt: skip
        if kind == "photo":
            file_id = f"pic{rng.randrange(len(pictures))}"
            payload["photo"] = [
                {"file_id": file_id, "file_unique_id": file_id, "width": 640, "height": 480,
                 "file_size": len(api.files[file_id])},
            ]  # fmt: skip
        else:
            text = rng.choice(FOLLOW_UPS)
            payload["text"] = text
            if text.startswith("/"):
                payload["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
                ]
        pushed_at = time.monotonic()
        update_id = api.push("message", payload)
        if args.instances:
            deliveries[chat_id] = asyncio.create_task(deliver(update_id, deliveries.get(chat_id)))
        item = Sent(update_id, chat_id, message_id, kind, pushed_at)
        sent[(chat_id, message_id)] = item
        in_order.append(item)
        if time.monotonic() - last_progress >= 5:
            last_progress = time.monotonic()
            seen = collect(api, sent, seen)
            done = sum(1 for s in in_order if s.replies)
            print(f"load: pushed {len(in_order)}/{len(order)}, answered {done}, "
                  f"backlog {len(in_order) - done}", file=sys.stderr)  # fmt: skip
    if interrupt is not None:
        await interrupt
    if fault_window is not None:
        await fault_window
    if deliveries:
        await asyncio.gather(*deliveries.values())

    # Drain: wait until everything is answered, or nothing has moved for --drain-timeout.
    progress_at, answered = time.monotonic(), -1
    while True:
        seen = collect(api, sent, seen)
        done = sum(1 for s in in_order if s.replies)
        if done != answered:
            progress_at, answered = time.monotonic(), done
        if done == len(in_order) or time.monotonic() - progress_at > args.drain_timeout:
            break
        if time.monotonic() - last_progress >= 5:
            last_progress = time.monotonic()
            print(f"load: draining, answered {done}/{len(in_order)}", file=sys.stderr)
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)  # late duplicates count too
    collect(api, sent, seen)
    exit_seconds = max([await b.signal_and_wait(signal.SIGTERM) for b in bots])
    await balancer.close()
    figures = summarise(in_order, stops, started, api, args)
    figures["final_stop_s"] = exit_seconds
    if args.instances:
        taken = balancer.delivered_to
        figures["delivered_per_instance"] = [taken.count(n) for n in range(len(bots))]
    await api.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=1200)
    parser.add_argument("--rate", type=float, default=25.0, help="updates per second")
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--follow-ups", type=float, default=1 / 6, help="share of follow-ups")
    parser.add_argument("--pictures", type=int, default=48, help="distinct pictures")
    parser.add_argument("--restart", action="store_true", help="SIGTERM and restart at 1/3")
    parser.add_argument("--crash", action="store_true", help="SIGKILL and restart at 2/3")
    parser.add_argument("--database", help="a throwaway database URL (default: a new SQLite)")
    parser.add_argument(
        "--instances",
        type=int,
        help="bots on the webhook behind a load balancer (default: one, polling)",
    )
    parser.add_argument("--fault", choices=FAULTS, help="a dependency that fails halfway")
    parser.add_argument("--fault-seconds", type=float, help="how long the fault lasts")
    parser.add_argument("--busy", type=int, default=0, help="processes spinning on the CPU")
    parser.add_argument("--threads", type=int, default=0, help="CAPTION_THREADS (0: torch's)")
    parser.add_argument(
        "--ocr", default="off", choices=("off", "auto", "rapidocr", "tesseract"),
        help="OCR_ENGINE for the bot (off: the figures are the pipeline's, not text reading's)",
    )  # fmt: skip
    parser.add_argument("--model", default=str(ROOT / "tests" / "fixtures" / "tiny-captioner"))
    parser.add_argument("--drain-timeout", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the checkout whose main.py runs (a baseline)"
    )
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("--out", type=Path, help="JSON file (default: bench/results/)")
    args = parser.parse_args()
    if args.updates < 1 or args.rate <= 0 or args.chats < 1:
        parser.error("--updates, --rate and --chats must be positive")
    if args.fault and args.fault_seconds is None:
        args.fault_seconds = DEFAULT_SECONDS[args.fault]
    if args.fault and args.database:
        parser.error("--fault brings its own database (db-restart) or needs SQLite (disk-full)")
    if args.instances is not None and args.instances < 1:
        parser.error("--instances must be positive")
    if (args.instances or 1) > 1 and not args.database:
        parser.error("several instances need PostgreSQL: give --database postgresql://...")
    figures = asyncio.run(run(args))
    out = args.out or ROOT / "bench" / "results" / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))
    print(json.dumps({k: v for k, v in figures.items() if not k.endswith("examples")}, indent=2))
    print(
        f"load: {figures['answered']}/{figures['updates']} answered at "
        f"{figures['handled_rate']:.1f} updates/s (offered {figures['offered_rate']:.1f}); "
        f"p50 {figures['latency_p50_s']:.2f}s p95 {figures['latency_p95_s']:.2f}s outside stops "
        f"(all: p95 {figures['latency_p95_all_s']:.2f}s); "
        f"lost {figures['lost']}, duplicated {figures['duplicated']}"
        f"{_crash_window(figures['duplicated_before_crash_ms'])}, "
        f"misordered {figures['misordered']}, error replies {figures['error_replies']}; "
        f"stops {[round(s['exit_seconds'], 2) for s in figures['stops']]} s, down "
        f"{[round(s['down_s'], 1) for s in figures['stops']]} s, catch-up "
        f"{[round(s['catch_up_s'], 1) for s in figures['stops']]} s, "
        f"resumed {[round(s['resume_s'], 2) for s in figures['stops']]} s after each; "
        f"final stop {figures['final_stop_s']:.2f}s; "
        f"per instance {figures.get('delivered_per_instance', 'polling')}; written to {out}"
    )


def _crash_window(gaps: list[float | None]) -> str:
    if not gaps:
        return ""
    said = ", ".join("not before a crash" if g is None else f"{g:.0f} ms" for g in gaps)
    return f" (first reply sent before the SIGKILL: {said})"


if __name__ == "__main__":
    main()
