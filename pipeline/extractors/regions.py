"""Places: China's administrative divisions (lexicons/divisions.tsv, provinces down to
counties) for every extractor that needs a place name, the county each township and street
office lies in (lexicons/townships.tsv), and the grammar of the places below a county —
townships, streets, villages (`周家镇`, `南码头路街道`, `高庄村`): a proper name of 2–6 Han
characters before `镇 乡 街道 苏木 村 社区 嘎查`."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from pipeline.resources import read_tsv

LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "township": 3, "village": 4}


@dataclass(frozen=True)
class Division:
    full: str        # 桂林市
    short: str       # 桂林
    level: str       # province | prefecture | county
    province: str    # short name of its province (itself for a province)
    prefecture: str = ""  # short name of its prefecture (a county's; empty when directly under a province)


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Full and short names (2+ characters) -> Division; where a name is shared, the
    higher level wins (长沙 is the city before the county)."""
    out: dict[str, Division] = {}
    rows = sorted(read_tsv("divisions.tsv") + read_tsv("divisions_tw.tsv"), key=lambda r: LEVEL_RANK[r[3]])
    for _code, full, short, level, province, *rest in rows:
        div = Division(full, short, level, province, rest[0] if rest else "")
        # an autonomous prefecture is named by its short form and 州 too (昌吉州, 阿坝州): a
        # name of its own, so that 昌吉州 is never read as 昌 + the county 吉州
        extra = (short + "州",) if full.endswith("自治州") and not short.endswith("州") else ()
        for form in (full, short, *extra):
            if len(form) >= 2:
                out.setdefault(form, div)
    return out


@lru_cache(maxsize=1)
def by_short() -> dict[tuple[str, str], Division]:
    """(level, short name) -> Division, to climb from a county to its prefecture."""
    return {(d.level, d.short): d for d in divisions().values()}


@lru_cache(maxsize=1)
def counties_by_short() -> dict[str, tuple[Division, ...]]:
    """Short name -> every county of that name (大通: 淮南's 大通区 and 西宁's 大通回族土族自治县);
    by_short keeps one of them."""
    out: dict[str, list[Division]] = {}
    for d in set(divisions().values()):
        if d.level == "county":
            out.setdefault(d.short, []).append(d)
    return {k: tuple(sorted(v, key=lambda d: d.full)) for k, v in out.items()}


@lru_cache(maxsize=1)
def by_code() -> dict[str, Division]:
    """Adcode -> Division (mainland rows of divisions.tsv)."""
    return {code: Division(full, short, level, province, rest[0] if rest else "")
            for code, full, short, level, province, *rest in read_tsv("divisions.tsv")}


@lru_cache(maxsize=1)
def township_names() -> dict[str, tuple[str, ...]]:
    """Township or street name -> the adcodes of the counties holding one (lexicons/townships.tsv)."""
    return {name: tuple(codes.split(",")) for name, codes in read_tsv("townships.tsv")}


def township_counties(name: str) -> tuple[Division, ...]:
    """The counties holding a township or street office of that name (`中大槐树街道` ->
    槐荫区; `王集乡` -> five counties of three provinces); a prefecture stands for a county
    when the township lies in a statistics-only zone. Empty for a name no list holds."""
    return tuple(by_code()[code] for code in township_names().get(name, ()))


def parent(div: Division, level: str) -> Division | None:
    """The division of `level` that holds `div` (itself when it is of that level)."""
    if div.level == level:
        return div
    if level == "province":
        return by_short().get(("province", div.province))
    if level == "prefecture" and div.level == "county" and div.prefecture:
        return by_short().get(("prefecture", div.prefecture))
    return None


def naming_form(div: Division) -> str:
    """The name a division's bodies are named with: its full name, an autonomous county's or
    prefecture's short name and 县, 旗 or 州 (互助土族自治县: 互助县委; 迪庆藏族自治州: 迪庆州委),
    as their own reports name them."""
    autonomous = (div.level == "county" and div.full.endswith(("自治县", "自治旗"))) \
        or (div.level == "prefecture" and div.full.endswith("自治州"))
    return div.short + div.full[-1] if autonomous else div.full


