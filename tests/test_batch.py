"""Many reports: process pool and Dask give the digest the in-process run gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer import render_json, summarize
from summarizer.cli import main

from .conftest import SEEDS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds eight times over (40 files): enough for the pool to start two workers."""
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(8):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / f"{seed.stem}_{i}.txt")
    (folder / "broken.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def in_process(corpus: Path) -> str:
    return render_json(summarize([corpus], jobs=1))


def test_process_pool_gives_identical_results(corpus: Path, in_process: str) -> None:
    assert render_json(summarize([corpus], jobs=2)) == in_process


def test_cli_jobs_option_gives_identical_files(corpus: Path, tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, [str(corpus), "--json", "-j", jobs, "-o", str(tmp_path / jobs)])
        assert result.exit_code == 4, result.output  # broken.txt is skipped
    for name in ("briefing-2020-05-13.md", "briefing-2020-05-13.json"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_summary_sentences_are_cut_from_the_report_own_sentences(corpus: Path) -> None:
    # Made in a worker process: each key sentence still names the sentence it was cut from.
    report = summarize([corpus], jobs=2).reports[0]
    by_index = {s.index: s for s in report.sentences}
    assert report.summary
    for s in report.summary:
        assert s.text.rstrip("。").removesuffix("等") in by_index[s.index].text
        assert s.where == by_index[s.index].where


def test_dask_local_cluster_gives_identical_results(corpus: Path, in_process: str, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert render_json(summarize([corpus], dask=client)) == in_process
        address = cluster.scheduler_address
        result = CliRunner().invoke(main, [str(corpus), "--json", "--scheduler", address, "-q", "-o", str(tmp_path)])
        assert result.exit_code == 4, result.output  # broken.txt is skipped
        assert (tmp_path / "briefing-2020-05-13.json").read_text(encoding="utf-8") == in_process


def test_streamed_json_equals_the_whole_document_dump(corpus: Path) -> None:
    import json

    from summarizer import digest_to_dict
    from summarizer.model import Digest

    for digest in (summarize([corpus], jobs=1), Digest((), ())):
        assert render_json(digest) == json.dumps(digest_to_dict(digest), ensure_ascii=False, indent=2) + "\n"


def test_json_keeps_integers_beyond_64_bits() -> None:
    import json

    from summarizer import analyse_text, digest_to_dict
    from summarizer.briefing.digest import build_digest

    report = analyse_text("某县组织部\n全县新建党支部123456789012345678901234个，覆盖所有村。")
    digest = build_digest([report])
    assert [f.value for f in report.figures] == [123456789012345678901234]
    assert render_json(digest) == json.dumps(digest_to_dict(digest), ensure_ascii=False, indent=2) + "\n"


def test_the_library_leaves_the_environment_alone() -> None:
    import os

    before = dict(os.environ)
    summarize([str(SEEDS)], jobs=2)
    assert dict(os.environ) == before
