"""Placeholders (FACTS_SPEC §6): gaps a draft left for a figure, name or date —
`*人`, `*%`, `XX个`, `×××同志`, `2024年*月`, `*多个` — and `missing_value`, a figure word
whose figure was never typed (`占比“四星级”党组织`, `共件`, `基金 万元`, `下辖个行政村`,
`离县城公里`, `20  年  月  日`). Gaps inside figures (`X.X亿元`, `3.X亿元`, `xx0.9%`, `20XX年`),
ranges (`x-x位`) and before a division, body, title or ethnic group (`**区`, `XX集团`,
`X 书记`, `X 族`) count too.
One detector for the extraction and for `zhfacts check`.

Tuned for precision: a marker counts when what follows it (a unit, %, 月/日) or what
surrounds it (尊敬的, 同志) shows a value is missing. `7?9` is a lost `·` (fixed before
this stage), and `□本报记者` is a newspaper's byline bullet, not a gap.
"""
from __future__ import annotations

import itertools
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import regex
from spacy.language import Language

from pipeline.extractors.context import clause_around, subject_of
from pipeline.extractors.metrics import UNIT_THEN_WORD, after_slash, magnitude, units
from pipeline.extractors.spans import HITS_KEY, set_group
from pipeline.segment import dictionary_word, text_of

# gap markers, one or more. A lowercase x run right after an upper-case acronym
# (`GDPxxxx万元`) is a gap too; `_hit` keeps it only before a unit or %
_LATIN_X = r"|(?<=[A-Z]{2})x+(?![A-Za-z])"
MARKER = (r"(?<![-*+] )\[[XxＸｘ*＊×]{1,4}\]|［[XxＸｘ*＊×]{1,4}］|【[XxＸｘ*＊×]{1,4}】|[*＊]+|(?<![A-Za-z])[XxＸｘ]+(?![A-Za-z])" + _LATIN_X + r"|×+|□+|[○〇]{2,}|某某|[?？]|_{2,}|＿{2,}"
          r"|（\s*）|\(\s*\)|\[\s*\]|【\s*】"
          # a template's described blank: an ellipsis in square brackets (〔...〕乡, [...]), or what to
          # write there (`[具体月份]`, `[某个节假日]`, `[公司名称]`), as drafts from a language model put it
          r"|[\[［〔](?:[.．。·]{2,6}|…{1,3})[\]］〕]|[\[［](?:具体|某个?|填写|请填写|此处)\p{Han}{0,8}[\]］]"
          r"|[\[［]\p{Han}{1,6}(?:名称|姓名|数字|数据|数量|金额|月份|日期|时间|年份)[\]］]")
# what a described blank asks for, by the words inside it
_DESCRIBED = regex.compile(r"[\[［〔](?:[.．。·]{2,6}|…{1,3}|\p{Han}{1,10})[\]］〕]")
_DESCRIBED_DATE = regex.compile(r"[年月日]|时间|日期|节假日|季度")
_DESCRIBED_NUMBER = regex.compile(r"数字|数据|数量|金额|人数|个数|次数")
# a figure with a gap in it: `X.X`, `xx.51`, `20XX` (year), `二00*` (二〇〇*), `1XX`, `xx0.9`
# (`[X]%`, `【XX】个`: a marker in square brackets, as templates written by a language model put it)
_BRACKETED = r"(?<![-*+] )\[[XxＸｘ*＊×]{1,4}\]|［[XxＸｘ*＊×]{1,4}］|【[XxＸｘ*＊×]{1,4}】|[（(][*＊]{1,4}[)）](?=[\p{Han}%％])"  # (not `- [x] 完成`: a task list)
_FIG_MARK = r"[*＊]+|(?<![A-Za-z])[XxＸｘ]+(?![A-Za-z])" + _LATIN_X + r"|×+|_{2,}|＿{2,}|" + _BRACKETED + \
    r"|(?<![A-Za-z_])(?<![A-Za-z]\d)_(?=多|余|[\p{Han}%％〕])"  # (20__年: a blank line; `近_公里`, `20_年`, `〔20_〕`: one stroke of it)
# (`1.X亿元`, `2.x%`: the decimals left out)
# (`3万X千元`: the figure's 万 written, its thousands left out)
_ONE_FIG = (rf"(?:(?<!\d)(?:19|20)\d?[ \u3000](?=[XxＸｘ*＊×_＿])|\d{{1,3}}|[一二][0〇○零]{{1,2}}|\d{{1,4}}[.．]|\d{{1,4}}[万亿](?=(?:{_FIG_MARK})[千百]))?(?:{_FIG_MARK})\d{{0,4}}"
            rf"(?:[.．](?:[*＊XxＸｘ×]+|\d{{1,4}}))?")
# a range with both ends left out is one gap: `前移x-x位`, `x-x月`, `XX至XX个`
GAP_FIGURE = rf"(?:(?:{_ONE_FIG})[-–－—～~至到])?{_ONE_FIG}"  # (x–x月: an en dash the page kept)
# a range of percentages with the % at both ends and a gap at least in the last: `X%至X%`,
# `x%-x%`, `10%至X%` are one gap (the figure `10%` is half a range, no metric)
_PCT_RANGE = rf"(?:(?:{_ONE_FIG})|\d{{1,3}}(?:\.\d+)?)[%％‰][-—～~至到](?=(?:{_ONE_FIG})[%％‰])"
# what a gap figure starts with (only a test, it takes nothing): its first marker within six
# characters (`_ONE_FIG` puts five at most before it), or a percentage (`10%至X%`). Without
# it every digit of a text full of figures (`2024年3月2024年3月…`) tried all of them.
_FIG_START = r"(?=.{0,5}[*＊XxＸｘ×_＿]|\d{1,3}(?:\.\d+)?[%％‰])"
# (`20 xx年`: a year typed with a space before the part left out is one gap)
# smaller places after a gap's magnitude, as in a figure (numbers.parse_compound): `X万X千元`
# (three places at most, as there: a longer run is no figure and would be rescanned)
_GAP_PLACES = r"(?:(?:\d|[*＊XxＸｘ×]{1,4})[千仟百佰十拾]){0,3}(?:(?<=[千仟百佰十拾])[万萬])?"
NAME_BEFORE = ("尊敬的", "致", "姓名：", "联系人：", "责任人：", "主持人：", "报告人：", "姓名:", "联系人:")
NAME_AFTER = ("同志", "先生", "女士", "书记", "主任", "局长", "部长", "县长", "市长", "处长", "科长", "委员",
              "镇长", "乡长", "区长", "省长", "厅长", "校长", "经理", "董事长",
              # more titles met in drafts: `X副书记`, `XX院长`, `X老师`
              "副书记", "副主任", "副局长", "副部长", "副县长", "副市长", "副镇长", "副乡长", "副区长", "副处长",
              "副科长", "副院长", "副校长", "副经理", "副主席", "院长", "所长", "站长", "队长", "组长", "会长", "社长", "行长", "馆长", "庭长", "主席",
              "专干", "干事", "村长", "支书", "秘书长", "老师", "教授", "医生", "律师")
# a gap before a division or body is the name of one: `*市`, `**区`, `X县`, `**公司`, `XX街道`
# a magnitude with no unit after a gap (安排x万医改资金, 人口 XX 万)
_BARE_MAGNITUDE = regex.compile(r"[ \u3000]?[万亿萬億]")
# divisions counted after 辖 (现辖 XX 镇 XX\n乡 XX 场): the kinds a county or town is made of
_COUNTED_DIVISIONS = regex.compile(r"[ \u3000\n]?(?P<div>镇|乡|街道|村|社区|场|个村委会|个行政村|个社区)")
_DIVISION_AFTER = regex.compile(
    r"[ \u3000]?(?:省|自治区|市(?![场民值])|区(?![域间别])|县(?![域级])|旗|镇(?![村])|乡(?![村亲土])|街道|社区|村(?![民级])"
    r"|公司|集团|企业|单位|学校|小学|中学|大学|学院|医院|中心|协会|商会|银行|合作社|开发区|园区|工业园|基地"
    r"|党委|党工委|党组|党支部|党总支|支部|局|厅|委员会|办公室|部门|项目|工程|酒店|宾馆|厂|站|所|国道|省道|县道"
    r"|族(?!群体|谱))")  # `X 族 XX 人`: an ethnic group left out
