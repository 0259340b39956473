"""Soft line breaks: a line break that cuts a word, a figure or a date, left by a PDF's
fixed-width lines or a page that puts every styled run on a line of its own.

Two kinds are joined (the break and the spaces around it are dropped; the offsets keep
them, so a fact still spans them in the original):
- a figure or a gap cut from its unit or its 年/月 (`2023\\n年`, `XX\\n亿元`, `5 亿\\n元`),
  in any text: a line never ends on a bare figure whose unit opens the next;
- the end of a full line of a fixed-width text (most lines equally wide, mid-sentence at
  their ends), unless it closes a sentence or the next line opens a heading
  (`一、`, `（二）`, `3.`).
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import regex

from pipeline.normalize.offsets import Rewriter
from pipeline.resources import read_tsv

# what a number's unit or a date's next word may open with (units.tsv, plus 年 月 日 号, the
# magnitudes and 余)
_DATE_WORDS = ("年", "月", "日", "号", "万", "亿", "千", "百", "余")  # (XX\n余万元: 余 before the magnitude)
_BREAK = r"[ \t\u3000]*\n[ \t\u3000\n]*"
# a figure, a decimal point, a draft's gap marker or a magnitude before the break
_FIGURE_END = r"(?:[0-9０-９]|(?<![A-WYZa-wyz])[XxＸｘ×*＊]|(?<=[0-9XxＸｘ×*＊][ \u3000\n]*)[万亿])"

# how a heading opens: 一、 （二） (三) 3. 3、 第四 【 ■ ●
_HEADING = regex.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)"
                         r"|第[一二三四五六七八九十\d]+[、章节部条]|[【■●◆▲□◎★·•—-])")
_COLUMNS = regex.compile(r"\S(?:[ \u3000]{3,}|\t)\S")
SENTENCE_END = "。！？；：!?;:…”」』)）】"
MIN_FULL = 20          # a full line is at least this wide (half-width units: a Han character is 2)
SLACK = 6              # a full line may fall this short of the widest (digits, spaces, a sign kept off a line's start)
MIN_FULL_LINES = 4     # a fixed-width text has at least this many full lines
FULL_SHARE = 0.5       # … which are at least this share of its lines of MIN_FULL or more
MAX_WIDER = 0.1        # … and few lines are wider than they are


@lru_cache(maxsize=1)
def _unit_break() -> regex.Pattern:
    units = {row[0] for row in read_tsv("units.tsv") if row[0] and not row[0].isascii()}
    starts = sorted(units | set(_DATE_WORDS) | {"%", "％", "‰"}, key=len, reverse=True)
    alt = "|".join(regex.escape(u) for u in starts)
    return regex.compile(rf"(?<={_FIGURE_END}){_BREAK}(?=(?:{alt}))")


def wanted(chars: frozenset[str]) -> bool:
    return "\n" in chars


def _width(line: str) -> int:
    """Display width: a Chinese character or a full-width sign 2, ASCII 1 (GB18030's bytes,
    counted in C)."""
    return len(line.encode("gb18030", "replace"))


def _full_width(lines: list[str]) -> int | None:
    """The width of a fixed-width text's full lines, or None when the text is no such text."""
    # a table's row (columns set apart by runs of spaces or tabs) is no line of prose
    widths = [0 if _COLUMNS.search(line) else _width(line.rstrip()) for line in lines]
    wide = [w for w in widths if w >= MIN_FULL]
    if len(wide) < MIN_FULL_LINES:
        return None
    counts = Counter(wide)
    best, best_n = None, 0
    for w in sorted(counts, reverse=True):  # the widest band that holds the most lines
        n = sum(k for v, k in counts.items() if w - SLACK <= v <= w)
        if n > best_n:
            best, best_n = w, n
    if best_n < MIN_FULL_LINES or best_n < FULL_SHARE * len(wide):
        return None
    if sum(1 for w in wide if w > best) > MAX_WIDER * len(wide):
        return None  # paragraphs wider than the band: its lines are headings or a page's titles
    # full lines end mid-sentence: a list of equal lines each closing its sentence is no wrap
    cut = sum(1 for line, w in zip(lines, widths) if best - SLACK <= w <= best
              and not line.rstrip().endswith(tuple(SENTENCE_END)))
    return best if 2 * cut >= best_n else None


def _wrap_breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line break (with its spaces) that ends a full line of a
    fixed-width text mid-sentence."""
    lines = text.split("\n")
    if len(lines) < MIN_FULL_LINES:
        return []
    nonblank = [line for line in lines if line.strip()]
    full = _full_width(nonblank)
    if full is None:
        return []
    # a text that puts a blank line between all its lines (a PDF saved with double spacing)
    # breaks its lines with two newlines; an indented next line opens a paragraph
    double = len(regex.findall(r"\n[ \t\u3000]*\n", text))
    blank_between = double >= 0.8 * (len(nonblank) - 1)
    sep = r"[ \t\u3000]*\n(?:[ \t\u3000]*\n)?" if blank_between else r"[ \t\u3000]*\n"
    out = []
    for m in regex.finditer(rf"(?m)^(.*\S)({sep})(?=\S)", text):
        line = m.group(1)
        if _width(line) < full - SLACK or line.endswith(tuple(SENTENCE_END)) or _COLUMNS.search(line):
            continue
        if _HEADING.match(text, m.end()):
            continue
        out.append(m.span(2))
    return out


def join(text: str):
    """Drop soft line breaks (see the module's docstring); None when there is none."""
    spans = sorted({m.span() for m in _unit_break().finditer(text)} | set(_wrap_breaks(text)))
    if not spans:
        return None
    merged: list[list[int]] = []
    for s, e in spans:  # a break both kinds found, counted once
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    rw = Rewriter(text)
    rw.replace_each([(s, e, "") for s, e in merged])
    new_text, alignment = rw.finish()
    return new_text, alignment, rw.count
