"""One dtype per column: `to_frames()` of the seeds and the store's `frames()` of the same
seeds agree column by column (nullable pandas types), and hold the same values."""
from __future__ import annotations

import pandas as pd
from conftest import SEEDS

import pipeline
from pipeline.facts import FACT_TYPES
from pipeline.ingest import ingest
from pipeline.store import open_store


def _both(tmp_path):
    extracted = pipeline.to_frames([pipeline.extract(str(p)) for p in SEEDS])
    db = tmp_path / "facts.sqlite"
    ingest([str(p) for p in SEEDS], str(db), jobs=1, progress=False)
    store = open_store(db)
    try:
        stored = store.frames()
    finally:
        store.close()
    return extracted, stored


def test_extract_and_store_frames_have_the_same_dtypes(tmp_path):
    extracted, stored = _both(tmp_path)
    for table in ["documents", *FACT_TYPES]:
        common = [c for c in extracted[table].columns if c in stored[table].columns]
        assert common == list(extracted[table].columns), table  # nothing only in the extraction
        assert extracted[table][common].dtypes.to_dict() == stored[table][common].dtypes.to_dict(), table
    assert stored["documents"]["year"].dtype == "Int64" and extracted["documents"]["year"].dtype == "Int64"
    assert stored["dates"]["relative"].dtype == "boolean" and extracted["dates"]["relative"].dtype == "boolean"
    assert stored["metrics"]["value"].dtype == "Float64" and stored["dates"]["value"].dtype == "string"
    assert stored["documents"]["repairs"].dtype == "string"
    for frames in (extracted, stored):  # every column of every table: a nullable type
        for table, df in frames.items():
            assert all(str(t) in ("Int64", "Float64", "boolean", "string") for t in df.dtypes), table


def test_extract_and_store_frames_hold_the_same_values(tmp_path):
    extracted, stored = _both(tmp_path)
    key = ["doc_id", "sentence", "start"]
    for table in FACT_TYPES:
        cols = list(extracted[table].columns)
        a = extracted[table].sort_values(key).reset_index(drop=True)
        b = stored[table][cols].sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, check_exact=False)
    docs = ["doc_id", "repairs", "year", "region", "ref_date", "title"]
    a = extracted["documents"][docs].sort_values("doc_id").reset_index(drop=True)
    b = stored["documents"][docs].sort_values("doc_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
