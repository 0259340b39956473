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
from contextvars import ContextVar

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


MARKED_COLUMNS = ("text", "norm", "name", "subject")
WINDOW = 120  # characters of a long cell shown around its first match (truncate_cells_html)
_ZHFACTS: dict[tuple[int, str], bool] = {}  # (Datasette instance, database) -> a zhfacts database?


async def _is_zhfacts_db(datasette, database: str | None) -> bool:
    """Whether `database` of this Datasette is a zhfacts database (asked once, then cached)."""
    if not database:
        return False
    key = (id(datasette), database)
    if key not in _ZHFACTS:
        try:
            db = datasette.get_database(database)
        except KeyError:
            return False
        _ZHFACTS[key] = await db.execute_fn(is_zhfacts)
    return _ZHFACTS[key]


def query_words(query: str | None) -> list[str]:
    """The words of a search box query, longest first (so 党建品牌 is marked before 党建)."""
    words = {w for w in (query or "").replace('"', " ").split() if w}
    return sorted(words, key=len, reverse=True)


def highlight_html(text: str, words: list[str], window: int = WINDOW) -> str | None:
    """`text` as HTML with each of `words` in <mark> (already between 【】 from zh_mark: the
    brackets give way to the mark); a long text cut to `window` characters around the first
    match. None when no word occurs: Datasette renders the cell as usual."""
    import re
    from html import escape

    pattern = re.compile("|".join(f"【{re.escape(w)}】|{re.escape(w)}" for w in words))
    first = pattern.search(text)
    if not first:
        return None
    start, end, cut = 0, len(text), text
    if len(text) > window:
        start = max(0, first.start() - window // 3)
        end = min(len(text), start + window)
        cut = text[start:end]
    html = []
    pos = 0
    for m in pattern.finditer(cut):
        html += [escape(cut[pos:m.start()]), "<mark>", escape(m.group().strip("【】")), "</mark>"]
        pos = m.end()
    html.append(escape(cut[pos:]))
    return ("…" if start else "") + "".join(html) + ("…" if end < len(text) else "")


# The words searched for by the request being answered: set by asgi_wrapper, read by
# render_cell (whose hook has no request in Datasette 0.65); one value per request task.
SEARCHED: ContextVar[list[str]] = ContextVar("zhfacts_searched", default=[])


@hookimpl
def render_cell(value, column, database, datasette):
    """In a zhfacts database, the words searched for (`_search` of a table, `q` of the
    ranked canned queries) are marked in the text columns of the HTML page."""
    if not isinstance(value, str) or column not in MARKED_COLUMNS:
        return None
    words = SEARCHED.get()
    if not words:
        return None

    async def inner():
        if not await _is_zhfacts_db(datasette, database):
            return None
        html = highlight_html(value, words)
        if html is None:
            return None
        from markupsafe import Markup

        return Markup(html)

    return inner


RANKED = {t: t for t in ("sentences", "metrics", "dates", "organizations", "slogans", "placeholders",
                         "references")}
RANKED.update({f"{t}_located": t for t in list(RANKED)})


@hookimpl
def asgi_wrapper(datasette):
    """The search box of a zhfacts table (or its `_located` view) leads to the canned query
    `<table>_search`, which orders by bm25: Datasette's table view can only order by a
    column (simonw/datasette#268). Only a plain search of the HTML page moves: with a sort,
    a filter or a facet, or as JSON/CSV, the table view answers as before (rowid order)."""
    from urllib.parse import parse_qsl, quote, urlencode

    def wrap(app):
        async def redirect_search(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method") == "GET":
                parts = scope.get("path", "").strip("/").split("/")
                args = parse_qsl(scope.get("query_string", b"").decode("utf-8", "replace"))
                # the table page's form also sends its empty filter row (_filter_column=,
                # _filter_op=exact, _filter_value=) and _sort=: those do not count
                names = {k for k, v in args if v} - {"_filter_op"}
                if "_filter_value" not in names:
                    names.discard("_filter_column")
                search = dict(args).get("_search", "").strip()
                SEARCHED.set(query_words(search or dict(args).get("q")))
                if (len(parts) == 2 and parts[1] in RANKED and search and names <= {"_search", "_searchmode"}
                        and await _is_zhfacts_db(datasette, parts[0])):
                    location = (f"{datasette.urls.database(parts[0])}/{quote(RANKED[parts[1]])}_search?"
                                + urlencode({"q": search}))
                    await send({"type": "http.response.start", "status": 302,
                                "headers": [(b"location", location.encode()),
                                            (b"content-type", b"text/plain; charset=utf-8")]})
                    await send({"type": "http.response.body", "body": b""})
                    return
            await app(scope, receive, send)

        return redirect_search

    return wrap
