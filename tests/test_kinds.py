"""Kinds of report: every report of the shared corpus and the seeds gets its kind from its text.

``epi/`` pages are epidemic work, ``other/`` pages the topic ``SOURCES.tsv`` gives, ``full/``
government work reports. The file name is never read: each text is analysed from a copy
named ``report.txt``.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest

from summarizer import Options, analyse_text, read_report, summarize
from summarizer.briefing.digest import digest_title
from summarizer.model import Report, Section, Sentence
from summarizer.understanding.figures import categories, categorise, category_names
from summarizer.understanding.kinds import (
    ORDER,
    _by_first,
    _cues,
    digest_topic,
    kind_name,
    kind_of,
    kinds,
    planned,
    scores,
    section_role,
    short_heading,
)

from .conftest import CORPUS, DATA, SEEDS, need_corpus

EXPECTED = {"epi": "epidemic", "full": "govreport"}
EPIDEMIC_ONLY = {"防疫物资", "岗位与卡点"}
"""The epidemic kind's categories no other kind has."""


def _corpus() -> list[tuple[str, str]]:
    rows = []
    for folder in ("epi", "other", "full"):
        index = CORPUS / folder / "SOURCES.tsv"
        if index.is_file():
            with index.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh, delimiter="\t"):
                    rows.append((f"{folder}/{row['file']}", row.get("topic") or EXPECTED[folder]))
    return rows


CORPUS_ROWS = _corpus()


@cache
def _report(name: str) -> Report:
    return read_report(CORPUS / name, Options())


@pytest.mark.parametrize(("name", "kind"), CORPUS_ROWS or [("none", "none")], ids=[n for n, _ in CORPUS_ROWS] or None)
def test_the_kind_of_every_corpus_report(name: str, kind: str, tmp_path: Path) -> None:
    need_corpus()
    # Under a neutral name: the kind is read from the text, never the file name.
    copy = tmp_path / "report.txt"
    copy.write_bytes((CORPUS / name).read_bytes())
    assert read_report(copy).kind == kind


def test_the_corpus_has_every_subject_kind() -> None:
    need_corpus()
    assert {k for _, k in CORPUS_ROWS} >= {"epidemic", "govreport", "flood", "safety", "rural", "partybuilding"}


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_the_seeds_are_epidemic_work(path: Path) -> None:
    assert read_report(path).kind == "epidemic"


def test_the_seeds_as_their_references_hold_them_are_epidemic_work() -> None:
    lines = (DATA / "seeds_refs.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [json.loads(line)["article"] for line in lines if line.strip()]
    assert articles
    assert {analyse_text(a).kind for a in articles} == {"epidemic"}


def test_no_epidemic_category_in_the_government_reports_briefing() -> None:
    need_corpus()
    digest = summarize([CORPUS / "full"])
    assert digest.title == "政府工作报告跨地区简报"
    assert {r.kind for r in digest.reports} == {"govreport"}
    shown = {row.category for row in digest.comparison}
    assert shown and not shown & set(category_names(["epidemic"]))
    assert not {f.category for r in digest.reports for f in r.figures} & set(category_names(["epidemic"]))
    assert {"投资与项目", "财政与资金"} <= shown


def test_no_epidemic_category_for_any_other_kind() -> None:
    for key in kinds():
        if key != "epidemic":
            assert not set(category_names([key])) & EPIDEMIC_ONLY, key
    need_corpus()
    for name, kind in CORPUS_ROWS:
        if kind != "epidemic":
            assert not {f.category for f in _report(name).figures} & EPIDEMIC_ONLY, name


# ---- shapes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "headings", "body", "kind"),
    [
        ("政府工作报告", ["过去一年工作回顾", "今年工作安排"], ["各位代表：向大会报告工作。"], "govreport"),
        (None, [], ["各位代表：受市人民政府委托，向大会报告。全市地区生产总值增长5%左右。"], "govreport"),
        ("某镇全力做好疫情防控工作", [], ["党员干部在卡点值守，为群众测温。"], "epidemic"),
        (None, [], ["连日暴雨，河水水位上涨，全镇转移群众300人，巡堤查险不停。"], "flood"),
        ("某县开展安全生产大检查", [], ["检查企业20家，排查隐患35处，责令整改。"], "safety"),
        ("某镇推进乡村振兴", [], ["发展特色产业，村集体经济收入增加。"], "rural"),
        ("某街道党建引领基层治理", [], ["社区党支部组织党员开展主题党日活动。"], "partybuilding"),
        ("某局2023年工作总结", ["主要工作", "存在的问题", "下一步打算"], ["今年以来，我局完成各项任务。"], "summary"),
        ("某区图书馆开放时间调整", [], ["周一闭馆，其余时间照常开放。"], "other"),
    ],
)
def test_kind_shapes(title: str | None, headings: list[str], body: list[str], kind: str) -> None:
    assert kind_of(title, headings, body) == kind


