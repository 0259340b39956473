"""Document metadata (FACTS_SPEC §1): title, region and byline, from the clean text."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import regex

from pipeline.extractors.regions import (
    Division,
    by_short,
    counties_by_short,
    divisions,
    head_lines,
    locus,
    naming_form,
    parent,
    standalone,
    township_counties,
    township_names,
)
from pipeline.extractors.lexmatch import LexMatcher, lexicon_matcher
from pipeline.resources import read_tsv
from pipeline.segment import dictionary_word, stands_alone, word_starts

_BYLINE_RE = re.compile(r"^[□■◎●]?\s*((?:本报|新华社|记者|通讯员|来源|作者|文/|图/).{0,40})$")


def title(text: str) -> str:
    """The first non-empty line: reports open with their heading."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def byline(text: str) -> str | None:
    """`□本报记者周文俊` / `通讯员刘南锐 马树超 文/摄` in the first lines, joined."""
    found = []
    for line in text.splitlines()[:12]:
        m = _BYLINE_RE.match(line.strip())
        if m:
            found.append(m.group(1).strip())
    return " ".join(found) or None


# a city's short form right before these names a township, a street or a road, not the city
PLACE_AFTER = ("镇", "乡", "街道", "村", "社区", "路", "街", "大道", "巷", "小区",
               "东路", "西路", "南路", "北路", "中路", "大街")  # (中山西路街道: a road, no 中山)
# a university or a company named after a city says where the partner is, not the report
_INSTITUTION_AFTER = regex.compile(r"市?\p{Han}{0,6}?(?:大学|学院|有限公司|股份公司)")


@lru_cache(maxsize=1)
def _forms() -> dict[str, Division]:
    """Every name a region can be counted by: provinces and prefectures by full or short
    form, counties by full form only (a county's short form is often a word: 和平, 新华)."""
    forms = {form: d for form, d in divisions().items() if d.level != "county" or form == d.full}
    # an autonomous county goes by its short name and 县 (互助县 for 互助土族自治县), when no
    # other county goes by that name (大通县 is 大通回族土族自治县's, though 淮南 has a 大通区)
    named: dict[str, list[Division]] = {}
    for d in set(divisions().values()):
        if d.level == "county" and naming_form(d) != d.full and len(d.short) >= 2:
            named.setdefault(naming_form(d), []).append(d)
    for form, ds in named.items():
        if len(ds) == 1:
            forms.setdefault(form, ds[0])
    return forms


@lru_cache(maxsize=1)
def _province_numbers() -> tuple[dict[str, str], regex.Pattern]:
    table = {abbr: prov for abbr, prov in read_tsv("province_abbreviations.tsv")}
    return table, regex.compile(rf"(?<!\p{{Han}})([{''.join(table)}])(?:委|政|府|办|组|发|纪)\p{{Han}}{{0,3}}"
                                r"[〔\[［（(](?:19|20)\d{2}[〕\]］）)]\d{1,4}号")


def _region_of_bodies(text: str) -> str | None:
    """The region whose own bodies the text names (廉政公署, 司法警察局), if only one's."""
    found = {row[1] for start, end, _, row in lexicon_matcher("region_bodies.tsv").longest(text)
             if end - start > 3 or not dictionary_word(text[end - 1:end + 1])}  # (招聘保安|司机: a driver, no secretariat)
    return found.pop() if len(found) == 1 else None


def _document_province(text: str) -> str | None:
    """The province whose documents the text cites by number, if only one."""
    table, pattern = _province_numbers()
    found = {table[m[1]] for m in pattern.finditer(text)}
    return found.pop() if len(found) == 1 else None


# 本澳, 本港 (this Macau, this Hong Kong), 澳府, 港府: a SAR's text names itself so
_SAR_SELF = regex.compile(r"本澳|澳府|本港(?![口区务集码吞货航])|港府")
_TAIWAN = regex.compile(r"中华民国\s?\d{2,3}\s?年|(?:立法院|行政院)(?:第\d+届|院会|审查|函|\d{2,3}年)|(?<![\d.])1[01]\d年度")


