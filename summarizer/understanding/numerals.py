"""Numbers as reports write them: Arabic (``1,500``, ``29.2``) and Chinese (``三百``, ``两千``) numerals.

Chinese numerals below 一万 in their usual form (十二, 三百零五, 两千) are read here; the
rest (万, 亿, digit strings such as 二〇二〇) go through cn2an, imported only then, since
loading it (its patterns and the place data it brings) costs more than a small run's reading.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
"""Every character a Chinese numeral is written with."""
_HAN = re.compile("[\u4e00-\u9fff〇]")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_WRITTEN = "一二三四五六七八九"


def _below_ten_thousand(text: str) -> int | None:
    """``三百零五`` → 305; None for what is not a plain numeral below 一万 (二〇二〇, 一万五千)."""
    total, digit, last = 0, None, 10_000
    for ch in text:
        if ch in _DIGITS:
            if digit:  # two digits in a row (三〇五): a digit string
                return None
            digit = _DIGITS[ch]
        elif ch in _UNITS and _UNITS[ch] < last and (digit or (ch == "十" and total == 0 and digit is None)):
            last = _UNITS[ch]
            total += (digit or 1) * last
            digit = None
        else:
            return None
    return total + (digit or 0)


def parse_chinese_number(text: str) -> int:
    """``三百`` → 300, ``两千`` → 2000, ``十二`` → 12, ``一万五千`` → 15000, ``三〇五`` → 305.

    >>> parse_chinese_number("一万五千")
    15000
    """
    if not text or any(ch not in CN_NUMERALS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    simple = _below_ten_thousand(text)
    if simple is not None:
        return simple
    import cn2an

    try:
        # "normal" reads 两 (两千) and digit strings (三〇五) as reports write them.
        value = cn2an.cn2an(text.replace("〇", "零"), "normal")
    except (ValueError, KeyError) as err:
        raise ValueError(f"not a Chinese numeral: {text!r}") from err
    return int(value)


def parse_number(text: str) -> int | float:
    """Arabic (``1,500``, ``29.2``) or Chinese (``三百``) numeral to a number.

    >>> parse_number("1,500"), parse_number("29.2"), parse_number("三百")
    (1500, 29.2, 300)
    """
    text = text.strip()
    if _HAN.search(text):
        return parse_chinese_number(text)
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as err:
        raise ValueError(f"not a number: {text!r}") from err
    return plain(value)


def plain(value: Decimal) -> int | float:
    """An int when the value is whole, else a float."""
    return int(value) if value == value.to_integral_value() else float(value)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 105 → 一百零五, 1010 → 一千零一十: briefing section numbers.

    >>> chinese_number(12), chinese_number(105)
    ('十二', '一百零五')
    """
    if 0 < n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 0 else "十" if tens == 1 else _WRITTEN[tens - 1] + "十") + (
            _WRITTEN[ones - 1] if ones else ""
        )
    import cn2an

    return str(cn2an.an2cn(n))
