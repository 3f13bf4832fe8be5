"""Practices are whole measures as the reports write them: a verb and its whole object."""

from __future__ import annotations

import re

import pytest

from summarizer import summarize
from summarizer.briefing.digest import themes
from summarizer.model import Practice
from summarizer.ranking.practices import practices_in
from summarizer.ranking.tokenize import get_tokenizer

from .conftest import BACKENDS, CORPUS, need_corpus
from .test_digest import bare_report


def found(text: str, backend: str) -> list[str]:
    return [p.text for p in practices_in(get_tokenizer(backend).tag(text))]  # type: ignore[arg-type]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("促进房地产市场平稳健康发展。", "促进房地产市场平稳健康发展"),  # adjectives inside the object
        ("严控一般性支出，", "严控一般性支出"),  # a verb closing the clause is the head
        ("推进地下水超采综合治理，", "推进地下水超采综合治理"),  # the verb of a compound inside
        ("纵深推进扫黑除恶专项斗争，", "推进扫黑除恶专项斗争"),
        ("开展“万企兴万村”行动。", "开展“万企兴万村”行动"),  # a quoted name is one word
        ("全县成立临时党支部50个，设立12个党员先锋岗。", "设立党员先锋岗"),  # past number and measure
        ("组建党员突击队和先锋队453支，", "组建党员突击队"),  # a shorter conjunct is one of its own
        ("组建“党员突击队”下沉一线。", "组建党员突击队"),  # quotes around the whole object only stress it
    ],
)
def test_the_object_is_the_whole_noun_phrase(text: str, whole: str, backend: str) -> None:
    assert whole in found(text, backend)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "促进农业高质高效、乡村宜居宜业。",  # 高质 of 高质高效: the phrase goes on
        "构建亲清统一的新型政商关系。",  # a modifier before 的
        "实施高新技术企业和科技型中小企业培育提速扩容行动。",  # a conjunct sharing a later head
        "提升乡村产业发展、乡村建设和乡村治理水平。",
        "获评全国市域社会治理现代化试点合格城市。",  # too long to be one measure: dropped, not cut
    ],
)
def test_no_object_is_cut_where_the_phrase_goes_on(text: str, backend: str) -> None:
    assert found(text, backend) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_ordinal_lead_in_or_place_name_is_a_practice(backend: str) -> None:
    assert found("三是精简文件简报，", backend) == []
    assert found("第一，成立临时党支部。", backend) == ["成立临时党支部"]
    assert not any("保定" in p for p in found("新增未央广场至保定火车站西广场的13路公交线路。", backend))


@pytest.mark.parametrize("backend", BACKENDS)
def test_verbs_inside_a_compound_head_no_practice(backend: str) -> None:
    got = found("深入打好污染防治攻坚战，常态化开展扫黑除恶专项斗争，扎实落实减税降费政策。", backend)
    assert not any(p.startswith(("防治", "除恶", "扫黑", "减税")) for p in got), got


def test_light_verbs_count_only_before_a_named_measure() -> None:
    assert found("推进高质量发展，开展主题教育。", "rjieba") == ["开展主题教育"]


def test_one_measure_named_with_verbs_of_one_class_is_one_theme() -> None:
    a = bare_report("a.txt", "甲市", practices=(Practice("推进", "地下水超采综合治理"),))
    b = bare_report("b.txt", "乙县", practices=(Practice("做好", "地下水超采综合治理"),))
    (theme,) = themes([a, b])
    assert theme.term.endswith("地下水超采综合治理") and theme.regions == ("甲市", "乙县")


# ---- the full government work reports ------------------------------------------------------


def test_the_full_reports_share_whole_measures() -> None:
    """Each shared practice ends where its noun phrase ends in every sentence it comes from:
    on a word boundary, and not before more of the phrase (a noun, an adjective, 的)."""
    need_corpus()
    digest = summarize([CORPUS / "full"])
    assert digest.themes
    tokenizer = get_tokenizer("rjieba")
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((CORPUS / "full").glob("*.txt")))
    for theme in digest.themes:
        assert not re.match("[一二三四五六七八九十]+是|第[一二三四五六七八九十]", theme.term), theme.term
        sentences = [s for s in re.split("[。；！？\n]", text) if theme.term in s]
        assert sentences, theme.term
        for sentence in sentences:
            at, following = 0, {}
            tokens = tokenizer.tag(sentence)
            for k, (word, _) in enumerate(tokens):
                at += len(word)
                following[at] = tokens[k + 1] if k + 1 < len(tokens) else ("。", "x")
            end = sentence.index(theme.term) + len(theme.term)
            assert end in following, (theme.term, sentence)  # no word cut
            word, tag = following[end]
            assert word != "的" and not tag.startswith(("n", "a", "b", "j", "l")), (theme.term, sentence)
