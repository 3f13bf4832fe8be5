"""The cross-regional briefing: regions, overview, themes, comparison table, Word, e-mail."""

from __future__ import annotations

import email
import json
import os
import shutil
import subprocess
import sys
from email import policy
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from summarizer.cli import main
from summarizer.digest import build_digest
from summarizer.model import Region, Report
from summarizer.region import resolve_region

from .conftest import ROOT, SEEDS

STEM = "briefing-2020-05-13"


@pytest.fixture(scope="module")
def briefing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("briefing")
    result = CliRunner().invoke(
        main, [str(SEEDS), "--docx", "--json", "--eml", "--to-addr", "zzb@example.cn", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_seed_regions_match_gold(seed_reports: dict[str, Any], gold: dict[str, Any]) -> None:
    for name, want in gold["reports"].items():
        region = seed_reports[name].region
        got = {k: getattr(region, k) for k in ("province", "city", "county", "town") if getattr(region, k)}
        assert got == want["region"], name


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("朝阳区召开疫情防控会议", "北京市朝阳区各街道……", ("北京市", "北京市", "朝阳区")),
        ("朝阳区召开疫情防控会议", "长春市朝阳区各街道……", ("吉林省", "长春市", "朝阳区")),
        ("", "广西壮族自治区南宁市青秀区", ("广西壮族自治区", "南宁市", "青秀区")),
        ("凉山州组织部会议", "凉山彝族自治州", ("四川省", "凉山彝族自治州", None)),
        ("", "全市各县区和市中区、东兴区、隆昌市、威远县、资中县都在内江市统一部署下", ("四川省", "内江市", None)),
    ],
)
def test_regions_resolve_from_official_codes(title: str, body: str, expected: tuple[str | None, ...]) -> None:
    region = resolve_region(title, None, body)
    assert (region.province, region.city, region.county) == expected


def test_section_numbers_in_chinese() -> None:
    from summarizer.render import cn_number

    got = [cn_number(n) for n in (1, 10, 12, 20, 99, 100, 105, 110, 1010, 2345)]
    assert got == ["一", "十", "十二", "二十", "九十九", "一百", "一百零五", "一百一十", "一千零一十", "二千三百四十五"]


def test_no_place_gives_an_empty_region() -> None:
    assert resolve_region("关于做好党员教育工作的通知", None, "各党支部要认真学习。").name is None


def test_digest_is_ordered_by_province_then_city(seed_reports: dict[str, Any]) -> None:
    digest = build_digest(list(seed_reports.values()))
    codes = [r.region.code for r in digest.reports]
    assert codes == sorted(codes)
    assert digest.columns == tuple(r.region.name for r in digest.reports)


def test_overview_themes_and_table(seed_reports: dict[str, Any]) -> None:
    digest = build_digest(list(seed_reports.values()))
    regions = [p.region for p in digest.overview]
    assert set(regions) == set(digest.columns)
    assert all(regions.count(r) <= 2 for r in regions)
    texts = [p.text for p in digest.overview]
    assert len(set(texts)) == len(texts)
    assert digest.themes and all(len(t.regions) >= 2 for t in digest.themes)
    assert len({t.term for t in digest.themes}) == len(digest.themes)
    for row in digest.comparison:
        assert sum(1 for cell in row.cells if cell) >= 2
        assert len(row.cells) == len(digest.columns)


def test_sub_headings_keep_their_parent_heading(seed_reports: dict[str, Any], gold: dict[str, Any]) -> None:
    from summarizer.render import briefing_context

    context = briefing_context(build_digest(list(seed_reports.values())))
    for region in context["regions"]:
        levels = [s["level"] for s in region["sections"] if s["heading"]]
        for i, level in enumerate(levels):
            assert level == 1 or any(earlier < level for earlier in levels[:i]), region["label"]
    shown = {s["heading"] for r in context["regions"] for s in r["sections"]}
    assert set(gold["reports"]["001_6f13dfb4a2b5052d.txt"]["headings"]) <= {h.replace("，", ",") for h in shown}


def test_markdown_sections_and_money_in_wan(briefing: Path) -> None:
    md = (briefing / f"{STEM}.md").read_text(encoding="utf-8")
    for heading in ("## 一、总体情况", "## 二、共性做法", "## 三、数据对比", "## 四、各地情况", "## 五、来源"):
        assert heading in md
    row = next(line for line in md.splitlines() if line.startswith("| 党费"))
    assert row.count("万元") >= 3
    assert "共收录报告 5 份，涉及 5 个地区" in md


