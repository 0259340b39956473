"""Metrics (FACTS_SPEC §2): a number with a measure word or unit — `1.35万名`, `800多个`,
`约7.5万人次`, `30.7%`, `7.9个百分点`, `236.30亿元`, `两次`, `近百名`.

`find(text)` works on clean text and returns hits with clean-text offsets; the spaCy
component `zhfacts_metrics` puts them in `doc.spans["metrics"]` with a subject.
"""
from __future__ import annotations

import itertools
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import regex
from spacy.language import Language

from pipeline.extractors import numbers
from pipeline.extractors.context import protected_ranges, subject_of
from pipeline.extractors.groups import group_names, groups
from pipeline.extractors.regions import divisions
from pipeline.extractors.spans import set_group
from pipeline.resources import read_tsv
from pipeline.segment import dictionary_word, text_of

# approximation words (§2) before the number, and after it or after the unit
APPROX_BEFORE = {"约": "about", "约有": "about", "约为": "about", "大约": "about", "近": "nearly", "将近": "nearly", "接近": "nearly",
                 "超过": "more_than", "超": "more_than", "逾": "more_than", "超逾": "more_than",
                 "不到": "less_than", "不足": "less_than", "不少于": "more_than", "不低于": "more_than",
                 "至少": "more_than", "不超过": "less_than", "不高于": "less_than", "逼近": "nearly",
                 "低于": "less_than", "高于": "more_than", "少于": "less_than"}
# (突破, 冲破 "went past" a mark are verbs of the sentence, outside the figure: 突破|10亿元, a
# round figure reached, no approximation of one)
APPROX_AFTER = {"多": "more_than", "余": "more_than", "几": "more_than", "以上": "more_than", "之多": "more_than",
                "左右": "about", "以下": "less_than", "以内": "less_than"}


_LATIN = regex.compile(r"[A-Za-z]")
_YEAR_LIKE = regex.compile(r"(?:19[5-9]|20[0-4])\d")
# a measure word and what follows it that make another word or a span of time
# (46个亿元以上项目 counts projects; 2000档案资料, 5架构, 卷宗, 卷入: other words)
UNIT_THEN_WORD = {"个": ("多月", "多小时", "多星期", "多礼拜", "亿，", "亿,", "亿。", "亿；", "日历天", "工作日", "工作天"),
                  "部": ("门",), "层": ("次", "面", "级", "层"), "層": ("次", "面", "級", "層"),
                  "档": ("案", "次"), "瓶": ("颈",), "架": ("构", "子", "势", "设"), "卷": ("烟", "宗", "入", "起", "轴"),
                  "方": ("面", "案", "式", "向", "法", "针", "位", "阵", "言", "便", "略", "舱", "志", "剂", "形", "块", "格", "圆", "正", "米"),
                  # 双 opens a word or a name (双桥, 双方, 双向, 双语, 双重, 双创, 双百)
                  "双": ("桥", "方", "向", "语", "重", "创", "百", "减", "拥", "赢", "岗", "城", "河", "流", "轨", "循", "碳", "休", "周", "月", "胞", "职", "师", "一", "十", "千", "万", "亿", "学", "带", "培", "联", "报", "到", "评", "认")}
# hours and days counted in the hundreds are a sum of time given (服务时长10000余小时, 优良天数
# 272天, 合共约三百三十一小时), no span of time the report covers
SUMMED_TIME = frozenset(("小时", "小時", "个小时", "個小時", "天", "日"))
# …when the sentence sums them (工期180天, 历时120天 are spans of time)
_SUM_CUE = regex.compile(r"累计|合共|共计|总计|时长|时数|天数|学时|达|共|培训|服务|志愿")


def after_sum_word(text: str, start: int) -> bool:
    """A word of summing (累计, 时长, 天数…) in the few characters before `start`: days or hours
    in the hundreds after it are a sum, a metric (the dates read no span there)."""
    return _SUM_CUE.search(text, max(0, start - 8), start) is not None


def _hundreds(m: regex.Match) -> bool:
    figure = m.group("arabic") or m.group("cn")
    value = numbers.parse(figure.replace(",", "").replace(" ", "")) if figure else None
    if value is not None and m.group("mag"):
        value *= numbers.parse_chinese("一" + m.group("mag")) or 1
    if m.group("unit") == "日" and figure and len(figure) >= 6 and "," not in figure:
        return False  # 2023228日: a date that lost its 年 and 月, no count of days
    return value is not None and value >= 100