@lru_cache(maxsize=8)
def region(text: str) -> str | None:
    """The division the report is about (`_region_pick`); a township's or a street's report
    that names no county is placed by its township (`township_place`): a county's short name,
    or a district's city, as annotators of such reports name their region."""
    pick, level = _region_pick(text) or (None, None)
    if pick is None or pick == "台湾" or pick in TAIWAN_NAMESAKES:
        county = _taiwan_county(text)
        if county is not None:
            return county
    if level == "county":
        return pick
    d = township_place(text, pick, level)
    if d is None:
        return pick
    if d.level == "county" and d.full.endswith("区") and not d.full.endswith(("自治区", "林区")):
        # 中大槐树街道 (槐荫区): 济南; 浦锦街道 (闵行区): 上海; 神农架林区 is its own
        return d.prefecture or (d.province if d.province in MUNICIPALITIES else d.short)
    return d.short


MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
# Taiwan's counties whose names the mainland's list holds too (金门县 under 泉州, 连江县 under 福州)
TAIWAN_NAMESAKES = ("金门", "连江")
# what marks a text as Taiwan's local government's: a township office, an ROC year with its month or
# its 度 (民国112年, 110年3月, 113年度, 一一三年度); not 县府, 民国时期 nor a bare 100年 (建党100年), which
# mainland texts write
_TAIWAN_LOCAL = regex.compile(r"公所|民国\s?\d{2,3}\s?年|(?<![\d.])1[01]\d年(?:度|\d{1,2}月)|一[○〇零一][○〇零一二三四五六七八九]年度?")


@lru_cache(maxsize=8)
def _taiwan_county(text: str) -> str | None:
    """The Taiwan county or city a township's report is about: the one holding most of the
    townships of Taiwan's list it names (埔里镇 → 南投, 金湖镇 → 金门), in a text that is
    Taiwan's (a township office, an ROC year: `_TAIWAN_LOCAL`, `_TAIWAN`); for 金门 and 连江,
    named as such in that text, the county itself (金门县政府: not the mainland's namesake under 泉州)."""
    if not _TAIWAN_LOCAL.search(text) and not _TAIWAN.search(text):
        return None
    held = Counter(row[1] for _, _, _, row in lexicon_matcher("townships_tw.tsv").longest(text))
    top = held.most_common(2)
    if top and (len(top) == 1 or top[1][1] < top[0][1]):
        return top[0][0]
    named = [c for c in TAIWAN_NAMESAKES if c + "县" in text]
    return named[0] if len(named) == 1 else None


def _county_named(text: str, short: str):
    """The county of that short name whose full name, or short name and level word, the text
    writes (大通区 in 淮南; 大通县, 大通回族土族自治县, in 西宁), else the one the table holds."""
    named = [d for d in counties_by_short().get(short, ()) if d.full in text or short + d.full[-1] in text]
    return named[0] if named else by_short().get(("county", short))


def report_region(text: str) -> str | None:
    """The region a Document records (FACTS_SPEC §1: "the city/province the report is
    about"): `region`, with a county or a district given as its city — a 兴文县 report is
    宜宾's, a 巴南区 one 重庆's — as the field's readers give it and as an analyst counts by
    city; a county-level city (简阳) is a city. The county stays in the names (`region`
    names them: 兴文县委)."""
    r = region(text)
    if r in TAIWAN_NAMESAKES and _taiwan_county(text) == r:
        return r  # 金门 of a Taiwan text is Taiwan's county, not 泉州's
    picked = _region_pick(text)
    # the division at the level it was found (兴安 is 兴安县 in 桂林 and the league 兴安盟 too)
    d = _county_named(text, r) if picked == (r, "county") else divisions().get(r) if r else None
    if d is not None and d.full.endswith("盟"):
        return d.full  # 兴安盟: a league goes by its full name (兴安 alone is a county's too)
    if d is None or d.level != "county" or d.full.endswith("市"):
        return r  # (a county-level city is a city: 简阳, 胶州, 建德, as the field's readers keep it)
    if d.prefecture:
        return d.prefecture
    return d.province if d.province in MUNICIPALITIES else r


