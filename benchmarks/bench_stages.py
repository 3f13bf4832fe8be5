"""Where one process spends its time: each pipeline stage timed on its own.

    python benchmarks/bench_stages.py [--copies 40] [--tokenizer rjieba|jieba]

Runs the per-report stages of ``pipeline.analyse_text`` one by one over the corpus of
``bench_pipeline.py`` (the seeds, replicated and lightly varied), keeping compact reports
as a batch does, then the digest and its JSON, five times, and prints the best time of
each stage with its share. The README's "where the time goes" comes from here.
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

    from summarizer.batch import compact, single_threaded_blas

    single_threaded_blas()
    from bench_pipeline import make_corpus

    from summarizer import pipeline as P
    from summarizer.load import load
    from summarizer.render import render_json

    options = P.Options(tokenizer=args.tokenizer)
    spent: Counter[str] = Counter()

    def timed(stage: str, fn: Callable[..., Any], *a: Any, **k: Any) -> Any:
        start = time.perf_counter()
        result = fn(*a, **k)
        spent[stage] += time.perf_counter() - start
        return result

    def one(path: Path) -> P.Report:
        doc = timed("load", load, path)
        normal, script = timed("normalise", P.normalise, doc.text)
        parsed = timed("parse", P.parse, timed("clean", P.clean, normal))
        body = "\n".join(s.text for sec in parsed.sections for s in sec.sentences)
        region = timed("region", P.resolve_region, parsed.title, parsed.source, body)
        sections = timed("tag", P.tag_sections, parsed.sections, options)
        sentences = [s for sec in sections for s in sec.sentences]
        figures = timed("figures", P.figures_of, sentences)
        counts = Counter(f.sentence for f in figures)
        prefer = P.preferences({s.index: counts[s.text] for s in sentences})
        ranking = timed("rank", P.rank_report, sentences, options)
        sections = timed("select", P.key_sentences_per_section, sections, ranking, prefer=prefer)
        summary = timed("select", P.select, sentences, ranking, max_chars=options.summary_chars, prefer=prefer)
        words = timed("keywords", P.keywords, sentences)
        phrases = timed("keywords", P.keyphrases, sentences, words)
        highlights = timed(
            "select",
            P.select,
            sentences,
            ranking,
            max_sentences=P.HIGHLIGHTS,
            max_chars=P.HIGHLIGHT_CHARS,
            prefer=prefer,
        )
        return compact(P.Report(
            path=str(path), title=parsed.title, date=parsed.date, source=parsed.source, script=script,
            encoding=doc.encoding, sections=sections, summary=summary, keywords=words, keyphrases=phrases,
            figures=figures, region=region, highlights=highlights,
        ))  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(Path(tmp), args.copies)
        best: dict[str, float] = {}
        for _ in range(5):
            spent.clear()
            reports = [one(p) for p in paths]
            digest = timed("digest", P.build_digest, reports)
            timed("json", render_json, digest)
            for stage, seconds in spent.items():
                best[stage] = min(best.get(stage, seconds), seconds)
    total = sum(best.values())
    print(f"{len(paths)} reports, tokenizer {args.tokenizer}: {total * 1000:.0f} ms in all stages, best of 5\n")
    for stage, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        per_report = seconds / len(paths) * 1e6
        print(f"{stage:<10}{seconds * 1000:8.1f} ms {per_report:8.0f} µs/report {seconds / total:6.0%}")


if __name__ == "__main__":
    main()