@dataclass
class MetricHit:
    start: int
    end: int
    value: float
    unit: str
    approx: str | None
    scored: bool = True   # False for the spec's borderline cases (连续13年)


@lru_cache(maxsize=1)
def units() -> dict[str, tuple[str, str]]:
    """surface -> (canonical unit, kind), from lexicons/units.tsv."""
    return {row[0]: (row[1], row[2]) for row in read_tsv("units.tsv")}


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def magnitude() -> str:
    """A magnitude after an Arabic figure: 万 亿 千 百 (`3千人`, `5百余人`), except where the
    character begins a unit: `3千米` is 3 kilometres (千米 = 公里), not 3000 米; likewise
    千克, 千瓦; `3百分点` is 3 points, not 300 of something."""
    starting = {c: sorted((u[1:] for u in units() if u[0] == c and len(u) > 1), key=len, reverse=True)
                for c in "千仟百佰"}
    parts = ["[万亿萬億]"]
    for c, rests in starting.items():
        parts.append(c + (f"(?!{_alt(rests)})" if rests else ""))
    return "|".join(parts)


@lru_cache(maxsize=1)
def _pattern() -> regex.Pattern:
    cn = numbers.CN_NUMERAL
    MAGNITUDE = magnitude()
    return regex.compile(
        rf"(?:(?P<pre>{_alt(APPROX_BEFORE)})[ \u3000]?)?"
        # a figure starts at the start of its digits or numerals, never inside a run of them
        # (nor after `39,`: a thousands group; `),6个` is a figure): this keeps the scan linear
        # on a long run of digits
        rf"(?:(?<!\d)(?<!\d,)(?P<arabic>{numbers.ARABIC_SPACED}|{numbers.ARABIC})(?P<amore>多|余)?(?:[ \u3000](?=[万亿千百萬億]))?(?P<mag>(?:{MAGNITUDE}){{1,2}})?"
        # `3万5千元`, `1亿2千万元`: smaller places after the magnitude (numbers.parse_compound)
        rf"(?(mag)(?P<cmp>{numbers.COMPOUND_TAIL})?)"
        # `三十余万元`: a Chinese figure, 余/多, then its magnitude
        # (七点二五亿元: Chinese decimals before a magnitude; a bare 三点五 may be a time of day)
        rf"|(?<![{cn}])(?P<cn>[{cn}]+(?:[点點][零〇一二三四五六七八九]{{1,4}}[万亿萬億])?)(?:(?P<cmore>多|余)(?P<cmag>[万亿萬億]))?)"
        # `3000 余人`: a PDF space between an Arabic figure and 余/多
        rf"(?:(?:(?<=\d)[ \u3000])?(?P<more>多|余|(?<=\d|十)几))?"  # (十几个, 10几米: ten and some)
        # one space may stand between an Arabic figure and its unit in text from PDFs (`15 亿元`)
        rf"(?P<sp>[ \u3000])?"
        # (分 is a score's unit, never the 分 of 百分之 or 分钟)
        rf"(?:(?P<pts>个[ \u3000]百分点|个百[ \u3000]分点|百[ \u3000]分点)|(?P<unit>{_alt(units())})(?<!分(?=[之钟]))|(?P<pct>%))"
        rf"(?:[ \u3000]?(?P<post>以上|左右|以下|以内|之多|(?<=[万亿萬億]元)多(?=[，。；、,;）)\s]|$)))?"  # (70.24% 以上: a PDF's space; 七点二五亿元多: Macau's "more than")
        # 百分之三十 / 百分之30
        rf"|(?P<pre2>{_alt(APPROX_BEFORE)})?百分之(?P<pctnum>{numbers.ARABIC}|[{cn}]+(?:[点點][零〇一二三四五六七八九]+)?)"
        # 七成, 超过七成, 近八成, 九成以上: tenths, a percentage (七成 is 70 %); only before a
        # clause's end, 以上/左右 or 的 (一成不变, 三成员, 五成熟 are words)
        rf"|(?P<pre3>{_alt(APPROX_BEFORE)})?(?<![{cn}\d])(?P<tenth>[一二两三四五六七八九])成"
        rf"(?:(?P<post3>以上|左右|多)|(?=的|个(?!人)|[，。、；：,;:）)」”\s]|$))",  # (四成多: more than 40 %)
    )


