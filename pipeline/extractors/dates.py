"""Dates (FACTS_SPEC §3): points, periods and durations, as ISO 8601 values.

`2019年7月9日` -> 2019-07-09, `今年1—8月` -> 2024-01/2024-08 (ref 2024),
`2024年上半年` -> 2024-H1, `一季度` -> 2024-Q1, `2019年以来` -> 2019/..,
`截至2024年8月` -> ../2024-08, `5年来` -> P5Y, `近3年` -> P3Y (nearly).

`find(text, ref_date)` resolves relative expressions (今年, 上半年, 6月24日) against
`ref_date`; `infer_ref_date(text)` is §1's rule when none is given.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex
from spacy.language import Language

from pipeline.extractors import numbers
from pipeline.extractors.spans import set_group
from pipeline.segment import text_of

CN = "零〇一二两三四五六七八九十"
NUM = rf"(?:\d{{1,4}}|[{CN}]{{1,3}})"
YEAR = r"(?P<{0}>(?:19|20)\d{{2}})年"
RANGE = r"(?:—|-|～|~|至|到)"
REL_YEAR = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
HALF = {"上半年": "H1", "下半年": "H2"}


@dataclass
class DateHit:
    start: int
    end: int
    value: str | None
    granularity: str
    relative: bool
    approx: str | None = None


# One alternation, longest forms first. Named groups: y (year), ry (relative year),
# m/d (month/day), m2/d2/y2 (range ends), h (half), q (quarter), dur (duration).
_PATTERN = regex.compile(
    "|".join([
        # 2024年1—8月, 今年4月至7月, 2024年1月至2024年8月, 1-8月 (year from context)
        rf"(?:(?P<ry_r>今年|去年|本年|上年|明年|前年)|(?P<y_r>(?:19|20)\d{{2}})年)?"
        rf"(?P<m_r>\d{{1,2}}|[{CN}]{{1,2}})月?{RANGE}(?:(?P<y2_r>(?:19|20)\d{{2}})年)?(?P<m2_r>\d{{1,2}}|[{CN}]{{1,2}})月(?!份?\d)",
        # 2019年—2024年, 2019至2024年
        rf"(?P<y_yr>(?:19|20)\d{{2}})年?{RANGE}(?P<y2_yr>(?:19|20)\d{{2}})年",
        # 截至2024年8月(底) / 截至今年8月
        rf"截至(?:(?P<y_to>(?:19|20)\d{{2}})年|(?P<ry_to>今年|去年|本年))(?:(?P<m_to>\d{{1,2}})月(?:(?P<d_to>\d{{1,2}})日)?)?(?:底|末)?",
        # 2019年以来, 2019年7月以来
        rf"(?P<y_since>(?:19|20)\d{{2}})年(?:(?P<m_since>\d{{1,2}})月(?:(?P<d_since>\d{{1,2}})日)?)?(?:以来|来)",
        # 2024年上半年, 今年上半年, 上半年
        rf"(?:(?P<y_h>(?:19|20)\d{{2}})年|(?P<ry_h>今年|去年|本年|上年|明年))?(?P<h>上半年|下半年)",
        # 2024年一季度, 第三季度, 今年二季度
        rf"(?:(?P<y_q>(?:19|20)\d{{2}})年|(?P<ry_q>今年|去年|本年|上年|明年))?第?(?P<q>[一二三四1-4])季度",
        # 2019年7月9日, 2022年3月, 2022年, 今年5月, 今年6月24日, 6月24日
        rf"(?:(?P<y>(?:19|20)\d{{2}})年|(?P<ry>今年|去年|本年|上年|明年|前年))"
        rf"(?:(?P<m>\d{{1,2}}|[{CN}]{{1,2}})月(?:份)?(?:(?P<d>\d{{1,2}})[日号])?)?",
        rf"(?<![\d年个])(?P<m_md>\d{{1,2}})月(?P<d_md>\d{{1,2}})[日号]",
        # durations: 5年来, 成立四年来, 近3年, 近三年来, 3个月来
        rf"(?P<dnear>近)?(?P<dur>\d{{1,2}}|[{CN}]{{1,3}})(?P<dunit>年|个月)(?:来|以来)",
        rf"(?P<dnear2>近)(?P<dur2>\d{{1,2}}|[二三四五六七八九十两]{{1,3}})(?P<dunit2>年|个月)",
    ])
)


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    v = numbers.parse(s)
    return int(v) if v is not None else None


def _ref_year(ref_date: str | None) -> int | None:
    return int(ref_date[:4]) if ref_date else None


def _year(abs_year: str | None, rel: str | None, ref_date: str | None) -> tuple[int | None, bool]:
    """(year, relative?) from a written year or a relative word."""
    if abs_year:
        return int(abs_year), False
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


def find(text: str, ref_date: str | None = None) -> list[DateHit]:
    hits = []
    for m in _PATTERN.finditer(text):
        hit = _hit(m, text, ref_date)
        if hit is not None:
            hits.append(hit)
    return hits


def _hit(m: regex.Match, text: str, ref: str | None) -> DateHit | None:
    g = m.groupdict()
    s, e = m.span()
    if s > 0 and text[s - 1] in "·." or (e < len(text) and text[e] == "·"):
        return None  # 7·9 and 4·27 are names of speeches
    if g["m2_r"] is not None:
        y, rel = _year(g["y_r"], g["ry_r"], ref)
        m1, m2 = _num(g["m_r"]), _num(g["m2_r"])
        y2 = int(g["y2_r"]) if g["y2_r"] else y
        if not (m1 and m2) or m1 > 12 or m2 > 12:
            return None
        a, b = _ym(y, m1), _ym(y2, m2)
        return DateHit(s, e, f"{a}/{b}" if a and b else None, "range", rel)
    if g["y2_yr"] is not None:
        return DateHit(s, e, f"{g['y_yr']}/{g['y2_yr']}", "range", False)
    if g["y_to"] is not None or g["ry_to"] is not None:
        y, rel = _year(g["y_to"], g["ry_to"], ref)
        v = _ym(y, _num(g["m_to"]), _num(g["d_to"]))
        return DateHit(s, e, f"../{v}" if v else None, "range", rel)
    if g["y_since"] is not None:
        v = _ym(int(g["y_since"]), _num(g["m_since"]), _num(g["d_since"]))
        return DateHit(s, e, f"{v}/.." if v else None, "range", False)
    if g["h"] is not None:
        y, rel = _year(g["y_h"], g["ry_h"], ref)
        return DateHit(s, e, f"{y:04d}-{HALF[g['h']]}" if y else None, "half", rel)
    if g["q"] is not None:
        y, rel = _year(g["y_q"], g["ry_q"], ref)
        q = "一二三四".find(g["q"]) + 1 if g["q"] in "一二三四" else int(g["q"])
        return DateHit(s, e, f"{y:04d}-Q{q}" if y else None, "quarter", rel)
    if g["y"] is not None or g["ry"] is not None:
        y, rel = _year(g["y"], g["ry"], ref)
        mo, d = _num(g["m"]), _num(g["d"])
        if g["m"] is None and g["ry"] and not g["y"]:
            return None  # 今年 alone is vague, like 目前 (§3 lists no bare 今年)
        gran = "day" if d is not None else "month" if mo is not None else "year"
        v = _ym(y, mo, d)
        if v is None and not rel:
            return None
        return DateHit(s, e, v, gran, rel)
    if g["m_md"] is not None:
        y, rel = _year(None, None, ref)
        v = _ym(y, _num(g["m_md"]), _num(g["d_md"])) if y else None
        return DateHit(s, e, v, "day", True)
    if g["dur"] is not None or g["dur2"] is not None:
        n = _num(g["dur"] or g["dur2"])
        if not n:
            return None
        unit = (g["dunit"] or g["dunit2"])
        approx = "nearly" if (g["dnear"] or g["dnear2"]) else None
        return DateHit(s, e, f"P{n}{'Y' if unit == '年' else 'M'}", "duration", False, approx)
    return None


def infer_ref_date(text: str) -> str | None:
    """§1: the latest complete date the text states (a month or day with its year, as in
    `截至2024年8月`), else the latest year mentioned, else None."""
    return ref_date_of(find(text, None))


def ref_date_of(hits: list[DateHit]) -> str | None:
    complete, years = [], []
    for h in hits:
        if h.relative or h.value is None:
            continue
        for part in h.value.split("/"):
            if part in ("..", "") or part.startswith("P"):
                continue
            if len(part) >= 7 and part[5:6].isdigit():
                complete.append(part)   # a month or a day: 2024-08, 2024-07-10
            years.append(part[:4])
    if complete:
        return max(complete)
    return max(years) if years else None


# --- spaCy component ---------------------------------------------------------------------


@Language.factory("zhfacts_dates", default_config={"group": "dates"})
def make_dates(nlp: Language, name: str, group: str):
    def dates(doc):
        # ref_date: given by the caller (doc._.ref_date), else inferred from the text
        text = text_of(doc)
        hits = find(text, doc._.ref_date)
        if doc._.ref_date is None:
            doc._.ref_date = ref_date_of(hits)
            if doc._.ref_date and any(h.relative for h in hits):
                hits = find(text, doc._.ref_date)  # resolve 今年/上半年 against it
        set_group(doc, group, [(h.start, h.end, {"value": h.value, "granularity": h.granularity,
                                                 "relative": h.relative, "approx": h.approx})
                               for h in hits])
        return doc
    return dates
