"""The rules of `zhfacts check`: what each one finds (`RULES`, with a true case and a
near-miss each, shown by `zhfacts rule ID` and run by the tests) and the code that finds it.

Gaps are not detected here: they are the extraction's placeholders
(`pipeline/extractors/placeholders.py`), so `check` and `extract` see the same gaps. The
consistency rules compare figures of one sentence in the original text; they are tuned
for precision, since a false alarm costs a writer's trust.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.check.messages import t
from pipeline.facts import Extraction

SEVERITIES = ("note", "warning", "error")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    summary: dict[str, str]      # one line, per language
    explanation: dict[str, str]  # why it matters and what it does not flag
    example: str                 # a sentence the rule flags
    near_miss: str               # a sentence like it that the rule leaves alone


RULES = {r.id: r for r in [
    Rule("ZH-GAP-NUMBER", "error",
         {"en": "a figure left as a gap marker before its unit (*人, XX个, ?个)",
          "zh": "单位前的数字留了占位符（*人、XX个、?个）"},
         {"en": "A draft marks a figure it does not know yet with *, X, ×, □ or ?; the unit after the marker "
                "shows that a number is missing. A lone * or X with no unit after it is a footnote or a letter.",
          "zh": "起草时不知道的数字常用 *、X、×、□、? 占位；占位符后面的量词说明这里缺一个数字。"
                "后面没有量词的单个 * 或 X 是脚注或字母，不报告。"},
         "全年培训党务干部*名。", "全年培训党务干部*。"),
    Rule("ZH-GAP-PERCENT", "error",
         {"en": "a percentage left as a gap marker (*%)", "zh": "百分比留了占位符（*%）"},
         {"en": "A percentage whose figure is a gap marker.", "zh": "百分比的数字是占位符。"},
         "党员参学率达*%。", "党员参学率达98%。"),
    Rule("ZH-GAP-NAME", "error",
         {"en": "a name left as a gap marker (尊敬的*, ×××同志, 某某)", "zh": "姓名留了占位符（尊敬的*、×××同志、某某）"},
         {"en": "A name to be filled in: a marker after 尊敬的 or before 同志/书记, or an empty bracket. "
                "A product such as 3×5 is not a gap.",
          "zh": "待填写的姓名：尊敬的之后、同志或书记之前的占位符，或空括号。3×5 这样的乘式不是空缺。"},
         "尊敬的×××同志：", "这是3×5的矩阵。"),
    Rule("ZH-GAP-DATE", "error",
         {"en": "a date left as a gap marker (2024年*月)", "zh": "日期留了占位符（2024年*月）"},
         {"en": "A month or day left as a marker.", "zh": "月份或日期是占位符。"},
         "会议于2024年*月召开。", "会议于2024年3月召开。"),
    Rule("ZH-GAP-MISSING-VALUE", "error",
         {"en": "a ratio word with no figure after it (占比“四星级”…)", "zh": "比例词后面没有数字（占比“四星级”……）"},
         {"en": "占比, 比例为 or 比重为 followed by words instead of a figure, in a sentence that has other gaps. "
                "占比较高 and 占比逐年提升 are prose.",
          "zh": "占比、比例为、比重为之后不是数字而是文字，且同一句中还有其他空缺。占比较高、占比逐年提升是正常表述。"},
         "占比“四星级”党组织*个。", "党员占比较高，占比逐年提升。"),
    Rule("ZH-SHARE-OVER-100", "error",
         {"en": "a share (占比, 覆盖率, 完成率…) over 100% — a growth may be, a share may not",
          "zh": "占比、覆盖率、完成率等比例超过100%（增长可以，占比不可以）"},
         {"en": "A share names a part of a whole, so it cannot pass 100%. A growth (增长, 提高, 同比) can.",
          "zh": "占比是部分占整体的比例，不可能超过100%；增长、提高、同比可以超过。"},
         "全市党员覆盖率达120%。", "全市党员同比增长150%。"),
    Rule("ZH-SHARE-VS-COUNT", "warning",
         {"en": "a share that contradicts the counts beside it (40个中达标30个、占比50%)",
          "zh": "比例与同一句中的数量不符（40个中达标30个、占比50%）"},
         {"en": "A total (共有…40个, 所属40个…中), a part of it in the same unit (个, 家, or people in 名/人) "
                "and its share (占比, 占比为, 比例为, 占): the share must be part ÷ total, give or take one "
                "point of rounding. A part in another unit is not compared.",
          "zh": "同一句中有总数（共有……40个、所属40个……中）、同一单位（个、家，人数的名/人）的部分数及其占比"
                "（占比、占比为、比例为、占）：占比应等于部分数除以总数，允许1个百分点的四舍五入误差。"
                "单位不同的数字不作比较。"},
         "全市共有基层党组织40个，其中达标30个，占比为50%。", "全市共有基层党组织40个，其中培训党员30名，占比为50%。"),
    Rule("ZH-PARTS-OVER-TOTAL", "error",
         {"en": "parts that add up to more than their stated total (共10个，其中6个…、5个…)",
          "zh": "其中各项之和超过总数（共10个，其中6个……、5个……）"},
         {"en": "A total (共, 共有, 共计 … N个/家/名/人) and its parts after 其中, in the same unit: a part may not "
                "exceed the total, nor the parts together. Groups that overlap — people by 女, 少数民族, 35岁以下, "
                "大专以上; units by 示范, 达标, 星级… (lexicons/check_overlapping.txt) — may add up to more than the "
                "whole, so only each one is compared.",
          "zh": "总数（共、共有、共计……N个/家/名/人）与其后“其中”列出的同单位各项：任一项不得超过总数，各项之和也不得超过。"
                "相互交叉的类别（人员的女、少数民族、35岁以下、大专以上，单位的示范、达标、星级等，"
                "见 lexicons/check_overlapping.txt）之和可以超过总数，只逐项比较。"},
         "全市共有企业50家，其中国有企业12家、民营企业45家。", "全市共有党员120名，其中女党员80名、少数民族党员50名。"),
    Rule("ZH-SAME-SUBJECT", "warning",
         {"en": "the same subject given two different figures in one report",
          "zh": "同一主语在同一份材料中出现两个不同的数字"},
         {"en": "One subject named fully (4 characters or more), one unit, two exact figures. An approximate "
                "figure (左右, 多) or another unit is not compared.",
          "zh": "同一主语（4个字以上）、同一单位、两个确数。约数（左右、多）或不同单位不作比较。"},
         "服务企业党组织有12个。服务企业党组织有15个。", "服务企业党组织有12个。服务企业党组织有15个左右。"),
]}

GAP_RULES = {"number": "ZH-GAP-NUMBER", "percent": "ZH-GAP-PERCENT", "name": "ZH-GAP-NAME",
             "date": "ZH-GAP-DATE", "missing_value": "ZH-GAP-MISSING-VALUE"}


@dataclass
class Hit:
    """One finding before it has a file, a line and a column: offsets into the original text."""
    rule: str
    start: int
    end: int
    message: str
    context: str


# --- shares over 100% -----------------------------------------------------------------------
# a share names a part of a whole: it cannot pass 100%; a growth can (增长150%)
SHARE_WORDS = re.compile(r"(占比|比例|比重|覆盖率|完成率|达标率|及时率|办结率|满意率|参与率|到位率|合格率|知晓率|占)"
                         r"(?:达到|达|为|是|约|近|超过)?$")
GROWTH_WORDS = re.compile(r"(增长|增加|提升|提高|上升|上涨|增幅|同比|环比|翻|比上年|较上年)")

# --- counts beside their total ----------------------------------------------------------------
# things counted: 个 (organizations, units), 家 (companies), 名 and 人 (people: the same count)
UNIT_CLASS = {"个": "个", "家": "家", "名": "人", "人": "人"}
# a count starts where its digits start: tried inside a long digit run, `\d+` would
# backtrack over the whole run from every digit of it (quadratic on 999…)
_COUNT = r"(?<!\d)(\d+)([个家名人])"
_NO_BREAK = r"[^，,。；;：:！？\n\d%]"
# the total: 共有基层党组织40个 / 共40个 / 所属40个党支部中，
_TOTAL_RE = re.compile(rf"(?:共有|共计|总计|共|所属|全部)(?:{_NO_BREAK}){{0,12}}?{_COUNT}"
                       rf"|{_COUNT}(?:{_NO_BREAK}){{0,12}}?中(?=[，,])")
# a part and its share: 达标30个，占比为50% / 女党员40名，占33.3%
_SHARE_RE = re.compile(rf"{_COUNT}[，,、]?\s*(占比|比例|占)(?:为|达到|达|是)?(\d+(?:\.\d+)?)%")
TOLERANCE = 1.0  # percentage points: rounding in the text
# the parts of a total: 共有…10个，其中A类6个、B类5个
_PARTS_RE = re.compile(rf"(?:共有|共计|共)(?:{_NO_BREAK}){{0,12}}?{_COUNT}([^。；;！？\n]{{0,40}}?)其中"
                       rf"([^。；;！？\n]{{1,80}})")
_PART_RE = re.compile(rf"([^，,、；;。\d]*){_COUNT}")


@lru_cache(maxsize=1)
def overlapping_words() -> tuple[str, ...]:
    """Words that mark a group cutting across the others (女, 少数民族, 35岁以下, 示范, 达标…)."""
    from pipeline.resources import lexicon

    lines = lexicon("check_overlapping.txt").read_text(encoding="utf-8").splitlines()
    return tuple(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def find(result: Extraction, original: str, *, extra_markers: tuple[str, ...] = (), lang: str = "en") -> list[Hit]:
    """Every hit of every rule in one document (selection and suppression come later)."""
    hits: list[Hit] = []

    def add(rule_id: str, start: int, end: int, message: str, context: str) -> None:
        hits.append(Hit(rule_id, start, end, message, context))

    for p in result.placeholders:
        subject = t("subject", lang, subject=p.subject) if p.subject and p.kind in ("number", "percent") else ""
        add(GAP_RULES[p.kind], p.start, p.end, t(f"gap.{p.kind}", lang, text=p.text, unit=p.unit, subject=subject),
            p.context)
    for m in result.metrics:
        if m.unit != "%" or m.value <= 100:
            continue
        before = _clause_before(original, m.start)
        share = SHARE_WORDS.search(before)
        if share and not GROWTH_WORDS.search(before):
            add("ZH-SHARE-OVER-100", m.start, m.end, t("share_over_100", lang, text=m.text, word=share.group(1)),
                before + m.norm)
    for marker in extra_markers:  # the team's own gap markers (setting: extra-markers)
        for m in re.finditer(re.escape(marker), original):
            add("ZH-GAP-NUMBER", m.start(), m.end(), t("gap.marker", lang, text=marker),
                _clause_before(original, m.start()) + marker)
    for sent in re.finditer(r"[^。；！？\n]+", original):
        _share_vs_count(sent.group(0), sent.start(), add, lang)
        _parts_over_total(sent.group(0), sent.start(), add, lang)
    _same_subject(result, original, add, lang)
    return sorted(hits, key=lambda h: (h.start, h.rule))


def _share_vs_count(sentence: str, offset: int, add, lang: str) -> None:
    """共有40个…，其中达标30个，占比为50%: the share must be 30 ÷ 40."""
    total = _TOTAL_RE.search(sentence)
    if not total:
        return
    n, unit = (int(total.group(1)), total.group(2)) if total.group(1) else (int(total.group(3)), total.group(4))
    for m in _SHARE_RE.finditer(sentence, total.end()):
        count, share = int(m.group(1)), float(m.group(4))
        if UNIT_CLASS[m.group(2)] != UNIT_CLASS[unit] or not n or count > n:
            continue
        expected = count / n * 100
        if abs(expected - share) > TOLERANCE:
            add("ZH-SHARE-VS-COUNT", offset + m.start(3), offset + m.end(),
                t("share_vs_count", lang, word=m.group(3), share=m.group(4), count=count, total=n,
                  expected=expected, unit=UNIT_CLASS[unit]),
                sentence.strip()[:60])


def _parts_over_total(sentence: str, offset: int, add, lang: str) -> None:
    """共有企业50家，其中国有企业12家、民营企业45家: the parts cannot pass the total."""
    for m in _PARTS_RE.finditer(sentence):
        n, unit = int(m.group(1)), UNIT_CLASS[m.group(2)]
        parts = [(label, int(k)) for label, k, u in _PART_RE.findall(m.group(4)) if UNIT_CLASS[u] == unit]
        over = [k for _, k in parts if k > n]
        if over:
            message = t("part_over_total", lang, part=over[0], total=n)
        elif len(parts) >= 2 and sum(k for _, k in parts) > n and not any(
                w in label for label, _ in parts for w in overlapping_words()):
            total = sum(k for _, k in parts)
            message = t("parts_over_total", lang, sum=total, parts=" + ".join(str(k) for _, k in parts), total=n)
        else:
            continue
        add("ZH-PARTS-OVER-TOTAL", offset + m.start(), offset + m.end(), message, sentence.strip()[:60])


def _same_subject(result: Extraction, original: str, add, lang: str) -> None:
    """Two figures, same unit, for the same subject (named fully: 4+ characters), exact."""
    seen: dict[tuple[str, str], object] = {}
    for m in result.metrics:
        if not m.subject or len(m.subject) < 4 or m.approx or m.unit == "%":
            continue
        first = seen.setdefault((m.subject, m.unit), m)
        if first is not m and first.value != m.value:
            line = original.count("\n", 0, first.start) + 1
            add("ZH-SAME-SUBJECT", m.start, m.end,
                t("same_subject", lang, subject=m.subject, text=m.text, first=first.text, line=line), m.subject)


def _clause_before(original: str, start: int) -> str:
    """The words of the clause before a figure (at most 20 characters)."""
    clause = re.split(r"[，。；：！？\n、,;:!?]", original[max(0, start - 40):start])[-1]
    return clause[-20:]