@lru_cache(maxsize=1)
def _names() -> tuple[str, ...]:
    return group_names(_pattern())


# characters that glue a number to a larger identifier or date (7·9, 2024.08, 1—8), or
# make it part of a gap in a draft (xx0.9%, X.5亿元: a placeholder, never a figure); after
# 每 a figure is a rate's base (每十万人口, 每5名党员), not a count
_GLUE_BEFORE = set("0123456789.·—-～~/第#№*＊XxＸ×每")
_GLUE_AFTER = set("·")


def find(text: str) -> list[MetricHit]:
    hits = []
    trillions = _trillions(text) if "兆" in text else []
    blocked = sorted(protected_ranges(text) + [(h.start, h.end) for h in trillions])
    starts = [s for s, _ in blocked]
    max_end = list(itertools.accumulate((e for _, e in blocked), max))
    for m in _pattern().finditer(text):
        hit = _hit(m, text)
        if hit is None or _blocked(hit, starts, max_end):
            continue
        hits.append(hit)
    if trillions:
        hits = sorted(hits + trillions, key=lambda h: h.start)
    hits = [_below_zero(h, text) if h.unit == "℃" else h for h in hits]
    return _drop_ranges(hits, text)


_BELOW_ZERO = ("零下", "-", "－", "−")


def _below_zero(h: MetricHit, text: str) -> MetricHit:
    """零下5℃, -3℃: a temperature below zero, the word or the sign in the span and the value
    negative."""
    word = next((w for w in _BELOW_ZERO if text.endswith(w, 0, h.start)), None)
    if word is None or h.value < 0:
        return h
    return MetricHit(h.start - len(word), h.end, -h.value, h.unit, h.approx, h.scored)


# Taiwan counts money in 兆 (10^12): `25.4兆元`, `4兆8,530亿元` (4×10^12 + 8,530×10^8). In
# mainland text 兆 is mega (兆瓦, 兆帕): only 兆 before a currency or 亿 is read here
_TRILLION = regex.compile(rf"(?:(?P<pre>{_alt(APPROX_BEFORE)})[ \u3000]?)?(?<![\d.,])(?P<t>\d{{1,4}}(?:\.\d+)?)兆"
                          r"(?:(?P<y>\d{1,4}(?:,\d{3})?)(?:亿|億))?(?P<unit>元|美元|新台币|台币)")


def _trillions(text: str) -> list[MetricHit]:
    out = []
    for m in _TRILLION.finditer(text):
        value = float(m["t"]) * 10**12 + (float(m["y"].replace(",", "")) * 10**8 if m["y"] else 0)
        out.append(MetricHit(m.start(), m.end(), round(value, 4), units()[m["unit"]][0] if m["unit"] in units() else m["unit"],
                             APPROX_BEFORE.get(m["pre"] or "", None)))
    return out


# between the two ends of a range: `10%至20%`, `5万元至10万元`, `2名到3名`
_RANGE_JOINERS = ("至", "到", "-", "－", "—", "–", "~", "～")


def _drop_ranges(hits: list[MetricHit], text: str) -> list[MetricHit]:
    """A range with the unit written at both ends (`10%至20%`, `5万元至10万元`) has no single
    value, like `2至3名` and `5%-8%`: neither end is a metric. The ends must share a unit:
    `增长5%至12亿元` is a rise of 5% that reaches 12亿元, two figures; and `由10%到20%` is a
    change from one figure to another, not a range."""
    drop = set()
    for i, (a, b) in enumerate(zip(hits, hits[1:])):
        between = text[a.end:b.start].strip(" \u3000")
        if between not in _RANGE_JOINERS or a.unit != b.unit or b.value < 0:
            continue
        if between == "到" and text[max(0, a.start - 1):a.start] in ("由", "从"):
            continue
        drop.update((i, i + 1))
    return [h for i, h in enumerate(hits) if i not in drop]


@lru_cache(maxsize=1)
def _time_units() -> frozenset[str]:
    """The surfaces of time units (年, 月, 个月, 天): a figure with one is a date or a
    duration (§3), not a metric, unless 连续 stands before it."""
    return frozenset(u for u, (_, kind) in units().items() if kind == "time")


def borderline(norm: str, unit: str) -> bool:
    """The spec's borderline metric, reported but not scored (§2): a span of time counted
    after 连续 (`连续13年`)."""
    return norm.startswith(("连续", "連續")) and unit in _time_canonical()


