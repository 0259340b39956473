"""Hostile and unlucky inputs (issue 16): every file gets one clear answer in bounded time
and memory, a batch survives its workers, and no output can lie or attack.

Each test asserts the exact outcome: the error line, the exit code, the recorded failure,
the neutralized cell, the finite value.
"""
from __future__ import annotations

import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import ROOT, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError, ZhfactsError, printable
from pipeline.extractors import extract
from pipeline.ingest import ingest
from pipeline.output import dumps
from pipeline.sources import MAX_INFLATED, load, scan

GOOD = "全市共有基层党组织236个，党员1.35万名。2024年上半年新建党建品牌12个。\n"


def zhfacts(*args, timeout: float = 120, **kw):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, **kw)


def error_of(path, **kw) -> str:
    with pytest.raises(InputError) as err:
        load(path, **kw)
    return str(err.value)


# --- what is read --------------------------------------------------------------------------

def test_fifo_device_and_link_loop_are_refused_and_the_good_file_is_still_read(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    (tmp_path / "loop1.txt").symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(tmp_path / "loop1.txt")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert error_of(fifo) == f"{fifo}: not a regular file (a FIFO): refused"
    assert error_of("/dev/zero") == "/dev/zero: not a regular file (a character device): refused"
    assert error_of(tmp_path / "loop1.txt") == f"{tmp_path / 'loop1.txt'}: symbolic link loop"

    res = zhfacts("extract", "--format", "jsonl", fifo, tmp_path / "loop1.txt", "/dev/zero", good, timeout=60)
    assert res.returncode == 1
    assert res.stderr.splitlines() == [
        "zhfacts: error: /dev/zero: not a regular file (a character device): refused",
        f"zhfacts: error: {good.parent / 'loop1.txt'}: symbolic link loop",
        f"zhfacts: error: {fifo}: not a regular file (a FIFO): refused"]
    docs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [d["document"]["source"] for d in docs] == [str(good)]
    assert [m["value"] for m in docs[0]["metrics"]] == [236.0, 13500.0, 12.0]


def test_check_reads_standard_input_up_to_the_limit():
    with open("/dev/zero", "rb") as zero:
        res = zhfacts("check", "-", stdin=zero, timeout=120)
    assert res.returncode == 2
    assert res.stderr.splitlines()[0] == "zhfacts: error: <stdin>: file too large (64.0 MiB; limit 64 MiB)"


def test_size_is_checked_while_reading(tmp_path):
    # /proc files say size 0: the limit must hold while reading, not only by stat
    maps = Path("/proc/self/maps")
    assert maps.stat().st_size == 0
    with pytest.raises(InputError) as err:
        load(maps, max_bytes=1000)
    assert str(err.value) == "/proc/self/maps: file too large (more than 1,001 bytes; limit 1,000 bytes)"


def test_decoded_characters_are_limited(tmp_path):
    txt = tmp_path / "long.txt"
    txt.write_text(GOOD * 100, encoding="utf-8")
    assert error_of(txt, max_chars=2000) == f"{txt}: text too long ({len(GOOD) * 100:,} characters; limit 2,000)"
    import docx

    document = docx.Document()
    for _ in range(100):
        document.add_paragraph(GOOD.strip())
    word = tmp_path / "long.docx"
    document.save(word)
    # reading stops at the limit: "more than", counted up to the paragraph that crossed it
    line = len(GOOD)  # the paragraph and its newline
    assert error_of(word, max_chars=2000) == \
        f"{word}: text too long (more than {(2000 // line + 1) * line:,} characters; limit 2,000)"


def zip_bomb(inflated: int) -> bytes:
    """A .docx whose document.xml inflates to `inflated` bytes (a comment of spaces)."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    src = zipfile.ZipFile(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<w:body>", 1)
            with dst.open("word/document.xml", "w", force_zip64=True) as f:
                f.write(head + b"<w:body><!--")
                for _ in range(inflated // 2**24):
                    f.write(b" " * 2**24)
                f.write(b"--><w:p><w:r><w:t>" + GOOD.strip().encode() + b"</w:t></w:r></w:p>" + tail)
    return out.getvalue()


def test_zip_bomb_docx_is_refused_with_little_memory(tmp_path):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(zip_bomb(4 * MAX_INFLATED))  # 512 MiB inflated, ~0.5 MB on disk
    assert bomb.stat().st_size < 2**20
    # VmHWM: this process's peak RSS (ru_maxrss would keep the forking pytest's across exec)
    probe = ("import re, sys\nfrom pipeline.sources import load\nfrom pipeline.errors import InputError\n"
             "try:\n    load(sys.argv[1])\nexcept InputError as err:\n    print(err)\n"
             "print(int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]) // 1024)")
    res = subprocess.run([sys.executable, "-c", probe, str(bomb)], capture_output=True, text=True, timeout=120)
    message, peak_mib = res.stdout.splitlines()
    assert message == f"{bomb}: broken .docx: its parts inflate to more than 128 MiB (a ZIP bomb?)"
    assert int(peak_mib) < 400


def test_docx_without_a_document_body(tmp_path):
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    src = zipfile.ZipFile(buf)
    for name, mangle in (("root.docx", lambda x: x.replace(b"w:document", b"w:documenx")),
                         ("nobody.docx", lambda x: x.replace(b"w:body", b"w:bodx"))):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                data = src.read(info)
                dst.writestr(info.filename, mangle(data) if info.filename == "word/document.xml" else data)
        (tmp_path / name).write_bytes(out.getvalue())
        assert error_of(tmp_path / name) == f"{tmp_path / name}: broken .docx: word/document.xml holds no document body"


def test_deeply_nested_web_page_is_refused_not_cut(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<!DOCTYPE html><html><body><p>开头一段。</p>" + "<div>" * 300 + "<p>深处的一段。</p>"
                    + "</div>" * 300 + "<p>" + GOOD + "</p></body></html>", encoding="utf-8")
    assert error_of(page) == f"{page}: web page nested more than 256 elements deep: the text past that depth would be lost"


def test_pdf_with_wrong_xref_offsets_is_read_without_log_noise(tmp_path, capfd):
    import pdfplumber
    from test_sources import paragraphs, pdf_file

    data = pdf_file(paragraphs(SEEDS[1]))
    table = re.search(rb"\nxref\n", data).end()
    # every in-use entry of the cross-reference table 7 bytes off
    shifted = data[:table] + re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m[1]) + 7), data[table:])
    path = tmp_path / "shifted.pdf"
    path.write_bytes(shifted)
    with pdfplumber.open(path) as pdf:   # what pdfminer alone makes of it
        assert len(pdf.pages) == 0
    sound = tmp_path / "sound.pdf"
    sound.write_bytes(data)
    capfd.readouterr()
    norm = load(path)
    assert capfd.readouterr().err == ""
    assert norm.text == load(sound).text
    assert [m.value for m in extract(norm).metrics] == [m.value for m in extract(SEEDS[1]).metrics]


# --- folders -------------------------------------------------------------------------------

def test_folder_scan_stays_inside_and_records_what_it_refuses(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("机密：口令是123456。\n", encoding="utf-8")
    (folder / "secret.txt").symlink_to(outside)
    (folder / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "sub" / "etc").symlink_to("/etc")
    (folder / "sub" / "same.txt").symlink_to(folder / "good.txt")   # inside: the same file, once
    files, refused = scan([folder])
    assert files == [folder / "good.txt"]
    assert refused == [(str(folder / "a.txt"), "symbolic link loop"),
                       (str(folder / "b.txt"), "symbolic link loop"),
                       (str(folder / "gone.txt"), "dangling symbolic link"),
                       (str(folder / "secret.txt"), f"symbolic link leading out of {folder}: refused"),
                       (str(folder / "sub" / "etc"), f"symbolic link leading out of {folder}: refused")]

    db = tmp_path / "facts.sqlite"
    lines = []
    summary = ingest([str(folder)], db, jobs=1, progress=False, echo=lines.append)
    assert (summary.new, summary.failed) == (1, 5)
    assert lines[3] == f"zhfacts: error: {folder / 'secret.txt'}: symbolic link leading out of {folder}: refused"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT path FROM documents").fetchall() == [(str(folder / "good.txt"),)]
        assert conn.execute("SELECT count(*) FROM sentences WHERE text LIKE '%口令%'").fetchone() == (0,)
        assert sorted(conn.execute("SELECT source, reason FROM errors")) == refused


def test_symlink_loop_on_the_command_line_does_not_stop_the_rest(tmp_path):
    (tmp_path / "x.txt").symlink_to(tmp_path / "x.txt")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    files, refused = scan([tmp_path / "x.txt", good, tmp_path / "nothing*.txt"])
    assert files == [good, tmp_path / "x.txt"]
    assert refused == []  # a pattern that matches nothing is a warning of the command, not a failed file


# --- a batch survives its workers -------------------------------------------------------

def _parse_or_die(path):
    """Stands in for the worker's parse: dies like an OOM-killed process, or hangs."""
    from pipeline import ingest as mod

    if path.endswith("die.txt"):
        os.kill(os.getpid(), signal.SIGKILL)
    if path.endswith("hang.txt"):
        time.sleep(600)
    return mod._real_parse(path)


def test_killed_and_overrunning_workers_end_their_file_as_failed(tmp_path, monkeypatch):
    from pipeline import ingest as mod

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "die.txt", "hang.txt", "b.txt", "c.txt"):
        (folder / name).write_text(GOOD.replace("236", str(len(name) * 100 + ord(name[0]))), encoding="utf-8")
    monkeypatch.setattr(mod, "_real_parse", mod._parse, raising=False)
    monkeypatch.setattr(mod, "_parse", _parse_or_die)   # forked workers run this
    db = tmp_path / "facts.sqlite"
    lines = []
    started = time.monotonic()
    summary = ingest([str(folder)], db, jobs=2, progress=False, echo=lines.append, timeout=5)
    assert time.monotonic() - started < 60
    assert (summary.new, summary.failed) == (3, 2)
    assert sorted(lines) == [
        f"zhfacts: error: {folder / 'die.txt'}: worker process killed by SIGKILL (out of memory?) while reading this file",
        f"zhfacts: error: {folder / 'hang.txt'}: timed out: still being read after 5 s (the per-file time budget)"]
    with sqlite3.connect(db) as conn:
        assert sorted(p for (p,) in conn.execute("SELECT path FROM documents")) == \
            [str(folder / n) for n in ("a.txt", "b.txt", "c.txt")]
        assert conn.execute("SELECT count(*) FROM errors").fetchone() == (2,)


