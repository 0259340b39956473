"""SQLite: one file, no server. Every document is written in one transaction (in `batch()`,
one savepoint, the batch committed every second), so a run killed at any moment (even
`kill -9`) leaves a consistent database; WAL mode lets readers (search, Datasette) work
while an ingest writes.

Full-text search: beside `sentences` and each fact table, an FTS5 index `<table>_fts`
(rowid = the row's rowid) of its text with every Han character a token (`zh_fts`),
queried as phrases of characters, so `党`, `党建` and `五基三化` all find every sentence
and fact that contains them, ranked by bm25; Datasette's search box uses the same
indexes (docs/design/chinese-fts.md).
"""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from pipeline.errors import ZhfactsError
from pipeline.facts import FACT_TYPES, Extraction, columns
from pipeline.store.base import SearchHit
from pipeline.store.zh_fts import TOKENIZE, check_query, zh_fts_query, zh_spaced

SCHEMA_VERSION = 3
# A query matching more rows than this in one table is ranked ahead of time: bm25 over
# ~100k rows costs ~120 ms, over 5,000 ~5 ms; a search asks seven tables and its budget
# is 20 ms at 2,000 reports (docs/design/chinese-fts.md). At 2,000 reports ~580 queries
# are ranked ahead, all at once in ~2 s of CPU per ingest (`_ranked_ahead`).
FREQUENT = 5_000
TOP_K = 100
# table name -> the `kind` of its rows in the search index
KINDS = {"metrics": "metric", "dates": "date", "organizations": "organization", "slogans": "slogan",
         "placeholders": "placeholder", "references": "reference"}
# column types beyond TEXT
TYPES = {"sentence": "INTEGER", "start": "INTEGER", "end": "INTEGER", "line": "INTEGER", "col": "INTEGER",
         "relative": "INTEGER"}
DOCUMENT_COLUMNS = ["doc_id", "source", "path", "size", "mtime", "encoding", "script", "repairs", "title",
                    "region", "ref_date", "year", "chars", "byline", "text", "ingested_at"]
# what of each fact goes into the search index besides its text
SEARCH_FIELDS = {"metrics": ("subject", "unit"), "organizations": ("name",), "placeholders": ("subject",),
                 "dates": (), "slogans": (), "references": ()}


def _varint(data: bytes) -> int:
    """The first SQLite varint of `data` (FTS5's row sizes)."""
    value = 0
    for i, byte in enumerate(data[:9]):
        if i == 8:
            return (value << 8) | byte
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            break
    return value


def q(name: str) -> str:
    """Quote an identifier: `references` and `end` are SQL keywords."""
    return '"' + name.replace('"', '""') + '"'


def _fact_table_sql(table: str) -> str:
    cols = []
    for c in columns(table):
        if c == "doc_id":
            cols.append(f'{q(c)} TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE')
        elif table == "metrics" and c == "value":
            cols.append(f"{q(c)} REAL")
        else:
            cols.append(f"{q(c)} {TYPES.get(c, 'TEXT')}")
    return f"CREATE TABLE IF NOT EXISTS {q(table)} (id INTEGER PRIMARY KEY, {', '.join(cols)})"


def _located_view_sql(table: str) -> str:
    """`<table>_located`: the rows of `table` with region, year, path and title of their
    document. `id` is the row id of the table, which is also the row id of `<table>_fts`."""
    rowid = "t.rowid AS id, " if table == "sentences" else ""
    return (f"CREATE VIEW IF NOT EXISTS {q(table + '_located')} AS SELECT {rowid}t.*, d.region, d.year, "
            f"d.path, d.title FROM {q(table)} t JOIN documents d USING (doc_id)")


