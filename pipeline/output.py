"""Writing extraction results: JSON (spec §8), JSON Lines, and one table per fact type
as CSV, Parquet or Excel. Lists in cells (a document's repairs) are JSON text."""
from __future__ import annotations

import json
from pathlib import Path
from typing import IO

from pipeline.facts import Extraction

FORMATS = ("json", "jsonl", "csv", "parquet", "xlsx")
TABLE_FORMATS = ("csv", "parquet", "xlsx")


def dumps(result: Extraction, *, indent: int | None = 2) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False, indent=indent)


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

    frames = to_frames(results)
    frames["errors"] = pd.DataFrame(errors, columns=["source", "reason"])
    for df in frames.values():
        for col in df.columns:
            if df[col].map(lambda v: isinstance(v, (list, dict))).any():
                df[col] = df[col].map(lambda v: json.dumps(v, ensure_ascii=False))
    paths = []
    if fmt == "xlsx":
        path = out_dir / "facts.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as xw:
            for name, df in frames.items():
                df.to_excel(xw, sheet_name=name, index=False)
        return [path]
    for name, df in frames.items():
        path = out_dir / f"{name}.{fmt}"
        if fmt == "csv":
            df.to_csv(path, index=False, encoding="utf-8-sig")  # the BOM: Excel reads Chinese right
        else:
            df.to_parquet(path, index=False)
        paths.append(path)
    return paths