DATE_AFTER = ("月", "日", "号")
_CLAUSE_END = "，。；、,;）)\n"
_CLAUSE_OPEN = "，。；,;：:（(\n \u3000"
CN_DIGITS = "零〇一二两三四五六七八九十"
# after 占比 these words are prose, not a lost figure (占比较高, 占比逐年提升)
_RATIO_PROSE = set("较过很最逐明大提增下上进持稳不有达为约超近是")
# a gap after these counts years (`连续X年`, `X年来`), not a calendar year
_YEARS_BEFORE = ("连续", "近", "历时", "用", "经过", "满", "第", "前")
_YEARS_AFTER = ("来", "以来", "多", "间", "内", "时间", "左右", "以上", "之久")  # `xx年左右的努力`


@dataclass
class PlaceholderHit:
    start: int
    end: int
    kind: str
    unit: str | None
    subject: str | None
    context: str


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


# units a template asks for that are not metrics' units (`年平均气温 XX 度`)
_EXTRA_UNITS = {"度": "度", "毫米": "毫米", "毫升": "毫升", "周年": "周年",
                "分钟": "分钟", "小时": "小时"}  # (`全程只需x分钟`: a time asked for, no score of 分)


# a gap's unit as the metrics' canonical one, but for a span of months: X个月 asks for a number of
# months, not a month (X月, a date gap), as every reader kept it (个月, 2 of 2)
_GAP_UNIT = {"个月": "个月", "個月": "个月"}


# what asks for a bare figure: a ratio stated (生师比为 XX), a run of good years (XX连丰, X连增)
_RATIO_BEFORE = ("比为", "比是", "比达", "比达到")
_SERIES_AFTER = regex.compile(r"连(?:丰|增|冠|胜|涨|降)")


def _unit(word: str) -> str:
    if word in _GAP_UNIT:
        return _GAP_UNIT[word]
    return units()[word][0] if word in units() else _EXTRA_UNITS.get(word, word)


@lru_cache(maxsize=1)
def _pattern() -> regex.Pattern:
    # a figure with a gap, then 多/余, a magnitude (not the 千 of 千米), a space at most, and a
    # unit, % or ‰;
    # or any other marker (brackets, □, 某某, ?) with what follows it
    return regex.compile(
        # a one-character test first: the engine then skips every other position quickly
        rf"(?=[\d一二*＊XxＸｘ×□○〇某?？_＿（(\[【［〔])(?:(?P<fig>{_FIG_START}(?:{_PCT_RANGE})?{GAP_FIGURE})|(?P<marker>{MARKER}))(?P<more>多|余)?(?P<mag>[ \u3000]?(?:{magnitude()}){{1,2}}{_GAP_PLACES}(?=(?:余|多)?[ \u3000]?(?:{_alt(units())}|[%％‰])))?(?(mag)(?:余|多)?)"
        rf"(?:[ \u3000]?(?:(?P<pct>[%％‰])|(?P<unit>{_alt([*units(), *_EXTRA_UNITS])})))?")


_RATIO_RE = regex.compile(r"占比|比例为|比重为")
_RATE_LATER = regex.compile(r"[^，。；;,、\n%％]{0,16}?[\dXxＸｘ×*＊_＿]+(?:[.．][\dXxＸｘ×*＊]+)?[ \u3000]?[%％]")
_ANY_MARKER_RE = regex.compile(MARKER)


def find(text: str) -> list[PlaceholderHit]:
    stars_named = _stars_name_places(text)
    strokes = "_" in text and len(_ONE_STROKE.findall(text)) >= STROKE_DRAFT
    matches = list(_pattern().finditer(text))
    hits = [h for m in matches if (h := _hit(m, text, stars_named, strokes)) is not None]
    if not stars_named and any(text[h.start] in "*＊" for h in hits) and not _BOLD_LINE.search(text) \
            and not _BOLD_PHRASE.search(text):
        # a draft that leaves figures out with stars (**%, *人) and sets no heading in bold
        # leaves names out with them too (**深入贯彻…, 引进了**公司): its matches read again
        hits = [h for m in matches if (h := _hit(m, text, True, strokes)) is not None]
    hits += _missing_values(text, hits)
    if "<" in text or "〈" in text or "【" in text:
        hits += _bracketed_marks(text, hits)
    if len(hits) >= 2:
        hits += _lone_letters_in_draft(text, hits)
    hits = [h for h in hits if not _divider(text, h)]
    if "/" in text or "-" in text or "." in text:
        hits = _whole_gaps(text, hits, _SLASHED_DATE_GAP, "date")
    if "," in text:
        hits = _whole_gaps(text, hits, _GROUPED_FIGURE, "number")
    hits.sort(key=lambda h: h.start)
    hits = [part for h in hits for part in _name_range(text, h)]
    return [_whole_date(text, h) for h in _merge_dates(text, hits)]


# a gap's marker run that took the digits of a full year after it (**2023年)
_WRITTEN_YEAR_AFTER = regex.compile(r"([*＊XxＸｘ×]{2,4})(?:19|20)\d{2}")

# a date written with slashes (dashes, dots), some of its figures left out: 201X/X/XX, 2024/x/x, 20XX.XX.XX
_SLASHED_DATE_GAP = regex.compile(r"(?<![\dA-Za-z/.\-])(?:19|20)[\dXx*＊]{2}([/.\-])[\dXx*＊]{1,2}\1[\dXx*＊]{1,2}(?![\dA-Za-z/.\-])")


# a figure left out with its thousands written (总户数*,***户, 总人口*,**人)
_GROUPED_FIGURE = regex.compile(r"(?<![*＊,\d])[*＊]{1,3}(?:,[*＊]{2,3})+(?![*＊\d])")


def _whole_gaps(text: str, hits: list[PlaceholderHit], pattern: regex.Pattern, kind: str) -> list[PlaceholderHit]:
    """Each match of `pattern` that holds a marker is one gap of `kind`, in place of the
    gaps found inside it: `201X/X/XX` is one date left out (as `20XX年X月X日` is), `*,***`
    one figure with its thousands separator kept (its stars are no names)."""
    for m in pattern.finditer(text):
        if any(c in "Xx*＊" for c in m.group()):
            s, e = m.span()
            hits = [h for h in hits if h.end <= s or h.start >= e]
            subject = subject_of(text, s, e, None) if kind == "number" else None
            hits.append(PlaceholderHit(s, e, kind, None, subject, clause_around(text, s, e)))
    return hits


_NAME_RANGE = regex.compile(r"([XxＸｘ×*＊]+)(?:至|到)([XxＸｘ×*＊]+)")


def _name_range(text: str, h: PlaceholderHit) -> list[PlaceholderHit]:
    """`从xx到xx`, `xx至xxxx公路`: two places left out, not one figure's range (a range of
    figures asks for a unit after it; a name range has none)."""
    m = _NAME_RANGE.fullmatch(text, h.start, h.end) if h.kind == "name" else None
    if m is None:
        return [h]
    return [PlaceholderHit(a, b, "name", None, None, clause_around(text, a, b)) for a, b in (m.span(1), m.span(2))]


# what a gapped year may go on with and still be the one date left out: 20xx年度, xx年底,
# ××年上半年 (a half of a year not written is no date either), 20xx年4月 (a month of it)
# (spaces between the parts, as a form's `XX 年 1 月 6 日`; a range of days in one month or
# two, `XX年4月1日至4月4日`; months, `20xx年1-6月份`; a holiday, `20xx年元旦`; a day in numerals, `xx年六月八日`)
_YEAR_GOES_ON = regex.compile(r"第?[一二三四1-4]季度|[春夏秋冬]季(?:学期)?|[春秋]学期|[上下]期|元旦|春节|国庆"
                            r"|[ \u3000]*\d{1,2}[ \u3000]*[—\-－~～至到][ \u3000]*\d{1,2}[ \u3000]*月(?:份|底)?"
                            r"|[ \u3000]*\d{1,2}[ \u3000]*月(?:[ \u3000]*\d{1,2}[ \u3000]*[日号]"
                            r"(?:[至—\-－~～到](?:\d{1,2}月)?\d{1,2}[日号])?"
                            r"|(?:份|底|初|末|[上中下]旬)?(?:[—\-－~～至到]\d{1,2}月(?:份|底|[上中下]旬)?)?)"
                            r"|(?:十[一二]?|[一二三四五六七八九])月(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"  # xx年六月八日
                            r"|元月(?:份|底|初)?")  # 20xx年元月: January of a year left out


