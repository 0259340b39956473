"""Query results for people and for spreadsheets: a terminal table padded by display
width (a Han character takes two columns), and CSV (utf-8-sig, so Excel on a Chinese
Windows opens it right), strict JSON and XLSX with formula-like cells neutralized."""
from __future__ import annotations

import json
import math
from pathlib import Path

from wcwidth import wcswidth



def width(text: str) -> int:
    w = wcswidth(text)
    return w if w >= 0 else len(text)


def cell(value) -> str:
    """A value as shown: <NA> and NaN blank, whole floats without `.0`."""
    if value is None or value is _na() or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0")
    return " ".join(str(value).split())  # no line breaks inside a cell


def _na():
    import pandas as pd

    return pd.NA


def clip(text: str, limit: int) -> str:
    """At most `limit` display columns, an ellipsis where cut."""
    if width(text) <= limit:
        return text
    out, w = [], 0
    for ch in text:
        cw = max(width(ch), 0)
        if w + cw > limit - 1:
            break
        out.append(ch)
        w += cw
    return "".join(out) + "…"


BOLD = ("\x1b[1m", "\x1b[0m")


def strip_marks(text: str) -> str:
    return text.replace(BOLD[0], "").replace(BOLD[1], "")


def pad(text: str, cols: int, right: bool = False) -> str:
    fill = " " * max(cols - width(strip_marks(text)), 0)
    return fill + text if right else text + fill


def table(df, columns: list[str], *, max_width: int = 40, whole: tuple[str, ...] = ()) -> str:
    """Header, rule, rows; numbers right-aligned, every column as wide as its widest cell
    (cells cut at `max_width` display columns, except in the `whole` columns)."""
    from pandas.api import types

    shown = [[cell(v) if c in whole else clip(cell(v), max_width) for v in df[c]] for c in columns]
    widths = [max([width(c)] + [width(strip_marks(v)) for v in vals]) for c, vals in zip(columns, shown)]
    numeric = [types.is_numeric_dtype(df[c].dtype) and not types.is_bool_dtype(df[c].dtype) for c in columns]
    lines = ["  ".join(pad(c, w, r) for c, w, r in zip(columns, widths, numeric)).rstrip(),
             "  ".join("─" * w for w in widths)]
    for i in range(len(df)):
        lines.append("  ".join(pad(vals[i], w, r) for vals, w, r in zip(shown, widths, numeric)).rstrip())
    return "\n".join(lines)


def records(df) -> list[dict]:
    """Rows as plain JSON values: <NA> -> null, whole numbers stay floats only where the
    column is float."""
    out = []
    for row in df.astype(object).itertuples(index=False):
        rec = {}
        for k, v in zip(df.columns, row):
            if v is None or v is _na() or (isinstance(v, float) and math.isnan(v)):
                v = None
            elif hasattr(v, "item"):
                v = v.item()
            rec[k] = v
        out.append(rec)
    return out


def write(df, fmt: str, out: Path | None, stream) -> None:
    """CSV / JSON to `out` or `stream`; XLSX needs `out`."""
    if fmt == "json":
        text = json.dumps(records(df), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        if out:
            out.write_text(text, encoding="utf-8")
        else:
            stream.write(text)
        return
    from pipeline.output import safe_frame, write_xlsx

    if fmt == "csv":
        if out:
            safe_frame(df).to_csv(out, index=False, encoding="utf-8-sig")
        else:
            stream.write(safe_frame(df).to_csv(index=False))
    elif fmt == "xlsx":  # one sheet, every text cell typed as text
        write_xlsx({"facts": df}, out)
    else:
        raise ValueError(fmt)


def window(text: str, match: str, cols: int = 40, marks: tuple[str, str] = ("【", "】")) -> str:
    """The part of `text` around the first `match`, at most about `cols` display columns,
    the match between `marks` (bold escapes on a terminal, 【】 when piped)."""
    text = " ".join((text or "").split())
    at = text.find(match) if match else -1
    if at < 0:
        return clip(text, cols)
    room = max(cols - width(match), 8) // 2
    before, after = text[:at], text[at + len(match):]
    left = ""
    for ch in reversed(before):
        if width(left) + width(ch) > room:
            left = "…" + left
            break
        left = ch + left
    right = ""
    for ch in after:
        if width(right) + width(ch) > room:
            right += "…"
            break
        right += ch
    return f"{left}{marks[0]}{match}{marks[1]}{right}"


def shown_path(path: str | None) -> str:
    """A path relative to the working folder when it is inside it."""
    import os

    if not path:
        return ""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel
