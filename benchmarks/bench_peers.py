"""Our pipeline against the peers on one generated corpus, in one run, each method in its
own fresh process so its peak memory is its own.

    pip install -e ".[bench]"
    python benchmarks/bench_peers.py [--reports 1000] [--peer-sample 100]

Corpus: the seeds replicated and lightly varied to ``--reports`` files (generated in a
temporary folder, never committed). Methods:

- ``jieba.lcut``: bare segmentation of every report, the ceiling the speed issue names, on
  our normalised text (``lcut``) and on the files as read (``lcut-as-read``);
- ours, in-process (``summarize(jobs=1)``, read → Markdown and JSON files written) and the CLI end to end with
  ``--jobs 2`` (process start, dictionary load, Markdown + JSON written);
- textrank4zh, SnowNLP ``summary(3)``, sumy TextRank and LexRank over jieba tokens: key
  sentences only, timed on ``--peer-sample`` reports (they are slow) and scaled.

Prints seconds, reports/s, characters/s, peak RSS, and our speed as a multiple of each.
Also our peak RSS at 100 reports against 1,000 (memory must stay flat as a corpus grows).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKER = r"""
import json, logging, resource, sys, time, warnings
warnings.filterwarnings("ignore")
method, folder, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
from pathlib import Path
paths = sorted(Path(folder).glob("*.txt"))[:limit]
texts = [p.read_text(encoding="utf-8") for p in paths]
import jieba
jieba.setLogLevel(logging.WARNING)
if method not in ("ours", "lcut-as-read"):
    # Peers and the lcut ceiling get our normalised text (Simplified, pinyin removed): on
    # raw Traditional text textrank4zh is ~20x slower, which would flatter us.
    from summarizer.reading.normalise import normalise
    texts = [normalise(t)[0] for t in texts]

def run():
    if method in ("lcut", "lcut-as-read"):
        for t in texts:
            jieba.lcut(t)
    elif method == "ours":
        import tempfile
        from summarizer import summarize, write_outputs
        with tempfile.TemporaryDirectory() as out:
            write_outputs(summarize(paths, jobs=1), Path(out), ("md", "json"))
    elif method == "textrank4zh":
        from summarizer.evaluation.reference import textrank4zh_summary
        for t in texts:
            textrank4zh_summary(t, 3)
    elif method == "snownlp":
        from snownlp import SnowNLP
        for t in texts:
            SnowNLP(t).summary(3)
    elif method in ("sumy-textrank", "sumy-lexrank"):
        from sumy.nlp.tokenizers import Tokenizer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        summarizer = TextRankSummarizer() if method == "sumy-textrank" else LexRankSummarizer()
        tokenizer = Tokenizer("chinese")
        for t in texts:
            summarizer(PlaintextParser.from_string(t, tokenizer).document, 3)

# Warm-up on one report: dictionaries and imports are start-up, not throughput.
full, texts, paths = (texts, paths), texts[:1], paths[:1]
run()
texts, paths = full
start = time.perf_counter()
run()
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "reports": len(texts), "chars": sum(map(len, texts)), "rss_mb": peak}))
"""


def make_corpus(folder: Path, reports: int, seed: int = 11) -> None:
    """Seeds round-robin, each copy with numbers nudged and a paragraph dropped."""
    rng = random.Random(seed)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    sources = [s.read_text(encoding="utf-8").splitlines() for s in seeds]
    for k in range(reports):
        lines = list(sources[k % len(sources)])
        varied = [line.replace("1", str(rng.randint(1, 9)), 1) for line in lines]
        if len(varied) > 10:
            del varied[rng.randrange(5, len(varied) - 2)]
        (folder / f"r{k:05d}.txt").write_text("\n".join(varied), encoding="utf-8")


def measure(method: str, folder: Path, limit: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", WORKER, method, str(folder), str(limit)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def cli_jobs(folder: Path, out: Path, jobs: int) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "summarizer", str(folder), "--json", "-j", str(jobs), "-q", "-o", str(out)],
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--peer-sample", type=int, default=100, help="reports timed for the slow peers")
    parser.add_argument("--skip", nargs="*", default=[], help="methods to leave out")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        make_corpus(folder, args.reports)
        n = args.reports
        rows: dict[str, dict[str, float]] = {}
        plan = [
            ("lcut", n),
            ("lcut-as-read", n),
            ("ours", n),
            ("textrank4zh", args.peer_sample),
            ("snownlp", max(1, args.peer_sample // 5)),
            ("sumy-textrank", args.peer_sample),
            ("sumy-lexrank", args.peer_sample),
        ]
        print(f"corpus: {n} reports generated from the seeds\n")
        print(
            f"{'method':<16}{'timed':>7}{'seconds':>10}{'reports/s':>11}{'M chars/s':>11}{'peak RSS':>11}{'ours ×':>9}"
        )
        for method, limit in plan:
            if method not in args.skip:
                rows[method] = measure(method, folder, limit)
        ours = rows.get("ours")
        for method, r in rows.items():
            rate = r["reports"] / r["seconds"]
            ratio = (ours["reports"] / ours["seconds"]) / rate if ours and method != "ours" else float("nan")
            print(
                f"{method:<16}{int(r['reports']):>7}{r['seconds']:>10.2f}{rate:>11.1f}"
                f"{r['chars'] / r['seconds'] / 1e6:>11.3f}{r['rss_mb']:>9.0f}MB{ratio:>9.2f}"
            )
        small = measure("ours", folder, max(1, n // 10))
        for jobs in (1, 2):
            wall = cli_jobs(folder, Path(tmp) / f"out{jobs}", jobs)
            print(f"\nCLI end to end, {n} reports, --jobs {jobs}: {wall:.1f} s wall")
        same = all((Path(tmp) / "out1" / p.name).read_bytes() == p.read_bytes() for p in (Path(tmp) / "out2").iterdir())
        print(f"--jobs 1 and --jobs 2 outputs byte-identical: {same}")
        for base, text in (("lcut", "our normalised text"), ("lcut-as-read", "the files as read")):
            if "ours" in rows and base in rows:
                ratio = rows[base]["seconds"] / rows["ours"]["seconds"]
                print(f"ours / jieba.lcut throughput on {text}: {ratio:.2f}x (>= 0.5 issue 7, >= 2 issue 11)")
        if "ours" in rows:
            big = rows["ours"]["rss_mb"]
            print(f"peak RSS, ours: {small['rss_mb']:.0f} MB at {int(small['reports'])} reports, {big:.0f} MB at {n}")
            print(f"  ratio {big / small['rss_mb']:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
