"""`pipeline.check.html`: the draft's 30 gaps highlighted at their exact characters, a clean
report that says it is clean, a self-contained page — and the same page as headless
Chromium sees it (DOM and a screenshot)."""
from __future__ import annotations

import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SEEDS

from pipeline.check import html as check_html

DRAFT, CLEAN = SEEDS[1], SEEDS[0]
CHROMIUM = os.environ.get("ZHFACTS_CHROMIUM", "/usr/bin/chromium")


def _document(path: Path):
    from pipeline.check import check
    from pipeline.extractors import extract
    from pipeline.sources import load

    norm = load(path)
    return str(path), norm.original, check(extract(norm), norm.original, str(path))


@pytest.fixture(scope="module")
def draft():
    return _document(DRAFT)


@pytest.fixture(scope="module")
def pages(tmp_path_factory, draft):
    out = tmp_path_factory.mktemp("check_html")
    return {"draft": check_html.write(out / "draft.html", [draft]),
            "clean": check_html.write(out / "clean.html", [_document(CLEAN)])}


class Marks(HTMLParser):
    """The text inside each `<mark id=…>`, nested marks included."""

    def __init__(self):
        super().__init__()
        self.marks: dict[str, dict] = {}
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            a = dict(attrs)
            self.marks[a["id"]] = {**a, "text": ""}
            self.open.append(a["id"])

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data):
        for mid in self.open:
            self.marks[mid]["text"] += data


def marks_of(page: str) -> dict[str, dict]:
    parser = Marks()
    parser.feed(page)
    parser.close()
    return parser.marks


def original_slice(text: str, f) -> str:
    lines = text.split("\n")
    start = sum(len(x) + 1 for x in lines[:f.line - 1]) + f.col - 1
    end = sum(len(x) + 1 for x in lines[:f.end_line - 1]) + f.end_col - 1
    return text[start:end]


def assert_marks_match(page: str, document) -> None:
    _, text, findings = document
    marks = marks_of(page)
    assert len(marks) == len(findings) == 30
    for n, f in enumerate(findings, 1):
        mark = marks[f"f-{n}"]
        assert mark["text"] == original_slice(text, f) != "", (n, f)
        assert mark["class"] == f"finding {f.severity}"
        assert mark["title"] == f"{f.rule}: {f.message}"


def test_draft_page_marks_each_gap_exactly(pages, draft):
    page = pages["draft"].read_text(encoding="utf-8")
    assert page.count("<mark") == 30
    assert_marks_match(page, draft)
    assert '<meta charset="utf-8">' in page and '<html lang="zh">' in page
    assert "30 findings in 1 file: 30 errors" in page and "30 finding(s): 30 errors" in page
    # the list beside the text: one link per finding to its mark, with location and rule
    for n, f in enumerate(draft[2], 1):
        assert re.search(rf'<a href="#f-{n}"><span class="loc">{re.escape(f"{f.path}:{f.line}:{f.col}")}</span> '
                         rf'<span class="rule">{f.rule}</span>', page)


def test_page_is_self_contained(pages):
    for page in pages.values():
        text = page.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text
        assert not re.search(r"<(script|link|img|iframe)\b|@import|url\(", text)


def test_clean_report_says_so(pages):
    page = pages["clean"].read_text(encoding="utf-8")
    assert "<mark" not in page
    assert "0 findings in 1 file: nothing to fix" in page and "0 findings — no gaps found" in page


def test_page_in_chinese(draft):
    page = check_html.render([draft], "zh")
    assert "1 个文件中发现 30 处问题：30 处错误" in page and "30 处问题：30 处错误" in page
    assert page.count("<mark") == 30


def test_text_is_escaped_and_spans_nest():
    from pipeline.check import Finding

    text = "a<b>&c\n占比*%与*人"
    fs = [Finding("x.txt", 2, 3, 2, 5, "ZH-GAP-PERCENT", "error", "m<1>", ""),
          Finding("x.txt", 2, 1, 2, 5, "ZH-GAP-MISSING-VALUE", "warning", 'say "2"', ""),
          Finding("x.txt", 2, 6, 2, 8, "ZH-GAP-NUMBER", "error", "m3", "")]
    page = check_html.render([("x.txt", text, fs)])
    assert "a&lt;b&gt;&amp;c" in page and 'title="ZH-GAP-NUMBER: m3"' in page
    marks = marks_of(page)
    assert [marks[f"f-{n}"]["text"] for n in (1, 2, 3)] == ["*%", "占比*%", "*人"]
    assert marks["f-2"]["title"] == 'ZH-GAP-MISSING-VALUE: say "2"'


# ---- the page in a real browser -------------------------------------------------------------

def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"headless Chromium not found at {CHROMIUM}: install Debian's `chromium` "
                    "(and `fonts-noto-cjk`) or point ZHFACTS_CHROMIUM at a Chromium binary")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}", *args]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    return res


def test_chromium_renders_every_mark(pages, draft, tmp_path):
    dom = chromium(tmp_path, "--dump-dom", pages["draft"].as_uri()).stdout
    assert len(re.findall(r"<mark\b", dom)) == 30
    assert "*人" in dom and "30 findings in 1 file" in dom
    assert_marks_match(dom, draft)  # the browser's parse keeps each gap's exact characters


def test_chromium_screenshot(pages, tmp_path):
    shot = tmp_path / "draft.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", pages["draft"].as_uri())
    assert shot.exists() and shot.stat().st_size > 20_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_writes_the_html_report(tmp_path):
    import os
    import subprocess
    import sys

    out = tmp_path / "report.html"
    from conftest import CORPORA

    draft = str(CORPORA / "002_96aedd4680eb3507.txt")
    res = subprocess.run([sys.executable, "-m", "pipeline", "check", draft, "--html", str(out)],
                         capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
                         check=False)
    assert res.returncode == 1
    assert out.read_text(encoding="utf-8").count("<mark") == 30