# what a gapped month may go on with: `xx月底`, `x-xx月份`, `X月中旬` are one date left out
_MONTH_GOES_ON = regex.compile(r"份|底|初|末|[上中下]{1,2}旬|[ \u3000]*[_＿]{1,4}[ \u3000]*[日号]")  # (x月中下旬; a form's `_月_日`)


# a year written in full (or this year's name) right before a date gap that opens with its
# month (2014年*月*日, 今年X月X日)
_YEAR_BEFORE = regex.compile(r"(?r)(?:(?<![\d])(?:19|20)\d{2}[ \u3000]?年|今年|本年|去年|明年)[ \u3000]?")


_MONTH_BEFORE = regex.compile(r"(?r)(?<![\d年])(?:1[0-2]|0?[1-9])[ \u3000]?月[ \u3000]?")
_YEAR_MONTH_BEFORE = regex.compile(r"(?r)(?<![\d])(?:19|20)\d{2}[ \u3000]?年[ \u3000]?\d{1,2}[ \u3000]?月[ \u3000]?")


def _with_written_year(text: str, h: PlaceholderHit) -> PlaceholderHit:
    """`2014年*月*日`, `2014年8月*日`: the date to fill in is the whole date, its written year
    (and month) included (§6: `2024年*月`)."""
    if h.kind != "date" or "年" in text[h.start:h.end] or not h.start:
        return h
    day_gap = "月" not in text[h.start:h.end]
    m = (_YEAR_MONTH_BEFORE if day_gap else _YEAR_BEFORE).match(text, max(0, h.start - 12), h.start)
    if m is None and day_gap:
        m = _MONTH_BEFORE.match(text, max(0, h.start - 4), h.start)  # 8月x日
    if m is None:
        return h
    return PlaceholderHit(m.start(), h.end, h.kind, h.unit, h.subject, clause_around(text, m.start(), h.end))


def _whole_date(text: str, h: PlaceholderHit) -> PlaceholderHit:
    """A date gap ending in 年 or 月 spans the whole date expression (`20xx年1-6月`, `xx年元旦`,
    `xx月底`) — but a gapped year ends at its 年 before 度, 底, 末, 初 and a half (`20xx年|度`,
    `××年|上半年`), as 14 of 15 such gaps in the field's gold are spanned."""
    h = _with_written_year(text, h)
    if h.kind != "date" or not text.endswith(("年", "月"), h.start, h.end):
        return h
    m = (_YEAR_GOES_ON if text[h.end - 1] == "年" else _MONTH_GOES_ON).match(text, h.end)
    return h if m is None else PlaceholderHit(h.start, m.end(), h.kind, h.unit, h.subject,
                                              clause_around(text, h.start, m.end()))


def _merge_dates(text: str, hits: list[PlaceholderHit]) -> list[PlaceholderHit]:
    """One date left out is one gap (§6: a gap where a date must be filled in): `X月X日`,
    `202x年x月x日`, `20××年××月`, and a form's `20  年  月  日` are each a single date gap,
    the way `x-x月` and `X.X亿元` are single gaps though they hold two markers. Date parts are
    joined when nothing but spaces stands between them; `X月X日至X月X日` stays two dates."""
    out: list[PlaceholderHit] = []
    for h in hits:
        last = out[-1] if out else None
        between = text[last.end:h.start] if last is not None and last.end <= h.start else None
        if last is not None and last.kind == h.kind == "date" and between is not None \
                and ((not between.strip(" \u3000") and text[last.end - 1] in "年月")
                     or _range_of_one_date(text, last, h, between)):
            s, e = last.start, h.end
            out[-1] = PlaceholderHit(s, e, "date", None, None, clause_around(text, s, e))
        else:
            out.append(h)
    return out


# between two date gaps of one range: a joiner, perhaps after the first one's day left bare
_DATE_RANGE_BETWEEN = regex.compile(r"[ \u3000]*(?P<day>[_＿*＊xX×]{1,3})?[ \u3000]*[至—\-－～~到][ \u3000]*")


def _range_of_one_date(text: str, last: PlaceholderHit, h: PlaceholderHit, between: str) -> bool:
    """`2014年*月*日至*日`, `20__年_月_—_月_日`: a span of days whose second end is a bare day,
    or whose first end's day stands without its 日, is one date to fill in (`X月X日至X月X日`,
    two whole dates, stays two)."""
    m = _DATE_RANGE_BETWEEN.fullmatch(between)
    if m is None:
        return False
    return "月" not in text[h.start:h.end] or m["day"] is not None


_STAR_RUN = regex.compile(r"(?<![*＊])[*＊]{2,3}(?![*＊])")


STAR_LIST = 3  # runs of stars after 、 that make a list of names left out
# a line that opens with a phrase in markdown's bold (**一、总体情况**, 1. **确定范围：**…)
_BOLD_PHRASE = regex.compile(r"[*＊]{2}[^*＊\n，。；,;“”、]{3,30}[*＊]{2}")  # **我们的工厂**: bold (not **在**: two gaps, nor a phrase with an unclosed quote)
_BOLD_LINE = regex.compile(r"(?m)^[ \t\u3000#>\-+\d.、]*[*＊]{2}[^*＊\n]{1,40}[*＊]{2}")
_CLOSED_BOLD = regex.compile(r"[^、，。；,;\n*＊]{1,30}[*＊]{2}")


def _stars_name_places(text: str) -> bool:
    """Does the draft leave names out with stars (`**镇党委`, `**村7组`)? Then its other
    two- and three-star runs among Chinese words are names too (`入驻**，`, `促进**的发展`),
    not markdown's bold."""
    if "**" not in text and "＊＊" not in text:
        return False
    runs = list(_STAR_RUN.finditer(text))
    if any(_DIVISION_AFTER.match(text, m.end()) for m in runs):
        return True
    # runs that are items of a list (**钢铁集团、**实业、**钢构、**管桩), each left open: bold
    # items (**产业发展**、**基础设施**) close their stars before the next 、
    return sum(1 for m in runs if m.start() and text[m.start() - 1] == "、" and _HAN.match(text, m.end())
               and not _CLOSED_BOLD.match(text, m.end())) >= STAR_LIST


def _star_name(core: str, prev_c: str, next_c: str) -> bool:
    """Two or three stars between Chinese words (or a word and punctuation), in a draft
    whose stars name places."""
    if not 2 <= len(core) <= 3 or core.strip("*＊") or next_c in _AFTER_MASKED_DANG:
        return False
    han_prev, han_next = bool(_HAN.match(prev_c)), bool(_HAN.match(next_c))
    return (han_prev or prev_c in _CLAUSE_OPEN + "“、—") and (han_next or next_c in _CLAUSE_END + "”")


# a draft whose blanks are single strokes (`考生_人，上线率为_%，_年初`): this many strokes
# before %, a year or a unit (never a page title's `_人民政府`, `_年度报告`, `_名单`, `_个人`)
# make every stroke before a word a blank
STROKE_DRAFT = 4
_ONE_STROKE = regex.compile(r"(?<![A-Za-z0-9_.])_(?:[%％]|年(?!度报)|[人名个所次项元户家件分](?![民单人员工]))")


