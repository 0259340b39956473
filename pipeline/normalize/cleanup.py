"""Small focused fixers for characters, widths and punctuation.

Each fixer takes a text and returns `(new_text, alignment, count)`, or None when it
changed nothing. `wanted(chars)` is a cheap test on the set of characters in the text,
so clean text skips the fixer without a scan.
"""
from __future__ import annotations

import html
import unicodedata
from bisect import bisect_right
from functools import lru_cache

import regex

from pipeline.normalize.offsets import Alignment, Rewriter
from pipeline.resources import read_tsv

Rewrite = tuple  # (text, Alignment, count)


def _sub(pattern: regex.Pattern, text: str, repl) -> Rewrite | None:
    """Rewrite every match of `pattern` with `repl(match)` (None = leave it), tracking offsets.
    When every rewrite keeps its length (`,` → `，`), each character stays where it was: the
    alignment is the identity, with no segment to record per match."""
    edits = []
    for m in pattern.finditer(text):
        new = repl(m)
        if new is not None and new != m.group(0):
            edits.append((m.start(), m.end(), new))
    if not edits:
        return None
    if all(e - s == len(new) for s, e, new in edits):
        parts, pos = [], 0
        for s, e, new in edits:
            parts += (text[pos:s], new)
            pos = e
        parts.append(text[pos:])
        return "".join(parts), Alignment.identity(len(text)), len(edits)
    rw = Rewriter(text)
    for s, e, new in edits:
        rw.keep(s)
        rw.replace(e, new)
    new_text, alignment = rw.finish()
    return new_text, alignment, rw.count


# --- invisible characters and line breaks -----------------------------------------------

