"""`zhfacts extract` in every output format, bad files recorded, and `zhfacts eval`."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
from conftest import CORPORA, SEEDS


def zhfacts(*args):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_json_is_the_spec_shape():
    res = zhfacts("extract", SEEDS[0])
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert list(out) == ["document", "metrics", "dates", "organizations", "slogans", "placeholders", "references"]
    assert out["document"]["ref_date"] == "2024-08" and out["document"]["region"] == "桂林"
    m = out["metrics"][0]
    assert m == {"doc_id": "28a8503eba017106", "sentence": 22, "start": 1332, "end": 1335, "text": "78个",
                 "norm": "78个", "value": 78.0, "unit": "个", "approx": None, "subject": "直属机关党组织"}


def test_ref_date_option_resolves_relative_dates(tmp_path):
    res = zhfacts("extract", SEEDS[0], "--ref-date", "2023-12-31")
    dates = {d["text"]: d["value"] for d in json.loads(res.stdout)["dates"]}
    assert dates["今年1—8月"] == "2023-01/2023-08"
    assert zhfacts("extract", SEEDS[0], "--ref-date", "August").returncode == 2


def test_tables_and_errors(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    for fmt in ("csv", "parquet", "xlsx", "jsonl"):
        out = tmp_path / fmt
        res = zhfacts("extract", *SEEDS, bad, "--format", fmt, "--out", out)
        assert res.returncode == 1
        assert f"zhfacts: error: {bad}: binary file (PNG image), not a text report" in res.stderr
        if fmt == "csv":
            assert pd.read_csv(out / "metrics.csv").shape[0] == 68
            assert pd.read_csv(out / "placeholders.csv")["line"].tolist()[:2] == [4, 4]
            assert pd.read_csv(out / "errors.csv")["source"].tolist() == [str(bad)]
        elif fmt == "parquet":
            dates = pd.read_parquet(out / "dates.parquet")
            assert dates.shape[0] == 26 and list(dates.columns)[:6] == ["doc_id", "sentence", "start", "end", "text", "norm"]
        elif fmt == "xlsx":
            sheets = pd.read_excel(out / "facts.xlsx", sheet_name=None)
            assert set(sheets) >= {"documents", "metrics", "dates", "placeholders", "errors"}
            assert sheets["placeholders"].shape[0] == 30
        else:
            lines = (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()
            assert [json.loads(ln)["document"]["doc_id"] for ln in lines] == \
                ["28a8503eba017106", "563b7587beab18b5", "916818bc48c71b24"]


def test_table_format_needs_out():
    res = zhfacts("extract", SEEDS[0], "--format", "csv")
    assert res.returncode == 2 and "--out" in res.stderr


def test_eval_prints_scores_and_lists():
    res = zhfacts("eval", CORPORA / "gold")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["type", "P", "R", "F1", "tp", "fp", "fn"]
    assert lines[1].split() == ["metrics", "1.000", "1.000", "1.000", "64", "0", "0"]


def test_a_pattern_matching_nothing_is_a_warning_and_exit_1(tmp_path):
    res = zhfacts("extract", tmp_path / "nothing*.txt", SEEDS[0])
    assert res.returncode == 0 and json.loads(res.stdout)["document"]["region"] == "桂林"
    assert res.stderr == f"zhfacts: warning: {tmp_path / 'nothing*.txt'}: matches no report file\n"
    res = zhfacts("extract", tmp_path / "nothing*.txt")
    assert (res.returncode, res.stdout) == (1, "")


def test_eval_of_a_folder_without_gold_is_one_line(tmp_path):
    res = zhfacts("eval", tmp_path)
    assert (res.returncode, res.stdout) == (1, "")
    assert res.stderr == f"zhfacts: error: {tmp_path}: no gold files (*.json) here\n"
    (tmp_path / "a.json").write_text('{"document": {}}', encoding="utf-8")
    res = zhfacts("eval", tmp_path)
    assert res.returncode == 1
    assert res.stderr == f"zhfacts: error: {tmp_path / 'a.json'}: not a gold file (KeyError: 'source')\n"
