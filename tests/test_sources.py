"""`sources.load` and `sources.expand`: real .html, .docx and .pdf files built from the seeds.

Every variant must give back the seed's text (a web page without its chrome, a Word file
with its table in place, a PDF with its wrapped lines joined) and the same metric values
as the .txt seed; files that hold no report text fail with one exact line.
"""
from __future__ import annotations

import hashlib
import html
import io
import random
import re
import zipfile
from pathlib import Path as P

import docx
import pytest
from conftest import SEEDS, seed_ids
from PIL import Image
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from pipeline.errors import InputError
from pipeline.extractors import extract
from pipeline.normalize import MAX_BYTES, read
from pipeline.sources import SUPPORTED, expand, load

# --- building the files ---------------------------------------------------------------

# Site chrome around the article: none of these strings may come back.
CHROME = ["机关党建网首页", "时政要闻", "党建动态", "专题专栏2024", "热门搜索：党建100问", "当前位置",
          "热点排行", "全市举办培训班12期", "新增志愿者5000人", "相关阅读", "网友评论（3条）",
          "我觉得很好，点赞100次", "我们单位有35名党员都学习了", "转发给了200个朋友", "网友a123",
          "分享到", "版权所有", "桂ICP备12345678号-1", "桂公网安备45030202000123号", "0773-1234567",
          "浏览次数"]


def paragraphs(seed) -> list[str]:
    return [line.strip() for line in seed.read_text("utf-8").splitlines() if line.strip()]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def no_space(text: str) -> str:
    return re.sub(r"\s", "", text)


def web_page(paras: list[str], charset: str = "utf-8") -> str:
    title, body = html.escape(paras[0]), "\n".join(f"<p>{html.escape(p)}</p>" for p in paras[1:])
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_机关党建网</title><link rel="stylesheet" href="/css/main.css"></head>
<body>
<header class="site-header"><div class="logo"><a href="/">机关党建网首页</a></div>
  <form class="search"><input name="q"><span>热门搜索：党建100问</span></form></header>
<nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/szyw/">时政要闻</a></li>
  <li><a href="/djdt/">党建动态</a></li><li><a href="/ztzl/">专题专栏2024</a></li></ul></nav>
<div class="container">
 <div class="main">
  <div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/djdt/">党建动态</a></div>
  <article class="article">
   <h1>{title}</h1>
   <div class="info">来源：机关党建网 | 发布时间：2024-08-31 | 浏览次数：3521</div>
   {body}
  </article>
  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
  <section id="comments" class="comment-list"><h3>网友评论（3条）</h3>
   <div class="comment"><span class="user">网友a123</span><p>我觉得很好，点赞100次</p></div>
   <div class="comment"><span class="user">老党员</span><p>写得实在，我们单位有35名党员都学习了</p></div>
   <div class="comment"><span class="user">游客8856</span><p>支持！2024年继续加油，转发给了200个朋友</p></div>
  </section>
 </div>
 <aside class="sidebar"><h3>热点排行</h3><ul><li><a href="/a/1.html">全市举办培训班12期</a></li>
  <li><a href="/a/2.html">新增志愿者5000人</a></li></ul>
  <h3>相关阅读</h3><ul><li><a href="/a/3.html">机关党建工作综述</a></li></ul></aside>
</div>
<footer class="footer"><p>版权所有 © 2024 机关党建网 All Rights Reserved</p>
 <p><a href="https://beian.miit.gov.cn/">桂ICP备12345678号-1</a> 桂公网安备45030202000123号</p>
 <p>主办：市直机关工委 联系电话：0773-1234567</p></footer>
