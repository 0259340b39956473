"""`zhfacts serve` in a real browser: Datasette on localhost, headless Chromium."""
from __future__ import annotations

import json
import os
import signal
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import sqlite3

import pytest
from conftest import SEEDS

from pipeline.ingest import ingest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    db = folder / "facts.sqlite"
    ingest([str(p) for p in SEEDS], str(db), jobs=1, progress=False)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("zhfacts serve did not start: " + proc.stderr.read().decode()[-2000:])
    yield base, db
    proc.terminate()
    proc.wait(timeout=10)


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def test_search_box_finds_chinese_in_headless_chromium(server, tmp_path):
    server, _ = server
    assert CHROMIUM, "chromium is not installed: `python3.11 scripts/bootstrap.py test` installs it (as root)"
    url = f"{server}/facts/sentences?" + urllib.parse.urlencode({"_search": "五基三化"})
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                          "--no-first-run", "--disable-background-networking", "--disable-component-update",
                          "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
                         capture_output=True, text=True, timeout=90).stdout
    # the search box leads to the ranked canned query: 5 sentences, the word marked
    assert "围绕基层党组织“<mark>五基三化</mark>”建设要求" in dom
    assert dom.count("<mark>五基三化</mark>") >= 5


@pytest.mark.parametrize("query, table", [("党建", "sentences"), ("品牌", "sentences"), ("党", "sentences"),
                                          ("五基三化", "slogans"), ("党", "organizations")])
def test_search_through_datasette_finds_every_row_that_contains_the_query(server, query, table):
    import sqlite3

    base, db = server
    rows = get_json(f"{base}/facts/{table}.json?" + urllib.parse.urlencode(
        {"_search": query, "_shape": "array", "_size": "max"}))
    fields = ("text",) if table == "sentences" else ("norm", "name") if table == "organizations" else ("norm",)
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        want = {r["rid"] for r in conn.execute(f"SELECT rowid AS rid, * FROM {table}")
                if any(query in (r[f] or "") for f in fields)}
        got = {conn.execute(f"SELECT rowid FROM {table} WHERE doc_id = ? AND start = ? AND sentence = ?",
                            (r["doc_id"], r["start"], r["sentence"])).fetchone()[0] for r in rows}
    assert want and got == want


def test_facets_labels_and_canned_queries(server):
    server, _ = server
    meta = get_json(f"{server}/-/metadata.json")
    tables = meta["databases"]["facts"]["tables"]
    assert tables["metrics"]["facets"] == ["unit", "approx"]
    assert tables["documents"]["columns"]["region"] == "报告所属市或省"
    regions = get_json(f"{server}/facts/documents.json?_facet=region&_shape=objects")["facet_results"]
    assert {f["value"] for f in regions["region"]["results"]} == {"桂林", "广西"}
    rows = get_json(f"{server}/facts/slogans_across_cities.json?_shape=array")
    top = {r["slogan"]: r["regions"] for r in rows}
    assert top["两个维护"] == 2 and top["五基三化"] == 2
    gaps = get_json(f"{server}/facts/gaps_per_draft.json?_shape=array")
    assert sum(r["gaps"] for r in gaps) == 30
    ranked = get_json(f"{server}/facts/ranked_search.json?" + urllib.parse.urlencode({"q": "党建品牌",
                                                                                        "_shape": "array"}))
    assert ranked and all("党建品牌" in r["text"] for r in ranked)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_leaves_no_process_behind(server, sig):
    """Datasette runs inside `zhfacts serve`: a signal ends the server, and no child of
    the command (a Datasette on its own) is left running."""
    _, db = server
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    children = _children(proc.pid)
    proc.send_signal(sig)
    # SIGINT: a clean exit; SIGTERM: a graceful shutdown, then the end by that signal
    assert proc.wait(timeout=20) == (0 if sig == signal.SIGINT else -signal.SIGTERM)
    time.sleep(0.5)
    assert [pid for pid in children if Path(f"/proc/{pid}").exists()] == []
    with pytest.raises(OSError):  # the port is free again
        urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=1)


def _children(pid: int) -> list[int]:
    """Every descendant of `pid` now (from /proc)."""
    parent = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        todo += kids
    return out