# --- outputs -------------------------------------------------------------------------------

def test_an_overflowing_figure_is_refused_as_a_metric():
    text = f"全市共有党员{'9' * 400}名，资金{'9' * 305}万元，新建支部12个。\n"
    result = extract(text.encode("utf-8"))
    assert [(m.text, m.value) for m in result.metrics] == [("12个", 12.0)]
    assert result.facts["metrics"].refused == 2
    out = json.loads(dumps(result))   # strict JSON: allow_nan=False would raise on Infinity
    assert [m["value"] for m in out["metrics"]] == [12.0]


HOSTILE_TITLE = '=HYPERLINK("http://evil.example/x","点此查看")'
SHOWN_TITLE = "'=HYPERLINK（\"http://evil.example/x\",\"点此查看\"）"   # normalized (full-width brackets), neutralized


def test_csv_and_xlsx_cells_are_neutralized(tmp_path):
    src = tmp_path / "report.txt"
    src.write_text(f"{HOSTILE_TITLE}\n+2024年新建支部12个。\n@各支部：-3个支部整改。\n", encoding="utf-8")
    for fmt in ("csv", "xlsx"):
        res = zhfacts("extract", src, "--format", fmt, "--out", tmp_path / fmt)
        assert res.returncode == 0, res.stderr
    docs = pd.read_csv(tmp_path / "csv" / "documents.csv")
    assert docs.loc[0, "title"] == SHOWN_TITLE
    metrics = pd.read_csv(tmp_path / "csv" / "metrics.csv")
    assert list(metrics["value"]) == [12.0] and list(metrics["text"]) == ["12个"]   # numbers stay numbers
    book = openpyxl.load_workbook(tmp_path / "xlsx" / "facts.xlsx")
    title = book["documents"]["H2"] if book["documents"]["H1"].value == "title" else \
        next(c for c in book["documents"][2] if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert title.value == SHOWN_TITLE and title.data_type == "s"
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)


