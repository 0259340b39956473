"""Slogans (FACTS_SPEC §5) and references (§7).

A slogan is a quoted phrase that names a formula, campaign, brand or motto, classified
by its shape and the words around it; lexicon formulas (`lexicons/slogans.tsv`) count
without quotes too (`践行“两个维护”第一方阵`). Not slogans: a word or two quoted for
emphasis (`“纲”与“魂”`), quoted speech, quoted names of teams (organizations).

A reference is a title in 《》 (or 〈〉 inside one), kind by its last words.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from pipeline.resources import read_tsv

_QUOTED = regex.compile(r"“([^“”\n]{1,40})”|‘([^‘’“”\n]{1,40})’")
_TITLE = regex.compile(r"《([^《》\n]{1,80})》|〈([^〈〉\n]{1,80})〉")
_NUMERAL = regex.compile(r"[0-9一二两三四五六七八九十百千万双]")
# what follows a campaign's name, and a brand's
CAMPAIGN_AFTER = ("主题教育", "主题活动", "系列活动", "专项行动", "专项整治", "活动", "行动", "评选", "竞赛",
                  "比赛", "大讨论", "大比武", "大讲堂", "主题党日", "攻坚", "工程")
BRAND_AFTER = ("党建品牌", "品牌", "工作法", "工作室")
BRAND_BEFORE = ("打造", "创建", "培育", "擦亮", "品牌")
# a quoted name that ends like this is an organization (§4), not a slogan
ORG_ENDINGS = ("服务团", "突击队", "先锋队", "服务队", "志愿队", "联盟")
MIN_PLAIN = 4   # a quoted phrase without a number or context shorter than this is emphasis
MAX_SPEECH = 16


@dataclass
class SloganHit:
    start: int
    end: int
    kind: str


@dataclass
class ReferenceHit:
    start: int
    end: int
    kind: str


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    return {row[0]: row[1] for row in read_tsv("slogans.tsv")}


@lru_cache(maxsize=1)
def _lexicon_re() -> regex.Pattern:
    return regex.compile("|".join(regex.escape(p) for p in sorted(lexicon(), key=len, reverse=True)))


def classify(phrase: str, before: str, after: str) -> str | None:
    """The kind of a quoted phrase, or None when it is not a slogan."""
    if phrase in lexicon():
        return lexicon()[phrase]
    if phrase.endswith(ORG_ENDINGS):
        return None
    if "。" in phrase or "？" in phrase or "！" in phrase or len(phrase) > MAX_SPEECH:
        return None  # speech or a sentence, not a name
    if after.startswith(BRAND_AFTER) or before.endswith(BRAND_BEFORE):
        return "formula" if _NUMERAL.search(phrase) and after.startswith("工作法") else "brand"
    parts = regex.split(r"[、，]", phrase)
    if len(parts) >= 2 and all(len(p) >= 3 for p in parts) and len({len(p) for p in parts}) == 1:
        return "campaign" if after.startswith(CAMPAIGN_AFTER) else "motto"
    if _NUMERAL.search(phrase) and len(phrase) <= 10:
        return "formula"
    if after.startswith(CAMPAIGN_AFTER):
        return "campaign"
    if len(phrase) < MIN_PLAIN:
        return None  # “纲”, “实”, “讲政治”: emphasis
    return "other"


def find_slogans(text: str) -> list[SloganHit]:
    hits: dict[tuple[int, int], SloganHit] = {}
    quoted: list[tuple[int, int]] = []
    for m in _QUOTED.finditer(text):
        g = 1 if m.group(1) is not None else 2
        s, e = m.span(g)
        quoted.append(m.span())
        kind = classify(m.group(g), text[max(0, s - 3):s - 1], text[e + 1:e + 6])
        if kind:
            hits[(s, e)] = SloganHit(s, e, kind)
    for m in _lexicon_re().finditer(text):  # lexicon formulas without quotes
        s, e = m.span()
        if not any(a <= s and e <= b for a, b in quoted):
            hits[(s, e)] = SloganHit(s, e, lexicon()[m.group(0)])
    return sorted(hits.values(), key=lambda h: h.start)


REGULATION = ("条例", "办法", "规定", "准则", "细则", "规则", "章程", "法")
POLICY = ("意见", "方案", "规划", "通知", "决定", "纲要", "计划", "措施", "指引", "清单", "制度", "要点",
          "指南", "报告", "部署", "安排", "标准")
MEDIA = ("日报", "晚报", "报", "杂志", "期刊", "周刊", "月刊", "时报", "专栏")
MEDIA_AFTER = ("专栏", "栏目", "杂志", "报")


def reference_kind(title: str, after: str) -> str:
    if title.endswith(REGULATION):
        return "regulation"
    if title.endswith(POLICY):
        return "policy"
    if title.endswith(MEDIA) or after.startswith(MEDIA_AFTER):
        return "media"
    return "other"


def find_references(text: str) -> list[ReferenceHit]:
    hits = []
    for m in _TITLE.finditer(text):
        g = 1 if m.group(1) is not None else 2
        s, e = m.span(g)
        hits.append(ReferenceHit(s, e, reference_kind(m.group(g), text[e + 1:e + 4])))
    # 〈〉 titles quoted inside a 《》 title
    for m in regex.finditer(r"《[^《》\n]*》", text):
        for inner in regex.finditer(r"〈([^〈〉\n]{1,80})〉", m.group(0)):
            s, e = m.start() + inner.start(1), m.start() + inner.end(1)
            if all(h.start != s for h in hits):
                hits.append(ReferenceHit(s, e, reference_kind(inner.group(1), "")))
    return sorted(hits, key=lambda h: h.start)


# --- spaCy components ----------------------------------------------------------------------

def _register():
    from spacy.language import Language

    from pipeline.extractors.spans import set_group
    from pipeline.segment import text_of

    @Language.factory("zhfacts_slogans", default_config={"group": "slogans"})
    def make_slogans(nlp: Language, name: str, group: str):
        def slogans(doc):
            set_group(doc, group, [(h.start, h.end, {"kind": h.kind}) for h in find_slogans(text_of(doc))])
            return doc
        return slogans

    @Language.factory("zhfacts_references", default_config={"group": "references"})
    def make_references(nlp: Language, name: str, group: str):
        def references(doc):
            set_group(doc, group, [(h.start, h.end, {"kind": h.kind}) for h in find_references(text_of(doc))])
            return doc
        return references


_register()