MIGRATIONS: list[list[str]] = [
    # version 1: documents, sentences, one table per fact type, errors, search index
    [
        """CREATE TABLE IF NOT EXISTS documents (
            doc_id TEXT PRIMARY KEY, source TEXT NOT NULL, path TEXT UNIQUE, size INTEGER, mtime REAL,
            encoding TEXT, script TEXT, repairs TEXT, title TEXT, region TEXT, ref_date TEXT, year INTEGER,
            chars INTEGER, byline TEXT, text TEXT, ingested_at TEXT)""",
        """CREATE TABLE IF NOT EXISTS sentences (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            sentence INTEGER NOT NULL, start INTEGER, "end" INTEGER, text TEXT,
            PRIMARY KEY (doc_id, sentence))""",
        *[_fact_table_sql(t) for t in FACT_TYPES],
        """CREATE TABLE IF NOT EXISTS errors (
            id INTEGER PRIMARY KEY, source TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS documents_region ON documents(region, year)",
        *[f"CREATE INDEX IF NOT EXISTS {t}_doc ON {q(t)}(doc_id, sentence)" for t in FACT_TYPES],
        "CREATE INDEX IF NOT EXISTS metrics_unit ON metrics(unit)",
        "CREATE INDEX IF NOT EXISTS organizations_name ON organizations(name)",
        "CREATE INDEX IF NOT EXISTS slogans_kind ON slogans(kind)",
        *[f"CREATE VIRTUAL TABLE IF NOT EXISTS {q(t + '_fts')} USING fts5(tokens, tokenize = \"{TOKENIZE}\")"
          for t in ["sentences", *FACT_TYPES]],
    ],
    # version 2: the best rows of very frequent queries, ranked ahead of time
    [
        """CREATE TABLE IF NOT EXISTS search_top (
            tbl TEXT NOT NULL, query TEXT NOT NULL, position INTEGER NOT NULL, row INTEGER NOT NULL,
            score REAL NOT NULL, PRIMARY KEY (tbl, query, position))""",
    ],
    # version 3: every fact and sentence with its document's region, year, path and title,
    # so Datasette can facet and filter facts by place and time (views: nothing is copied)
    [_located_view_sql(t) for t in ["sentences", *FACT_TYPES]],
]


_COLUMNS = {t: columns(t) for t in FACT_TYPES}
_FACT_SQL = {t: f"INSERT INTO {q(t)} (id, {', '.join(map(q, cols))}) VALUES (?, {', '.join('?' * len(cols))})"
             for t, cols in _COLUMNS.items()}
_SENTENCE_SQL = 'INSERT INTO sentences (rowid, doc_id, sentence, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)'
_FTS_SQL = {t: f"INSERT INTO {q(t + '_fts')} (rowid, tokens) VALUES (?, ?)" for t in ["sentences", *FACT_TYPES]}
_DOCUMENT_SQL = (f"INSERT INTO documents ({', '.join(map(q, DOCUMENT_COLUMNS))}) "
                 f"VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))})")


class Rows(NamedTuple):
    """One parsed report as the rows `put` writes, in plain tuples: built in the worker
    that parsed it (with the search tokens), small to send, nothing left to compute."""
    doc_id: str
    document: tuple  # the DOCUMENT_COLUMNS but path, size, mtime, text, ingested_at
    text: str
    sentences: list[tuple]  # (start, end, text, search tokens)
    facts: dict[str, list[tuple]]  # table -> rows: the values of columns(table), then search tokens
    counts: dict[str, int]  # fact type -> facts found


def rows_of(result: Extraction, text: str, sentences: list[tuple[int, int, str]]) -> Rows:
    d = result.document
    ref = d.ref_date or ""
    document = (d.doc_id, d.source, d.encoding, d.script, json.dumps(d.repairs, ensure_ascii=False), d.title,
                d.region, d.ref_date, int(ref[:4]) if ref[:4].isdigit() else None, d.chars, d.byline)
    facts = {}
    for table, found in result.facts.items():
        cols, extra = _COLUMNS[table], SEARCH_FIELDS[table]
        facts[table] = [(*[getattr(f, k) for k in cols], zh_spaced(
            " ".join([f.norm, *(str(v) for v in (getattr(f, k) for k in extra) if v)]))) for f in found]
    return Rows(d.doc_id, document, text, [(st, en, t, zh_spaced(t)) for st, en, t in sentences], facts,
                {k: len(v) for k, v in result.facts.items()})


class SQLiteStore:
    def __init__(self, path: str | Path):
        self.path = str(path)
        self.frequent = FREQUENT  # queries matching more rows than this are ranked ahead of time
        self._batch: list | None = None  # [documents, started, most documents, most seconds] in `batch()`
        self._cache_cleared = False
        # the next rowid of each table, known while one write transaction of a batch holds
        # the lock (no other writer can add rows): one SELECT max(rowid) a table a transaction
        self._rowids: dict[str, int] = {}
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as err:
            raise ZhfactsError(f"{path}: cannot open the database: {err}") from None
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.migrate()
        except sqlite3.DatabaseError as err:  # a file that is not SQLite, or a broken one
            self.conn.close()
            raise ZhfactsError(f"{path}: not a zhfacts database: {err}") from None

    # --- schema ---------------------------------------------------------------------------

    def version(self) -> int:
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return row[0] or 0

    def migrate(self) -> None:
        """Apply the migrations this file does not have yet, each in its own transaction."""
        current = self.version()
        if current > SCHEMA_VERSION:
            raise ZhfactsError(f"{self.path}: schema version {current} is newer than this zhfacts "
                               f"({SCHEMA_VERSION}); upgrade zhfacts")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for sql in MIGRATIONS[version - 1]:
                    self.conn.execute(sql)
                self.conn.execute("INSERT INTO schema_version VALUES (?)", (version,))
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    # --- writing --------------------------------------------------------------------------

    def source_state(self, path: str) -> tuple[str, int, float] | None:
        row = self.conn.execute("SELECT doc_id, size, mtime FROM documents WHERE path = ?", (path,)).fetchone()
        return tuple(row) if row else None

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def put(self, result: Extraction, text: str, sentences: list[tuple[int, int, str]], *,
            path: str, size: int, mtime: float) -> str:
        return self.put_rows(rows_of(result, text, sentences), path=path, size=size, mtime=mtime)

    def put_rows(self, rows: Rows, *, path: str, size: int, mtime: float) -> str:
        """`put` of a report already made rows (`rows_of`, in the worker that parsed it)."""
        doc_id = rows.doc_id
        c = self.conn
        with self._transaction():
            same = c.execute("SELECT path FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
            if same and same[0] != path:
                return "duplicate"  # the same bytes under another path: stored once (nothing written)
            old = c.execute("SELECT doc_id FROM documents WHERE path = ? OR doc_id = ?", (path, doc_id)).fetchall()
            for (old_id,) in old:
                self._delete(old_id)
            if not self._cache_cleared:
                c.execute("DELETE FROM search_top")  # stale now; refresh_search_cache() rebuilds it
                self._cache_cleared = self._batch is not None  # once per batch
            d = rows.document
            c.execute(_DOCUMENT_SQL, (*d[:2], path, size, mtime, *d[2:], rows.text,
                                      time.strftime("%Y-%m-%dT%H:%M:%S")))
            # rows in bulk, one prepared statement per table: the rowids are given (this
            # transaction holds the write lock) so each FTS row is written beside its row
            first = self._next_rowid("sentences", len(rows.sentences))
            c.executemany(_SENTENCE_SQL, [(first + i, doc_id, i, st, en, t)
                                          for i, (st, en, t, _) in enumerate(rows.sentences)])
            c.executemany(_FTS_SQL["sentences"], [(first + i, tokens)
                                                  for i, (_, _, _, tokens) in enumerate(rows.sentences)])
            for table, facts in rows.facts.items():
                if not facts:
                    continue
                first = self._next_rowid(table, len(facts))
                c.executemany(_FACT_SQL[table], [(first + i, *f[:-1]) for i, f in enumerate(facts)])
                c.executemany(_FTS_SQL[table], [(first + i, f[-1]) for i, f in enumerate(facts)])
        return "updated" if old else "new"

    @contextmanager
    def batch(self, docs: int = 200, seconds: float = 1.0):
        """Write many documents a transaction (each in a savepoint of its own): committed
        every `docs` documents or `seconds`, and at the end. A run killed at any moment
        loses at most the uncommitted batch and leaves a consistent database; a document
        that fails is rolled back alone. FTS5 flushes its pending rows once a commit, so
        bigger transactions also mean fewer index segments to merge."""
        if self._batch is not None:
            yield self
            return
        self._batch = [0, 0.0, docs, seconds]
        try:
            yield self
        finally:
            self._batch = None
            self._cache_cleared = False
            self._rowids.clear()
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")  # every document in it is whole (its savepoint released)

    @contextmanager
    def _transaction(self):
        """One document's writes: its own transaction, or a savepoint of the batch's."""
        c, b = self.conn, self._batch
        if b is None:
            c.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                c.execute("ROLLBACK")
                raise
            c.execute("COMMIT")
            return
        if not c.in_transaction:
            c.execute("BEGIN IMMEDIATE")
            b[0], b[1] = 0, time.monotonic()
            self._cache_cleared = False
            self._rowids.clear()  # another writer may have written between our transactions
        c.execute("SAVEPOINT document")
        try:
            yield
        except BaseException:
            c.execute("ROLLBACK TO document")
            c.execute("RELEASE document")
            raise
        c.execute("RELEASE document")
        b[0] += 1
        if b[0] >= b[2] or time.monotonic() - b[1] >= b[3]:
            c.execute("COMMIT")

    def _next_rowid(self, table: str, count: int) -> int:
        """The first of `count` new rowids of `table` (taken: the next call gets the one after)."""
        first = self._rowids.get(table) if self._batch is not None else None
        if first is None:
            first = self.conn.execute(f"SELECT coalesce(max(rowid), 0) + 1 FROM {q(table)}").fetchone()[0]
        if self._batch is not None:
            self._rowids[table] = first + count
        return first

    def _delete(self, doc_id: str) -> None:
        for table in ["sentences", *FACT_TYPES]:
            self.conn.execute(f"DELETE FROM {q(table + '_fts')} WHERE rowid IN "
                              f"(SELECT rowid FROM {q(table)} WHERE doc_id = ?)", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))  # facts cascade

    def record_error(self, path: str, reason: str) -> None:
        with self._transaction():
            self.conn.execute("DELETE FROM errors WHERE source = ?", (path,))  # only the latest failure
            self.conn.execute("INSERT INTO errors (source, reason, at) VALUES (?, ?, ?)",
                              (path, reason, time.strftime("%Y-%m-%dT%H:%M:%S")))

    def clear_error(self, path: str) -> None:
        self.conn.execute("DELETE FROM errors WHERE source = ?", (path,))

    def document_path(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT path FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def document_paths(self) -> list[str]:
        return [p for (p,) in self.conn.execute("SELECT path FROM documents WHERE path IS NOT NULL ORDER BY path")]

    def remove_path(self, path: str) -> None:
        c = self.conn
        with self._transaction():
            for (doc_id,) in c.execute("SELECT doc_id FROM documents WHERE path = ?", (path,)).fetchall():
                self._delete(doc_id)
            c.execute("DELETE FROM search_top")

    # --- reading --------------------------------------------------------------------------

    def search(self, query: str, *, kind: str | None = None, region: str | None = None,
               since: int | None = None, until: int | None = None, unit: str | None = None,
               limit: int = 50) -> list[SearchHit]:
        check_query(query)
        if unit and kind not in (None, "metric"):
            raise ZhfactsError(f"a unit filters metrics: it cannot be combined with kind {kind!r}")
        phrase = zh_fts_query(query)
        if not query.strip() or phrase == '""':
            return []
        tables = ["sentences", *FACT_TYPES] if kind is None else \
            ["sentences" if kind == "sentence" else next(t for t, k in KINDS.items() if k == kind)]
        if unit:
            tables = ["metrics"]
        from pipeline import regions
        from pipeline.store.queries import interleave

        per_table: list[list[SearchHit]] = []
        filtered = any(v is not None for v in (region, since, until, unit))
        names = regions.expand(region) if region is not None else []
        for table in tables:
            fts = q(table + "_fts")
            # the sentence a fact stands in, joined rather than fetched hit by hit
            context, join = ("x.text AS sentence_context", "") if table == "sentences" else \
                ("c.text AS sentence_context", "LEFT JOIN sentences c ON c.doc_id = x.doc_id AND c.sentence = x.sentence")
            cached = not filtered and limit <= TOP_K and self.conn.execute(
                "SELECT 1 FROM search_top WHERE tbl = ? AND query = ? LIMIT 1", (table, phrase)).fetchone()
            if cached:
                sql = f"""
                    SELECT x.*, t.score, d.title AS doc_title, d.region AS doc_region, d.path AS doc_path,
                           d.year AS doc_year, {context}
                    FROM search_top t JOIN {q(table)} x ON x.rowid = t.row JOIN documents d ON d.doc_id = x.doc_id
                    {join}
                    WHERE t.tbl = ? AND t.query = ? ORDER BY t.position LIMIT ?"""
                params = [table, phrase, limit]
            elif not filtered:
                # rank in the index alone, then join only the best rows
                sql = f"""
                    SELECT x.*, t.score, d.title AS doc_title, d.region AS doc_region, d.path AS doc_path,
                           d.year AS doc_year, {context}
                    FROM (SELECT rowid, bm25({fts}) AS score FROM {fts} WHERE {fts} MATCH ?
                          ORDER BY score, rowid LIMIT ?) t
                    JOIN {q(table)} x ON x.rowid = t.rowid JOIN documents d ON d.doc_id = x.doc_id
                    {join}
                    ORDER BY t.score, t.rowid"""
                params = [phrase, limit]
            else:
                sql = f"""
                    SELECT x.*, bm25({fts}) AS score, d.title AS doc_title, d.region AS doc_region,
                           d.path AS doc_path, d.year AS doc_year, {context}
                    FROM {fts} f JOIN {q(table)} x ON x.rowid = f.rowid
                    JOIN documents d ON d.doc_id = x.doc_id
                    {join}
                    WHERE {fts} MATCH ?
                      {f"AND d.region IN ({', '.join('?' * len(names))})" if names else ""}
                      AND (? IS NULL OR d.year >= ?) AND (? IS NULL OR d.year <= ?)
                      {"AND x.unit = ?" if unit else ""}
                    ORDER BY score, x.rowid LIMIT ?"""
                params = [phrase, *names, since, since, until, until, *([unit] if unit else []), limit]
            cur = self.conn.execute(sql, params)
            cols = [d[0] for d in cur.description]
            per_table.append([self._hit(table, dict(zip(cols, values))) for values in cur])
        # bm25 scores of different tables are not comparable: each type keeps its own
        # ranking, and the types take turns (the type with the best hit first)
        return interleave(per_table)[:limit]

    def _hit(self, table: str, row: dict) -> SearchHit:
        kind = "sentence" if table == "sentences" else KINDS[table]
        ctx = row["sentence_context"] or ""
        own = {k: v for k, v in row.items() if k not in (
            "id", "doc_id", "sentence", "start", "end", "text", "norm", "score", "doc_title", "doc_region",
            "doc_path", "doc_year", "sentence_context")}
        return SearchHit(kind, row["doc_id"], row["doc_title"], row["doc_region"], row["sentence"], row["text"],
                         ctx, own, row["score"], norm=row.get("norm") or row["text"], path=row.get("doc_path"),
                         year=row.get("doc_year"))

    def refresh_search_cache(self) -> int:
        """Rank ahead of time the queries of 1–4 Han characters that match more than
        FREQUENT rows of a table (党, 机关, 党建…): exact bm25 top-K, stored in `search_top`."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute("DELETE FROM search_top")
            stored = 0
            for table in ["sentences", *FACT_TYPES]:
                for phrase, best in self._ranked_ahead(table):
                    c.executemany("INSERT INTO search_top VALUES (?, ?, ?, ?, ?)",
                                  [(table, phrase, i, r, sc) for i, (r, sc) in enumerate(best)])
                    stored += 1
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return stored

    def _ranked_ahead(self, table: str) -> list[tuple[str, list[tuple[int, float]]]]:
        """Every query of 1–4 Han characters matching more than `self.frequent` rows of
        `table`, with its TOP_K rows by bm25: (FTS query, [(rowid, score), ...]).

        One pass over what the index holds instead of one bm25() query per frequent word
        (those cost ~1 µs per matching row: minutes at 20,000 reports). A query of Han
        characters is one phrase, so FTS5's bm25 is
            -idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * size / mean size))
        with tf the phrase's occurrences in the row (overlapping ones too), size the row's
        tokens (FTS5's own count, `_docsize`), idf = log((rows - hits + 0.5) / (hits + 0.5))
        (1e-6 if not positive): the same operations in the same order, so the same doubles,
        and ties in rowid order as in the live query. An n-gram is counted only where both
        of its (n-1)-grams are frequent (it matches no more rows than either)."""
        import math

        import numpy as np

        c = self.conn
        ids, sizes, texts = [], [], []
        for rowid, tokens, size in c.execute(
                f"SELECT c.id, c.c0, d.sz FROM {q(table + '_fts_content')} c "
                f"JOIN {q(table + '_fts_docsize')} d ON d.id = c.id ORDER BY c.id"):
            ids.append(rowid)
            sizes.append(size[0] if len(size) == 1 else _varint(size))
            texts.append(tokens.replace(" ", "") if tokens else "")  # Han tokens are one character each
        nrow = len(ids)
        if nrow <= self.frequent:
            return []
        avgdl = sum(sizes) / nrow
        ids = np.asarray(ids, dtype=np.int64)
        dl = np.asarray(sizes, dtype=np.float64)
        codes = np.frombuffer("\n".join(texts).encode("utf-32-le"), dtype=np.uint32)
        han = (codes >= 0x4E00) & (codes <= 0x9FFF)
        off = np.where(han, codes - 0x4DFF, 0).astype(np.int64)  # 1..0x5200; 0: not a Han token
        row = np.repeat(np.arange(nrow, dtype=np.int64), [len(t) + 1 for t in texts])[:len(codes)]
        del codes, texts
        k1, b, width = 1.2, 0.75, 0x5201
        out = []
        grams: list[str] = []  # the frequent (n-1)-grams, by id
        fid = np.where(han, 0, -1)  # level 1: every Han character
        for n in range(1, 5):
            if n == 1:
                at = np.flatnonzero(han)
                gid = off[at]
            else:  # an n-gram at i: its (n-1)-grams at i and i+1 both frequent
                at = np.flatnonzero((fid[:-1] >= 0) & (fid[1:] >= 0))
                gid = fid[at] * width + off[at + n - 1]
            if not len(at):
                break
            pairs = gid * nrow + row[at]  # one sort: by gram, then row
            pairs.sort()
            starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])
            tf = np.diff(np.r_[starts, len(pairs)]).astype(np.float64)  # occurrences in the row
            pairs = pairs[starts]
            g, r = pairs // nrow, pairs % nrow
            gstart = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
            hits = np.diff(np.r_[gstart, len(g)])  # rows that match
            big = np.flatnonzero(hits > self.frequent)
            fgids = g[gstart[big]]
            # the next level's ids: the frequent n-grams, numbered in order
            if n == 1:  # a table of every character
                number = np.full(width, -1, dtype=np.int64)
                number[fgids] = np.arange(len(fgids))
                idx = number[gid]
                found = idx >= 0
            else:
                idx = np.searchsorted(fgids, gid)
                found = idx < len(fgids)
                found[found] = fgids[idx[found]] == gid[found]
            fid = np.full(len(off) - n + 1, -1, dtype=np.int64)
            fid[at[found]] = idx[found]
            grams = [chr(int(x) + 0x4DFF) if n == 1 else grams[int(x) // width] + chr(int(x) % width + 0x4DFF)
                     for x in fgids]
            part = (tf * (k1 + 1.0)) / (tf + k1 * (1 - b + b * dl[r] / avgdl))
            for gram, i in zip(grams, big.tolist()):
                lo, hi = int(gstart[i]), int(gstart[i]) + int(hits[i])
                nhit = hi - lo
                p = part[lo:hi]
                if nhit > TOP_K + 8:  # the best, ties at the edge included
                    edge = np.partition(p, nhit - TOP_K - 8)[nhit - TOP_K - 8]
                    sel = np.flatnonzero(p >= edge)
                else:
                    sel = np.arange(nhit)
                idf = math.log((nrow - nhit + 0.5) / (nhit + 0.5))
                idf = idf if idf > 0.0 else 1e-6
                best = sorted((-1.0 * (0.0 + idf * v), rid) for v, rid in
                              zip(p[sel].tolist(), ids[r[lo:hi][sel]].tolist()))[:TOP_K]
                out.append((zh_fts_query(gram), [(rid, sc) for sc, rid in best]))
            if not len(big):
                break
        return out

    def facts(self, kind: str = "metric", *, subject: str | None = None, unit: str | None = None,
              region: str | None = None, since: int | None = None, until: int | None = None,
              document: str | None = None):
        from pipeline.store import queries

        sql, params = queries.fact_sql(kind, subject=subject, unit=unit, region=region, since=since,
                                       until=until, document=document, mark="?")
        cur = self.conn.execute(sql, params)
        df = queries.frame(kind, cur.fetchall(), [d[0] for d in cur.description], subject)
        dated = since is not None or until is not None
        df.attrs["undated"] = self.undated(region) if dated else 0
        return df

    def undated(self, region: str | None = None) -> int:
        from pipeline import regions

        names = regions.expand(region) if region is not None else []
        sql = "SELECT count(*) FROM documents WHERE year IS NULL"
        if names:
            sql += f" AND region IN ({', '.join('?' * len(names))})"
        return self.conn.execute(sql, names).fetchone()[0]

    def frames(self) -> dict:
        """Every table as a pandas DataFrame (for `zhfacts export` and the report), in the
        dtypes of pipeline/frames.py (those of `to_frames()` too)."""
        import pandas as pd

        from pipeline.frames import typed_all

        return typed_all({t: pd.read_sql_query(f"SELECT * FROM {q(t)}", self.conn)
                          for t in ["documents", "sentences", *FACT_TYPES, "errors"]})

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ["documents", "sentences", *FACT_TYPES, "errors"]:
            out[table] = self.conn.execute(f"SELECT count(*) FROM {q(table)}").fetchone()[0]
        return out

    def close(self) -> None:
        self.conn.close()