def test_word_styles_fonts_and_comparison_table(briefing: Path) -> None:
    doc = docx.Document(str(briefing / f"{STEM}.docx"))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3"} <= styles
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、共性做法", "三、数据对比", "四、各地情况", "五、来源"]
    body = [p for p in doc.paragraphs if p.style.name == "Normal" and p.text]
    assert body
    for para in body:
        for run in para.runs:
            assert run._r.rPr.rFonts.get(qn("w:eastAsia")), para.text
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert "PAGE" in section.footer.paragraphs[0]._p.xml
    table = doc.tables[0]
    assert table.style.name == "Table Grid"
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "类别" and len(header) == 6
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    fee = next(r for r in table.rows if "党费" in r.cells[0].text)
    assert sum(1 for c in fee.cells[1:] if c.text) >= 3


def test_eml_parses_and_carries_the_word_file(briefing: Path) -> None:
    msg = email.message_from_bytes((briefing / f"{STEM}.eml").read_bytes(), policy=policy.default)
    assert msg["To"] == "zzb@example.cn"
    assert msg["Subject"] == "疫情防控工作跨地区简报"
    body = msg.get_body(("plain",))
    assert body is not None and body.get_content() == (briefing / f"{STEM}.md").read_text(encoding="utf-8")
    attachments = list(msg.iter_attachments())
    assert [a.get_filename() for a in attachments] == [f"{STEM}.docx"]
    assert attachments[0].get_content() == (briefing / f"{STEM}.docx").read_bytes()


