"""Writing extraction results: JSON (spec §8), JSON Lines, and one table per fact type
as CSV, Parquet or Excel. Lists in cells (a document's repairs) are JSON text.

Report text is untrusted: JSON is strict (no NaN/Infinity, which no JSON parser takes),
and a CSV/Excel cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
CR first) gets a leading `'`, as OWASP recommends; Excel cells are typed as strings.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import IO

from pipeline.facts import Extraction

FORMATS = ("json", "jsonl", "csv", "parquet", "xlsx")
TABLE_FORMATS = ("csv", "parquet", "xlsx")


# what a spreadsheet takes as the start of a formula (OWASP: CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def dumps(result: Extraction, *, indent: int | None = 2) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False, indent=indent, allow_nan=False)


def neutralized(value):
    """A cell value safe to open in a spreadsheet: text that would start a formula gets a
    leading `'` (shown as text, never run); numbers and other values are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(df):
    """A copy of a DataFrame with every text cell `neutralized`."""
    import pandas as pd

    df = df.copy()
    for col in df.columns:
        if not pd.api.types.is_numeric_dtype(df[col]):   # object or pandas' str dtype
            df[col] = df[col].map(neutralized)
    return df


def write_frames(frames: dict, out_dir: Path, fmt: str) -> list[Path]:
    """Tables as DIR/<table>.csv|.parquet, or one DIR/facts.xlsx with a sheet per table.
    CSV and Excel cells are `neutralized`; Parquet is data, written as it is."""
    if fmt == "xlsx":
        path = out_dir / "facts.xlsx"
        write_xlsx(frames, path)
        return [path]
    paths = []
    for name, df in frames.items():
        path = out_dir / f"{name}.{fmt}"
        if fmt == "csv":
            safe_frame(df).to_csv(path, index=False, encoding="utf-8-sig")  # the BOM: Excel reads Chinese right
        else:
            df.to_parquet(path, index=False)
        paths.append(path)
    return paths


def write_xlsx(frames: dict, path: Path) -> None:
    """One sheet per table; every text cell typed as a string (openpyxl would otherwise make
    any text starting with `=` a live formula)."""
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for name, df in frames.items():
            df = safe_frame(df)
            df.to_excel(xw, sheet_name=name, index=False)
            for row in xw.sheets[name].iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"


def write_json(results: list[Extraction], out_dir: Path | None, stream: IO[str]) -> list[Path]:
    """One JSON object per document: to DIR/<name>.json; to the stream, the object of a
    single document, or one JSON array of several (a valid JSON text either way)."""
    if out_dir is None:
        if len(results) == 1:
            stream.write(dumps(results[0]) + "\n")
        else:
            stream.write(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2) + "\n")
        return []
    paths = []
    for r in results:
        path = out_dir / f"{Path(r.document.source).stem}.json"
        path.write_text(dumps(r) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def write_jsonl(results: list[Extraction], out_dir: Path | None, stream: IO[str]) -> list[Path]:
    lines = "".join(dumps(r, indent=None) + "\n" for r in results)
    if out_dir is None:
        stream.write(lines)
        return []
    path = out_dir / "facts.jsonl"
    path.write_text(lines, encoding="utf-8")
    return [path]


def write_tables(results: list[Extraction], errors: list[dict], out_dir: Path, fmt: str) -> list[Path]:
    """documents, metrics, dates, … (and errors) as DIR/<table>.csv|.parquet, or one
    DIR/facts.xlsx with a sheet per table."""
    import pandas as pd

    from pipeline.extractors import to_frames

    from pipeline.frames import typed

    frames = to_frames(results)  # repairs already JSON text, as in the store
    frames["errors"] = typed("errors", pd.DataFrame(errors, columns=["source", "reason"]))
    return write_frames(frames, out_dir, fmt)