def _hit(m: regex.Match, text: str, stars_named: bool = False, strokes: bool = False) -> PlaceholderHit | None:
    s, e = m.span()
    marker = m.group("fig") or m.group("marker")
    mend = m.end("fig") if m.group("fig") else m.end("marker")
    before, after = text[max(0, s - 4):s], text[mend:mend + 4]
    # the text's edges count as line breaks ("" would be `in` every string below)
    prev_c = text[s - 1] if s else "\n"
    next_c = text[mend] if mend < len(text) else "\n"
    # the marker without the figure's digits (`xx0.9` -> `xx`); a run of ○ is all marker
    core = marker.strip("0123456789.．〇○零一二") or marker
    if _DESCRIBED.fullmatch(marker):
        inside = marker[1:-1]
        following = text[mend:mend + 3].lstrip(" \u3000")
        if following[:1].isdigit() or following[:1] in ":：" or not following:
            return None  # [发布时间] 2024-05-01, [信息来源]：: a page's label with its value; a text's end
        if not inside.strip(".．。·…") and (not _HAN.match(following[:1] or " ") or text.rfind("“", 0, s) > text.rfind("”", 0, s)):
            return None  # …乡村振兴 [...] (a page's "read more"), “我们要[…]坚持”: an omission, no name left out
        kind = "date" if _DESCRIBED_DATE.search(inside) else "number" if _DESCRIBED_NUMBER.search(inside) else "name"
        unit, end = None, mend
        if kind == "number" and m.group("pct"):
            kind, unit, end = "percent", "%", e  # [具体数字]%
        elif kind == "number" and m.group("unit"):
            unit, end = _unit(m.group("unit")), e  # [具体数字]万元: the unit after the blank
        subject = subject_of(text, s, end, unit) if kind in ("number", "percent") else None
        return PlaceholderHit(s, end, kind, unit, subject, clause_around(text, s, end))
    if _masked_word(core, prev_c) and not (m.group("pct") or (m.group("unit") and not _HAN.match(text, e))):
        return None
    if prev_c.isascii() and prev_c.isalpha() and not (m.group("unit") or m.group("pct")):
        return None  # `GDPxx` with nothing after: an identifier, not a gap
    if core in ("**", "＊＊") and text[mend:mend + 1] in " \u3000" and _bold_edge(text, s, mend):
        return None  # `**确定范围：** 首先…`: markdown's bold closed before a space, no figure left out
    if marker[0] == "□" and after.startswith(("本报", "记者", "通讯员")):
        return None  # a newspaper's byline bullet
    if marker in "?？" and not (m.group("unit") or m.group("pct")):
        return None  # a question mark, unless a number is missing before a unit (共?个)
    if marker[0] in "○〇" and (prev_c in CN_DIGITS or next_c in CN_DIGITS):
        return None  # 二〇〇〇年
    if "×" in marker and "××" not in marker and (prev_c.isdigit() or any(c.isdigit() for c in marker)) \
            and not (_DECADE_GAP.fullmatch(marker) and next_c in "年〕]）)】"):
        return None  # 3×5, 5×24小时: a product (one ×); `20××年`, `〔201×〕` are gaps
    if marker[0] in "?？×" and prev_c.isdigit():
        return None
    unit_word = m.group("unit")
    if text.endswith("百分之", 0, s) and not any(c.isdigit() for c in marker):
        # 增长百分之X, 占比百分之__: a rate written in words, its figure left out (the span takes 百分之)
        return PlaceholderHit(s - 3, mend, "percent", "%", subject_of(text, s - 3, mend, "%"), clause_around(text, s - 3, mend))
    if unit_word == "只" and text.startswith(tuple("需要有是能用在会得可"), e):
        unit_word, e = None, mend  # `xx到xx只需`: 只 is "only", no count of animals
    if unit_word in ("方", "部", "双") and text.startswith(UNIT_THEN_WORD[unit_word], e):
        unit_word, e = None, mend  # `某某方案`, `XX部门`: the measure word opens another word (as for metrics;
        # 个's entries there, `X个多月`, `XX个亿`, are spans and magnitudes a gap still counts)
    if core in ("_", "＿") and text.startswith("第", mend):
        return None  # `总结_第1页`: a page's name and its number, no blank
    if core in ("_", "＿") and text.startswith(("人民", "年度报告"), mend):
        return None  # `总结_人民政府网`, `信息公开_年度报告`: a page title's separator, even in a stroke draft
    if core in ("_", "＿") and not strokes and not (_CALENDAR_YEAR_GAP.fullmatch(marker) or _LEVEL_AFTER.match(text, mend)
                                    or ((unit_word or m.group("pct") or m.group("mag"))
                                        and (before.endswith(_FIGURE_CUES) or not _HAN.match(text, e)
                                             or len(unit_word or "") >= 2))):
        # one stroke is a blank only for a year's figures, before a level word, or before a unit
        # that closes the figure or is a measure (`近_公里，`, `_公里路面`): a page title's separator (`总结_人民政府网`,
        # `信息公开_年度报告`, `总结_医院`) is no blank
        return None
    school_year = _SCHOOL_YEAR.match(text, s) if m.group("fig") else None
    if school_year is not None and school_year.end() >= mend:
        # `20xx届`, `20xx学年`, `20XX级`: a class or school year left out is a date, not a count
        return PlaceholderHit(s, school_year.end(), "date", None, None, clause_around(text, s, school_year.end()))
    year = _WRITTEN_YEAR_AFTER.fullmatch(marker) if unit_word == "年" else None
    if year is not None and _BOLD.match(text, s):
        return None  # `**2023年工作总结**`: markdown's bold heading, no gap
    if year is not None:
        # `提交**2023年年初的会议`: a name left out, then a year written in full
        return PlaceholderHit(s, s + year.end(1), "name", None, None, clause_around(text, s, s + year.end(1)))
    if m.group("pct"):
        kind, unit = "percent", ("‰" if m.group("pct") == "‰" else "%")
    elif unit_word and not _division_name(text, marker, mend, unit_word):
        unit = _unit(unit_word)
        kind = "number"
        if unit_word in DATE_AFTER:
            kind, unit = "date", None          # X月X日, 2024年*月
        elif unit_word == "个" and text.startswith(("亿", "万亿"), e):
            kind, unit, e = "number", None, e + (2 if text.startswith("万亿", e) else 1)  # xx个亿: the speech's 亿, no count of 个
        elif unit_word == "支" and text.startswith(("教", "援", "持", "付", "出", "撑", "部"), e):
            return None  # 招募×支教人员: 支 opens a word (支教, 支援), the gap's unit is further on
        elif unit_word == "组" and text[max(0, s - 1):s] == "村" and not marker[-1:].isdigit():
            kind, unit, e = "name", None, mend  # ×××村×××组: a villagers' group (村民小组) named
        elif unit_word == "部" and _direction(text, s, e):
            kind, unit, e = "name", None, mend  # 位于**县 XX 部: a direction (西北部) left out
        elif unit_word == "集" and text.startswith(("中", "体", "团", "聚", "合", "市", "镇"), e) and not m.group("more"):
            kind, unit, e = "name", None, mend  # 到X集中隔离: a place left out, then 集中 (no 集 of a series)
        elif unit_word == "村" and not marker[-1:].isdigit() and not m.group("more"):
            kind, unit, e = "name", None, mend  # X村 names a village; x个村 counts them
        elif unit_word == "年" and (_CALENDAR_YEAR_GAP.fullmatch(marker) or not (
                before.endswith(_YEARS_BEFORE) or text.startswith(_YEARS_AFTER, e) or m.group("more"))):
            kind, unit = "date", None          # 20XX年, xxxx年底, 二00*年
        elif unit_word == "年" and text.startswith("以来", e) and prev_c in _CLAUSE_OPEN and not m.group("more"):
            kind, unit = "date", None          # `xx年以来，我镇…` opening a clause: since a year left out
        elif unit_word == "人" and text.startswith("大", e):
            kind, unit, e = "name", None, mend  # `xx人大副主席`: a name before 人大 (the congress), no count of 人
        elif (unit_word == "方面" and not before.rstrip(" \u3000").endswith(("从", "分", "等", "有"))) \
                or text[e - len(unit_word):e + 1] in _WORDS_FROM_UNIT:
            kind, unit, e = "name", None, mend  # `报请**批准`, `xx担当`, `XX部长`: a word opens after the gap; `在XX方面`: a field
            # (`从X方面入手` counts them)
        elif unit_word in WORD_OPENING_UNITS and not m.group("more") \
                and text[e - 1:e + 1] not in _COUNTED_WORDS and dictionary_word(text[e - 1:e + 1]):
            kind, unit, e = "name", None, mend  # `xxx分析`, `xx口门`, `xxxx本期`, `xx种子`: a dictionary word opens after the gap
        if kind == "number":
            e, unit = after_slash(text, e, unit_word, unit)  # `☓☓元/吨`: a rate left out; `XX人/次`: 人次
    elif m.group("fig") and ("." in marker or any(c.isdigit() for c in marker)) and (next_c in ":：" or prev_c in ":："):
        kind, unit, e = "number", None, mend  # a ratio left out: 三次产业结构为x.x:xx.x:xx.x
    elif prev_c == "第" or (before.rstrip(" \u3000").endswith(("第", "前")) and next_c in _CLAUSE_END):
        kind, unit = "number", None            # 第**届 without a unit word after: 第X; `全省前 X。`
        e = mend
    elif (counted := _COUNTED_DIVISIONS.match(text, mend)) is not None and before.rstrip(" \u3000").endswith(("辖", "设有", "共有")):
        kind, unit, e = "number", counted["div"], counted.end()  # `现辖 XX 镇 XX 乡`: how many, not which
    elif (bare := _BARE_MAGNITUDE.match(text, mend)) is not None and not (m.group("unit") or m.group("mag")) \
            and not any(c.isdigit() for c in marker) and prev_c not in "0123456789" \
            and text[bare.end():bare.end() + 1] not in _FIGURE_ON:
        kind, unit, e = "number", None, bare.end()  # `安排x万医改资金`, `人口 XX 万`: a sum with its unit word left out too
    elif _YEAR_GAP.fullmatch(marker) and _NEXT_YEAR_GAP.match(text, mend):
        kind, unit, e = "date", None, mend      # `20xx、20xx年度`: two years left out, 年 written once
    elif marker.startswith(("_", "＿")) and text[max(0, s - 8):s].rstrip(" \u3000").endswith(DATE_BEFORE):
        kind, unit, e = "date", None, mend      # `日期：______`: a form's date left blank
    elif ((_YEAR_GAP.fullmatch(marker) or _DECADE_GAP.fullmatch(marker)) and next_c in "〕]）)】") \
            or (prev_c + next_c in ("〔〕", "[]") and _DOC_SERIAL.match(text, mend + 1)):
        kind, unit, e = "date", None, mend      # `〔20__〕12号`, `泸政发〔XX〕24号`: a document number's year left out
    elif next_c == "大" and text[mend + 1:mend + 2] in _CONGRESS_AFTER \
            and (prev_c in "的“" or (prev_c in "、和" and text[s - 2:s - 1] == "大")):
        kind, unit, e = "name", None, mend       # `党的__大`, `“xx大”报告`: the congress named by its number (二十大), left out (17 of 25 readers' marks)
    elif next_c == "号":
        if before.rstrip(" \u3000").endswith("月"):
            kind, unit, e = "date", None, mend + 1  # x月x号: 号 is the day, as 日
        else:
            kind, unit, e = "name", None, mend      # xx号脐橙, 编号xx号: a number that names, no date
    elif next_c in DATE_AFTER or after.startswith(DATE_AFTER):
        kind, unit, e = "date", None, mend
    elif before.rstrip(" \u3000").endswith(("同期", "同期为")) and not _DIVISION_AFTER.match(text, mend) \
            and not after.lstrip(" \u3000").startswith(NAME_AFTER):
        kind, unit, e = "number", None, mend        # （去年同期xxxx）: the comparison figure left out
    elif core.strip("XxＸｘ×") == "" and (before.rstrip(" \u3000").endswith(_RATIO_BEFORE) and next_c in _CLAUSE_END
                                          or _SERIES_AFTER.match(text, mend)):
        kind, unit, e = "number", None, mend  # `生师比为 XX；`: a ratio's figure; `XX连丰`: a count of years in a row
    elif core in ("X", "x", "Ｘ", "ｘ") and before.endswith(_CHANGE_BEFORE) and next_c in _CLAUSE_END:
        kind, unit, e = "number", None, mend  # `财政收入由负增长x转为增长X。`: a rate left out, no name
    elif before.endswith(NAME_BEFORE) or after.lstrip(" \u3000").startswith(NAME_AFTER) or _DIVISION_AFTER.match(text, mend) \
            or (len(core) >= 2 and core[0] in "×Xx○〇□某Ｘｘ") or _bare_name(core, prev_c, next_c) \
            or (_listed_stars(core, prev_c, next_c) and not _bold_edge(text, s, mend)) or _lone_stars(text, s, mend, core) \
            or (not core.strip("*＊") and (2 <= len(core) <= 3 or (core in "*＊" and _HAN.match(prev_c)))
                and _FIRM_AFTER.match(text, mend) and not _BOLD.match(text, s)) \
            or (not core.strip("*＊") and len(core) <= 4 and prev_c + next_c in ("“”", "〔〕")) \
            or (stars_named and _star_name(core, prev_c, next_c)) \
            or _lone_letter(core, before, next_c):
        if any(c.isdigit() for c in marker) or "." in marker:
            return None  # 1XX, X.X with nothing after: not a name
        kind, unit, e = "name", None, mend
    elif marker.startswith(("（", "(", "[", "【", "_", "＿")):
        # an empty bracket or a blank line to fill in: a rate's figure after 率 (入学率（ ）),
        # else a figure after 占/达/共 (学历占（ ）), else a name (组长为（ ）)
        kind = "percent" if before.rstrip(" \u3000").endswith(("率", "比例", "比重", "占比")) else \
            "number" if before.rstrip(" \u3000").endswith(("占", "的", "达", "达到", "共")) else "name"
        unit, e = None, mend
    else:
        return None  # a lone * or X with nothing that asks for a value: a footnote, a letter
    subject = subject_of(text, s, e, unit) if kind in ("number", "percent") else None
    return PlaceholderHit(s, e, kind, unit, subject, clause_around(text, s, e))


