"""--pages: one length budget from each region's part to the whole briefing, walked down until the
Word briefing fits; pages counted by LibreOffice where installed, else estimated."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from dataclasses import astuple
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer import Digest, Options, fit_pages, render_markdown, summarize
from summarizer.briefing.budget import budget, ladder
from summarizer.briefing.digest import build_digest
from summarizer.cli import main
from summarizer.ranking.select import OVERRUN
from summarizer.rendering import pages
from summarizer.rendering.context import Briefing
from summarizer.rendering.word import render_docx, word_template

from .conftest import SEEDS, need_corpus

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: pages are estimated"
)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _pdf_pages(docx: Path, folder: Path) -> int:
    """Pages as LibreOffice lays the file out, counted apart from the code under test."""
    from pypdf import PdfReader

    profile = (folder / "lo-profile").resolve().as_uri()
    command = [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(folder), str(docx)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    return len(PdfReader(str(folder / f"{docx.stem}.pdf")).pages)


@pytest.fixture(scope="module")
def seeds() -> Digest:
    return summarize([SEEDS])


def test_the_ladder_starts_at_the_length_asked_for_and_only_tightens() -> None:
    for length in (400, 200, 100, 40):
        steps = ladder(length)
        assert steps[0] == budget(length)
        for wider, tighter in itertools.pairwise(steps):
            for a, b in zip(astuple(wider), astuple(tighter)):
                assert a is None or (b is not None and b <= a), (wider, tighter)
            assert wider != tighter


def test_each_part_keeps_to_its_budget(seeds: Digest) -> None:
    for within in ladder(200)[1:]:
        digest = build_digest(seeds.reports, seeds.skipped, seeds.title, within)
        assert [r.name for r in digest.reports] == [r.name for r in seeds.reports]
        for report in digest.reports:
            assert sum(len(s.text) for s in report.summary) <= within.length * (1 + OVERRUN)
            assert len(report.key_figures) <= within.figures
            # Every sentence still stands in its file: a key sentence is its sentence, cut.
            assert {s.index for s in report.summary} <= {s.index for s in report.sentences}
        assert all(len(p.text) <= within.overview for p in digest.overview)
        assert len(digest.themes) <= within.themes
        assert all(len(cell) <= within.cell_figures for row in digest.comparison for cell in row.cells)
        if within.rows is not None:
            assert len(digest.comparison) <= max(1, within.rows)


def test_the_estimate_counts_pages_as_the_briefing_grows(seeds: Digest, tmp_path: Path) -> None:
    counted = []
    for i, within in enumerate((None, *ladder(200)[1:])):
        digest = build_digest(seeds.reports, seeds.skipped, seeds.title, within) if within else seeds
        target = tmp_path / f"{i}.docx"
        render_docx(Briefing.of(digest), target, template=word_template(None))
        counted.append(pages.estimate_pages(target))
    assert counted == sorted(counted, reverse=True) and counted[0] > counted[-1] >= 1


@needs_soffice
def test_the_estimate_is_within_a_page_of_libreoffice(seeds: Digest, tmp_path: Path) -> None:
    for i, within in enumerate((None, ladder(200)[4], ladder(200)[-2])):
        digest = build_digest(seeds.reports, seeds.skipped, seeds.title, within) if within else seeds
        target = tmp_path / f"{i}.docx"
        render_docx(Briefing.of(digest), target, template=word_template(None))
        assert abs(pages.estimate_pages(target) - _pdf_pages(target, tmp_path)) <= 1


def test_without_libreoffice_the_pages_are_estimated(
    seeds: Digest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "libreoffice", lambda: None)
    fitted = fit_pages(seeds, Options(pages=3))
    assert fitted.fits and fitted.pages <= 3 and fitted.counted_by == "estimate"
    assert 1 < fitted.tries <= 1 + len(ladder(200)).bit_length() + 1  # the first, the last, then bisection
    target = tmp_path / "fitted.docx"
    render_docx(Briefing.of(fitted.digest), target, template=word_template(None))
    assert pages.estimate_pages(target) <= 3
    # The longest that fits is taken: one step longer does not fit.
    steps = ladder(200)
    step = next(i for i, b in enumerate(steps) if build_digest(seeds.reports, (), seeds.title, b) == fitted.digest)
    assert step > 0
    longer = build_digest(seeds.reports, seeds.skipped, seeds.title, steps[step - 1]) if step > 1 else seeds
    render_docx(Briefing.of(longer), target, template=word_template(None))
    assert pages.estimate_pages(target) > 3


def test_a_briefing_that_fits_is_left_as_it_is(seeds: Digest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "libreoffice", lambda: None)
    fitted = fit_pages(seeds, Options(pages=20))
    assert fitted.digest is seeds and fitted.tries == 1 and fitted.fits


def test_pages_needs_a_word_briefing(tmp_path: Path) -> None:
    code, output = _run(str(SEEDS), "-o", str(tmp_path), "--pages", "3")
    assert code == 2 and "--pages fits the Word briefing: it needs --docx" in output


def test_a_limit_that_cannot_be_met_is_said_and_the_shortest_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "libreoffice", lambda: None)
    code, output = _run(str(SEEDS), "-o", str(tmp_path), "--docx", "--json", "--pages", "1")
    assert code == 0, output
    assert re.search(
        r"note: the Word briefing takes \d pages at its shortest, more than --pages 1 \(counted by estimate", output
    )
    assert (tmp_path / "briefing-2020-05-13.docx").exists()


@needs_soffice
def test_pages_4_fits_the_full_reports_in_four_pages_and_every_output_follows(tmp_path: Path) -> None:
    full = need_corpus() / "full"
    code, output = _run(str(full), "-o", str(tmp_path), "--docx", "--json", "--pages", "4")
    assert code == 0, output
    assert "the Word briefing takes" in output and "counted by LibreOffice" in output
    [docx] = tmp_path.glob("*.docx")
    assert _pdf_pages(docx, tmp_path) <= 4
    # Markdown and JSON show the same, shorter, briefing.
    whole = summarize([full])
    md = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    assert len(md) < len(render_markdown(whole)) / 2 and "## 四、各地情况" in md
    data = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    shown = sum(len(s["text"]) for r in data["reports"] for s in r["summary"])
    assert shown < sum(len(s.text) for r in whole.reports for s in r.summary)
    assert len(data["reports"]) == len(whole.reports)  # shortened, not left out


@pytest.mark.parametrize(
    ("estimated", "counted", "chosen"),
    [
        ([9, 7, 5, 4, 3, 2], [9, 7, 5, 4, 3, 2], 3),  # they agree
        ([9, 7, 5, 4, 3, 2], [9, 7, 4, 4, 3, 2], 2),  # the estimate counted a page too many
        ([9, 7, 5, 4, 3, 2], [9, 7, 5, 5, 4, 2], 4),  # a page too few
        ([9, 7, 5, 5, 5, 5], [9, 7, 6, 6, 6, 6], 5),  # nothing fits: the shortest
    ],
)
def test_libreoffice_settles_the_step_the_estimate_found(estimated: list[int], counted: list[int], chosen: int) -> None:
    asked: list[int] = []

    def count(step: int) -> int:
        asked.append(step)
        return counted[step]

    guess = pages._bisect(estimated.__getitem__, len(estimated), 4)
    assert pages._settle(guess, count, estimated.__getitem__, 4, len(estimated)) == chosen
    assert len(asked) <= 3  # a layout or two around the estimate's choice, not one per step
