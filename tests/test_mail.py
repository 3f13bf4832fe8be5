"""The .eml draft as a mail client reads it: headers, the plain-text and HTML alternatives, the Word
attachment; parsed back with the email package and, where one is installed, opened in a browser."""

from __future__ import annotations

import email
import shutil
import subprocess
from email import policy
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from summarizer.rendering.mailbody import display_width

from .conftest import SEEDS

STEM = "briefing-2020-05-13"
REGIONS = ["乌拉特前旗", "新海镇", "内江市", "前锋区", "通渭县"]


def _run(out: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, [str(SEEDS), "--eml", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out / f"{STEM}.eml"


@pytest.fixture(scope="module")
def eml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(tmp_path_factory.mktemp("mail"), "--masthead", "--issue-no", "12", "--org", "中共某某市委组织部")


def _message(path: Path) -> EmailMessage:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


class _Elements(HTMLParser):
    """Every element of an HTML document with its attributes, and the text of its table cells."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def test_headers_complete_and_non_ascii_encoded_per_rfc_2047(eml: Path) -> None:
    raw = eml.read_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()  # every header of the wire form is ASCII: Chinese goes as encoded words
    assert b"\r\nSubject: =?utf-8?" in head
    msg = _message(eml)
    for name in ("Date", "Message-ID", "From", "To", "Subject", "MIME-Version"):
        assert msg[name], name
    assert msg["Subject"] == "疫情防控工作跨地区简报"
    assert msg["Date"].datetime.isoformat() == "2020-05-13T09:00:00+08:00"
    assert msg["From"].addresses[0].domain == msg["To"].addresses[0].domain == "example.invalid"
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@example.invalid>")
    assert not msg.defects


def test_alternative_bodies_and_the_word_attachment(eml: Path) -> None:
    msg = _message(eml)
    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = msg.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]
    assert attachment.get_filename() == f"{STEM}.docx"
    assert attachment.get_content() == (eml.parent / f"{STEM}.docx").read_bytes()


def test_html_shows_the_comparison_as_a_table_styled_inline(eml: Path) -> None:
    body = _message(eml).get_body(("html",))
    assert body is not None
    html = body.get_content()
    assert "<style" not in html and "class=" not in html and "**" not in html and "|---" not in html
    page = _elements(html)
    header = next(row for row in page.rows if row and row[0] == "类别")
    assert header == ["类别", *REGIONS]
    fee = next(row for row in page.rows if row and row[0] == "党费与资金")
    assert sum("万元" in cell for cell in fee) >= 3
    styled = {"table", "th", "td", "h1", "h2", "p", "li"}
    assert all(attrs.get("style") for tag, attrs in page.elements if tag in styled)
    masthead = next(attrs for tag, attrs in page.elements if tag == "h1")
    assert "color:#e00000" in (masthead["style"] or "")


def test_plain_text_reads_as_text_with_aligned_tables(eml: Path) -> None:
    body = _message(eml).get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "**" not in text and "|" not in text and "<!--" not in text and not text.startswith("#")
    lines = text.splitlines()
    assert lines[:3] == ["工作简报", "========", ""]
    start = lines.index(next(line for line in lines if line.startswith("类别")))
    table = lines[start : lines.index("", start)]
    # Each region's column starts at the same display column on every line of the table.
    columns = [0, *(display_width(table[0][: table[0].index(region)]) for region in REGIONS)]
    assert _cell_starts(table[1]) == columns  # the rule under the header
    for row in table[2:]:
        assert set(_cell_starts(row)) <= set(columns), row
        assert len(_cell_starts(row)) > 1


def _cell_starts(line: str) -> list[int]:
    """The display columns where the cells of an aligned line start (after two spaces or more)."""
    return [display_width(line[:i]) for i, ch in enumerate(line) if ch != " " and (i == 0 or line[i - 2 : i] == "  ")]


def test_the_same_briefing_gives_the_same_mail(tmp_path: Path, eml: Path) -> None:
    again = _run(tmp_path / "again", "--masthead", "--issue-no", "12", "--org", "中共某某市委组织部")
    assert again.read_bytes() == eml.read_bytes()
    other = _message(_run(tmp_path / "other", "--subject", "另一份"))
    assert other["Message-ID"] != _message(eml)["Message-ID"]


def test_sender_and_recipients_from_options(tmp_path: Path) -> None:
    to = "a@example.cn, 乙 <b@例子.中国>"
    msg = _message(_run(tmp_path, "--from-addr", "办公室 <bgs@example.cn>", "--to-addr", to))
    assert msg["From"].addresses[0].display_name == "办公室"
    # A Chinese domain goes as its IDNA form, which every mail server reads.
    assert [a.addr_spec for a in msg["To"].addresses] == ["a@example.cn", "b@xn--fsqu00a.xn--fiqs8s"]
    assert msg["Message-ID"].endswith("@example.cn>")


@pytest.mark.parametrize("value", ["abc", "办公室", "a@", "<>", "a@b@c", "甲 <ü@example.cn>"])
def test_an_address_that_is_not_one_is_refused_before_reading(tmp_path: Path, value: str) -> None:
    result = CliRunner().invoke(main, [str(SEEDS), "--eml", "--to-addr", value, "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "is not an e-mail address" in result.output
    assert not (tmp_path / "out").exists()


def _browser() -> str:
    for name in ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "chrome"):
        if found := shutil.which(name):
            return found
    pytest.skip("no Chromium or Chrome installed: the HTML part is not opened in a browser")


def test_a_browser_shows_the_html_part_with_its_tables(eml: Path, tmp_path: Path) -> None:
    body = _message(eml).get_body(("html",))
    assert body is not None
    page = tmp_path / "mail.html"
    page.write_text(body.get_content(), encoding="utf-8")
    profile = tmp_path / "profile"
    cmd = [_browser(), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}", "--dump-dom"]
    dom = subprocess.run([*cmd, page.as_uri()], capture_output=True, text=True, timeout=120, check=True).stdout
    shown: Any = _elements(dom)
    tables = [tag for tag, _ in shown.elements if tag == "table"]
    assert len(tables) == 2  # the comparison and the sources
    assert ["类别", *REGIONS] in shown.rows
    assert any(row[:1] == ["004_9f45e3f91ec10f20.txt"] for row in shown.rows)
