"""Batch ingest into a real SQLite file: formats, bad files, re-runs, changed files,
a run killed with SIGKILL, and Chinese full-text search."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import SEEDS

from pipeline.ingest import ingest
from pipeline.store import open_store
from pipeline.store.zh_fts import zh_fts_query, zh_spaced


def seed_copy(tmp_path, seed, name=None, text_change=None):
    data = seed.read_bytes()
    if text_change:
        data = data.decode("utf-8").replace(*text_change).encode("utf-8")
    path = tmp_path / (name or seed.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "facts.sqlite")


def rows(db, sql, *args):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def test_search_tokens_and_phrases():
    # a run of punctuation is one `|` token: no phrase matches across it
    assert zh_spaced("党建品牌2024年，“五基三化”") == "党 建 品 牌 2 0 2 4 年 | 五 基 三 化 |"
    assert zh_fts_query("党建") == '"党 建"'
    assert zh_fts_query("五基三化 桂林") == '"五 基 三 化" "桂 林"'
    assert zh_fts_query('"党建 品牌') == '"党 建 | 品 牌"'  # an unclosed quote is closed


def test_ingest_seeds_skip_unchanged_and_record_bad_files(tmp_path, db):
    folder = tmp_path / "in"
    for seed in SEEDS:
        seed_copy(folder, seed)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "broken.docx").write_bytes(b"PK not really")
    lines = []
    s = ingest([str(folder)], db, jobs=2, progress=False, echo=lines.append)
    assert (s.new, s.updated, s.skipped, s.failed) == (3, 0, 0, 3)
    assert dict(s.facts) == {"metrics": 68, "dates": 26, "organizations": 76, "slogans": 86,
                             "placeholders": 30, "references": 22}
    assert sorted(lines) == sorted([
        f"zhfacts: error: {folder / 'empty.txt'}: empty file",
        f"zhfacts: error: {folder / 'photo.txt'}: binary file (PNG image), not a text report",
        f"zhfacts: error: {folder / 'broken.docx'}: broken .docx: not a ZIP package"])
    assert rows(db, "SELECT count(*) FROM errors") == [(3,)]
    assert rows(db, "SELECT count(*) FROM documents") == [(3,)]
    assert rows(db, "SELECT value, unit FROM metrics WHERE text = '1.35万名'") == [(13500.0, "名")]
    # a second run reads nothing again
    s = ingest([str(folder)], db, jobs=2, progress=False, echo=lines.append)
    assert (s.new, s.updated, s.skipped) == (0, 0, 3)


def test_changed_file_replaces_its_facts(tmp_path, db):
    path = seed_copy(tmp_path / "in", SEEDS[0])
    ingest([str(path)], db, jobs=1, progress=False)
    before = rows(db, "SELECT doc_id FROM documents")
    seed_copy(tmp_path / "in", SEEDS[0], text_change=("1.35万名机关党员", "2.46万名机关党员"))
    os.utime(path, (time.time() + 5, time.time() + 5))
    s = ingest([str(path)], db, jobs=1, progress=False)
    assert (s.new, s.updated) == (0, 1)
    after = rows(db, "SELECT doc_id FROM documents")
    assert len(after) == 1 and after != before
    assert rows(db, "SELECT value FROM metrics WHERE unit = '名' AND value > 10000") == [(24600.0,)]
    assert rows(db, "SELECT count(*) FROM metrics") == [(39,)]


def test_search_finds_what_the_documents_contain(tmp_path, db):
    for seed in SEEDS:
        seed_copy(tmp_path / "in", seed)
    ingest([str(tmp_path / "in")], db, jobs=1, progress=False)
    store = open_store(db)
    sentences = rows(db, "SELECT doc_id, sentence, text FROM sentences")
    for query in ("党建", "品牌", "五基三化", "党"):
        hits = store.search(query, kind="sentence", limit=10_000)
        want = {(d, i) for d, i, t in sentences if query in t}
        assert {(h.doc_id, h.sentence) for h in hits} == want, query
        assert all(query in h.text for h in hits)
        scores = [h.score for h in hits]
        assert scores == sorted(scores)  # bm25, best first
    slogans = store.search("五基三化", kind="slogan")
    assert {(h.text, h.fields["kind"]) for h in slogans} == {("五基三化", "formula"), ("五基三化", "formula")}
    assert len(slogans) == 5
    # a region filter: 桂林's report only
    guilin = store.search("党建", region="桂林", limit=10_000)
    assert guilin and {h.region for h in guilin} == {"桂林"}
    assert {h.doc_id for h in guilin} == {"28a8503eba017106"}
    # metrics are found by their subject too
    metric = store.search("党员", kind="metric", unit="名")
    assert {(h.text, h.fields["value"], h.fields["subject"]) for h in metric} == {
        ("1.35万名", 13500.0, "机关党员"), ("103名", 103.0, "党员科长")}


KILL_SCRIPT = r"""
import sys
from pipeline.ingest import ingest
ingest([sys.argv[1]], sys.argv[2], jobs=2, progress=False)
"""


def test_killed_ingest_finishes_on_the_next_run(tmp_path, db):
    """SIGKILL an ingest of a few hundred files midway; the re-run gives each document
    and each fact exactly once."""
    folder = tmp_path / "many"
    n = 240
    for i in range(n):
        seed = SEEDS[i % 3]
        path = seed_copy(folder, seed, name=f"{i:03d}_{seed.name}")
        with open(path, "a", encoding="utf-8") as f:  # a marker line: every content hash differs
            f.write(f"\n编号{i}。")
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(folder), db])
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.5)
        try:
            done = rows(db, "SELECT count(*) FROM documents")[0][0]
        except sqlite3.Error:
            continue
        if done >= 30:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = rows(db, "SELECT count(*) FROM documents")[0][0]
    assert 0 < partial < n
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    s = ingest([str(folder)], db, jobs=2, progress=False)
    assert s.new + s.skipped == n and s.failed == 0
    assert rows(db, "SELECT count(*) FROM documents") == [(n,)]
    assert rows(db, "SELECT count(DISTINCT path) FROM documents") == [(n,)]
    # every document's facts exactly once: per seed, the counts of a clean ingest
    per_doc = rows(db, "SELECT d.path, count(m.id) FROM documents d LEFT JOIN metrics m USING (doc_id) "
                       "GROUP BY d.doc_id")
    expected = {0: 39, 1: 1, 2: 28}
    for path, count in per_doc:
        i = int(os.path.basename(path)[:3])
        assert count == expected[i % 3], path
    assert rows(db, "SELECT count(*) FROM sentences_fts") == rows(db, "SELECT count(*) FROM sentences")


def test_the_same_bytes_at_two_paths_are_stored_once(tmp_path, db):
    a = seed_copy(tmp_path / "a", SEEDS[1])
    b = seed_copy(tmp_path / "b", SEEDS[1])
    s = ingest([str(a), str(b)], db, jobs=1, progress=False)
    assert (s.new, s.skipped) == (1, 1)
    assert rows(db, "SELECT path FROM documents") == [(str(a),)]


def test_ingest_other_formats_gives_the_metrics_of_the_text(tmp_path, db):
    from test_sources import paragraphs, pdf_file, web_page, word_file

    seed = SEEDS[0]
    paras = paragraphs(seed)
    folder = tmp_path / "formats"
    folder.mkdir()
    (folder / "page.html").write_text(web_page(paras), encoding="utf-8")
    (folder / "report.docx").write_bytes(word_file(paras, table_at=3))
    (folder / "report.pdf").write_bytes(pdf_file(paras))
    s = ingest([str(folder)], db, jobs=2, progress=False)
    assert (s.new, s.failed) == (3, 0)
    want = [(m.value, m.unit) for m in __import__("pipeline").extract(seed).metrics]
    for path in ("page.html", "report.pdf"):
        got = rows(db, "SELECT m.value, m.unit FROM metrics m JOIN documents d USING (doc_id) "
                       "WHERE d.path = ? ORDER BY m.start", str(folder / path))
        assert got == want, path
    docx = rows(db, "SELECT m.value, m.unit FROM metrics m JOIN documents d USING (doc_id) "
                    "WHERE d.path = ? ORDER BY m.start", str(folder / "report.docx"))
    assert set(want) <= set(docx)  # plus the figures of the table


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_export(tmp_path, db, fmt):
    import pandas as pd

    ingest([str(p) for p in SEEDS], db, jobs=1, progress=False)
    out = tmp_path / "export"
    res = subprocess.run([sys.executable, "-m", "pipeline", "export", "--db", db, "--format", fmt, "--out", str(out)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    if fmt == "xlsx":
        sheets = pd.read_excel(out / "facts.xlsx", sheet_name=None)
        metrics, docs = sheets["metrics"], sheets["documents"]
    else:
        read = pd.read_csv if fmt == "csv" else pd.read_parquet
        metrics, docs = read(out / f"metrics.{fmt}"), read(out / f"documents.{fmt}")
    assert len(metrics) == 68 and len(docs) == 3
    assert sorted(docs["region"]) == ["广西", "广西", "桂林"]


def test_frequent_queries_ranked_ahead_give_the_live_ranking(tmp_path, db):
    for seed in SEEDS:
        seed_copy(tmp_path / "in", seed)
    ingest([str(tmp_path / "in")], db, jobs=1, progress=False)
    store = open_store(db)
    store.frequent = 20  # the seeds are small: call a query frequent past 20 rows
    assert store.refresh_search_cache() > 10
    cached = rows(db, "SELECT DISTINCT query FROM search_top WHERE tbl = 'sentences'")
    assert ('"党"',) in cached and ('"机 关"',) in cached
    for query in ("党", "机关"):
        got = [(h.doc_id, h.sentence) for h in store.search(query, kind="sentence", limit=20)]
        live = rows(db, "SELECT s.doc_id, s.sentence FROM (SELECT rowid, bm25(sentences_fts) AS score "
                        "FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY score LIMIT 20) t "
                        "JOIN sentences s ON s.rowid = t.rowid ORDER BY t.score", zh_fts_query(query))
        assert got == live and len(got) == 20
    # a new document makes the ranking stale: it is dropped, and rebuilt after the ingest
    seed_copy(tmp_path / "more", SEEDS[0], text_change=("5年来", "6年来"))
    store.close()
    ingest([str(tmp_path / "more")], db, jobs=1, progress=False)
    # (rebuilt with the default threshold, which tables this small never reach)
    assert rows(db, "SELECT count(*) FROM search_top WHERE tbl = 'sentences'") == [(0,)]


def test_an_older_schema_is_migrated(tmp_path, db):
    ingest([str(SEEDS[1])], db, jobs=1, progress=False)
    with sqlite3.connect(db) as conn:  # make it a version-1 database again
        conn.execute("DROP TABLE search_top")
        conn.execute("DROP VIEW metrics_located")
        conn.execute("DELETE FROM schema_version WHERE version > 1")
    store = open_store(db)
    assert store.version() == 3
    assert rows(db, "SELECT count(*) FROM search_top") == [(0,)]
    assert rows(db, "SELECT count(*) = (SELECT count(*) FROM metrics) FROM metrics_located") == [(1,)]
    assert rows(db, "SELECT count(*) FROM documents") == [(1,)]  # the data stays
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99)")
    with pytest.raises(Exception, match="schema version 99 is newer than this zhfacts"):
        open_store(db)


def test_one_worker_and_two_store_the_same_rows(tmp_path):
    """-j 1 builds the search rows in the writing process, -j 2 in the workers: the same
    documents, facts and FTS tokens either way."""
    one, two = str(tmp_path / "one.sqlite"), str(tmp_path / "two.sqlite")
    ingest([str(p) for p in SEEDS], one, jobs=1, progress=False)
    ingest([str(p) for p in SEEDS], two, jobs=2, progress=False)
    for sql in ("SELECT doc_id, title, region, ref_date FROM documents ORDER BY doc_id",
                "SELECT doc_id, start, \"end\", text, tokens FROM sentences JOIN sentences_fts ON sentences_fts.rowid = sentences.rowid "
                "ORDER BY doc_id, start",
                "SELECT doc_id, start, name, tokens FROM organizations JOIN organizations_fts ON organizations_fts.rowid = organizations.id "
                "ORDER BY doc_id, start",
                "SELECT doc_id, start, value, unit FROM metrics ORDER BY doc_id, start"):
        assert rows(one, sql) == rows(two, sql) and rows(one, sql)
