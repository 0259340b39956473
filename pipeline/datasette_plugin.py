"""The Datasette plugin of `zhfacts serve`: Chinese search in Datasette's own search box.

Datasette runs `… MATCH escape_fts(:search)`; we replace `escape_fts` with our query
rewriter (`党建` -> `"党 建"`), matching the character-token FTS indexes of the store.
`trylast` is required: Datasette registers its own escape_fts on every connection and
pluggy calls later-registered plugins first (docs/design/chinese-fts.md).
"""
from __future__ import annotations

from datasette import hookimpl

from pipeline.store.zh_fts import zh_fts_query, zh_spaced


@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, zh_fts_query, deterministic=True)
    conn.create_function("zh_fts_query", 1, zh_fts_query, deterministic=True)
    conn.create_function("zh_spaced", 1, zh_spaced, deterministic=True)
