"""`zhfacts facts` on a real SQLite batch of the seeds and variants of them with other
cities and years: hierarchical regions, subject keys, year ranges, aggregation, formats,
and every row traceable to its file and sentence."""
from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest
from conftest import SEEDS

from pipeline import regions
from pipeline.ingest import ingest
from pipeline.store import open_store
from pipeline.store.queries import aggregate, subject_key

GUILIN, GUANGXI_DRAFT, GUANGXI = SEEDS  # 000 (桂林, 2024), 002 (广西), 003 (广西, Traditional, 2022)


def shift_years(text: str, by: int) -> str:
    return re.sub(r"(20\d\d)年", lambda m: f"{int(m.group(1)) + by}年", text)


def variant(folder, seed, name, *, city=None, years=0, replace=None):
    text = seed.read_text(encoding="utf-8")
    if city:
        text = text.replace("桂林", city)
    if replace:
        text = text.replace(*replace)
    text = shift_years(text, years)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The three seeds, 桂林's report as 柳州's a year earlier, and as 桂林's a year
    later with another count of 党建品牌 — plus one report outside 广西 (长沙)."""
    folder = tmp_path_factory.mktemp("batch")
    for seed in SEEDS:
        (folder / seed.name).write_bytes(seed.read_bytes())
    variant(folder, GUILIN, "liuzhou_2023.txt", city="柳州", years=-1)
    variant(folder, GUILIN, "guilin_2025.txt", years=1, replace=("机关优秀党建品牌153个", "机关党建品牌171个"))
    variant(folder, GUILIN, "changsha_2024.txt", city="长沙", replace=("广西", "湖南"))
    db = str(folder / "facts.sqlite")
    summary = ingest([str(folder)], db, jobs=1, progress=False)
    assert (summary.new, summary.failed) == (6, 0)
    return folder, db


def cli(*args):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, check=False)


def test_regions_are_hierarchical_and_tolerant():
    assert regions.canonical("桂林市") == "桂林"
    assert regions.canonical("广西壮族自治区") == "广西"
    guangxi = regions.expand("广西")
    assert {"广西", "桂林", "柳州", "南宁", "阳朔"} <= set(guangxi) and "长沙" not in guangxi
    assert regions.expand("桂林市") == regions.expand("桂林")
    assert "阳朔" in regions.expand("桂林") and "柳州" not in regions.expand("桂林")
    assert regions.expand("火星") == ["火星"]


def test_subject_key_rule():
    assert subject_key("机关优秀党建品牌") == "党建品牌"
    assert subject_key("机关党建品牌") == "党建品牌"
    assert subject_key("桂林市机关党建品牌") == "党建品牌"
    assert subject_key("党建品牌") == "党建品牌"
    assert subject_key("示范点") == "示范点"  # never below two characters
    assert subject_key("机关党员") == "党员"
    assert subject_key("全区创建机关党建品牌") == "党建品牌"
    assert subject_key("创建机关优秀党建品牌") == "党建品牌"
    assert subject_key(None) is None


def test_brands_per_city_and_year(batch):
    folder, db = batch
    store = open_store(db)
    df = store.facts("metric", subject="党建品牌", unit="个", region="广西")
    got = sorted(zip(df["region"], df["year"], df["value"], df["subject"]))
    assert got == [("广西", 2022, 933.0, "全区创建机关党建品牌"), ("柳州", 2023, 153.0, "创建机关优秀党建品牌"),
                   ("桂林", 2024, 153.0, "创建机关优秀党建品牌"), ("桂林", 2025, 171.0, "创建机关党建品牌")]
    assert set(df["subject_key"]) == {"党建品牌"}
    # traceable: the file and the sentence, and the sentence contains the fact's text
    for _, row in df.iterrows():
        assert row["path"].startswith(str(folder))
        assert row["norm"] in row["context"]
        sent = sqlite3.connect(db).execute("SELECT text FROM sentences WHERE doc_id = ? AND sentence = ?",
                                           (row["doc_id"], int(row["sentence"]))).fetchone()[0]
        assert sent == row["context"]
    # one dtype per column
    assert str(df["value"].dtype) == "Float64" and str(df["year"].dtype) == "Int64"
    assert str(df["sentence"].dtype) == "Int64" and str(df["path"].dtype) == "string"


def test_region_city_forms_years_and_document(batch):
    folder, db = batch
    store = open_store(db)
    guilin = store.facts("metric", subject="党建品牌", region="桂林市")
    assert sorted(guilin["year"]) == [2024, 2025]
    assert store.facts("metric", subject="党建品牌", region="湖南")["region"].tolist() == ["长沙"]
    assert store.facts("metric", subject="党建品牌", region="广西", since=2024)["value"].tolist() == [153.0, 171.0]
    assert store.facts("metric", subject="党建品牌", until=2022)["value"].tolist() == [933.0]
    one = store.facts("metric", document="liuzhou_2023.txt")
    assert set(one["path"]) == {str(folder / "liuzhou_2023.txt")} and len(one) == 39
    assert len(store.facts("metric", document=one["doc_id"][0][:8])) == 39
    orgs = store.facts("organization", region="柳州")
    assert len(orgs) > 0 and set(orgs["region"]) == {"柳州"}


def test_by_region_and_year_cli(batch):
    folder, db = batch
    res = cli("facts", "--db", db, "--subject", "党建品牌", "--unit", "个", "--region", "广西",
              "--by", "region,year", "--format", "json")
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    assert [(r["region"], r["year"], r["count"], r["sum"], r["latest"]) for r in rows] == [
        ("广西", 2022, 1, 933.0, 933.0), ("柳州", 2023, 1, 153.0, 153.0),
        ("桂林", 2024, 1, 153.0, 153.0), ("桂林", 2025, 1, 171.0, 171.0)]
    assert {r["subject_key"] for r in rows} == {"党建品牌"} and {r["unit"] for r in rows} == {"个"}
    assert rows[3]["latest_path"] == str(folder / "guilin_2025.txt")
    assert res.stderr.strip() == "4 group(s)"
    # per region only: 桂林's two years summed, the latest is 2025's
    res = cli("facts", "--db", db, "--subject", "机关党建品牌", "--unit", "个", "--by", "region", "--format", "json")
    rows = {r["region"]: (r["count"], r["sum"], r["latest"], r["documents"]) for r in json.loads(res.stdout)}
    assert rows == {"广西": (1, 933.0, 933.0, 1), "柳州": (1, 153.0, 153.0, 1), "桂林": (2, 324.0, 171.0, 2),
                    "长沙": (1, 153.0, 153.0, 1)}


def test_table_is_aligned_by_display_width(batch):
    _, db = batch
    res = cli("facts", "--db", db, "--subject", "党建品牌", "--unit", "个", "--region", "广西", "--by", "region,year")
    assert res.returncode == 0, res.stderr
    from wcwidth import wcswidth

    lines = res.stdout.splitlines()
    assert lines[0].split() == ["region", "year", "subject_key", "unit", "count", "sum", "documents", "latest",
                                "latest_path"]
    assert lines[2].split()[:8] == ["广西", "2022", "党建品牌", "个", "1", "933", "1", "933"]
    # the path column starts at the same screen column on every line
    col = wcswidth(lines[0][:lines[0].index("latest_path")])
    for line in lines[2:]:
        path_at = line.index("/")
        assert wcswidth(line[:path_at]) == col


def test_since_notes_undated_and_files(batch, tmp_path):
    _, db = batch
    res = cli("facts", "--db", db, "--subject", "党建品牌", "--since", "2024", "--format", "csv",
              "--out", str(tmp_path / "f.csv"))
    assert res.returncode == 0, res.stderr
    raw = (tmp_path / "f.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # utf-8-sig: Excel reads Chinese right
    df = pd.read_csv(tmp_path / "f.csv", encoding="utf-8-sig")
    assert sorted(df["value"]) == [153.0, 153.0, 171.0]
    undated = sqlite3.connect(db).execute("SELECT count(*) FROM documents WHERE year IS NULL").fetchone()[0]
    assert undated == 1  # 002, a draft with no date
    assert "1 document(s) without a year are left out by --since/--until" in res.stderr
    res = cli("facts", "--db", db, "--subject", "党建品牌", "--by", "region", "--format", "xlsx",
              "--out", str(tmp_path / "f.xlsx"))
    assert res.returncode == 0, res.stderr
    x = pd.read_excel(tmp_path / "f.xlsx")
    assert dict(zip(x["region"], x["sum"])) == {"广西": 933, "柳州": 153, "桂林": 324, "长沙": 153}


def test_bad_arguments_are_one_line(batch, tmp_path):
    _, db = batch
    res = cli("facts", "--db", str(tmp_path / "nope" / "f.sqlite"))
    assert res.returncode == 2 and not (tmp_path / "nope").exists()
    assert res.stderr.strip() == (f"zhfacts: error: {tmp_path / 'nope' / 'f.sqlite'}: no such database "
                                  f"(build one with `zhfacts ingest FILES --db {tmp_path / 'nope' / 'f.sqlite'}`)")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    res = cli("facts", "--db", str(junk))
    assert res.returncode == 2 and res.stderr.count("\n") == 1
    assert res.stderr.startswith(f"zhfacts: error: {junk}: ")
    res = cli("facts", "--db", db, "--by", "city")
    assert res.returncode == 2 and "city: choose among region, year" in res.stderr


# --- readable search ---------------------------------------------------------------------

def test_search_regions_are_hierarchical_and_types_take_turns(batch):
    _, db = batch
    store = open_store(db)
    assert {h.region for h in store.search("党建", region="桂林市", limit=1000)} == {"桂林"}
    assert {h.region for h in store.search("党建", region="广西", limit=1000)} == {"广西", "桂林", "柳州"}
    assert {h.region for h in store.search("党建", region="湖南", limit=1000)} == {"长沙"}
    hits = store.search("党建", limit=1000)
    kinds = list(dict.fromkeys(h.kind for h in hits))
    assert set(kinds) == {"sentence", "metric", "placeholder", "slogan", "reference"}
    # the first round has one hit of each type; each type keeps its own bm25 order
    assert sorted(h.kind for h in hits[:len(kinds)]) == sorted(kinds)
    for kind in kinds:
        scores = [h.score for h in hits if h.kind == kind]
        assert scores == sorted(scores)
    # the clean Simplified text of a Traditional source
    slogan = store.search("行动学习进支部", kind="slogan")[0]
    assert slogan.norm == "行动学习进支部" and slogan.text != slogan.norm
    assert slogan.path.endswith("003_cfeaec5d2dcccb36.txt") and slogan.year == 2022
    assert store.undated() == 1 and store.undated("桂林") == 0 and store.undated("广西") == 1


def test_search_output_is_grouped_marked_and_aligned(batch):
    _, db = batch
    res = cli("search", "党建先锋", "--db", db, "--type", "reference")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["type", "hit", "fields", "×", "region", "year", "file", "sentence", "context"]
    assert set(lines[1]) <= {"─", " "}
    # 《机关党建先锋》 three times in one sentence of each report: 桂林 (2024, 2025) the same
    # sentence, 柳州 and 长沙 each another (their newspapers): identical hits group
    body = lines[2:]
    assert len(body) == 3
    guilin = next(line for line in body if "桂林" in line)
    assert " 6 " in guilin and "(+1)" in guilin
    assert sorted(line.split()[3] for line in body) == ["3", "3", "6"]
    assert "《机关【党建先锋】》专栏" in guilin
    from wcwidth import wcswidth

    at = wcswidth(lines[0][:lines[0].index("context")])
    for line in body:
        assert wcswidth(line[:line.rindex("  ") + 2]) == at
    assert res.stderr == "12 hit(s)\n"


def test_search_notes_undated_documents(batch):
    _, db = batch
    res = cli("search", "支部", "--db", db, "--since", "2020", "--region", "广西壮族自治区", "--format", "json")
    assert res.returncode == 0, res.stderr
    hits = json.loads(res.stdout)
    assert hits and {h["region"] for h in hits} <= {"广西", "桂林", "柳州"} and all(h["year"] >= 2020 for h in hits)
    assert all(h["path"] for h in hits)
    assert res.stderr.splitlines()[-1] == "zhfacts: note: 1 document(s) without a year are left out by --since/--until"
    res = cli("search", "支部", "--db", "/nonexistent/facts.sqlite")
    assert res.returncode == 2 and res.stderr.startswith("zhfacts: error: /nonexistent/facts.sqlite: no such database")


# --- every backend answers the same ------------------------------------------------------

def test_postgresql_answers_facts_and_search_like_sqlite(batch, pg_url):
    folder, db = batch
    summary = ingest([str(folder)], pg_url, jobs=1, progress=False)
    assert (summary.new, summary.failed) == (6, 0)
    lite, pg = open_store(db), open_store(pg_url)
    try:
        for kind, kwargs in [("metric", {"subject": "党建品牌", "unit": "个", "region": "广西"}),
                             ("metric", {"region": "桂林市", "since": 2025}),
                             ("organization", {"region": "湖南"}),
                             ("date", {"document": "liuzhou_2023.txt"}),
                             ("slogan", {"until": 2022})]:
            a, b = lite.facts(kind, **kwargs), pg.facts(kind, **kwargs)
            assert len(a) > 0, (kind, kwargs)
            pd.testing.assert_frame_equal(a, b)
            assert a.attrs == b.attrs
        by = ["region", "year"]
        pd.testing.assert_frame_equal(aggregate(lite.facts("metric", subject="党建品牌", unit="个"), by),
                                      aggregate(pg.facts("metric", subject="党建品牌", unit="个"), by))
        for query, kwargs in [("党建", {"region": "广西", "limit": 1000}), ("支部", {"since": 2023, "limit": 1000}),
                              ("品牌", {"kind": "slogan", "limit": 1000})]:
            a = {(h.kind, h.doc_id, h.sentence, h.norm, h.path, h.year) for h in lite.search(query, **kwargs)}
            b = {(h.kind, h.doc_id, h.sentence, h.norm, h.path, h.year) for h in pg.search(query, **kwargs)}
            assert a == b and a, query
        assert (lite.undated(), lite.undated("广西"), lite.undated("桂林")) == (1, 1, 0)
        assert (pg.undated(), pg.undated("广西"), pg.undated("桂林")) == (1, 1, 0)
    finally:
        lite.close()
        pg.close()


# --- ingest hygiene ------------------------------------------------------------------------

def test_ingest_summary_errors_prune_and_bad_db(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    a = folder / "a.txt"
    a.write_bytes(SEEDS[1].read_bytes())
    copy = folder / "copy.txt"
    copy.write_bytes(SEEDS[1].read_bytes())
    bad = folder / "bad.txt"
    bad.write_bytes(b"")
    db = str(tmp_path / "facts.sqlite")
    lines = []
    s = ingest([str(folder)], db, jobs=1, progress=False, echo=lines.append)
    assert (s.new, s.unchanged, len(s.duplicates), s.failed) == (1, 0, 1, 1)
    assert s.duplicates == [(str(copy), str(a))]
    assert f"zhfacts: note: {copy}: same content as {a} (stored once)" in lines
    assert s.line().startswith("documents: 1 new, 0 updated, 0 unchanged, 1 duplicate(s), 1 failed; facts:")
    # a re-run: the failure is not recorded twice; a fixed file clears it
    s = ingest([str(folder)], db, jobs=1, progress=False, echo=lines.append)
    assert (s.new, s.unchanged, len(s.duplicates), s.failed) == (0, 1, 1, 1)

    def errors():
        return sqlite3.connect(db).execute("SELECT source, reason FROM errors").fetchall()

    assert errors() == [(str(bad), "empty file")]
    bad.write_bytes(SEEDS[0].read_bytes())
    s = ingest([str(folder)], db, jobs=1, progress=False, echo=lines.append)
    assert (s.new, s.failed) == (1, 0) and errors() == []
    # --prune: a deleted file's document goes, others stay
    bad.unlink()
    res = cli("ingest", str(folder), "--db", db, "--prune", "--quiet")
    assert res.returncode == 0, res.stderr
    assert f"zhfacts: note: {bad}: file gone, its document removed" in res.stderr
    assert "1 pruned" in res.stderr.splitlines()[-1]
    assert sqlite3.connect(db).execute("SELECT path FROM documents").fetchall() == [(str(a),)]
    assert sqlite3.connect(db).execute("SELECT count(*) FROM metrics").fetchone() == (1,)
    # nothing matched: a warning and exit 1
    res = cli("ingest", str(folder / "*.docx"), "--db", db, "--quiet")
    assert res.returncode == 1
    assert res.stderr.splitlines()[0] == f"zhfacts: warning: {folder / '*.docx'}: matches no report file"
    # a bad --db: one line, for ingest, search and report
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not SQLite" * 200)
    for args in (["ingest", str(folder), "--db", str(junk)], ["search", "党建", "--db", str(junk)],
                 ["report", "--db", str(junk), "--out", str(tmp_path / "r.html")],
                 ["ingest", str(folder), "--db", str(tmp_path / "missing" / "f.sqlite")]):
        res = cli(*args)
        assert res.returncode == 2, (args, res.stderr)
        assert res.stderr.count("\n") == 1 and res.stderr.startswith("zhfacts: error: "), (args, res.stderr)
        assert "Traceback" not in res.stderr


# --- tables -------------------------------------------------------------------------------

def test_extract_of_several_files_is_valid_json(tmp_path):
    res = cli("extract", *map(str, SEEDS))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert len(lines) == 3  # JSON Lines by default
    assert [json.loads(line)["document"]["source"] for line in lines] == [str(p) for p in SEEDS]
    res = cli("extract", *map(str, SEEDS), "--format", "json")
    docs = json.loads(res.stdout)  # one JSON array
    assert [len(d["metrics"]) for d in docs] == [39, 1, 28]
    res = cli("extract", str(SEEDS[1]))
    assert json.loads(res.stdout)["document"]["source"] == str(SEEDS[1])  # one file: one object


@pytest.mark.parametrize("bad", ["2024-13-45", "2023-02-29", "2024-00", "24-01-01"])
def test_ref_date_is_a_real_date(bad):
    res = cli("extract", str(SEEDS[1]), "--ref-date", bad)
    assert res.returncode == 2 and f"{bad}: not a date; use YYYY, YYYY-MM or YYYY-MM-DD" in res.stderr
    assert cli("extract", str(SEEDS[1]), "--ref-date", "2024-02-29").returncode == 0


def test_csv_has_a_bom_for_excel(batch, tmp_path):
    _, db = batch
    res = cli("export", "--db", db, "--format", "csv", "--out", str(tmp_path / "e"))
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "e" / "metrics.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    res = cli("extract", str(SEEDS[0]), "--format", "csv", "--out", str(tmp_path / "x"))
    assert res.returncode == 0, res.stderr
    raw = (tmp_path / "x" / "metrics.csv").read_bytes()
    assert raw[:3] == b"\xef\xbb\xbf" and "机关党员".encode() in raw