# counties named by a common word: only after their city's name are they the county
GENERIC_COUNTIES = ("城区", "郊区", "矿区")


def standalone(text: str, start: int, div: Division, form: str) -> bool:
    """A one-character county (和县, 新县, 城区, 东区) counts only after a non-letter or its
    prefecture's or province's name: elsewhere it is a fragment of words (县融媒体中心和县…, 城区)."""
    if form in GENERIC_COUNTIES:
        up = parent(div, "prefecture")  # 城区, 郊区, 矿区: a town's districts, named by their city (晋城城区)
        return up is not None and text.endswith((up.full, up.short), 0, start)
    if form != div.full or len(form) > 2 or div.level != "county" or start == 0:
        return True
    if not _HAN.match(text, start - 1):
        return text[start - 1] not in "XxＸｘ×*＊"  # “XX兴县”战略: a slogan with a gap (工业兴县), no 兴县
    ups = [up for up in (parent(div, "prefecture"), parent(div, "province")) if up is not None]
    return any(text.endswith((up.full, up.short), 0, start) for up in ups)  # 平顶山郏县, 河南省郏县


@lru_cache(maxsize=1)
def province_full_names() -> dict[str, str]:
    """广西 -> 广西壮族自治区."""
    return {d.short: d.full for d in divisions().values() if d.level == "province"}


