"""The fact store's contract on both backends -- a real SQLite file and a database on a real
PostgreSQL server (tests/pg_server.py) -- through one parametrized fixture, `store_url`;
then what only the shared server adds: concurrent writers, the same hits for the same
queries as SQLite, and a SQLite snapshot for `zhfacts serve`."""
from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import threading
import time

import pytest
from conftest import SEEDS
from store_compare import assert_same_contents, write_variants

from pipeline.ingest import _parse, ingest
from pipeline.store import open_store
from pipeline.store.postgres import tsquery_literal, tsvector_literal

SEED_FACTS = {"metrics": 68, "dates": 26, "organizations": 76, "slogans": 86, "placeholders": 30, "references": 22}


def copy(folder, seed, name=None, change=None):
    data = seed.read_bytes()
    if change:
        data = data.decode("utf-8").replace(*change).encode("utf-8")
    path = folder / (name or seed.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_tsvector_and_tsquery_literals():
    # one position per token; punctuation is the `|` token, so no phrase runs across it
    assert tsvector_literal("党建，党员") == "'党':1,4 '建':2 '|':3 '员':5"
    assert tsvector_literal("GDP增长2%") == "'gdp':1 '增':2 '长':3 '2':4 '|':5"
    assert tsquery_literal("党建 品牌") == "('党' <-> '建') & ('品' <-> '牌')"
    assert tsquery_literal('"党建 品牌') == "('党' <-> '建' <-> '|' <-> '品' <-> '牌')"
    assert tsquery_literal("O'Brien\\") == "('o' <-> '|' <-> 'brien')"
    assert tsquery_literal("，。 ") is None


def test_ingest_skip_replace_and_duplicates(tmp_path, store_url):
    folder = tmp_path / "in"
    for seed in SEEDS:
        copy(folder, seed)
    (folder / "empty.txt").write_bytes(b"")
    s = ingest([str(folder)], store_url, jobs=1, progress=False, echo=lambda m: None)
    assert (s.new, s.updated, s.skipped, s.failed) == (3, 0, 0, 1)
    assert dict(s.facts) == SEED_FACTS
    store = open_store(store_url)
    assert store.counts() == {"documents": 3, "sentences": store.counts()["sentences"], **SEED_FACTS, "errors": 1}
    frames = store.frames()
    assert frames["errors"][["source", "reason"]].values.tolist() == [[str(folder / "empty.txt"), "empty file"]]
    metric = frames["metrics"].query("text == '1.35万名'")
    assert metric[["value", "unit", "subject"]].values.tolist() == [[13500.0, "名", "机关党员"]]
    # unchanged: skipped without parsing
    s = ingest([str(folder / SEEDS[0].name)], store, jobs=1, progress=False)
    assert (s.new, s.updated, s.skipped) == (0, 0, 1)
    # changed: replaces what its path held
    path = copy(folder, SEEDS[0], change=("1.35万名机关党员", "2.46万名机关党员"))
    os.utime(path, (time.time() + 5, time.time() + 5))
    s = ingest([str(path)], store, jobs=1, progress=False)
    assert (s.new, s.updated) == (0, 1)
    values = store.frames()["metrics"].query("unit == '名' and value > 10000")["value"].tolist()
    assert values == [24600.0]
    assert store.counts()["documents"] == 3 and store.counts()["metrics"] == 68
    # the same bytes under another path: stored once
    other = copy(tmp_path / "elsewhere", SEEDS[1])
    s = ingest([str(other)], store, jobs=1, progress=False)
    assert (s.new, s.skipped) == (0, 1)
    assert sorted(store.frames()["documents"]["path"]) == sorted(str(folder / p.name) for p in SEEDS)
    store.close()


def test_search_finds_every_row_that_contains_the_query(tmp_path, store_url):
    for seed in SEEDS:
        copy(tmp_path / "in", seed)
    ingest([str(tmp_path / "in")], store_url, jobs=1, progress=False)
    store = open_store(store_url)
    sentences = store.frames()["sentences"]
    for query in ("党建", "品牌", "五基三化", "党", "2024"):
        hits = store.search(query, kind="sentence", limit=10_000)
        want = {(d, i) for d, i, t in sentences[["doc_id", "sentence", "text"]].values if query in t}
        assert {(h.doc_id, h.sentence) for h in hits} == want, query
        assert [h.score for h in hits] == sorted(h.score for h in hits)  # best first
    slogans = store.search("五基三化", kind="slogan")
    assert len(slogans) == 5 and {(h.text, h.fields["kind"]) for h in slogans} == {("五基三化", "formula")}
    guilin = store.search("党建", region="桂林", limit=10_000)
    assert guilin and {h.doc_id for h in guilin} == {"28a8503eba017106"}
    metric = store.search("党员", kind="metric", unit="名")
    assert {(h.text, h.fields["value"], h.fields["subject"]) for h in metric} == {
        ("1.35万名", 13500.0, "机关党员"), ("103名", 103.0, "党员科长")}
    assert all(h.context for h in metric)
    assert store.search("党建", since=2030) == []
    # no query text breaks the SQL or the search syntax
    for nasty in ["'", "''; DROP TABLE documents; --", '"', '\\', "a & b | !c", "党 <-> 建", "x:*", "(", ")",
                  "\x00", "NEAR(党 建)", "党 AND 建", "*", "%", "党'建"]:
        store.search(nasty, limit=5)
    assert store.counts()["documents"] == 3
    store.close()


def test_frequent_queries_ranked_ahead_give_the_live_ranking(tmp_path, store_url):
    for seed in SEEDS:
        copy(tmp_path / "in", seed)
    ingest([str(tmp_path / "in")], store_url, jobs=1, progress=False)
    store = open_store(store_url)
    live = {query: [(h.doc_id, h.sentence, h.score) for h in store.search(query, kind="sentence", limit=20)]
            for query in ("党", "机关")}
    store.frequent = 20  # the seeds are small: call a query frequent past 20 rows
    assert store.refresh_search_cache() > 10
    for query, want in live.items():
        got = [(h.doc_id, h.sentence, h.score) for h in store.search(query, kind="sentence", limit=20)]
        assert [g[:2] for g in got] == [w[:2] for w in want] and len(got) == 20
        assert [g[2] for g in got] == pytest.approx([w[2] for w in want])
    store.close()


def test_an_older_schema_is_migrated_and_a_newer_refused(tmp_path, pg_url):
    import psycopg

    ingest([str(SEEDS[1])], pg_url, jobs=1, progress=False)
    with psycopg.connect(pg_url, autocommit=True) as conn:  # make it a version-1 database again
        conn.execute("DROP TABLE search_top")
        conn.execute("DELETE FROM schema_version WHERE version > 1")
    store = open_store(pg_url)
    assert store.version() == 3
    assert store.counts()["documents"] == 1  # the data stays
    store.close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM search_top").fetchone() == (0,)
        conn.execute("INSERT INTO schema_version VALUES (99)")
    with pytest.raises(Exception, match="schema version 99 is newer than this zhfacts"):
        open_store(pg_url)


def test_unreachable_server_is_one_clear_error():
    from pipeline.errors import ZhfactsError

    with pytest.raises(ZhfactsError, match=r"postgresql://zhfacts:\*\*\*@127\.0\.0\.1:1/x: cannot connect to "
                                           r"PostgreSQL"):
        open_store("postgresql://zhfacts:secret@127.0.0.1:1/x")


def test_concurrent_writers_never_duplicate_or_lose(tmp_path, pg_url):
    """Four writers (own connections, as on four machines) put the same documents at once,
    in different orders, under the same paths and copies: each content stored once, each
    fact once."""
    folder = tmp_path / "in"
    paths = [copy(folder, seed) for seed in SEEDS] + [copy(tmp_path / "copy", seed) for seed in SEEDS]
    parsed = [_parse(str(p)) for p in paths]
    open_store(pg_url).close()  # the schema, once
    states, errors = [], []

    def writer(seed):
        try:
            store = open_store(pg_url)
            order = parsed[:]
            random.Random(seed).shuffle(order)
            for path, (result, text, sentences), _ in order:
                st = os.stat(path)
                states.append(store.put(result, text, sentences, path=path, size=st.st_size, mtime=st.st_mtime))
            store.close()
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(states).count("new") == 3 and len(states) == 24
    store = open_store(pg_url)
    counts = store.counts()
    assert counts["documents"] == 3 and {k: counts[k] for k in SEED_FACTS} == SEED_FACTS
    docs = store.frames()["documents"]
    assert docs["doc_id"].is_unique and docs["path"].is_unique
    store.close()


def test_the_same_50_queries_give_the_same_hits_on_both_backends(tmp_path, pg_url):
    folder = tmp_path / "in"
    write_variants(folder)
    sqlite_db = str(tmp_path / "facts.sqlite")
    ingest([str(folder)], sqlite_db, jobs=2, progress=False)
    lite, pg = open_store(sqlite_db), open_store(pg_url)
    ingest([str(folder)], pg, jobs=2, progress=False)
    assert_same_contents(pg, lite)
    rng = random.Random(13)
    texts = sorted(lite.frames()["sentences"]["text"])  # sorted: -j 2 stores documents in any order
    queries = ["党", "党建", "五基三化", "机关 党员", '"党建 品牌"', "2024", "%", "GDP", "桂林", "一"]
    while len(queries) < 50:
        runs = re.findall(r"[\u4e00-\u9fff]+|\d+", rng.choice(texts))
        if runs:
            w = rng.choice(runs)
            k = rng.randint(1, min(4, len(w)))
            start = rng.randint(0, len(w) - k)
            queries.append(w[start:start + k])
    found = 0
    for i, query in enumerate(queries):
        kw = [{}, {"kind": "sentence"}, {"kind": "organization"}, {"region": "桂林"}, {"since": 2023}][i % 5]
        a = lite.search(query, limit=100_000, **kw)
        b = pg.search(query, limit=100_000, **kw)
        key = lambda h: (h.kind, h.doc_id, h.sentence, h.text, h.context, h.title, h.region,
                         tuple(sorted((k, v) for k, v in h.fields.items() if v is not None)))
        assert sorted(map(key, b)) == sorted(map(key, a)), (query, kw)
        found += bool(a)
    assert found >= 30  # most queries find something (the organization and region filters narrow)
    lite.close()
    pg.close()


def test_export_sqlite_snapshot_and_commands_on_postgres(tmp_path, pg_url):
    ingest([str(p) for p in SEEDS], pg_url, jobs=1, progress=False)
    zhfacts = [sys.executable, "-m", "pipeline"]
    snap = tmp_path / "snap" / "facts.sqlite"
    res = subprocess.run([*zhfacts, "export", "--db", pg_url, "--format", "sqlite", "--out", str(snap)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert f"-> {snap}" in res.stderr
    pg, lite = open_store(pg_url), open_store(snap)
    assert_same_contents(lite, pg)
    for query in ("党建", "五基三化", "党员"):
        key = lambda h: (h.kind, h.doc_id, h.sentence, h.text)
        assert sorted(map(key, lite.search(query, limit=1000))) == sorted(map(key, pg.search(query, limit=1000)))
    lite.close()
    pg.close()
    # search and export straight from the server
    res = subprocess.run([*zhfacts, "search", "五基三化", "--db", pg_url, "--type", "slogan", "--format", "json"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert [r["text"] for r in __import__("json").loads(res.stdout)] == ["五基三化"] * 5
    res = subprocess.run([*zhfacts, "export", "--db", pg_url, "--format", "csv", "--out", str(tmp_path / "csv")],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert len((tmp_path / "csv" / "metrics.csv").read_text(encoding="utf-8").splitlines()) == 69
    # the batch report reads the server too
    res = subprocess.run([*zhfacts, "report", "--db", pg_url, "--out", str(tmp_path / "report.html")],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "桂林" in page and "建立西部陆海新通道机关党建联席会议机制" in page
    # serve browses SQLite: it says how to get a snapshot
    res = subprocess.run([*zhfacts, "serve", "--db", pg_url], capture_output=True, text=True)
    assert res.returncode == 2
    assert f"zhfacts export --db {pg_url} --format sqlite --out facts.sqlite" in res.stderr
    # one writer: a cluster with a SQLite file is refused
    res = subprocess.run([*zhfacts, "ingest", str(SEEDS[0]), "--db", str(tmp_path / "x.sqlite"),
                          "--scheduler", "local:2"], capture_output=True, text=True)
    assert res.returncode == 2
    assert "a Dask cluster needs a shared database" in res.stderr and not (tmp_path / "x.sqlite").exists()
