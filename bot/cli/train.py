"""`main.py train` and `main.py shapes`: make data, fine-tune a captioner, save a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.training.assemble import assemble
from bot.training.data import load_pairs, split_pairs
from bot.training.shapes import write_dataset
from bot.training.trainer import TrainConfig, Trainer


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_argument_group("what to start from")
    source.add_argument("--init", help="an existing captioner (hub id or folder) to fine-tune")
    source.add_argument("--encoder", help="vision encoder: hub id, folder, or a JSON config file")
    source.add_argument("--decoder", help="text decoder: hub id, folder, or a JSON config file")
    source.add_argument("--tokenizer", help="tokenizer (default: the decoder's, or train one)")
    source.add_argument("--image-processor", help="image processor (default: the encoder's)")
    source.add_argument(
        "--vocab-size", type=int, default=512, help="size of a tokenizer trained on the captions"
    )
    data = parser.add_argument_group("data")
    data.add_argument(
        "--data",
        required=True,
        action="append",
        help="JSONL of image/caption pairs, or its folder; repeat it to train on several sets "
        "at once (a feedback export beside some of the model's own training data, so that "
        "fine-tuning on the new keeps the old)",
    )
    data.add_argument("--val-data", help="validation JSONL (default: split off --val-fraction)")
    data.add_argument("--val-fraction", type=float, default=0.05)
    run = parser.add_argument_group("training")
    run.add_argument("--out", required=True, type=Path, help="folder to save the captioner to")
    run.add_argument("--checkpoint-dir", type=Path, help="default: OUT/checkpoints")
    run.add_argument("--resume", type=Path, help="checkpoint folder to continue from")
    run.add_argument("--steps", type=int, default=2000)
    run.add_argument("--batch-size", type=int, default=32)
    run.add_argument("--lr", type=float, default=5e-4)
    run.add_argument("--warmup-steps", type=int, default=100)
    run.add_argument("--weight-decay", type=float, default=0.01)
    run.add_argument("--grad-accumulation", type=int, default=1)
    run.add_argument("--eval-every", type=int, default=500)
    run.add_argument("--save-every", type=int, default=1000)
    run.add_argument("--eval-generate", type=int, default=64, help="images for exact-match eval")
    run.add_argument("--log-every", type=int, default=50)
    run.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    run.add_argument("--precision", default="fp32", choices=["fp32", "bf16", "fp16"])
    run.add_argument("--workers", type=int, default=0, help="data loader processes")
    run.add_argument("--no-cache-pixels", action="store_true", help="for data sets beyond RAM")
    run.add_argument("--seed", type=int, default=0)


def run_train(args: argparse.Namespace) -> int:
    import torch

    torch.manual_seed(args.seed)
    pairs = [pair for data in args.data for pair in load_pairs(data)]
    if args.val_data:
        train, val = pairs, load_pairs(args.val_data)
    else:
        train, val = split_pairs(pairs, args.val_fraction, args.seed)
    init = str(args.resume) if args.resume else args.init
    parts = assemble(
        init=init,
        encoder=args.encoder,
        decoder=args.decoder,
        tokenizer=args.tokenizer,
        image_processor=args.image_processor,
        captions=(c for pair in train for c in pair.captions),
        vocab_size=args.vocab_size,
    )
    config = TrainConfig(
        out=args.out,
        steps=args.steps,
        batch_size=args.batch_size,
        learning_rate=args.lr,
        weight_decay=args.weight_decay,
        warmup_steps=args.warmup_steps,
        grad_accumulation=args.grad_accumulation,
        eval_every=args.eval_every,
        save_every=args.save_every,
        checkpoint_dir=args.checkpoint_dir,
        log_every=args.log_every,
        eval_generate=args.eval_generate,
        seed=args.seed,
        device=args.device,
        precision=args.precision,
        num_workers=args.workers,
        cache_pixels=not args.no_cache_pixels,
    )
    trainer = Trainer(parts, train, val, config, progress=lambda line: print(line, flush=True))
    if args.resume:
        trainer.resume(args.resume)
    trainer.run()
    return 0


def add_shapes_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="folder for images/ and captions.jsonl")
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)


def run_shapes(args: argparse.Namespace) -> int:
    manifest = write_dataset(args.out, args.count, args.seed)
    print(f"wrote {args.count} images and {manifest}")
    return 0
