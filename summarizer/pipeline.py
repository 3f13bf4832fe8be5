"""The pipeline: one report from file to :class:`Report`, many reports to a :class:`Digest`.

The stages, in order, each a module handing the next plain data:

1. ``walk``      — find the input files
2. ``load``      — read one file into paragraphs (``decode`` for text, ``readers`` for the other formats;
   ``office``: LibreOffice converts the run's .doc, .wps, .odt and .rtf files first, at one start)
3. ``normalise`` — pinyin annotations removed, Traditional to Simplified, widths fixed
4. ``clean``     — page furniture dropped
5. ``metadata``  — title, date and source; ``sections`` — headed sections and sentences;
   ``kinds`` — what the report is (government report, epidemic work, flood …)
6. ``region``    — the place the report is about
7. ``tokenize``  — every sentence segmented and tagged once
8. ``figures``   — statistics with what they count (``labels``, ``numerals``); ``practices``
9. ``textrank``  — sentence scores; ``trim`` — each sentence's core; ``select`` — key sentences; ``keywords``
10. ``digest``   — the user's ``corrections`` and ``scope`` first; overview, themes and comparison across reports
11. ``render``   — Markdown, Word and JSON
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from .batch import run_batch
from .briefing.budget import budget
from .briefing.corrections import read_corrections
from .briefing.digest import build_digest
from .briefing.outline import achievement_figures, outline, reviewed_year
from .briefing.scope import in_scope, scope_of
from .errors import ArgumentTypeError, InputError, OptionError
from .model import Digest, Document, Region, Report, Sentence, Skipped, Token
from .options import Format, Options, check_title
from .ranking.keywords import keyphrases, keywords
from .ranking.practices import practices
from .ranking.select import preferences, select
from .ranking.textrank import Ranking, rank
from .ranking.tokenize import get_tokenizer
from .ranking.trim import Core, core
from .reading import office
from .reading.clean import clean
from .reading.formats import text_blocks
from .reading.load import FORMATS, MAX_BYTES, MAX_CHARACTERS, load, office_sources, too_long, unsupported
from .reading.normalise import display_safe, normalise_blocks, without_bidi
from .reading.walk import COPY_OF, Copies, as_paths, iter_inputs, shown_names
from .understanding.dates import titled_year
from .understanding.figures import figures_of, key_figures
from .understanding.indicators import indicators_of, own_places
from .understanding.kinds import document_name, has_categories, kind_of, planned, short_heading
from .understanding.metadata import Header, generic_title, make_headline, read_facts, read_header
from .understanding.region import resolve_region
from .understanding.sections import split_sections

T = TypeVar("T")
SHARED_TOKENS_FROM = 100_000
"""Characters from which a report's tokens are deduplicated as they are made."""


def analyse_document(doc: Document, options: Options | None = None) -> Report:
    """Run every per-report stage on a document's paragraphs."""
    options = options or Options()
    blocks, script = normalise_blocks(doc.blocks)
    header = read_header(clean(blocks), read_facts(blocks))
    sections = tuple(split_sections(header.body))
    sentences = [s for sec in sections for s in sec.sentences]
    if not sentences:
        raise InputError(doc.path, "no report text left after removing page furniture")
    kind = kind_of(header.title, [sec.heading for sec in sections if sec.heading], (s.text for s in sentences))
    tokens = tag(sentences, options)
    region = locate(header, sentences, tokens, options)
    rows = (
        None
        if has_categories(kind)
        else {s.index: short_heading(sec.heading) for sec in sections for s in sec.sentences}
    )
    # A target (2024年工作安排: 力争…) is not a result: it stays a figure, but not one the table compares.
    planned_at = planned(sections, kind)
    figures = tuple(
        replace(f, category=None) if f.index in planned_at and f.category else f
        for f in figures_of(sentences, tokens, kind, rows)
    )
    indicators = indicators_of(sentences, own_places(region.name))
    ranking = rank_report(sentences, tokens, options)
    cores: dict[int, Core] = {}

    def shown(s: Sentence) -> Core:
        # Cut on demand: selection needs the core of a handful of sentences, not of all.
        if s.index not in cores:
            cores[s.index] = core(s.text, tokens[s.index])
        return cores[s.index]

    prefs = preferences(sentences, Counter(f.index for f in figures), shown)
    ranked: list[Sentence] = []
    within = budget(options.length)
    plan = outline(sentences, indicators, figures, within.length)
    if plan:
        picked = select(plan.candidates, ranking, max_chars=plan.budget, prefer=prefs, trim=shown, ranked=ranked)
        summary = plan.arrange(picked)
        listed = achievement_figures(plan, figures, ranking, picked, within.figures)
    else:
        summary = select(sentences, ranking, max_chars=within.length, prefer=prefs, trim=shown, ranked=ranked)
        listed = key_figures(figures, summary, within.figures)
    highlights = [Sentence(shown(s).text, s.index, s.where) for s in ranked]
    year = reviewed_year(sections, indicators)
    document = document_name(kind)
    # 政府工作报告 alone names neither the body nor the year: the report is headed instead.
    title = None if generic_title(header.title, document) else header.title
    words = keywords(sentences, tokens)
    phrases = keyphrases(sentences, tokens, words)
    year_named = titled_year(header.date, header.date_source, year)
    headline = None if title else make_headline(region, phrases, document, year_named)
    return Report(
        path=doc.path,
        date=header.date,
        source=header.source,
        script=script,
        encoding=doc.encoding,
        sections=sections,
        summary=summary,
        keywords=words,
        keyphrases=phrases,
        figures=figures,
        region=region,
        format=doc.format,
        title=title,
        headline=headline,
        highlights=(*plan.results, *highlights) if plan else tuple(highlights),
        key_figures=listed,
        practices=practices(sentences, tokens),
        replaced=doc.replaced,
        indicators=indicators,
        year=year,
        kind=kind,
        date_source=header.date_source,
    )