@lru_cache(maxsize=8)
def township_place(text: str, within: str | None = None, level: str | None = None) -> Division | None:
    """The county holding the township or street office the report is about (its title,
    byline or opening names it: `locus`), when just one county holding a township of that
    name lies inside the place the text names (`within`, at `level`), or anywhere when it
    names none: `卢村乡` is 广德市's alone; `王集乡` is in five counties, three of them in 河南.
    A city's report that names its own bodies (嘉兴市委) stays the city's; a text naming no
    place is the county holding two or more of the rare townships it names; a Taiwan
    township's office (三义乡公所) is none of the mainland's."""
    if "公所" in text:
        return None
    name = locus(text, "township")
    if name is None:
        return _county_of_townships(text) if within is None else None
    if level == "prefecture" and _speaks_as(text, by_short()[("prefecture", within)]):
        return None
    found = [d for d in township_counties(name) if within is None or within in (d.province, d.prefecture, d.short)]
    if len(found) > 1:
        # 白杨街道 is in 钱塘区 and in 临渭区: the one whose name the text writes (钱塘疫情)
        found = [d for d in found if d.short in text or d.full in text]
    return found[0] if len(found) == 1 else None


def _speaks_as(text: str, d: Division) -> bool:
    """Whether the text names the division's own bodies (嘉兴市委, 嘉兴市政府)."""
    return any(_forms()[form] == d and _OWN_BODY_AFTER.match(text, start + len(form))
               for start, form in _all_mentions(text))


RARE_TOWNSHIP = 3  # counties holding a township of that name, at most (城关镇: 88, 兴隆镇: 31)


def _county_of_townships(text: str) -> Division | None:
    """The county holding two or more of the rare townships a text names, and more of them
    than any other county (屠甸镇, 濮院镇, 石门镇: 桐乡): a county's report lists its own."""
    held: Counter = Counter()
    for name in _townships_named(text):
        counties = set(township_counties(name))
        if len(counties) <= RARE_TOWNSHIP:
            for d in counties:
                held[d] += 1
    top = held.most_common(2)
    if top and top[0][1] >= 2 and (len(top) == 1 or top[1][1] < top[0][1]):
        return top[0][0]
    return None


_TOWNSHIP_END = re.compile("[镇乡道木]")
TOWNSHIP_LONGEST = 15  # 军赛佤族拉祜族傈僳族德昂族乡: the longest names are ethnic townships


def _townships_named(text: str) -> set[str]:
    """The names of the township list a text holds, found backwards from their last character
    (an automaton of 30,000 names cost a third of a millisecond a report)."""
    found, names = set(), township_names()
    for m in _TOWNSHIP_END.finditer(text):
        end = m.end()
        for k in range(min(TOWNSHIP_LONGEST, end), 2, -1):
            if text[end - k:end] in names:
                if word_starts(text, end - k):  # (文明|村镇 holds no 明村镇; 濮院|镇 is one)
                    found.add(text[end - k:end])
                break
    return found