_DIVIDER = regex.compile(r"[ \t\u3000]*[*＊=—\-~]{6,}[ \t\u3000]*")


def _divider(text: str, h: PlaceholderHit) -> bool:
    """A line of six or more stars (or `=`, `—`, `-`, `~`) alone is a page's divider, no gap (a
    line of strokes `______` alone is a blank to fill)."""
    line_start = text.rfind("\n", 0, h.start) + 1
    line_end = text.find("\n", h.end)
    line_end = len(text) if line_end < 0 else line_end
    return _DIVIDER.fullmatch(text, line_start, line_end) is not None


def _direction(text: str, s: int, e: int) -> bool:
    """`张北县 XX 部，`: a gap before 部 right after a division, closing a clause, is the
    part of the division (东部, 西北部) a template left out, not a count of 部."""
    before = text[max(0, s - 2):s].rstrip(" \u3000")
    return before.endswith(("县", "市", "区", "省", "镇", "乡")) and text[e:e + 1] in "，。；、,;"


def _division_name(text: str, marker: str, mend: int, unit_word: str) -> bool:
    """`XX集团`: the unit-like character (集) begins the name of a body, not a unit."""
    if any(c.isdigit() for c in marker):
        return False
    d = _DIVISION_AFTER.match(text, mend)
    return d is not None and len(d.group().lstrip(" \u3000")) > len(unit_word)  # (`XX 所，`: the space is no part of it)


def _masked_word(core: str, prev_c: str) -> bool:
    """`中国******组织`: a long run of stars after a word is a word a web page masked (before
    a unit it is a figure left out: `收入达到*****元`)."""
    return len(core) >= 5 and core[0] in "*＊" and bool(_HAN.match(prev_c or " "))


_LETTER_LIST_END = regex.compile(r"[A-WYZa-wyz][、,，]$")  # A、B、X: a list of letters


def _lone_letter(core: str, before: str, next_c: str) -> bool:
    """One X standing for a name among Chinese words and list marks: `姓氏为X、X两姓`,
    `流入地为X、X`, `在X附近`, `转运X等3人`, `到X集中`; not a letter of a word (`X光`, `X型`, `GDPx`) or of a list
    of letters (`A、B、X三类`)."""
    prev_c = before[-1:] or "\n"
    if core not in ("X", "x", "Ｘ", "ｘ") or (prev_c.isascii() and prev_c.isalnum()) \
            or (next_c.isascii() and next_c.isalnum()) or next_c in "光射型线轴档号" \
            or _LETTER_LIST_END.search(before):
        return False
    return prev_c in "为在与和及、，,：:（(“是到于" or next_c in "、，,。；;与和及附等"


# what follows a 党 a web page masked with stars (**建, **员, **风, **委, **组织, **性, **章)
_AFTER_MASKED_DANG = set("建员风委组性章政务史纪")
# one X between Chinese words: `健康x建设`, `为×打造`, `视察x纪念馆` (X光, X型, X射线 are words)
_LONE_X = regex.compile(r"(?<=[\p{Han}“《])[XxＸｘ×](?=\p{Han})(?![光射型线轴档号千百万亿十])"  # (X千: a figure's part)
                        r"|(?<=[\p{Han}《、])(?<![\d０-９]\p{Han})[*＊](?=\p{Han}|[、，。；,;])(?![的" + "".join(sorted(_AFTER_MASKED_DANG - {"风"})) + "]|风(?!采))")