def test_plain_datasette_on_another_database_keeps_its_own_search(tmp_path, server):
    """Our plugin is installed in this environment (an entry point), yet `datasette serve
    other.db` still finds `2024` in an ordinary FTS table: only zhfacts databases get the
    Chinese query rewriter. The zhfacts server in the same environment still finds 党建."""
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.executemany("INSERT INTO notes (body) VALUES (?)",
                         [("budget for 2024 approved",), ("plans for 2025",), ("2024 review done",)])
        conn.execute("CREATE VIRTUAL TABLE notes_fts USING fts5(body, content=\"notes\", content_rowid=id)")
        conn.execute("INSERT INTO notes_fts (rowid, body) SELECT id, body FROM notes")
    port = free_port()
    datasette = Path(sys.executable).with_name("datasette")
    proc = subprocess.Popen([str(datasette), "serve", str(other), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                plugins = get_json(base + "/-/plugins.json")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("datasette did not start: " + proc.stderr.read().decode()[-2000:])
        assert "zhfacts" in {p["name"] for p in plugins}  # our plugin is loaded
        rows = get_json(f"{base}/other/notes.json?_search=2024&_shape=array")
        assert sorted(r["body"] for r in rows) == ["2024 review done", "budget for 2024 approved"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    zh_base, _ = server
    rows = get_json(f"{zh_base}/facts/sentences.json?_search=%E5%85%9A%E5%BB%BA&_shape=array&_size=5")
    assert len(rows) == 5 and all("党建" in r["text"] for r in rows)


def test_long_text_is_cut_in_table_views(server):
    import sqlite3

    base, db = server
    with urllib.request.urlopen(f"{base}/facts/documents", timeout=10) as r:
        page = r.read().decode()
    with sqlite3.connect(db) as conn:
        texts = [t for (t,) in conn.execute("SELECT text FROM documents")]
    assert all(len(t) > 1000 for t in texts)
    assert not any(t[:400] in page for t in texts)  # not the whole text
    assert all(t[:100] in page for t in texts)  # its beginning, cut


def _chromium(tmp_path, *args, timeout=90):
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars"]
    return subprocess.run([*flags, *args], capture_output=True, text=True, timeout=timeout)


def _keep(shot: Path) -> None:
    keep = os.environ.get("ZHFACTS_SCREENSHOTS")  # a folder to keep the screenshots in, to look at them
    if keep:
        shutil.copy(shot, Path(keep) / shot.name)


def test_table_search_for_dangjian_ranked_and_marked_screenshot(server, tmp_path):
    """The search box of the sentences table, 党建: the page shows the matching sentences best
    bm25 first, 党建 in <mark> in each, with region, year and path; screenshot (looked at by eye)."""
    import re

    base, db = server
    assert CHROMIUM, "chromium is not installed: `python3.11 scripts/bootstrap.py test` installs it (as root)"
    url = f"{base}/facts/sentences?" + urllib.parse.urlencode({"_search": "党建"})
    with urllib.request.urlopen(url, timeout=10) as r:  # the search box leads to the ranked query
        assert r.url == f"{base}/facts/sentences_search?q=%E5%85%9A%E5%BB%BA"
    rows = get_json(f"{base}/facts/sentences_search.json?" + urllib.parse.urlencode({"q": "党建", "_shape": "array"}))
    with sqlite3.connect(db) as conn:
        want = conn.execute("SELECT count(*) FROM sentences WHERE text LIKE '%党建%'").fetchone()[0]
    assert len(rows) == want
    assert [r["score"] for r in rows] == sorted(r["score"] for r in rows)  # bm25: smaller is better
    assert rows[0]["score"] < rows[-1]["score"]
    assert {r["region"] for r in rows} == {"桂林", "广西"} and all(r["path"].endswith(".txt") for r in rows)
    dom = _chromium(tmp_path, "--dump-dom", url).stdout
    cells = re.findall(r'<td class="col-text">(.*?)</td>', dom)
    assert len(cells) == len(rows)
    assert all("<mark>党建</mark>" in c for c in cells)
    first = rows[0]["text"]
    assert cells[0] == first.replace("党建", "<mark>党建</mark>")  # best match first
    shot = tmp_path / "table_search_dangjian.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,900", url)
    assert shot.stat().st_size > 10_000
    _keep(shot)


def test_metrics_faceted_by_region_screenshot(server, tmp_path):
    """metrics_located: every metric with its document's region, year and path; the facet
    by region counts the metrics of each region exactly; screenshot (looked at by eye)."""
    import re

    base, db = server
    assert CHROMIUM, "chromium is not installed: `python3.11 scripts/bootstrap.py test` installs it (as root)"
    with sqlite3.connect(db) as conn:
        want = dict(conn.execute("SELECT d.region, count(*) FROM metrics m JOIN documents d USING (doc_id) "
                                 "GROUP BY d.region").fetchall())
        total = conn.execute("SELECT count(*) FROM metrics").fetchone()[0]
    page = get_json(f"{base}/facts/metrics_located.json?_facet=region&_size=1")
    facet = {f["value"]: f["count"] for f in page["facet_results"]["region"]["results"]}
    assert facet == want and sum(facet.values()) == total
    assert {"region", "year", "path", "title", "value", "unit"} <= set(page["columns"])
    url = f"{base}/facts/metrics_located"  # faceted by region and year (metadata)
    rows = get_json(f"{base}/facts/metrics_located.json?region=%E6%A1%82%E6%9E%97&_shape=array&_size=max")
    assert len(rows) == want["桂林"] and {r["region"] for r in rows} == {"桂林"}
    dom = _chromium(tmp_path, "--dump-dom", url).stdout
    assert f"<title>facts: metrics_located: {total} rows</title>" in dom
    facet_html = re.search(r'id="facet-region".*?</ul>', dom, re.S).group()
    listed = dict(re.findall(r'<a href="[^"]*">([^<]+)</a> (\d+)</li>', facet_html))
    assert {k: int(v) for k, v in listed.items()} == want  # the facet lists each region with its count
    assert "数据（附地区、年份）" in dom
    shot = tmp_path / "metrics_by_region.png"  # tall: the column descriptions come first
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1500", url)
    assert shot.stat().st_size > 10_000
    _keep(shot)


def test_search_on_a_located_view_and_every_fact_table_is_ranked(server):
    """Each fact table's search box (and its _located view's) leads to <table>_search; the
    JSON table search is unchanged; a search with a facet stays on the view, marked."""
    base, _ = server
    for table in ["slogans", "slogans_located", "organizations", "metrics_located"]:
        with urllib.request.urlopen(f"{base}/facts/{table}?_search=%E5%85%9A", timeout=10) as r:
            assert r.url == f"{base}/facts/{table.removesuffix('_located')}_search?q=%E5%85%9A"
    form = urllib.parse.urlencode({"_search": "党建", "_filter_column": "", "_filter_op": "exact",
                                   "_filter_value": "", "_sort": ""})  # as the page's own form sends it
    with urllib.request.urlopen(f"{base}/facts/sentences?{form}", timeout=10) as r:
        assert r.url == f"{base}/facts/sentences_search?q=%E5%85%9A%E5%BB%BA"
    rows = get_json(f"{base}/facts/slogans_search.json?q=%E4%BA%94%E5%9F%BA%E4%B8%89%E5%8C%96&_shape=array")
    assert rows and all("五基三化" in r["norm"] for r in rows) and {"region", "year", "path"} <= set(rows[0])
    url = f"{base}/facts/slogans_located?" + urllib.parse.urlencode({"_search": "五基三化", "_facet": "region"})
    with urllib.request.urlopen(url, timeout=10) as r:
        page = r.read().decode()
        assert r.url == url
    assert "rows where search matches" in page and "<mark>五基三化</mark>" in page


def test_chinese_titles_and_column_descriptions(server):
    base, _ = server
    meta = get_json(f"{base}/-/metadata.json")
    tables = meta["databases"]["facts"]["tables"]
    assert meta["title"] == "zhfacts：工作报告事实库"
    assert tables["metrics"]["title"] == "数据"
    assert tables["metrics"]["columns"]["value"] == "数值（已换算）"
    assert tables["sentences"]["columns"]["text"] == "句子（规范简体）"
    assert tables["metrics_located"]["facets"] == ["region", "year", "unit", "approx"]
    assert tables["metrics_located"]["columns"]["region"] == "报告所属市或省"
    assert tables["slogans_located"]["fts_pk"] == "id"
    assert meta["databases"]["facts"]["queries"]["metrics_search"]["title"] == "搜索数据（按相关度）"
    with urllib.request.urlopen(f"{base}/facts/metrics", timeout=10) as r:
        page = r.read().decode()
    assert "<h1" in page and "数据" in page and "带单位的数字" in page