@lru_cache(maxsize=8)
def _region_pick(text: str) -> tuple[str, str] | None:
    """(short name, level) of the division the report is about, at the deepest level it implies: the province
    named (directly or through its cities and counties) most, then its prefecture named
    at least twice, then that prefecture's county when the report is about one county —
    named at least twice (a title mention and one in the body will do) and more often than the prefecture itself and than all its
    sister counties together. A division named only once still counts when nothing
    else competes. Mentions in the title line count half: the body decides (a report
    filed under one city's portal about another's county). A report that speaks of its
    县委/县政府 bare is a county's: the one county of its province it names wins unless a
    city named more drowns it. A place's own bodies (勉县县委) weigh double, a partner named
    after its city (西安科技大学) a quarter."""
    title_end = _title_end(text)
    own: Counter = Counter()  # direct mentions, by (level, short)
    mentions = _all_mentions(text)
    if mentions:
        # 新乡贤, 长治久安: words that hold a division's name but name no place
        covered = {p for s, e, _, _ in lexicon_matcher("not_places.tsv").all(text) for p in range(s, e)}
        mentions = [(s, f) for s, f in mentions if s not in covered]
    for i, (start, form) in enumerate(mentions):
        d = _forms()[form]
        if i + 1 < len(mentions) and mentions[i + 1][0] == start + len(form) \
                and _inside(_forms()[mentions[i + 1][1]], d):
            continue  # 江苏海门区, 江苏省南通市: one place, named with what holds it
        if (form != d.full and text.startswith(PLACE_AFTER, start + len(form))) \
                or (d.level == "county" and text.startswith("街道", start + len(form))):
            continue  # 大同镇, 长沙路街道, 北京路: a township or a street named after a city; 西区街道 (中山): a
            # street named like a district (攀枝花's 西区), no district
        if standalone(text, start, d, form):
            weight = 0.5 if start < title_end else 1
            if len(form) == 2 and form[0] in "和与及" and text.startswith(OWN_BODIES, start + 2):
                continue  # …”和县委“…: 和 then 县委, not 和县's committee (勉县县委 is 勉县's)
            if _OWN_BODY_AFTER.match(text, start + len(form)):
                if start < title_end and _OWN_REPORT.search(text, start, title_end):
                    return d.short, d.level  # 浏阳市人民政府工作报告: the title names the report's author, its place
                weight *= 2  # 勉县县委组织部, 桂林市委: the place's own bodies speak for it
            elif _INSTITUTION_AFTER.match(text, start + len(form)):
                weight /= 4  # 西安科技大学: a partner named after its city (alone, it still counts)
            own[(d.level, d.short)] += weight
    own.update(_confirmed_short_counties(text, own, title_end))
    if not own and _BARE_COUNTY_BODY.search(text):
        own.update(_featured_counties(text))
    if not own:
        # a text dated the ROC way (中华民国106年度) or by 立法院/行政院 is Taiwan's; one that
        # cites its province's documents by number (川委办〔2020〕20号) is that province's
        if _TAIWAN.search(text):
            return "台湾", "province"
        prefecture = _prefecture_of_bare_zhou(text)
        if prefecture:
            return prefecture, "prefecture"
        sar = _SAR_SELF.search(text)
        if sar and "港口" not in text and "港务" not in text:  # (a mainland port's 本港 is the port)
            return ("澳门" if "澳" in sar.group() else "香港"), "province"
        found = _document_province(text) or _region_of_bodies(text)
        return (found, "province") if found else None
    score: Counter = Counter()  # mentions of a division and of everything inside it
    for (level, short), n in own.items():
        d = by_short()[(level, short)]
        for up in ("province", "prefecture", "county"):
            p = parent(d, up)
            if p is not None:
                score[(up, p.short)] += n

    def best(level: str, inside) -> tuple[str, float] | None:
        ranked = sorted(((n, short) for (lv, short), n in score.items() if lv == level and inside(short)),
                        reverse=True)
        return (ranked[0][1], ranked[0][0]) if ranked else None

    if _MAINLAND_OWN_BODY.search(text):
        # a text that speaks of its 市委/县委 is a mainland place's: a Hong Kong firm or a
        # Macau trip it names is no region of its own (the SARs have no such committees)
        for sar in ("香港", "澳门"):
            for up in ("province", "prefecture"):
                score.pop((up, sar), None)
    province = best("province", lambda s: True)
    pick = province[0] if province else None
    level = "province"
    pref = best("prefecture", lambda s: province is None or by_short()[("prefecture", s)].province == province[0])
    # a city wins over its province when named twice and not drowned by the province (a
    # Guangxi press release naming 南宁 thrice and 广西 18 times is about Guangxi)
    province_own = own[("province", province[0])] if province else 0
    if pref and ((pref[1] >= 2 and 2 * pref[1] >= province_own) or province_own == 0):
        pick, level = pref[0], "prefecture"
    above = own[("prefecture", pick)] if pick == (pref[0] if pref else None) else own[("province", pick)]
    pref_named = pref is not None and own[("prefecture", pref[0])] > 0  # (not only through its counties)

    def under(s: str) -> bool:
        d = by_short()[("county", s)]
        return (pref is not None and pick == pref[0] and d.prefecture == pick) or \
            (pick == (province[0] if province else None) and d.province == pick
             and (not d.prefecture or not pref_named))

    counties = sorted(((n, s) for (lv, s), n in score.items() if lv == "county" and under(s)), reverse=True)
    if _BARE_COUNTY_BODY.search(text):
        # a report that speaks of its 县委/区政府 bare is a county's: the one county it names
        # is its own, even named once under a province named more (在县委县政府的领导下 … 金寨县)
        named = [(n, s) for (lv, s), n in own.items() if lv == "county"
                 and (province is None or by_short()[("county", s)].province == province[0])]
        pick_own = own[("prefecture", pick)] + own[("province", pick)]
        if len(named) == 1 and 2 * named[0][0] >= pick_own:  # not drowned by a city named more
            return named[0][1], "county"
    if counties:
        n, county = counties[0]
        siblings = sum(k for k, _ in counties[1:])
        if (n >= 1.5 or above == 0) and n > above and n > siblings:
            pick, level = county, "county"
        elif not pref_named and len(counties) == 1 and pick == (province[0] if province else None) \
                and above <= LONE_COUNTY_RATIO * n and "全省" not in text \
                and _first_mention(mentions, county) < OPENING_CHARS:
            # the one county a text opens with, under a province named a few times and no city
            # (a 蒙阴县 village's report that cites 山东省 thrice): the deepest place is its own;
            # a province's report naming one county as an example (全省…如蒙阴县) stays the province's
            pick, level = county, "county"
    return (pick, level) if pick is not None else None


