"""One dtype per column in every DataFrame zhfacts returns: `to_frames()` of an extraction,
`Store.frames()` of SQLite and PostgreSQL. Nullable pandas types, so a missing value never
changes a column's type (`year` stays Int64 with <NA>, not float with NaN; `relative` stays
boolean, not 0/1), and the same fact reads the same whichever way it was obtained.
`repairs` is JSON text everywhere (as stored; `json.loads` gives the list back)."""
from __future__ import annotations

import json

INTEGERS = {"id", "sentence", "start", "end", "line", "col", "year", "size", "chars"}
FLOATS = {"mtime"}
BOOLEANS = {"relative"}


def dtype(table: str, column: str) -> str:
    """The pandas dtype of `column` of `table` (metrics.value is a number, dates.value text)."""
    if column in INTEGERS:
        return "Int64"
    if column in FLOATS or (table == "metrics" and column == "value"):
        return "Float64"
    if column in BOOLEANS:
        return "boolean"
    return "string"


def repairs_json(value) -> str | None:
    """`repairs` as the store keeps it: JSON text (a list from an extraction is dumped the
    same way the store dumps it)."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def typed(table: str, df):
    """`df` with every column cast to `dtype(table, column)`."""
    if "repairs" in df.columns:
        df = df.assign(repairs=df["repairs"].map(repairs_json, na_action="ignore"))
    return df.astype({c: dtype(table, c) for c in df.columns})


def typed_all(frames: dict) -> dict:
    return {table: typed(table, df) for table, df in frames.items()}
