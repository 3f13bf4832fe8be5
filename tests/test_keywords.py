"""Keywords and key phrases: words only, no pinyin, numbers or single characters."""

from __future__ import annotations

import re
from typing import Any

from summarizer import Options
from summarizer.pipeline import analyse_text, tag
from summarizer.ranking.keywords import keyphrases, keywords
from summarizer.rendering import report_to_dict


def test_keywords_have_no_pinyin_numbers_or_single_characters(seed_reports: dict[str, Any]) -> None:
    for report in seed_reports.values():
        for word in report.keywords:
            assert len(word) >= 2 and re.fullmatch("[\u4e00-\u9fff]+", word), word


def test_json_carries_ranking_fields(seed_reports: dict[str, Any]) -> None:
    data = report_to_dict(seed_reports["003_c2f5e837ff8a0051.txt"])
    assert data["summary"] and data["keywords"]
    assert all({"heading", "level", "sentences"} == set(s) for s in data["sections"])
    assert all({"text", "line", "sentence"} == set(s) for s in data["summary"])
    assert not any(re.search("[a-zāáǎàēéěèīíǐìōóǒòūúǔù]", w) for w in data["keywords"])


def test_recurring_pairs_become_key_phrases() -> None:
    text = "某县组织部\n疫情防控工作有序推进。党员干部投身疫情防控。疫情防控一线党旗飘扬。"
    sentences = analyse_text(text).sentences
    tokens = tag(sentences, Options())
    words = keywords(sentences, tokens)
    assert "疫情" in words and "防控" in words
    assert keyphrases(sentences, tokens, words)[0] == "疫情防控"