def test_traditional_output_keeps_file_names(tmp_path: Path) -> None:
    named = tmp_path / "seeds"
    named.mkdir()
    shutil.copy(SEEDS / "004_9f45e3f91ec10f20.txt", named / "通渭县报告.txt")
    shutil.copy(SEEDS / "000_d6fca581655426b0.txt", named / "000.txt")
    result = CliRunner().invoke(main, [str(named), "--to", "traditional", "--docx", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    md = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert "一、總體情況" in md and "通渭縣強化政治保證" in md
    assert "通渭县报告.txt" in md
    doc = docx.Document(str(next((tmp_path / "out").glob("*.docx"))))
    assert doc.paragraphs[0].text.endswith("簡報")


def test_user_templates_for_markdown_and_word(tmp_path: Path, briefing: Path) -> None:
    md_template = tmp_path / "mine.md.j2"
    md_template.write_text("{{ title }}|{{ regions | map(attribute='label') | join(',') }}\n", encoding="utf-8")
    word_template = tmp_path / "mine.docx"
    shutil.copy(ROOT / "templates" / "digest.docx", word_template)
    args = [str(SEEDS), "--template", str(md_template), "--template", str(word_template), "--docx"]
    result = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out" / f"{STEM}.md").read_text(encoding="utf-8")
    assert md == "疫情防控工作跨地区简报|乌拉特前旗,新海镇,内江市,前锋区,通渭县\n"


def test_template_error_names_the_template_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md.j2"
    bad.write_text("# {{ title }}\n{{ missing.field }}\n", encoding="utf-8")
    result = CliRunner().invoke(main, [str(SEEDS), "--template", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 6
    assert f"{bad}:2: template error" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_wheel_carries_the_templates() -> None:
    """The wheel maps templates/ into the package, where render looks first."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"templates" = "summarizer/templates"' in pyproject
    from summarizer.render import PACKAGE_TEMPLATES

    assert PACKAGE_TEMPLATES.parent.name == "summarizer" and PACKAGE_TEMPLATES.name == "templates"


def test_a_new_category_needs_only_the_category_file(tmp_path: Path) -> None:
    """Follow docs/architecture.md: append a [[category]] block, nothing else, and it is a table row."""
    shutil.copytree(ROOT / "summarizer", tmp_path / "summarizer", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    categories = tmp_path / "summarizer" / "data" / "categories.toml"
    with categories.open("a", encoding="utf-8") as fh:
        fh.write('\n[[category]]\nname = "基层单元"\nlabels = ["小区", "党支部$", "村社", "乡镇"]\n')
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    code = "import sys; from summarizer.cli import main; sys.exit(main())"
    args = [sys.executable, "-c", code, str(SEEDS), "--json", "-o", str(out)]
    subprocess.run(args, cwd=tmp_path, env=env, check=True, capture_output=True)
    data = json.loads((out / f"{STEM}.json").read_text(encoding="utf-8"))
    rows = {r["category"]: r for r in data["comparison"]["rows"]}
    assert "基层单元" in rows
    assert "| 基层单元 |" in (out / f"{STEM}.md").read_text(encoding="utf-8")
    assert CliRunner().invoke(main, [str(SEEDS), "--json", "-o", str(tmp_path / "o2")]).exit_code == 0
    unedited = json.loads((tmp_path / "o2" / f"{STEM}.json").read_text(encoding="utf-8"))
    assert "基层单元" not in {r["category"] for r in unedited["comparison"]["rows"]}


def _report(path: str, region: str, **fields: Any) -> Report:
    """A bare report for digest tests: only what the test sets, the rest empty."""
    base: dict[str, Any] = dict(
        title=None, date=None, source=None, script="simplified", encoding="utf-8", sections=(), summary=(),
        keywords=(), keyphrases=(), figures=(),
    )  # fmt: skip
    return Report(path=path, region=Region(name=region), **{**base, **fields})


def test_overview_drops_the_same_near_duplicates_as_comparing_every_pair() -> None:
    import random

    from summarizer.digest import _bigrams, _similar, overview
    from summarizer.model import Sentence

    rng = random.Random(11)
    base = "党员干部下沉社区开展疫情防控工作发放物资捐款党费志愿者服务群众"
    reports = []
    for i in range(300):
        highlights = []
        for k in range(2):
            chars = list(base[rng.randrange(0, 4) :][: rng.randint(15, 30)])
            for _ in range(rng.randint(0, 3)):  # mutate a few characters: near, not exact, duplicates
                chars[rng.randrange(len(chars))] = rng.choice("的了在和与对区县市镇村组")
            highlights.append(Sentence("".join(chars) + "。", k))
        reports.append(_report(f"{i}.txt", f"地区{i % 7}", highlights=tuple(highlights)))
    expected, seen = [], []
    for report in reports:
        taken = 0
        for s in report.highlights:
            grams = _bigrams(s.text)
            if taken >= 1 or any(_similar(grams, g) for g in seen):
                continue
            seen.append(grams)
            expected.append((report.label, s.text))
            taken += 1
    got = [(p.region, p.text) for p in overview(reports)]
    assert got == expected
    assert 10 < len(got) < 250  # the data has near-duplicates and distinct sentences both


def test_themes_hide_the_same_terms_as_comparing_every_pair() -> None:
    import random

    from summarizer.digest import themes
    from summarizer.model import Figure

    vocab = ["疫情", "疫情防控", "防控", "党员", "党员干部", "干部", "社区", "临时党支部", "党支部", "捐款", "党费"]

    def straightforward(reports: list[Report]) -> list[tuple[str, str]]:
        regions: dict[tuple[str, str], set[str]] = {}
        for report in reports:
            for term in (*report.keyphrases[:5], *report.keywords[:10]):
                regions.setdefault(("keyword", term), set()).add(report.label)
            for fig in report.figures:
                regions.setdefault(("practice", fig.label), set()).add(report.label)
        shared = {k: v for k, v in regions.items() if len(v) >= 2}
        return sorted(
            k for k in shared if not any(k[1] != o and k[1] in o and shared[k] == w for (_, o), w in shared.items())
        )

    rng = random.Random(2)
    for _ in range(300):
        reports = []
        for i in range(rng.randint(2, 12)):
            words = tuple(rng.sample(vocab, rng.randint(0, 8)))
            figures = tuple(Figure(rng.choice(vocab), 1, "个", None, None, "1个", "") for _ in range(rng.randint(0, 3)))
            region = f"地区{rng.randrange(5)}"
            reports.append(_report(str(i), region, keywords=words, keyphrases=words[:2], figures=figures))
        expected = straightforward(reports)
        got = themes(reports)
        assert all((t.kind, t.term) in expected for t in got)
        # Themes are capped and a term shared as keyword and practice is kept once.
        assert len(got) == min(len({term for _, term in expected}), 12)