def analyse_text(
    text: str, path: str = "<text>", encoding: str = "utf-8", options: Options | None = None, fmt: Format = "txt"
) -> Report:
    """Run every per-report stage on already-decoded plain text (one paragraph a line).

    Checked as a file is: :class:`ArgumentTypeError` (a ``TypeError``) for an argument of
    the wrong type, :class:`InputError` for more text than a report file may hold.
    """
    ArgumentTypeError.check("text", text, str, "a str (decoded text; read_report reads a file)")
    ArgumentTypeError.check("path", path, str, "a str")
    ArgumentTypeError.check("encoding", encoding, str, "a str")
    _check_options(options)
    if fmt not in FORMATS.values():
        raise OptionError(f"unknown format {fmt!r}; choose one of {', '.join(dict.fromkeys(FORMATS.values()))}")
    # Longer than any text file read is refused before it is split into lines.
    blocks = text_blocks(text) if len(text) <= MAX_BYTES["txt"] else None
    if blocks is None or sum(len(b.text) for b in blocks) > MAX_CHARACTERS:
        raise InputError(path, too_long())
    # Lone surrogates (bytes decoded with surrogateescape) cannot reach the segmenter.
    blocks = [replace(b, text=display_safe(b.text)) for b in blocks]
    return analyse_document(Document(path, tuple(blocks), encoding, fmt), options)


def _check_options(options: object) -> None:
    if options is not None:
        ArgumentTypeError.check("options", options, Options, "an Options or None")


def locate(
    header: Header, sentences: Sequence[Sentence], tokens: Sequence[Sequence[Token]], options: Options
) -> Region:
    """The report's region from its title, the lines that say who publishes it, and its sentences."""
    tok = get_tokenizer(options.tokenizer, options.userdicts)
    title = (header.title, tok.tag(header.title)) if header.title else None
    roles = [(role.text, role.weight, tok.tag(role.text)) for role in header.roles]
    return resolve_region(title, roles, [(s.text, tokens[s.index]) for s in sentences])


def tag(sentences: Sequence[Sentence], options: Options) -> list[list[Token]]:
    """Every sentence tagged once, indexed by :attr:`Sentence.index`; ranking, keywords and
    figures all reuse these tokens."""
    tok = get_tokenizer(options.tokenizer, options.userdicts)
    if sum(len(s.text) for s in sentences) < SHARED_TOKENS_FROM:
        return [tok.tag(s.text) for s in sentences]
    # A long report repeats its words thousands of times: one tuple per distinct (word, tag)
    # holds its tokens in a fraction of the memory.
    shared: dict[Token, Token] = {}
    return [[shared.setdefault(t, t) for t in tok.tag(s.text)] for s in sentences]


def rank_report(sentences: Sequence[Sentence], tokens: Sequence[Sequence[Token]], options: Options) -> Ranking:
    """Sentence scores from our engine, or from textrank4zh when asked for the reference."""
    if options.engine == "textrank4zh":
        from .evaluation.reference import textrank4zh_ranking

        return textrank4zh_ranking(sentences)
    return rank(sentences, tokens, options.similarity)


def read_report(path: str | Path, options: Options | None = None) -> Report:
    """Read and analyse one report file; raises :class:`InputError` with a one-line reason."""
    ArgumentTypeError.check("path", path, (str, os.PathLike), "a str or os.PathLike")
    _check_options(options)
    return analyse_document(load(path), options)


