"""Character-level normalisation: pinyin annotations removed, Traditional to Simplified, widths fixed.

Runs before furniture cleaning so that the furniture rules (written in Simplified, with
full-width punctuation) match pages in either script.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import Protocol

from ..data import read_lines
from ..model import Block
from ..options import Script

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A pinyin syllable (initial, final, optional tone marks) glued in ASCII brackets to the
# Han character it annotates: 內(nèi)江 → 內江. The syllable shape keeps real brackets such
# as (市、区) or (钟元良 刘海涛) untouched, and English words in brackets rarely fit it.
_SYLLABLE = rf"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouüv{_TONED}]{{1,3}}(?:ng|n|r)?[1-5]?"
# Where a lossy re-encoding turned the character and its "(" into "?", only "?qǐng)" is
# left; it is dropped too, since the character cannot be recovered. The "after a Han
# character" condition is checked in _unpinyin: a look-behind at the start of the pattern
# would be tried at every position of the report, an opening bracket only where one is.
_PINYIN = re.compile(rf"[(?？]{_SYLLABLE}\)")
_HAN_RE = re.compile(f"[{_HAN}]")
_NOT_HAN = re.compile(f"[^{_HAN}]+")
_SPACED_TOKEN = rf"(?:[{_HAN}，。、；：！？“”《》（）]|[\d.%]+)"
_SPACED_CHAR = re.compile(rf"[{_HAN}，。、；：！？“”《》（）\d.%]")


def _spaced_run(space: str) -> re.Pattern[str]:
    """Characters set apart by a ``space`` each, as PDF extraction and letter-spaced titles
    leave them (政 府 工 作 报 告): three separators or more, each followed by one character or
    number, after one (checked in :func:`_join`). The pattern opens with the literal space,
    so the regex engine skips in C to the spaces, where one opening with a class or a
    repeat tries every position (twenty times the cost)."""
    return re.compile(rf"{space}(?:{space}?{_SPACED_TOKEN})(?:{space}{{1,2}}{_SPACED_TOKEN}){{2,}}")


_SPACED = _spaced_run(" ")
_SPACED_WIDE = _spaced_run("\u3000")
_SPACE_RUN = re.compile(r"[ \u3000]+")
MIN_SPACED_HAN = 3
"""A spaced run is joined only when it holds this many Han characters (a row of numbers stays)."""
_NUMBER_SPACE = re.compile(rf" (?:(?=\d)(?<=[{_HAN}，、；：（“] )|(?<=[\d%] )(?=[{_HAN}，。、；：）”]))")
"""A space between a number and the Chinese around it (2023 年, 增长 6.3%，), as PDF text has."""
NUMBER_SPACING = 500
"""A text with a spaced number every this many characters (and five at least) was laid out
for print: its numbers are joined to their words. A web page's few (2023-03-30 来源) stay."""
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidirectional embeddings, overrides and isolates: in a name or a line they make text show
in another order than it is (``exe.txt`` shown for ``txt.exe``); no report needs them."""
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The same characters one by one: ``ch in text`` finds each in C several times faster than
the pattern scans, and almost no text holds any."""
_SURROGATE = re.compile("[\ud800-\udfff]")
_MOJIBAKE = re.compile(r"\?{2,}")
"""Runs of ?? are what a page's non-breaking spaces become after a lossy re-encoding."""

_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
}
_CJK_CONTEXT = rf"[{_HAN}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’《》]"
_ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_ASCII_PUNCT = re.compile(r"([,;:?!])")
_FULLWIDTH_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_CJK_CHAR = re.compile(_CJK_CONTEXT)


