"""Figures: every statistic in a sentence, with its unit, approximation and the noun phrase it counts.

``组建“尖刀班”115个`` → Figure(label="尖刀班", value=115, unit="个");
``下拨29.2万元党费`` → label 党费, value 292000, unit 元. Units, multipliers,
approximation words are data (``data/units.toml``); the categories a figure may fall in
are its report's kind's (``[[category]]`` of ``data/kinds/KIND.toml``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ..data import read_lines, read_toml
from ..model import Figure, Sentence, Token
from ..ranking.tokenize import offsets as token_offsets
from .kinds import kinds
from .labels import label_of, rate_label, retag
from .numerals import CN_NUMERALS, parse_number, plain

_CN_NUM = f"[{CN_NUMERALS}]+"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A number glued to these is part of a code or formula (N95, 1+5+N, 3.5.1, 0:00).
_CODE_BEFORE = re.compile(r"[A-Za-z0-9.．+＋﹢\-/:：_#]")
_CODE_AFTER = re.compile(r"[A-Za-z+＋﹢_#]")
# Quoted names made of digits and joiners: “4333”, “1+5+N”, “311”, “5+2”.
_CODE_QUOTE = re.compile(r"[“\"'‘「]([0-9A-Za-z+＋﹢\-—.·、 ]+)[”\"'’」]")
_HAN = re.compile("[\u4e00-\u9fff]")
_MAY_HAVE_NUMBER = re.compile(r"\d|百分之|[一二两三四五六七八九十][一二两三四五六七八九十百千万亿]")
"""Cheap pre-check: most sentences carry no number and skip the full pattern."""


@dataclass(frozen=True)
class Units:
    """Unit vocabulary from ``data/units.toml``."""

    counts: tuple[str, ...]
    money: tuple[str, ...]
    money_base: str
    multipliers: dict[str, int]
    approx_before: dict[str, str]
    approx_after: dict[str, str]
    durations: tuple[str, ...]
    named_units: frozenset[str]
    named_after: tuple[str, ...]
    named_before: tuple[str, ...]


@cache
def units() -> Units:
    """The unit tables, loaded once."""
    d = read_toml("units.toml")
    return Units(
        counts=tuple(d["counts"]),
        money=tuple(d["money"]),
        money_base=d["money_base"],
        multipliers=dict(d["multipliers"]),
        approx_before=dict(d["approx_before"]),
        approx_after=dict(d["approx_after"]),
        durations=tuple(d["durations"]),
        named_units=frozenset(d.get("named_units", ())),
        named_after=tuple(d.get("named_after", ())),
        named_before=tuple(d.get("named_before", ())),
    )


@cache
def _pattern() -> re.Pattern[str]:
    u = units()

    def alt(words: Sequence[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))

    num = rf"(?:{_ARABIC}|{_CN_NUM})"
    return re.compile(
        rf"(?P<before>{alt(list(u.approx_before))})?"
        rf"(?:百分之(?P<pct>{num})|"
        rf"(?P<num>{num})(?:(?:至|到|-|~|～|—|－)(?P<num2>{num}))?"
        rf"(?P<after1>{alt([k for k in u.approx_after if len(k) == 1])})?"
        rf"(?P<mult>{alt(list(u.multipliers))})?"
        rf"(?P<after2>{alt([k for k in u.approx_after if len(k) == 1])})?"
        rf"(?P<unit>[%％]|{alt([*u.counts, *u.money])}))"
        rf"(?P<after3>{alt([k for k in u.approx_after if len(k) > 1])})?"
    )


@cache
def _starts() -> re.Pattern[str]:
    """Every character a figure can begin with: a digit, a Chinese numeral (百 of 百分之
    among them), or the first character of an approximation word (近, 约, 超过)."""
    firsts = "".join(sorted({re.escape(w[0]) for w in units().approx_before}))
    return re.compile(rf"[\d{CN_NUMERALS}{firsts}]")


def _matches(text: str) -> Iterator[re.Match[str]]:
    """``_pattern().finditer(text)``, trying the pattern only where a figure can begin.

    The pattern opens with an optional approximation word, so the regex engine cannot skip
    ahead by its first character and tries every position of the sentence; the positions
    where one of those characters stands are under a tenth of them.
    """
    pattern = _pattern()
    done = 0
    for start in _starts().finditer(text):
        if start.start() >= done and (m := pattern.match(text, start.start())):
            done = m.end()
            yield m


@cache
def categories(kind: str) -> tuple[tuple[str, re.Pattern[str], frozenset[str]], ...]:
    """Figure categories of a kind of report from its ``data/kinds/KIND.toml``: (name, label
    pattern, units); none for a kind without categories (``other``).

    A category's label patterns are joined into one alternation: one search per category
    instead of one per pattern.
    """
    found = kinds().get(kind)
    return tuple(
        (c["name"], re.compile("|".join(f"(?:{p})" for p in c["labels"])), frozenset(c.get("units", ())))
        for c in (found.categories if found else ())
    )


def category_names(present: Iterable[str]) -> tuple[str, ...]:
    """Category names of the kinds, kind by kind in file order: the row order of the comparison table."""
    return tuple(dict.fromkeys(name for kind in present for name, _, _ in categories(kind)))


@cache
def categorise(label: str, unit: str, kind: str) -> str | None:
    """First category of the kind whose label pattern matches and whose units (if any) include ``unit``."""
    for name, pattern, unit_set in categories(kind):
        if unit_set and unit not in unit_set:
            continue
        if pattern.search(label):
            return name
    return None


def _segment(text: str, at: int) -> int:
    """Start of the part of the sentence, between semicolons, that holds offset ``at``."""
    return 1 + max(text.rfind(c, 0, at) for c in "；;")


def _is_cn(text: str) -> bool:
    return bool(_HAN.search(text))


def _acceptable_cn(text: str) -> bool:
    # Single numerals (三个到位, 一线, 十户长) are names and idioms, not statistics, and
    # a leading 千/万 is a word (千家万户), not a number.
    return len(text) >= 2 and text[0] in "一二两三四五六七八九十" and any(ch in "十百千万亿" for ch in text)


def _code_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE_QUOTE.finditer(text)]


def _offsets(tokens: Sequence[Token]) -> tuple[list[int], list[int]]:
    """Start and end offset of each token, as two sorted lists ready for bisection."""
    bounds = token_offsets(tokens)
    return bounds[:-1], bounds[1:]


def _split_tokens(
    tokens: Sequence[Token], offsets: tuple[list[int], list[int]], start: int, end: int
) -> tuple[list[Token], list[Token]]:
    """Tokens before ``start`` and after ``end``, cutting any token that straddles them."""
    # Token offsets are sorted, so the two cut points are found by bisection and the rest
    # are slices: a sentence's tokens are not walked once per figure.
    starts, ends = offsets
    i = bisect.bisect_right(ends, start)
    before = list(tokens[:i])
    if i < len(tokens) and starts[i] < start:
        w, t = tokens[i]
        before.append((w[: start - starts[i]], t))
    j = bisect.bisect_left(starts, end)
    after = list(tokens[j:])
    if j > 0 and ends[j - 1] > end:
        w, t = tokens[j - 1]
        rest = w[end - starts[j - 1] :]
        after.insert(0, (rest, "n" if _HAN.search(rest) else t))
    return before, after


def extract_figures(
    text: str,
    tokens: Sequence[Token] | None = None,
    index: int = 0,
    where: int = 0,
    kind: str = "epidemic",
    row: str | None = None,
) -> list[Figure]:
    """Figures in one sentence; ``tokens`` are its (word, POS) pairs from the tokenizer seam.

    Without tokens the sentence is tagged here, for callers outside the pipeline; ``index``
    is the sentence's :attr:`~summarizer.model.Sentence.index`, recorded in each figure.
    Categories are those of ``kind`` (the project's first kind, epidemic work, unless
    told); ``row`` is the category of every figure when the kind has none of its own.
    """
    if not _MAY_HAVE_NUMBER.search(text):
        return []
    if tokens is None:
        from ..ranking.tokenize import get_tokenizer

        tokens = get_tokenizer().tag(text)
    u = units()
    codes = _code_spans(text)
    offsets: tuple[list[int], list[int]] | None = None
    figures: list[Figure] = []
    # Label of the first figure of the sentence's part between semicolons and where that
    # part starts (地区生产总值391亿元，增长8.6%；): what a rate after a comma in it changes.
    subject, subject_at = "", -1
    for m in _matches(text):
        start, end = m.span()
        raw_num = m["pct"] or m["num"]
        num_start = m.start("pct") if m["pct"] else m.start("num")
        if codes and any(a <= start < b for a, b in codes):
            continue
        if _is_cn(raw_num):
            if not _acceptable_cn(raw_num):
                continue
        elif (num_start and _CODE_BEFORE.match(text, num_start - 1)) or _CODE_AFTER.match(text, end):
            continue
        if text[max(0, num_start - 1) : num_start] == "第":
            continue
        unit = m["unit"]
        if text.startswith(u.durations, end):
            continue
        if unit in u.named_units and (text.startswith(u.named_after, end) or text.endswith(u.named_before, 0, start)):
            continue  # 15路公交车: a name, not a count
        try:
            value: int | float = parse_number(raw_num)
            high = parse_number(m["num2"]) if m["num2"] else None
        except ValueError:
            continue
        mult = u.multipliers.get(m["mult"] or "", 1)
        if unit in u.money:
            unit = u.money_base
        if unit == "％":
            unit = "%"
        if mult != 1:
            # In decimal: 29.2万 is 292000, where 29.2 * 10000 in binary is 291999.99999999997.
            value = plain(Decimal(str(value)) * mult)
            if high is not None:
                high = plain(Decimal(str(high)) * mult)
        approx_word = m["before"] or m["after1"] or m["after2"] or m["after3"]
        approx = u.approx_before.get(approx_word or "") or u.approx_after.get(approx_word or "")
        if offsets is None:
            # Once a sentence, for all its figures: where each token begins, the tags the
            # labels read (a sentence with a number holds two figures on average), and
            # whether a clause may open with a topic (煤矿方面：) at all.
            offsets, tokens = _offsets(tokens), retag(tokens)
            colon = "：" in text or ":" in text
        before, after = _split_tokens(tokens, offsets, start, end)
        label = label_of(before, after, bound=approx == "上", retagged=True, topics=colon)
        segment = _segment(text, start)
        if not label and unit == "%":
            label = rate_label(before, subject if subject_at == segment else "")
        if not label and figures and text.endswith(figures[-1].text, 0, start):
            # 转移安置群众530户1878人: a number right after another counts the same things.
            label = figures[-1].label
        if not label:
            continue
        if unit != "%" and subject_at != segment:
            subject, subject_at = label, segment
        figures.append(
            Figure(
                label=label,
                value=value,
                unit=unit,
                approx=approx,
                category=categorise(label, unit, kind) if row is None else row,
                text=m.group(),
                sentence=text,
                high=high,
                index=index,
                where=where,
            )
        )
    return figures


def figures_of(
    sentences: Sequence[Sentence],
    tokens: Sequence[Sequence[Token]],
    kind: str = "epidemic",
    rows: Mapping[int, str | None] | None = None,
) -> tuple[Figure, ...]:
    """All figures of a report's sentences, in order; ``tokens[s.index]`` are sentence ``s``'s.

    Their categories are the report's kind's; ``rows``, given for a kind without categories
    of its own, names each sentence's row by its index instead (the short heading of its
    section), and a sentence without one has figures of no category.
    """
    return tuple(
        f
        for s in sentences
        for f in extract_figures(s.text, tokens[s.index], s.index, s.where, kind, rows.get(s.index) if rows else None)
    )


@cache
def _vague() -> frozenset[str]:
    return frozenset(read_lines("vague_labels.txt"))


def vague(label: str) -> bool:
    """Whether a label is too general to say what its figure counts (``项目``, ``村``)."""
    return len(label) <= 1 or label in _vague()


def key_figures(figures: Sequence[Figure], summary: Sequence[Sentence], limit: int) -> tuple[Figure, ...]:
    """The figures a report's part of the briefing lists, in text order: those of a
    comparison category first, then those its summary does not already state; never a
    count of one.

    Spreading them over the report's sentences was tried: it listed 党员 15名 and 信息 32条
    before the rest of the sentence that gave 先锋队 453支 and 党员先锋岗 248个.
    """
    shown = "".join(s.text for s in summary)
    # A count of one (1个电视台, named in a slogan's 1+3+N) is a thing, not a statistic; a
    # vague label (项目 116个) does not say what was counted.
    listed = [
        i
        for i, f in enumerate(figures)
        if not (f.value == 1 and f.high is None and f.unit not in ("元", "%")) and not vague(f.label)
    ]
    order = sorted(listed, key=lambda i: (figures[i].category is None, figures[i].text in shown, i))
    return tuple(figures[i] for i in sorted(order[:limit]))