def _first_mention(mentions, county: str) -> int:
    return min((s for s, f in mentions if _forms()[f].level == "county" and _forms()[f].short == county),
               default=OPENING_CHARS)


LONE_COUNTY_RATIO = 3
OPENING_CHARS = 120  # a title, a byline and the first sentence or two


@lru_cache(maxsize=8)
def home_county(text: str) -> str | None:
    """The county (district) whose bare 县委/区政府 the report speaks of, when its title or
    byline names one and only one (`发文机构：上海市长宁区人民政府新华路街道办事处`,
    `信息来源：辰溪县柿溪乡`): a street's or a township's report sits in it, though the
    region it is counted under is the city named more."""
    if not _BARE_COUNTY_BODY.search(text):
        return None
    heads = [line for _, line in head_lines(text) if not _SENTENCE_MARKS.search(line)]  # (a short first paragraph is no byline)
    found = {naming_form(_forms()[form]) for line in heads for at, form in _mentions(line)
             if _forms()[form].level == "county" and standalone(line, at, _forms()[form], form)
             and not (len(form) == 2 and form[0] in "和与及" and line.startswith(OWN_BODIES, at + 2))}  # …和县委…
    if not found:
        found = {naming_form(d) for line in heads for d in _place_and_county(line)}
    if not found:
        found = _counties_with_own_body(text)
    if not found:
        found = _short_counties_named(text)
    if not found:
        d = township_place(text, *(_region_pick(text) or (None, None)))
        if d is not None and d.level == "county":
            found = {naming_form(d)}  # 中大槐树街道…区委: 槐荫区委
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def _counties_under() -> dict[str, list[Division]]:
    """A prefecture's (or a municipality's) short name -> its counties."""
    out: dict[str, list[Division]] = {}
    for d in set(divisions().values()):
        if d.level == "county":
            out.setdefault(d.prefecture or d.province, []).append(d)
    return out


