"""Soft line breaks: a line break that cuts a word, a figure or a date, left by a PDF's
fixed-width lines or a page that puts every styled run on a line of its own.

Two kinds are joined (the break and the spaces around it are dropped; the offsets keep
them, so a fact still spans them in the original):
- a figure or a gap cut from its unit or its 年/月 (`2023\\n年`, `XX\\n亿元`, `5 亿\\n元`),
  in any text, when the unit is one that begins no common word (see SAFE_UNITS);
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

# what may open the line after a figure cut from it: a unit that begins no common word (元,
# 亩, 吨, 人次, 平方米 — not 个, 人, 名, 部, 所, 家: `附件1\n人员名单`, `表3\n组织机构`,
# `企业数量：125\n家庭农场` are a label's number and the next line's own word), a magnitude
# with its unit (`XX\n亿元`, `XX\n亿\n元`), `余` before one, a year's 年 after four digits
# or a gap (`2023\n年`), a month's 月 after a range or when 份 or a clause's end follows
# (`1—10\n月份`; not `附件3\n月度…`)
SAFE_UNITS = ("元", "亩", "斤", "吨", "%", "％", "‰", "人次", "万元", "亿元", "平方米", "平方公里", "公里", "公斤",
              "千克", "立方米", "公顷", "万亩", "万吨", "万斤", "万人次", "岁", "户次", "家次", "美元", "港元")
_BREAK = r"[ \t\u3000]*\n[ \t\u3000\n]*"
_GAP = r"(?<![A-WYZa-wyz])[XxＸｘ×]|[*＊](?<![*＊]{3})"  # (not markdown's `**`… closing a heading)
_MAG_NEXT = r"(?:余?[万亿]{1,2}(?:[ \t\u3000]*\n[ \t\u3000\n]*)?(?:" + "|".join(SAFE_UNITS) + r"))"


@lru_cache(maxsize=1)
def _unit_break() -> regex.Pattern:
    units = "|".join(regex.escape(u) for u in sorted(SAFE_UNITS, key=len, reverse=True))
    figure = rf"(?:[0-9]|{_GAP})"
    return regex.compile(
        # a figure (or a gap), then its unit, its magnitude and unit, 余 and them, or the rest
        # of a compound figure (`18万4,768` cut after 5,717 in `1億5,717\n萬4,800元`)
        rf"(?<={figure}){_BREAK}(?=(?:{units})|{_MAG_NEXT}|余(?:{units})|[万亿]\d)"
        # a magnitude after a figure, then its unit (`XX\n亿\n元`)
        rf"|(?<=(?:[0-9]|{_GAP})[ \t\u3000\n]*[万亿]){_BREAK}(?=(?:{units}))"
        # a year's 年 after four digits or a gap; a month's 月 after a range's end
        rf"|(?<=(?<!\d)(?:19|20)\d{{2}}|(?:19|20)(?:{_GAP}){{1,2}}){_BREAK}(?=年)"
        rf"|(?<=\d[—\-－～~至到]\d{{1,2}}){_BREAK}(?=月(?:份|[，。；、,;\s]))"
        # a gap cut from any measure word or the division it names (`×××\n人`, `××\n市`), a
        # date's gaps cut apart (`×\n月\n××\n日`), a year's last digit left out on the next
        # line (`〔201\n×\n〕`): a page that puts every run on its own line
        rf"|(?<={_GAP}){_BREAK}(?=(?:{GAP_NEXT}))"
        rf"|(?<=(?:{_GAP})[ \t\u3000\n]*[年月]){_BREAK}(?={_GAP})"
        rf"|(?<=(?<!\d)(?:19|20)\d){_BREAK}(?={_GAP})")


# what a gap (not a figure: `附件1\n人员名单`) may be cut from: any measure word, a date's
# parts, a division or a body it names
GAP_NEXT = "|".join(("人", "个", "名", "户", "家", "项", "次", "件", "所", "年", "月", "日", "号", "届", "期", "天",
                     "批", "场", "篇", "条", "座", "省", "市", "区", "县", "镇", "乡", "村", "街道", "〕", "]", "）"))


# how a heading or a list item opens: 一、 （二） (三) 3. 3、 3） ① 第四 【 ■ ●
_HEADING = regex.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．)）](?!\d)"
                         r"|第[一二三四五六七八九十\d]+[、章节部条]|[①-⑳⑴-⒇【■●◆▲□◎★·•—-])")
_PUNCT = regex.compile(r"[，。、；：,;:！？“”]")
_COLUMNS = regex.compile(r"\S(?:[ \u3000]{3,}|\t)\S")
SENTENCE_END = "。！？；：!?;:…"
CLOSERS = "”」』)）】"  # a closing quote or bracket ends a sentence when a sentence's end is inside it
MIN_FULL = 20          # a full line is at least this wide (half-width units: a Han character is 2)
SLACK = 6              # a full line may fall this short of the widest (digits, spaces, a sign kept off a line's start)
MIN_FULL_LINES = 5     # a fixed-width text has at least this many full lines
FULL_SHARE = 0.5       # … which are at least this share of its lines of MIN_FULL or more
MAX_WIDER = 0.1        # … and few lines are wider than they are
PROSE_SHARE = 0.5      # … and at least this share of them hold a comma or a full stop (prose, no list of names)


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
    full = [line.rstrip() for line, w in zip(lines, widths) if best - SLACK <= w <= best]
    # full lines end mid-sentence: a list of equal lines each closing its sentence is no wrap;
    # and they are prose, with commas and full stops: a list of names or a table's rows is none
    cut = sum(1 for line in full if not _closes_sentence(line))
    prose = sum(1 for line in full if any(c in line for c in "，。、；,;"))
    return best if 2 * cut >= best_n and prose >= PROSE_SHARE * len(full) else None


def _closes_sentence(line: str) -> bool:
    """The line ends a sentence: 。 or ！, or a closing quote or bracket right after one (…。”)."""
    end = line.rstrip(CLOSERS)
    return end.endswith(tuple(SENTENCE_END)) and (end == line or end[-1] in SENTENCE_END)


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
        if not full - SLACK <= _width(line) <= full or _closes_sentence(line) or _COLUMNS.search(line):
            continue  # (a line wider than the band is a caption or a title, no wrapped line)
        if not _PUNCT.search(line):
            continue  # a line with no comma or stop at all is a heading or a name more often than prose
        if _HEADING.match(text, m.end()) or _HEADING.match(line):
            continue  # the next line opens a heading or an item; a heading line stands alone
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