</body></html>"""


TABLE = [["2024年主要数据", None], ["指标", "数值"], ["党员人数", "1.35万名"], ["基层党组织", "236个"],
         ["培训人次", "7.5万人次"]]
TABLE_LINES = ["2024年主要数据", "指标\t数值", "党员人数\t1.35万名", "基层党组织\t236个", "培训人次\t7.5万人次"]
TABLE_METRICS = [(13500.0, "名"), (236.0, "个"), (75000.0, "人次")]


def word_file(paras: list[str], table_at: int) -> bytes:
    document = docx.Document()
    document.add_heading(paras[0], level=1)
    for i, para in enumerate(paras[1:], 1):
        if i == table_at:
            table = document.add_table(rows=len(TABLE), cols=2)
            table.cell(0, 0).merge(table.cell(0, 1))        # a heading cell spanning the row
            for r, row in enumerate(TABLE):
                for c, value in enumerate(row):
                    if value is not None:
                        table.cell(r, c).text = value
        document.add_paragraph(para)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
# The font's Unicode CMap (UniGB-UCS2-H) has no U+00B7: GB's middle dot (A1A4) is U+30FB
# there, and a reader maps that glyph back to U+00B7. Drawn as U+00B7 it would be lost.
DRAWN = str.maketrans({"\u00b7": "\u30fb"})


def pdf_file(paras: list[str], size: float = 11) -> bytes:
    """A4 pages, paragraphs indented two characters, lines wrapped to the width, page numbers."""
    width, height = A4
    margin, lead = 60, size * 1.5
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    y, page = height - margin, 1

    def new_page():
        nonlocal y, page
        pdf.setFont(FONT, 9)
        pdf.drawCentredString(width / 2, 30, f"- {page} -")
        pdf.showPage()
        y, page = height - margin, page + 1

    for para in paras:
        indent, line = 2 * size, ""
        for ch in para.translate(DRAWN):
            if pdfmetrics.stringWidth(line + ch, FONT, size) > width - 2 * margin - indent:
                if y < margin:
                    new_page()
                pdf.setFont(FONT, size)
                pdf.drawString(margin + indent, y, line)
                y, indent, line = y - lead, 0, ""
            line += ch
        if y < margin:
            new_page()
        pdf.setFont(FONT, size)
        pdf.drawString(margin + indent, y, line)
        y -= lead
    new_page()
    pdf.save()
    return buf.getvalue()


def scanned_pdf(pages: int = 1) -> bytes:
    """Pages holding only an image of text (and a filled box): no text layer."""
    img = Image.new("L", (200, 60), 255)
    for x in range(20, 180, 3):
        for yy in range(20, 40):
            img.putpixel((x, yy), 0)
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    for _ in range(pages):
        pdf.drawImage(ImageReader(img), 60, 600, width=400, height=120)
        pdf.rect(60, 400, 300, 100, fill=1)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def write(path, data: bytes | str):
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def metrics(norm) -> list[tuple[float, str]]:
    return [(m.value, m.unit) for m in extract(norm).metrics]


@pytest.fixture(scope="module")
def txt_metrics() -> dict:
    """(value, unit) of every metric of each .txt seed, the reference for every format."""
    return {seed.name: metrics(read(seed)) for seed in SEEDS}


@pytest.fixture(scope="module")
def seed_pdfs(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("pdf")
    return {seed.name: write(folder / (seed.stem + ".pdf"), pdf_file(paragraphs(seed))) for seed in SEEDS}


def one_line_error(path, **kw) -> str:
    with pytest.raises(InputError) as err:
        load(path, **kw)
    assert err.value.source == str(path)
    assert "\n" not in str(err.value)
    return str(err.value)


# --- web pages ------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS, ids=seed_ids())
def test_web_page_gives_the_article_without_the_chrome(seed, tmp_path, txt_metrics):
    paras = paragraphs(seed)
    page = write(tmp_path / "report.html", web_page(paras))
    doc = load(page)
    assert [squeeze(line) for line in doc.original.splitlines()] == [squeeze(p) for p in paras]
    assert [s for s in CHROME if s in doc.original] == []
    assert (doc.encoding, doc.source) == ("utf-8", str(page))
    assert doc.doc_id == hashlib.sha256(page.read_bytes()).hexdigest()[:16]
    assert [squeeze(line) for line in doc.text.splitlines()] == \
        [squeeze(line) for line in read(seed).text.splitlines() if line.strip()]
    assert metrics(doc) == txt_metrics[seed.name]


def test_web_page_in_a_declared_legacy_charset(tmp_path):
    paras = paragraphs(SEEDS[0])
    data = web_page(paras, charset="gb2312").encode("gb18030")   # what "gb2312" pages really hold
    doc = load(write(tmp_path / "report.HTM", data))
    assert doc.encoding == "gb18030"
    assert doc.original == load(write(tmp_path / "utf8.html", web_page(paras))).original


def test_web_page_without_an_article(tmp_path):
    page = re.sub(r"<article.*?</article>", "<article></article>", web_page(paragraphs(SEEDS[0])), flags=re.S)
    path = write(tmp_path / "index.html", page)
    assert one_line_error(path) == f"{path}: no article text found in the web page"


# --- Word -----------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS, ids=seed_ids())
def test_word_file_gives_paragraphs_and_table_in_order(seed, tmp_path, txt_metrics):
    paras = paragraphs(seed)
    at = len(paras) // 2
    path = write(tmp_path / "report.docx", word_file(paras, table_at=at))
    doc = load(path)
    assert doc.original.splitlines() == paras[:at] + TABLE_LINES + paras[at:]
    assert doc.doc_id == hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    # the table's figures come in where the table stands
    txt = read(seed)
    table_start = txt.original.index(paras[at - 1]) + len(paras[at - 1])
    reference = txt_metrics[seed.name]
    before = sum(1 for m in extract(txt).metrics if m.start < table_start)
    assert metrics(doc) == reference[:before] + TABLE_METRICS + reference[before:]


# --- PDF ------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS, ids=seed_ids())
def test_pdf_text_layer_equals_the_seed(seed, seed_pdfs, txt_metrics):
    paras = paragraphs(seed)
    doc = load(seed_pdfs[seed.name])
    assert (doc.encoding, doc.warnings) == ("pdf", [])
    assert no_space(doc.original) == no_space(seed.read_text("utf-8"))       # every character
    assert [squeeze(p) for p in doc.original.splitlines()] == [squeeze(p) for p in paras]   # paragraphs rebuilt
    assert not re.search(r"- \d+ -", doc.original)                            # page numbers dropped
    assert metrics(doc) == txt_metrics[seed.name]


def test_pdf_has_several_pages(seed_pdfs):
    from pypdf import PdfReader

    assert all(len(PdfReader(path).pages) >= 2 for path in seed_pdfs.values())


def test_scanned_pdf_needs_ocr(tmp_path):
    path = write(tmp_path / "scan.pdf", scanned_pdf(pages=2))
    assert one_line_error(path) == f"{path}: scanned PDF without a text layer: needs OCR"


def test_partly_scanned_pdf_is_read_with_a_warning(tmp_path, seed_pdfs):
    writer = PdfWriter(clone_from=seed_pdfs[SEEDS[1].name])
    writer.append(io.BytesIO(scanned_pdf()))
    buf = io.BytesIO()
    writer.write(buf)
    doc = load(write(tmp_path / "mixed.pdf", buf.getvalue()))
    n = len(writer.pages)
    assert doc.warnings == [f"page(s) {n} without a text layer (scanned?): their text is missing"]
    assert no_space(doc.original) == no_space(SEEDS[1].read_text("utf-8"))


def encrypted(pdf_path, user: str, owner: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=pdf_path)
    writer.encrypt(user, owner)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_password_protected_pdf(tmp_path, seed_pdfs):
    path = write(tmp_path / "locked.pdf", encrypted(seed_pdfs[SEEDS[1].name], "secret"))
    assert one_line_error(path) == f"{path}: password-protected PDF"


def test_pdf_with_only_an_owner_password_is_read(tmp_path, seed_pdfs):
    path = write(tmp_path / "no-print.pdf", encrypted(seed_pdfs[SEEDS[1].name], "", "owner"))
    assert no_space(load(path).original) == no_space(SEEDS[1].read_text("utf-8"))


def test_broken_pdf(tmp_path, seed_pdfs):
    garbage = write(tmp_path / "garbage.pdf", b"%PDF-1.4\n" + random.Random(3).randbytes(400))
    assert one_line_error(garbage).startswith(f"{garbage}: broken PDF: ")
    data = seed_pdfs[SEEDS[1].name].read_bytes()
    cut = write(tmp_path / "cut.pdf", data[:len(data) // 3])
    assert one_line_error(cut).startswith(f"{cut}: broken PDF: ")


# --- files that are not reports -------------------------------------------------------

def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_broken_word_files(tmp_path):
    noise = write(tmp_path / "x.docx", random.Random(5).randbytes(2000))
    assert one_line_error(noise) == f"{noise}: broken .docx: not a ZIP package"
    with zipfile.ZipFile(io.BytesIO(word_file(["标题", "正文"], table_at=9))) as z:
        parts = {name: z.read(name) for name in z.namelist() if name != "word/document.xml"}
    headless = write(tmp_path / "y.docx", zip_of(parts))
    assert one_line_error(headless) == f"{headless}: broken .docx: word/document.xml missing"
    other = write(tmp_path / "z.docx", zip_of({"hello.txt": b"hi"}))
    assert one_line_error(other) == f"{other}: broken .docx: [Content_Types].xml missing"
    ole = write(tmp_path / "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert one_line_error(ole) == (f"{ole}: broken .docx: an OLE file (a legacy .doc or a password-protected "
                                   ".docx), not a .docx package")


@pytest.mark.parametrize("name", ["e.txt", "e.html", "e.docx", "e.pdf", "e.dat"])
def test_empty_file(tmp_path, name):
    path = write(tmp_path / name, b"")
    assert one_line_error(path) == f"{path}: empty file"


def test_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)      # sparse: nothing is written, and nothing may be read
    assert one_line_error(path) == f"{path}: file too large (64.0 MiB; limit 64 MiB)"
    small = write(tmp_path / "small.txt", "报告" * 600_000)
    assert one_line_error(small, max_bytes=2**20) == f"{small}: file too large (3.4 MiB; limit 1 MiB)"


def test_missing_file_and_unknown_extensions(tmp_path, seed_pdfs):
    assert one_line_error(tmp_path / "nope.pdf") == f"{tmp_path / 'nope.pdf'}: no such file"
    # another extension: text unless the bytes show a PDF, a .docx or a web page
    doc = load(write(tmp_path / "report.dat", seed_pdfs[SEEDS[1].name].read_bytes()))
    assert doc.encoding == "pdf"
    assert load(write(tmp_path / "report.md", SEEDS[1].read_bytes())).text == read(SEEDS[1]).text


# --- expand ---------------------------------------------------------------------------

def test_expand(tmp_path, monkeypatch):
    files = ["reports/a.txt", "reports/d.htm", "reports/2024/b.docx", "reports/2024/deep/c.PDF",
             "reports/notes.md", "reports/.hidden.txt", "reports/.git/x.txt", "reports/~$lock.docx",
             "other/e.docx", "other/sub/f.docx", "other/~$f.docx", "other/g.pdf"]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path / name, "报告")
    monkeypatch.chdir(tmp_path)

    assert expand(["reports"]) == [P("reports/2024/b.docx"), P("reports/2024/deep/c.PDF"),
                                   P("reports/a.txt"), P("reports/d.htm")]
    assert expand(["other/**/*.docx"]) == [P("other/e.docx"), P("other/sub/f.docx")]
    # overlapping arguments give each file once; a file named is taken whatever it is
    assert expand(["reports/a.txt", "reports", "./reports/a.txt", "reports/../reports/a.txt",
                   "reports/notes.md", "reports/.hidden.txt"]) == [
        P("reports/.hidden.txt"), P("reports/2024/b.docx"), P("reports/2024/deep/c.PDF"),
        P("reports/a.txt"), P("reports/d.htm"), P("reports/notes.md")]
    # a missing file is kept for load to report; a pattern matching nothing gives nothing
    assert expand(["missing.txt", "nothing/*.pdf"]) == [P("missing.txt")]
    assert {p.suffix.lower() for p in expand([tmp_path])} <= SUPPORTED


def test_cli_extracts_a_folder_of_mixed_formats(tmp_path, seed_pdfs, txt_metrics):
    """`zhfacts extract DIR` reads .html, .docx and .pdf beside .txt, and a broken file
    is one error line while the rest is extracted."""
    import json
    import os
    import subprocess
    import sys

    seed = SEEDS[0]
    paras = paragraphs(seed)
    (tmp_path / "a" / "b").mkdir(parents=True)
    write(tmp_path / "a" / "page.html", web_page(paras))
    write(tmp_path / "a" / "b" / "report.pdf", seed_pdfs[seed.name].read_bytes())
    write(tmp_path / "broken.docx", b"not a zip at all")
    res = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(tmp_path), "--format", "jsonl"],
                         capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert res.returncode == 1
    assert res.stderr.splitlines() == [f"zhfacts: error: {tmp_path / 'broken.docx'}: broken .docx: not a ZIP package"]
    docs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [d["document"]["encoding"] for d in docs] == ["pdf", "utf-8"]  # a/b/report.pdf, a/page.html
    for d in docs:
        assert [(m["value"], m["unit"]) for m in d["metrics"]] == txt_metrics[seed.name]
