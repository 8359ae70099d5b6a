"""Loading a VisionEncoderDecoder captioner (hub id, local folder or `random:vit-gpt2`) and running
one synchronous `generate` over a batch. Only the engine's worker thread calls `generate`."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from PIL import Image
from torch import nn
from transformers import (
    AutoConfig,
    AutoImageProcessor,
    AutoTokenizer,
    GenerationConfig,
    GPT2Config,
    VisionEncoderDecoderModel,
    ViTConfig,
)
from transformers.modeling_outputs import BaseModelOutput
from transformers.models.vit.image_processing_pil_vit import ViTImageProcessorPil

from bot.captioning.allocator import keep_freed_memory, release_freed_memory
from bot.captioning.cpu_features import CpuFeatures
from bot.captioning.decoding.gpt2_cross import GPT2CrossDecoder, unsupported_reason
from bot.captioning.decoding.processors import unsupported_setting
from bot.captioning.decoding.search import beam_search, sample
from bot.captioning.download import fetch, hub_unreachable, offline_set
from bot.captioning.formats import FormatPlan, plan_for, uniform
from bot.captioning.model_build import from_configs
from bot.captioning.options import CaptionOptions
from bot.captioning.precision import PrecisionError, encoder_copy, float_dtype, resolve_precision
from bot.captioning.tokenizer import byte_level_tokenizer

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
# Shipped with the project (the tests' model): what a first run falls back to when the default
# model can be neither found nor downloaded.
BUNDLED_MODEL = ROOT / "tests" / "fixtures" / "tiny-captioner"
RANDOM_PREFIX = "random:"
RANDOM_ARCHITECTURES = ("vit-gpt2",)


class ModelLoadError(RuntimeError):
    """The model named by the operator cannot be used; the message says which and how to fix it."""


@dataclass(frozen=True)
class ModelInfo:
    name: str
    device: str
    dtype: str
    parameters: int
    meaningless: bool = False  # random weights: fine for timing, useless for captions
    demo: bool = False  # the bundled demo model: it knows only coloured shapes
    # Why the demo model answers instead of the configured one (a fallback), if it does.
    fallback_reason: str | None = None


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise ModelLoadError("CAPTION_DEVICE=cuda but no CUDA device is available; use auto or cpu")
    return torch.device(name)


def resolve_dtype(name: str, device: torch.device) -> str:
    """The number format `name` ("auto" included) means on `device`; see `precision`."""
    try:
        return resolve_precision(name, device)
    except PrecisionError as exc:
        raise ModelLoadError(f"CAPTION_DTYPE={name}: {exc}") from None


def _load_error(spec: str, reason: str, offline: bool = False) -> ModelLoadError:
    if _looks_local(spec):
        hint = (
            "Point --model or CAPTION_MODEL at a folder saved by save_pretrained "
            "or by `main.py train`."
        )
    else:
        folder = f"models/{spec.rsplit('/', 1)[-1]}"
        hint = (
            f"Download it where the hub is reachable (huggingface-cli download {spec} "
            f"--local-dir {folder}) and set CAPTION_MODEL={folder}"
        )
        if not offline:
            hint += ", or set HF_HUB_OFFLINE=1 to use a copy already in the local cache"
        hint += (
            f"; to try the bot meanwhile, CAPTION_MODEL={BUNDLED_MODEL.relative_to(ROOT)} is "
            "the bundled demo model (it knows only coloured shapes) and random:vit-gpt2 the "
            "full-size one with random weights (for speed tests)."
        )
    return ModelLoadError(f"cannot load captioning model '{spec}': {reason}. {hint}")


def _build_random(architecture: str) -> tuple[VisionEncoderDecoderModel, Any, Any]:
    if architecture != "vit-gpt2":
        raise ModelLoadError(
            f"unknown random architecture '{architecture}'; known: "
            + ", ".join(RANDOM_PREFIX + a for a in RANDOM_ARCHITECTURES)
        )
    # ViT-base/16 at 224 and GPT-2 124M with cross-attention: nlpconnect's architecture exactly.
    tokenizer = byte_level_tokenizer(GPT2Config().vocab_size)
    torch.manual_seed(0)
    model = from_configs(ViTConfig(), GPT2Config(), tokenizer)
    processor = ViTImageProcessorPil(
        size={"height": 224, "width": 224}, image_mean=[0.5] * 3, image_std=[0.5] * 3
    )
    return model, processor, tokenizer


def is_bundled(spec: str) -> bool:
    try:
        return Path(spec).expanduser().resolve() == BUNDLED_MODEL
    except OSError:
        return False


def _looks_local(spec: str) -> bool:
    return spec.startswith((".", "/", "~")) or Path(spec).exists() or spec.count("/") > 1


def _load_pretrained(spec: str) -> tuple[VisionEncoderDecoderModel, Any, Any]:
    if _looks_local(spec) and not Path(spec).expanduser().is_dir():
        raise _load_error(spec, "no such folder")
    spec = str(Path(spec).expanduser()) if _looks_local(spec) else spec
    # Offline (said, or found in a few seconds), only the local cache is asked: the hub's
    # client would otherwise retry for half a minute before failing the same way.
    offline = None
    if not _looks_local(spec):
        offline = "HF_HUB_OFFLINE is set" if offline_set() else hub_unreachable()
        spec = (fetch(spec) or spec) if offline is None else spec
    cached_only = offline is not None
    try:
        config = AutoConfig.from_pretrained(spec, local_files_only=cached_only)
    except (OSError, ValueError) as exc:
        if offline is not None:
            reason = f"it is not in this machine's Hugging Face cache, and {offline}"
            raise _load_error(spec, reason, offline=True) from None
        raise _load_error(spec, _first_line(exc)) from None
    if config.model_type != "vision-encoder-decoder":
        raise _load_error(
            spec,
            f"it is a '{config.model_type}' model, not an image captioner (VisionEncoderDecoder)",
        )
    try:
        model = VisionEncoderDecoderModel.from_pretrained(spec, local_files_only=cached_only)
        processor = AutoImageProcessor.from_pretrained(
            spec, backend="pil", local_files_only=cached_only
        )
        tokenizer = AutoTokenizer.from_pretrained(spec, local_files_only=cached_only)
    except (OSError, ValueError, KeyError) as exc:
        raise _load_error(spec, _first_line(exc)) from None
    return model, processor, tokenizer


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__


class Captioner:
    """A model with its image processor and tokenizer, ready for batched generation."""

    def __init__(
        self,
        model: VisionEncoderDecoderModel,
        processor: Any,
        tokenizer: Any,
        info: ModelInfo,
        fast_decoding: bool = True,
        threads: int = 0,
        plan: FormatPlan | None = None,
        encoders: Mapping[str, nn.Module] | None = None,
    ):
        self.model = model
        self.threads = threads if threads > 0 else torch.get_num_threads()
        self.processor = processor
        self.tokenizer = tokenizer
        self.info = info
        # Which encoder answers which requests (`formats`): copies of the model's own encoder
        # in reduced formats, by format; float32 (or the model's own dtype) is the model's.
        self.plan = plan or uniform(info.dtype, "as loaded")
        self.encoders = dict(encoders or {})
        missing = set(self.plan.formats) - set(self.encoders)
        if missing:
            raise ValueError(f"the plan uses {sorted(missing)} but no such encoder was given")
        self._device = next(model.parameters()).device
        self._dtype = next(model.parameters()).dtype
        self._start_id = model.config.decoder_start_token_id
        base = model.generation_config.to_dict()
        base.update(max_length=None, num_beams=1)
        self._base_generation = base
        decoder = model.config.decoder
        # Beyond its position table a decoder cannot go: longer requests stop there.
        self._max_positions = getattr(decoder, "n_positions", None) or getattr(
            decoder, "max_position_embeddings", None
        )
        self._fast: GPT2CrossDecoder | None = None
        reason = unsupported_reason(model) if fast_decoding else "turned off"
        if reason is None:
            self._fast = GPT2CrossDecoder(model)
        else:
            log.info("fast decoding not used (%s): generating with transformers", reason)

    @property
    def name(self) -> str:
        return self.info.name

    def prefix_ids(self, prefix: str) -> list[int]:
        text = " ".join(prefix.split())
        return self.tokenizer(text, add_special_tokens=False)["input_ids"] if text else []

    def pixel_values(self, images: list[Image.Image]) -> torch.Tensor:
        values = self.processor(images=images, return_tensors="pt")["pixel_values"]
        return values.to(self._device, self._dtype)

    @torch.inference_mode()
    def generate(
        self,
        images: list[Image.Image],
        options: CaptionOptions,
        seeds: Sequence[int | None] | None = None,
    ) -> list[list[str]]:
        """Captions for each image: `num_return_sequences` candidates each, best first.
        When sampling, image i draws from its own random numbers seeded with `seeds[i]` (by default
        `options.seed`, for every image), so its captions are the ones it gets alone; a None seed
        draws from torch's global generator."""
        if seeds is None:
            seeds = [options.seed] * len(images)
        if len(seeds) != len(images):
            raise ValueError(f"{len(seeds)} seeds for {len(images)} images")
        if torch.get_num_threads() != self.threads:
            torch.set_num_threads(self.threads)  # OpenMP's thread count is kept per thread
        pixels = self.pixel_values(images)
        prefix = self.prefix_ids(options.prefix)
        config = self._generation_config(options, 1 + len(prefix))
        encoder = self.encoders.get(self.plan.encoder_for(options), self.model.encoder)
        seeded = options.do_sample and any(s is not None for s in seeds)
        if self._fast is not None and unsupported_setting(config) is None:
            generators = self._generators(seeds) if seeded else None
            prompt = [self._start_id, *prefix]
            outputs = [self._fast_generate(pixels, prompt, config, encoder, generators)]
        elif seeded:
            # transformers samples from the global generator: seeded pictures go one at a time.
            outputs = []
            for index, seed in enumerate(seeds):
                if seed is not None:
                    torch.manual_seed(seed)
                outputs.append(
                    self._transformers_generate(pixels[index : index + 1], prefix, config, encoder)
                )
        else:
            outputs = [self._transformers_generate(pixels, prefix, config, encoder)]
        texts = [
            " ".join(t.split())
            for output in outputs
            for t in self.tokenizer.batch_decode(output, skip_special_tokens=True)
        ]
        per_image = options.num_return_sequences
        return [texts[i * per_image : (i + 1) * per_image] for i in range(len(images))]

    def _generation_config(self, options: CaptionOptions, start: int) -> GenerationConfig:
        # Lengths in absolute terms (start token + prefix + new tokens): giving max_new_tokens
        # next to a checkpoint's own max_length makes transformers warn on every call.
        max_length = start + options.max_new_tokens
        if self._max_positions:
            max_length = min(max_length, max(self._max_positions, start + 1))
        config = GenerationConfig(**self._base_generation)
        config.update(
            max_length=max_length,
            min_length=min(start + options.min_new_tokens, max_length)
            if options.min_new_tokens
            else 0,
            num_beams=options.num_beams,
            early_stopping=options.num_beams > 1,
            do_sample=options.do_sample,
            temperature=options.temperature if options.do_sample else None,
            top_p=options.top_p if options.do_sample else None,
            top_k=options.top_k if options.do_sample else None,
            num_return_sequences=options.num_return_sequences,
            length_penalty=options.length_penalty,
            no_repeat_ngram_size=options.no_repeat_ngram_size or None,
            repetition_penalty=options.repetition_penalty,
        )
        return config

    def _generators(self, seeds: Sequence[int | None]) -> list[torch.Generator | None]:
        # A fresh generator seeded s yields what the global one yields after manual_seed(s).
        return [
            None if seed is None else torch.Generator(device=self._device).manual_seed(seed)
            for seed in seeds
        ]

    def _fast_generate(
        self,
        pixels: torch.Tensor,
        prompt: list[int],
        config: GenerationConfig,
        encoder: nn.Module,
        generators: list[torch.Generator | None] | None,
    ) -> torch.Tensor:
        assert self._fast is not None
        encoded = self._fast.encode(pixels, encoder)
        prompt_ids = torch.tensor(prompt, device=self._device)
        search = beam_search if config.num_beams > 1 else sample
        return search(self._fast, encoded, prompt_ids, config, generators)

    def _transformers_generate(
        self,
        pixels: torch.Tensor,
        prefix: list[int],
        config: GenerationConfig,
        encoder: nn.Module,
    ) -> torch.Tensor:
        kwargs: dict[str, Any] = {}
        if prefix:
            row = torch.tensor([[self._start_id, *prefix]], device=self._device)
            kwargs["decoder_input_ids"] = row.expand(pixels.shape[0], -1)
        if encoder is self.model.encoder:
            kwargs["pixel_values"] = pixels
        else:
            states = encoder(pixel_values=pixels).last_hidden_state
            kwargs["encoder_outputs"] = BaseModelOutput(last_hidden_state=states)
        return self.model.generate(generation_config=config, **kwargs)


