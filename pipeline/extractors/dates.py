"""Dates (FACTS_SPEC §3): points, periods and durations, as ISO 8601 values.

`2019年7月9日` -> 2019-07-09, `今年1—8月` -> 2024-01/2024-08 (ref 2024),
`2024年上半年` -> 2024-H1, `一季度` -> 2024-Q1, `2019年以来` -> 2019/..,
`截至2024年8月` -> ../2024-08, `5年来` -> P5Y, `近3年` -> P3Y (nearly); also ISO dates
(`2023-02-24`), Chinese-numeral years (`二○二一年`), Taiwan's ROC years (`108年度` -> 2019,
`民国112年`), day ranges (`2022年9月1日—30日`), bare months and days (`8月`, `26日` after `8月12日、`).

`find(text, ref_date)` resolves relative expressions (今年, 上半年, 6月24日) against
`ref_date`; `infer_ref_date(text)` is §1's rule when none is given.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import regex
from spacy.language import Language

from pipeline.extractors import numbers
from pipeline.extractors.context import TITLE
from pipeline.extractors.groups import group_names
from pipeline.extractors.metrics import after_sum_word, units
from pipeline.extractors.spans import set_group
from pipeline.segment import text_of

CN = "零〇一二两三四五六七八九十"
SP = r"[ \u3000]?"   # one space a PDF or a web page left inside a date: `2025 年度`
SINCE_NOW = r"至今(?![年天日])"  # 7月至今: from then on (至今年3月 is 至 今年3月, to this year's March)
# a year: 2024, 二〇二一/二○二一/二零二一, 民国112, or a bare ROC year (108) when 年度 or
# a month follows (`108年度`, `112年2月`): a three-digit number before 年 is otherwise an age
# or a count (`建党100年`)
# (○三年, 〇九年: a year of the 2000s written with its last two numerals, as Hong Kong and
# Macau papers do)
Y = (rf"(?:(?:中华)?民国{SP}\d{{1,3}}|(?:19|20)\d{{2}}|[一二][〇○零九][〇○零一二三四五六七八九]{{2}}"
     rf"|(?<![〇○零一二两三四五六七八九十百千万\d])[〇○零][一二三四五六七八九](?=年)"
     rf"|1[0-4]\d(?={SP}年{SP}(?:度|\d{{1,2}}{SP}月|第{SP}[1-4一二三四]{SP}季)))")
MON = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九]|元)"
DAY = r"(?:\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
RANGE = rf"{SP}(?:—|-|－|～|~|至|到){SP}"
# 本年度 and 今年度 are the report's year, 度 included in the span
REL = "今年度|本年度|今年|去年|本年|上年|明年|前年"
REL_YEAR = {"今年": 0, "本年": 0, "今年度": 0, "本年度": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2,
            "明年": 1, "开年": 0}
# what may not stand before a month or day written without its year (`3个月`, `第5月`, `20XX年5月`);
# checked on a match, not as a lookbehind: an alternative that opens with a lookbehind is
# tried at every position of the text, and that made the whole pattern ten times slower
_NOT_BEFORE = set("0123456789年个第每.·-—/*＊×") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


@dataclass
class DateHit:
    start: int
    end: int
    value: str | None
    granularity: str
    relative: bool
    approx: str | None = None


# In a text of Taiwan's (_ROC_REPORT) a bare ROC year before 年 is a year too, so 截至114年底,
# 108年起, 113年以来 and 112年至114年 take the forms' affixes as 2025年 does; and the ROC
# years written in numerals: 一一四年 (114, digit by digit), 九十三年度 (93; a 十-form only
# before 度, 底, 末 or a month: 八十年 alone may be eighty years). Not after a word of
# counting, having or an anniversary (近100年, 已有120年, 建党100年, 成立110年), not before
# 年来/年间/年以上 or a history (120年历史, 110年的建校史: an age).
_ROC_Y = (rf"{Y}|(?<![\d.第近共达满逾超过建党成立校有])1[0-4]\d(?={SP}年(?!来|间|前|后|以[上下内]|代|多?的?(?:历史|.{{0,3}}史)))"
          rf"|(?<![〇○零一二三四五六七八九十百千\d有])一[〇○零一][〇○零一二三四五六七八九](?={SP}年(?!来|间|前|后|以[上下内]|代|多?的?(?:历史|.{{0,3}}史)))"
          rf"|(?<![〇○零一二三四五六七八九十百千\d])[四五六七八九]十[一二三四五六七八九]?"
          rf"(?={SP}年{SP}(?:度|底|末|\d{{1,2}}{SP}月|[一二三四五六七八九十]{{1,2}}月))")


# the 初 of a year's or a month's beginning, not of a word (初步, 初期, 初心, 初见成效, 初三)
_EARLY = r"初(?![步期心衷级中见具显次一二三四五六七八九十])"

# The forms, longest first: at a position where several match, the first one listed wins
# (as in one alternation). Named groups end in the form's tag: y (year), ry (relative
# year), m/d (month/day), m2/d2/y2 (range ends), h (half), q (quarter), dur (duration).
# Each form is compiled on its own and their matches merged (`_matches`): one big
# alternation cannot skip ahead to the characters a form starts with, and ran 3× slower.
def _forms(year: str, taiwan: bool = False) -> list[str]:
    """The forms, with `year` the pattern of a written year (Y, or _ROC_Y in a text of
    Taiwan's, where a span of ROC years needs no 年度: 112年至114年, 一○八至一一○年)."""
    roc = r"1[0-4]\d|一[〇○零一][〇○零一二三四五六七八九]"
    def _y(name: str) -> str:
        return rf"(?P<{name}>{year}){SP}年"

    return [
        # ISO dates in page headers: 2023-02-24, 2023/2/24, 2023.02.24
        # and Taiwan's ROC dates written the same way: 105.9.21, 112/3/1 (year + 1911)
        # (114-03-28: an ROC date with dashes, its month and day written with two digits)
        (r"(?P<y_iso>(?:19|20)\d{2}|(?<![\d.])1[0-4]\d(?=[./]|-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)))(?P<sep>[-/.])(?P<m_iso>1[0-2]|0?[1-9])(?P=sep)"
        r"(?P<d_iso>3[01]|[12]\d|0?[1-9])(?![\d.])"
        # a page header's day first (18.06.2015): two-digit day and month, dots, a four-digit year
        r"|(?<![\d.])(?P<d_dmy>3[01]|[12]\d|0[1-9])\.(?P<m_dmy>1[0-2]|0[1-9])\.(?P<y_dmy>(?:19|20)\d{2})(?![\d.])"),
        # day ranges: 2022年9月1日—30日, 9月1日至10月15日, 6月1日至10月底, 2021年1月1日起至12月31日
        (rf"(?:(?:{_y('y_dr')}|(?P<ry_dr>{REL})){SP}|)(?P<m_dr>{MON}){SP}月{SP}(?P<d_dr>{DAY}){SP}[日号](?:起(?=至))?{RANGE}"
        rf"(?:{_y('y2_dr')}|(?P<ry2_dr>{REL}))?{SP}(?:(?P<m2_dr>{MON}){SP}月{SP}(?:(?P<d2_dr>{DAY}){SP}[日号]|底|末)?|(?P<d3_dr>{DAY}){SP}[日号])"),
        # 2024年1—8月, 今年4月至7月, 2024年1月至2024年8月, 1-9月份 (year from context), 4月份至9月初
        (rf"(?:(?:(?P<ry_r>{REL})|{_y('y_r')}){SP}|)"
        rf"(?P<m_r>\d{{1,2}}|[{CN}]{{1,2}})(?:{SP}月份?)?{RANGE}(?:{_y('y2_r')})?{SP}(?P<m2_r>\d{{1,2}}|[{CN}]{{1,2}}){SP}月(?:份(?!\d)|底|末|{_EARLY}|[上中下]旬)?(?![日号]|\d{{1,2}}(?![\d,]))"),
        # 2019年—2024年, 2019至2024年, 105至108年度 (ROC)
        # (2020年至2022年第一季: to the last month of the quarter, from the first year's first)
        rf"(?P<y_yr>(?:19|20)\d{{2}}){SP}年?(?:起(?=至))?{RANGE}(?P<y2_yr>(?:19|20)\d{{2}}){SP}学?年(?:度|{SP}第{SP}(?P<q2_yr>[1-4一二三四]){SP}季度?)?",
        (rf"(?<![\d〇○零一二三四五六七八九十])(?P<r_yr>{roc}){SP}年?{RANGE}(?P<r2_yr>{roc}){SP}年(?:度|(?!来|间|以[上下内]))"
         if taiwan else rf"(?<!\d)(?P<r_yr>1[0-4]\d){SP}年?{RANGE}(?P<r2_yr>1[0-4]\d){SP}年度")
        # (2007—2010): a span of years in brackets, without 年
        + rf"|(?<=[（(][ \u3000]?)(?P<y_yb>(?:19|20)\d{{2}})[—～~至](?P<y2_yb>(?:19|20)\d{{2}})(?=[ \u3000]?[）)])"
        # (年报 2018-2019: a report's years after its kind, without 年)
        + rf"|(?<=年报[ \u3000]?|年度报告[ \u3000]?)(?P<y_yt>(?:19|20)\d{{2}})[—\-–～~至](?P<y2_yt>(?:19|20)\d{{2}})(?![\d年])",
        # 截至2024年8月(底), 截至今年8月, 截至5月, 截止9月, 截止到2021年年底; Taiwan's 迄112年第2季,
        # 截至112年第2季止 (to the quarter's last month)
        # 截至上半年, 截至2024年上半年: to the half's end
        rf"截[至止]到?{SP}(?:(?:{_y('y_toh')}|(?P<ry_toh>{REL})){SP})?(?P<h_to>上半年|下半年)(?:末|底)?",
        # (`至5月底，…`: 至 opening a clause is 截至)
        # (`至109年底止，…`: 至 with its 止 is 截至 too)
        (rf"(?:截[至止]到?|迄|(?<![\p{{Han}}\d])至(?={SP}{MON}{SP}月份?{SP}(?:{DAY}{SP}[日号])?(?:底|末)?[，,])"
         rf"|(?<![\p{{Han}}\d])至(?=[^，。；;,\n]{{2,12}}止)"
         # (`至2022年12月31日，…`, `预计至2025年底，…`, Taiwan's `至108年度3月累计…`: a written
         # year up to a clause's end or a running total; not a
         # range's second half, 2020年至2022年, which the range forms read first)
         rf"|(?<![\d年月日号底末份度季初半起甚以乃])至(?={SP}(?:(?:19|20)\d\d|1[0-4]\d){SP}年度?(?:{SP}{MON}{SP}月份?(?:{SP}{DAY}{SP}[日号])?)?(?:底|末)?(?:[，,]|累计)))"
         rf"{SP}(?:(?:{_y('y_to')}|(?P<ry_to>{REL}))度?{SP}(?:(?P<m_to>{MON}){SP}月份?{SP}(?:(?P<d_to>{DAY}){SP}[日号])?"
        rf"|第{SP}(?P<q_to>[1-4一二三四]){SP}季度?)?"
        rf"|(?P<m0_to>{MON}){SP}月份?{SP}(?:(?P<d0_to>{DAY}){SP}[日号])?"
        rf"|第?{SP}(?P<q0_to>[1-4一二三四]){SP}季度?)(?:(?P<end_to>年底|年末|底|末)|(?<=月)[上中下]旬)?止?"),  # (截至三季度末: this year's)
        # 截至年底, `至年底，全市有…` (至 opening a clause): as of the end of the report's year
        r"(?:截[至止]到?|(?<![\p{Han}\d])至)[ \u3000]?(?P<yend_to>年底|年末)"
        # 年底前完成 with no year: a deadline, up to the end of the report's year (每年底前 is a
        # routine, 次年底前/同年底前/学年末前 another year's, 2023年底前 a form below)
        r"|(?<![\d年今去本上明前当每次下翌同该学后〇○零一二三四五六七八九十])(?P<yend_by>年底|年末)前(?![期夕])",
        # 自今年3月29日至今, 自6月27日至今: from that day on
        (rf"自{SP}(?:(?:{_y('y_fr')}|(?P<ry_fr>{REL})){SP})?(?P<m_fr>{MON}){SP}月份?(?:{SP}(?P<d_fr>{DAY}){SP}[日号])?{SP}至今"),
        # 今年年初至今, 2023年初以来: from the year's start on
        rf"(?:{_y('y_yi')}|(?P<ry_yi>{REL})){SP}年?初{SP}(?:至今|以来)",
        # 2019年以来, 2022年来, 2019年7月以来, 今年以来, 去年以来, 今年元月以来, 6月以来 (a bare 来
        # only before a clause's end: not a page header's date before 来源：, nor 2023年来华, 来我县)
        (rf"(?:{_y('y_since')}(?:度)?(?:{SP}(?P<m_since>{MON}){SP}月份?(?:{SP}(?P<d_since>{DAY}){SP}[日号])?)?{SP}(?:以来|来(?=[，,、：:；;。\s]))"
        # 开年以来 is 今年以来; 今年来， is short for it (not 今年来我县调研)
        rf"|(?P<ry_since>今年|去年|本年|上年|开年)(?:{SP}(?P<m1_since>{MON}){SP}月份?(?:{SP}(?P<d1_since>{DAY}){SP}[日号])?)?{SP}(?:以来|来(?=[，,、：:；;。\s]))"
        rf"|(?P<m0_since>\d{{1,2}}|元|(?<![近这两几数上前一二三四五六七八九十])(?:十[一二]?|[一二三四五六七八九])){SP}月份?(?:{SP}(?P<d0_since>{DAY}){SP}[日号])?{SP}以来)"),
        # 2024年上半年, 今年上半年, 上半年
        # 2022年半年度 (工作总结): a written year's first half, the mid-year report's period
        # 2023上半年: a draft's or a title's year written straight before its half, without 年
        rf"(?:{_y('y_h')}度?|(?P<ry_h>{REL})|(?<![\d.])(?P<y_hb>(?:19|20)\d\d)(?=[上下]半年))?(?P<h>[上下]{SP}半年(?:度(?!工作|总结|报告))?)|{_y('y_h2')}(?P<h2>半年度|半年(?=工作|总结|报告|述职))",
        # 四季度以来, 2023年第三季度以来: from the quarter's first month on
        rf"(?:{_y('y_qs')}|(?P<ry_qs>{REL}))?第?(?P<q_since>[一二三四1-4])季度{SP}以来",
        # 2024年一季度, 第三季度, 今年二季度
        # 前三季度: the first three quarters, a range
        rf"(?:(?:{_y('y_q')}|(?P<ry_q>{REL}))?(?P<qfront>前|首)?第?(?P<q>[一二三四1-4])(?:季度|(?<=首[一二三四])季(?![度节赛稻]))"
        rf"|(?:{_y('y_q2')}|(?P<ry_q2>{REL})|(?<=[的年在于，,。；;、]|基金|资助|数据|统计|方面)|(?=第{SP}[1-4]{SP}季)){SP}第{SP}(?P<q2>[一二三四1-4]){SP}季(?![度节赛稻]))"
        rf"(?P<q_on>起(?![来草点步码诉]))?",  # (今年第二季起: from the quarter on)
        # (bare 第三季 is a quarter after 在, 的, a clause's start: Macau's and Taiwan's press; 进入第二季, 第二季稻 are not)
        # 2019年7月9日, 2022年3月, 2022年, 2025年度, 今年5月, 今年6月24日, 中华民国112年2月24日
        # 2023年全年: that year (全年 in the span)
        # 2018年以前, 2020年6月之前: up to then (an open range)
        # 2017年初, 去年年初, 今年初: that year (初 in the span, as every annotator wrote it; 全年
        # after a year stays out, as four of five annotators left it)
        # 2013年末, 去年底: that year's last month; 1981年秋, 2022年秋季: that year (the season in the span)
        (rf"(?:{_y('y')}(?:(?P<ydu>度|{_EARLY}|[春夏秋冬]季|秋(?![收粮种游冬]))|(?P<yend>年?底(?!线)|年?末(?![期尾端位])))?|(?P<ry>{REL})(?:年?{_EARLY}|年?(?P<ryend>底(?!线)|末(?![期尾端位])))?)"
        rf"(?:{SP}(?P<m>{MON}){SP}月(?:份|底|末|{_EARLY}|[上中下]旬)?(?:{SP}(?P<d>{DAY}){SP}[日号])?)?(?:(?P<upto>以前|之前|或之前|(?<=[底末])前)|(?P<on>起(?![来草点步码诉])|{SINCE_NOW}))?"),
        # 6月24日, 十一月三日 (year from context)
        rf"(?P<m_md>{MON}){SP}月{SP}(?P<d_md>{DAY}){SP}[日号](?P<on_md>{SINCE_NOW}|起(?![来草点步码诉])(?!至))?",  # (4月26日起至5月1日: a range's start)
        # 8月, 6月份, 元月 (year from context); a Chinese month only with 份 (一月 may be a count)
        # 10月底 and 6月末 are that month (底 and 末 in the span)
        # (Hong Kong's and Macau's press write a Chinese month bare after 于/在/及: 于六月联手)
        rf"(?:(?P<m_b>\d{{1,2}}|元){SP}月(?P<fen>份|底|末|{_EARLY}|[上中下]旬)?|(?P<mc_b>十[一二]?|[一二三四五六七八九])月份"
        rf"|(?<=[于於在及至自从])(?P<mc_b2>十[一二]?|[一二三四五六七八九])月(?:底|末|{_EARLY}|[上中下]旬)?"
        rf"(?![份来内后多余前]|之内|一次|以内|以上))"  # (于三月内, 在一月之内, 从一月一次: a span or a frequency)
        rf"(?![\d日号]|{SP}\d)(?P<on_b>起(?![来草点步码诉])|{SINCE_NOW})?",
        # 26日 in `8月12日、26日` (month from the date before it)
        r"(?P<d_b>[12]\d|3[01]|0?[1-9])日(?![\d均常益])",
        # durations: 5年来, 成立四年来, 一年来, 半年来, 近3年, 近三年来, 3个月来
        # 两年多来: more than two years
        # (近 5 年, 5 年来: spaced as a PDF leaves them)
        rf"(?:过去)?(?:(?<![最附])(?P<dnear>接近|将近|近){SP})?(?P<dur>\d{{1,3}}|[{CN}]{{1,3}}|半)(?P<dmore0>多|余)?{SP}(?P<dunit>年|个月)(?P<dmore>多)?(?:来|以来)",
        rf"(?<![最附])(?P<dnear2>接近|将近|近){SP}(?P<dur2>\d{{1,2}}|[二三四五六七八九十两]{{1,3}}|半){SP}(?P<dunit2>年|个月)(?!度)",
        # 过去五年, 过去的五年, 经过三年的努力: a span of time looked back on (过去的一年 is
        # "the year gone by", the report's own year, which no annotator marked)
        rf"(?:过去(?:的(?!一))?|(?<=经过|通过)){SP}(?P<dur3>\d{{1,2}}|[一二三四五六七八九十两]{{1,3}}){SP}(?P<dunit3>年|个月)(?!\d|{SP}[\d{CN}]{{1,2}}{SP}月)(?P<more3>多)?",
        # a page header's year and month: 更新时间:2023-11, 发布日期：2024.05
        r"(?<=(?:时间|日期)[:：][ \u3000]?)(?P<y_ym>(?:19|20)\d{2})[-./](?P<m_ym>1[0-2]|0?[1-9])(?![\d./\-])",
        # 有1500多年建镇史, 700余年的历史: the age of a place, a span of time
        rf"(?P<dur8>\d{{1,4}}|[{CN}百千]{{1,6}})(?P<more8>多|余)?年(?=的?(?:历史|文明史|建[城镇县区市村]史|发展史))",
        # 这十年, 这五年来: the span a report looks back on (这一年 is the report's year, no span)
        r"这(?P<dur7>十[一二三四五六七八九]?|[两二三四五六七八九])年(?![级度底末初前后间]|行动|规划|计划|攻坚)(?P<more7>多)?(?:来)?",
        # 三年间, 这两年间: the span of time something happened in
        r"(?<![\d.])(?P<dur5>\d{1,2}|[一二三四五六七八九十两]{1,3})(?P<dunit5>年|个月)间",
        # 等待6.1年, 历时两年, 缩短了整整一年: a span of time a verb measures (6.1 years is
        # P6.1Y: ISO 8601 lets the last component carry a fraction)
        # 时隔3年多: more than three years since
        rf"(?<=(?:历时|为期|用时|耗时|等待|需时|用了|缩短了|缩短|延长了|延长|整整|长达|时间为|仅用|时隔|相隔){SP})"
        rf"(?P<dur4>\d{{1,2}}(?:\.\d{{1,2}})?|[一二三四五六七八九十两半]{{1,3}}){SP}(?P<dunit4>年|个月)(?![\d级度底末初前后半])(?P<more4>多)?",
        # fiscal years (Hong Kong, Macau): 2012-13年度, 二○二四至二五年度 (2024/2025), and a span of
        # them, 2023-24 至 2032-33 年度 (2023/2033): from the first one's start to the last one's end
        rf"(?<![\d〇○零一二三四五六七八九])(?P<y_fy>(?:19|20)\d{{2}}|[一二][〇○零九][〇○零一二三四五六七八九]{{2}}){SP}"
        rf"(?:[-—–－/]{SP}\d{{2}}{SP}[至到]{SP}(?P<y_fy2>(?:19|20)\d{{2}}){SP}[-—–－/]|[-—–－/至到]){SP}"
        rf"(?P<yy_fy>(?:19|20)\d{{2}}|\d{{2}}|[〇○零一二三四五六七八九]{{1,2}})(?![\d〇○零一二三四五六七八九]){SP}(?:财政)?(?:年度|学年)",
    ]


_FORMS = _forms(Y)
# Tests of what two forms need near their start, tried before the form (they take
# nothing): a form's first character, then the one character it cannot do without, as far
# on as the form may put it (month ranges: a joiner, at most 17 characters on; `以来`: 来,
# at most 25 on). On a run of figures (`2024年3月2024年3月…`) each digit began both forms
# and failed late; in prose the first-character test still skips ahead as before.
def _form_of(group: str) -> int:
    """The index in _FORMS of the form that holds a named group."""
    return next(k for k, form in enumerate(_FORMS) if f"(?P<{group}>" in form)


FORM_GUARDS = {
    _form_of("ry_r"): rf"(?=[今去本上明前中民\d{CN}].{{0,16}}[—\-－～~至到])",  # month ranges
    _form_of("y_since"): r"(?=[中民\d一二三四五六七八九十今去本上元开].{0,24}来)",  # …以来
}


def _compiled(forms: list[str]) -> list[regex.Pattern]:
    return [regex.compile(FORM_GUARDS[k] + f"(?:{form})" if k in FORM_GUARDS else form) for k, form in enumerate(forms)]


_PATTERNS = _compiled(_FORMS)
_ROC_PATTERNS = _compiled(_forms(f"(?:{_ROC_Y})", taiwan=True))  # for a text of Taiwan's (_ROC_REPORT)

# Most of a report is no date, and each of the 15 forms costs a pass over what it is given.
# Every character a form consumes is one of _DATE_CHARS (its lookaheads may see others:
# 日均, 份1), and every match holds a key (年 月 日 号 季, or the separator of an ISO date).
# So the forms are searched only in the runs of date characters that hold a key: the
# matches are the same as over the whole text (tests/test_extract_cases.py, the fuzz).
_DATE_CHARS = r"\d \u3000" + regex.escape("中华民国○〇零一二两三四五六七八九十元—-－～~至到今去本上明前年/.月日号底末份度截止以来下半第季个近接将迄自过经间学全开初旬的这多余百千")
_KEYS = regex.compile(r"[年月日号季\-/.]|(?<=\d)[—～~至](?=\d)")  # (2007—2010: years without 年)
_RUN = regex.compile(rf"[{_DATE_CHARS}]*")             # from a key forward
_RUN_BACK = regex.compile(rf"(?r)[{_DATE_CHARS}]*")    # from a key backward
_MERGE_GAP = 100    # runs closer than this are searched as one window (fewer calls)
_LOOKAHEAD = 8      # characters after a window the forms' lookaheads may need to see


def _windows(text: str):
    """[start, end) of the stretches of `text` where a date may be: runs of date
    characters holding a key, the runs less than _MERGE_GAP apart merged. Each window
    starts and ends at the edge of a run, so no match crosses one."""
    windows: list[list[int]] = []
    end = -1
    for key in _KEYS.finditer(text):
        i = key.start()
        if i < end:
            continue  # inside the run already taken
        start, end = _RUN_BACK.match(text, 0, i).start(), _RUN.match(text, i).end()
        if windows and start - windows[-1][1] < _MERGE_GAP:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    return windows


# What each form cannot match without (in _FORMS order): one of these characters, either
# taken by the match or seen by its lookbehind (过 of 经过, 历 of 历时). A window that holds
# none of a form's characters cannot hold a match of it, and the form is not run there.
# On a date-dense text (`2024年3月2024年3月…`, one window of thousands of characters) every
# form scanned it all; now only the forms whose key characters it holds do (here 3 of 19).
# In a report most windows are short and hold few of these characters.
_RANGE_CHARS = "—-－～~至到"
FORM_NEEDS = [frozenset(chars) for chars in (
    "-/.",                  # ISO dates: a separator
    _RANGE_CHARS,           # day ranges
    _RANGE_CHARS,           # month ranges
    _RANGE_CHARS,           # year ranges
    _RANGE_CHARS,           # ROC year ranges
    "截",                   # 截至上半年
    "截迄至",               # 截至…, 迄…, (，)至5月底
    "底末",                 # (截)至年底
    "自",                   # 自…至今
    "初",                   # 今年年初至今
    "来",                   # …以来
    "半",                   # halves
    "季",                   # a quarter's 以来
    "季",                   # quarters
    "年",                   # a year, written or relative (every REL word holds 年)
    "日号",                 # a month's day
    "月",                   # a bare month
    "日",                   # a bare day
    "来",                   # durations: 5年来
    "近",                   # durations: 近3年
    "过",                   # durations: 过去五年, 经过三年, 通过两年
    "-./",                  # a header's year and month: 2023-11
    "史",                   # durations: 1500多年建镇史 (seen by the lookahead)
    "这",                   # durations: 这十年
    "间",                   # durations: 三年间
    "历为用耗等需缩延整长时仅相",  # durations a verb measures: the first characters of those verbs
    "度学",                 # fiscal and school years: 2012-13年度, 二○二四至二五年度, 2020/2021学年
)]
assert len(FORM_NEEDS) == len(_FORMS)
_LOOKBEHIND = 8     # characters before a window the forms' lookbehinds may need to see


def _matches(text: str):
    """The matches of all forms in text order, as one alternation would give them: at a
    position the first form listed wins, and a match hides the others it overlaps."""
    found = []
    patterns = _ROC_PATTERNS if _roc_report(text) else _PATTERNS
    for start, end in _windows(text):
        stop = min(len(text), end + _LOOKAHEAD)
        present = set(text[max(0, start - _LOOKBEHIND):stop])
        for k, rx in enumerate(patterns):
            if present.isdisjoint(FORM_NEEDS[k]):
                continue  # no match of this form can be in the window (FORM_NEEDS)
            for m in rx.finditer(text, start, stop):
                if m.start() >= end:
                    break  # in the next window's run, found there
                found.append((m.start(), k, m))
    found.sort(key=lambda x: (x[0], x[1]))
    end = -1
    for start, _, m in found:
        if start >= end:
            end = m.end()
            yield m


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    if s == "元":
        return 1  # 元月: January
    v = numbers.parse(s)
    return int(v) if v is not None else None


def _fiscal_end(start: int | None, tail: str) -> int | None:
    """The year a fiscal year that opens in `start` ends in, from its last digits (2012-13:
    2013; 二○一九至二○: 2020; 2099-00: 2100)."""
    if start is None:
        return None
    if not tail.isdigit():
        tail = "".join(str("〇○零一二三四五六七八九".index(c) - 2 if c in "一二三四五六七八九" else 0) for c in tail)
    n = int(tail) % 100
    end = start - start % 100 + n
    return end + 100 if end <= start else end


def _year_value(s: str) -> int | None:
    """2024 -> 2024; 二○二一 -> 2021; 民国112 / 108 (ROC) -> 1911 + n."""
    s = s.replace(" ", "").replace("\u3000", "")
    if s.startswith(("中华民国", "民国")):
        return 1911 + int(s.lstrip("中华民国"))
    if s.isdigit():
        n = int(s)
        return n if n >= 1000 else 1911 + n
    if len(s) == 2 and s[0] in "〇○零":
        return 2000 + "一二三四五六七八九".index(s[1]) + 1  # ○三 -> 2003
    v = numbers.parse_chinese(s.replace("○", "〇"))
    if v is None:
        return None
    return int(v) if v >= 1000 else 1911 + int(v)  # 一一四, 九十三: ROC years (_ROC_Y)


def _ref_year(ref_date: str | None) -> int | None:
    return int(ref_date[:4]) if ref_date else None


def _ref_month(ref_date: str | None) -> int | None:
    return int(ref_date[5:7]) if ref_date and len(ref_date) >= 7 else None


def _year(abs_year: str | None, rel: str | None, ref_date: str | None) -> tuple[int | None, bool]:
    """(year, relative?) from a written year or a relative word."""
    if abs_year:
        return _year_value(abs_year), False
    if rel:
        ry = _ref_year(ref_date)
        return (ry + REL_YEAR[rel] if ry is not None else None), True
    ry = _ref_year(ref_date)
    return ry, True


def _ym(y: int | None, m: int | None, d: int | None = None) -> str | None:
    if y is None:
        return None
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12 or (d is not None and not 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d is not None else "")


# a bare 26日 takes its month from a date at most this many characters before it
_DAY_CONTEXT = 60
_LIST_NUMBER = regex.compile(r"(?:^|(?<=\n))[ \t\u3000]*\d{1,2}\.$")
_GAPPED_DAY_AFTER = regex.compile(r"[ \u3000]?(?:[XxＸｘ*＊×]{1,3}|[_＿]{1,6})[ \u3000]?[日号]")
_GAPPED_MONTH_AFTER = regex.compile(r"[ \u3000]?(?:[XxＸｘ*＊×]{1,3}|[_＿]{1,6})[ \u3000]?月")
_GAP_MONTH = regex.compile(r"[XxＸ*＊×?？]{SP}月".replace("{SP}", SP))


def find(text: str, ref_date: str | None = None) -> list[DateHit]:
    return _outside_titles(_resolve(_matches(text), text, ref_date), text)


_TITLE = regex.compile(TITLE)


def _outside_titles(hits: list[DateHit], text: str) -> list[DateHit]:
    """The hits outside 《titles》: the year in 《2023年工作要点》 belongs to the title (a
    reference, §7), like a body named in it, not to a time the report states. It still
    counts for the report's ref_date."""
    if "《" not in text:
        return hits
    titles = [m.span() for m in _TITLE.finditer(text)]
    starts = [a for a, _ in titles]
    out = []
    for h in hits:
        k = bisect_right(starts, h.start) - 1
        if k < 0 or h.end > titles[k][1]:
            out.append(h)
    return out


# a title may open with its year and no 年: `2018抓基层党建工作述职报告`, `2023工作总结`,
# `2020机关党建亮点扫描` (a review of that year)
_TITLE_YEAR = regex.compile(r"[ \u3000]*(?P<y>(?:19[5-9]|20\d)\d)(?=[ \u3000]?\p{Han})(?![ \u3000]?年(?:[^报]|报告))[^\n]{0,40}?"
                            r"(?:总结|报告|述职|要点|计划|汇报|年报|综述|回顾|扫描|盘点)")


def _title_year(text: str) -> DateHit | None:
    m = _TITLE_YEAR.match(text) or _TITLE_YEAR_LAST.match(text)
    return DateHit(m.start("y"), m.end("y"), m["y"], "year", False) if m else None


# …or closes it: `村级组织换届选举工作总结范文2020`
_TITLE_YEAR_LAST = regex.compile(r"[ \u3000]*[^\n]{0,40}?(?:总结|报告|述职|要点|计划|汇报)(?:范文|模板|[ \u3000（(])"
                                 r"(?P<y>(?:19[5-9]|20\d)\d)[)）]?[ \u3000]*(?=\n|$)")


# a report named by its year with no 年 anywhere in the text: `泉湖镇2022工作总结`, `2023工作计划`
_DOC_YEAR = regex.compile(r"(?<![\d.\-/])(?P<y>(?:19[5-9]|20\d)\d)(?=工作(?:总结|计划|报告|要点|思路)|总结|述职)")


def _doc_years(text: str, hits: list[DateHit]) -> list[DateHit]:
    """The hits and the years of reports named without 年 (none overlaps a form's match:
    no 年 follows them)."""
    if not any(w in text for w in ("总结", "计划", "报告", "要点", "思路", "述职")):
        return hits
    starts = {h.start for h in hits}
    extra = [DateHit(m.start(), m.end(), m["y"], "year", False) for m in _DOC_YEAR.finditer(text)
             if m.start() not in starts]
    return sorted(hits + extra, key=lambda h: h.start) if extra else hits


def _resolve(matches, text: str, ref_date: str | None) -> list[DateHit]:
    """The date hits of the forms' matches (`_matches`), relative ones resolved against
    `ref_date`."""
    hits: list[DateHit] = []
    last: tuple[int, int | None, int | None, bool] | None = None  # end, year, month, relative
    for m in matches:
        if "d_b" in m.re.groupindex:
            hit = None if _glued(_Groups(m), text, m.start()) else _bare_day(m, last)
        else:
            hit = _hit(m, text, ref_date)
        if hit is None:
            continue
        hits.append(hit)
        ym = _year_month(hit)
        if ym:
            last = (hit.end, *ym, hit.relative)
    title = _title_year(text)  # no form matches it (no 年), but 2016年报 (an annual report) is one
    if title and not any(h.start == title.start for h in hits):
        hits = [title, *hits]  # the title's year opens the text: first
    hits = _roc_school_years(text, hits)
    hits = _doc_years(text, _roc_two_digit(text, _roc_this_year(text, _taiwan_today(text, hits, ref_date))))
    hits = _first_of_year(text, hits, ref_date)
    return _spans_of_time(text, _opened(text, hits))


# 自2017年起, 从一一五年起, 自2017年（州审计局进驻…）: from then on, 自/从 in the span as every
# annotator wrote it; bare 从 only before 起/开始 (从2024年全市工作会议上获悉 names a meeting), and
# no 来自/各自 (words ending in 自), no 自从 (its 从 is no opener of its own)
_OPENED_AFTER = regex.compile(r"[ \u3000]?(?:起|开始)")
# 自2018年度全省实施考核以来, 自2018年7月党总支换届至今, 自3月2日启动至4月14日结束: the clause's
# 以来, 至今 or end closes the span, the date stands alone (as annotators mark it)
_SINCE_LATER = regex.compile(r"[^，。；;,\n]{1,30}?(?:以来|起|至|到)")


def _opened(text: str, hits: list[DateHit]) -> list[DateHit]:
    """Points and open ranges right after 自 (or 从 with 起/开始) run from then on."""
    if "自" not in text and "从" not in text:
        return hits
    out = []
    for h in hits:
        s = h.start
        if s and text[s - 1] in "自从" and h.value and h.granularity != "duration" \
                and not (s >= 2 and text[s - 2] in "来各独亲擅出源自") \
                and (h.value.endswith("/..") or "/" not in h.value):
            opened = h.value.endswith("/..") or _OPENED_AFTER.match(text, h.end) \
                or (text[s - 1] == "自" and text[h.end:h.end + 1] not in ("至", "到", "—", "-", "－", "~", "～")
                    and not _SINCE_LATER.match(text, h.end))
            if opened:
                v = h.value if h.value.endswith("/..") else f"{h.value}/.."
                after = _OPENED_AFTER.match(text, h.end)
                end = after.end() if after is not None and after[0].endswith("开始") else h.end  # (从…6月份开始: 开始 in the span)
                h = DateHit(s - 1, end, v, "range", h.relative, h.approx)
        out.append(h)
    return out


# A span of time in days, weeks, hours, months or years that something took or will take:
# measured by a verb (为期12天, 历时近42小时, 仅用15天, 经3年努力, 提前2天完成), bounded
# (14天内, 五年内, 利用两天时间, 一年的时间), or read as the length of what follows
# (14天的隔离, 两周的考察, 2个多月的高温). The verb stays outside the span; an approximation
# word (近, 不到) and 未来/过去 are inside. A bare count of days (空气优良天数249天, 连续816天)
# is a metric or nothing, and 每2年, 第3天, 24小时值班 are no spans.
# (the verb and the approximation word are read back from the number: a pattern that opens
# with them is tried at every position of the text, one that opens with a figure is not)
_SPAN_VERBS = ("为期", "历时", "用时", "耗时", "仅用了", "仅用", "只用了", "只用", "用了", "利用", "经过", "通过", "经",
               "提前了", "提前", "长达", "整整", "花了", "花费了", "花费", "缩短至", "压缩至", "缩短到", "压缩到",
               "已有", "预定", "工期")
_SPAN_LEADS = ("不到", "不足", "接近", "将近", "近", "未来", "今后", "过去的", "过去")
_TIME_SPAN = regex.compile(
    rf"(?<![\d.\-—~～第每隔续年零〇一二两三四五六七八九十百千万])(?<![\d一二两三四五六七八九十][至到])"
    rf"(?P<n>\d{{1,3}}|[一二两三四五六七八九十百千零〇]{{1,6}}|半)(?P<more>多)?{SP}"
    rf"(?P<u>个工作日|个工作天|工作日|个日历天|日历天|个星期|个?周(?![年岁末边])|天(?![数然津下地空气使])|小时|个多月|个月|年(?![级度底末初前后代终份轻龄会报鉴刊薪货华]))"
    rf"(?P<more2>多)?(?P<tail>之内|以内|内(?![部容外涵在心])|的时间|时间|的(?=\p{{Han}}))?")
_SPAN_UNITS = {"个工作日": "D", "个工作天": "D", "工作日": "D", "个日历天": "D", "日历天": "D", "个星期": "W", "周": "W", "个周": "W", "天": "D",
               "小时": "H", "个多月": "M", "个月": "M", "年": "Y"}
_SPAN_APPROX = {"不到": "less_than", "不足": "less_than", "接近": "nearly", "将近": "nearly", "近": "nearly"}


def _summed_time(text: str, start: int, n: str) -> bool:
    """Days or hours in the hundreds after a word of summing (`优良天数不到300天`, `长达816天`):
    a sum the metrics report (metrics.after_sum_word), not a span of time (the two never
    share characters)."""
    k = _num(n) if n != "半" else 0
    return bool(k and k >= 100 and after_sum_word(text, start))


def _word_before(text: str, at: int, words: tuple[str, ...]) -> tuple[str | None, int]:
    """The word of `words` (longest listed first) that ends at `at`, one space allowed
    between: (the word, where it starts), or (None, at)."""
    end = at - 1 if at > 0 and text[at - 1] in " \u3000" else at
    for w in words:
        if text.endswith(w, 0, end):
            return w, end - len(w)
    return None, at


def _spans_of_time(text: str, hits: list[DateHit]) -> list[DateHit]:
    if not any(u in text for u in ("天", "周", "星期", "小时", "月", "年", "工作日")):
        return hits
    starts = [h.start for h in hits]
    extra = []
    for m in _TIME_SPAN.finditer(text):
        unit, n, tail = _SPAN_UNITS[m["u"]], m["n"], m["tail"]
        lead, s = _word_before(text, m.start(), _SPAN_LEADS)
        if lead == "近" and s > 0 and text[s - 1] in "最附":
            if text[s - 1] == "附":
                continue  # 附近: nearby, no span
            lead, s = "最近", s - 1  # 最近3天内, 最近5年: the last three days, five years, exactly
        verb, _ = _word_before(text, s, _SPAN_VERBS)
        if not (verb or lead or tail):
            continue  # 5天实现, 14个月投产: a bare count, no span the annotators read
        if text.startswith("半", m.end("more2") if m["more2"] else m.end("u")):
            continue  # 1年半, 两天半: a half unit more, no whole-unit span (as 半天)
        if unit in "DH" and _summed_time(text, m.start(), n):
            continue  # 优良天数不到300天, 长达816天, 累计用时120小时: a sum, reported as a metric (§2)
        if tail == "的" and not (verb or lead) and unit in "YM":
            continue  # 关键的一年, 两个月的工资, 5个月的婴儿: a year, a pay or an age (14天的隔离, 两周的考察 are lengths)
        if lead == "近" and not verb and not tail and unit in "YM":
            continue  # (近3年 is the form of its own above)
        if unit == "H" and not (verb in ("历时", "长达", "用时", "耗时") or lead in _SPAN_APPROX):
            continue  # 2小时内响应, 24小时值班, 利用八小时之外: a time limit or a working day, no span
        if lead and lead[:2] in ("过去", "未来", "今后") and n in ("一", "1"):
            continue  # 过去的一年, 未来一年: the report's year and the next, no span (nobody marks them)
        if n == "半":
            if unit != "Y":
                continue  # 半天, 半个月: no ISO span of whole units
            value = "P6M"
        else:
            k = _num(n)
            if not k or (unit == "Y" and k >= 100):
                continue  # (两市交往已有110年: an age, an anniversary, no span a report covers)
            value = f"PT{k}H" if unit == "H" else f"P{k}{unit}"
        e = m.end("tail") if tail in ("之内", "以内", "内") else m.end("more2") if m["more2"] else m.end("u")
        k = bisect_right(starts, e - 1) - 1
        if k >= 0 and hits[k].end > s:
            continue  # inside or over a date read already (过去五年, 近3年, 2024年内)
        approx = _SPAN_APPROX.get(lead) or ("more_than" if m["more"] or m["more2"] or m["u"] == "个多月" else None)
        extra.append(DateHit(s, e, value, "duration", False, approx))
    return sorted(hits + extra, key=lambda h: h.start) if extra else hits


# Taiwan's school years by the ROC count: 100学年度 is the year from August 2011 (named by
# the year it opens); a two-digit one (99学年度) before ROC 100. A three-digit number before
# 学年度 is nothing else; a two-digit one counts where the text is Taiwan's (民国, 行政院…)
# or where a three-digit school year is written too.
_ROC_SCHOOL_YEAR = regex.compile(rf"(?<![\d.])(?P<y>1[0-4]\d|[4-9]\d){SP}学年度?")


def _roc_school_years(text: str, hits: list[DateHit]) -> list[DateHit]:
    if "学年" not in text:
        return hits
    found = [m for m in _ROC_SCHOOL_YEAR.finditer(text)]
    if not found:
        return hits
    taiwan = any(len(m["y"]) == 3 for m in found) or _ROC_STATE.search(text) or _roc_report(text)
    extra = [DateHit(m.start(), m.end(), str(1911 + int(m["y"])), "year", False) for m in found
             if taiwan and not any(h.start < m.end() and m.start() < h.end for h in hits)]
    return sorted(hits + extra, key=lambda h: h.start) if extra else hits


# Taiwan's and Macau's press write the day in brackets: 今(19)日 is the 19th of the report's
# month, 昨(8)日 the 8th (yesterday's); and this year in brackets, 今(2025)年 (去(2023)年: last year)
_TAIWAN_TODAY = regex.compile(r"[今昨][（(](?P<d>3[01]|[12]\d|0?[1-9])[）)]日")
_BRACKET_YEAR = regex.compile(r"(?:今|(?<![失过除来回])去|明)[（(](?P<y>(?:19|20)\d{2})[）)]年(?:(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?)?")


# …and Hong Kong's: 今日（24日）, 昨日(23日): the day named twice, one date
_TODAY_BRACKET = regex.compile(rf"[今昨明前]日[（(](?P<inner>(?:{MON}月)?{DAY}日)[）)]")


def _taiwan_today(text: str, hits: list[DateHit], ref_date: str | None) -> list[DateHit]:
    if "日（" in text or "日(" in text:
        named = []
        for m in _TODAY_BRACKET.finditer(text):
            inner = next((h for h in hits if h.start == m.start("inner") and h.value), None)
            if inner is not None:  # the day read inside the brackets, its month from the date before
                named.append(DateHit(m.start(), m.end(), inner.value, inner.granularity, inner.relative))
        hits = _with_years(hits, named)
    if not any(w in text for w in ("今(", "今（", "昨(", "昨（", "去(", "去（", "明(", "明（")):
        return hits
    years = [DateHit(m.start(), m.end(), _ym(int(m["y"]), int(m["m"]) if m["m"] else None, int(m["d"]) if m["d"] else None),
                     "day" if m["d"] else "month" if m["m"] else "year", False) for m in _BRACKET_YEAR.finditer(text)]
    hits = _with_years(hits, years)  # 今(2025)年6月: the 6月 read alone before gives way
    y, mo = _ref_year(ref_date), _ref_month(ref_date)
    if not (y and mo):
        return hits  # the day of a month the text does not say
    extra = [DateHit(m.start(), m.end(), _ym(y, mo, int(m["d"])), "day", True)
             for m in _TAIWAN_TODAY.finditer(text) if not any(h.start < m.end() and m.start() < h.end for h in hits)]
    return sorted(hits + extra, key=lambda h: h.start) if extra else hits


# Hong Kong's and Macau's press count the first months of a year: 2024年首8个月 (January to
# August), 今年首季 (the first quarter), 2023年首月 (January); 首三季 is a form above
_FIRST_OF_YEAR = regex.compile(rf"(?:(?P<y>(?:19|20)\d{{2}}){SP}年{SP}|(?P<rel>今年|去年|本年|明年|上年))?首{SP}"
                               rf"(?:(?P<n>\d{{1,2}}|十[一二]?|[二三四五六七八九]){SP}个{SP}月|(?P<q>季度?)(?![稻节赛])|(?P<m>月)(?![份]))")


def _first_of_year(text: str, hits: list[DateHit], ref_date: str | None) -> list[DateHit]:
    if "首" not in text:
        return hits
    found = []
    for m in _FIRST_OF_YEAR.finditer(text):
        if m["y"]:
            y, rel = int(m["y"]), False
        else:
            y, rel = _year(None, m["rel"], ref_date)
        if m["n"]:
            n = _num(m["n"])
            if not n or n > 12:
                continue
            value, gran = (f"{y:04d}-01/{y:04d}-{n:02d}" if y else None), "range"
        elif m["q"]:
            value, gran = (f"{y:04d}-Q1" if y else None), "quarter"
        else:
            value, gran = (f"{y:04d}-01" if y else None), "month"
        found.append(DateHit(m.start(), m.end(), value, gran, rel))
    return _with_years(hits, found)


# Before ROC 100 (2011) Taiwan wrote two-digit years: `96年度`, `97年5月9日`. Elsewhere
# `98年` is a mainland shorthand for 1998 or a count, so they count only in a text that
# names Taiwan's own state (行政院, 立法院, 民国) and writes a two-digit 年度.
_ROC_STATE = regex.compile(r"行政院|立法院|民国\s?\d")
_ROC_TWO_FISCAL = regex.compile(rf"(?<![\d.])[4-9]\d{SP}年度")
# (96 至 99 年度: a span of fiscal years, spaced as a PDF leaves them)
# (截止99年9月底止: up to a month; 99年5月至10月, 99年4至10月份: a span of months)
_ROC_TWO = regex.compile(rf"(?P<to>截[至止]到?{SP})?(?<![\d.])(?:(?P<a>[4-9]\d){SP}年?{SP}(?:至|到|—|-|～){SP}(?=[4-9]\d{SP}年度))?"
                         rf"(?P<y>[4-9]\d){SP}年(?:(?P<du>度)|{SP}(?P<m>1[0-2]|0?[1-9]){SP}"
                         rf"(?:月份?{SP}(?:至|到|—|-|～){SP}(?P<m2a>1[0-2]|0?[1-9]){SP}月份?|(?:至|到|—|-|～){SP}(?P<m2b>1[0-2]|0?[1-9]){SP}月份?"
                         rf"|月(?:{SP}(?P<d>3[01]|[12]\d|0?[1-9]){SP}[日号])?(?(to)(?:底|末)?止?)))?")


def _roc_two_digit(text: str, hits: list[DateHit]) -> list[DateHit]:
    if not (_ROC_STATE.search(text) and _ROC_TWO_FISCAL.search(text)) and not _roc_year_matches(text):
        return hits
    found = []
    for m in _ROC_TWO.finditer(text):
        if m["du"] is None and m["m"] is None:
            continue  # `96年` alone may be a count of years
        y = 1911 + int(m["y"])
        if m["a"]:
            found.append(DateHit(m.start(), m.end(), f"{1911 + int(m['a'])}/{y}", "range", False))
            continue
        m2 = m["m2a"] or m["m2b"]
        if m2:
            found.append(DateHit(m.start(), m.end(), f"{_ym(y, int(m['m']), None)}/{_ym(y, int(m2), None)}", "range", False))
            continue
        if m["to"]:
            if m["m"] is None:
                continue
            found.append(DateHit(m.start(), m.end(), f"../{_ym(y, int(m['m']), int(m['d']) if m['d'] else None)}", "range", False))
            continue
        value = _ym(y, int(m["m"]) if m["m"] else None, int(m["d"]) if m["d"] else None)
        gran = "day" if m["d"] else "month" if m["m"] else "year"
        found.append(DateHit(m.start(), m.end(), value, gran, False))
    # a longer date already read holds it (中华民国97年5月9日)
    found = [f for f in found if not any(h.start <= f.start and f.end <= h.end for h in hits)]
    return _with_years(hits, found)


# a page's date line (2010-11-14, 2010/11/14): the Gregorian year the ROC count must meet
_DATE_LINE = regex.compile(r"(?<!\d)((?:19[5-9]\d|20[01]\d))[-/.](?:1[0-2]|0?[1-9])[-/.](?:3[01]|[12]\d|0?[1-9])(?!\d)")


def _roc_year_matches(text: str) -> bool:
    """The text writes two-digit years with their months or as fiscal years (99年7月, 99年度),
    twice at least, and a date line of the Gregorian year one of them is in the ROC count
    (2010-11-14, 1911 + 99): a page of Taiwan's dated both ways."""
    lines = {int(m[1]) - 1911 for m in _DATE_LINE.finditer(text)}
    if not lines:
        return False  # (the cheap test first: most texts have no date line of those years)
    twos = [int(m["y"]) for m in _ROC_TWO.finditer(text) if m["m"] or m["du"]]
    return len(twos) >= 2 and not lines.isdisjoint(twos)


def _with_years(hits: list[DateHit], found: list[DateHit]) -> list[DateHit]:
    """`hits` with the dates `found` with their ROC year: what was read inside one of them
    without its year (`5月9日` of `97年5月9日`, `6月` of `今(111)年6月`) gives way."""
    if not found:
        return hits
    kept = [h for h in hits if not any(f.start <= h.start and h.end <= f.end for f in found)]
    return sorted(kept + found, key=lambda h: h.start)


# A report that writes its years the ROC way (民国112年, 108年度, 112年2月) writes bare ones
# too: `105年、106年及107年` are 2016–2018 there. Elsewhere a three-digit number before 年
# is an age or a count (`建党100年`), so a bare one counts only in such a report (_matches
# reads it with _ROC_PATTERNS).
_ROC_REPORT = regex.compile(rf"民国{SP}\d|(?<!\d)1[0-4]\d{SP}年{SP}(?:度|\d{{1,2}}{SP}月)|今[（(]1[0-4]\d[）)]年"
                            r"|(?<![〇○零一二三四五六七八九十])一[〇○零一][〇○零一二三四五六七八九]年度"  # 一一四年度
                            # a Taiwan county council's regular session (议会…定期会), which no mainland
                            # city holds (a foreign 市议会 visiting is no session)
                            r"|[县市]议会第?\d{1,2}届"
                            # a Taiwan township's or city's elected council (市民代表会; not a mainland
                            # 市民代表会议, a meeting of citizens' representatives)
                            r"|[乡镇市]民代表会(?!议)"
                            # Taiwan's central bodies and its townships' offices (the mainland has none of them)
                            r"|行政院|立法院|内政部|警政署|[乡镇]公所")
# (a bare 公所, the township office a Taiwan text names by its head word, with a bare ROC year)
_BARE_ROC_YEAR = regex.compile(r"(?<![\d.])1[01]\d年")


def _roc_report(text: str) -> bool:
    """A text of Taiwan's: its ROC dates, councils and bodies (_ROC_REPORT), or a township office
    (埔里镇公所), which only Taiwan has, in a text that writes an ROC year (108年起, 114年底)."""
    return _ROC_REPORT.search(text) is not None or ("公所" in text and _BARE_ROC_YEAR.search(text) is not None)


# Taiwan's press writes this year with its number in brackets: 今(111)年6月
# (and last or next year's: 去（一一四）年, 明(115)年; its number in numerals too)
_ROC_THIS_YEAR = regex.compile(r"(?:今|(?<![失过除来回])去|明)[（(](?P<y>1[0-4]\d|一[〇○零一][〇○零一二三四五六七八九])[）)]年"
                               r"(?:(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?)?")


def _roc_this_year(text: str, hits: list[DateHit]) -> list[DateHit]:
    """The years Taiwan's press writes in brackets (今(111)年6月). Its bare ROC years, in figures
    or numerals, are read by the forms themselves (_ROC_Y, _ROC_PATTERNS)."""
    if not _roc_report(text):
        return hits
    this_year = [DateHit(m.start(), m.end(), _ym(_year_value(m["y"]), int(m["m"]) if m["m"] else None,
                                                 int(m["d"]) if m["d"] else None),
                         "day" if m["d"] else "month" if m["m"] else "year", False)
                 for m in _ROC_THIS_YEAR.finditer(text)]
    return _with_years(hits, this_year)  # 今(111)年6月: the 6月 read alone before gives way


def _year_month(hit: DateHit) -> tuple[int, int] | None:
    """The year and month a day or month hit (or a range's end) names."""
    if not hit.value or hit.granularity not in ("day", "month", "range"):
        return None
    part = hit.value.split("/")[-1]
    if len(part) >= 7 and part[4] == "-" and part[5:7].isdigit():
        return int(part[:4]), int(part[5:7])
    return None


def _bare_day(m: regex.Match, last) -> DateHit | None:
    """`26日` after `8月12日、`: the day of the month named just before."""
    if last is None or m.start() - last[0] > _DAY_CONTEXT or _GAP_MONTH.search(m.string, last[0], m.start()):
        return None  # no month before it, or a draft's gap (`xx月`) is the month it belongs to
    if "每月" in m.string[max(0, m.start() - 10):m.start()]:
        return None  # 每月1日、15日: days of every month, a routine, not a date
    _, y, mo, rel = last
    return DateHit(m.start(), m.end(), _ym(y, mo, int(m.group("d_b"))), "day", rel)


_COMPARE_BEFORE = ("比", "较", "于", "同")
# what stands before 于 when it compares (高于去年, 多于上年); 率先于去年 is "in last year"
_COMPARED_BY_YU = set("高低多少大小优好快慢强弱等超")


def _compared(text: str, s: int) -> bool:
    """A relative year right after a word of comparison (比去年, 较上年, 高于去年) is the base
    a figure is compared with, not a time the report speaks of."""
    before = text[max(0, s - 1):s]
    if before == "于":
        return text[max(0, s - 2):s - 1] in _COMPARED_BY_YU
    return before in _COMPARE_BEFORE


def _glued(g, text: str, s: int) -> bool:
    """Is the match the tail of a longer number or word (`12020-12-01`, `3个月`, `第5月`,
    `20XX年5月`, `100年来` seen from `00`)? Only forms that start without their year care."""
    prev = text[s - 1] if s else ""
    if not prev:
        return False
    if g["y_iso"] is not None or g["dur"] is not None:
        if prev in " \u3000" and s > 1:
            prev = text[s - 2]  # (第 5 年来: the space a PDF left)
        return prev.isdigit() or prev == "." or (g["dur"] is not None and prev == "第")
    if g["d_b"] is not None:
        return prev in _NOT_BEFORE or prev in "月日"
    yearless = (g["m_dr"] is not None and g["y_dr"] is None and g["ry_dr"] is None) \
        or (g["m2_r"] is not None and g["y_r"] is None and g["ry_r"] is None) \
        or g["m0_since"] is not None or g["m_md"] is not None or g["m_b"] is not None or g["mc_b"] is not None or g["mc_b2"] is not None \
        or (g["h"] is not None and g["y_h"] is None and g["ry_h"] is None) \
        or (g["q"] is not None and g["y_q"] is None and g["ry_q"] is None)
    # (××年上半年, 20XX年第三季度: the half or quarter of a year not written is no date)
    return yearless and prev in _NOT_BEFORE


def _Groups(m: regex.Match) -> dict[str, str | None]:
    """`g["m_md"]` reads one named group, None for a group the matching form lacks: the
    form's groups over a dict of every form's names, all None (a lookup method called ~30
    times per match cost more than the scan itself, and `groupdict()` 4 µs a match)."""
    g = _NO_GROUPS.copy()
    g.update(zip(_NAMES[m.re], m.groups()))  # m.groupdict(), without its cost (see groups.py)
    return g


_NO_GROUPS = dict.fromkeys(name for rx in _PATTERNS for name in rx.groupindex)
_NAMES = {rx: group_names(rx) for rx in _PATTERNS + _ROC_PATTERNS}


def _hit(m: regex.Match, text: str, ref: str | None) -> DateHit | None:
    g = _Groups(m)
    s, e = m.span()
    if _glued(g, text, s):
        return None
    if (s > 0 and text[s - 1] in "·." and not _LIST_NUMBER.search(text, max(0, s - 4), s)) \
            or (e < len(text) and text[e] == "·"):
        return None  # 7·9 and 4·27 are names of speeches (but `1.2023年7月` is an item's number, then a date)
    if g["y_iso"] is not None:
        if len(g["y_iso"]) == 3 and g["sep"] == "-" and not (_ROC_STATE.search(text) or _roc_report(text)):
            return None  # 123-05-12, 110-12-25: a case number or a phone line outside a Taiwan text
        return DateHit(s, e, _ym(_year_value(g["y_iso"]), int(g["m_iso"]), int(g["d_iso"])), "day", False)
    if g["y_dmy"] is not None:
        return DateHit(s, e, _ym(int(g["y_dmy"]), int(g["m_dmy"]), int(g["d_dmy"])), "day", False)
    if g["m_dr"] is not None:
        y, rel = _year(g["y_dr"], g["ry_dr"], ref)
        m1, d1 = _num(g["m_dr"]), _num(g["d_dr"])
        y2 = _year_value(g["y2_dr"]) if g["y2_dr"] else _year(None, g["ry2_dr"], ref)[0] if g["ry2_dr"] else y
        rel = rel or g["ry2_dr"] is not None
        m2 = _num(g["m2_dr"]) if g["m2_dr"] else m1
        d2 = _num(g["d2_dr"] or g["d3_dr"])
        a, b = _ym(y, m1, d1), _ym(y2, m2, d2)
        if (a is None or b is None) and not rel:
            return None
        return DateHit(s, e, f"{a}/{b}" if a and b else None, "range", rel)
    if g["m2_r"] is not None:
        y, rel = _year(g["y_r"], g["ry_r"], ref)
        m1, m2 = _num(g["m_r"]), _num(g["m2_r"])
        y2 = _year_value(g["y2_r"]) if g["y2_r"] else y
        if not (m1 and m2) or m1 > 12 or m2 > 12:
            return None
        a, b = _ym(y, m1), _ym(y2, m2)
        return DateHit(s, e, f"{a}/{b}" if a and b else None, "range", rel)
    if g["y2_yr"] is not None:
        if g["q2_yr"] is not None:
            return DateHit(s, e, f"{g['y_yr']}-01/{g['y2_yr']}-{3 * int(_num(g['q2_yr'])):02d}", "range", False)
        return DateHit(s, e, f"{g['y_yr']}/{g['y2_yr']}", "range", False)
    if g["y2_yb"] is not None:
        return DateHit(s, e, f"{g['y_yb']}/{g['y2_yb']}", "range", False) if g["y_yb"] < g["y2_yb"] else None
    if g["y2_yt"] is not None:
        return DateHit(s, e, f"{g['y_yt']}/{g['y2_yt']}", "range", False) if g["y_yt"] < g["y2_yt"] else None
    if g["r2_yr"] is not None:
        return DateHit(s, e, f"{_year_value(g['r_yr'])}/{_year_value(g['r2_yr'])}", "range", False)
    if g["y_to"] is not None or g["ry_to"] is not None or g["m0_to"] is not None or g["q0_to"] is not None:
        if g["m0_to"] is not None:
            y, rel = _year(None, None, ref)
            v = _ym(y, _num(g["m0_to"]), _num(g["d0_to"]))
        elif g["q0_to"] is not None:
            y, rel = _year(None, None, ref)
            q = g["q0_to"]
            v = _ym(y, 3 * (int(q) if q.isdigit() else "一二三四".find(q) + 1))  # to the quarter's last month
        else:
            y, rel = _year(g["y_to"], g["ry_to"], ref)
            q = g["q_to"]
            month = _num(g["m_to"]) if q is None else 3 * (int(q) if q.isdigit() else "一二三四".find(q) + 1)
            if month is None and g["end_to"]:
                month = 12  # 截至去年底: to the year's last month
            v = _ym(y, month, _num(g["d_to"]))
        return DateHit(s, e, f"../{v}" if v else None, "range", rel)
    if g["h_to"] is not None:
        y, rel = _year(g["y_toh"], g["ry_toh"], ref)
        rel = rel or g["y_toh"] is None
        half = "H1" if g["h_to"] == "上半年" else "H2"
        return DateHit(s, e, f"../{y:04d}-{half}" if y else None, "range", rel)
    if g["yend_to"] is not None or g["yend_by"] is not None:
        y, rel = _year(None, None, ref)
        return DateHit(s, e, f"../{y:04d}-12" if y else None, "range", True)
    if g["y_yi"] is not None or g["ry_yi"] is not None:
        y, rel = _year(g["y_yi"], g["ry_yi"], ref)
        return DateHit(s, e, f"{y:04d}/.." if y else None, "range", rel)
    if g["m_fr"] is not None:
        y, rel = _year(g["y_fr"], g["ry_fr"], ref)
        rel = rel or g["y_fr"] is None
        v = _ym(y, _num(g["m_fr"]), _num(g["d_fr"])) if y else None
        if v is None and not rel:
            return None
        return DateHit(s, e, f"{v}/.." if v else None, "range", rel)
    if g["y_since"] is not None or g["ry_since"] is not None or g["m0_since"] is not None:
        if g["y_since"] is not None:
            y, rel = _year(g["y_since"], None, ref)
            v = _ym(y, _num(g["m_since"]), _num(g["d_since"]))
        elif g["ry_since"] is not None:
            y, rel = _year(None, g["ry_since"], ref)
            v = _ym(y, _num(g["m1_since"]), _num(g["d1_since"]))
        else:
            y, rel = _year(None, None, ref)
            v = _ym(y, _num(g["m0_since"]), _num(g["d0_since"]))
        if v is None and not rel:
            return None
        return DateHit(s, e, f"{v}/.." if v else None, "range", rel)
    if g["y_ym"] is not None:
        return DateHit(s, e, _ym(int(g["y_ym"]), int(g["m_ym"])), "month", False)
    if g["q_since"] is not None:
        first = 3 * _num(g["q_since"]) - 2
        y, rel = _year(g["y_qs"], g["ry_qs"], ref)
        ref_month = _ref_month(ref)
        if g["y_qs"] is None and g["ry_qs"] is None and y is not None and ref_month and first > ref_month:
            y -= 1  # 四季度以来 written in January: the quarter that began last October
        return DateHit(s, e, f"{y:04d}-{first:02d}/.." if y else None, "range", rel)
    if g["h"] is not None:
        y, rel = _year(g["y_h"] or g["y_hb"], g["ry_h"], ref)
        half = "H1" if g["h"][0] == "上" else "H2"  # (`上 半年`: a PDF's space inside)
        return DateHit(s, e, f"{y:04d}-{half}" if y else None, "half", rel)
    if g["h2"] is not None:
        y = _year_value(g["y_h2"])
        return DateHit(s, e, f"{y:04d}-H1" if y else None, "half", False)
    if g["q"] is not None or g["q2"] is not None:
        y, rel = _year(g["y_q"] or g["y_q2"], g["ry_q"] or g["ry_q2"], ref)
        q = g["q"] or g["q2"]  # 第四季 after a year (Hong Kong, Taiwan) is 第四季度
        q = "一二三四".find(q) + 1 if q in "一二三四" else int(q)
        if g["qfront"] is not None:
            if q == 1:
                return None  # 前一季度: the quarter before, not the first
            # written as the months they cover, as most readers write them (首三季: 2021-01/2021-09)
            return DateHit(s, e, f"{y:04d}-01/{y:04d}-{3 * q:02d}" if y else None, "range", rel)
        if g["q_on"] is not None:
            return DateHit(s, e, f"{y:04d}-Q{q}/.." if y else None, "range", rel)
        return DateHit(s, e, f"{y:04d}-Q{q}" if y else None, "quarter", rel)
    if g["y_fy"] is not None:
        first, last = _year_value(g["y_fy"]), _year_value(g["y_fy2"] or g["y_fy"])
        end = _fiscal_end(last, g["yy_fy"])
        return DateHit(s, e, f"{first}/{end}", "range", False) if end and end > first else None
    if g["y"] is not None or g["ry"] is not None:
        if (g["y"] is not None or g["ry"] is not None) \
                and ((g["m"] is None and _GAPPED_MONTH_AFTER.match(text, e))
                     or (g["m"] is not None and g["d"] is None and _GAPPED_DAY_AFTER.match(text, e))):
            return None  # 2014年*月*日, 今年X月X日: a date left out, the draft's gap (§6), no date of its own
        y, rel = _year(g["y"], g["ry"], ref)
        mo, d = _num(g["m"]), _num(g["d"])
        if (g["yend"] or g["ryend"]) and mo is None:
            mo = 12  # 2013年末: the year's last month, as 10月底 is that month
        # a bare 今年/去年 is a year; 上年/前年 and `比去年`, `去年同期` are comparison bases
        if g["m"] is None and g["ry"] and (g["ry"] not in ("今年", "去年", "本年", "明年", "今年度", "本年度")
                                           or _compared(text, s) or text.startswith("同期", e)):
            return None
        gran = "day" if d is not None else "month" if mo is not None else "year"
        v = _ym(y, mo, d)
        if v is None and not rel:
            return None
        if g["upto"] is not None and (g["y"] is not None or g["ryend"] is not None):
            return DateHit(s, e, f"../{v}" if v else None, "range", rel)
        if g["on"] is not None and (mo is not None or g["y"] is not None):
            return DateHit(s, e, f"{v}/.." if v else None, "range", rel)  # 今年4月份起, 2020年起: from then on
        return DateHit(s, e, v, gran, rel)
    if g["m_md"] is not None:
        y, rel = _year(None, None, ref)
        v = _ym(y, _num(g["m_md"]), _num(g["d_md"])) if y else None
        if v is None and y:
            return None
        if g["on_md"] is not None:
            return DateHit(s, e, f"{v}/.." if v else None, "range", True)  # 6月27日至今: from then on
        return DateHit(s, e, v, "day", True)
    if g["m_b"] is not None or g["mc_b"] is not None or g["mc_b2"] is not None:
        if _GAPPED_DAY_AFTER.match(text, e):
            return None  # 8月x日: a date left out (the draft's gap), no month of its own
        y, rel = _year(None, None, ref)
        mo = _num(g["m_b"] or g["mc_b"] or g["mc_b2"])
        if not mo or mo > 12:
            return None
        if g["on_b"] is not None:
            return DateHit(s, e, f"{_ym(y, mo)}/.." if y else None, "range", True)  # 4月份起: from April on
        return DateHit(s, e, _ym(y, mo) if y else None, "month", True)
    if g["dur3"] is not None:
        n = _num(g["dur3"])
        approx = "more_than" if g["more3"] else None  # 经过四年多的努力: more than four years
        return DateHit(s, e, f"P{n}{'Y' if g['dunit3'] == '年' else 'M'}", "duration", False, approx) if n else None
    if g["dur8"] is not None:
        n = _num(g["dur8"])
        return DateHit(s, e, f"P{n}Y", "duration", False, "more_than" if g["more8"] else None) if n else None
    if g["dur7"] is not None:
        return DateHit(s, e, f"P{_num(g['dur7'])}Y", "duration", False, "more_than" if g["more7"] else None)
    if g["dur5"] is not None or g["dur4"] is not None:
        given, unit = (g["dur5"], g["dunit5"]) if g["dur5"] is not None else (g["dur4"], g["dunit4"])
        if given == "半":
            return DateHit(s, e, "P6M" if unit == "年" else None, "duration", False)
        n = given if regex.fullmatch(r"\d+\.\d+", given) else _num(given)
        approx = "more_than" if g["dur4"] is not None and g["more4"] else None
        return DateHit(s, e, f"P{n}{'Y' if unit == '年' else 'M'}", "duration", False, approx) if n else None
    if g["dur"] is not None or g["dur2"] is not None:
        if "半" in (g["dur"], g["dur2"]):
            if (g["dunit"] or g["dunit2"]) != "年":
                return None  # 半个月: half a month has no ISO duration of whole months
            return DateHit(s, e, "P6M", "duration", False, "nearly" if (g["dnear"] or g["dnear2"]) else None)
        n = _num(g["dur"] or g["dur2"])
        if not n:
            return None
        unit = (g["dunit"] or g["dunit2"])
        approx = "nearly" if (g["dnear"] or g["dnear2"]) else "more_than" if (g["dmore"] or g["dmore0"]) else None
        return DateHit(s, e, f"P{n}{'Y' if unit == '年' else 'M'}", "duration", False, approx)
    return None


def infer_ref_date(text: str) -> str | None:
    """§1: the latest complete date the text states (a month or day with its year, as in
    `截至2024年8月`), else the latest year mentioned, else None."""
    return _ref_of(find(text, None), text)


def _ref_of(hits: list[DateHit], text: str) -> str | None:
    """ref_date_of the hits, else, when a relative date needs one, a year written bare."""
    return ref_date_of(hits) or (_bare_year(text) if any(h.relative for h in hits) else None)


# A year written without 年 mentions the year too: `2023XX团委关于上半年工作总结`, `专项2023行动`
# (a draft's title before its gap, a campaign's name). Not a document's number (〔2022〕15号),
# a code (GB2019), a figure with its unit (2035平方米, 2000余万元: any unit of units.tsv), a
# grade (2004级) or a plan's horizon (2035, 2049: no bare year after 2030 is taken): the last
# resort of §1's rule.
_BARE_YEAR = regex.compile(r"(?<![\d.\-/〔\[【［A-Za-z])(?P<y>(?:19[5-9]\d|20[0-2]\d|2030))"
                           r"(?=[xXｘＸ*＊×“”「」《》()（），。、,\s]|(?![余多万亿千百级届型款号])\p{Han}|$)")


def _unit_at(text: str, at: int) -> bool:
    """A unit of the metrics' lexicon opens at `at` (asked only of the rare bare years)."""
    words = units()
    return any(text[at:at + k] in words for k in range(1, max(map(len, words)) + 1))


def _bare_year(text: str) -> str | None:
    years = [m["y"] for m in _BARE_YEAR.finditer(text) if not _unit_at(text, m.end())]
    return max(years) if years else None


def ref_date_of(hits: list[DateHit]) -> str | None:
    """The latest complete date the hits state, else the latest year (§1). The years of a
    span of years (a plan's `2021-2025年`) count only when the text states no other year:
    a 2023 summary quoting its five-year plan is not written in 2025."""
    complete, years, plan_years = [], [], []
    for h in hits:
        if h.relative or h.value is None:
            continue
        parts = h.value.split("/")
        span_of_years = h.granularity == "range" and ".." not in parts and all(len(p) == 4 for p in parts)
        for part in parts:
            if part in ("..", "") or part.startswith("P"):
                continue
            if len(part) >= 7 and part[5:6].isdigit():
                complete.append(part)   # a month or a day: 2024-08, 2024-07-10
            (plan_years if span_of_years else years).append(part[:4])
    if complete:
        return max(complete)
    years = years or plan_years
    return max(years) if years else None


# --- spaCy component ---------------------------------------------------------------------


@Language.factory("zhfacts_dates", default_config={"group": "dates"})
def make_dates(nlp: Language, name: str, group: str):
    def dates(doc):
        # ref_date: given by the caller (doc._.ref_date), else inferred from the text
        text = text_of(doc)
        matches = list(_matches(text))  # searched once, resolved once more if need be
        hits = _resolve(matches, text, doc._.ref_date)
        if doc._.ref_date is None:
            doc._.ref_date = _ref_of(hits, text)
            if doc._.ref_date and any(h.relative for h in hits):
                hits = _resolve(matches, text, doc._.ref_date)  # resolve 今年/上半年 against it
        hits = _outside_titles(hits, text)
        set_group(doc, group, [(h.start, h.end, {"value": h.value, "granularity": h.granularity,
                                                 "relative": h.relative, "approx": h.approx})
                               for h in hits])
        return doc
    return dates
