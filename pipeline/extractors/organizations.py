"""Organizations (FACTS_SPEC §4): named bodies found by a grammar over lexicons.

    name  = [region] component* terminal
    component = region | level word (市 县 自治区) | prefix (直属 机关) | body | part
    terminal  = body | part | proper-name + suffix (桂冶机械股份有限公司, 东大街派出所)

Every terminal found in the text is extended to the left over lexicon components and,
before a suffix, over a proper name; where candidates overlap the longest wins
(`桂林市委直属机关工委`, not `桂林市委`). The canonical `name` puts the document's region
in front of a mention that leaves it implicit, at the level the mention implies:
`市委办公室` in a 桂林 report is `桂林市委办公室`; `自治区党委` in a 广西 report is
`广西壮族自治区党委`. Generic collectives (`各级党组织`, `市直机关`) and roles (`党组书记`)
are not organizations.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import regex
from spacy.language import Language

from pipeline.extractors import document
from pipeline.extractors.regions import LEVEL_RANK as _RANK
from pipeline.extractors.regions import divisions as _divisions
from pipeline.extractors.regions import province_full_names
from pipeline.extractors.spans import set_group
from pipeline.resources import read_tsv
from pipeline.segment import text_of

# words a proper name before a suffix never contains: verbs and function words that
# stand before organization names in reports (走进…公司, 利用…纪念馆)
STOPWORDS = ["走进", "利用", "召开", "举办", "成立", "组织", "推动", "指导", "联合", "依托", "通过", "开展",
             "参加", "参与", "深入", "前往", "来到", "赴", "到", "在", "由", "与", "和", "及", "对", "向",
             "为", "是", "的", "等", "从", "以", "搭建", "组建", "建立", "将", "把", "被", "让", "使", "了",
             "共", "各", "全", "获评", "获", "其中", "以及", "支持", "帮助", "服务", "选派", "加入", "带动",
             "包括", "所属", "直属党组织"]
# a mention right before one of these is a role or a collective, not a body
ROLE_AFTER = ("书记", "副书记", "委员", "成员", "主任", "部长", "局长", "厅长", "院长", "班子",
              "理论学习中心组", "中心组", "（党委）", "(党委)", "负责人", "领导", "常委")
COLLECTIVE_BEFORE = ("各级", "各", "全区", "全市", "全县", "全省", "所有", "广大", "市直各", "区直各")
LEVELS = {"自治区": "province", "省": "province", "市": "prefecture", "州": "prefecture",
          "盟": "prefecture", "县": "county", "区": "county", "旗": "county"}
SELF_STANDING = ("党中央", "中共中央", "中央", "国务院", "全国", "国家", "中组部", "中宣部")
MAX_PROPER = 16
# prefixes that name the organs of one level: 市直机关工委, 直属机关纪检监察工委 (机关纪委
# alone is any organ's commission)
NAMING_PREFIXES = ("直属", "市直", "区直", "县直")


@dataclass
class OrgHit:
    start: int
    end: int
    name: str
    kind: str


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[str, str]]:
    """term -> (kind, role) from lexicons/bodies.tsv."""
    return {row[0]: (row[1], row[2]) for row in read_tsv("bodies.tsv")}


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _tables():
    """(terminal regex, components set, longest component length, suffix set, stop set)."""
    lex = _lexicon()
    terminals = [t for t, (_, role) in lex.items() if role in ("body", "part", "suffix")]
    comps = {t for t, (_, role) in lex.items() if role in ("body", "part", "prefix", "head")}
    comps |= set(_divisions()) | set(LEVELS)
    suffixes = {t for t, (_, role) in lex.items() if role == "suffix"}
    # overlapped=True at search time: 党委 inside 机关党委 is a candidate end too
    return (regex.compile(_alt(terminals)), comps, max(map(len, comps)), suffixes, frozenset(STOPWORDS))


_NAME_CHAR = regex.compile(r"[\p{Han}A-Za-z0-9]")


@lru_cache(maxsize=1)
def _stop_end() -> regex.Pattern:
    return regex.compile(rf"(?:{_alt(STOPWORDS)})$")


@lru_cache(maxsize=1)
def _stop_start() -> regex.Pattern:
    return regex.compile(_alt(STOPWORDS))


def _extend_left(text: str, start: int, allow_proper: bool) -> tuple[int, bool, bool]:
    """Walk left from `start` over lexicon components (longest first) and, before a
    suffix, over proper names (`八路军` `桂林` `办事处纪念馆`). Returns (new start, saw a
    head, saw a proper name): a head is a region, a level word or a body named by level
    (市委, 省政府); a level prefix (市直, 区直) counts as `prefix_head`."""
    _, comps, longest, _, stops = _tables()
    lex = _lexicon()
    cur, head, proper, budget = start, False, False, MAX_PROPER
    region_rank = 9  # regions read right to left must rise: 桂林 before 七星区, never 会同 before 广东省
    while cur > 0:
        for k in range(min(longest, cur), 0, -1):
            piece = text[cur - k:cur]
            if piece in comps:
                if piece in _divisions():
                    rank = _RANK[_divisions()[piece].level]
                    if rank >= region_rank:
                        continue
                    region_rank = rank
                role = lex.get(piece, ("", ""))[1]
                if role == "head":
                    head = True
                elif role == "prefix":
                    head = head or ("prefix" if piece in NAMING_PREFIXES else head)
                else:
                    head = True if (piece in _divisions() or piece in LEVELS or piece.startswith(SELF_STANDING)
                                    or piece[0] in "省市县区州") else head
                cur -= k
                break
        else:
            if not allow_proper or budget <= 0:
                break
            # a proper name: Han letters back to a boundary, a stop word or a component
            j = cur
            while j > 0 and cur - j < budget and _NAME_CHAR.match(text, j - 1) \
                    and not _stop_end().search(text, max(0, j - 6), j) \
                    and not any(text[max(0, j - k):j] in comps for k in range(2, longest + 1)):
                j -= 1
            if j == cur or _stop_start().match(text, j):
                break
            budget -= cur - j
            cur, proper = j, True
    return cur, head, proper


def _candidates(text: str):
    """(start, end, specific) for every terminal in the text, extended to the left."""
    term_re, _, _, suffixes, _ = _tables()
    lex = _lexicon()
    for m in term_re.finditer(text, overlapped=True):
        s, e = m.span()
        term = m.group(0)
        role = lex[term][1]
        start, head, proper = _extend_left(text, s, allow_proper=role == "suffix")
        if role == "suffix" and not proper and start == s:
            continue  # a suffix alone (电视台, 学院) names nothing
        named_by_level = term[0] in "省市县区州" or term.startswith(SELF_STANDING)
        # 市直机关工委 and 直属机关纪检监察工委 are one body each; 区直机关党支部 and 直属机关党委
        # are any of many (a part after a prefix)
        specific = head is True or proper or named_by_level or (head == "prefix" and role == "body")
        yield start, e, specific


@lru_cache(maxsize=4096)
def kind_of(name: str) -> str:
    """The kind of the lexicon term that ends last (offices inherit from their body):
    市委办公室 -> party, 市发展改革委机关党委 -> party, 市公安局潞州分局东大街派出所 -> police."""
    best, best_key = "other", (-1, 0)
    for term, (kind, _role) in _lexicon().items():
        if kind in ("-", "inherit"):
            continue
        at = name.rfind(term)
        if at >= 0 and (at + len(term), len(term)) > best_key:
            best, best_key = kind, (at + len(term), len(term))
    return best


def canonical(text: str, region: str | None) -> str:
    """Put the document's region in front of a mention that leaves it implicit, at the
    level the mention names: 市委办公室 -> 桂林市委办公室 (a 桂林 report), 自治区党委 ->
    广西壮族自治区党委 (any report from 广西)."""
    if not region or text.startswith(SELF_STANDING):
        return text
    div = _divisions().get(region)
    if div is None:
        return text
    full, level, province = div.full, div.level, div.province
    for word, wlevel in sorted(LEVELS.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(word):
            if wlevel == "province":
                return province_full_names().get(province, province) + text[len(word):]
            if wlevel == level:
                return full[:-len(word)] + text if full.endswith(word) else full + text[len(word):]
            return text
    return text


# a name inside a title or a short quoted name is part of that name, not a mention
_INSIDE_NAMES = regex.compile(r"《[^《》\n]*》|“[^“”\n]{1,15}”")


def find(text: str, region: str | None = None) -> list[OrgHit]:
    spans = []
    inside = [m.span() for m in _INSIDE_NAMES.finditer(text)]  # sorted, not nested
    inside_starts = [a for a, _ in inside]
    for s, e, specific in _candidates(text):
        if text.startswith("机关", e) and not text.startswith(("机关工委", "机关党", "机关纪"), e):
            e += 2  # 市纪委监委机关: the organ of the body, the same body
        k = bisect_right(inside_starts, s) - 1
        if k >= 0 and s > inside[k][0] and e < inside[k][1] and not (inside[k] == (s - 1, e + 1)):
            continue
        if not specific:
            continue  # 机关党支部, 直属机关党委: any unit's, not a named one
        if text.startswith(ROLE_AFTER, e) or (e < len(text) and text[e] in "织员伍") \
                or text[max(0, s - 4):s].endswith(COLLECTIVE_BEFORE):
            continue  # 党组织 (generic), 委员 / 书记 (a role), 各级… (a collective)
        if _generic_proper(text[s:e]):
            continue
        spans.append((s, e))
    # the longest name wins where candidates overlap
    taken: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda se: (-(se[1] - se[0]), se[0])):
        if all(e <= a or s >= b for a, b in taken):
            taken.append((s, e))
    return [OrgHit(s, e, name_of(text[s:e], region), kind_of(text[s:e])) for s, e in sorted(taken)]


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {row[0]: row[1] for row in read_tsv("org_aliases.tsv")}


@lru_cache(maxsize=4096)
def name_of(mention: str, region: str | None) -> str:
    """The canonical name: the variant's shared name, with the region put in front."""
    core = mention[:-2] if mention.endswith("机关") and not mention.endswith("直机关") else mention
    prefix = ""
    for form in [core[:k] for k in range(min(len(core), 12), 1, -1) if core[:k] in _divisions()][:1]:
        rest = core[len(form):]
        if rest in _aliases() or (form.endswith(("市", "县", "区", "省")) and form[-1] + rest in _aliases()):
            prefix, core = (form[:-1], form[-1] + rest) if form[-1] + rest in _aliases() else (form, rest)
    core = _aliases().get(core, core)
    return prefix + core if prefix else canonical(core, region)


# words that make a "proper name" generic: 党员志愿服务队, 青年联盟, 党员突击队
GENERIC_NAMES = ("党员", "青年", "志愿", "机关", "干部", "党建", "各类", "重大项目", "项目", "临时", "专业", "优秀")


def _generic_proper(mention: str) -> bool:
    for suffix in _suffixes_longest_first():
        if mention.endswith(suffix):
            head = mention[:-len(suffix)]
            for w in _GENERIC_LONGEST_FIRST:
                head = head.replace(w, "")
            return head == ""
    return False


_GENERIC_LONGEST_FIRST = sorted(GENERIC_NAMES, key=len, reverse=True)


@lru_cache(maxsize=1)
def _suffixes_longest_first() -> list[str]:
    return sorted(_tables()[3], key=len, reverse=True)


# --- spaCy component ---------------------------------------------------------------------


@Language.factory("zhfacts_organizations", default_config={"group": "organizations"})
def make_organizations(nlp: Language, name: str, group: str):
    def organizations(doc):
        text = text_of(doc)
        region = doc._.region or document.region(text)  # set for a chunk of a long document
        set_group(doc, group, [(h.start, h.end, {"name": h.name, "kind": h.kind}) for h in find(text, region)])
        return doc
    return organizations