@lru_cache(maxsize=1)
def _time_canonical() -> frozenset[str]:
    return frozenset(units()[u][0] for u in _time_units())


def _hit(m: regex.Match, text: str) -> MetricHit | None:
    # 5年, 3月, 6个月 are dates or durations (§3), refused before anything else is read:
    # on a date-dense text (`2024年3月…`) every year and month matches here. A match with
    # a unit has no % or 个百分点 (they are alternatives of the unit) and no 百分之.
    start = m.start()
    if m.group("unit") in _time_units() and text[max(0, start - 2):start] != "连续" \
            and not (m.group("unit") == "天" and "天数" in text[max(0, start - 8):start]) \
            and not (m.group("unit") in SUMMED_TIME and _hundreds(m) and after_sum_word(text, start)):
        return None
    g = groups(m, _names())  # g["unit"]: m.group("unit"), without a method call per read
    start, end = m.span()
    if g["tenth"] is not None:
        j = m.start("tenth") - 1
        if not (g["pre3"] or g["post3"] in ("以上", "左右")) and j >= 0 and _HAN_CHAR.match(text, j) and text[j] not in _BEFORE_TENTH:
            return None  # 李三成, 统一成: a name's or a verb's 成, no tenth (群众九成以上 is one)
        approx = APPROX_AFTER[g["post3"]] if g["post3"] else APPROX_BEFORE.get(g["pre3"] or "", None)
        return MetricHit(start, end, 10.0 * numbers.parse_chinese(g["tenth"]), "%", approx)
    if g["pctnum"] is not None:
        value = numbers.parse(g["pctnum"])
        return None if value is None else MetricHit(start, end, value, "%",
                                                   APPROX_BEFORE.get(g["pre2"] or "", None))
    num_start = m.start("arabic") if g["arabic"] else m.start("cn")
    before = num_start - 1
    if before > 0 and text[before] in " \u3000" and not g["pre"]:
        before -= 1  # `第 3 名`: a space does not unglue
    sign = 1
    if _sign(text, num_start, g):
        # `同比分别-6.2%、-19.3%`: a fall written with a minus; `(+9.1%)` a rise with a plus
        sign, start = (1 if text[num_start - 1] in "+＋" else -1), num_start - 1
    elif before >= 0 and text[before] in _GLUE_BEFORE:
        return None
    if before >= 1 and text[before] in _RANGE_WORDS and _is_numeral(text[before - 1]):
        return None  # `2至3次`, `两到三次`: a range, glued like `1-2名` (no single value)
    if g["cn"] and _vague(text, num_start, g["cn"]):
        return None
    if end < len(text) and text[end] in _GLUE_AFTER:
        return None
    if g["unit"] and g["unit"][0].isascii() and g["unit"][0].isalpha() \
            and (_LATIN.match(text, end) or text.startswith("/h", end) or (num_start > 0 and _LATIN.match(text, num_start - 1))):
        return None  # 10mg, 5min, G5m: a Latin unit is a whole word (km, kg, m), no part of a longer one or a code
    if text[end:end + 1] in ("-", "－", "—", "–", "~", "～") and text[end + 1:end + 2].isdigit():
        return None  # `10%-20%`, `10%—20%`: the first end of a range
    if g["sp"] and not g["arabic"]:
        return None  # `三 个`: a space after a Chinese numeral is prose, not a figure
    if g["sp"] and g["arabic"] and _YEAR_LIKE.fullmatch(g["arabic"]) and not g["mag"] \
            and g["unit"] not in ("人", "元", "名", "次", "人次", "户") and dictionary_word(text[end - 1:end + 1]):
        return None  # `2020 村镇协会`: a title's year before a word (村镇), no count of villages
    if g["unit"] == "方" and not (g["mag"] or g["cmag"]):
        return None  # 3方协议, 五方代表: parties; 方 counts cubic metres after a magnitude (9288万方, 700余万方)
    if g["unit"] in UNIT_THEN_WORD and text.startswith(UNIT_THEN_WORD[g["unit"]], end):
        return None  # 2个多月 (a span of time), 4部门, 4.9个亿: the measure word opens another word
    if g["unit"] and units()[g["unit"]][0] == "届" and g["arabic"] and _YEAR_LIKE.fullmatch(g["arabic"]) and not g["mag"]:
        return None  # 2024届高考, 2024 届毕业生: the class of a year, no count of terms
    if g["unit"] == "期" and text[max(0, num_start - 1):num_start] == "年" and text[max(0, num_start - 2):num_start - 1].isdigit():
        return None  # 2022年10期: a journal's issue, no count (每年4期 counts)
    if g["arabic"]:
        if g["cmp"]:
            value = numbers.parse_compound(g["arabic"] + g["mag"] + g["cmp"])
        else:
            value = numbers.parse(g["arabic"] + (g["mag"] or ""))
        if value is not None:
            value = round(value, 4)  # 163.8亿 is 16380000000, not 16380000000.000002
    else:
        cn = g["cn"]
        if _place_at(text, num_start):
            return None  # 三门县, 六安市, 万宁市: a place whose name starts with a numeral
        if g["unit"] == "届" and _TERM_NAME.match(text, end):
            return None  # 区委十三届九次全会, 十三届人大: a body's term, not a count
        if cn == "零":
            return None  # 零部件, 零星: 零 alone counts nothing
        if g["unit"] in ("层", "層") and cn == "一":
            return None  # 更进一层, 一层意思: a degree; floors are counted from two (地上四层)
        if cn.startswith("一一") and text.endswith("唯", 0, num_start):
            return None  # 唯一|一家: "the only one", no count of eleven
        if g["unit"] == "次" and cn != "两" and (
                (text.startswith(_SESSION_AFTER, end) and "届" in text[max(0, num_start - 6):num_start])
                or (cn == "二" and text.startswith(_SECONDARY_AFTER, end))):
            return None  # 七届人大二次会议: a session; 二次供水: secondary (三次会议 is a count)
        if text.endswith("、", 0, num_start) and _ORDINAL_LIST.search(text, max(0, num_start - 8), num_start):
            return None  # 第一、二期: the 第 of the first item holds for the next
        if g["unit"] == "期" and (text.endswith(_PHASE_OF, 0, num_start) or text.startswith(("工程", "项目", "建设"), end)
                                 or _PHASE_SIZE.match(text, end)  # 二期9.29万平方米: a phase, then its size
                                 or (cn in ("一", "二", "三", "四", "五") and text[end:end + 1] in "、，,；;和及")):
            return None  # 院区二期, 项目三期, 再生资源二期、: a phase of a work (in a list of works), not a count
        if cn == "一" and not (g["unit"] in ("位", "名") and text.endswith(_RANK_MOVES, 0, num_start)) \
                and g["unit"] not in ("个百分点", "百分点"):  # (上升一个百分点: one point, no article)
            return None  # 一 alone is an article or an idiom (一个突出问题, 一批), not a count;
            # but 上升一位 moves a ranking by one place
        if before >= 1 and _is_numeral(text[before - 1]) and not _is_numeral(text[before]) \
                and "\u4e00" <= text[before] <= "\u9fff" and text[before] not in "年月日":
            return None  # 四级五岗, 三会一课: numbered words in a row are a formula's name
        if cn in _BARE_MAGNITUDES and not (g["pre"] or g["more"] or g["cmore"] or g["post"]) \
                and text[num_start - 1:num_start] not in ("达", "破"):
            # a bare 百/千/万 with no 近/逾/余/多 is a name or a blank, not a figure:
            # `千名干部进千企`, `投资万元` (a draft's blank); `近百名`, `万余人`, `达万人` are figures
            return None
        if _TWO_NEIGHBOURS.fullmatch(cn):
            return None  # 七八个, 三四人: "seven or eight", no single figure (not 78)
        value = numbers.parse_chinese(cn)
        if value is not None and g["cmag"]:
            value *= numbers.parse_chinese("一" + g["cmag"])  # 三十余万 = 30 × 10^4, more than
    if value is None:
        return None
    if g["pct"]:
        unit, kind = "%", "percent"
    elif g["pts"]:
        unit, kind = "百分点", "points"  # a PDF broke the unit with a space: `5 个百 分点`
    else:
        unit, kind = units()[g["unit"]]
    if kind == "time" and text[max(0, start - 2):start] != "连续":
        kind = "count"  # 优良天数达272天, 服务时长10000余小时: days or hours counted (let through above), no span of time
    if unit == "岁" and (g["post"] in ("以上", "以下", "以内") or text.startswith(("及以上", "及以下"), end) or value > 130):
        return None  # 60周岁以上老人, 35岁以下: an age bound naming a group, no figure measured (平均年龄44.8岁
        # is); 2064岁: a range 20-64 that lost its dash
    if unit == "字" and value < 100:
        return None  # 十六字方针, 8字诀: a motto's length; a text's length runs to hundreds
    if g["unit"] == "分" and (not g["arabic"] or text[end:end + 1] in _FEN_NOT_POINTS
                             or text[max(0, num_start - 1):num_start] in ("时", "点", ":", "：")):
        return None  # 600分 is a score; 十分 (very), 30分钟, 8时30分, 3分之1, 2分局 are not
    if g["unit"] == "组" and not g["pre"] and _VILLAGE_GROUP_RE.search(text, max(0, num_start - 30), num_start):
        return None  # `高庄村3组、5组`: villagers' groups (村民小组) named by their numbers, not counts
    scored = True
    if kind == "time":  # only `连续13年` is left (see above): the borderline metric, unscored
        start -= 2
        scored = False
    approx = APPROX_BEFORE.get(g["pre"] or "", None)
    for word in (g["amore"], g["cmore"], g["more"], g["post"]):
        if word:
            approx = APPROX_AFTER[word]
    if not g["post"] and kind != "percent":
        end, unit = after_slash(text, end, g["unit"], unit)
    if unit == "倍" and not g["arabic"] and text.startswith("的", end):
        return None  # 以十倍的努力: an idiom of effort, no multiple measured
    return MetricHit(start, end, sign * float(value), unit, approx, scored)


