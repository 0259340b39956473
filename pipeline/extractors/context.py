"""What surrounds a fact: the places numbers do not count (names, titles, idioms) and the
subject a figure is about. Shared by the metric and placeholder extractors."""
from __future__ import annotations

from functools import lru_cache

import regex

from pipeline.resources import read_tsv

# A short quoted phrase is a name or a slogan (“两个维护”, “三个一”, “345工作法”): its
# numbers are not counts. A long quotation is speech and keeps them.
MAX_NAME_QUOTE = 15
# a 《title》, whose line may wrap inside it (a PDF's text): one line break, not a blank line
TITLE = r"《[^《》\n]{0,100}(?:\n(?![\n《》])[^《》\n]{0,100})?》"
_QUOTE_RE = regex.compile(rf"“[^“”\n]{{1,{MAX_NAME_QUOTE}}}”|‘[^‘’\n]{{1,{MAX_NAME_QUOTE}}}’|{TITLE}|〈[^〈〉\n]*〉")


@lru_cache(maxsize=1)
def _not_metrics() -> regex.Pattern:
    phrases = [row[0] for row in read_tsv("not_metrics.tsv")]
    # a known formula's number names it (两个统筹, 三个文明: no count of 个), where it stands on its
    # own as the slogans extractor reads it (三个文明村 counts villages)
    formulas = [row[0] for row in read_tsv("slogans.tsv") if row[1] == "formula"]
    return regex.compile(_alternation(phrases) + "|" + standing_alone(formulas))


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def standing_alone(formulas) -> str:
    """A pattern of known formulas where they stand on their own, unquoted: not after a
    numeral or 第 (第三农场, 十三农机), not before a word that makes the formula a count or
    another word (三个文明村, 三农户, 三农普)."""
    return r"(?<![第\d一二两三四五六七八九十百])(?:" + _alternation(formulas) + r")(?![村户场机普镇乡])"


def protected_ranges(text: str) -> list[tuple[int, int]]:
    """Ranges whose numbers are names, titles or idioms, not figures."""
    out = [m.span() for m in _QUOTE_RE.finditer(text)]
    out += [m.span() for m in _not_metrics().finditer(text)]
    return out


# --- subjects ----------------------------------------------------------------------------

# A clause ends at these; a subject never crosses one.
BOUNDARY = "，。；：！？、\n“”（）()《》【】;:,!?"
# Words that end a subject read forward (`78个直属机关党组织全部由…` stops at 全部).
_FORWARD_STOP = regex.compile(
    r"全部|全面|均|都|已|已经|由|在|和|与|及|以及|并|被|将|对|向|为|是|获|获得|达|达到|参加|参与|开展|进行|"
    r"实现|完成|中|里|上|下|等|共|分别|其中|先后|累计|加入|入选|走进|按期|得到|受到|到|从|赴|深入|围绕|的"
)
# Words stripped from the end of a subject read backward (`服务企业725家`, `占比达30.7%`).
_BACKWARD_TRIM = regex.compile(r"(?:共计|共|累计|达到|达|为|是|约|有|超过|近|计|合计|总计|分别|其中|已|先后|突破|冲破|首次)+$")
_BACKWARD_LEAD = regex.compile(
    r"^(?:其中|同时|此外|目前|据统计|截至目前|并|和|及|与|共有|共|累计|先后|已|还|又|为|在|预计|全年|实现|完成|新增"
    # a date before the subject is not part of it: 今年1—8月服务企业725家
    r"|(?:今年|去年|本年|\d{4}年)?(?:\d{1,2}(?:—\d{1,2})?月(?:份)?(?:\d{1,2}日)?)?(?:以来|来)?(?<=.))+")
# units after which the thing counted follows the number (78个直属机关党组织)
_COUNT_UNITS_FORWARD = {"个", "名", "人", "家", "支", "项", "件", "所", "户", "类", "批", "条", "份", "篇"}
MAX_SUBJECT = 14


# a subject is a noun phrase: never a measure word or a rank left over from the figure
# (`名党员` from `1XX名党员`, `级示范点` from a cut `省级`, `个村` from `十几个村`)
_LEAD_MEASURE = regex.compile(r"^[名级个]+")
_HAN = regex.compile(r"\p{Han}")


