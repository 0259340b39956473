"""The Datasette plugin of `zhfacts serve`: Chinese search in Datasette's own search box.

Datasette runs `… MATCH escape_fts(:search)`; we replace `escape_fts` with our query
rewriter (`党建` -> `"党 建"`), matching the character-token FTS indexes of the store.
`trylast` is required: Datasette registers its own escape_fts on every connection and
pluggy calls later-registered plugins first (docs/design/chinese-fts.md).
Only a zhfacts database gets the rewriter: any other database served by a Datasette in
the same environment keeps Datasette's own `escape_fts` (its FTS tables have other
tokenizers, where our phrases of single characters would find nothing).
"""
from __future__ import annotations

import sqlite3

from datasette import hookimpl

from pipeline.store.zh_fts import zh_fts_query, zh_spaced


def zh_mark(text: str | None, query: str | None) -> str | None:
    """The text with every occurrence of each query word between 【】 (Datasette escapes
    the cell; the marks are plain characters, so they survive as text)."""
    if not text or not query:
        return text
    for word in sorted(set(query.replace('"', " ").split()), key=len, reverse=True):
        text = text.replace(word, f"【{word}】")
    return text


ZHFACTS_TABLES = ("schema_version", "documents", "sentences_fts")


def is_zhfacts(conn) -> bool:
    """A zhfacts fact database: its schema table, documents and the character-token index."""
    try:
        names = {n for (n,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE name IN (?, ?, ?)", ZHFACTS_TABLES)}
    except sqlite3.Error:  # not readable as SQLite (yet): not ours
        return False
    return names == set(ZHFACTS_TABLES)


@hookimpl(trylast=True)
def prepare_connection(conn):
    if not is_zhfacts(conn):
        return
    conn.create_function("escape_fts", 1, zh_fts_query, deterministic=True)
    conn.create_function("zh_mark", 2, zh_mark, deterministic=True)
    conn.create_function("zh_fts_query", 1, zh_fts_query, deterministic=True)
    conn.create_function("zh_spaced", 1, zh_spaced, deterministic=True)
