"""A fine-tuning loop for any VisionEncoderDecoder captioner: progress, checkpoints, validation
loss, and a saved folder that `--model` loads. It serves a tiny CPU model and COCO on a GPU."""

from __future__ import annotations

import contextlib
import json
import math
import random
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch.utils.data import DataLoader

from bot.training.assemble import Parts
from bot.training.data import CaptionDataset, Collator, Example, Pair

Progress = Callable[[str], None]


@dataclass(frozen=True)
class TrainConfig:
    out: Path
    steps: int = 2000
    batch_size: int = 32
    learning_rate: float = 5e-4
    weight_decay: float = 0.01
    warmup_steps: int = 100
    grad_accumulation: int = 1
    max_grad_norm: float = 1.0
    max_caption_tokens: int = 32
    eval_every: int = 500
    save_every: int = 1000
    keep_checkpoints: int = 2
    checkpoint_dir: Path | None = None
    log_every: int = 50
    eval_generate: int = 64
    seed: int = 0
    device: str = "auto"
    precision: str = "fp32"  # fp32, bf16 or fp16 (autocast; fp16 only on CUDA)
    num_workers: int = 0
    cache_pixels: bool = True

    @property
    def checkpoints(self) -> Path:
        return self.checkpoint_dir or self.out / "checkpoints"


@dataclass
class TrainReport:
    steps: int
    train_loss: float
    val_loss: float | None
    val_exact: float | None
    seconds: float
    history: list[dict[str, float]] = field(default_factory=list)


def _device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def _autocast(device: torch.device, precision: str) -> contextlib.AbstractContextManager[Any]:
    if precision == "fp32":
        return contextlib.nullcontext()
    dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}[precision]
    return torch.autocast(device_type=device.type, dtype=dtype)


def _schedule(step: int, config: TrainConfig) -> float:
    """Linear warm-up, then cosine decay to a tenth of the peak rate."""
    if step < config.warmup_steps:
        return (step + 1) / config.warmup_steps
    span = max(1, config.steps - config.warmup_steps)
    progress = min(1.0, (step - config.warmup_steps) / span)
    return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress))


def _batches(loader: DataLoader[Example]) -> Iterator[dict[str, torch.Tensor]]:
    while True:  # step-based training: epochs are an implementation detail of the loader
        yield from loader


def normalise(text: str) -> str:
    return " ".join(text.lower().strip().rstrip(".").split())