def test_party_work_in_an_epidemic_is_epidemic_work() -> None:
    """Party work is how an epidemic report says the work was done: its score counts half."""
    body = ["党支部书记带领党员组成突击队，党员在防疫一线冲锋在前。", "村党支部组织党员值守卡点。"]
    got = scores("党旗在抗疫一线高高飘扬", [], body)
    assert got["partybuilding"] >= got["epidemic"] / 2
    assert kind_of("党旗在抗疫一线高高飘扬", [], body) == "epidemic"


def test_a_government_report_is_one_whatever_it_covers() -> None:
    headings = ["2023年工作回顾", "全面推进乡村振兴", "巩固脱贫攻坚成果", "抓好安全生产", "2024年工作安排"]
    body = ["各位代表：现在，我代表县人民政府，向大会报告政府工作。", "乡村振兴扎实推进，农村人居环境持续改善。"]
    assert kind_of(None, headings, body) == "govreport"


def test_the_kind_reads_the_opening_only() -> None:
    # A cue beyond the opening counts for nothing: one cost for a report of any length.
    filler = ["今天天气晴朗，大家一起出门散步。"] * 400
    assert kind_of(None, [], [*filler, "防汛抗洪，转移群众。"] * 2) == "other"


def test_every_cue_begins_with_a_literal() -> None:
    """The cues join into one alternation the engine skips through in C (see kinds._cues)."""
    import re._parser as sre_parse  # type: ignore[import-not-found,unused-ignore]
    from re._constants import BRANCH, LITERAL  # type: ignore[import-not-found,unused-ignore]

    for pattern, key, _ in _cues()[1]:
        data = sre_parse.parse(pattern.pattern).data
        alternatives = data[0][1][1] if data[0][0] is BRANCH else [data]
        for alt in alternatives:
            assert next(iter(alt))[0] is LITERAL, (key, pattern.pattern)


def test_cues_are_grouped_by_their_first_character() -> None:
    assert _by_first("党建|党员|疫情") == "党(?:建|员)|疫(?:情)"
    assert _by_first("抗[“]?疫|防汛(?:工作|期)|党+员") == "抗(?:[“]?疫)|防(?:汛(?:工作|期))|党+员(?:)"
    grouped, cues = _cues()
    plain = re.compile("|".join(c.pattern for c, _, _ in cues))
    text = "党员在防疫一线。各位代表：防汛抗洪，安全生产，乡村振兴，工作总结。" * 3
    assert grouped.findall(text) == plain.findall(text) != []


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("过去五年和2021年工作回顾", "review"),
        ("2023年工作回顾", "review"),
        ("2022年国民经济和社会发展计划执行情况", "review"),
        ("2024年工作安排", "plan"),
        ("今年工作的总体要求和主要目标", "plan"),
        ("下步打算", "plan"),
        ("目标任务", "plan"),
        ("明年主要工作", "plan"),
        ("主要目标完成情况", "review"),
        ("一年来，我们紧盯目标任务，经济运行稳中有进", "review"),
        ("存在的问题", "problems"),
        ("困难和问题", "problems"),
        ("坚持扩大内需，推动经济持续健康发展", None),
        (None, None),
    ],
)
def test_section_roles(heading: str | None, role: str | None) -> None:
    assert section_role(heading, "govreport") == role
    assert section_role(heading, "other") == role