# Zero-width and format characters that Word and web pages scatter through text; C0/C1
# control characters other than tab and newline. (U+FFFD stays: it marks a lost byte.)
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e"
_INVISIBLE_RE = regex.compile(rf"[{INVISIBLE}\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+|\r\n?")
_INVISIBLE_SET = frozenset(INVISIBLE + "\r" + "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), *range(127, 160)])))


def invisible_wanted(chars: frozenset[str]) -> bool:
    return not _INVISIBLE_SET.isdisjoint(chars)


def strip_invisible(text: str) -> Rewrite | None:
    """Drop zero-width and control characters; \\r\\n and \\r become \\n."""
    return _sub(_INVISIBLE_RE, text, lambda m: "\n" if m.group(0)[0] == "\r" else "")


# --- HTML entities --------------------------------------------------------------------

_ENTITY_RE = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def entities_wanted(chars: frozenset[str]) -> bool:
    return "&" in chars


def html_entities(text: str) -> Rewrite | None:
    """`&middot;` -> `·`, `&#20013;` -> `中`; unknown names are left alone."""
    return _sub(_ENTITY_RE, text, lambda m: html.unescape(m.group(0)))


# --- widths ---------------------------------------------------------------------------

# Full-width digits, Latin letters and ％ become half-width; Chinese punctuation such as
# ，（：stays full-width (it is the norm in Chinese text, and the segmenters expect it).
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_FULLWIDTH["％"] = "%"
_FULLWIDTH_SET = frozenset(_FULLWIDTH) | {"．"}
# ．between full-width digits is a decimal point: １.３５
_FULLWIDTH_RE = regex.compile(r"[０-９Ａ-Ｚａ-ｚ％]+|(?<=[０-９0-9])．(?=[０-９0-9])")


def fullwidth_wanted(chars: frozenset[str]) -> bool:
    return not _FULLWIDTH_SET.isdisjoint(chars)


def fullwidth(text: str) -> Rewrite | None:
    def repl(m):
        s = m.group(0)
        return "." if s == "．" else "".join(_FULLWIDTH[c] for c in s)
    return _sub(_FULLWIDTH_RE, text, repl)


# --- range dashes ---------------------------------------------------------------------

# In `1–8月`, `2019－2024年`, `1——8月`, `3~5个` the dash means "to". All become `—`
# (U+2014, what Chinese typesetting uses). An ASCII hyphen is left alone: `2024-08-01`.
DASHES = "\u2010\u2011\u2012\u2013\u2015\u2212\uff0d~\u2053"
_DASH_RE = regex.compile(rf"(?<=[0-9年月日号])(?:[{DASHES}]|——|—{{2,}})(?=[0-9])")
_DASH_SET = frozenset(DASHES) | {"—"}


def dashes_wanted(chars: frozenset[str]) -> bool:
    return not _DASH_SET.isdisjoint(chars)


def range_dashes(text: str) -> Rewrite | None:
    return _sub(_DASH_RE, text, lambda m: "—")


# --- a Latin O written for the numeral zero ------------------------------------------------

# Taiwan's and some mainland pages type the zero of a Chinese numeral as a Latin capital O:
# `六OO位` (600), `一七三O万人次`, `一O七年` (ROC 107). In a run of Chinese numerals that holds
# a digit and an O, with no Latin letter on either side, the O is 〇 (one character for one).
# (each run is matched once, whole, and judged in `_zero_run`: lookaheads over the run would
# rescan it from every position, quadratic on a long run of numerals)
_LATIN_ZERO_RE = regex.compile(r"(?<![A-Za-z])[一二三四五六七八九〇○零O]{2,}+")
_NUMERAL_DIGIT = regex.compile(r"[一二三四五六七八九]")


def latin_zero_wanted(chars: frozenset[str]) -> bool:
    return "O" in chars


def _zero_run(m: regex.Match) -> str | None:
    run = m.group(0)
    after = m.string[m.end():m.end() + 1]
    if "O" not in run or not _NUMERAL_DIGIT.search(run) or (after.isascii() and after.isalpha()):
        return None
    return run.replace("O", "〇")


def latin_zero(text: str) -> Rewrite | None:
    return _sub(_LATIN_ZERO_RE, text, _zero_run)


# --- lost interpuncts -----------------------------------------------------------------

# A web page saved in a legacy encoding loses `·` (U+00B7) to `?`: `7?9讲话`,
# `“喜迎二十大?建功新时代”`. It is a lost interpunct between two digits, or between two
# Han characters inside a quoted title with no question word before it (吗, 什么, 是否…);
# elsewhere `?` is a real question mark.
_QUESTION_WORDS = "吗呢么什怎何哪谁几啥否难嗎麼甚誰幾"
_INTERPUNCT_RE = regex.compile(
    r"(?<=[0-9])\?(?=[0-9])"
    rf"|(?<=[“‘「『《][^”’」』》\n?？{_QUESTION_WORDS}]{{0,40}}\p{{Han}})\?(?=\p{{Han}}[^“”‘’\n]{{0,40}}[”’」』》])"
)


def interpunct_wanted(chars: frozenset[str]) -> bool:
    return "?" in chars


def interpunct(text: str) -> Rewrite | None:
    return _sub(_INTERPUNCT_RE, text, lambda m: "·")


# --- ASCII punctuation in Chinese text --------------------------------------------------

# Pages typed with a half-width keyboard put `,` `:` `;` `!` `?` `( )` among Chinese;
# the Chinese forms are the norm. Between digits a comma is a thousands separator and
# stays (`39,000`), and a colon stays in times (`8:30`).
_HAN = r"[\p{Han}“”‘’《》（）]"
_PUNCT_MAP = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_PUNCT_RE = regex.compile(
    rf"(?<={_HAN})[,:;!?]|[,:;!?](?={_HAN})"
    r"|\((?=[^()\n]{0,80}\p{Han}[^()\n]{0,80}\))"
    r"|(?<=\([^()\n]{0,80}\p{Han}[^()\n]{0,80})\)"
)


def punctuation_wanted(chars: frozenset[str]) -> bool:
    return not {",", ":", ";", "!", "?", "("}.isdisjoint(chars)


def punctuation(text: str) -> Rewrite | None:
    return _sub(_PUNCT_RE, text, lambda m: _PUNCT_MAP[m.group(0)])


# --- corner double quotes -------------------------------------------------------------

# 〝 〞 〟 (U+301D–301F), the double primes of vertical typesetting, stand for “ ” in pages
# converted from print, often mixed with the curly ones: `“零抛荒〞`.
_PRIME_QUOTES = {"〝": "“", "〞": "”", "〟": "”"}
_PRIME_QUOTES_RE = regex.compile("[〝〞〟]")


def prime_quotes_wanted(chars: frozenset[str]) -> bool:
    return not chars.isdisjoint(_PRIME_QUOTES)


def prime_quotes(text: str) -> Rewrite | None:
    return _sub(_PRIME_QUOTES_RE, text, lambda m: _PRIME_QUOTES[m.group(0)])


# --- cross marks ---------------------------------------------------------------------------

# Drafts leave gaps with the crosses of other fonts (`☓☓万元`, `╳╳年`): they are ×, the gap
# marker of FACTS_SPEC §6, one character for one.
_CROSSES = {"☓": "×", "╳": "×"}  # (✕ and ✖ mark items not done, as ✔ marks done ones: `✖2个`)
_CROSSES_RE = regex.compile("[☓╳]")


def crosses_wanted(chars: frozenset[str]) -> bool:
    return not chars.isdisjoint(_CROSSES)


def cross_marks(text: str) -> Rewrite | None:
    return _sub(_CROSSES_RE, text, lambda m: _CROSSES[m.group(0)])


# --- letter-spaced lines ---------------------------------------------------------------

# Some PDFs and pages set every character apart (`内 政 部 103 年 6 月 23 日 召 开`): on a line
# where spaced Han characters far outnumber adjacent ones, the single spaces between Han
# characters and Chinese punctuation go, so names and dates read whole. A line of ordinary
# text with a few spaces (`社区 居委会`, a table's columns) keeps them.
_SPACED_SIDE = r"[\p{Han}《》（）“”‘’，。、；：！？]"
_SPACED_RE = regex.compile(rf"(?<={_SPACED_SIDE})[ \u3000](?={_SPACED_SIDE})")
_TIGHT_RE = regex.compile(r"\p{Han}(?=\p{Han})")
_NEWLINE = regex.compile("\n")
SPACED_MIN = 6          # spaced pairs a line needs …
SPACED_SHARE = 3        # … and this many times as many as its adjacent Han pairs


def spaced_wanted(chars: frozenset[str]) -> bool:
    return " " in chars or "\u3000" in chars


def letter_spacing(text: str) -> Rewrite | None:
    # the spaced pairs are found once over the whole text and counted per line (a line
    # break is on neither side of one); adjacent Han pairs are counted only on the lines
    # that hold spaced pairs, and over the whole text only when a line qualifies
    breaks = [m.start() for m in _NEWLINE.finditer(text)]
    counts: dict[int, int] = {}
    for m in _SPACED_RE.finditer(text):
        k = bisect_right(breaks, m.start())
        counts[k] = counts.get(k, 0) + 1
    if not counts:
        return None

    def bounds(k: int) -> tuple[int, int]:
        return (breaks[k - 1] + 1 if k else 0), (breaks[k] if k < len(breaks) else len(text))

    def tight(k: int) -> int:
        a, b = bounds(k)
        return len(_TIGHT_RE.findall(text[a:b]))

    tights = {k: tight(k) for k, n in counts.items() if n >= SPACED_MIN}
    spaced = [bounds(k) for k in sorted(tights) if counts[k] >= SPACED_SHARE * tights[k]]
    if not spaced:
        return None
    if sum(counts.values()) >= SPACED_SHARE * len(_TIGHT_RE.findall(text)):
        # a document set apart throughout: its short lines (a title, a line's last words) too
        spaced = [bounds(k) for k in sorted(counts) if counts[k] >= SPACED_SHARE * (tights[k] if k in tights else tight(k))]
    starts = [s for s, _ in spaced]

    def repl(m):  # a space inside a spaced line goes
        k = bisect_right(starts, m.start()) - 1
        return "" if k >= 0 and m.start() < spaced[k][1] else None
    return _sub(_SPACED_RE, text, repl)


# --- look-alike characters ---------------------------------------------------------------

# A PDF's text layer may give a Kangxi radical for the character it looks like (地⽅稅務局,
# 109年6⽉: ⽅ U+2F45 for 方, ⽉ U+2F49 for 月), or a radical of the supplement (國⺠); Hong
# Kong writes 衞 where t2s expects 衛. Each becomes its character in Simplified form, one for
# one, after t2s (which judges the script on the text as written).
_KANGXI = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}