def test_export_neutralizes_too(tmp_path):
    src = tmp_path / "in" / "report.txt"
    src.parent.mkdir()
    src.write_text(f"{HOSTILE_TITLE}\n2024年新建支部12个。\n", encoding="utf-8")
    db = tmp_path / "facts.sqlite"
    ingest([str(src.parent)], db, jobs=1, progress=False)
    res = zhfacts("export", "--db", db, "--format", "xlsx", "--out", tmp_path / "x")
    assert res.returncode == 0, res.stderr
    ws = openpyxl.load_workbook(tmp_path / "x" / "facts.xlsx")["documents"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("title") + 1)
    assert (cell.value, cell.data_type) == (SHOWN_TITLE, "s")
    res = zhfacts("export", "--db", db, "--format", "csv", "--out", tmp_path / "c")
    assert pd.read_csv(tmp_path / "c" / "documents.csv").loc[0, "title"] == SHOWN_TITLE


def test_file_names_are_printed_with_control_characters_escaped(tmp_path):
    name = tmp_path / "a\nzhfacts: error: forged\x1b[31m\u202e.txt"
    name.write_bytes(b"")
    assert printable("a\tb\x85c\u2028") == "a\\tb\\x85c\\u2028"
    res = zhfacts("extract", name)
    assert res.returncode == 1
    assert res.stderr.splitlines() == [
        f"zhfacts: error: {tmp_path}/a\\nzhfacts: error: forged\\x1b[31m\\u202e.txt: empty file"]


