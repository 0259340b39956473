"""The fact query behind `zhfacts facts`, in SQL every backend speaks (ANSI quoting,
parameters only), so each Store runs the same statement with its own placeholder.

Rows come back as one pandas DataFrame with nullable dtypes, each row traceable to its
document (doc_id, path) and sentence (number and text). Aggregation (`aggregate`) is
done on that frame, the same for every backend.

Subjects are grouped by `subject_key`: a metric's subject without the words at its
front that say where or how good rather than what is counted (lexicons/subject_scopes.txt,
and region names): 机关优秀党建品牌, 桂林市机关党建品牌 and 党建品牌 all give 党建品牌.
"""
from __future__ import annotations

from functools import lru_cache

from pipeline import regions
from pipeline.resources import lexicon

# fact type (as the CLI names it) -> table, and the columns of its own worth showing
TABLES = {"metric": "metrics", "date": "dates", "organization": "organizations", "slogan": "slogans",
          "reference": "references", "placeholder": "placeholders"}
OWN = {"metrics": ["value", "unit", "approx", "subject"], "dates": ["value", "granularity", "relative", "approx"],
       "organizations": ["name", "kind"], "slogans": ["kind"], "references": ["kind"],
       "placeholders": ["kind", "unit", "subject", "line", "col"]}
# one dtype per column, whatever the backend returns (nullable: a missing value is <NA>)
DTYPES = {"year": "Int64", "sentence": "Int64", "start": "Int64", "end": "Int64",
          "line": "Int64", "col": "Int64", "relative": "boolean"}


@lru_cache(maxsize=1)
def _scopes() -> tuple[str, ...]:
    words = [w.strip() for w in lexicon("subject_scopes.txt").read_text(encoding="utf-8").splitlines()
             if w.strip() and not w.startswith("#")]
    names = [n for n in regions._tree()[0] if len(n) >= 2]
    return tuple(sorted({*words, *names}, key=len, reverse=True))


def subject_key(subject: str | None) -> str | None:
    """The subject without its leading scope words (see the module docstring). Words are
    dropped from the front while at least 2 characters remain: 示范点 stays 示范点."""
    if not subject:
        return subject
    s = subject.strip()
    changed = True
    while changed:
        changed = False
        for w in _scopes():
            if s.startswith(w) and len(s) - len(w) >= 2:
                s = s[len(w):]
                changed = True
                break
    return s


def fact_sql(kind: str, *, subject: str | None, unit: str | None, region: str | None,
             since: int | None, until: int | None, document: str | None, mark: str = "?") -> tuple[str, list]:
    """The SELECT for one fact type with its filters, and its parameters (`mark` is the
    backend's placeholder: `?` for SQLite, `%s` for PostgreSQL)."""
    table = TABLES[kind]
    own = ", ".join(f'x."{c}"' for c in OWN[table])
    where, params = [], []
    if unit is not None and "unit" in OWN[table]:
        where.append(f'x."unit" = {mark}')
        params.append(unit)
    if subject and "subject" in OWN[table]:
        for word in subject.split():  # a prefilter: the subject's key is inside the subject
            where.append(f"x.\"subject\" LIKE {mark}")
            params.append("%" + _like(subject_key(word)) + "%")
    if region:
        names = regions.expand(region)
        where.append(f"d.region IN ({', '.join([mark] * len(names))})")
        params.extend(names)
    if since is not None:
        where.append(f"d.year >= {mark}")
        params.append(since)
    if until is not None:
        where.append(f"d.year <= {mark}")
        params.append(until)
    if document:
        # a doc_id (or its first characters), a path, or the end of a path (a file name)
        where.append(f"(substr(d.doc_id, 1, length({mark})) = {mark} OR d.path = {mark} "
                     f"OR substr(d.path, length(d.path) - length({mark}) + 1) = {mark})")
        params.extend([document] * 5)
    sql = f"""
        SELECT x.doc_id, x.sentence, x.start, x."end", x.text, x.norm, {own},
               d.region, d.year, d.ref_date, d.title, d.path, s.text AS context
        FROM "{table}" x
        JOIN documents d ON d.doc_id = x.doc_id
        LEFT JOIN sentences s ON s.doc_id = x.doc_id AND s.sentence = x.sentence
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY d.region, d.year, d.path, x.start"""
    return sql, params


def _like(text: str) -> str:
    return text.replace("\\", "").replace("%", "").replace("_", "")