def trie_pattern(words) -> str:
    """One regex alternation of `words` shaped as a trie (市委|市政府 -> 市(?:委|政府)): the
    engine tries one branch per character instead of every word, and at each position
    the longest word still wins."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [regex.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            body = "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body
    return build(trie)


# --- places below a county ------------------------------------------------------------------

# what ends the name of a place below a county, longest first, with its level
LOCAL_SUFFIXES = {"街道": "township", "苏木": "township", "镇": "township", "乡": "township",
                  "社区": "village", "嘎查": "village", "村": "village"}
LOCAL_MAX = 6
# a place name never runs across these: the end of a larger division (兴文县|周家镇), of
# another place (永兴镇|高庄村), or a function word (在|南庄镇)
_NAME_STOP = set("省市县区州旗盟镇乡村的在和与及或以、，,。；;：:（）()“”‘’《》【】　 和是为对向到从把被将由于至等给")


@lru_cache(maxsize=1)
def _local_words() -> tuple[frozenset[str], dict[str, tuple[str, ...]], tuple[str, ...]]:
    """(names that are words, not places; endings that make a kind of place, not a place,
    per suffix ("" for every suffix); starts that make a collective or a verb phrase)
    from lexicons/local_generic.tsv."""
    rows = [r for r in read_tsv("local_generic.tsv") if r[1] != "lead"]
    endings: dict[str, list[str]] = {}
    for word, kind in rows:
        if kind == "ending" or kind.startswith("ending:"):
            endings.setdefault(kind[7:], []).append(word)
    return (frozenset(r[0] for r in rows if r[1] == "word"),
            {k: tuple(v) for k, v in endings.items()},
            tuple(r[0] for r in rows if r[1] == "start"))


@lru_cache(maxsize=1)
def _leads() -> tuple[str, ...]:
    """Verbs of place that stand before a place's name (lexicons/local_generic.tsv, lead)."""
    return tuple(sorted((r[0] for r in read_tsv("local_generic.tsv") if r[1] == "lead"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _lead_starts() -> frozenset[str]:
    return frozenset(w[0] for w in _leads())


def local_name_before(text: str, end: int, suffix: str = "") -> int | None:
    """Where the proper name of a place ends at `end` (right before its suffix) starts,
    or None when the characters there are no place name (城乡, 各乡, 示范村, 18个村)."""
    if suffix == "乡" and text.startswith("村", end + 1) and not text.startswith(("村级", "村干部", "村两委", "村民"), end + 1):
        return None  # 党建引领乡村振兴: the word 乡村, no township
    j = end
    while j > 0 and end - j < LOCAL_MAX and text[j - 1] not in _NAME_STOP and _HAN.match(text, j - 1):
        j -= 1
    if j < end and not text[j:end].strip("某"):
        return None  # 某某镇: a draft's gap, no place's name (the body after it is named from what follows)
    if j == end and suffix in ("乡", "镇", "街道") and end >= 2 and text[end - 1] in "村市" and _HAN.match(text, end - 2) \
            and text[end - 2] not in _NAME_STOP:
        # 卢村乡, 新市镇, 张家村镇: a township named after a village or a market, its 村 or 市
        # inside (农村镇域, 城市街道, 各村镇: words and collectives, no name)
        k = end - 2
        while k > 0 and end - k < 4 and _HAN.match(text, k - 1) and text[k - 1] not in _NAME_STOP:
            k -= 1  # (延吉新村街道: up to three characters before its 村)
        name = text[k:end]
        words, _, starts = _local_words()
        if name not in words and name[-2:] not in words and not name.startswith(starts) \
                and name[:-1][-1] not in _NOT_BEFORE_VILLAGE_MARKET:
            return k
        return None
    if j < end - 1 and text[j] == "年" and j > 0 and (text[j - 1].isdigit() or text[j - 1] in "xX*×_"):
        j += 2 if text.startswith("年度", j) and j < end - 2 else 1  # 2024年|观湖街道: a year's 年 (年丰村 keeps its 年)
    if j < end and text[j] in _lead_starts():
        lead = next((w for w in _leads() if text.startswith(w, j) and end - j > len(w)), None)
        if lead is not None:
            j += len(lead)  # 地处|正阳镇: a verb of place before the name
    if j == end >= 2 and text[j - 1] == "和" and _HAN.match(text, j - 2) \
            and text[j - 2] not in _NAME_STOP and text[j - 2] not in "委府直里级年月日" \
            and (j == 2 or not _HAN.match(text, j - 3) or text[j - 3] in "年月日市县区"):
        j = end - 2  # 中和镇, 太和镇: 和 ends a name of two after a boundary (党委和镇政府 stays a list)
    name = text[j:end]
    if len(name) < 2 or (name[0] == "长" and name[1] in "率带领亲主" and j > 0 and text[j - 1] in "省市县区州镇乡村"):
        return None  # 镇长|率镇公所, 乡长|带领: a head's title, then a verb, no place's name (县|长安镇 is one)
    words, endings, starts = _local_words()
    if name in words or name.endswith(endings.get("", ()) + endings.get(suffix, ())) \
            or name.startswith(starts) or "个" in name:
        return None
    return j


_HAN = regex.compile(r"\p{Han}")
# the character before 村 or 市 in a word, not a name: 农村, 乡村, 城市, 都市, 超市, 门市, 集市, 各村, 全市, 本村…
_NOT_BEFORE_VILLAGE_MARKET = set("农乡城都超门集各全本该我每此其邻同外")


_LOCAL_RE = regex.compile("|".join(LOCAL_SUFFIXES))


@lru_cache(maxsize=4)
def local_places(text: str) -> Counter:
    """(name with suffix, level) -> mentions, for every township/street/village named."""
    found: Counter = Counter()
    for m in _LOCAL_RE.finditer(text):
        j = local_name_before(text, m.start(), m.group(0))
        if j is not None:
            found[(text[j:m.end()], LOCAL_SUFFIXES[m.group(0)])] += 1
    return found


@lru_cache(maxsize=4)
def known_places(text: str) -> frozenset[str]:
    """Places named at least twice in the text: their names are no accident of the grammar."""
    return frozenset(name for (name, _), n in local_places(text).items() if n >= 2)


HEAD_LINES = 2     # the title and the byline under it name the report's own place
HEAD_LINE_MAX = 60  # a longer first line is the first paragraph, not a title


@lru_cache(maxsize=4)
def head_lines(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, line) of the first two non-empty lines when they are short enough to be a
    title and a byline (`昌硕街道2022年工作总结`, `林庄村党总支书记 张振华`)."""
    # the lines are taken one by one from the start, not by splitting the whole text: this
    # is asked for every organization found, and only the first lines ever count
    out, at, n = [], 0, len(text)
    while True:
        nl = text.find("\n", at)
        end = n if nl < 0 else nl
        line = text[at:end]
        if line.strip():
            if len(line) > HEAD_LINE_MAX or len(out) == HEAD_LINES:
                break
            out.append((at, line))
        if nl < 0:
            return tuple(out)
        at = end + 1
    return tuple(out)


def title_place(text: str, level: str) -> str | None:
    """The township (or village) the title or byline names at its start or right after a
    division (`昌硕街道2022年工作总结`, `桂林市周家镇…`): the report's own place, even
    when the text names it only there."""
    for at, line in head_lines(text):
        for m in _LOCAL_RE.finditer(line):
            if LOCAL_SUFFIXES[m.group(0)] != level:
                continue
            j = local_name_before(line, m.start(), m.group(0))
            if j is not None and (j == 0 or line[j - 1] in "省市县区州旗盟"
                                  or (line[j - 1] == "在" and _CONGRESS_AFTER.match(line, m.end()))):
                return line[j:m.end()]
    return None


# a government work report's byline: ——2024年4月29日在修山镇第七届人民代表大会第四次会议上
_CONGRESS_AFTER = regex.compile(r"(?:第?[一二三四五六七八九十\d]{1,3}届)?人民代表大会")


def locus(text: str, level: str) -> str | None:
    """The township (or village) a report is about: the one its title or byline names,
    else the one named at least twice and at least twice as often as any other of its level."""
    named = title_place(text, level) or _opening_place(text, level)
    if named is not None:
        return named
    ranked = [(n, name) for (name, lv), n in local_places(text).items() if lv == level]
    ranked.sort(reverse=True)
    if len(ranked) == 1 and level == "township" and _village_title(text):
        return ranked[0][1]  # a village's report names its township once (位于正阳镇东北): its 镇党委
    if not ranked or ranked[0][0] < 2 or (len(ranked) > 1 and ranked[0][0] < 2 * ranked[1][0]):
        return None
    return ranked[0][1]


def _village_title(text: str) -> bool:
    """The title is a village's report (`xx村脱贫攻坚工作汇报`, `牛车湾村2021年工作总结`)."""
    lines = head_lines(text)
    if not lines:
        return False
    if "社区" in lines[0][1] and "村" not in lines[0][1]:
        return _opening_place(text, "village") is not None  # (街道社区发展办: an office, no community's report)
    return "村" in lines[0][1] and not any(w in lines[0][1] for w in ("乡村", "村镇", "各村", "村庄"))


# a place the report opens by describing: 象山社区位于…, 新华社区成立于… (its own)
_DESCRIBED = regex.compile(r"位于|地处|坐落|成立于|始建于|下辖|辖区面积|总面积")
# …or by what it does: 圣水峪镇坚持…, 城西街道在区委的领导下… (a place acting is the report's
# writer; organizations read a street so acting as its office)
PLACE_ACTS = regex.compile(r"在(?:区委|市委|县委|上级|党工委)|坚持|坚定|深入|以习近平|以“|突出|紧紧|始终|聚焦|围绕"
                           r"|全面(?:贯彻|落实|推进|加强)|主要工作|认真|积极|着力|大力|牢固|紧扣")
OPENING_LINES = 3  # the title, a byline, then the body's first line


@lru_cache(maxsize=8)
def _opening_place(text: str, level: str) -> str | None:
    """The place of `level` that one of the first lines after the title opens with and goes
    on to describe (`象山社区位于绥芬河市区…`): the report's own, though named once."""
    at, seen = 0, 0
    while seen <= OPENING_LINES and at < len(text):
        nl = text.find("\n", at)
        end = len(text) if nl < 0 else nl
        line = text[at:end].lstrip(" \u3000")
        if line:
            if seen or len(line) > HEAD_LINE_MAX:  # (not the title itself; a first line that long is the body's)
                for suffix, lv in LOCAL_SUFFIXES.items():
                    if lv != level:
                        continue
                    cut = line.find(suffix, 2, LOCAL_MAX + len(suffix) + 1)
                    if cut > 0 and local_name_before(line, cut, suffix) == 0 \
                            and (_DESCRIBED.match(line, cut + len(suffix)) or PLACE_ACTS.match(line, cut + len(suffix))):
                        return line[:cut + len(suffix)]
            seen += 1
        at = end + 1
    return None
