"""Numbers as reports write them: Arabic, Chinese, mixed, with magnitudes.

`parse("1.35万") == 13500.0`, `parse("三千二百") == 3200.0`, `parse("两") == 2.0`.
Shared by the metric and date extractors.
"""
from __future__ import annotations

import re
from decimal import Decimal

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
MAGNITUDES = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}

_MAGNITUDE_SPLIT = re.compile("([万萬亿億])")
CN_NUMERAL = "零〇一二两兩三四五六七八九十拾百佰千仟万萬亿億"
# an Arabic number: 39,000 / 1183 / 236.30
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Hong Kong's statistics group thousands with a space: 59 225宗, 80 796宗 (metrics only: a
# space between figures elsewhere separates them)
ARABIC_SPACED = r"(?<!\d[ ])\d{1,3}(?: \d{3})++(?:\.\d+)?(?![\d.,])"  # possessive: linear on "1 111 111…"
_ARABIC_RE = re.compile(rf"^(?:{ARABIC})$")


def _digits(s: str) -> str:
    """Numerals read one by one as digits: 二〇二四 -> "2024"."""
    return "".join(str(DIGITS[c]) for c in s)


def parse_chinese(s: str) -> float | None:
    """`三千二百` -> 3200, `十二` -> 12, `二十` -> 20, `一万五千` -> 15000, `三万五` -> 35000, `两` -> 2,
    `三点五` -> 3.5."""
    if not s:
        return None
    point = max(s.find("点"), s.find("點"))
    if point > 0:  # 三点五 (3.5), 零点二: the decimals read digit by digit
        whole, decimals = parse_chinese(s[:point]), s[point + 1:]
        scale = MAGNITUDES.get(decimals[-1:], 1)  # 七点二五亿 (7.25 × 10^8), as Macau's budgets write it
        decimals = decimals[:-1] if scale > 1 else decimals
        if whole is None or not decimals or any(c not in DIGITS for c in decimals):
            return None
        return float(Decimal(f"{int(whole)}.{_digits(decimals)}") * scale)  # (exact: 一点一亿 is 110000000)
    groups = _MAGNITUDE_SPLIT.split(s)
    if len(groups) > 1 and any(len(g) > 1 and all(c in DIGITS for c in g) for g in groups[0::2]):
        # 二九八萬 (298萬), 七億一五五二萬: Taiwan's budgets read the figure before each magnitude
        # digit by digit, as 二〇二四 is read (not 8萬 after stray 二 and 九)
        total = 0.0
        for group, mag in zip(groups[0::2], [*groups[1::2], ""]):
            if not group:
                if mag:
                    return None  # 萬億: two magnitudes in a row
                continue  # (nothing after the last magnitude)
            value = float(_digits(group)) if all(c in DIGITS for c in group) else parse_chinese(group)
            if value is None:
                return None
            total += value * (MAGNITUDES[mag] if mag else 1)
        return total
    if all(c in DIGITS for c in s) and len(s) > 1:  # 二〇二四: digit by digit
        return float(_digits(s))
    total, section, number = 0, 0, None
    for c in s:
        if c in DIGITS:
            number = DIGITS[c]
        elif c in UNITS:
            section += (1 if number is None else number) * UNITS[c]
            number = None
        elif c in MAGNITUDES:
            section += number or 0
            total += (section or 1) * MAGNITUDES[c]
            section, number = 0, None
        else:
            return None
    if number and len(s) >= 2 and s[-2] in "百佰千仟万萬亿億":
        # 三万五, 两千五, 一百二: a last digit right after a place stands one place lower
        # (35000, 2500, 120), as it is read aloud; after 零 it is the units (一百零五)
        number *= (UNITS.get(s[-2]) or MAGNITUDES[s[-2]]) // 10
    return float(total + section + (number or 0))


# A compound magnitude, written the way it is read aloud: `3万5千` (三万五千) is 3×10^4 + 5×10^3
# = 35000, not 5千 after a stray 3万; `1亿2千万` is 1×10^8 + 2000×10^4 = 120000000; `2万3千` is
# 23000. After the first 万/亿 come one-digit groups, each with a smaller place (千 百 十), and the
# group may close with 万 again (the 千万 of 1亿2千万). Arabic or Chinese digits in the groups.
# At most three groups (千 百 十 fall in order): unbounded, a run of `5千5千…` is rescanned
# from every figure in it and the scan turns cubic.
#
# Taiwan's budgets write the groups as Arabic figures of up to four digits, a comma kept
# after the thousands: `31億1,053萬元` (3,110,530,000), `1億3,574萬7千元`, `614萬2,911人`.
_GROUP = r"(?:\d,\d{3}|\d{1,4})"
# (a PDF's space may stand around the group, `4億3,248 萬`, `51億 3,376萬`, and the units after
# 万 may be a group of four again, `351億7884萬2000元`)
COMPOUND_TAIL = (rf"(?:[ \u3000]?{_GROUP}[ \u3000]?[万萬](?:{_GROUP}(?![\d,.万萬亿億千仟百佰十拾])|(?:[\d一二两三四五六七八九][千仟百佰十拾]){{0,3}})"
                 r"|[\d一二两三四五六七八九][千仟]\d{1,3}[万萬]"  # 10亿2仟396万: thousands of 万, then the rest of them
                 r"|(?:[\d一二两三四五六七八九][千仟百佰十拾]){1,3}[万萬]?"
                 rf"|{_GROUP}(?![\d,.]))")


_FIGURE_OR_CHAR = re.compile(r"\d+(?:\.\d+)?|.")


def parse_compound(s: str) -> float | None:
    """`3万5千` -> 35000, `1亿2千万` -> 120000000, `1亿2千5百万` -> 125000000: the Chinese
    reading (parse_chinese) with Arabic figures standing for the digits. None when the places
    do not fall in order (`3千5万`)."""
    tokens = _FIGURE_OR_CHAR.findall(s.replace(",", "").replace(" ", "").replace("\u3000", ""))
    total, section, number, last = 0.0, 0.0, None, None
    for t in tokens:
        if t[0].isdigit() or t in DIGITS:
            number = float(t) if t[0].isdigit() else DIGITS[t]
        elif t in UNITS:
            if last is not None and last in UNITS and UNITS[last] <= UNITS[t]:
                return None  # 5十3百: the places must fall
            section += (1 if number is None else number) * UNITS[t]
            number = None
        elif t in MAGNITUDES:
            if last in MAGNITUDES:
                return None
            section += number or 0
            total += (section or 1) * MAGNITUDES[t]
            section, number = 0, None
        else:
            return None
        last = t
    return total + section + (number or 0)


_ARABIC_LEAD = re.compile(rf"^({ARABIC_SPACED}|{ARABIC})(.*)$")  # an Arabic figure, then the rest


def parse(s: str) -> float | None:
    """An Arabic, Chinese or mixed number (`1.35万`, `3万`, `236.30亿`) as a float."""
    s = s.strip()
    if not s:
        return None
    m = _ARABIC_LEAD.match(s)
    if m:
        base = float(m.group(1).replace(",", "").replace(" ", ""))
        rest = m.group(2)
        for c in rest:
            if c in MAGNITUDES:
                base *= MAGNITUDES[c]
            elif c in UNITS:
                base *= UNITS[c]
            else:
                return None
        return base
    return parse_chinese(s)
