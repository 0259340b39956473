"""Chinese full-text search on stock SQLite FTS5 (design: docs/design/chinese-fts.md).

Every Han character and every digit is a token of its own, Latin words stay whole, and
each run of punctuation or space becomes a `|` token, so a phrase never matches across
`。` or `，`. A query becomes phrases of characters: `党建 品牌` -> `"党 建" "品 牌"`.
The same functions serve `zhfacts search` and, as a Datasette plugin (replacing
Datasette's `escape_fts`), the search box of `zhfacts serve`.
"""
from __future__ import annotations

import re

_CJK = ("\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3100-\u312f"
        "\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
        "\U00020000-\U0003134f")
# one CJK character | one digit | a run of other letters | a run of anything else
_TOKEN_RE = re.compile(rf"([{_CJK}]|\d)|([^\W\d_{_CJK}]+)|([\W_]+)")
_TERM_RE = re.compile(r'\s+|(".*?")')  # the split of datasette.utils.escape_fts
TOKENIZE = "unicode61 tokenchars '|'"
# A query's length and its number of terms: every character is a token of the phrase and
# every term a phrase ANDed, so a 40,000-character query would run for minutes.
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 20


def check_query(query: str) -> None:
    """Refuse a query too long to answer quickly (ZhfactsError, one line saying the limit)."""
    from pipeline.errors import ZhfactsError

    if len(query) > MAX_QUERY_CHARS:
        raise ZhfactsError(f"query too long ({len(query):,} characters; limit {MAX_QUERY_CHARS})")
    terms = [t for t in _TERM_RE.split(query) if t and t.strip()]
    if len(terms) > MAX_QUERY_TERMS:
        raise ZhfactsError(f"query has too many terms ({len(terms)}; limit {MAX_QUERY_TERMS})")


def zh_spaced(text: str | None) -> str | None:
    """`党建“品牌”2019年` -> `党 建 | 品 牌 | 2 0 1 9 年`: what the index stores."""
    if text is None:
        return None
    return " ".join([cjk or word or "|" for cjk, word, _ in _TOKEN_RE.findall(text)])


def zh_fts_query(query: str | None) -> str | None:
    """A user's query as FTS5 phrases (terms ANDed, "quoted phrases" kept, like Datasette's
    escape_fts). Only quoted strings come out, so it is never an FTS5 syntax error."""
    if query is None:
        return None
    if query.count('"') % 2:
        query += '"'
    phrases = []
    for bit in _TERM_RE.split(query):
        if bit and bit != '""':
            inner = zh_spaced(bit.replace('"', "")).strip(" |")
            if inner:
                phrases.append(f'"{inner}"')
    return " ".join(phrases) or '""'
