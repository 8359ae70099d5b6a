"""What `bench.load` measured: the updates it pushed, the stops, and the figures it reports."""

from __future__ import annotations

import argparse
import itertools
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tests.adapters.telegram.fake_bot_api import FakeBotAPI

# Replies that mean the bot failed someone rather than answered them.
ERROR_MARKS = (
    "went wrong",
    "restarting",
    "a lot of pictures right now",
    "took too long",
    "unavailable",
    "couldn't download",
)


@dataclass
class Sent:
    """One update the bench pushed, and what came back for it."""

    update_id: int
    chat_id: int
    message_id: int
    kind: str  # photo or follow-up
    pushed_at: float
    replies: list[float] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class Stop:
    kind: str  # restart (SIGTERM), crash (SIGKILL), or a fault (bench.faults)
    at: float
    exit_seconds: float
    ready_at: float = 0.0
    # When replies were prompt again: what piled up while the bot was down is answered within
    # Telegram's 30 messages/s, so a backlog takes a while to clear.
    recovered_at: float = 0.0


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timeline(sent: list[Sent], started: float, bucket: float = 5.0) -> list[dict[str, float]]:
    """Per `bucket` seconds of pushing: updates pushed, and their reply latency p50/p95."""
    rows: dict[int, list[float]] = {}
    for s in sent:
        latency = s.replies[0] - s.pushed_at if s.replies else float("inf")
        rows.setdefault(int((s.pushed_at - started) // bucket), []).append(latency)
    return [
        {"from_s": k * bucket, "pushed": len(v), "p50_s": percentile(v, 0.5),
         "p95_s": percentile(v, 0.95)}
        for k, v in sorted(rows.items())
    ]  # fmt: skip


def recovered(sent: list[Sent], stop: Stop, prompt_s: float = 2.0, run: int = 25) -> float:
    """The push time from which `run` updates in a row were answered within `prompt_s` again."""
    after = [s for s in sent if s.pushed_at >= stop.ready_at]
    for index, first in enumerate(after):
        window = after[index : index + run]
        if all(s.replies and s.replies[0] - s.pushed_at <= prompt_s for s in window):
            return first.pushed_at
    return after[-1].pushed_at if after else stop.ready_at


def summarise(
    sent: list[Sent], stops: list[Stop], started: float, api: FakeBotAPI, args: argparse.Namespace
) -> dict[str, Any]:
    answered = [s for s in sent if s.replies]
    lost = [s for s in sent if not s.replies]
    duplicated = [s for s in sent if len(s.replies) > 1]
    errors = [s for s in sent if any(m in t.lower() for t in s.texts for m in ERROR_MARKS)]
    misordered = 0
    by_chat: dict[int, list[Sent]] = {}
    for s in sent:
        by_chat.setdefault(s.chat_id, []).append(s)
    for items in by_chat.values():
        firsts = [s.replies[0] for s in items if s.replies]
        misordered += sum(1 for a, b in itertools.pairwise(firsts) if b < a)

    for stop in stops:
        stop.recovered_at = recovered(sent, stop)

    def during_stop(s: Sent) -> bool:
        # Waiting while the bot stopped, was down or caught up: pushed before it recovered and
        # not answered before the stop began.
        return any(
            s.pushed_at <= stop.recovered_at and (not s.replies or s.replies[0] >= stop.at)
            for stop in stops
        )

    crashes = [stop.at for stop in stops if stop.kind == "crash"]

    def before_crash_ms(s: Sent) -> float | None:
        """How long before a SIGKILL the first of a duplicate's replies went out: the window the
        README names (sent, not yet marked done); negative when the request was already on its
        way as the signal went; None when no crash came near it."""
        gaps = [at - s.replies[0] for at in crashes if -0.1 <= at - s.replies[0] <= 1.0]
        return round(min(gaps, key=abs) * 1000, 1) if gaps else None

    steady = [s.replies[0] - s.pushed_at for s in answered if not during_stop(s)]
    everyone = [s.replies[0] - s.pushed_at for s in answered]
    last_reply = max((s.replies[0] for s in answered), default=started)
    pushed_for = sent[-1].pushed_at - started if sent else 0.0
    return {
        "config": {
            k: str(v) if isinstance(v, Path) else v
            for k, v in vars(args).items()
            if k != "out" and not k.startswith("_")
        },
        "updates": len(sent),
        "answered": len(answered),
        "lost": len(lost),
        "duplicated": len(duplicated),
        # Per duplicate: ms between its first reply and the SIGKILL that followed (None: not a
        # reply cut off by a crash, which would be a bug).
        "duplicated_before_crash_ms": [before_crash_ms(s) for s in duplicated],
        "misordered": misordered,
        "error_replies": len(errors),
        "offered_rate": len(sent) / pushed_for if pushed_for else 0.0,
        "handled_rate": len(answered) / (last_reply - started) if last_reply > started else 0.0,
        "latency_p50_s": percentile(steady, 0.50),
        "latency_p95_s": percentile(steady, 0.95),
        "latency_max_s": max(steady, default=float("nan")),
        "latency_p95_all_s": percentile(everyone, 0.95),
        "stops": [
            asdict(stop)
            | {
                "at": stop.at - started,
                "ready_at": stop.ready_at - started,
                "recovered_at": stop.recovered_at - started,
                "down_s": stop.ready_at - stop.at,
                "catch_up_s": stop.recovered_at - stop.ready_at,
                # From the bot (or the dependency) being back to its first reply after that.
                "resume_s": min(
                    (r - stop.ready_at for s in sent for r in s.replies if r >= stop.ready_at),
                    default=float("nan"),
                ),
            }
            for stop in stops
        ],
        "send_chat_actions": len(api.sent("sendChatAction")),
        "timeline": timeline(sent, started),
        "lost_examples": [asdict(s) for s in lost[:5]],
        "duplicated_examples": [
            asdict(s)
            | {"pushed_at": s.pushed_at - started, "replies": [r - started for r in s.replies]}
            for s in duplicated[:10]
        ],
        "error_examples": [t for s in errors[:5] for t in s.texts],
    }