def _short_counties_named(text: str) -> set[str]:
    """The one county of the report's city that the text names by its short name at least
    twice (紧紧围绕杨浦…, 赴杨浦滨江… in a 上海 street's report): its bare 区委 is that
    district's. Short names that are words (county_words.tsv) do not count."""
    reg = region(text)
    up = divisions().get(reg) if reg else None
    if up is None or up.level == "county":
        return set()
    found = set()
    for d in _counties_under().get(up.short, ()):
        short = d.short
        if len(short) < 2 or short == d.full or short in _county_words():
            continue
        n, pos = 0, text.find(short)
        while pos >= 0 and n < 2:
            end = pos + len(short)
            if not text.startswith(PLACE_AFTER, end) and not text.startswith(d.full, pos):
                n += 1
            pos = text.find(short, end)
        if n >= 2:
            found.add(naming_form(d))
    return found


def _place_and_county(line: str):
    """A county named short right after its province or prefecture in a title or byline
    (`来源：上海金山`, `湖南沅江`): the short form alone is often a word, after its parent it
    is the county."""
    for at, form in _mentions(line):
        up = _forms()[form]
        if up.level not in ("province", "prefecture"):
            continue
        end = at + len(form)
        for k in (3, 2):
            d = by_short().get(("county", line[end:end + k]))
            if d is not None and d.short != d.full and _inside(d, up) and d.short not in _county_words() \
                    and not line.startswith(d.full[k:][:1], end + k) and not line.startswith(PLACE_AFTER, end + k):
                yield d  # (上海金山区 is found in full above; 上海金山路 is a road)
                break


def _counties_with_own_body(text: str) -> set[str]:
    """The county (district) whose own body the text names in full (`松溪县委领导`,
    `叶集区人民政府`), when only one county is named so: a county department's or a
    company's report names its county's 县委 once and its 县工信局 bare. Not in a city's
    own report, which names the city's bodies (桂林市财政局) more than the county's: there a
    bare 县财政局 is any county's."""
    found, county_bodies, city_bodies = set(), 0, 0
    for at, form in _all_mentions(text):
        d = _forms()[form]
        end = at + len(form)
        if not _OWN_BODY_OR_BUREAU.match(text, end) or text.startswith("委员", end):
            continue
        if d.level == "county" and standalone(text, at, d, form) and not (len(form) == 2 and form[0] in "和与及"):
            found.add(naming_form(d))
            county_bodies += 1
        elif d.level != "county":
            city_bodies += 1
    return found if county_bodies > city_bodies else set()


# a mainland place's own party committee, named bare: 市委, 县委, 区委, 州委
_MAINLAND_OWN_BODY = regex.compile(r"(?<![\p{Han}])[市县区州]委(?![员会])|[，、。在和与及由对向经按据]市委(?![员会])"
                                   r"|(?<=[成绕照据在和与及由对向经按])([市县区])委、?\1(?:人民)?政府")  # (围绕市委、市政府部署; not 深圳市委市政府)
# what a title calls the report its place's body wrote (浏阳市人民政府工作报告)
_OWN_REPORT = regex.compile(r"工作报告|工作总结|工作要点|述职")
# a county's bodies named bare (the report's own): 在县委县政府的领导下, 区委、区政府, after the
# words they follow in such reports (围绕区委…, 我代表县人民政府…, 十四届县委…); after any
# other Han character the 县/区 ends a place's name (兴文县委)
_BARE_COUNTY_BODY = regex.compile(r"(?:^|(?<=[^\p{Han}]|[在和与及由对向经按据届请]|围绕|落实|按照|代表|对照|紧扣"
                                  r"|坚持|召开|参加|争取|申报|授予|指导|助推))[县区](?:委|人民政府|政府"
                                   r"|(?![域级块])\p{Han}{1,6}?(?<![布格棋开结当大全时])局(?![面势部限]))")  # (区域发展布局: no bureau)


# a place's own party committee, government, congress: the report's authors and leaders
OWN_BODIES = ("委", "人民政府", "政府", "人大", "政协", "纪委")
_SENTENCE_MARKS = regex.compile(r"[。，；]")
_OWN_BODY_OR_BUREAU = regex.compile(r"委|人民政府|政府|人大|政协|纪委|\p{Han}{1,6}?局")
_OWN_BODY_AFTER = regex.compile(r"[省市县区州旗]?(?:" + "|".join(OWN_BODIES) + ")")