def frame(kind: str, rows: list[tuple], names: list[str], subject: str | None):
    """The rows of `fact_sql` as a typed DataFrame, with `type` and (metrics) `subject_key`,
    filtered on the subject's key."""
    import pandas as pd

    df = pd.DataFrame.from_records(rows, columns=names)
    df.insert(0, "type", kind)
    if kind == "metric":
        df["value"] = df["value"].astype("Float64")
    if "subject" in df.columns:
        df.insert(list(df.columns).index("subject") + 1, "subject_key",
                  [subject_key(s) if isinstance(s, str) else None for s in df["subject"]])
        if subject:
            want = [subject_key(w) for w in subject.split()]
            keep = [isinstance(k, str) and all(w in k for w in want) for k in df["subject_key"]]
            df = df[keep].reset_index(drop=True)
    return typed(df)


def typed(df):
    """One dtype per column: Int64 / Float64 / boolean for numbers, `string` (pd.NA for
    missing) for everything else, whatever the backend's driver returned."""
    import pandas as pd
    from pandas.api import types

    for col in df.columns:
        dtype = df[col].dtype
        if col in DTYPES:
            df[col] = df[col].astype(DTYPES[col])
        elif types.is_bool_dtype(dtype):
            df[col] = df[col].astype("boolean")
        elif types.is_integer_dtype(dtype):
            df[col] = df[col].astype("Int64")
        elif types.is_float_dtype(dtype):
            df[col] = df[col].astype("Float64")
        else:
            df[col] = df[col].astype(pd.StringDtype())
    return df


BY = ("region", "year", "subject_key", "unit", "path", "title", "doc_id")


def aggregate(df, by: list[str]):
    """count, sum and latest value per group of `by` (and per subject key and unit for
    metrics: a sum over 个 and 名 means nothing). `latest` is the value of the most recent
    document (by reference date), the last one it states; `latest_path` says where."""
    import pandas as pd

    keys = list(by)
    if "value" in df.columns and df["value"].dtype == "Float64":
        keys += [k for k in ("subject_key", "unit") if k not in keys]
    if df.empty:
        cols = [*keys, "count", "sum", "documents", "latest", "latest_path", "latest_sentence"]
        return typed(pd.DataFrame(columns=cols))
    ordered = df.assign(_ref=df["ref_date"].fillna(""), _pos=df["start"]).sort_values(["_ref", "path", "_pos"])
    out = []
    for group, part in ordered.groupby(keys, dropna=False, sort=True):
        group = group if isinstance(group, tuple) else (group,)
        last = part.iloc[-1]
        row = dict(zip(keys, group))
        numeric = "value" in part.columns and part["value"].dtype == "Float64"
        row.update(count=len(part), sum=part["value"].sum() if numeric else pd.NA,
                   documents=part["doc_id"].nunique(),
                   latest=last["value"] if numeric else last["norm"],
                   latest_path=last["path"], latest_sentence=last["sentence"])
        out.append(row)
    res = pd.DataFrame(out)
    for k in keys:
        res[k] = res[k].where(res[k].notna(), None)
    res["count"] = res["count"].astype("Int64")
    res["documents"] = res["documents"].astype("Int64")
    res["sum"] = res["sum"].astype("Float64")
    if res["latest"].map(lambda v: isinstance(v, float) or v is pd.NA).all():
        res["latest"] = res["latest"].astype("Float64")
    res["latest_sentence"] = res["latest_sentence"].astype("Int64")
    return typed(res)


def interleave(groups: list[list]) -> list:
    """Hits of several types, each list ranked on its own (bm25 of different tables are
    not comparable), merged by taking turns: the type whose best hit scores best first."""
    groups = sorted((g for g in groups if g), key=lambda g: g[0].score)
    out, i = [], 0
    while any(i < len(g) for g in groups):
        out.extend(g[i] for g in groups if i < len(g))
        i += 1
    return out


def group_hits(hits: list) -> list[tuple]:
    """Identical hits (same type, same clean text, same sentence) once, with how many
    times and in which files they occur, in the order of their first occurrence."""
    groups: dict[tuple, list] = {}
    for h in hits:
        groups.setdefault((h.kind, h.norm or h.text, " ".join(h.context.split())), []).append(h)
    return [(same[0], len(same), sorted({h.path or h.doc_id for h in same})) for same in groups.values()]