@lru_cache(maxsize=1)
def _look_alikes() -> dict[str, str]:
    """look-alike -> its character, in Simplified form (⻑, ⾨: 长, 门), since t2s runs only
    on a text judged Traditional and the spec's text is Simplified."""
    from pipeline.normalize.script import to_simplified_char

    table = {**_KANGXI, **{a: b for a, b in read_tsv("look_alikes.tsv")}}
    return {a: to_simplified_char(b) for a, b in table.items()}


def look_alikes_wanted(chars: frozenset[str]) -> bool:
    return not _look_alikes().keys().isdisjoint(chars)


def look_alikes(text: str) -> Rewrite | None:
    table = _look_alikes()
    return _sub(regex.compile("[" + regex.escape("".join(table)) + "]"), text, lambda m: table[m.group(0)])


# --- ASCII double quotes around Chinese ------------------------------------------------

# Pages typed on a half-width keyboard quote slogans with `"…"`: a pair on one line that
# holds Chinese is “…”, so a quoted name reads the same whatever keyboard typed it.
# A quote glued to a Latin letter, a digit or ASCII punctuation (`5"`, `"abc"`, `("…")`) is left alone.
# (between Chinese words, punctuation or spaces only: `=HYPERLINK("…","点此")` keeps its quotes)
_QUOTE_SIDE = r"[\p{Han}\s]|[^\x00-\x7F\p{L}\p{N}]"
_ASCII_QUOTES_RE = regex.compile(rf'(?:(?<=^|{_QUOTE_SIDE}))"(?=[^"\n]{{0,60}}\p{{Han}})([^"\n]{{1,60}})"(?=$|{_QUOTE_SIDE})')


