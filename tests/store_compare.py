"""Compare two fact stores document by document and fact by fact (tests' helper)."""
from __future__ import annotations

import math
from pathlib import Path

import variants as v
from conftest import SEEDS

# what differs between two ingests of the same files by construction
VOLATILE = {"id", "ingested_at", "at"}


def _plain(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def contents(store) -> dict[str, dict[str, list[tuple]]]:
    """{table: {doc_id (or source, for errors): sorted rows without ids and timestamps}}."""
    out: dict[str, dict[str, list[tuple]]] = {}
    for table, df in store.frames().items():
        cols = [c for c in df.columns if c not in VOLATILE]
        key = "source" if table == "errors" else "doc_id"
        per: dict[str, list[tuple]] = {}
        for rec in df[cols].to_dict("records"):
            per.setdefault(rec[key], []).append(tuple((c, _plain(rec[c])) for c in cols))
        out[table] = {k: sorted(rows, key=repr) for k, rows in per.items()}
    return out


def assert_same_contents(got_store, want_store) -> None:
    got, want = contents(got_store), contents(want_store)
    assert set(got) == set(want)
    for table in want:
        assert sorted(got[table]) == sorted(want[table]), f"{table}: different documents"
        for doc_id, rows in want[table].items():
            assert got[table][doc_id] == rows, f"{table} of {doc_id} differ"


def write_variants(folder: Path) -> list[Path]:
    """The seeds and corrupted variants of each (Traditional, inline pinyin, Big5, GBK
    mojibake, full-width digits): how real files arrive."""
    import opencc

    from pipeline.normalize import read

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in SEEDS:
        clean = read(seed).text
        trad = v.s2t(clean)
        files = {
            "seed.txt": seed.read_bytes(),
            "traditional.txt": trad.encode("utf-8"),
            "pinyin.txt": v.with_inline_pinyin(trad).encode("utf-8"),
            "big5.txt": v.big5(opencc.OpenCC("s2tw").convert(clean)),
            "gbk-mojibake.txt": v.gbk_mojibake(clean).encode("utf-8"),
            "fullwidth.txt": v.fullwidth_digits(clean).encode("utf-8"),
        }
        for name, data in files.items():
            path = folder / f"{seed.name[:3]}_{name}"
            path.write_bytes(data)
            paths.append(path)
    return paths