def subject_of(text: str, start: int, end: int, unit: str | None) -> str | None:
    """What a figure counts or measures, best effort: the words after a measure word
    (`78个直属机关党组织`), else the clause before the figure (`综合办结率99.87%`)."""
    if unit in _COUNT_UNITS_FORWARD:
        raw = _read_forward(text, end, min_len=1)
        if len(raw) == 1 and _HAN.match(raw):
            return raw  # 29个村、3个居委会: a one-character noun up to the clause's end
        after = _clean(raw)
        if after:
            return after
    return _clean(_read_backward(text, start)) or None


def _clean(phrase: str) -> str:
    phrase = _LEAD_MEASURE.sub("", phrase).strip(" \u3000")
    return phrase if len(phrase) >= 2 else ""


# a subject never reaches across another figure: `组织党员31人次参加…举办的7场次` gives the
# second figure `参加…举办的`, not `员31人次参加…`
_DIGIT = regex.compile(r"\d")
# (`35岁以下党员3797名`: the subject is 党员, not 岁以下党员)
_LEFTOVER_UNIT = regex.compile(r"^[ \u3000]*(?:[多余万亿]*(?:人次|场次|批次|周岁|[个名人次件项家场期批条份所户元%岁]"
                               r"|年[底初中末]?|月[底初中末]?|日)(?:以上|以下|以内|左右)?)?[ \u3000]*")


def _boundary_after(rx: regex.Pattern, text: str, pos: int, limit: int) -> int:
    """The first offset in [pos, pos + limit) holding a boundary (a character `rx` matches),
    else pos + limit (at most the text's end): where a walk right from `pos`, character by
    character, stops. One regex call instead of a Python loop over up to `limit` characters
    (a draft with thousands of gaps walked 80 characters around each)."""
    stop = min(len(text), pos + limit)
    m = rx.search(text, pos, stop)
    return m.start() if m else stop


def _boundary_before(rx_back: regex.Pattern, text: str, pos: int, limit: int) -> int:
    """Just after the last boundary in [pos - limit, pos) (`rx_back` is a reverse pattern),
    else pos - limit (at least 0): where a walk left from `pos` stops."""
    lo = max(0, pos - limit)
    m = rx_back.search(text, lo, pos)
    return m.end() if m else lo


_BOUNDARY_RE = regex.compile(f"[{regex.escape(BOUNDARY)}]")
_BOUNDARY_BACK = regex.compile(f"(?r)[{regex.escape(BOUNDARY)}]")


def _read_forward(text: str, pos: int, min_len: int = 2) -> str:
    j = _boundary_after(_BOUNDARY_RE, text, pos, MAX_SUBJECT)
    phrase = text[pos:j]
    d = _DIGIT.search(phrase)
    if d:
        phrase = phrase[:d.start()]
    m = _FORWARD_STOP.search(phrase)
    if m:
        phrase = phrase[:m.start()]
    return phrase if len(phrase) >= min_len else ""


def _read_backward(text: str, pos: int) -> str:
    i = _boundary_before(_BOUNDARY_BACK, text, pos, MAX_SUBJECT + 4)
    phrase = text[i:pos]
    last = None
    for last in _DIGIT.finditer(phrase):
        pass
    if last is not None:
        phrase = _LEFTOVER_UNIT.sub("", phrase[last.end():])
    phrase = _BACKWARD_TRIM.sub("", phrase)
    phrase = _BACKWARD_LEAD.sub("", phrase)
    return phrase[-MAX_SUBJECT:] if len(phrase) >= 2 else ""


def clause_around(text: str, start: int, end: int, limit: int = 40) -> str:
    """The clause that holds [start, end): from the boundary before to the one after."""
    return text[_boundary_before(_CLAUSE_BACK, text, start, limit):_boundary_after(_CLAUSE_RE, text, end, limit)]


_CLAUSE_RE = regex.compile("[。；！？\n，]")
_CLAUSE_BACK = regex.compile("(?r)[。；！？\n，]")