# time words a rate may be counted per that are not units of a figure
_RATE_TIMES = ("天", "季度", "年度")


@lru_cache(maxsize=1)
def _rate_bases() -> regex.Pattern:
    bases = [u for u in units() if units()[u][1] not in ("percent", "points", "money")] + list(_RATE_TIMES)
    # a base of two, per person and year (元/人·年, 元/人/月)
    time = _alt([u for u in units() if units()[u][1] == "time"] + list(_RATE_TIMES))
    return regex.compile(rf"(?:{_alt(bases)})(?:[·・/](?:{time}))?(?![均])")


def after_slash(text: str, end: int, unit_word: str | None, unit: str) -> tuple[int, str]:
    """The end and unit of a figure (or a gap) whose unit a slash goes on with: a rate keeps
    its base (300元/吨 → 元/吨, 2万元/人 → 元/人); a count over a count is one measure word
    written in two (1200人/次 → 人次; 50台/套 stays 台)."""
    if not text.startswith(("/", "／"), end):
        return end, unit
    per = _rate_base(text, end + 1)
    if per is None:
        return end, unit
    if per[2] == "count" and unit_word in units() and units()[unit_word][1] == "count":
        joined = unit_word + per[0]
        return (end + 1 + len(per[0]), units()[joined][0]) if joined in units() else (end, unit)
    return end + 1 + len(per[0]), unit + "/" + per[1]


