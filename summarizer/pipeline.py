"""The pipeline: one report from path to :class:`Report`, many reports to a :class:`Digest`.

Stages run in order and hand each other plain data:
load → normalise → clean → parse → tag → figures → rank → (digest) → render.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .batch import run_batch
from .clean import clean
from .digest import build_digest
from .figures import figures_of
from .load import InputError, iter_inputs, load
from .model import Digest, Region, Report, Section, Sentence, Skipped
from .normalise import normalise
from .parse import parse
from .rank import (
    DEFAULT_SIMILARITY,
    Ranking,
    key_sentences_per_section,
    keyphrases,
    keywords,
    preferences,
    rank,
    select,
)
from .region import resolve_region
from .tokenize import DEFAULT_BACKEND, get_tokenizer

ENGINES = ("textrank", "textrank4zh")
HIGHLIGHTS = 2
HIGHLIGHT_CHARS = 120
"""Overview candidates: two sentences short enough to read as one line of a briefing."""
SUMMARY_CHARS = 160
"""Budget of a report summary: about what a briefing gives one report (two sentences)."""


@dataclass(frozen=True)
class Options:
    """How reports are analysed; every field has a CLI option of the same name."""

    tokenizer: str = DEFAULT_BACKEND
    userdicts: tuple[str, ...] = ()
    engine: str = "textrank"
    similarity: str = DEFAULT_SIMILARITY
    summary_chars: int = SUMMARY_CHARS

    def __post_init__(self) -> None:
        # Checked once, where options are made, rather than in every entry point that takes them.
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}; choose one of {', '.join(ENGINES)}")


def analyse_text(
    text: str, path: str = "<text>", encoding: str = "utf-8", options: Options | None = None, fmt: str = "txt"
) -> Report:
    """Run every per-report stage on already-decoded text."""
    options = options or Options()
    normal, script = normalise(text)
    parsed = parse(clean(normal))
    if not any(sec.sentences for sec in parsed.sections):
        raise InputError(path, "no report text left after removing page furniture")
    body = "\n".join(s.text for sec in parsed.sections for s in sec.sentences)
    region = resolve_region(parsed.title, parsed.source, body)
    sections = tag_sections(parsed.sections, options)
    sentences = [s for sec in sections for s in sec.sentences]
    figures = figures_of(sentences)
    counts = Counter(f.sentence for f in figures)
    prefs = preferences({s.index: counts[s.text] for s in sentences})
    ranking = rank_report(sentences, options)
    sections = key_sentences_per_section(sections, ranking, prefer=prefs)
    summary = select(sentences, ranking, max_chars=options.summary_chars, prefer=prefs)
    words = keywords(sentences)
    phrases = keyphrases(sentences, words)
    highlights = select(sentences, ranking, max_sentences=HIGHLIGHTS, max_chars=HIGHLIGHT_CHARS, prefer=prefs)
    by_score = sorted(highlights, key=lambda s: (-ranking.scores.get(s.index, 0.0), s.index))
    return Report(
        path=path,
        title=parsed.title,
        date=parsed.date,
        source=parsed.source,
        script=script,
        encoding=encoding,
        sections=sections,
        summary=summary,
        keywords=words,
        keyphrases=phrases,
        figures=figures,
        region=region,
        format=fmt,
        headline=None if parsed.title else make_headline(region, phrases or words),
        highlights=tuple(by_score),
    )


def make_headline(region: Region, topics: Sequence[str]) -> str:
    """``前锋区疫情防控工作情况`` for a report that arrived without a title."""
    topic = topics[0] if topics else ""
    return f"{region.name or ''}{topic}工作情况"


def tag_sections(sections: Sequence[Section], options: Options) -> tuple[Section, ...]:
    """Tag every sentence once; ranking, keywords and figures all reuse these tokens."""
    tok = get_tokenizer(options.tokenizer, options.userdicts)
    return tuple(
        replace(sec, sentences=tuple(Sentence(s.text, s.index, tuple(tok.tag(s.text))) for s in sec.sentences))
        for sec in sections
    )


def rank_report(sentences: Sequence[Sentence], options: Options) -> Ranking:
    """Sentence scores from our engine, or from textrank4zh when asked for the reference."""
    if options.engine == "textrank4zh":
        from .reference import textrank4zh_ranking

        return textrank4zh_ranking(sentences)
    return rank(sentences, options.similarity)


def read_report(path: str | Path, options: Options | None = None) -> Report:
    """Read and analyse one report file; raises :class:`InputError` with a one-line reason."""
    doc = load(path)
    return analyse_text(doc.text, doc.path, doc.encoding, options, doc.format)


def summarize(
    paths: Iterable[str | Path],
    options: Options | None = None,
    *,
    title: str | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    jobs: int | None = 1,
    dask: str | Any | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[Report | Skipped], None] | None = None,
) -> Digest:
    """Digest of every readable report under ``paths``; unreadable files are skipped with a reason.

    ``jobs``: worker processes (``None`` = all cores); ``dask``: a scheduler address or a
    ``distributed.Client`` to analyse the reports on a cluster. The digest is the same
    either way. ``on_start`` gets the number of files, ``on_result`` each result (progress).

    >>> digest = summarize(["seeds/"])          # doctest: +SKIP
    >>> digest.to_markdown()                    # doctest: +SKIP
    """
    options = options or Options()
    reports: list[Report] = []
    skipped: list[Skipped] = []
    files = list(iter_inputs(paths))
    if on_start:
        on_start(len(files))
    for result in run_batch(files, options, jobs=jobs, scheduler=dask, on_result=on_result):
        if isinstance(result, Skipped):
            skipped.append(result)
            if on_skip:
                on_skip(result)
        else:
            reports.append(result)
    return build_digest(reports, skipped, title=title)
