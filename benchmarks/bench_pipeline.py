"""Side-by-side speed of the whole pipeline, its tokenizer backends, and the peers, in one run.

    python benchmarks/bench_pipeline.py [--copies 40] [--skip-textrank4zh]

Corpus: the seeds, replicated (``--copies``) and lightly varied so no two reports are
identical; generated here, never committed. Prints characters/s and reports/s for:
bare ``jieba.lcut`` (on the normalised text, and on the files as read, where jieba
segments Traditional text at 0.44 M characters/s against 0.72 once converted) and ``rjieba.cut``, ``jieba.posseg``
tagging, OpenCC t2s, our whole pipeline (read → digest JSON) with each backend in one
process and in a process per core (as the CLI runs by default, pool start-up included),
and textrank4zh on the same normalised text; then the ratios the issues ask for.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


CONVERTERS = {
    "opencc": "compiled OpenCC",
    "summarizer.reading.convert": "opencc-python-reimplemented's dictionaries through summarizer.reading.convert",
    "opencc.opencc": "opencc-python-reimplemented",
}


def make_corpus(folder: Path, copies: int, seed: int = 7) -> list[Path]:
    """Seeds × copies, each copy with its paragraphs' numbers nudged and one paragraph dropped."""
    rng = random.Random(seed)
    paths = []
    for src in sorted((ROOT / "seeds").glob("*.txt")):
        lines = src.read_text(encoding="utf-8").splitlines()
        for k in range(copies):
            varied = [line.replace("1", str(rng.randint(1, 9)), 1) for line in lines]
            if len(varied) > 10:
                del varied[rng.randrange(5, len(varied) - 2)]
            path = folder / f"{src.stem}_{k:04d}.txt"
            path.write_text("\n".join(varied), encoding="utf-8")
            paths.append(path)
    return paths


def real(folder: Path, add_line: Callable[[str], None]) -> None:
    """Our pipeline and ``jieba.lcut`` on real reports as read (long reports spend their time
    elsewhere than the seeds): every .txt under ``folder``, one process, best of three."""
    import jieba

    from summarizer import Options, render_json, summarize

    files = sorted(folder.rglob("*.txt"))
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    chars = sum(map(len, texts))
    render_json(summarize([str(folder)], Options(), jobs=1))  # warm
    ours = timed(lambda: render_json(summarize([str(folder)], Options(), jobs=1)), 3)
    lcut = timed(lambda: [jieba.lcut(t) for t in texts], 3)
    add_line(
        f"real reports ({len(files)} files, {chars:,} characters as read): pipeline {ours:.2f} s, "
        f"jieba.lcut {lcut:.2f} s: {lcut / ours:.2f}x jieba.lcut (target >= 1.5)"
    )