# --- search and serve ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "facts.sqlite"
    ingest([str(SEEDS[0])], path, jobs=1, progress=False)
    return path


def test_search_query_is_capped(db):
    res = zhfacts("search", "党" * 40_000, "--db", db)
    assert res.returncode == 2
    assert "Invalid value for QUERY: query too long (40,000 characters; limit 200)" in res.stderr
    res = zhfacts("search", " ".join("党建品牌组织"[i % 6] for i in range(60)), "--db", db)
    assert res.returncode == 2
    assert "Invalid value for QUERY: query has too many terms (60; limit 20)" in res.stderr
    from pipeline.store import open_store

    with pytest.raises(ZhfactsError, match=r"^query too long \(201 characters; limit 200\)$"):
        open_store(db).search("党" * 201)


def test_search_type_and_unit_combine_or_conflict(db):
    res = zhfacts("search", "党", "--db", db, "--type", "date", "--unit", "个")
    assert res.returncode == 2
    assert "Error: --unit filters metrics: it cannot be combined with --type date" in res.stderr
    both = zhfacts("search", "党", "--db", db, "--type", "metric", "--unit", "个", "--format", "json")
    alone = zhfacts("search", "党", "--db", db, "--unit", "个", "--format", "json")
    assert both.returncode == alone.returncode == 0
    rows = json.loads(both.stdout)
    assert rows and rows == json.loads(alone.stdout)
    assert {(r["type"], r["unit"]) for r in rows} == {("metric", "个")}


def test_serve_on_a_public_address_needs_public(db):
    from pipeline.serve import is_loopback

    assert [is_loopback(h) for h in ("127.0.0.1", "127.5.0.1", "::1", "[::1]", "localhost", "0.0.0.0", "::",
                                     "192.168.1.10", "example.org")] == [True] * 5 + [False] * 4
    res = zhfacts("serve", "--db", db, "--host", "0.0.0.0", timeout=60)
    assert res.returncode == 2
    assert ("Error: --host 0.0.0.0 is not a loopback address: anyone who can reach it could read the database "
            "(no login); add --public to serve it anyway") in " ".join(res.stderr.split())
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--host", "0.0.0.0",
                             "--port", "0", "--public"], stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        assert proc.stderr.readline().rstrip("\n") == (
            f"zhfacts: warning: serving {db} on 0.0.0.0:0 without authentication: "
            f"anyone who can reach this address can read it")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)   # zhfacts and the Datasette it started
        proc.wait(30)