class Trainer:
    def __init__(
        self,
        parts: Parts,
        train: list[Pair],
        val: list[Pair],
        config: TrainConfig,
        progress: Progress = print,
    ):
        self.parts = parts
        self.config = config
        self.progress = progress
        self.device = _device(config.device)
        if config.precision == "fp16" and self.device.type != "cuda":
            raise ValueError("fp16 training needs CUDA; use bf16 or fp32 on a CPU")
        self.train_set = CaptionDataset(train, parts.image_processor, cache=config.cache_pixels)
        self.val_set = CaptionDataset(val, parts.image_processor, cache=config.cache_pixels)
        tokenizer = parts.tokenizer
        self.train_loader = DataLoader(
            self.train_set,
            batch_size=config.batch_size,
            shuffle=True,
            num_workers=config.num_workers,
            collate_fn=Collator(tokenizer, config.max_caption_tokens, "random", config.seed),
            generator=torch.Generator().manual_seed(config.seed),
            drop_last=len(self.train_set) > config.batch_size,
        )
        self.val_loader = DataLoader(
            self.val_set,
            batch_size=config.batch_size,
            collate_fn=Collator(tokenizer, config.max_caption_tokens, "first", config.seed),
        )
        # transformers decorates `to` with functools.wraps, which mypy cannot bind as a method.
        model = parts.model.to(self.device)  # type: ignore[arg-type]
        decay = [p for n, p in model.named_parameters() if p.ndim >= 2]
        no_decay = [p for n, p in model.named_parameters() if p.ndim < 2]
        self.optimizer = torch.optim.AdamW(
            [
                {"params": decay, "weight_decay": config.weight_decay},
                {"params": no_decay, "weight_decay": 0.0},
            ],
            lr=config.learning_rate,
        )
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(
            self.optimizer, lambda step: _schedule(step, config)
        )
        self.scaler = torch.amp.GradScaler(enabled=config.precision == "fp16")
        self.step = 0

    # -- evaluation -----------------------------------------------------------------------------

    @torch.inference_mode()
    def validation_loss(self) -> float | None:
        if len(self.val_set) == 0:
            return None
        model = self.parts.model.eval()
        total, count = 0.0, 0
        for batch in self.val_loader:
            batch = {k: v.to(self.device) for k, v in batch.items()}
            with _autocast(self.device, self.config.precision):
                loss = model(**batch).loss
            total += float(loss) * batch["labels"].shape[0]
            count += batch["labels"].shape[0]
        model.train()
        return total / count

    @torch.inference_mode()
    def exact_match(self, limit: int) -> float | None:
        """Share of validation images whose beam-search caption equals one of its references."""
        if limit <= 0 or len(self.val_set) == 0:
            return None
        model = self.parts.model.eval()
        indices = list(range(min(limit, len(self.val_set))))
        hits = 0
        for start in range(0, len(indices), self.config.batch_size):
            chunk = indices[start : start + self.config.batch_size]
            pixels = torch.stack([self.val_set.pixels(i) for i in chunk]).to(self.device)
            output = model.generate(
                pixel_values=pixels, num_beams=4, max_new_tokens=self.config.max_caption_tokens
            )
            texts = self.parts.tokenizer.batch_decode(output, skip_special_tokens=True)
            for index, text in zip(chunk, texts, strict=True):
                references = {normalise(c) for c in self.val_set.pairs[index].captions}
                hits += normalise(text) in references
        model.train()
        return hits / len(indices)

    # -- persistence ----------------------------------------------------------------------------

    def save_model(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.parts.model.save_pretrained(folder)
        self.parts.image_processor.save_pretrained(folder)
        self.parts.tokenizer.save_pretrained(folder)

    def save_checkpoint(self) -> Path:
        folder = self.config.checkpoints / f"step-{self.step:07d}"
        self.save_model(folder)
        torch.save(
            {
                "step": self.step,
                "optimizer": self.optimizer.state_dict(),
                "scheduler": self.scheduler.state_dict(),
                "scaler": self.scaler.state_dict(),
            },
            folder / "trainer_state.pt",
        )
        old = sorted(self.config.checkpoints.glob("step-*"))[: -self.config.keep_checkpoints]
        for stale in old:
            shutil.rmtree(stale, ignore_errors=True)
        return folder

    def resume(self, checkpoint: Path) -> None:
        """Continue from a checkpoint folder written by `save_checkpoint` (model weights come from
        loading that folder with --init; this restores optimiser, schedule and step)."""
        state = torch.load(checkpoint / "trainer_state.pt", map_location=self.device)
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        self.scaler.load_state_dict(state["scaler"])
        self.step = int(state["step"])

    # -- the loop -------------------------------------------------------------------------------

    def run(self) -> TrainReport:
        config = self.config
        random.seed(config.seed)
        torch.manual_seed(config.seed)
        model = self.parts.model.train()
        started = time.perf_counter()
        history: list[dict[str, float]] = []
        running, running_count, seen = 0.0, 0, 0
        window_start = time.perf_counter()
        batches = _batches(self.train_loader)
        self.progress(
            f"training {sum(p.numel() for p in model.parameters()) / 1e6:.2f}M parameters on "
            f"{len(self.train_set)} images ({len(self.val_set)} for validation), device "
            f"{self.device}, {config.precision}, {config.steps} steps of {config.batch_size}"
        )
        val_loss: float | None = None
        while self.step < config.steps:
            self.optimizer.zero_grad(set_to_none=True)
            for _ in range(config.grad_accumulation):
                batch = {k: v.to(self.device) for k, v in next(batches).items()}
                with _autocast(self.device, config.precision):
                    loss = model(**batch).loss / config.grad_accumulation
                self.scaler.scale(loss).backward()
                running += float(loss.detach()) * config.grad_accumulation
                running_count += 1
                seen += batch["labels"].shape[0]
            self.scaler.unscale_(self.optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.max_grad_norm)
            self.scaler.step(self.optimizer)
            self.scaler.update()
            self.scheduler.step()
            self.step += 1

            if self.step % config.log_every == 0 or self.step == config.steps:
                elapsed = time.perf_counter() - window_start
                rate = seen / elapsed if elapsed else 0.0
                eta = (config.steps - self.step) * elapsed / max(1, config.log_every)
                self.progress(
                    f"step {self.step}/{config.steps}  loss {running / running_count:.4f}  "
                    f"lr {self.scheduler.get_last_lr()[0]:.2e}  {rate:.0f} img/s  eta {eta:.0f}s"
                )
                history.append({"step": self.step, "train_loss": running / running_count})
                running, running_count, seen = 0.0, 0, 0
                window_start = time.perf_counter()
            if self.step % config.eval_every == 0 or self.step == config.steps:
                val_loss = self.validation_loss()
                if val_loss is not None:
                    self.progress(f"step {self.step}  validation loss {val_loss:.4f}")
                    history.append({"step": self.step, "val_loss": val_loss})
            if self.step % config.save_every == 0 and self.step < config.steps:
                self.progress(f"checkpoint {self.save_checkpoint()}")

        val_exact = self.exact_match(config.eval_generate)
        if val_exact is not None:
            self.progress(f"validation exact match {val_exact:.1%}")
        self.save_model(config.out)
        train_loss = next(
            (h["train_loss"] for h in reversed(history) if "train_loss" in h), float("nan")
        )
        report = TrainReport(
            steps=self.step,
            train_loss=train_loss,
            val_loss=val_loss,
            val_exact=val_exact,
            seconds=time.perf_counter() - started,
            history=history,
        )
        summary = {
            "config": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()},
            "report": asdict(report),
        }
        (config.out / "training.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
        self.progress(f"saved {config.out} ({report.seconds:.0f}s)")
        return report
