"""Evaluation: character-level ROUGE-1/2/L F1 of our engine, its peers and lead-3, side by side.

Characters, not words, so that the score does not depend on which segmenter is used.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import InputError
from ..options import DEFAULT_BACKEND, DEFAULT_SIMILARITY, EVAL_ENGINES, MIN_LENGTH, Backend, Options, Similarity
from ..pipeline import analyse_text
from .peers import EXTRAS, PEERS, peer_summary

Scores = tuple[float, float, float]
ENGINES = EVAL_ENGINES


def _chars(text: str) -> list[str]:
    # Punctuation and spaces would reward matching commas, not content.
    return [ch for ch in text if ch.isalnum()]


def _f1(overlap: int, n_cand: int, n_ref: int) -> float:
    if not overlap or not n_cand or not n_ref:
        return 0.0
    p, r = overlap / n_cand, overlap / n_ref
    return 2 * p * r / (p + r)


def _ngram_f1(cand: Sequence[str], ref: Sequence[str], n: int) -> float:
    c = Counter(tuple(cand[i : i + n]) for i in range(len(cand) - n + 1))
    r = Counter(tuple(ref[i : i + n]) for i in range(len(ref) - n + 1))
    return _f1(sum((c & r).values()), sum(c.values()), sum(r.values()))


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge(candidate: str, reference: str) -> Scores:
    """``(ROUGE-1, ROUGE-2, ROUGE-L)`` F1 on characters."""
    cand, ref = _chars(candidate), _chars(reference)
    return (
        _ngram_f1(cand, ref, 1),
        _ngram_f1(cand, ref, 2),
        _f1(_lcs(cand, ref), len(cand), len(ref)),
    )


def load_pairs(path: str | Path) -> list[dict[str, str]]:
    """JSONL rows with ``article`` and ``summary``; raises :class:`InputError` naming the bad line."""
    rows = []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(path, f"cannot read the pairs file ({err})") from err
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(path, f"line {n}: not JSON ({err.msg})") from err
        if (
            not isinstance(row, dict)
            or not isinstance(row.get("article"), str)
            or not isinstance(row.get("summary"), str)
        ):
            raise InputError(path, f"line {n}: needs string fields 'article' and 'summary'")
        rows.append(row)
    if not rows:
        raise InputError(path, "no pairs")
    return rows


def available(engines: Sequence[str] = ()) -> tuple[list[str], list[tuple[str, str]]]:
    """The engines asked for (all by default) that can run here, and ``(engine, extra)`` for those that cannot."""
    import importlib.util

    chosen, missing = [], []
    for engine in engines or ENGINES:
        module, extra = EXTRAS.get(engine, ("", ""))  # a peer's package and the extra that installs it
        if module and importlib.util.find_spec(module) is None:
            missing.append((engine, extra))
        else:
            chosen.append(engine)
    return chosen, missing


def system_summary(article: str, engine: str, budget: int, options: Options) -> str:
    """The summary ``engine`` gives ``article`` within ``budget`` characters."""
    if engine == "lead3":
        report = analyse_text(article, options=Options(tokenizer=options.tokenizer))
        picked: list[str] = []
        for s in report.sentences[:3]:
            if picked and sum(map(len, picked)) + len(s.text) > budget:
                break
            picked.append(s.text)
        return "".join(picked)
    if engine in PEERS:
        # A peer as its users run it, on our cleaned sentences, held to the same budget rule.
        report = analyse_text(article, options=Options(tokenizer=options.tokenizer))
        return peer_summary(engine, [s.text for s in report.sentences], budget)
    engine_options = Options(tokenizer=options.tokenizer, similarity=options.similarity, length=max(budget, MIN_LENGTH))
    report = analyse_text(article, options=engine_options)
    return "".join(s.text for s in report.summary)


def evaluate(
    rows: Iterable[dict[str, str]],
    engines: Sequence[str] = ENGINES,
    *,
    tokenizer: Backend = DEFAULT_BACKEND,
    similarity: Similarity = DEFAULT_SIMILARITY,
) -> dict[str, Scores]:
    """Mean ROUGE per engine over the pairs."""
    options = Options(tokenizer=tokenizer, similarity=similarity)
    rows = list(rows)
    out: dict[str, Scores] = {}
    for engine in engines:
        totals = [0.0, 0.0, 0.0]
        for row in rows:
            scores = rouge(system_summary(row["article"], engine, len(row["summary"]), options), row["summary"])
            totals = [t + s for t, s in zip(totals, scores)]
        n = max(len(rows), 1)
        out[engine] = (totals[0] / n, totals[1] / n, totals[2] / n)
    return out


__all__ = ["ENGINES", "evaluate", "load_pairs", "rouge", "system_summary"]