# --- bounded time ----------------------------------------------------------------------------

# one token many times: the shapes that made an extractor superlinear (fuzz.py's REPEATS too)
RUNS = ["市委", "县委", "区政府", "广西", "党委", "街道", "市委办公室", "省市县区乡镇村", "学校", "第一", "《》", "“”",
        "1万", "一二三四五六七八九十百千万亿", "X X ", "***", "罽", "2024年3月", "5千", "3万5千", "X万X千", "1%-"]


def calls_to_extract(text: str) -> int:
    """The function calls made while extracting `text`, counted by cProfile: a measure
    of the work that machine load cannot move."""
    import cProfile

    from pipeline.extractors import collect, process, to_normalized

    norm = to_normalized(text.encode("utf-8"))
    profile = cProfile.Profile()
    profile.enable()
    try:
        collect(norm, process(norm))
    finally:
        profile.disable()
    return sum(entry.callcount for entry in profile.getstats())


@pytest.mark.parametrize("token", RUNS)
def test_runs_of_one_token_cost_linear_work(token):
    """n and 4n characters of a run: at most 5x the calls (a square would be 16x)."""
    calls_to_extract(GOOD)  # lexicons and models loaded before counting
    small, large = ((token * 4000)[:n] for n in (1000, 4000))
    assert calls_to_extract(large) <= 5 * calls_to_extract(small)


def calls_of(fn) -> int:
    """The function calls `fn()` makes, counted by cProfile."""
    import cProfile

    profile = cProfile.Profile()
    profile.enable()
    try:
        fn()
    finally:
        profile.disable()
    return sum(entry.callcount for entry in profile.getstats())


# a Word file of 40 KB held 20,000 of these (141,000 characters, 20,000 date facts) and took
# 4 s: each date costs work in the dates, metrics and placeholder rules and in the JSON
DENSE_DATES = "2024年3月"


@pytest.mark.parametrize("n", [1000, 4000])
def test_dense_dates_cost_bounded_calls_per_fact(n):
    """Calls per date of a run of `2024年3月`: the extraction made 285 before (issue 16),
    the dates rule 68 (a lookup method called ~30 times a match), the metrics rule 56 per
    candidate (3月 and 2024年 were parsed as figures before being refused as time units)."""
    from pipeline.extractors import collect, dates, metrics, process, to_normalized

    calls_to_extract(GOOD)  # lexicons and models loaded before counting
    text = "2022年，党员增长。" + DENSE_DATES * n + "。"
    norm = to_normalized(text.encode("utf-8"))
    result = collect(norm, process(norm))
    assert len(result.dates) == n + 1
    assert calls_of(lambda: collect(norm, process(norm))) <= 200 * n
    assert calls_of(lambda: dates.find(text, None)) <= 40 * n
    assert calls_of(lambda: metrics.find(text)) <= 20 * n
    assert calls_of(result.to_json) <= 45 * n  # dataclasses.asdict made 176 calls a fact


def test_rows_are_those_of_asdict():
    """`as_row` is `dataclasses.asdict` without its recursion: same keys, order and
    values, and a document's repairs (a list of dicts) still copied."""
    from dataclasses import asdict

    from pipeline.facts import as_row

    result = extract(SEEDS[0])
    result.document.repairs = [{"kind": "mojibake", "spans": [[1, 2]]}]
    gaps = extract("全县共有党员XX人。".encode("utf-8")).placeholders
    records = [result.document, *gaps, *(f for facts in result.facts.values() for f in facts)]
    assert len({type(r) for r in records}) == 7
    for record in records:
        row = as_row(record)
        assert row == asdict(record) and list(row) == list(asdict(record))
    row = as_row(result.document)
    assert row["repairs"] is not result.document.repairs and row["repairs"][0] is not result.document.repairs[0]


