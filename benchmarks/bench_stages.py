"""Where one process spends its time: each pipeline stage timed on its own.

    python benchmarks/bench_stages.py [--copies 40] [--tokenizer rjieba|jieba]

Wraps each stage function that ``pipeline.read_report`` calls with a timer and runs the
pipeline over the corpus of ``bench_pipeline.py`` (the seeds, replicated and lightly
varied), then the digest and its JSON, five times, and prints the best time of each
stage with its share. The README's "where the time goes" comes from here.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--tokenizer", default="rjieba")
    args = parser.parse_args()

    from summarizer.cli.common import single_threaded_blas

    single_threaded_blas()
    from bench_pipeline import make_corpus

    from summarizer import Options, render_json
    from summarizer import pipeline as P

    options = Options(tokenizer=args.tokenizer)
    spent: Counter[str] = Counter()

    def timed(stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*a: Any, **k: Any) -> Any:
            start = time.perf_counter()
            result = fn(*a, **k)
            spent[stage] += time.perf_counter() - start
            return result

        return run

    # The pipeline's own code runs; only the stage functions it calls are wrapped, so
    # this stays in step with pipeline.analyse_document.
    stages = {
        "load": "load", "normalise_blocks": "normalise", "clean": "clean", "read_header": "parse",
        "split_sections": "parse", "read_facts": "parse", "locate": "region", "tag": "tag", "figures_of": "figures",
        "rank_report": "rank", "preferences": "select", "select": "select", "practices": "practices",
        "keywords": "keywords", "keyphrases": "keywords", "build_digest": "digest",
    }  # fmt: skip
    for name, stage in stages.items():
        setattr(P, name, timed(stage, getattr(P, name)))
    to_json = timed("json", render_json)

    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(Path(tmp), args.copies)
        best: dict[str, float] = {}
        for _ in range(5):
            spent.clear()
            # What summarize(jobs=1) does, without its file walk.
            reports = [P.read_report(p, options) for p in paths]
            to_json(P.build_digest(reports))
            for stage, seconds in spent.items():
                best[stage] = min(best.get(stage, seconds), seconds)
    total = sum(best.values())
    print(f"{len(paths)} reports, tokenizer {args.tokenizer}: {total * 1000:.0f} ms in all stages, best of 5\n")
    for stage, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        per_report = seconds / len(paths) * 1e6
        print(f"{stage:<10}{seconds * 1000:8.1f} ms {per_report:8.0f} µs/report {seconds / total:6.0%}")


if __name__ == "__main__":
    main()
