"""Ranking: agreement with textrank4zh, per-section key sentences, keywords."""

from __future__ import annotations

import re
from typing import Any

import pytest

from summarizer import Options, read_report
from summarizer.rank import pagerank, rank, similarity_matrix
from summarizer.render import report_to_dict

from .conftest import SEEDS


def _owner(ours: list[str], theirs: str) -> int | None:
    for i, s in enumerate(ours):
        if theirs in s:
            return i
    return None


def test_top3_agrees_with_textrank4zh() -> None:
    pytest.importorskip("textrank4zh")
    from summarizer.reference import _textrank4zh

    textrank4zh, _ = _textrank4zh()
    agree = 0
    for path in sorted(SEEDS.glob("*.txt")):
        report = read_report(path, Options(tokenizer="jieba"))
        sentences = report.sentences
        texts = [s.text for s in sentences]
        ranking = rank(sentences, "overlap")
        # textrank4zh skips sentences shorter than 6 characters when it reports the top ones.
        eligible = [(i, s) for i, s in enumerate(sentences) if len(s.text) >= 6]
        ours = {i for i, _ in sorted(eligible, key=lambda p: -ranking.scores[p[1].index])[:3]}
        # One sentence per line and no other delimiter, so both engines rank the same sentences.
        tr = textrank4zh.TextRank4Sentence(delimiters=["\n"])
        tr.analyze(text="\n".join(texts), lower=True)
        theirs = {_owner(texts, item.sentence) for item in tr.get_key_sentences(num=3)}
        agree += ours == theirs
    assert agree >= 4


def test_pagerank_matches_the_closed_form_on_a_symmetric_graph() -> None:
    import numpy as np

    w = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=float)
    x = pagerank(w)
    assert x.sum() == pytest.approx(1.0)
    assert x[0] > x[1] == pytest.approx(x[2])


def test_bm25_similarity_is_symmetric_without_self_loops() -> None:
    sim = similarity_matrix([["党员", "志愿者"], ["党员", "口罩"], ["口罩"]], "bm25")
    assert (sim == sim.T).all() and (sim.diagonal() == 0).all()
    assert sim[0, 2] == 0 and sim[0, 1] > 0


def test_every_section_has_key_sentences_and_headings_are_not_picked(seed_reports: dict[str, Any]) -> None:
    for report in seed_reports.values():
        headings = {s.heading for s in report.sections}
        for section in report.sections:
            if section.sentences:
                assert section.key_sentences
                assert set(section.key_sentences) <= set(section.sentences)
            assert not any(k.text in headings for k in section.key_sentences)
        assert report.summary and report.keywords
        assert all(len(s.text) >= 16 for s in report.summary)
        indices = [s.index for s in report.summary]
        assert indices == sorted(indices)


def test_keywords_have_no_pinyin_numbers_or_single_characters(seed_reports: dict[str, Any]) -> None:
    for report in seed_reports.values():
        for word in report.keywords:
            assert len(word) >= 2 and re.fullmatch("[\u4e00-\u9fff]+", word), word


def test_json_carries_ranking_fields(seed_reports: dict[str, Any]) -> None:
    data = report_to_dict(seed_reports["003_c2f5e837ff8a0051.txt"])
    assert data["summary"] and data["keywords"]
    assert all("key_sentences" in s for s in data["sections"])
    assert not any(re.search("[a-zāáǎàēéěèīíǐìōóǒòūúǔù]", w) for w in data["keywords"])
