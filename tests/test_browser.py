"""`summarize serve` in a real browser: Chromium uploads the seeds, reads the briefing, downloads the Word file.

Skipped, with the reason, only where no Chromium and chromedriver are installed (CI installs
Debian's). ``SUMMARIZER_SCREENSHOT=update`` writes the page as the browser shows it to
docs/serve.png and a region's part with its citations to docs/serve-cited.png, the README's
screenshots.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, SEEDS

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
BROWSER = next((found for name in BROWSERS if (found := shutil.which(name))), None)
DRIVER = shutil.which("chromedriver")
if BROWSER is None or DRIVER is None:
    pytest.skip(
        "no browser to drive: install chromium and chromium-driver (apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )
pytest.importorskip("selenium", reason="selenium is not installed: pip install -e '.[test]'")
pytest.importorskip("starlette", reason="the web extra is not installed: pip install 'summarizer[web]'")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SCREENSHOT = ROOT / "docs" / "serve.png"
WIDTH, HEIGHT = 1280, 2200
"""The screenshot: the form, the progress, the downloads and the briefing's first parts."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarizer", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    output = proc.stdout.read() if proc.stdout else ""
                    raise AssertionError(f"the server did not start: {output}") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0, out
        assert "Traceback" not in out, out


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(BROWSER)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"):
        options.add_argument(argument)
    options.add_argument(f"--window-size={WIDTH},900")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads)})
    driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield driver
    finally:
        driver.quit()


def test_a_newcomer_drops_the_seeds_and_gets_the_briefing(server: str, browser: Any, downloads: Path) -> None:
    from summarizer import summarize

    browser.get(server)
    assert browser.find_element(By.ID, "go").get_attribute("disabled")  # nothing chosen yet
    seeds = sorted(SEEDS.glob("*.txt"))
    browser.find_element(By.ID, "pick-files").send_keys("\n".join(str(p.resolve()) for p in seeds))
    assert "已选 5 个文件" in browser.find_element(By.ID, "chosen-count").text
    browser.find_element(By.CSS_SELECTOR, "input[name=cite]").click()
    started = time.monotonic()
    browser.find_element(By.ID, "go").click()
    WebDriverWait(browser, 120).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#briefing .region"))
    print(f"\nupload to briefing in the browser: {time.monotonic() - started:.2f} s")

    # Each file's progress ends with its region; the briefing has the same five regions, in order.
    rows = browser.find_elements(By.CSS_SELECTOR, "#file-list li")
    assert [r.find_element(By.CLASS_NAME, "name").text for r in rows] == [p.name for p in seeds]
    assert all(r.get_attribute("class") == "state-done" for r in rows)
    expected = [r.label for r in summarize([SEEDS]).reports]
    regions = browser.find_elements(By.CSS_SELECTOR, "#briefing .region .region-name")
    assert [r.text for r in regions] == expected and len(expected) == 5
    tables = browser.find_elements(By.CSS_SELECTOR, "#briefing table")
    assert len(tables) >= 2 and tables[0].find_elements(By.CSS_SELECTOR, "thead th")[1].text == expected[0]
    sources = browser.find_elements(By.CSS_SELECTOR, "#briefing .region blockquote.source mark")
    assert len(sources) >= 5  # with citations, each key sentence is marked in its source paragraph

    if os.environ.get("SUMMARIZER_SCREENSHOT") == "update":
        browser.set_window_size(WIDTH, HEIGHT)
        browser.execute_script("window.scrollTo(0, 0)")
        time.sleep(0.5)
        browser.save_screenshot(str(SCREENSHOT))
        region = browser.find_element(By.ID, "region-1")
        browser.execute_script("arguments[0].scrollIntoView()", region)
        region.screenshot(str(SCREENSHOT.with_name("serve-cited.png")))

    link = browser.find_element(By.CSS_SELECTOR, "a.download-docx")
    name = link.get_attribute("download")
    link.click()
    target = downloads / name
    deadline = time.monotonic() + 30
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.exists(), sorted(p.name for p in downloads.iterdir())
    with zipfile.ZipFile(target) as docx:
        text = docx.read("word/document.xml").decode("utf-8")
    assert all(label in text for label in expected)