def analyse_path(path: Path, options: Options, converted: Mapping[Path, Path | str] | None = None) -> Report | Skipped:
    """One file to its report, or to the reason it was skipped (runs in worker processes too).

    ``converted``: the run's LibreOffice conversions, by file (:func:`~summarizer.reading.office.converted`).
    """
    if path.suffix.lower() not in FORMATS:
        return Skipped(str(path), f"{unsupported(path)}, not read", "unsupported")
    try:
        return analyse_document(load(path, converted.get(path) if converted else None), options)
    except InputError as err:
        return Skipped(err.path, err.reason)
    except RecursionError:
        return Skipped(str(path), "too deeply nested to analyse")
    except Exception as err:  # pragma: no cover - a bug of ours; the other files still make the digest
        return Skipped(str(path), f"could not be analysed (internal error {type(err).__name__}; please report it)")


def summarize(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    options: Options | None = None,
    *,
    title: str | None = None,
    exclude: Iterable[Path] = (),
    on_skip: Callable[[Skipped], None] | None = None,
    jobs: int | None = 1,
    dask: str | Any | None = None,
    on_start: Callable[[Sequence[Path]], None] | None = None,
    on_result: Callable[[Report | Skipped], None] | None = None,
    follow_links: bool = False,
) -> Digest:
    """Digest of every readable report under ``paths``; unreadable files are skipped with a reason.

    ``paths`` is one path or an iterable of them. ``exclude`` names folders not to read
    (the output folder, so a run never reads its own briefings). ``jobs``: worker
    processes (``None`` = all cores); ``dask``: a scheduler address or a
    ``distributed.Client`` to analyse the reports on a cluster. The digest is the same
    either way. ``on_start`` gets the files to be read, ``on_result`` each result (progress).
    ``options.overrides`` corrects what was read before the digest is made; reports outside
    ``options.since``/``until``/``regions`` are left out, each listed in ``skipped`` with
    the reason (kind ``excluded``).
    A symbolic link met in a folder is read only where it leads inside the folders named,
    unless ``follow_links``. Arguments are checked as the command line checks its own:
    :class:`ArgumentTypeError` (a ``TypeError``) for a wrong type, :class:`OptionError` for
    a value out of range.

    >>> digest = summarize(["seeds/"])
    >>> len(digest.reports), digest.title
    (5, '疫情防控工作跨地区简报')
    """
    _check_options(options)
    title = check_title(title)
    title = without_bidi(title) if title else title
    exclude = as_paths(exclude)
    for name, value in (("on_skip", on_skip), ("on_start", on_start), ("on_result", on_result)):
        if value is not None and not callable(value):
            raise ArgumentTypeError(f"{name} must be callable or None, not {type(value).__name__}")
    if jobs is not None:
        ArgumentTypeError.check("jobs", jobs, int, "an int or None")
        if jobs < 1:
            raise OptionError(f"jobs must be at least 1, not {jobs}")
    ArgumentTypeError.check("follow_links", follow_links, bool, "a bool")
    options = options or Options()
    if options.engine == "textrank4zh":
        # A missing extra is the run's error, named once, not every report's skip reason.
        from .evaluation.reference import require_reference

        require_reference()
    # Both checked before a report is read: a typo in a place or a corrections file costs no analysis.
    scope = scope_of(options)
    corrections = read_corrections(options.overrides) if options.overrides else None
    skipped: list[Skipped] = []

    def kept(items: Iterable[T | Skipped]) -> list[T]:
        # A skipped input is noted (and reported) wherever it turns up: walking or analysing.
        out: list[T] = []
        for item in items:
            if isinstance(item, Skipped):
                skipped.append(item)
                if on_skip:
                    on_skip(item)
            else:
                out.append(item)
        return out

    found = list(iter_inputs(paths, exclude, follow_links=follow_links))
    names = shown_names([f.path if isinstance(f, Skipped) else f for f in found], paths)
    files = kept(replace(f, name=names[f.path]) if isinstance(f, Skipped) else f for f in found)
    if corrections:
        corrections.check(set(names.values()))
    if on_start:
        on_start(files)
    copies = Copies()

    def named(result: Report | Skipped) -> Report | Skipped:
        # In input order whatever ran the analysis, so the first copy met is kept, always.
        result = replace(result, name=names.get(result.path, ""))
        if isinstance(result, Report) and (original := copies.original(result)):
            return Skipped(result.path, COPY_OF + original, "duplicate", result.name)
        return result

    # LibreOffice converts the run's .doc, .wps, .odt and .rtf files at one start, before the
    # reports are analysed; the converted files live until the last is read.
    with office.converted(office_sources(files)) as done:
        results = run_batch(
            files,
            partial(analyse_path, options=options, converted=done),
            jobs=jobs,
            scheduler=dask,
            on_result=on_result,
            prepare=partial(get_tokenizer, options.tokenizer, options.userdicts),
        )
        reports = kept(map(named, results))
    if corrections:
        reports = kept(corrections.apply(reports))
    reports = kept(in_scope(reports, scope))
    return build_digest(reports, skipped, title=title)
