"""Numbers as reports write them: Arabic (``1,500``, ``29.2``) and Chinese (``三百``, ``两千``) numerals.

Chinese numerals go through cn2an both ways; it is imported only when one is met, since
loading it costs more than the rest of a small run's reading.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
"""Every character a Chinese numeral is written with."""
_HAN = re.compile("[\u4e00-\u9fff〇]")


def parse_chinese_number(text: str) -> int:
    """``三百`` → 300, ``两千`` → 2000, ``十二`` → 12, ``一万五千`` → 15000, ``三〇五`` → 305.

    >>> parse_chinese_number("一万五千")
    15000
    """
    if not text or any(ch not in CN_NUMERALS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
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
    import cn2an

    return str(cn2an.an2cn(n))