# (one star: 落户*商务区, 展现多元*，, 展示*风采; not a footnote's 标*的 or 12个*。, nor a masked 党
# before 建, 员, 风…)


# a marker alone in angle brackets before a division (`印发<**>县…`, `〈XX〉镇`): the name left out
_BRACKETED_MARK = regex.compile(r"(?<=[<〈【])[*＊XxＸｘ×○□]{1,4}(?=[>〉】][\p{Han}])")


def _bracketed_marks(text: str, hits: list[PlaceholderHit]) -> list[PlaceholderHit]:
    """A name gap bracketed before its division or body (the brackets are no part of it)."""
    return [PlaceholderHit(m.start(), m.end(), "name", None, None, clause_around(text, m.start(), m.end()))
            for m in _BRACKETED_MARK.finditer(text)
            if not any(h.start < m.end() + 1 and m.start() - 1 < h.end for h in hits)  # (【XX】 found whole already)
            and text[m.end() + 1] in "省市县区州镇乡村街党委局厅校院公集"]


def _lone_letters_in_draft(text: str, hits: list[PlaceholderHit]) -> list[PlaceholderHit]:
    """In a draft (two gaps found already), one X between Chinese words is a name left out."""
    taken = bytearray(len(text))  # characters inside a gap found already (one look each)
    for h in hits:
        taken[h.start:h.end] = b"\x01" * (h.end - h.start)
    out = []
    for m in _LONE_X.finditer(text):
        s, e = m.span()
        if not taken[s]:
            out.append(PlaceholderHit(s, e, "name", None, None, clause_around(text, s, e)))
    return out


def _listed_stars(core: str, prev_c: str, next_c: str) -> bool:
    """`推动**、**等项目`: stars that are items of a list are names left out (markdown's
    bold never stands before 、 or after 、 before 等)."""
    if not 1 <= len(core) <= 4 or core.strip("*＊"):
        return False
    return next_c == "、" or (prev_c == "、" and next_c in "、，,。；;等")


_OPEN_BOLD_BEFORE = regex.compile(r"(?r)[*＊]{2}[^、，。；,;\n*＊]{1,30}")


def _bold_edge(text: str, s: int, e: int) -> bool:
    """The stars close a bold phrase opened before them (`**产业发展**、`) or open one closed
    after them (`、**基础设施**`): markdown's bold, no name left out."""
    return bool(_OPEN_BOLD_BEFORE.match(text, 0, s)) or bool(_CLOSED_BOLD.match(text, e))


def _lone_stars(text: str, s: int, e: int, core: str) -> bool:
    """`**是大县，…`: two or three stars opening a line, the only stars on it, are the name
    a draft left out; markdown's bold comes in pairs (`**一、总体情况**`)."""
    if not 2 <= len(core) <= 3 or core.strip("*＊") or (s and text[s - 1] != "\n"):
        return False
    if not _HAN.match(text[e:e + 1] or " ") or text[e] in _AFTER_MASKED_DANG:
        return False  # (`**建工作`, `**员干部`: a web page's masked 党, no gap)
    line_end = text.find("\n", e)
    line = text[s:line_end if line_end >= 0 else len(text)]
    return line.count("*") + line.count("＊") == len(core)


# a firm's name written after its gap: `**红日光伏农业有限公司` (the place it is named by left out)
_FIRM_AFTER = regex.compile(r"[^\P{Han}的]{2,12}?(?:有限责任公司|有限公司|股份公司|公司|集团)")
# markdown's bold: two stars, a short run of words without a clause's end, two stars
_BOLD = regex.compile(r"[*＊]{2}[^*＊\n，。；,;]{1,30}[*＊]{2}")
# what goes on a figure after its 万 (`X万X千`: a compound left out, no sum of its own)
_FIGURE_ON = set("0123456789*＊XxＸｘ×千百十零一二三四五六七八九")
# a gap that can only be a calendar year: 20xx, 201x, 19** (`201x年以来` is since a year, no count of years)
_CALENDAR_YEAR_GAP = regex.compile(r"(?:19|20)\d?[ \u3000]?(?:[*＊XxＸｘ×]{1,2}|_{1,3}|＿{1,3})|(?:[XxＸｘ]{4}|[*＊]{4}|×{4})[ \u3000]?")
# (xxxx年: four figures left out are a year's, never a count of years)
_DOC_SERIAL = regex.compile(r"[ \u3000]?(?:\d{1,4}|[*＊xX×Ｘ_]{1,4})[ \u3000]?号")  # the serial after a document number's year
_DECADE_GAP = regex.compile(r"(?:19|20)\d×")  # 201×年, 〔201×〕: a year's last digit left out
# a year with its last figures left out: 20xx, 20__, 19**
_YEAR_GAP = regex.compile(r"(?:19|20)[ \u3000]?(?:[*＊XxＸｘ×]{2}|_{2,}|＿{2,})")
# a year gap with its 年 written once for two (`20xx、20xx年度`): the first is a date too
_NEXT_YEAR_GAP = regex.compile(r"[、和至到-](?:19|20)[ \u3000]?(?:[*＊XxＸｘ×]{2}|_{2,}|＿{2,})年")
# words that ask for a figure right before a one-stroke blank (`近_公里`, `共_人`)
_FIGURE_CUES = ("近", "约", "达", "共", "计", "为", "有", "增长", "完成", "实现", "超过", "新增", "累计")
# the level words a one-stroke name gap stands before (`_镇卫生院`)
_LEVEL_AFTER = regex.compile(r"省|自治区|市|县|区|镇|乡|街道|村|社区")
# a change measured right before a lone X: the figure of the change is what is left out
_CHANGE_BEFORE = ("增长", "下降", "减少", "增加", "提高", "降低", "达到", "达")
# a form's blank after a date's label (`日期：____`) is a date left out
DATE_BEFORE = ("日期：", "日期:", "时间：", "时间:")
# what follows 大 after a gap that makes it a party congress (`“xx大”报告`, `__大、__大精神`)
_CONGRESS_AFTER = ("”", "、", "和", "及", "精", "报", "会", "以", "代", "召", "上", "提", "作", "确", "胜", "")
# a school or class year: `20xx届`, `20XX学年`, `20xx级` (one date left out)
_SCHOOL_YEAR = regex.compile(r"(?:19|20|二[〇○零])[*＊XxＸｘ×]{2}(?:届|学年|学期|级)")


def _bare_name(core: str, prev_c: str, next_c: str) -> bool:
    """`***` standing alone is a person's name left out; a long run of stars inside a word
    (`中国******组织`) is a word a web page masked, not a gap."""
    if len(core) < 3 or core[0] not in "*＊":
        return False
    return not (len(core) >= 5 and _HAN.match(prev_c or " ") and _HAN.match(next_c or " "))


# --- blank figures: a unit with no number before it and no marker at all --------------------

_NUMERALS = "兆零〇一二两三四五六七八九十百千万亿几数上每余多近逾超过壹贰貳叁參肆伍陆陸柒捌玖拾佰仟兩萬億"
# words after which a count must follow: 共件, 已办结件, 接待人次
_COUNT_CUES = "共计|合计|总计|累计|共|已办结|办结|结案|受理|接待|应到|实到|实际参与|实际参加"  # (党员应到人、实到人: a tally left blank)
_BLANK_UNITS = "平方公里|平方千米|公顷|个百分点|百分点|人次|万美元|亿美元|美元|万元|亿元|元|件|名|个|次|户|家|项|场|期|批|起|亩|平方米|人"
# a verb or word that asks for a count right before the space: the blank is sure even for a
# weak unit (`共办理 件`, `比上年增加 人`, `人均 元`)
_SPACE_CUE_RE = regex.compile(
    r"(?:办理|受理|接待|调解|化解|发放|开展|召开|举办|组织|培训|排查|走访|检查|新增|增加|减少|提高|下降"
    r"|增长|完成|实现|达到|达|共计|合计|累计|共|计|人均|户均|结案|办结)$")