def ascii_quotes_wanted(chars: frozenset[str]) -> bool:
    return '"' in chars


def ascii_quotes(text: str) -> Rewrite | None:
    return _sub(_ASCII_QUOTES_RE, text, lambda m: "“" + m.group(1) + "”")


# Template pages (范文 sites) break a pair of Chinese quotes into an apostrophe and an opening
# quote: `锚定'两个确保“,围绕'九大战略“`. A `'` before Chinese closed by `“` on the line is “…”.
# Not where the `“` opens a real pair (`“两个确保”` later on the line) or the `'` closes one
# typed with ASCII single quotes (`提出'三个一'工程`: a `'` before it on its line, no `“` between).
_BROKEN_QUOTES_RE = regex.compile(rf"(?:(?<=^|{_QUOTE_SIDE}|[,.;:]))'(?=[^'\"“”\n]{{0,40}}[\p{{Han}}\d])([^'\"“”\n]{{1,40}})“"
                                  r"(?![A-Za-z])(?![^“”\n]*”)")


def broken_quotes_wanted(chars: frozenset[str]) -> bool:
    return "'" in chars and "“" in chars


def _broken_pair(m: regex.Match) -> str | None:
    line_start = m.string.rfind("\n", 0, m.start()) + 1
    prev = m.string.rfind("'", line_start, m.start())
    if prev >= 0 and "“" not in m.string[prev:m.start()]:
        return None  # the `'` closes a pair of ASCII single quotes ('三个一')
    return "“" + m.group(1) + "”"


def broken_quotes(text: str) -> Rewrite | None:
    return _sub(_BROKEN_QUOTES_RE, text, _broken_pair)