def load_captioner(
    spec: str,
    device: str = "auto",
    dtype: str = "auto",
    threads: int = 0,
    fast_decoding: bool = True,
    cpu: CpuFeatures | None = None,
) -> Captioner:
    """Load the model named by `spec`: a hub id, a local folder, or `random:vit-gpt2`.
    `threads` (0: torch's default) is the CPU threads `generate` uses; `fast_decoding` off makes
    every caption go through transformers' own `generate`; `cpu` stands in for this machine's CPU
    features when `dtype` is auto (`formats.choose`)."""
    threads = threads if threads > 0 else torch.get_num_threads()
    # Built on a thread that then ends. With OpenMP (torch's CPU threading) each thread that runs
    # parallel work keeps its own team of helper threads; once the process holds more of them than
    # there are cores, all of them stop spinning between operations and sleep, and every small
    # operation pays a wake-up. Loading here left such a team on the caller's thread and made
    # `generate` on the engine's thread 1.5x slower on the 2-core development CPU.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="model-load") as loader:
        return loader.submit(_load, spec, device, dtype, threads, fast_decoding, cpu).result()


def _load(
    spec: str, device: str, dtype: str, threads: int, fast_decoding: bool, cpu: CpuFeatures | None
) -> Captioner:
    torch.set_num_threads(threads)
    torch_device = resolve_device(device)
    precision = resolve_dtype(dtype, torch_device)
    if torch_device.type == "cpu":
        keep_freed_memory()
    meaningless = spec.startswith(RANDOM_PREFIX)
    if meaningless:
        model, processor, tokenizer = _build_random(spec[len(RANDOM_PREFIX) :])
        log.warning(
            "MODEL %s HAS RANDOM WEIGHTS: its captions are meaningless; use it for speed only", spec
        )
    else:
        model, processor, tokenizer = _load_pretrained(spec)
    plan = plan_for(dtype, precision, torch_device, cpu)
    # transformers decorates `to` with functools.wraps, which mypy cannot bind as a method.
    model = model.to(device=torch_device, dtype=float_dtype(plan.body)).eval()  # type: ignore[call-arg]
    info = ModelInfo(
        name=spec,
        device=str(torch_device),
        dtype=plan.encoders["best"],  # what the default caption runs in
        parameters=sum(p.numel() for p in model.parameters()),
        meaningless=meaningless,
        demo=not meaningless and is_bundled(spec),
    )
    encoders = {fmt: encoder_copy(model.encoder, fmt) for fmt in plan.formats}
    if torch_device.type == "cpu":
        release_freed_memory()
    log.info(
        "loaded %s on %s (%s body, %.1fM parameters); image encoder: %s (%s)",
        spec,
        info.device,
        plan.body,
        info.parameters / 1e6,
        plan.describe(),
        plan.reason,
    )
    return Captioner(model, processor, tokenizer, info, fast_decoding, threads, plan, encoders)