# a form's date with the figures left blank: `20  年  月  日`, `    年  月  日`
_DATE_BLANK_RE = regex.compile(
    r"(?:(?<![\d〇○零一二三四五六七八九十])(?:20|19|二〇|二○)?[ \u3000]{1,6}(?P<y>年))?"
    r"(?<![\d〇○零一二三四五六七八九十])[ \u3000]{1,6}(?P<m>月)[ \u3000]{1,6}(?P<d>日)")
# an ordinal with its figure deleted, in a congress's or a meeting's name: `在…第届人民代表大会第次会议上`
_ORDINAL_BLANK_RE = regex.compile(r"(?<=(?<!次)第)(?:届|次)(?=人民代表大会|人大|党代会|代表大会|会议|全体会议|全会|委员会|常委会)")
# a speech's date line with every figure deleted and no space left: `——年月日在…会议上`;
# `出生年月日` (a form label) has a word before it
_EMPTY_DATE_RE = regex.compile(r"(?:(?<=^)|(?<=[—–\-：:（(\s]))年月日")
_CUE_BLANK_RE = regex.compile(
    rf"(?:{_COUNT_CUES})(?P<blank>(?:余|多)?(?:[万亿])?(?P<u>{_BLANK_UNITS}))(?![\p{{Han}}\d：:])")  # 受理人：is a form field
# a magnitude and unit, or 余/多 and a unit, right after a word: 投入经费万多元, 征地余亩, 拆除平方米
# (小元、大元: villages named with 元, no sum left blank)
_BARE_BLANK_RE = regex.compile(
    r"(?:(?:余|多)?[万亿](?:余|多)?(?P<u1>元|人次|人)|余(?P<u2>亩|人|户|件|名|个|次|家|元|万元)"
    # units that only ever follow a figure: `离县城公里，`, `辖区面积平方公里，`
    r"|多(?P<u3>万元)|(?P<u4>个百分点|百分点|平方米|人次|平方公里|平方千米|公里|千米|公顷|亩|(?<![小大新老东西南北中])元|公斤))(?=(?:以上|左右)?(?:[，。；、,;：:）)和及]|$))"
    # a sum of 万 before a unit of land or weight: `播种面积万亩，`, `总产万吨，`, `稳定在万亩，`
    r"|(?<=[积产种播植收储购销量加少长粮]|稳定在|保持在|控制在)万(?P<u5>亩|吨|公斤|斤|头|只)(?=(?:以上|左右)?(?:[，。；、,;：:（(）)]|$))")
# 个 with no figure: after 辖/设/等 before a noun (`下辖个行政村`, `汉、苗等个民族`), at the
# start of a clause (`，个村民小组`), or closing a clause after a noun (`帮扶单位个，`);
# 个人, 个别, 个体, 个性, 个案, 个税 are words, 这个/每个/整个/个个/挨个 take no figure
_GE_BLANK_RE = regex.compile(
    r"(?:(?<=[辖设等含])|(?<=[，,；;、])|(?<=全[省市县区镇乡]))个(?![人别体性案个税子头中儿展])(?=\p{Han})"
    r"|(?<=\p{Han})个(?=[，,。；;：:])|(?<=共有|现有|拥有)个(?=\p{Han})")  # (`全县个部门`, `共有个团支部`)
# people counted with no figure, after the word for them: `共有青年名，团员名。`; an age: `平均年龄岁`
_PEOPLE_BLANK_RE = regex.compile(r"(?<=青年|团员|党员|干部|教师|学生|职工|人员|群众|委员|代表|志愿者|团干|队员|会员|转正|积极分子"
                                 # a breakdown of people by kind: `教工名、35岁以下名、研究生学历的名，其它名`
                                 r"|教工|职称|学历的?|岁以下|岁以上|其[它他])(名)(?=[，,。；;、])"
                                 r"|(?<=年龄)(岁)(?=[，,。；;、])"
                                 # meetings held, papers issued, hazards found, jobs made, after the verb that
                                 # counts them: `召开会议次，印发文件份，排查隐患处，新增就业人`
                                 r"|(?<=(?:召开|开展|举办|组织)(?:各类)?(?:会议|活动|培训|讲座|检查|督查|巡查|演练|宣讲|座谈))(次|场)(?=[，,。；;、])"
                                 r"|(?<=(?:印发|编发|下发|制定|出台)(?:各类)?(?:文件|简报|材料|报告))份(?=[，,。；;、])"
                                 r"|(?<=(?:排查|发现|整改)(?:各类)?(?:隐患|问题))(处|项|起)(?=[，,。；;、])"
                                 r"|(?<=(?:新增|带动|安置)就业)(人次|人)(?=[，,。；;、])"
                                 # a count added or lost, its figure left out: `较年初新增户，`
                                 r"|(?<=新增|增加|减少|净增)(户|家|个|人|名|项|件|起|批|所|座|台)(?=[，,。；;、])")
# pieces of writing counted with no figure: `刊载学习稿件篇，` (新篇, 开篇 are words)
_PIECES_BLANK_RE = regex.compile(r"(?<=稿件|文章|信息|简报|论文|报道|心得|体会)篇(?=[，,。；;])")
# `脱贫户户人，`: households and people, both left out
_HU_REN_RE = regex.compile(r"(?<=\p{Han})(户)(人)(?=[，,。；;、])")
# a unit after a space that stands for the figure: `接待来访群众 人次，`, `参合率达 %`;
# or after a line break where the blank fell at the end of a line (`直接调解\n件，`)
_SPACE_BLANK_RE = regex.compile(
    rf"(?:[ \u3000]{{1,4}}|\n)(?:余|多)?(?:[万亿])?(?P<u>{_BLANK_UNITS}|[%％‰])(?=(?:以上|左右)?(?:[，。；、,;）)\s]|$))")
_PCT_BLANK_RE = regex.compile(r"[%％‰]")
_CUE_END_RE = regex.compile(rf"(?:{_COUNT_CUES})$")
_HAN = regex.compile(r"\p{Han}")  # the blank rules want a word right before the unit
# words that end in one of the units: 文件, 案件, 本次, 单元, 姓名, 每个
_NOT_BLANK_BEFORE = set(_NUMERALS) | set("每各这那哪该此整")
# a unit's character that opens a word after a gap (报请**批准, 展现xx担当, XX部长讲话): a name
# left out, no count
# measure words that open many words after a name left out (分析, 口门, 集村): there a
# dictionary word after the gap tells a name from a count (家, 天, 起, 所 open words too, yet
# count far more often: x家乡镇卫生院, X起事故)
WORD_OPENING_UNITS = frozenset("分口集")
# a measure word and the next character that make a word, yet count (X个人: X persons, X项目标)
_COUNTED_WORDS = {"个人", "项目", "天天", "次数", "人次", "名额", "名单", "家庭", "户数", "人数", "个月", "年度", "场次"}
_WORDS_FROM_UNIT = {"批准", "批复", "批示", "批阅", "批转", "担当", "担任", "部长", "部署", "部门", "部分",
                    "届时", "期间", "期望", "期待", "场景", "场所", "本期", "种子",
                    # a firm or its branch left unnamed: XX集团, XX 分行, xx分公司
                    "集团", "分行", "分局", "分公司", "分院", "分校", "分会"}
_UNIT_WORDS = {
    "文件", "案件", "事件", "条件", "邮件", "证件", "软件", "物件", "配件", "附件", "部件", "本次", "首次", "层次",
    "依次", "名次", "档次", "班次", "其次", "屡次", "再次", "多次", "此次", "单元", "公元", "美元", "港元", "欧元",
    "日元", "纪元", "状元", "姓名", "签名", "署名", "报名", "命名", "点名", "排名", "提名", "个个", "人人", "名名",
    "家家", "户户", "项项", "田亩", "公亩", "市亩",
    "门元", "澳元", "韩元", "加元", "新元"}  # 门元: the end of 澳门元
_NEAR = 40  # characters
_STRONG = {"人次", "万元", "亿元", "%", "％", "‰", "平方公里", "平方千米", "公顷"}  # (面积为 平方公里)


def _blank(text: str, s: int, e: int, unit_word: str, prev: str) -> PlaceholderHit | None:
    if prev in _NOT_BLANK_BEFORE or prev + unit_word[:1] in _UNIT_WORDS:
        return None
    unit = "%" if unit_word in ("%", "％") else units().get(unit_word, (unit_word.lstrip("万亿"), ""))[0]
    return PlaceholderHit(s, e, "missing_value", unit, subject_of(text, s, e, unit), clause_around(text, s, e))