def test_the_plan_part_runs_to_the_next_heading_at_its_level() -> None:
    def sec(heading: str | None, level: int, index: int) -> Section:
        return Section(heading, level, (Sentence(f"第{index}句。", index, index),))

    sections = [
        sec(None, 0, 0),
        sec("2023年工作回顾", 1, 1),
        sec("经济运行稳中向好", 2, 2),
        sec("2024年工作安排", 1, 3),
        sec("坚持扩大内需", 2, 4),
        sec("强化投资拉动", 3, 5),
        sec("全面加强政府自身建设", 1, 6),
    ]
    assert planned(sections, "govreport") == {3, 4, 5}


def test_targets_are_not_compared() -> None:
    text = (
        "政府工作报告\n各位代表：现在，我代表县人民政府向大会报告工作。\n"
        "一、2023年工作回顾\n新建重点项目12个。\n二、2024年工作安排\n力争新建重点项目20个。\n"
    )
    report = analyse_text(text)
    assert report.kind == "govreport"
    compared = [(f.value, f.category) for f in report.figures]
    assert compared == [(12, "投资与项目"), (20, None)]


def test_short_headings_are_neutral_rows() -> None:
    assert short_heading("一是全面部署，制定部门联动机制") == "全面部署"
    assert short_heading("（二）突出重点行业，狠抓隐患排查治理") == "突出重点行业"
    assert short_heading("3、建筑安全") == "建筑安全"
    assert short_heading(None) is None


def test_other_reports_take_rows_from_their_headings() -> None:
    text = "某区图书馆开放情况\n一、阅览室调整\n新增阅览座位120个，图书3000册。\n二、读者活动\n举办讲座15场。\n"
    report = analyse_text(text)
    assert report.kind == "other"
    assert {f.category for f in report.figures} <= {"阅览室调整", "读者活动"}
    assert categories("other") == ()


def test_categorise_follows_the_kind() -> None:
    assert categorise("口罩", "个", "epidemic") == "防疫物资"
    assert categorise("口罩", "个", "govreport") is None
    assert categorise("重点项目", "个", "govreport") == "投资与项目"
    assert categorise("转移群众", "人", "flood") == "转移群众"


@pytest.mark.parametrize(
    ("present", "topic"),
    [
        (["govreport"] * 3, "政府工作报告"),
        (["epidemic"] * 5, "疫情防控工作"),
        (["safety", "flood", "flood"], "防汛、安全生产工作"),
        (["flood", "govreport"], "政府工作报告、防汛工作"),
        (["flood", "safety", "rural"], "工作"),
        (["flood", "other"], "工作"),
        (["other", "other"], None),
        ([], None),
    ],
)
def test_digest_topics(present: list[str], topic: str | None) -> None:
    assert digest_topic(present) == topic


def test_the_digest_title_names_the_kinds() -> None:
    def report(kind: str) -> Report:
        return Report("x.txt", None, None, None, "simplified", "utf-8", (), kind=kind)

    assert digest_title([report("flood"), report("safety")]) == "防汛、安全生产工作跨地区简报"
    assert digest_title([report("flood"), report("safety"), report("rural")]) == "跨地区工作简报"
    assert digest_title([report("other")]) == "跨地区工作简报"


def test_every_kind_has_a_file_and_a_name() -> None:
    assert list(kinds()) == list(ORDER)
    assert kind_name("govreport") == "政府工作报告" and kind_name("nonesuch") == "工作"
    assert all(kind_name(k) for k in kinds())