def test_gap_figure_start_test_takes_nothing():
    """The placeholders' pattern tests what a gap figure starts with before trying its
    forms (on `2024年3月…` every digit tried them all: 4× the scan). The test is only a
    lookahead: the matches are those of the pattern without it. (The regex engine's steps
    cannot be counted, so the equivalence is asserted.)"""
    import random

    import regex

    from pipeline.extractors import placeholders

    guarded = placeholders._pattern()
    assert placeholders._FIG_START in guarded.pattern
    plain = regex.compile(guarded.pattern.replace(placeholders._FIG_START, ""))
    rng = random.Random(16)
    alphabet = list("0123456789.．%％‰-—～~至到*＊XxＸｘ×万亿千百十元个人年月AB一二〇○零多余 ")
    texts = [*(p.read_text("utf-8") for p in SEEDS), *(("".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))) for _ in range(2000))]
    for text in texts:
        assert [(m.span(), m.groupdict()) for m in guarded.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(text)], text


def test_date_form_guards_take_nothing():
    """Two date forms test their first character and the one character they need (a
    range's joiner, 以来's 来) before trying the form: each digit of `2024年3月…` began
    both and failed late (3× their scan). The tests take nothing: the matches are those
    of the plain forms, the longest each form allows included."""
    import random

    import regex

    from pipeline.extractors import dates

    sp = "\u3000"
    longest = [f"中华民国{sp}112{sp}年{sp}12{sp}月份{sp}至{sp}2024{sp}年{sp}12{sp}月",
               f"中华民国{sp}112{sp}年度{sp}12{sp}月份{sp}二十一{sp}日{sp}以来", f"今年{sp}十二{sp}月份{sp}二十一{sp}号{sp}以来"]
    rng = random.Random(16)
    tokens = ["2024", "二〇二一", "中华民国", "112", "年", "月", "份", "度", "日", "号", "以来", "来", "至", "到", "-", "—",
              " ", sp, "今年", "去年", "3", "12", "十一", "二十一", "元", "，"]
    texts = [*longest, *(p.read_text("utf-8") for p in SEEDS),
             *("".join(rng.choice(tokens) for _ in range(rng.randrange(1, 14))) for _ in range(5000))]
    for k in dates.FORM_GUARDS:
        guarded, plain = dates._PATTERNS[k], regex.compile(dates._FORMS[k])
        assert guarded.pattern != plain.pattern
        for text in texts:
            assert [(m.span(), m.groupdict()) for m in guarded.finditer(text)] == \
                [(m.span(), m.groupdict()) for m in plain.finditer(text)], text
    assert [m.span() for m in dates._PATTERNS[2].finditer(longest[0])] == [(0, len(longest[0]))]
    since = next(k for k, guard in dates.FORM_GUARDS.items() if guard.endswith("来)"))  # the 以来 form
    assert [m.span() for m in dates._PATTERNS[since].finditer(longest[1])] == [(0, len(longest[1]))]


def test_compound_places_are_bounded():
    """`3万5千` takes at most three smaller places after its magnitude: a run of `5千5千…`
    is no figure, and an unbounded tail rescanned it from every figure (8k chars: 37 s).
    The regex engine's steps cannot be counted, so the bound itself is asserted."""
    import regex

    from pipeline.extractors import metrics, numbers

    assert regex.fullmatch(numbers.COMPOUND_TAIL, "5千" * 3)
    assert not regex.fullmatch(numbers.COMPOUND_TAIL, "5千" * 4)
    assert [(h.value, h.unit) for h in metrics.find("拨付3万5千元，另有1亿2千万元。")] == [(35000.0, "元"), (120000000.0, "元")]


# --- fuzzing ---------------------------------------------------------------------------------

def test_fuzz_harness_brief_run():
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "fuzz.py"), "--inputs", "80", "--seed", "16",
                          "--timeout", "60", "--max-kb", "2"], capture_output=True, text=True, timeout=900)
    summary = res.stdout.splitlines()[-1]
    assert res.returncode == 0, res.stdout + res.stderr
    assert summary.startswith("fuzz: 80 inputs in ") and " (seed 16): 0 failures (0 hangs)" in summary


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000) | st.text(max_size=600).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_give_facts_or_our_error(data):
    from pipeline.extractors import collect, process, to_normalized

    try:
        norm = to_normalized(data)
    except InputError as err:
        assert "\n" not in str(err)
        return
    result = collect(norm, process(norm))
    json.loads(dumps(result))
    for facts in result.facts.values():
        for f in facts:
            assert norm.original[f.start:f.end] == f.text
