"""How much slower is `generate` on a second thread that runs torch work?

The engine runs the model on its own thread so that the event loop never blocks. With OpenMP,
every thread that has run parallel work keeps a team of helper threads; once there are more of
them than cores, libgomp stops letting idle helpers spin and every small operation pays a wake-up.
This probe runs `generate` on the main thread first (giving it a team) and then on a pool thread,
which shows the cost: about 1.4x on the 2-core development CPU. `load_captioner` builds models on
a thread that ends, so that in the bot the engine's thread is the only one with a team.

    python -m bench.thread_overhead [--model random:vit-gpt2] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from bot.captioning.captioner import load_captioner
from bot.captioning.options import CaptionOptions
from bot.training.shapes import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="random:vit-gpt2")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    captioner = load_captioner(args.model)
    image = next(iter(generate(1, 3, size=(640, 480)))).image
    options = CaptionOptions(num_beams=4, min_new_tokens=16, max_new_tokens=16)

    def timed() -> float:
        started = time.perf_counter()
        captioner.generate([image], options)
        return time.perf_counter() - started

    timed()  # warm-up
    main_thread = [timed() for _ in range(args.runs)]
    with ThreadPoolExecutor(1) as pool:
        pool.submit(timed).result()  # warm-up
        worker = [pool.submit(timed).result() for _ in range(args.runs)]
    print(f"main thread   {statistics.median(main_thread):.2f}s  {main_thread}")
    print(f"worker thread {statistics.median(worker):.2f}s  {worker}")
    print(f"worker/main {statistics.median(worker) / statistics.median(main_thread):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