def previous(checkout: Path, folder: Path) -> float:
    """Seconds an earlier release's pipeline takes on ``folder`` (best of two, warmed once),
    run in a child so its modules never meet ours."""
    import subprocess

    script = (
        "import sys, time\n"
        "from summarizer import Options, render_json, summarize\n"
        "run = lambda: render_json(summarize([sys.argv[1]], Options(), jobs=1))\n"
        "run()\n"
        "best = float('inf')\n"
        "for _ in range(2):\n"
        "    t = time.perf_counter(); run(); best = min(best, time.perf_counter() - t)\n"
        "print(best)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(checkout.resolve()), "OPENBLAS_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", script, str(folder)], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{checkout}: the previous release failed: {out.stderr.strip().splitlines()[-1:]}")
    return float(out.stdout.split()[-1])


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=40, help="copies of each seed (default 40 → 200 reports)")
    parser.add_argument("--skip-textrank4zh", action="store_true")
    parser.add_argument(
        "--corpus",
        type=Path,
        help="also time real reports as read (e.g. ../shared/corpus: pages and full reports), best of three",
    )
    parser.add_argument(
        "--previous",
        type=Path,
        help="a checkout of an earlier release (git worktree add /tmp/v040 v0.4.0): its pipeline timed "
        "on the same corpus, in a child process with its own imports, best of two",
    )
    args = parser.parse_args()

    from summarizer.cli.common import single_threaded_blas

    single_threaded_blas()  # as the CLI does; must precede numpy's import
    import jieba
    import jieba.posseg
    import rjieba

    from summarizer import Options, render_json, summarize
    from summarizer.reading.normalise import converter, normalise, to_simplified

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    rjieba.cut("预热")
    cores = os.cpu_count() or 1

    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(Path(tmp), args.copies)
        raw = [p.read_text(encoding="utf-8") for p in paths]
        normal = [normalise(t)[0] for t in raw]
        chars = sum(len(t) for t in raw)
        n = len(paths)
        print(f"corpus: {n} reports, {chars:,} characters")
        kind = type(converter("t2s")).__module__
        print(f"script converter: {CONVERTERS.get(kind, kind)}\n")
        rows: list[tuple[str, float]] = []

        def add(name: str, seconds: float) -> None:
            rows.append((name, seconds))
            print(f"{name:<44}{seconds:8.2f} s {chars / seconds / 1e6:8.3f} M chars/s {n / seconds:9.1f} reports/s")

        add("jieba.lcut (segmentation ceiling)", timed(lambda: [jieba.lcut(t) for t in normal], 2))
        # The files as read, Traditional reports not yet converted: jieba's dictionary is
        # Simplified, so it falls back to its per-character HMM on them.
        add("jieba.lcut on the files as read", timed(lambda: [jieba.lcut(t) for t in raw], 2))
        tenth = normal[::10]  # every tenth report: all seeds represented, not the first one only
        seconds = timed(lambda: [list(jieba.posseg.cut(t)) for t in tenth]) * n / len(tenth)
        add("jieba.posseg.cut (POS tags, 1/10 timed)", seconds)
        add("rjieba.cut", timed(lambda: [rjieba.cut(t) for t in normal], 3))
        add("rjieba.tag", timed(lambda: [rjieba.tag(t) for t in normal], 3))
        add("OpenCC t2s (all text)", timed(lambda: [to_simplified(t) for t in raw]))

        def pipeline(backend: str, jobs: int = 1) -> None:
            # The library call the CLI makes: files found, read, analysed and kept compact
            # (in a process per core with the CLI's default --jobs, pool start-up
            # included), then the digest and its JSON.
            render_json(summarize([tmp], Options(tokenizer=backend), jobs=jobs))

        if args.previous:
            add(f"previous release ({args.previous.name}), rjieba", previous(args.previous, Path(tmp)))
        if args.corpus:
            real(args.corpus, add_line=print)
        pipeline("rjieba")  # warm caches: dictionaries, compiled patterns
        add("summarizer pipeline, rjieba (default)", timed(lambda: pipeline("rjieba"), 2))
        pipeline("jieba")
        add("summarizer pipeline, --tokenizer jieba", timed(lambda: pipeline("jieba")))
        add(f"  same, rjieba, {cores} processes (--jobs default)", timed(lambda: pipeline("rjieba", cores), 2))
        add(f"  same, jieba, {cores} processes", timed(lambda: pipeline("jieba", cores)))
        if not args.skip_textrank4zh:
            from summarizer.evaluation.reference import textrank4zh_summary

            seconds = timed(lambda: [textrank4zh_summary(t, 3) for t in tenth]) * n / len(tenth)
            add("textrank4zh (key sentences only, 1/10 timed)", seconds)

    t = dict(rows)
    lcut = t["jieba.lcut (segmentation ceiling)"]
    lcut_raw = t["jieba.lcut on the files as read"]
    print()
    print("throughput as a multiple of jieba.lcut's (one process), on the normalised text | on the files as read:")
    ratios = [
        ("pipeline (rjieba), one process", "summarizer pipeline, rjieba (default)", ">= 2"),
        ("pipeline (jieba), one process", "summarizer pipeline, --tokenizer jieba", ">= 0.5"),
        (f"pipeline (rjieba), {cores} processes", f"  same, rjieba, {cores} processes (--jobs default)", ">= 2"),
        (f"pipeline (jieba), {cores} processes", f"  same, jieba, {cores} processes", ">= 0.5"),
    ]
    for label, row, target in ratios:
        print(f"  {label:<36}{lcut / t[row]:6.2f}x | {lcut_raw / t[row]:5.2f}x   (target {target})")
    before = next((seconds for name, seconds in rows if name.startswith("previous release")), None)
    if before:
        ours = t["summarizer pipeline, rjieba (default)"]
        label = "previous release, one process"
        print(f"  {label:<36}{lcut / before:6.2f}x   (this release takes {ours / before:.2f}x its time; held <= 1.10)")
    tr = t.get("textrank4zh (key sentences only, 1/10 timed)")
    if tr:
        print("reports/s as a multiple of textrank4zh's (target >= 25):")
        for label, row, _ in ratios:
            print(f"  {label:<36}{tr / t[row]:6.1f}x")


if __name__ == "__main__":
    main()