def _rate_base(text: str, at: int) -> tuple[str, str, str] | None:
    """The unit a rate is counted per, written after its slash (元/吨, 吨/日, 千伏安/户,
    元/人·年): (its surface, its canonical form, its kind); a figure after the slash is a
    fraction, a word that opens there (户均) no base."""
    m = _rate_bases().match(text, at)
    if m is None or (m.end() < len(text) and text[m.end()].isascii() and text[m.end()].isalnum()):
        return None
    word = m.group()
    if word not in units():
        return word, word, "time" if "·" in word or "/" in word or word in _RATE_TIMES else ""
    if units()[word][1] == "time":
        return word, word, "time"  # 吨/日 stays per 日 (a day's output), as written
    return word, units()[word][0], units()[word][1]


# right before the figure: a village, then perhaps other numbered groups (`村3组、5组`)
# after 分 these begin a word (分钟, 分之, 分局, 分公司…): the figure is no score
_FEN_NOT_POINTS = set("钟鐘之局队隊会會院公类類别別区區校社支厂廠部行所站中期批级級档檔秒享")
_VILLAGE_GROUP_RE = regex.compile(r"村(?:\d{1,2}组[、，,和及])*$")
_TERM_NAME = regex.compile(r"[一二三四五六七八九十]{1,3}次|[一二三四五六七八九十]中(?:全会|[、，,和及])|人大|政协|党代会|全会|代表大会|委员会|中央|全国|省委|市委|县委|区委"
                           r"|历次全会|历次会议")  # (省委十三届历次全会: every plenum of that term)