def _inside(d: Division, outer: Division) -> bool:
    """`d` lies in `outer` (a county in its prefecture or province, a prefecture in its province)."""
    p = parent(d, outer.level)
    return d.level != outer.level and p is not None and p.short == outer.short


def _confirmed_short_counties(text: str, own: Counter, title_end: int) -> Counter:
    """A county named by its full name (龙泉市) counts its short form in the title line too
    (龙泉全域党建品牌): a title names its place short. In the body a short form is often a
    word (和平稳定, 新华社)."""
    extra: Counter = Counter()
    for (level, short), _ in list(own.items()):
        d = by_short()[(level, short)]
        if level != "county" or len(d.short) < 2 or d.short == d.full:
            continue
        pos = text.find(d.short, 0, title_end)
        while pos >= 0:
            end = pos + len(d.short)
            if not text.startswith(d.full, pos) and not text.startswith(PLACE_AFTER, end):
                extra[(level, short)] += 0.5
            pos = text.find(d.short, end, title_end)
    return extra


# an autonomous prefecture's own bodies and leaders named bare: 州委, 州政府, 州人民医院, 副州长
_BARE_ZHOU_BODY = regex.compile(r"(?:^|(?<=[^\p{Han}]|[在和与及由对向经按据届请副]))州(?:委|人民政府|政府|人大|政协|人民医院|长|直|卫健委)")


@lru_cache(maxsize=1)
def _zhou_counties() -> tuple[regex.Pattern, dict[str, str]]:
    """The short names (two characters or more) of the counties and cities of the
    autonomous prefectures (吉首 of 湘西), a pattern finding them and the prefecture of each."""
    of = {}
    for d in divisions().values():
        if d.level == "county" and d.prefecture and len(d.short) >= 2:
            pref = by_short().get(("prefecture", d.prefecture))
            if pref is not None and pref.full.endswith("自治州"):
                of[d.short] = pref.short
    return regex.compile("|".join(sorted(of, key=len, reverse=True))), of


def _prefecture_of_bare_zhou(text: str) -> str | None:
    """A text that names no division plainly but speaks of its 州委/州人民医院 bare is an
    autonomous prefecture's: the one whose county or city it names (州人民医院 … 吉首大学:
    湘西), when it names the counties of one prefecture only."""
    if not _BARE_ZHOU_BODY.search(text):
        return None
    pattern, of = _zhou_counties()
    found = {of[m.group()] for m in pattern.finditer(text) if m.group() not in _county_words()
             and (text.startswith(("市", "县", "大学", "学院", "医院"), m.end()))}  # (吉首大学; 温泉康养: a word, no county)
    return found.pop() if len(found) == 1 else None


def _featured_counties(text: str) -> Counter:
    """A county named short before 特色 (具有德钦特色的党建工作) or at the end of a quoted
    motto of four (“富美长兴”) in a report that speaks of its 县委 bare: a county's own work
    is said to bear its mark, the way 中国特色 bears China's."""
    found: Counter = Counter()
    words = _county_words()  # (乡村振兴, 共同富裕, 新兴特色产业: words, no counties)
    for m in _MOTTO_OF_PLACE.finditer(text):
        d = divisions().get(m[1])
        if d is not None and d.level == "county" and d.short == m[1] != d.full and m[1] not in words:
            found[("county", d.short)] += 1  # “富美长兴”, “山水瓯海”: a county's motto ends in its name
    for m in _FEATURE.finditer(text):
        for k in (3, 2):
            name = text[m.start() - k:m.start()] if m.start() >= k else ""
            d = divisions().get(name)
            if d is not None and d.level == "county" and d.short == name != d.full and name not in words:
                found[("county", d.short)] += 1
                break
    return found