def _widen_punctuation(text: str) -> str:
    # Split at the five ASCII marks and look at their neighbours: several times faster than
    # a pattern with a look-behind or a leading [ \t]* tried at every position, and than
    # a loop over match objects.
    parts = _ASCII_PUNCT.split(text)
    for k in range(1, len(parts), 2):
        before = parts[k - 1]
        kept = before.rstrip(" \t")
        if kept and _CJK_CHAR.match(kept, len(kept) - 1):
            # 中文 , → 中文，: the spaces between go with the mark.
            parts[k - 1] = kept
            parts[k] = _ASCII_TO_FULL[parts[k]]
        else:
            # After a number or Latin text (1,000 stays) the mark is Chinese only if
            # Chinese follows: the first character past the spaces, within 40.
            after = parts[k + 1][:40].lstrip(" \t")
            if after and _CJK_CHAR.match(after):
                parts[k] = _ASCII_TO_FULL[parts[k]]
    return "".join(parts)


_PAREN = re.compile(rf"\(([^()\n]*[{_HAN}][^()\n]*)\)")

SCRIPT_SAMPLE = 2000
"""Han characters examined to decide the script; enough for a stable ratio, cheap to convert."""
TRADITIONAL_RATIO = 0.03
"""Simplified text still has a few t2s-mapped characters (著, 乾); Traditional has 15 %+."""


class Converter(Protocol):
    """What we use of an OpenCC converter, whichever ``opencc`` module provides it."""

    def convert(self, text: str) -> str:
        """The text in the target script."""
        ...


@cache
def converter(config: str) -> Converter:
    """OpenCC converter for ``t2s``/``s2t``.

    Both opencc-python-reimplemented (pure Python, the declared dependency) and the
    compiled OpenCC wheel install a module named ``opencc``; whichever is importable is
    used. The compiled one wants the ``.json`` config name. The pure-Python one's
    dictionaries are applied by :mod:`summarizer.reading.convert`, which gives its results
    many times faster.
    """
    import opencc

    from .convert import from_reimplemented

    conv: Converter
    try:
        conv = opencc.OpenCC(config)
    except Exception:
        conv = opencc.OpenCC(f"{config}.json")
    if type(conv).__module__ == "opencc.opencc":
        return from_reimplemented(config) or conv
    return conv


def repair_pinyin(text: str) -> str:
    """Drop pinyin glued to characters: ``內(nèi)江市`` → ``內江市``; where the character itself
    was garbled into mojibake (``耙粋€(gè)``, ``菲髽I(yè)``), the garbage goes with it.

    >>> repair_pinyin("內(nèi)江市，作。耙粋€(gè)黨員")
    '內江市，作。黨員'
    """
    pieces = []
    done = 0
    for m in _PINYIN.finditer(text):
        start = m.start()
        if m[0][0] == "(" and not (start and _HAN_RE.match(text, start - 1) and not _garbage(text[start - 1])):
            cut = start
            while cut > max(0, start - MAX_GARBAGE) and _garbage(text[cut - 1]):
                cut -= 1
            if cut == start:
                continue  # a real bracket after a non-Han character: (a), (1)
            start = cut
        pieces.append(text[done:start])
        done = m.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


MAX_GARBAGE = 4
"""Characters of mojibake a garbled character left before its pinyin, at most."""
_CJK_MARKS = frozenset("·—–…“”‘’")


@cache
def _garbage(ch: str) -> bool:
    """A character mojibake is made of: a Latin letter, a Latin-1 or symbol character, a rare Han character."""
    if ch.isascii():
        return ch.isalpha()
    if "\u0080" <= ch <= "\u24ff":
        return ch not in _CJK_MARKS
    from .decode import is_rare

    return is_rare(ch)


@cache
def _traditional_only() -> re.Pattern[str]:
    # Characters t2s changes (data/traditional_chars.txt): counting them in a sample is as
    # good as converting it and comparing, at the cost of one scan.
    chars = "".join(read_lines("traditional_chars.txt"))
    return re.compile(f"[{re.escape(chars)}]")


def detect_script(text: str) -> Script:
    """``"traditional"`` or ``"simplified"``, from how many characters of a sample t2s would change."""
    sample = text[: SCRIPT_SAMPLE * 3]
    # Non-Han runs are few where Han characters are many: counting those is cheaper.
    han = len(sample) - sum(map(len, _NOT_HAN.findall(sample)))
    if not han:
        return "simplified"
    changed = len(_traditional_only().findall(sample))
    return "traditional" if changed / han > TRADITIONAL_RATIO else "simplified"


