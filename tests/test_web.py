"""`summarize serve` over HTTP: uploads, options, bad files, limits, zip archives, downloads, safety."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette", reason="the web extra is not installed: pip install 'summarizer[web]'")

from starlette.testclient import TestClient

from summarizer.cli import main
from summarizer.errors import OptionError
from summarizer.web import jobs as jobs_module
from summarizer.web.app import create_app, local_hosts
from summarizer.web.form import FIELDS, read_form
from summarizer.web.uploads import Intake, Limits, Refused, safe_parts, zip_name

from .conftest import DATA, SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def job_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder for this test, to see every job folder the server makes."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def client(job_tmp: Path) -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


def upload(client: TestClient, files: list[tuple[str, bytes]], **fields: str) -> Any:
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
    return client.post("/jobs", files=parts, data=fields)


def finished(client: TestClient, response: Any) -> dict[str, Any]:
    assert response.status_code == 202, response.text
    job = response.json()["id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(f"/jobs/{job}").json()
        if status["state"] in ("done", "failed"):
            return {"id": job, **status}
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def seeds() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in SEED_FILES]


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return buffer.getvalue()


def cli(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> dict[str, bytes]:
    """The command line's files for ``args``, run in ``cwd`` as a user there would."""
    out = cwd.parent / f"cli-out-{len(list(cwd.parent.glob('cli-out-*')))}"
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, [*args, "-o", str(out), "--json", "--docx", "--eml", "-q"])
    assert result.exit_code == 0, result.output
    return {p.suffix[1:]: p.read_bytes() for p in out.iterdir()}