@lru_cache(maxsize=1)
def _county_words() -> frozenset[str]:
    """County short names that are also common words (lexicons/county_words.tsv)."""
    return frozenset(row[0] for row in read_tsv("county_words.tsv"))


_FEATURE = regex.compile(r"(?<=\p{Han})特色")
_MOTTO_OF_PLACE = regex.compile(r"“\p{Han}{2}(\p{Han}{2})”")


def _title_end(text: str) -> int:
    """Offset of the end of the first non-empty line (0 when the text is one line, or its
    first line is a sentence: then it is all body)."""
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    if first.rstrip().endswith(("。", "！", "？", "；")):
        return 0  # a first line that ends a sentence is the body's opening, not a heading
    return len(text) - len(stripped) + len(first) if rest.strip() else 0


@lru_cache(maxsize=4)
def _all_mentions(text: str) -> tuple[tuple[int, str], ...]:
    """The divisions a whole text names, found once for its region and its home county."""
    return tuple(_mentions(text))


def _mentions(text: str):
    """(start, form) of every division named: provinces and prefectures in one
    Aho–Corasick pass, counties by their last character (县 区 市 旗 …) looked up backwards
    (an automaton of their 3,000 full names finds many more short ones and costs three times as
    much)."""
    found = {s: form for s, _, form, _ in _region_matcher().longest(text)}
    counties, lengths = _county_forms()
    for m in _COUNTY_END.finditer(text):
        end = m.end()
        for k in lengths.get(text[end - 2:end], ()):  # (the lengths of the names ending in these two characters)
            if k <= end and text[end - k:end] in counties:
                if text[end - 1] == "区" and text[end - k] in _DIRECTIONS and end - k > 0 and text[end - k - 1] in _DIRECTIONS:
                    break  # 西南山区, 东北山区: a direction and a mountain area, no 南山区
                if len(found.get(end - k, "")) < k:  # 长沙县 over 长沙
                    found[end - k] = text[end - k:end]
                break
    taken = -1
    for start in sorted(found):
        form = found[start]
        # a two-character name counts only where it stands alone in jieba's cut: inside other
        # words it names nothing (永汉|中学, 孙中山, 淮河|北岸), opening one or inside a word the
        # HMM made up it does (苏州工业园区, 大美岳阳), and after its province it does though
        # jieba cuts 湖|南岳|阳; longer names are not asked: jieba cuts a rare character's
        # county apart (月湾|沚|区)
        if start >= taken and not (len(form) == 2 and start and _HAN_CHAR.match(text, start - 1)
                                   and not stands_alone(text, start, start + 2)
                                   and not _after_own_province(text, start, form)):
            taken = start + len(form)  # a county inside a longer name already found (桂林市 in …) is not a second mention
            yield start, form


_HAN_CHAR = regex.compile(r"\p{Han}")


def _after_own_province(text: str, start: int, form: str) -> bool:
    """湖南岳阳, 辽宁大连: a city written right after its province's name."""
    up = divisions().get(_forms()[form].province)
    return up is not None and up.level == "province" and text.endswith((up.full, up.short), 0, start)


_COUNTY_END = re.compile("[县区市旗州]")
_DIRECTIONS = frozenset("东西南北")


@lru_cache(maxsize=1)
def _county_forms() -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
    """The counties' forms, and the lengths (longest first) of those ending in each pair of
    characters: most 市 and 区 of a text end no county's name (市委, 全区), and are passed
    with one look-up instead of one per length."""
    forms = frozenset(f for f, d in _forms().items() if d.level == "county")
    lengths: dict[str, set[int]] = {}
    for f in forms:
        lengths.setdefault(f[-2:], set()).add(len(f))
    return forms, {end: tuple(sorted(ks, reverse=True)) for end, ks in lengths.items()}


@lru_cache(maxsize=1)
def _region_matcher() -> LexMatcher:
    """Provinces and prefectures by every form, in one Aho–Corasick pass (a regex of their
    700 names cost as much as the organization grammar)."""
    return LexMatcher([n for n, d in _forms().items() if d.level != "county"])