def to_simplified(text: str) -> str:
    """OpenCC t2s."""
    return converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """OpenCC s2t, for offices that read Traditional script."""
    return converter("s2t").convert(text)


def normalise_width(text: str) -> str:
    """Full-width digits and letters to ASCII; ASCII punctuation beside Chinese to full-width.

    ``参与率达９７.７%,共计`` → ``参与率达97.7%，共计``; ``13:47`` and ``1,000`` stay ASCII.
    """
    if _FULLWIDTH_RE.search(text):
        # translate() looks up every character in the table; most reports need none of it.
        text = text.translate(_FULLWIDTH_ALNUM)
    if "(" in text:
        text = _PAREN.sub(r"（\1）", text)
    return _widen_punctuation(text)


def _join(m: re.Match[str]) -> str:
    run, start = m.group(), m.start()
    before = m.string[start - 1 : start]
    if not (before and _SPACED_CHAR.match(before)):
        return run
    return _SPACE_RUN.sub("", run) if len(_HAN_RE.findall(before + run)) >= MIN_SPACED_HAN else run


def join_spaced(text: str) -> str:
    """Characters spaced out by extraction joined again, and numbers to their words where
    the whole text spaces them (a PDF's text: ``2023 年``, ``增长 6.3%，``).

    >>> join_spaced("政 府 工 作 报 告"), join_spaced("全 年 生 产 总 值 2215.8 亿 元 。"), join_spaced("县长 吴 鹏")
    ('政府工作报告', '全年生产总值2215.8亿元。', '县长 吴 鹏')
    """
    text = _SPACED.sub(_join, text)
    if "\u3000" in text:
        text = _SPACED_WIDE.sub(_join, text)
    if " " in text:
        spaced = len(_NUMBER_SPACE.findall(text))
        if spaced >= 5 and spaced * NUMBER_SPACING >= len(text):
            text = _NUMBER_SPACE.sub("", text)
    return text


def has_bidi(text: str) -> bool:
    """Whether a text holds a bidirectional control character (U+202A–U+202E, U+2066–U+2069)."""
    return any(ch in text for ch in BIDI_CONTROLS)


def without_bidi(text: str) -> str:
    """Text without bidirectional control characters (U+202A–U+202E, U+2066–U+2069)."""
    return _BIDI.sub("", text) if has_bidi(text) else text


def display_safe(text: str) -> str:
    r"""A name or line fit to show anywhere: bidirectional controls removed, and the bytes of a
    file name that were not UTF-8 (Python holds them as lone surrogates) shown as U+FFFD.

    >>> display_safe("\u202eexe.txt"), display_safe("\udcff报告.txt")
    ('exe.txt', '\ufffd报告.txt')
    """
    return _SURROGATE.sub("\ufffd", without_bidi(text))


def normalise(text: str) -> tuple[str, Script]:
    """Character-level normalisation of a whole report: returns ``(text, original_script)``.

    >>> normalise("內(nèi)江市組織部,")
    ('内江市组织部，', 'traditional')
    """
    text = join_spaced(repair_pinyin(without_bidi(text)))
    if "??" in text:  # a substring test is far cheaper than the pattern's scan
        text = _MOJIBAKE.sub("", text)
    script = detect_script(text)
    if script == "traditional":
        text = to_simplified(text)
    return normalise_width(text), script


def normalise_blocks(blocks: Sequence[Block]) -> tuple[list[Block], Script]:
    """:func:`normalise` over a report's paragraphs, their places kept: returns ``(blocks, original_script)``.

    The paragraphs are normalised as one text (no rule reaches across a line break), which
    costs a fraction of one call per paragraph.
    """
    text, script = normalise("\n".join(b.text for b in blocks))
    lines = text.split("\n")
    if len(lines) != len(blocks):  # pragma: no cover - no rule inserts or removes a line break
        pairs = [(b, normalise(b.text)[0]) for b in blocks]
        return [replace(b, text=t) for b, t in pairs], script
    return [b if b.text == line else replace(b, text=line) for b, line in zip(blocks, lines)], script