# what may stand right before a tenth written with no approximation word (占三成, 达六成, 的两成)
_BEFORE_TENTH = set("占达有的为是约近超逾足到率、，,；：:（(“")  # (破案率四成多: a rate of 40 %)
_HAN_CHAR = regex.compile(r"\p{Han}")
_PHASE_OF = ("院区", "项目", "工程", "园区", "小区", "一期、", "期和", "电站", "电厂", "水厂", "机场", "码头", "港区", "大桥", "基地")
# a phase's size right after it (二期9.29万平方米, 三期120亩); 三期1200人次 counts sessions
_PHASE_SIZE = regex.compile(r"\d[\d.,]*\s?[万亿]?\s?(?:平方|亩|公顷|米|元)")


def _place_at(text: str, i: int) -> bool:
    """A division's full name starts at `i` (三门县, 三门峡市)."""
    names = divisions()
    return any(text[i:i + k] in names and names[text[i:i + k]].full == text[i:i + k] for k in range(3, 6))


# verbs that move a ranking: 上升一位, 前进一名
_RANK_MOVES = ("上升", "下降", "提升", "前进", "后退", "升", "降", "跃升", "跃居")
_BARE_MAGNITUDES = {"百", "千", "万", "亿", "百万", "千万", "萬", "億", "佰", "仟"}


def _sign(text: str, num_start: int, g: dict) -> bool:
    """A `-` or `+` right before a percentage or points figure, after a word or punctuation
    (not after a digit or letter, as in 1-5%), is a sign: `(+9.2%)`, `-6.2%` (in the span)."""
    if num_start < 1 or text[num_start - 1] not in "-－+＋" or g["pre"] or not g["arabic"]:
        return False
    if not (g["pct"] or g["pts"] or (g["unit"] and units()[g["unit"]][1] in ("percent", "points"))):
        return False
    prev = text[num_start - 2] if num_start >= 2 else " "
    return not (prev.isascii() and prev.isalnum()) and prev not in _GLUE_BEFORE and prev != "%"


# what follows a Chinese numeral + 次 that makes it a session of a term (after 届) or an
# adjective (二次 = secondary), not a count
_SESSION_AFTER = ("会议", "全会", "全体会议")
_SECONDARY_AFTER = ("供水", "创业", "开发", "污染", "装修")
_ORDINAL_LIST = regex.compile(r"第[一二三四五六七八九十]+、$")


# 至/到 between two figures make a range; `数千名`, `几十个`, `上万人`, `成千上万` are vague
# sizes, not figures (`近百名`, `万余人` are: the spec gives them a value)
_RANGE_WORDS = set("至到~～")
_VAGUE_BEFORE = set("数几上成")
_MAGNITUDES = set("十拾百佰千仟万萬亿億")


def _is_numeral(c: str) -> bool:
    return c.isdigit() or c in numbers.CN_NUMERAL


# two neighbouring digits in a row say "this or the next" (三四个, 七八人, 两三次, 三四十人, 十七八个)
_TWO_NEIGHBOURS = regex.compile(r"十?(?:一二|两三|二三|三四|四五|五六|六七|七八|八九)[十百千万]{0,2}")


def _vague(text: str, num_start: int, cn: str) -> bool:
    if num_start < 1 or text[num_start - 1] not in _VAGUE_BEFORE or cn[0] not in _MAGNITUDES:
        return False
    # 总数十个, 人数十万: 数 ends a word there, the figure is exact
    return not (text[num_start - 1] == "数" and num_start >= 2 and text[num_start - 2] in "总人户次件个倍")


def _blocked(hit: MetricHit, starts: list[int], max_end: list[int]) -> bool:
    """Does the hit overlap a name, a title or an idiom? Of the ranges (sorted by start)
    that start before the hit ends, does the furthest-reaching one end after it starts?"""
    k = bisect_left(starts, hit.end)
    return k > 0 and max_end[k - 1] > hit.start


# --- spaCy component -------------------------------------------------------------------


@Language.factory("zhfacts_metrics", default_config={"group": "metrics"})
def make_metrics(nlp: Language, name: str, group: str):
    def metrics(doc):
        text = text_of(doc)
        items = []
        for h in find(text):
            items.append((h.start, h.end, {
                "value": h.value, "unit": h.unit, "approx": h.approx,
                "subject": subject_of(text, h.start, h.end, h.unit), "scored": h.scored}))
        set_group(doc, group, items)
        return doc
    return metrics
