"""Chinese numerals: read here below 一万, by cn2an beyond; both agree with cn2an everywhere."""

from __future__ import annotations

import cn2an
import pytest

from summarizer.understanding.numerals import chinese_number, parse_chinese_number


def test_every_numeral_below_ten_thousand_reads_as_cn2an_reads_it() -> None:
    for n in range(1, 10_000):
        written = cn2an.an2cn(n)
        assert parse_chinese_number(written) == n, written
        assert parse_chinese_number(written.replace("二", "两", 1)) == cn2an.cn2an(
            written.replace("二", "两", 1), "normal"
        )


@pytest.mark.parametrize("text", ["三〇五", "二〇二〇", "一万五千", "五零", "零", "两百", "一十二"])
def test_other_forms_read_as_cn2an_reads_them(text: str) -> None:
    assert parse_chinese_number(text) == cn2an.cn2an(text.replace("〇", "零"), "normal")


@pytest.mark.parametrize("text", ["百", "十十", "百十", "万"])
def test_what_is_no_numeral_is_an_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_chinese_number(text)


def test_section_numbers_as_cn2an_writes_them() -> None:
    assert [chinese_number(n) for n in range(1, 130)] == [cn2an.an2cn(n) for n in range(1, 130)]
