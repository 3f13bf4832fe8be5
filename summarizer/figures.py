"""Stage 5, figures: every statistic in a sentence, with the noun phrase it counts.

``组建“尖刀班”115个`` → Figure(label="尖刀班", value=115, unit="个");
``下拨29.2万元党费`` → label 党费, value 292000, unit 元. Units, multipliers,
approximation words and categories are data (``data/units.toml``, ``data/categories.toml``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from operator import itemgetter

from .data import read_toml
from .model import Figure, Sentence, Token

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
_CN_NUM = f"[{_CN_NUMERALS}]+"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A number glued to these is part of a code or formula (N95, 1+5+N, 3.5.1, 0:00).
_CODE_BEFORE = re.compile(r"[A-Za-z0-9.．+＋﹢\-/:：_#]")
_CODE_AFTER = re.compile(r"[A-Za-z+＋﹢_#]")
# Quoted names made of digits and joiners: “4333”, “1+5+N”, “311”, “5+2”.
_CODE_QUOTE = re.compile(r"[“\"'‘「]([0-9A-Za-z+＋﹢\-—.·、 ]+)[”\"'’」]")
_HAN = re.compile("[\u4e00-\u9fff]")
_MAY_HAVE_NUMBER = re.compile(r"\d|百分之|[一二两三四五六七八九十][一二两三四五六七八九十百千万亿]")
"""Cheap pre-check: most sentences carry no number and skip the full pattern."""

NOUN_TAGS = frozenset({"n", "nz", "vn", "nt", "ns", "nr", "nrt", "j", "l", "ng", "an", "s"})
MODIFIER_TAGS = frozenset({"b", "v", "vd", "a", "ad", "d", "f", "m"})
HEAD_TAGS = NOUN_TAGS - {"vn", "an", "l", "i"}
"""A label names a thing: 防控工作 (an activity, head 工作/vn) is not what 12人 counts."""
MAX_LABEL_TOKENS = 5
MAX_QUOTED_LABEL = 12


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
    connectors: frozenset[str]


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
        connectors=frozenset(d["connectors"]),
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
    return re.compile(rf"[\d{_CN_NUMERALS}{firsts}]")


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
def categories() -> tuple[tuple[str, re.Pattern[str], frozenset[str]], ...]:
    """Figure categories from ``data/categories.toml``: (name, label pattern, units).

    A category's label patterns are joined into one alternation: one search per category
    instead of one per pattern.
    """
    return tuple(
        (c["name"], re.compile("|".join(f"(?:{p})" for p in c["labels"])), frozenset(c.get("units", ())))
        for c in read_toml("categories.toml")["category"]
    )


def category_names() -> tuple[str, ...]:
    """Category names in file order: the row order of the comparison table."""
    return tuple(dict.fromkeys(name for name, _, _ in categories()))


@cache
def categorise(label: str, unit: str) -> str | None:
    """First category whose label pattern matches and whose units (if any) include ``unit``."""
    for name, pattern, unit_set in categories():
        if unit_set and unit not in unit_set:
            continue
        if pattern.search(label):
            return name
    return None


def parse_chinese_number(text: str) -> int:
    """``三百`` → 300, ``两千`` → 2000, ``十二`` → 12, ``一万五千`` → 15000, ``三〇五`` → 305."""
    if text and all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        elif ch in _CN_BIG:
            total = (total + section + digit) * _CN_BIG[ch]
            section = digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + digit


def parse_number(text: str) -> int | float:
    """Arabic (``1,500``, ``29.2``) or Chinese (``三百``) numeral to a number."""
    text = text.strip()
    if _HAN.search(text) or text[:1] in "〇零":
        return parse_chinese_number(text)
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as err:
        raise ValueError(f"not a number: {text!r}") from err
    return _plain(value)


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


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
    # The tokens concatenate back to the sentence, so each starts where the last ended.
    ends = list(itertools.accumulate(map(len, map(itemgetter(0), tokens))))
    return [0, *ends[:-1]] if ends else [], ends


def _quoted(tokens: Sequence[Token], start: int, step: int) -> tuple[str, int] | None:
    """Text inside the quote that starts (step=1) or ends (step=-1) at ``start``."""
    close = "”" if step == 1 else "“"
    parts = []
    i = start + step
    while 0 <= i < len(tokens) and tokens[i][0] != close:
        parts.append(tokens[i][0])
        i += step
    if not (0 <= i < len(tokens)):
        return None
    text = "".join(parts if step == 1 else reversed(parts))
    if not text or len(text) > MAX_QUOTED_LABEL or not _HAN.search(text):
        return None
    return text, i


def _label_after(tokens: Sequence[Token]) -> str:
    conn = units().connectors
    words: list[Token] = []
    i = 0
    while i < len(tokens) and len(words) < MAX_LABEL_TOKENS:
        w, t = tokens[i]
        if w == "“":
            q = _quoted(tokens, i, 1)
            if q is None:
                break
            follows = tokens[q[1] + 1][0] if q[1] + 1 < len(tokens) else ""
            if words and _HAN.search(follows):
                # 党员“轻骑队”， names the thing; 巾帼志愿者“逆行”而战 quotes a predicate.
                break
            words.append((q[0], "n"))
            i = q[1] + 1
            continue
        if w in conn or not _HAN.search(w):
            break
        if t in NOUN_TAGS:
            words.append((w, t))
        elif (
            t in MODIFIER_TAGS
            and len(w) >= 2
            and i + 1 < len(tokens)
            and tokens[i + 1][1] in HEAD_TAGS
            and sum(len(word) for word, tag in words if tag in NOUN_TAGS) <= 2
        ):
            # 在职党员, 旗直部门, 驻村帮扶工作队: a modifier leads into a head noun; after
            # a full noun phrase a verb starts the predicate (党员志愿者参与社区服务).
            words.append((w, t))
        else:
            break
        i += 1
    while words and words[-1][1] not in HEAD_TAGS:
        words.pop()
    return "".join(w for w, _ in words)


def _label_before(tokens: Sequence[Token]) -> str:
    conn = units().connectors
    i = len(tokens) - 1
    while i >= 0 and tokens[i][0] in conn:
        i -= 1
    if i < 0:
        return ""
    if tokens[i][0] == "”":
        q = _quoted(tokens, i, -1)
        return q[0] if q else ""
    if tokens[i][1] not in HEAD_TAGS:
        return ""
    words: list[str] = []
    while i >= 0 and len(words) < MAX_LABEL_TOKENS:
        w, t = tokens[i]
        if w in conn or not _HAN.search(w):
            break
        if t in NOUN_TAGS:
            words.insert(0, w)
        elif (
            t in MODIFIER_TAGS
            and len(words) == 1
            and len(words[0]) <= 2
            and len(w) >= 2
            and t != "m"
            and (t != "v" or (i > 0 and (tokens[i - 1][1] in ("v", "vn") or tokens[i - 1][0] == "、")))
        ):
            # A bare head noun takes one modifier (劝返卡点); a verb only when it is itself
            # the object of another verb or a list item (设置劝返卡点、隔离面罩), else it is
            # the predicate (拨付党费).
            words.insert(0, w)
            break
        else:
            break
        i -= 1
    return "".join(words)


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


def extract_figures(text: str, tokens: Sequence[Token] | None = None) -> list[Figure]:
    """Figures in one sentence; ``tokens`` are its (word, POS) pairs from the tokenizer seam.

    Without tokens the sentence is tagged here, for callers outside the pipeline.
    """
    if not _MAY_HAVE_NUMBER.search(text):
        return []
    if tokens is None:
        from .tokenize import get_tokenizer

        tokens = get_tokenizer().tag(text)
    u = units()
    codes = _code_spans(text)
    offsets: tuple[list[int], list[int]] | None = None
    figures = []
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
            value = _plain(Decimal(str(value)) * mult)
            if high is not None:
                high = _plain(Decimal(str(high)) * mult)
        approx_word = m["before"] or m["after1"] or m["after2"] or m["after3"]
        approx = u.approx_before.get(approx_word or "") or u.approx_after.get(approx_word or "")
        offsets = offsets or _offsets(tokens)
        before, after = _split_tokens(tokens, offsets, start, end)
        label = _label_after(after) or _label_before(before)
        if not label:
            continue
        figures.append(
            Figure(
                label=label,
                value=value,
                unit=unit,
                approx=approx,
                category=categorise(label, unit),
                text=m.group(),
                sentence=text,
                high=high,
            )
        )
    return figures


def figures_of(sentences: Sequence[Sentence]) -> tuple[Figure, ...]:
    """All figures of a report's sentences, in order."""
    return tuple(f for s in sentences for f in extract_figures(s.text, s.tokens))