def test_the_page_offers_every_option_in_chinese(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'lang="zh-CN"' in page.text
    for field in FIELDS:
        assert field.label in page.text and f'name="{field.name}"' in page.text
    assert "500 个文件" in page.text and "50\u00a0MB" in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'self' covers it
    assert "'self'" in page.headers["content-security-policy"]
    assert client.get("/static/app.js").status_code == 200


def test_seeds_give_the_command_lines_markdown_and_json_byte_for_byte(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status = finished(client, upload(client, seeds()))
    assert status["state"] == "done" and status["message"] == ""
    assert [f["state"] for f in status["files"]] == ["done"] * 5
    assert {d["format"] for d in status["downloads"]} == {"md", "json", "docx", "eml"}
    got = {fmt: client.get(f"/jobs/{status['id']}/files/{fmt}") for fmt in ("md", "json", "docx", "eml")}
    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    want = cli(folder, monkeypatch, ".")
    assert got["md"].content == want["md"]
    assert got["json"].content == want["json"]
    assert "attachment" in got["docx"].headers["content-disposition"]
    assert "briefing-2020-05-13.docx" in got["docx"].headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(got["docx"].content)) as docx:
        assert "疫情防控" in docx.read("word/document.xml").decode("utf-8")
    assert b"X-Unsent: 1" in got["eml"].content and got["eml"].headers["content-type"] == "message/rfc822"
    assert str(SEEDS) not in got["json"].text and "summarize-web-" not in got["json"].text


def test_a_zipped_folder_and_every_option_match_the_command_line(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = "二〇二〇年春季疫情防控工作简报"
    package = zipped({f"reports/{name}": data for name, data in seeds()})
    masthead = {
        "masthead": "疫情防控简报",
        "issue_no": "12",
        "org": "县委办公室",
        "send_to": "市委办公室",
        "cc": "各乡镇",
    }
    response = upload(
        client,
        [("reports.zip", package)],
        length="short",
        script="traditional",
        cite="on",
        title=title,
        **masthead,
    )
    status = finished(client, response)
    assert status["state"] == "done", status
    assert [f["name"] for f in status["files"]] == [f"reports/{p.name}" for p in SEED_FILES]
    shutil.copytree(SEEDS, tmp_path / "reports")
    want = cli(
        tmp_path,
        monkeypatch,
        "reports",
        *("--length", "short", "--script", "traditional", "--cite", "--title", title),
        *("--masthead", "疫情防控简报", "--issue-no", "12", "--org", "县委办公室"),
        *("--send-to", "市委办公室", "--cc", "各乡镇"),
    )
    for fmt in ("md", "json"):
        assert client.get(f"/jobs/{status['id']}/files/{fmt}").content == want[fmt], fmt
    assert "第12期" in want["md"].decode("utf-8")  # the masthead fields reached the briefing
    page = client.get(f"/jobs/{status['id']}/briefing").text
    assert "簡報" in page and "简报" not in page  # in Traditional throughout, the page's own words too


def test_a_folder_dropped_with_its_paths_is_summarised_as_that_folder(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status = finished(client, upload(client, [(f"reports/{name}", data) for name, data in seeds()]))
    shutil.copytree(SEEDS, tmp_path / "reports")
    want = cli(tmp_path, monkeypatch, "reports")
    assert client.get(f"/jobs/{status['id']}/files/json").content == want["json"]


def test_the_briefing_shows_tables_regions_and_each_sentence_beside_its_source(client: TestClient) -> None:
    status = finished(client, upload(client, seeds(), cite="on"))
    page = client.get(f"/jobs/{status['id']}/briefing").text
    assert page.count('class="region"') == 5 and "<table" in page and '<th scope="col">通渭县</th>' in page
    lines = {p.name: p.read_text(encoding="utf-8").splitlines() for p in SEED_FILES}
    rows = re.findall(r'<blockquote class="source"[^>]*><a class="where"[^>]*>第(\d+)行</a>(.*?)</blockquote>', page)
    assert len(rows) >= 5
    for number, quoted in rows:
        marked = [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", quoted)]
        assert marked, quoted
        # The marked words stand on that line of one of the files, as the file writes them.
        assert any(
            all(m in text[int(number) - 1] for m in marked) for text in lines.values() if len(text) >= int(number)
        )
    assert page.count('class="cite" href="#src-') >= len(rows)


def test_a_bad_file_is_listed_with_its_reason_and_the_others_still_make_the_briefing(client: TestClient) -> None:
    bad = [
        ("empty.txt", b""),
        ("scan.pdf", b"%PDF-1.4 not really"),
        ("table.xlsx", b"PK\x03\x04"),
        ("noise.txt", bytes(range(256)) * 20),
    ]
    status = finished(client, upload(client, [*seeds()[:2], *bad]))
    assert status["state"] == "done"
    by_name = {f["name"]: f for f in status["files"]}
    assert by_name["empty.txt"] == {"name": "empty.txt", "state": "skipped", "note": "空文件"}
    assert by_name["table.xlsx"]["state"] == "noted" and "不支持" in by_name["table.xlsx"]["note"]
    assert by_name["scan.pdf"]["state"] == "skipped" and by_name["noise.txt"]["state"] == "skipped"
    assert sum(f["state"] == "done" for f in status["files"]) == 2
    page = client.get(f"/jobs/{status['id']}/briefing")
    assert page.status_code == 200 and "未收录：空文件" in page.text


def test_nothing_readable_is_an_answer_not_a_server_error(client: TestClient) -> None:
    status = finished(
        client, upload(client, [("empty.txt", b""), ("x.txt", (DATA / "bad" / "no_chinese.txt").read_bytes())])
    )
    assert status["state"] == "done" and status["downloads"] == []
    assert "没有可以读取的报告" in status["message"]
    assert all(f["state"] == "skipped" and f["note"] for f in status["files"])
    response = client.get(f"/jobs/{status['id']}/briefing")
    assert response.status_code == 404 and response.json()["error"]


def test_oversize_and_too_many_files_are_refused_in_chinese(job_tmp: Path) -> None:
    with TestClient(create_app(Limits(max_bytes=10_000, max_files=3))) as small:
        response = upload(small, [("a.txt", "报告".encode() * 6000)])
        assert response.status_code == 413 and "10 KB" not in response.json()["error"]
        assert "合计超过" in response.json()["error"]
        response = upload(small, [(f"{i}.txt", b"x") for i in range(4)])
        assert response.status_code == 413 and "最多 3 个" in response.json()["error"]
        # Sent without a length (chunked), the body is counted as it arrives.
        body = io.BytesIO()
        body.write(b'--B\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n')
        body.write(b"x" * 2_000_000 + b"\r\n--B--\r\n")
        chunks = iter([body.getvalue()[i : i + 65536] for i in range(0, len(body.getvalue()), 65536)])
        response = small.post("/jobs", content=chunks, headers={"content-type": "multipart/form-data; boundary=B"})
        assert response.status_code == 413
        assert small.post("/jobs", data={"length": "short"}).status_code == 400
    assert list(job_tmp.iterdir()) == []  # every refused upload's folder is gone


def test_zip_entries_are_checked_before_extraction(client: TestClient, job_tmp: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("ok/r.txt", SEED_FILES[0].read_bytes())
        for name in ("../evil.txt", "/abs/evil.txt", "ok/../../evil.txt", "C:/evil.txt", "..\\evil.txt"):
            package.writestr(name, b"evil")
        link = zipfile.ZipInfo("ok/link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        package.writestr(link, "/etc/passwd")
        package.writestr("ok/bomb.txt", b"0" * 5_000_000)  # compresses about a thousandfold
        package.writestr("__MACOSX/ok/._r.txt", b"mac")
    status = finished(client, upload(client, [("reports.zip", buffer.getvalue())]))
    notes = {f["name"]: f["note"] for f in status["files"]}
    for name in ("../evil.txt", "/abs/evil.txt", "ok/../../evil.txt", "C:/evil.txt", "..\\evil.txt"):
        assert "路径不安全" in notes.get(f"reports.zip/{name}", ""), notes
    assert "链接" in notes["reports.zip/ok/link.txt"]
    assert "压缩比" in notes["reports.zip/ok/bomb.txt"]
    assert notes["ok/r.txt"] == "乌拉特前旗" and not any("MACOSX" in n for n in notes)
    assert status["state"] == "done" and status["downloads"]
    assert not list(job_tmp.rglob("evil.txt")) and not (job_tmp.parent / "evil.txt").exists()
    assert list(job_tmp.iterdir()) == []  # the job's folder is removed once it is done


def test_unpacking_counts_the_bytes_it_writes_not_the_header(tmp_path: Path) -> None:
    class Lying:
        def open(self, info: zipfile.ZipInfo) -> io.BytesIO:
            return io.BytesIO(b"x" * 1000)  # the header said 10

    intake = Intake(tmp_path, Limits())
    info = zipfile.ZipInfo("r.txt")
    info.file_size = 10
    assert intake._unpack(Lying(), info, ("r.txt",), "a.zip/r.txt")  # type: ignore[arg-type]
    assert not (tmp_path / "r.txt").exists() and intake.unpacked == 0
    assert intake.refused[0].reason == "unpacks beyond the size the archive states"


def test_an_archive_over_the_unpacked_or_file_limits_is_refused_whole(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    archive.write_bytes(zipped({f"r{i}.txt": "报告".encode() * 1000 for i in range(5)}))
    few = Intake(tmp_path / "few", Limits(max_files=4))
    few.add_archive("a.zip", archive)
    small = Intake(tmp_path / "small", Limits(max_unpacked=20_000))
    small.add_archive("a.zip", archive)
    for intake in (few, small):
        assert len(intake.refused) == 1 and intake.files == 0 and not intake.root.exists()
    assert few.refused[0].reason == "archive holds 5 files; 4 more allowed"
    assert small.refused[0].reason.startswith("archive unpacks to")
    damaged = tmp_path / "b.zip"
    damaged.write_bytes(b"PK\x03\x04 not a zip")
    Intake(tmp_path / "c").add_archive("b.zip", damaged)


def test_names_from_a_chinese_windows_zip_are_read_as_gbk() -> None:
    info = zipfile.ZipInfo("通渭县报告.txt".encode("gbk").decode("cp437"))
    assert zip_name(info) == "通渭县报告.txt"


@pytest.mark.parametrize("name", ["../x.txt", "/x.txt", "a/../../x.txt", "C:\\x.txt", "..", "", "a/" + "长" * 90])
def test_no_upload_name_leaves_the_job_folder(name: str) -> None:
    with pytest.raises(Refused):
        safe_parts(name)


def test_same_names_are_kept_apart_not_overwritten(client: TestClient) -> None:
    data = SEED_FILES[0].read_bytes()
    status = finished(client, upload(client, [("r.txt", data), ("r.txt", SEED_FILES[1].read_bytes())]))
    assert sorted(f["name"] for f in status["files"]) == ["r (2).txt", "r.txt"]


def test_names_and_text_from_the_upload_are_shown_not_run(client: TestClient) -> None:
    text = SEED_FILES[4].read_text(encoding="utf-8").replace("全县", "全县<script>alert(1)</script>", 1)
    status = finished(client, upload(client, [("<img src=x onerror=alert(1)>.txt", text.encode())], cite="on"))
    page = client.get(f"/jobs/{status['id']}/briefing").text
    assert "<script>" not in page and "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;.txt" in page


def test_no_template_or_engine_comes_from_the_browser(client: TestClient) -> None:
    plain = finished(client, upload(client, seeds()))
    sneaky = finished(client, upload(client, seeds(), template="{{ ''.__class__ }}", engine="textrank4zh", out="/"))
    for fmt in ("md", "json"):
        a = client.get(f"/jobs/{plain['id']}/files/{fmt}").content
        assert a == client.get(f"/jobs/{sneaky['id']}/files/{fmt}").content
    response = upload(client, seeds(), length="huge")
    assert response.status_code == 400 and "篇幅" in response.json()["error"]
    response = upload(client, seeds(), title="两行\n标题")
    assert response.status_code == 400 and "一行" in response.json()["error"]


def test_jobs_share_one_bounded_pool(job_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    ran: list[str] = []

    def held(job: jobs_module.Job) -> None:
        release.wait(30)
        ran.append(threading.current_thread().name)
        job.state = "done"
        shutil.rmtree(job.folder, ignore_errors=True)

    monkeypatch.setattr(jobs_module, "run", held)
    with TestClient(create_app(workers=1, waiting=1)) as c:
        first, second = upload(c, seeds()[:1]), upload(c, seeds()[:1])
        assert first.status_code == second.status_code == 202
        third = upload(c, seeds()[:1])
        assert third.status_code == 503 and "稍等" in third.json()["error"]
        release.set()
        deadline = time.monotonic() + 10
        while len(ran) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    assert len(ran) == 2 and len(set(ran)) == 1  # one worker ran both, one after the other


def test_a_page_on_127_0_0_1_answers_to_its_own_names_only(job_tmp: Path) -> None:
    app = create_app(allowed_hosts=local_hosts("127.0.0.1"))
    with (
        TestClient(app, base_url="http://127.0.0.1:8000") as ok,
        TestClient(app, base_url="http://evil.example") as bad,
    ):
        assert ok.get("/").status_code == 200
        assert bad.get("/").status_code == 400  # a rebound DNS name cannot reach it
    assert local_hosts("0.0.0.0") is None


def test_an_unknown_job_is_a_chinese_404(client: TestClient) -> None:
    for path in ("/jobs/nope", "/jobs/nope/briefing", "/jobs/nope/files/md"):
        response = client.get(path)
        assert response.status_code == 404 and "重新上传" in response.json()["error"]


def test_serve_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if summarizer[web] were not installed
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 2, result.output
    assert "pip install 'summarizer[web]'" in result.output and "Traceback" not in result.output


def test_serve_on_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "summarizer", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert f"cannot listen on 127.0.0.1:{port} (Address already in use)" in proc.stderr


def test_status_is_json_the_page_can_show(client: TestClient) -> None:
    status = finished(client, upload(client, seeds()[:1]))
    assert json.loads(json.dumps(status)) == status
    assert status["done"] == status["total"] == 1 and status["seconds"] > 0


def test_the_warm_up_briefs_a_sample_and_leaves_nothing(job_tmp: Path) -> None:
    jobs_module._warm()
    assert list(job_tmp.iterdir()) == []


def test_folders_left_by_a_killed_server_are_removed(job_tmp: Path) -> None:
    import os

    dead = job_tmp / "summarize-web-999999999-abc"  # no such process
    ours = job_tmp / f"summarize-web-{os.getpid()}-abc"
    for folder in (dead, ours):
        (folder / "input").mkdir(parents=True)
    jobs_module.remove_stale()
    assert not dead.exists() and ours.exists()


@pytest.mark.parametrize("value", ["abc", "0", "-3", "１２", "1.5"])
def test_an_issue_number_that_is_no_positive_number_is_refused_in_chinese(value: str) -> None:
    with pytest.raises(OptionError, match=r"期号.*正整数"):
        read_form({"issue_no": value})


def test_masthead_fields_go_to_the_options() -> None:
    settings = read_form({"issue_no": " 12 ", "org": "县委办公室"})
    assert settings.options["issue_no"] == 12 and settings.options["org"] == "县委办公室"
    assert "masthead" not in settings.options  # an empty field is left out: Options picks the default


def test_the_page_chooses_reports_by_place_and_says_which_it_left_out(client: TestClient) -> None:
    status = finished(client, upload(client, seeds(), regions="四川"))
    assert status["state"] == "done", status
    page = client.get(f"/jobs/{status['id']}/briefing").text
    assert "内江市" in page and "前锋区" in page
    markdown = client.get(f"/jobs/{status['id']}/files/md").content.decode("utf-8")
    assert markdown.count("不在所选地区") == 3 and "通渭县" not in markdown.split("不在所选地区")[0]


@pytest.mark.parametrize("fields", [{"since": "去年"}, {"since": "2024", "until": "2023"}])
def test_a_period_the_options_refuse_is_said_before_the_upload_is_read(
    client: TestClient, fields: dict[str, str]
) -> None:
    response = upload(client, seeds(), **fields)
    assert response.status_code == 400 and "选项有误" in response.json()["error"]