_FIGURE_FOLLOWS = regex.compile(r"[ \u3000]*[:：][ \u3000]*\d")


def _missing_values(text: str, gaps: list[PlaceholderHit]) -> list[PlaceholderHit]:
    """Figures never typed: `共件`, `已办结件`, `投入经费万多元`, `群众 人次`, `占比%`, and
    `占比“四星级”…` (a ratio word followed by words, in a sentence with other gaps)."""
    out = []
    taken = [(h.start, h.end) for h in gaps]
    covered = bytearray(len(text) + 1)  # characters inside a gap: an overlap test in O(span)
    for a, b in taken:
        covered[a:b] = b"\x01" * (b - a)

    def add(h):
        if h is not None and _FIGURE_FOLLOWS.match(text, h.end):
            return  # `阅读人次：178`: a label, its figure after the colon
        if h is not None and not any(covered[h.start:h.end]):
            out.append(h)
            taken.append((h.start, h.end))
            covered[h.start:h.end] = b"\x01" * (h.end - h.start)

    def after_word(pos: int) -> bool:
        # (`比上年增加(减少)万元`: a word in brackets before the blank is a word too)
        return pos > 0 and (_HAN.match(text, pos - 1) is not None
                            or (text[pos - 1] in ")）" and pos > 1 and _HAN.match(text, pos - 2) is not None))

    for m in _CUE_BLANK_RE.finditer(text):
        add(_blank(text, m.start("blank"), m.end(), m.group("u"), ""))
    for m in _BARE_BLANK_RE.finditer(text):
        if after_word(m.start()):
            u = m.group("u1") or m.group("u2") or m.group("u3") or m.group("u4") or m.group("u5")
            if m.group("u1") and text[m.start() - 1] in "达破":
                continue  # `群众达万人`: a bare magnitude reached, the figure is 10000
            add(_blank(text, m.start(), m.end(), u, text[m.start() - 1]))
    for m in _DATE_BLANK_RE.finditer(text):
        for g in ("y", "m", "d"):
            if m.group(g):
                add(PlaceholderHit(m.start(g), m.end(g), "date", None, None, clause_around(text, m.start(g), m.end(g))))
    for m in _ORDINAL_BLANK_RE.finditer(text):
        add(_blank(text, m.start(), m.end(), m.group(), ""))
    for m in _EMPTY_DATE_RE.finditer(text):
        add(PlaceholderHit(m.start(), m.end(), "date", None, None, clause_around(text, m.start(), m.end())))
    for m in _GE_BLANK_RE.finditer(text):
        prev = text[m.start() - 1] if m.start() else ""
        if prev not in _NOT_BLANK_BEFORE and prev not in "某单半逐真个下挨":
            add(_blank(text, m.start(), m.end(), "个", ""))
    for m in _PEOPLE_BLANK_RE.finditer(text):
        add(_blank(text, m.start(), m.end(), m.group(), ""))
    for m in _PIECES_BLANK_RE.finditer(text):
        add(_blank(text, m.start(), m.end(), "篇", ""))
    for m in _HU_REN_RE.finditer(text):
        if text[m.start() - 1] not in _NOT_BLANK_BEFORE:
            add(_blank(text, m.start(1), m.end(1), "户", ""))
            add(_blank(text, m.start(2), m.end(2), "人", ""))
    last_pct = -100
    for m in _PCT_BLANK_RE.finditer(text):
        at = m.start()
        listed = at - last_pct <= 4 and text[last_pct + 1:at].strip(" \u3000") in ("、", "，", ",", "和", "及", "与")
        spaced = len(text[max(0, at - 4):at]) - len(text[max(0, at - 4):at].rstrip(" \u3000"))
        if spaced and after_word(at - spaced):
            last_pct = at  # `增长 %、`: the space rule below takes it; the list goes on from it
            continue
        if after_word(at) or listed:
            add(_blank(text, at, m.end(), m.group(), text[at - 1] if after_word(at) else ""))
            last_pct = at  # (分别增长%、%和%: the rates after the first are listed blanks too)
    weak = []
    for m in _SPACE_BLANK_RE.finditer(text):
        if not after_word(m.start()):
            continue
        u = m.group("u")
        s = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \u3000\n"))  # after the spaces
        # `结案 件`: after a count cue the space holds the figure, 案件 is not the word here
        prev = "" if _CUE_END_RE.search(text, max(0, m.start() - 3), m.start()) else text[m.start() - 1]
        strong = u in _STRONG or text[s] in "万亿" or _SPACE_CUE_RE.search(text, max(0, m.start() - 4), m.start())
        if strong and "\n" not in m.group(0):
            add(_blank(text, s, m.end(), u, prev))
        else:
            weak.append((s, m.end(), u, prev))
    # a weak unit after a space counts only near other gaps: in the same sentence, or within
    # a few clauses of another blank (`培训调解员 次，调解纠纷 件，`)
    near = sorted([a for a, _ in taken] + [w[0] for w in weak])
    starts = sorted(a for a, _ in taken)
    for s, e, u, prev in weak:
        if _near_other(near, s) or _gap_in_sentence(text, s, e, starts):
            add(_blank(text, s, e, u, prev))
    for m in _RATIO_RE.finditer(text):
        nxt = text[m.end():m.end() + 1]
        if not nxt or not (nxt == "“" or (_HAN.match(nxt) and nxt not in _RATIO_PROSE)) or text.startswith("百分之", m.end()):
            continue  # (占比百分之XX: the rate is written, its figure left out there)
        sentence = _sentence_around(text, m.start(), m.end())
        if not _ANY_MARKER_RE.search(sentence.replace("?", "")):
            continue
        if _RATE_LATER.match(text, m.end()):
            continue  # 占比规上工业增加值达x%, 占比减少 XX%: the rate comes later in the clause, gap or figure
        s, e = m.span()
        add(PlaceholderHit(s, e, "missing_value", "%", subject_of(text, s, s, "%"), clause_around(text, s, e)))
    return out


def _near_other(near: list[int], s: int) -> bool:
    """Another gap starts within _NEAR characters of s (near is sorted)."""
    k = bisect_left(near, s - _NEAR)
    return any(a != s for a in near[k:bisect_left(near, s + _NEAR + 1)][:2])


# a sentence is looked at this far either side of a blank at most: a text with no 。 stays linear
_SENTENCE_REACH = 300


def _gap_in_sentence(text: str, s: int, e: int, starts: list[int]) -> bool:
    lo, hi = max(0, s - _SENTENCE_REACH), min(len(text), e + _SENTENCE_REACH)
    i = text.rfind("。", lo, s) + 1 or lo
    j = text.find("。", e, hi)
    j = hi if j < 0 else j
    if _ANY_MARKER_RE.search(text[i:j].replace("?", "")):
        return True
    k = bisect_left(starts, i)
    return any(a != s for a in starts[k:bisect_left(starts, j)][:2])


def _sentence_around(text: str, s: int, e: int) -> str:
    i = text.rfind("。", 0, s) + 1
    j = text.find("。", e)
    return text[i:j if j >= 0 else len(text)]


def _overlaps(s: int, e: int, starts: list[int], max_end: list[int]) -> bool:
    k = bisect_left(starts, e)
    return k > 0 and max_end[k - 1] > s


# --- spaCy component ---------------------------------------------------------------------


@Language.factory("zhfacts_placeholders", default_config={"group": "placeholders"})
def make_placeholders(nlp: Language, name: str, group: str):
    def placeholders(doc):
        hits = find(text_of(doc))
        set_group(doc, group, [(h.start, h.end, {"kind": h.kind, "unit": h.unit, "subject": h.subject,
                                                 "context": h.context}) for h in hits])
        # a gap is never also a figure: `基金 万元` is a blank, not 10000 元. The metrics'
        # hits are filtered (they make the records, and `doc.spans` when there is one)
        metric_hits = doc.user_data.get(HITS_KEY, {}).get("metrics")
        if hits and metric_hits:
            starts = [h.start for h in hits]
            ends = list(itertools.accumulate((h.end for h in hits), max))
            kept = [it for it in metric_hits if not _overlaps(it[0], it[1], starts, ends)]
            if len(kept) != len(metric_hits):
                set_group(doc, "metrics", kept)
        return doc
    return placeholders
