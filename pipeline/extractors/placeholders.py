"""Placeholders (FACTS_SPEC §6): gaps a draft left for a figure, name or date —
`*人`, `*%`, `XX个`, `×××同志`, `2024年*月`, `*多个` — and `missing_value`, a figure word
whose figure was never typed (`占比“四星级”党组织`).

Tuned for precision: a marker counts when what follows it (a unit, %, 月/日) or what
surrounds it (尊敬的, 同志) shows a value is missing. `7?9` is a lost `·` (fixed before
this stage), and `□本报记者` is a newspaper's byline bullet, not a gap.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex
from spacy.language import Language

from pipeline.extractors.context import clause_around, subject_of
from pipeline.extractors.metrics import units
from pipeline.extractors.spans import set_group
from pipeline.segment import text_of

# gap markers, one or more
MARKER = (r"[*＊]+|(?<![A-Za-z])[XxＸ]+(?![A-Za-z])|×+|□+|[○〇]{2,}|某某|[?？]|_{2,}|＿{2,}"
          r"|（\s*）|\(\s*\)|\[\s*\]|【\s*】")
NAME_BEFORE = ("尊敬的", "致", "姓名：", "联系人：", "责任人：")
NAME_AFTER = ("同志", "先生", "女士", "书记", "主任", "局长", "部长", "县长", "市长", "处长", "科长", "委员")
DATE_AFTER = ("月", "日", "号")
CN_DIGITS = "零〇一二两三四五六七八九十"
# after 占比 these words are prose, not a lost figure (占比较高, 占比逐年提升)
_RATIO_PROSE = set("较过很最逐明大提增下上进持稳不有达为约超近是")


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


@lru_cache(maxsize=1)
def _pattern() -> regex.Pattern:
    return regex.compile(rf"(?P<marker>{MARKER})(?P<more>多|余)?(?:(?P<pct>%)|(?P<unit>{_alt(units())}))?")


_RATIO_RE = regex.compile(r"占比|比例为|比重为")
_ANY_MARKER_RE = regex.compile(MARKER)


def find(text: str) -> list[PlaceholderHit]:
    hits = [h for m in _pattern().finditer(text) if (h := _hit(m, text)) is not None]
    hits += _missing_values(text)
    return sorted(hits, key=lambda h: h.start)


def _hit(m: regex.Match, text: str) -> PlaceholderHit | None:
    s, e = m.span()
    marker = m.group("marker")
    before, after = text[max(0, s - 4):s], text[e:e + 3]
    prev_c = text[s - 1] if s else ""
    next_c = text[e] if e < len(text) else ""
    if marker[0] == "□" and text[m.end("marker"):m.end("marker") + 3].startswith(("本报", "记者", "通讯员")):
        return None  # a newspaper's byline bullet
    if marker in "?？" and not (m.group("unit") or m.group("pct")):
        return None  # a question mark, unless a number is missing before a unit (共?个)
    if marker[0] in "○〇" and (prev_c in CN_DIGITS or next_c in CN_DIGITS):
        return None  # 二〇〇〇年
    if marker[0] == "×" and prev_c.isdigit() and next_c.isdigit():
        return None  # 3×5, a product
    if marker[0] in "?？×" and prev_c.isdigit():
        return None
    if m.group("pct"):
        kind, unit = "percent", "%"
    elif m.group("unit"):
        unit, ukind = units()[m.group("unit")]
        kind = "date" if m.group("unit") in DATE_AFTER and (prev_c == "年" or prev_c == "月") or \
            (m.group("unit") == "月" and text[e:e + 1] in "*＊X") else "number"
        if kind == "date":
            unit = None
    elif next_c in DATE_AFTER or after.startswith(DATE_AFTER):
        kind, unit = "date", None
    elif before.endswith(NAME_BEFORE) or after.startswith(NAME_AFTER) or \
            (len(marker) >= 2 and marker[0] in "×Xx○〇□某"):
        kind, unit = "name", None
    elif marker.startswith(("（", "(", "[", "【", "_", "＿")):
        kind, unit = "name", None  # an empty bracket or a blank line to fill in
    else:
        return None  # a lone * or X with nothing that asks for a value: a footnote, a letter
    subject = subject_of(text, s, e, unit) if kind in ("number", "percent") else None
    return PlaceholderHit(s, e, kind, unit, subject, clause_around(text, s, e))


def _missing_values(text: str) -> list[PlaceholderHit]:
    """`占比“四星级”…`: a ratio word followed by words, not by a figure, in a sentence that
    has other gaps (a finished report does not leave its ratios blank)."""
    out = []
    for m in _RATIO_RE.finditer(text):
        nxt = text[m.end():m.end() + 1]
        if not nxt or not (nxt == "“" or (regex.match(r"\p{Han}", nxt) and nxt not in _RATIO_PROSE)):
            continue
        sentence = _sentence_around(text, m.start(), m.end())
        if not _ANY_MARKER_RE.search(sentence.replace("?", "")):
            continue
        s, e = m.span()
        out.append(PlaceholderHit(s, e, "missing_value", "%", subject_of(text, s, s, "%"),
                                  clause_around(text, s, e)))
    return out


def _sentence_around(text: str, s: int, e: int) -> str:
    i = text.rfind("。", 0, s) + 1
    j = text.find("。", e)
    return text[i:j if j >= 0 else len(text)]


# --- spaCy component ---------------------------------------------------------------------


@Language.factory("zhfacts_placeholders", default_config={"group": "placeholders"})
def make_placeholders(nlp: Language, name: str, group: str):
    def placeholders(doc):
        set_group(doc, group, [(h.start, h.end, {"kind": h.kind, "unit": h.unit, "subject": h.subject,
                                                 "context": h.context}) for h in find(text_of(doc))])
        return doc
    return placeholders
