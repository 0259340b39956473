"""Organizations (FACTS_SPEC §4): named bodies found by a grammar over lexicons.

    name  = [region] [place] component* terminal
    place = proper-name + 镇|乡|街道|村|社区 (周家镇, 南码头路街道, 高庄村; regions.py)
    component = region | level word (市 县 镇 街道) | prefix (直属 机关) | body | part
    terminal  = body | part
              | proper-name + suffix          (桂冶机械股份有限公司, 东大街派出所, 澳门基金会)
              | head + department-name + dept (省农业农村厅, 市水利和湖泊局, 天长市党员教育中心)

Every terminal found in the text is extended to the left over lexicon components and
places and, before a suffix, over a proper name; where candidates overlap the longest
wins (`桂林市委直属机关工委`, not `桂林市委`). The left walk is bounded (MAX_NAME
characters), so a run like `市委市委市委…` costs linear time. The canonical `name` puts
the report's region in front of a mention that leaves it implicit, at the level the
mention implies: `市委办公室` in a 桂林 report is `桂林市委办公室`; `县委` in a 兴文
report is `兴文县委` and `市委` there `宜宾市委`; `镇党委` in a report about 周家镇 is
`周家镇党委`. Generic collectives (`各级党组织`, `市直机关`, `公办学校`), fragments of
counts (`3间公办学校`) and roles (`党组书记`, `行政院长`) are not organizations. A gap
in a draft's name (`XX区委`, `**公司`) is not part of the name: the body after it is
found as if it stood alone (`区委`), the gap is a placeholder.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache

import regex
from spacy.language import Language

from pipeline.extractors import document
from pipeline.extractors.context import TITLE
from pipeline.extractors.lexmatch import LexMatcher
from pipeline.extractors.regions import LEVEL_RANK as _RANK
from pipeline.extractors.regions import (
    LOCAL_MAX,
    LOCAL_SUFFIXES,
    PLACE_ACTS,
    by_short,
    known_places,
    local_name_before,
    head_lines,
    local_places,
    locus,
    naming_form,
    parent,
    province_full_names,
    standalone,
    township_names,
    trie_pattern,
)
from pipeline.extractors.regions import divisions as _divisions
from pipeline.extractors.spans import DOC_FORMS_KEY, REGION_SETTLED_KEY, set_group
from pipeline.resources import read_tsv
from pipeline.segment import dictionary_cut, dictionary_word, first_word_tag, inside_dictionary_word, text_of, word_starts, word_tags

# words a proper name before a suffix never contains: verbs and function words that
# stand before organization names in reports (走进…公司, 利用…纪念馆, 新建3间…学校)
STOPWORDS = ["走进", "利用", "召开", "举办", "成立", "组织", "推动", "指导", "联合", "依托", "通过", "开展",
             "参加", "参与", "深入", "前往", "来到", "赴", "到", "在", "由", "与", "和", "及", "对", "向",
             "为", "是", "的", "等", "从", "以", "搭建", "组建", "建立", "将", "把", "被", "让", "使", "了",
             "共", "各", "全", "获评", "获", "其中", "以及", "支持", "帮助", "服务", "选派", "加入", "带动",
             "包括", "所属", "直属党组织", "用于", "新建", "改建", "扩建", "建成", "购置", "资助", "覆盖",
             "惠及", "涉及", "新增", "打造", "创建", "培育", "落户", "入驻", "引进", "签约", "携手", "委托",
             "邀请", "对接", "揭牌", "申报", "入选", "荣获", "获得", "评为", "授予", "牵头", "主办", "承办",
             "协办", "发布", "表示", "指出", "要求", "请", "即", "又", "并", "还", "也", "都", "已",
             "一批", "一所", "一家", "一个", "根据", "按照", "依照", "依据", "结合", "围绕", "会同", "配合",
             "协助", "督促", "经过", "贯彻", "积极", "认真", "开启", "推进", "加快", "加强", "深化", "助力",
             "成为", "作为", "带领", "号召", "面向", "学习", "考察", "调研", "走访", "慰问", "看望", "检查",
             "督导", "视察", "参观", "进驻", "来自", "位于", "隶属", "旗下", "下属", "共同",
             "选配", "构建", "担起", "规范", "进一步", "完善", "健全", "推行", "提升", "开始", "借此", "俟",
             "代表", "实施", "启动", "提高", "发挥", "协同", "争取", "之间", "引领", "贯穿", "单位", "现有", "部署",
             "据悉", "投身", "融入", "按", "抓好", "抓实", "做好", "办好", "建好", "完成", "推荐", "已经", "最新", "强化", "我",
             # adverbs and verbs that open a clause after its subject (县民政局紧紧围绕中心工作)
             "紧紧", "紧密", "始终", "促进", "确立", "引导", "带头", "实行", "破解", "解决", "协助", "鼓励",
             "扶持", "服务于", "帮扶", "辖区内", "引来", "纳入", "吸引", "吸纳", "目前", "同时", "此外",
             "不少", "有些", "如何", "撰写", "介绍", "协调", "反映出", "反映", "随着", "破解",
             # a post held before the body (时任|中南司法所所长) and a school's sector (就读私立|…托儿所)
             "时任", "现任", "曾任", "历任", "私立", "公立",
             # verbs of building and growing before the body built (开工建设|实验中学, 投用|…小学)
             "开工建设", "开工", "投用", "投入使用", "开办", "上榜",
             # verbs of pushing and rebuilding, and 正如 (as … said), before the body (有力助推|集团公司)
             "助推", "重整", "升级", "正如",
             # a party member's running of a farm (党员领办|家庭农场)
             "领办",
             # verbs that open a clause before the body they act on (动员|集团公司上下),
             # and a school term (本学期|学校, 第二学期|奉化区中小学)
             "动员", "学期",
             # verbs of reporting and reviving before the body (通报|集团, 盘活|行知学校)
             "通报", "盘活",
             # words of praise and thanks before the body praised (称赞|太平区农会零逾放比)
             "称赞", "赞扬", "表扬", "肯定了", "感谢"]
# verbs that open a clause before a body's bare kind (增强|商会凝聚力, 创造|医院品牌) but stand
# inside names too (泰山玻纤增强材料有限公司, 土木工程拓展署): cut only at a name's start
LEADING_VERBS = ("增强", "拓展", "创造", "稳定")  # (稳定|规模养殖场; 社会稳定风险评估中心 keeps its 稳定)
# a mention right before one of these is a role or a collective, not a body
ROLE_AFTER = ("书记", "副书记", "委员", "成员", "主任", "部长", "局长", "厅长", "院长", "校长", "副校长", "班子",
              "理论学习中心组", "中心组", "（党委）", "(党委)", "负责人", "领导", "常委", "主席",
              "议员", "代表", "干部", "副主席", "副主任", "副部长", "副局长", "副院长", "副厅长", "司长", "副司长")
# 院长, 局长, 县长: a role; 长期, 长效: not
_ROLE_CHIEF = regex.compile(r"长(?!期|效|远|江|城|足|久|年|廊|沙|治|春|安|白|寿|乐|宁)")
COLLECTIVE_BEFORE = ("各级", "各", "全区", "全市", "全县", "全省", "所有", "广大", "市直各", "区直各", "全",
                     "每个", "每")
# a mention starting like this names a kind of body, not one (乡镇党委, 镇村两委)
COLLECTIVE_START = ("乡镇", "镇村", "村镇", "村居", "镇街", "县乡", "县区", "区县", "市县", "省市", "市区")
# (省市场监管局, 市市政管理局: a level, then a body whose name begins with 市场/市政/区域)
COLLECTIVE_NOT = ("市场", "市政管理", "市政工程", "市政公用", "市容", "区域")
# the character before 区 in a zone's name (旅游区, 开发区, 景区, 园区, 新区, 示范区, 保护区…)
ZONE_BEFORE_QU = set("游发景园新能范护验片社小矿库林牧山湖校厂")
LEVELS = {"自治区": "province", "省": "province", "市": "prefecture", "州": "prefecture",
          "盟": "prefecture", "县": "county", "区": "county", "旗": "county",
          "街道": "township", "镇": "township", "乡": "township", "苏木": "township",
          "社区": "village", "村": "village", "嘎查": "village"}
SELF_STANDING = ("党中央", "中共中央", "中央", "国务院", "全国", "国家", "中组部", "中宣部", "特区", "特别行政区",
                 "行政院", "立法院", "司法院", "监察院", "考试院", "立法会", "行政会议", "国发会")
# the nation's bodies, named alone in a Hong Kong or Macau report too
NATIONAL = ("党中央", "中共中央", "中央", "国务院", "全国", "国家", "中组部", "中宣部", "外交部", "国防部", "中联办")
# the committee and the office of a 地区 (a prefecture run from above): 喀什地委, 喀什行署
PREFECTURE_OFFICES = ("地委", "行署", "地直")  # (地直机关工委: the bodies directly under a 地区)
MAX_PROPER = 16
MAX_NAME = 40  # no name is longer: the left walk stops here, which keeps it linear
# a department name between a head and its dept word (省|农业农村|厅): length and what it never is
DEPT_MIN, DEPT_MAX = 2, 10
DEPT_BAD_START = tuple("级内外直属里域情位会场长委府") + ("召开", "举办", "举行", "主持", "出席")  # (市委|召开|党委书记…会)
DEPT_OK_START = ("外事", "外资", "外经", "外贸", "外侨")  # (市外事侨务局: 外 opens a department's name)
# a bureau of the lexicon named alone (民政局, 审计局) is the report's own place's after these
_BARE_BUREAU_AFTER = frozenset("\n由和与及对向经给请让、，,。；;：:（）()“”‘’ 　")


def _bare_bureau(text: str, start: int, s: int, term: str, role: str) -> bool:
    """A bureau of the lexicon named alone (民政局), or its party organ (民政局党组, 审计局党支部)."""
    if role == "body":
        return start == s and term.endswith("局")
    return role == "part" and start < s and text[s - 1] == "局" and _lexicon().get(text[start:s], ("", ""))[1] == "body"
DEPT_STOP = set("的在是为对向到从把被将由等各全这那个此其该与同并予昨、，,。；;：:（）()“”‘’《》【】 　") | set("0123456789")
# prefixes that name the organs of one level: 市直机关工委, 直属机关纪检监察工委 (机关纪委
# alone is any organ's commission)
NAMING_PREFIXES = ("直属", "市直", "区直", "县直", "省直", "州直", "地直", "盟直", "旗直")
# after a ministry's name (财政部, 教育部) these make another word: 部门, 部署, 部分, 部位
MINISTRY_NOT_AFTER = set("门署分位件队属落")
# an honour conferred on a body is named after its kind: 五四红旗团委, 红旗党支部
HONOUR_BEFORE_BODY = ("五四", "红旗", "先进", "优秀", "示范", "标兵")
# …and an honour that is the name of a kind of body: “红旗党支部”, 先进党组织, 五四红旗团委
_HONOUR_BODY = regex.compile("(?:" + "|".join(HONOUR_BEFORE_BODY) + ")+(?:党支部|支部|党委|党组织|团委|团支部|集体|单位)")

# a memorial, museum or old site named after a body (no body itself: a venue)
MEMORIAL_AFTER = ("纪念馆", "旧址", "博物馆", "纪念园", "纪念碑", "陈列馆", "遗址", "综合大楼", "大楼")  # (立法会综合大楼: a building)
# a measure word right after a number: what follows is a count of bodies, not a name (3间公办学校)
# (三大合作社: "the three big ones", also a count; 中共一大 is a name, so 一 is left out)
_COUNTED = regex.compile(r"[0-9０-９一二两三四五六七八九十百千万几多*＊xX×][间所个家座名位批支条项户栋处类]"
                         r"|[两三四五六七八九十]大")
# a count right after a name: the name is a kind of body (组建合作社12家, 设立工作站3个)
_COUNTED_AFTER = regex.compile(r"[0-9０-９一二两三四五六七八九十百千万几多]+余?[家个所座支]")
_HAN = regex.compile(r"\p{Han}")
# a draft's gap inside a proper name (华中师范大学附属x高级中学) or as the whole name (xx公司):
# the name is not written yet
_GAP_INSIDE = regex.compile(r"(?<=\p{Han})[xX×]+(?=\p{Han})|[*＊×]|^[xXｘＸ○〇□]+$")
# a department's name holds no numeral (第一党支部, 两新组织 are no departments)
_NUMERAL = regex.compile(r"[一二两三四五六七八九十]")
# a year is never part of a proper name: 召开2022年度公司党建工作会议
_YEAR = regex.compile(r"[0-9０-９]{2,4}年|上半年|下半年|今年|去年|全年|年度")  # a time is no part of a name
_SPAN_OPENS = regex.compile(r"[一二两三四五六七八九十]{1,2}年(?!级)")  # 这一年|学校: a span of time opens no name
# the owner named in a group's name: a body or a level (县委, 街道, 镇政府, 局)
_OWNER = regex.compile(r"[委府局厅办]|街道|^[省市县区镇乡村]")
# verbs of acting for or with a body: the bare body after them is the one the report is
# about (我代表镇人民政府, 协同街道市场监督管理所), where after 发挥/加强 it is any (发挥镇党委作用)
ACTING_WITH = ("代表", "协同", "联合", "会同", "配合", "依托", "按照", "根据")
# a bare level word of a place (镇党委, 村党支部) stands after these, not after any Han letter
_LOCAL_OK_BEFORE = frozenset("在由和与及对向从把将为是的本该我其受经给请让以、，,。；;：:（）()“”‘’ 　") | set("省市县区州旗") \
    | set("局府厅")  # (教育局乡党委: a list written without its commas)


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


TERMINAL_ROLES = ("body", "part", "suffix", "dept", "self")


@lru_cache(maxsize=1)
def _tables():
    """(terminal regex, components set, longest component length, suffix set, stop set)."""
    lex = _lexicon()
    terminals = [t for t, (_, role) in lex.items() if role in TERMINAL_ROLES]
    comps = {t for t, (_, role) in lex.items() if role in ("body", "part", "prefix", "head", "self")}
    comps |= set(_divisions()) | set(LEVELS)
    suffixes = {t for t, (_, role) in lex.items() if role == "suffix"}
    return (regex.compile(trie_pattern(terminals)), comps, max(map(len, comps)), suffixes, frozenset(STOPWORDS))


@lru_cache(maxsize=1)
def _terminal_matcher() -> LexMatcher:
    return LexMatcher(t for t, (_, role) in _lexicon().items() if role in TERMINAL_ROLES)


def _terminals(text: str):
    """(start, the longest terminal starting there) at every position where one starts,
    left to right: 党委 inside 机关党委 is a candidate end too. One Aho–Corasick pass (the
    trie regex searched with overlapped=True gave the same, 5× slower)."""
    longest: dict[int, str] = {}
    for s, _, term, _ in _terminal_matcher().all(text):  # by start, then length
        longest[s] = term
    return longest.items()


_NAME_CHAR = regex.compile(r"[\p{Han}A-Za-z0-9]")
_LEAD_GAP = regex.compile(r"[xXｘＸ×*＊]+|某某")  # a draft's gap at the start of a name
# when a meeting was held, written straight before the body that held it (10日下午, 今天)
# (近日, 今日, 当日 also begin firms' names: 今日头条, 当日达 — left out)
_TIME_OF_DAY = regex.compile(r"日?(?:上午|下午|中午|晚上|傍晚|凌晨|今天|昨天|当天)")


@lru_cache(maxsize=1)
def _stop_end() -> regex.Pattern:
    return regex.compile(rf"(?:{_alt(STOPWORDS)})$")


@lru_cache(maxsize=1)
def _stop_start() -> regex.Pattern:
    return regex.compile(_alt(STOPWORDS))



# The left walks below run up to MAX_NAME characters back from every terminal, so a run
# of terminals (市委市委…, 学校学校…) costs MAX_NAME steps per terminal: what each step does
# must be cheap. These tables let a step look only at the words that can end at its
# character instead of slicing every length up to the longest component.

@lru_cache(maxsize=1)
def _comp_lengths() -> dict[str, tuple[int, ...]]:
    """last character -> lengths of the components ending in it, longest first."""
    out: dict[str, set[int]] = {}
    for c in _tables()[1]:
        out.setdefault(c[-1], set()).add(len(c))
    return {ch: tuple(sorted(ks, reverse=True)) for ch, ks in out.items()}


def _comps_ending_at(text: str, j: int):
    """(start, piece) of each component of 2+ characters ending at `j`, longest first; at
    the very start of the text (j == 1) a one-character component counts too, as the
    clipped slice text[0:1] always did."""
    comps = _tables()[1]
    if j == 1:
        if text[0] in comps:
            yield 0, text[0]
        return
    for k in _comp_lengths().get(text[j - 1], ()) if j > 0 else ():
        if 2 <= k <= j and text[j - k:j] in comps:
            yield j - k, text[j - k:j]


def _comp_ends_at(text: str, j: int) -> bool:
    return next(_comps_ending_at(text, j), None) is not None


@lru_cache(maxsize=1)
def _stop_last() -> frozenset[str]:
    return frozenset(w[-1] for w in STOPWORDS)


# stop words of two characters or more ending where a department's name would go on
# (建成|徐济之间区域中心); single ones (和, 及) stand inside names (水利和湖泊局)
_LONG_STOP_END = regex.compile("(?:" + "|".join(sorted((w for w in STOPWORDS if len(w) >= 2), key=len, reverse=True)) + ")$")


def _stop_ends_at(text: str, j: int) -> bool:
    """A stop word ends at `j` (the character before `j` is a letter of a name)."""
    if text[j - 1] in _BOUND_VERBS and (j == len(text) or text[j] not in _BOUND_VERBS[text[j - 1]]):
        return True
    if text[j - 1] in _WORD_ENDS and j >= 2 and text[j - 2] in _WORD_ENDS[text[j - 1]]:
        return False  # 安全|有限公司, 现在: the stop word's character ends another word
    return text[j - 1] in _stop_last() and _stop_end().search(text, max(0, j - 6), j) is not None


# one-character stop words that end common words of names (华安安全有限公司, 报到): the
# characters before them that make the word
_WORD_ENDS = {"全": "安完健齐周保双", "到": "报", "在": "现存实内"}


# verbs of one character between two bodies (协会|受|中国…协会委托, 水库|至|山北水厂), unless they
# begin a word of a name (受益, 至善, 至诚): the character and the ones that make it a word
_BOUND_VERBS = {"受": "益惠理聘", "至": "善诚尊真臻信美", "现": "代场金实", "给": "排水", "起": "点航重步",
                "个": "旧体人私",  # (现|曾冲蘑菇厂, 便给|学校, 发展…起|农民合作社; 个旧, 现代 are names)
                # a preposition, a conjunction, a pointer, a plural (得益于|酒店, 而|酒店, 这所|学校,
                # 我们可能连|学校), unless a place's name opens with it (于都, 于洪, 连云港, 连江, 那曲)
                "于": "都洪田", "而": "", "连": "云江城山州南锁心", "这": "", "那": "曲坡", "们": "",
                "就": "业", "但": "",  # (就|广西…有限责任公司; 就业服务中心 keeps its 就; 连锁 is a word)
                # 含 (including), 率 (leading): 含|铁路集团, 秘书长率|提案局处; 含山县 is a place
                "含": "山", "率": "",
                # 以活动促|商会凝聚力 (促进会, 贸促局, 贸促会 keep their 促); 开办过|小学: a verb's particle
                "促": "进销局会", "过": "去程渡桥"}


_LOCAL_LAST = frozenset(s[-1] for s in LOCAL_SUFFIXES)


def _place_before(text: str, cur: int) -> tuple[int, str] | None:
    """A named place (周家镇, 高庄村) ending at `cur`: (its start, its level). The name must
    be vouched for: named twice in the report, or right after a larger division or place
    (兴文县|周家镇, 永兴镇|高庄村; a township after a township is none: 城西街道|今年举办城西街道),
    or short (2–3 characters) after a boundary (在|南庄镇)."""
    if cur < 2 or text[cur - 1] not in _LOCAL_LAST:
        return None  # no suffix ends here (the cheap test of every step of a left walk)
    for suffix, level in LOCAL_SUFFIXES.items():
        if cur - len(suffix) > 0 and text.startswith(suffix, cur - len(suffix)):
            if text.endswith("某某", 0, cur - len(suffix)):
                return cur - len(suffix), level  # 某某|镇政府: a gap for the name, the level word opens the body (as XX|镇政府)
            j = local_name_before(text, cur - len(suffix), suffix)
            if j is not None:
                name = text[j:cur]
                if name not in known_places(text):
                    # 这4年来|秀林乡公所: a word's last character taken into a place the report
                    # names again on its own (秀林乡…秀林乡) — the place is the one named twice
                    inner = next((k for k in range(j + 1, cur - len(suffix) - 1) if text[k:cur] in known_places(text)
                                  and all(c in _FUNCTION_CHARS for c in text[j:k])), None)  # (来|秀林乡; not 北|高庄村)
                    if inner is not None:
                        return inner, level
                if name in known_places(text) or (j > 0 and (text[j - 1] in "县市区旗州盟"
                                                              or (level == "village" and text.endswith(("镇", "乡", "街道"), 0, j)))) \
                        or len(name) - len(suffix) <= 3:
                    return j, level
            # 我代表魏庄镇: the walk took words in front of a place the report names again
            # on its own (。魏庄镇…): named twice
            for k in range(max(0, cur - len(suffix) - LOCAL_MAX), cur - len(suffix) - 1):
                if text[k:cur] in known_places(text) or (
                        k >= cur - len(suffix) - 3 and local_places(text).get((text[k:cur], level))):
                    return k, level
            return None
    return None


# words ending in a level character that is no level: 开发区|管委会 is no district's 区管委会
NOT_LEVEL_WORDS = frozenset(("发区", "园区", "城区", "景区", "社区", "辖区", "片区", "新区", "郊区", "矿区", "开区",
                             "险区", "范区", "作区", "验区", "能区", "税区", "城市", "都市", "超市", "门市", "集市",
                             "郡县"))
# a congress or a conference is named with its term: 县十六届人大常委会, 政协第十一届委员会
_SESSION = regex.compile(r"第?[一二三四五六七八九十]{1,3}届$")
SESSION_BODIES = ("人大", "人民代表大会", "政协", "委员会", "人民政府")
# the numbered parts of a discipline commission and a party committee (第八审查调查室, 第一巡察组)
NUMBERED_PARTS = ("审查调查室", "纪检监察室", "监督检查室", "巡察组", "巡视组")
_PART_ORDINAL = regex.compile(r"第[一二三四五六七八九十]{1,3}$")
# zones run by a committee of their own (管委会, 党工委): 泾县经济开发区|管委会, 鹿溪智谷园区|党工委
ZONE_WORDS = ("高新技术产业开发区", "经济技术开发区", "经济开发区", "开发区", "高新区", "经开区", "工业园区",
              "产业园区", "园区", "工业园", "产业园", "保税区", "综合试验区", "示范区", "合作区")
MAX_ZONE_NAME = 8
_ZONE_END = regex.compile(rf"(?:{'|'.join(ZONE_WORDS)})$")
_ZONE_LAST = frozenset(w[-1] for w in ZONE_WORDS) | {"\n"}


def _zone_before(text: str, cur: int, floor: int) -> tuple[int, bool] | None:
    """A zone (开发区, 工业园区) ending at `cur`: (where it starts, whether it is named). Its
    name is 2–8 Han characters back to a boundary, a stop word or a region (泾县|经济开发区,
    where the region is taken next)."""
    if text[cur - 1] not in _ZONE_LAST:
        return None  # no zone word ends here (nor before a final line break, which `$` allows)
    m = _ZONE_END.search(text, max(floor, cur - 9), cur)
    if m is None:
        return None
    end = j = m.start()
    while j > floor and end - j < MAX_ZONE_NAME and _HAN.match(text, j - 1) and text[j - 1] not in DEPT_STOP \
            and not _stop_ends_at(text, j) and not _comp_ends_at(text, j):
        j -= 1
    if end - j >= 2 and not _stop_start().match(text, j):
        return j, True
    # a bare zone after a boundary names the report's own, like 镇党委: 开发区管委会, 高新区党工委
    bare = end == 0 or text[end - 1] in _LOCAL_OK_BEFORE or not _HAN.match(text, end - 1)
    return end, bare


_STOP = object()  # the walk ends here (see _component_before)
_UNSEEN = object()


@lru_cache(maxsize=4)
def _steps(text: str) -> dict:
    """The steps of left walks over `text` already taken (see _extend_left)."""
    return {}


@lru_cache(maxsize=4)
def _plain_steps(text: str) -> dict:
    """The steps of left walks over `text` at plain positions (see _extend_left):
    (cur, after_level, after_region, region_rank) -> (room it needs, step)."""
    return {}


@lru_cache(maxsize=4)
def _jumps(text: str) -> dict:
    """JUMP plain component steps in a row, taken at once (see _extend_left): (cur,
    after_level, after_region, region_rank) -> (the highest floor they hold for, the
    position and state after them, their marks as one)."""
    return {}


JUMP = 6  # steps a jump takes


def _marks(marks) -> bool | str | None:
    """What several steps' marks say of the head together, applied as one mark: True if
    one says True (a head stays a head), else "prefix" if one says so, else None."""
    return True if True in marks else "prefix" if "prefix" in marks else None


def _plain(text: str, cur: int) -> bool:
    """Can only a lexicon component end the name's next piece at `cur`? No congress's term
    (SESSION_BODIES after `cur`), no zone word and no place's suffix ends here: the tests of
    the left walk that read how far it may go (its floor) all answer None."""
    ch = text[cur - 1]
    return ch not in _ZONE_LAST and ch not in _LOCAL_LAST and not text.startswith(SESSION_BODIES, cur)


def _component_before(text: str, cur: int, room: int, after_level: bool, after_region: bool, region_rank: int):
    """The component (longest first) the left walk takes ending at `cur`, at most `room`
    characters long: (its length, what it says of the head: True, "prefix" or None, and the
    walk's new after_level, after_region and region_rank); None when no component ends
    here (a proper name may), _STOP when the walk must end here."""
    _, comps, _, _, stops = _tables()
    lex = _lexicon()
    for k in _comp_lengths().get(text[cur - 1], ()):  # the lengths of components ending here
        piece = text[cur - k:cur]
        if k > room or piece not in comps:
            continue
        if after_level and piece[0] in "省市县区州旗" and piece not in LEVELS and piece not in _divisions() \
                and lex.get(piece, ("", ""))[1] in ("body", "part"):
            return _STOP  # 省委|省政府, 区委|区政府: two bodies side by side, not one name
        if piece[-1] in "局府厅" and text[cur] in "省市县区乡镇" and lex.get(piece, ("", ""))[1] in ("body", "dept"):
            return _STOP  # 教育局|乡党委: a department, then a body named by its level: two bodies
        if piece in stops and piece in _divisions():
            continue  # 会同 (a county of Hunan) is also the verb "together with"
        rank = region_rank
        if piece in _divisions():
            d = _divisions()[piece]
            rank = _RANK[d.level]
            own_level = after_level and rank == region_rank and piece == d.short and d.full.endswith(text[cur])
            if (rank >= region_rank and not own_level) or not standalone(text, cur - k, d, piece):
                continue  # (阿坝|州政协: an autonomous prefecture's short name, then its own 州)
        elif piece in LOCAL_SUFFIXES and cur - k > 0 and _HAN.match(text, cur - k - 1) \
                and text[cur - k - 1] not in _LOCAL_OK_BEFORE and not text.endswith(ACTING_WITH, 0, cur - k):
            continue  # the end of a word (农村, 城镇, 城乡), not a level (代表|镇人民政府 is one)
        elif piece in ("区", "市", "县") and text[max(0, cur - k - 1):cur] in NOT_LEVEL_WORDS:
            continue  # the end of a word (开发区, 园区, 城市), not a level
        elif piece in LEVELS:
            rank = _RANK[LEVELS[piece]]  # 会同|市自然资源局: no county stands before 市
            if rank >= region_rank:
                continue
        role = lex.get(piece, ("", ""))[1]
        if role == "self" and after_region:
            return _STOP  # 教育部|会同|财政部: a body that names itself heads no region after it
        if role in ("head", "self"):
            mark = True  # 国家|…, 经济部|水利署
        elif role == "prefix":
            mark = "prefix" if piece in NAMING_PREFIXES else None
        else:
            mark = True if (piece in _divisions() or piece in LEVELS or piece.startswith(SELF_STANDING)
                            or piece[0] in "省市县区州镇乡村") else None
        return k, mark, piece in LEVELS, piece in _divisions() or piece in LEVELS, rank
    return None


@lru_cache(maxsize=4)
def _name_letters(text: str) -> dict[int, bool]:
    """`_name_letter` of each position of `text` already asked (see there)."""
    return {}


def _name_letter(text: str, j: int, known: dict[int, bool]) -> bool:
    """May a proper name take the character before `j` (a Han letter, a Latin letter or a
    digit, where no stop word and no component ends)? It depends on the position alone, and
    the proper-name walks of a run of suffixes (有限公司有限公司…) ask it of the same positions
    again and again: each answer is kept in `known` (`_name_letters(text)`)."""
    ok = known.get(j)
    if ok is None:
        ok = known[j] = _NAME_CHAR.match(text, j - 1) is not None \
            and not _stop_ends_at(text, j) and not _comp_ends_at(text, j)
    return ok


def _remember_jump(jumps: dict, run: list, node: tuple, holds: int, mark, step: tuple, end: int) -> None:
    """Add a plain component step (from `node`, valid for floors up to `holds`, ending at
    `end`) to the `run` of such steps just taken, and when the run is JUMP steps long,
    remember them as a jump from the run's first node (see _extend_left)."""
    if run and run[-1][3] != node[0]:
        run.clear()  # another kind of step came between: the run starts again here
    run.append((node, holds, mark, end))
    if len(run) >= JUMP and run[-JUMP][0] not in jumps:
        last = run[-JUMP:]
        jumps[last[0][0]] = (min(r[1] for r in last), end, *step[2:], _marks([r[2] for r in last]))


def _extend_left(text: str, start: int, allow_proper: bool) -> tuple[int, bool, bool]:
    """Walk left from `start` over lexicon components (longest first), named places and,
    before a suffix, over proper names (`八路军` `桂林` `办事处纪念馆`). Returns (new start,
    saw a head, saw a proper name): a head is a region, a place, a level word or a body
    named by level (市委, 省政府); a level prefix (市直, 区直) counts as `prefix_head`.
    Never walks further than MAX_NAME characters."""
    # Every terminal of a run (市委市委…, 党委党委…) walks the same positions in the same
    # states: a component step is remembered per text, keyed by all it depends on (`room`:
    # how far back it may reach, at most the longest component that can end there), so a
    # step already seen costs one look-up.
    #
    # Most positions of a walk are plain (`_plain`): only a component can end there, and the
    # step depends on the floor only through `room`. Once such a step has been taken with
    # all the room it could use (the longest component ending there), it is remembered
    # without the floor, with the room it needs: the length of the component it takes (the
    # longer ones were refused for what they are, which less room does not change), none
    # when no component is taken, all when the walk stops there. A later walk that comes to
    # the same position in the same state with that much room takes it with one look-up (a
    # run of terminals walks the same chain).
    #
    # Such a walk also leaves jumps: JUMP plain component steps in a row, remembered with
    # the highest floor each of them holds for (its position less the room it needs, at
    # least one) and their marks as one (`_marks`); a later walk whose floor is low enough
    # takes them at once, so a walk over a run costs a few look-ups, not one per step.
    steps, plain_steps, jumps = _steps(text), _plain_steps(text), _jumps(text)
    run: list[tuple] = []  # the plain component steps just taken: (node, floor it holds for, mark, where it ends)
    lengths = _comp_lengths()
    cur, head, proper, budget = start, False, False, MAX_PROPER
    floor = max(0, start - MAX_NAME)
    after_level = False  # the last piece taken was a bare level word (省 of 省政府)
    after_region = False  # … a region or a level word
    region_rank = 9  # places read right to left must rise: 桂林 before 七星区, never 会同 before 广东省
    while cur > floor:
        node = (cur, after_level, after_region, region_rank)
        jump = jumps.get(node)
        if jump is not None and floor <= jump[0]:
            _, cur, after_level, after_region, region_rank, mark = jump
            if mark:
                head = True if mark is True else head or mark
            continue
        need = None  # set when the step is a plain one (remembered in plain_steps)
        known = plain_steps.get(node)
        if known is not None and cur - floor >= known[0]:
            need, step = known
        else:
            session = _SESSION.search(text, max(floor, cur - 6), cur) if text.startswith(SESSION_BODIES, cur) else None
            if session is not None:
                cur = session.start()  # 县|十六届|人大常委会: the term of a congress is part of its name
                continue
            ordinal = _PART_ORDINAL.search(text, max(floor, cur - 5), cur) if text.startswith(NUMBERED_PARTS, cur) else None
            if ordinal is not None:
                cur = ordinal.start()  # 市纪委监委|第八|审查调查室, 市委|第一|巡察组: the part's number
                continue
            zone = _zone_before(text, cur, floor)
            if zone is not None:
                cur, head = zone[0], head or zone[1]
                continue
            place = _place_before(text, cur)
            if place is not None and _RANK[place[1]] < region_rank and cur - place[0] <= cur - floor:
                region_rank = _RANK[place[1]]
                cur, head = place[0], True
                continue
            longest = lengths.get(text[cur - 1], (0,))[0]  # the longest component ending in this character
            key = (cur, min(cur - floor, longest), after_level, after_region, region_rank)
            step = steps.get(key, _UNSEEN)
            if step is _UNSEEN:
                step = steps[key] = _component_before(text, *key)
            if key[1] == longest and _plain(text, cur):
                need = step[0] if isinstance(step, tuple) else 0 if step is None else longest
                plain_steps[node] = (need, step)
        if step is _STOP:
            break
        if step is not None:
            k, mark, after_level, after_region, region_rank = step
            if mark:
                head = True if mark is True else head or mark
            if need is not None:
                _remember_jump(jumps, run, node, cur - max(need, 1), mark, step, cur - k)
            cur -= k
            continue
        # no component ends here: a proper name may
        if not allow_proper or budget <= 0:
            break
        # a proper name: Han letters back to a boundary, a stop word or a component
        j = cur
        letters = _name_letters(text)
        while j > floor and cur - j < budget and _name_letter(text, j, letters):
            j -= 1
        for when in _TIME_OF_DAY.finditer(text, j, cur):
            j = when.end()  # 10日下午|阿坝州人民医院: a time of day before the name is no part of it
        lead_gap = _LEAD_GAP.match(text, j, cur)
        if lead_gap and _HAN.match(text, lead_gap.end()):
            j = lead_gap.end()  # XX沣浦房地产开发有限公司: the gap opens the name, the rest is written
        if text.startswith("年", j):
            j = min(cur, j + (2 if text.startswith("年度", j) else 1))  # 2024年|观湖街道, 20xx年|中心小学: a year's 年 opens no name
            lead_gap = True  # (as after a gap: nothing before the year is part of the name)
        if j == cur or _stop_start().match(text, j):
            break
        if _COUNTED.search(text, j, cur) or (j > 0 and _COUNTED.match(text, j - 1)) \
                or _YEAR.search(text, j, cur) or _GAP_INSIDE.search(text, j, min(len(text), cur + 1)) \
                or _GAP_INSIDE.search(text[j:cur]):
            return start, False, False  # 新建3间公办学校: a count; 2022年度公司: a year; 附属x中学: a gap
        budget -= cur - j
        cur, proper = j, True
        if lead_gap:
            break  # nothing before a gap is part of the name
    return cur, head, proper


# where every bureau is the region's own, a department needs no head: Hong Kong's and
# Macau's 社会工作局, 运输及物流局 (the SAR government's, named alone in a policy address)
HEADLESS_REGIONS = ("香港", "澳门")
# a SAR bureau's or department's head: 劳工及福利局局长, 社会福利署署长, 社会文化司司长
SAR_HEADS = ("局长", "署长", "处长", "副局长", "副署长", "副处长")  # (财政司司长: the secretary, a role; readers leave 司 out)
SAR_HEADS_OF = ("局", "署", "处", "司")
# verbs a headless bureau's name never starts with: 成立警察总局, 辖司法警察局
HEADLESS_VERBS = ("成立", "设立", "设置", "下设", "新设", "组建", "改组", "重组", "合并", "辖下", "辖", "联同", "透过", "通过",
                  "落实", "委托", "支持", "资助", "协助", "推动", "要求", "联合", "用好", "抓好", "管好", "建好")


# a span of time a SAR's report writes right before a department's bare name
_TIME_BEFORE_DEPT = regex.compile(r".*(?:[\d一二三四五六七八九十][年月日]|期间|上述|同期|以来|去年|今年|年内)")


def _inside_word(text: str, at: int, piece: str) -> bool:
    """A county's short form inside a department's name, after a letter of the name:
    自然|资源|和规划局 holds 资源 (a county of 桂林) but names no county."""
    return piece in _divisions() and piece != _divisions()[piece].full and at > 0 \
        and _HAN.match(text, at - 1) is not None and text[at - 1] not in DEPT_STOP \
        and text[at - 1] not in "省市县区州旗镇乡村"


def _joins_name(text: str, i: int) -> bool:
    """与 inside a department's name (市人口与计划生育局, 海洋与渔业局), not between two bodies
    (社会工作局与教育及青年发展局)."""
    return text[i] == "与" and i > 0 and text[i - 1] not in "局委办厅部府会院所处队站"


def _dept_start(text: str, s: int, headless: bool = False) -> int | None:
    """Where a department named by a head ends at `s` starts (省|农业农村|厅, 市|水利和湖泊|局,
    天长市|党员教育|中心), or None: the name is 2–10 Han characters (和 inside allowed) after a
    level word, a region or a place."""
    j = s
    while j > 0 and s - j < DEPT_MAX and (text[j - 1] not in DEPT_STOP or _joins_name(text, j - 1)) and _HAN.match(text, j - 1) \
            and not (j < s and _LONG_STOP_END.search(text, max(0, j - 4), j)) \
            and not (text[j - 1] in _BOUND_VERBS and text[j:j + 1] not in _BOUND_VERBS[text[j - 1]]) \
            and not text.endswith("街道", 0, j) \
            and (text[j - 1] not in "省市县区州旗镇乡村" or text.startswith(("市场", "村民", "村级", "区域"), j - 1)
                 or text.endswith(("城乡", "农村"), 0, j)) \
            and not any(not _inside_word(text, at, piece) for at, piece in _comps_ending_at(text, j)):
        j -= 1
    name = text[j:s]
    after_word = headless and name[:1] in "和与及除向由对" and len(name) > DEPT_MIN
    if after_word:
        j, name = j + 1, name[1:]  # …昨与|贸促局, 除|劳工局各服务点外: in a SAR's text a bureau is named alone, after a preposition too
    if len(name) < DEPT_MIN or (name.startswith(DEPT_BAD_START) and not name.startswith(DEPT_OK_START)) or name[0] in "和与及" \
            or name.startswith(("相关", "有关")) \
            or _COUNTED.search(name) or _NUMERAL.search(name):
        return None
    if _gap_before(text, j):
        return j  # XX林业局: the gap stands for the head (a region's name not yet written)
    # a verb before the name ends the walk: 特区政府成立|警察总局 is no department of 特区政府
    cut = max((name.rfind(v) + len(v) for v in HEADLESS_VERBS if v in name), default=0)
    if headless:
        when = _TIME_BEFORE_DEPT.search(name)
        if when is not None:
            cut = max(cut, when.end())  # 1月至9月|消防局, 上述期间|消防局: the time, then the body named alone
    if cut:
        return j + cut if headless and len(name) - cut >= DEPT_MIN else None
    start, head, _ = _extend_left(text, j, allow_proper=False)
    if head is True and start < j:
        street = text.rfind("街道", start, j)  # 街道 (a level of two characters) ends the walk:
        return street if street > start else start  # 2024年|街道|社区发展|办 starts at the street
    if headless and s - j <= 8 and (j == 0 or after_word or text[j - 1] in DEPT_STOP or not _HAN.match(text, j - 1)
                                    or text[j - 1] in _BOUND_VERBS or _LONG_STOP_END.search(text, max(0, j - 4), j)):
        if j > 0 and _COUNTED.match(text, j - 1):
            return None  # 新增2间长者日间护理中心: a count of centres
        return j
    return None


def _candidates(text: str, headless: bool = False):
    """(start, end, specific) for every terminal in the text, extended to the left;
    `headless`: departments stand without a head (HEADLESS_REGIONS)."""
    lex = _lexicon()
    teams = {m.end(): m.start() for m in _QUOTED_TEAM.finditer(text)}
    suffix_end: dict[int, int] = {}
    for start, longest in _terminals(text):
        for term in (longest, *_shorter(longest)):
            yield from _candidate(text, start, term, lex[term][1], teams, suffix_end, headless)


@cache
def _shorter(term: str) -> tuple[str, ...]:
    """Terminals that begin `term` (政府 in 政府办): `_terminals` gives one per position."""
    lex = _lexicon()
    return tuple(term[:k] for k in range(len(term) - 1, 0, -1)
                 if term[:k] in lex and lex[term[:k]][1] in TERMINAL_ROLES)


# a village's or a community's committee, written after the place's name without its 村/社区
VILLAGE_COMMITTEES = frozenset(("村委会", "村委", "村民委员会"))  # (a community's 居委会 is named with its 社区)


# committees that a head names with words of their own, as a department (县|纪律检查|委员会)
NAMED_LIKE_DEPARTMENTS = frozenset(("委员会", "工委", "党委"))


def _region_in_brackets(text: str, s: int) -> int | None:
    """Where a bracket naming a region opens right before `s` (`(浙江)`, `（中国）`,
    `(上海)` in a firm's registered name), or None."""
    opening = text.rfind("(" if text[s - 1] == ")" else "（", max(0, s - 8), s - 1)
    inside = text[opening + 1:s - 1] if opening >= 0 else ""
    return opening if inside in _divisions() or inside in ("中国", "中国大陆") else None


# time words that open a clause, never a name (当前集团, 今后公司; 今日头条 is a firm's name)
_TIME_WORDS = frozenset(("当前", "当时", "今后", "目前", "现在", "此前", "近期", "届时", "同时", "以后", "此后"))
# …and more of them a SAR's bureau named alone never starts with (年内|渠务署, 期间|机电工程署)
_TIME_OPENERS = _TIME_WORDS | frozenset(("年内", "年初", "年底", "年中", "此外", "今年", "去年", "近年", "全年",
                                         "随后", "其后", "期间"))
# words jieba tags as times that name an age group in a bureau's name (青年事务局, 安老事务委员会)
_AGE_WORDS = frozenset(("青年", "少年", "老年", "中年", "童年", "成年", "青少年"))


def _past_clause_words(text: str, start: int, s: int, term: str) -> int | None:
    """Where a headless department's name (a SAR's bureau named alone) starts once the words
    of the clause before it are left out: a time word, an adverb, a pronoun, or a run ending in
    a preposition or a conjunction (年内|渠务署, 期间|机电工程署, 继续与|海事处); None when nothing
    is left, or one verb stands before a body a text names by its head alone (表示满意|公署)."""
    name = text[start:s]
    head = term
    if term == "署" and name.endswith("公") and len(name) > 1:
        name, head = name[:-1], "公署"  # 满意|公署: the body is 公署, named by its head
    tags = word_tags(name)
    if not tags:
        return start
    if head in BARE_HEADS and len(tags) == 1 and tags[0][1] == "v":
        return None
    cut = 0
    for k, (word, tag) in enumerate(tags):
        if word in _TIME_OPENERS or tag in ("d", "r", "f", "p") or (tag == "t" and word not in _AGE_WORDS):
            cut = k + 1
        elif tag == "v" and k + 1 < len(tags) and tags[k + 1][1] == "p":
            continue  # 继续|与: the verb joins the preposition after it (运输|及|物流: a name)
        else:
            break
    for k in range(len(tags) - 1, cut - 1, -1):  # 部门继续与|海事处: a clause's verb and preposition
        if tags[k][1] == "p" and any(t == "v" for _, t in tags[:k]):
            cut = k + 1
            break
    if cut == 0:
        return start
    rest = sum(len(w) for w, _ in tags[cut:])
    return s - rest if rest >= DEPT_MIN and not (head == "公署" and rest == 1) else None


def _candidate(text: str, s: int, term: str, role: str, teams: dict, suffix_end: dict, headless: bool):
    """The candidates of one terminal `term` at `s` (see _candidates)."""
    e = s + len(term)
    if role == "dept" and term == "署" and s > 0 and (text[s - 1] in "部签连" or text.endswith("原公", 0, s)):
        return  # 部署, 签署, 连署: verbs, no office; 原公署: the former office, no name
    if role == "dept" and term == "处" and s > 0 and (text[s - 1] in "随到各此何好长短益用难出深妙处"
                                                    or (text[s - 1] == "查" and s > 1 and text[s - 2] not in "督稽审检")):
        return  # 随处, 到处, 好处, 长处: words, no office; 执法大队|查处: a verb (督查处, 稽查处 are offices)
    if role == "dept" and term == "中心" and (text.startswith(("工作", "任务"), e) or text.endswith("围绕", 0, s)):
        return  # 围绕县委县政府发展中心工作, 坚持围绕中心、服务大局: the central work, no centre
    if role == "dept":
        if any(_lexicon().get(text[e - k:e], ("", ""))[1] in ("body", "self") for k in range(len(term) + 1, 9)):
            # …协调|司法警察局: a body of the lexicon ends here and is found as itself, unless a
            # level word heads a longer department (区|住房城乡建设水利|局: 水利局 is its end)
            start = None if headless else _dept_start(text, s)
            if start is not None and text[start] in "省市县区州旗镇乡":
                yield from _department(text, start, s, e, term)
            return
        start = _dept_start(text, s, headless)
        if start is not None and headless:
            start = _past_clause_words(text, start, s, term)  # 年内|渠务署, 继续与|海事处; 表示满意|公署: none
        if start is not None:
            yield from _department(text, start, s, e, term)
        return
    if term in VILLAGE_COMMITTEES and s >= 2 and not _place_before(text, s):
        j = local_name_before(text, s, "村")
        if j is not None and text[j] in "年月日号" and s - j > 2:
            j += 1  # 1月6日|北园居委会: the date's 日 opens no name
        if j is not None and 2 <= s - j <= 4 and not _stop_start().match(text, j) \
                and (text[j:s] + "村" in known_places(text)
                     or (j > 0 and text[j - 1] in "镇乡" and not (dictionary_word(text[j:s]) or inside_dictionary_word(text, j)))):
            yield j, e, True  # 横安|村委会: the village's name (named as 横安村 too, or after its township), then its committee
            return
    if term in LEGAL_FORMS and s > 3 and text[s - 1] in ")）":
        bracket = _region_in_brackets(text, s)
        if bracket is not None:
            start, _, proper = _extend_left(text, bracket, allow_proper=True)
            if proper and start < bracket and not dictionary_word(text[start:bracket]):  # (企业（广西）, 技术（中国）: a word, no name)
                yield start, e, True  # 森根科技(浙江)有限公司, 华为技术（中国）有限公司: the firm's region in brackets
                return
    start, head, proper = _extend_left(text, s, allow_proper=role == "suffix")
    if role == "suffix" and not proper and start == s:
        if s in teams:
            yield teams[s], e, True  # “美好先锋”志愿服务队
        elif _gap_before(text, s) and not text.startswith(_FIRM_KINDS_ALONE + ("学校",), s) \
                and not _gap_inside_name(text, s - 1):
            yield s, e, True  # 某某|中心卫生院, XX|小学: the gap stands for the name not yet written
        return  # a suffix alone (电视台, 学院) names nothing
    named_by_level = term[0] in "省市县区州镇乡旗盟" or term.startswith(SELF_STANDING + ("街道",)) \
        or term in PREFECTURE_OFFICES
    # 市直机关工委 and 直属机关纪检监察工委 are one body each; 区直机关党支部 and 直属机关党委
    # are any of many (a part after a prefix)
    specific = head is True or proper or named_by_level or (head == "prefix" and role == "body") \
        or role == "self" or (role == "body" and start == s and _gap_before(text, s)) \
        or (_bare_bureau(text, start, s, term, role) and (start == 0 or text[start - 1] in _BARE_BUREAU_AFTER))
    # (XX林业局: a gap stands for the head not yet written)
    if term in NAMED_LIKE_DEPARTMENTS and not specific:
        # 中山市|消费者|委员会, 县|纪律检查|委员会, 香港|房屋|委员会, 天水市|企业|工委, 县|非公经济组织|党委,
        # 县委|全面深化改革|委员会: a committee named like a department, its own words between the head and it
        d = _dept_start(text, s, headless)
        if d is not None:
            yield from _department(text, d, s, e, term)
            return
    if role == "suffix" and specific:
        suffix_end[e] = start
    elif start == s and s in suffix_end and role in ("part", "body"):
        start, specific = suffix_end[s], True  # 冠松集团|党委: a body of a named company or school
    elif start < s and start in suffix_end and role in ("part", "body") \
            and _lexicon().get(text[start:s], ("", ""))[1] == "prefix":
        start, specific = suffix_end[start], True  # 光谷东国投集团|机关|党支部: through a prefix
    yield start, e, specific


def _department(text: str, start: int, s: int, e: int, term: str):
    """The candidates of a department from `start` to its dept word `term` at `s`, and with
    the part written after it (区住房城乡建设水利局|机关党委; 区…局|党组书记 is a role, found as one)."""
    if _dept_generic(text[start:s], term):
        return
    yield start, e, True
    lex = _lexicon()
    for k in range(min(6, len(text) - e), 1, -1):  # (a part at the text's end is shorter than 6)
        if lex.get(text[e:e + k], ("", ""))[1] == "part":
            yield start, e + k, True
            return


@lru_cache(maxsize=1)
def _dept_words() -> dict[str, tuple[str, ...]]:
    """dept word -> name endings that make a thing, not a department (大厅, 格局)."""
    out: dict[str, list[str]] = {}
    for word, dept in read_tsv("org_generic.tsv"):
        if dept.startswith("dept:"):
            out.setdefault(dept[5:], []).append(word)
    return {k: tuple(v) for k, v in out.items()}


def _dept_generic(name: str, dept: str) -> bool:
    return name.endswith(_dept_words().get(dept, ()) + _dept_words().get("*", ()))


@lru_cache(maxsize=1)
def _inherit_terms() -> tuple[str, ...]:
    """Offices and organs whose kind is their body's (办公室, 办公厅), longest first."""
    return tuple(sorted((t for t, (k, _r) in _lexicon().items() if k == "inherit"), key=len, reverse=True))


@lru_cache(maxsize=4096)
def kind_of(name: str) -> str:
    """The kind of the lexicon term that ends last (offices inherit from their body):
    市委办公室 -> party, 市发展改革委机关党委 -> party, 市公安局潞州分局东大街派出所 -> police."""
    if name.endswith(("委员会", "常委会")) and (name.startswith(("中国人民政治协商会议", "政协")) or "政协常委会" in name):
        return "state"  # 政协…委员会: the CPPCC (as 政协 in the lexicon), no party committee
    office = next((t for t in _inherit_terms() if name.endswith(t) and len(name) > len(t)), None)
    lex = _lexicon()
    if office is not None and any(name[-k:] in lex for k in range(len(office) + 1, min(len(name), 8) + 1)):
        office = None  # a longer term of its own ends the name (文明办, 党建办)
    if office is not None:  # 省委办公厅: the 办公厅 of 省委, not a 厅 of the government
        body = kind_of(name[:-len(office)])
        if body != "other":
            return body
        if name.startswith(tuple(LEVELS)):
            return "government"  # 街道社区发展办, 镇党政办: a level's own office
    best, best_key = "other", (-1, 0)
    for term, (kind, _role) in _lexicon().items():
        if kind in ("-", "inherit"):
            continue
        at = name.rfind(term)
        if at >= 0 and (at + len(term), len(term)) > best_key:
            best, best_key = kind, (at + len(term), len(term))
    if best == "party" and name.endswith("委员会") and best_key[1] == 3 and name[-4:-3] not in "省市县区州旗镇乡村" \
            and not any(w in name for w in ("党", "中共", "纪")):
        return "government"  # 北都发展委员会, 财政委员会: a committee of no party and no level is the state's
    return best


def canonical(text: str, region: str | None, places: tuple[str | None, str | None, str | None] = (None, None, None)) -> str:
    """Put the report's region (or township, village) in front of a mention that leaves
    it implicit, at the level the mention names: 市委办公室 -> 桂林市委办公室 (a 桂林
    report), 自治区党委 -> 广西壮族自治区党委 (any report from 广西), 县委 -> 兴文县委 and
    市委 -> 宜宾市委 (a 兴文 report), 镇党委 -> 周家镇党委 (a report about 周家镇)."""
    if text.startswith(("特别行政区", "特区")) and region in HEADLESS_REGIONS:
        return region + text  # 特区政府 in a Macau report: 澳门特区政府
    if region in HEADLESS_REGIONS:
        # the SAR has one level: a body named alone is the SAR's (司法警察局 -> 澳门司法警察局,
        # 立法会 -> 澳门立法会), unless it is the nation's or a named place's
        if text.startswith(NATIONAL) or any(text[:k] in _divisions() for k in range(2, 7)):
            return text
        return region + text
    if len(text) >= 3 and text[0] == "团" and text[1] in "省市县区州镇乡" and text[2] == "委":
        # 团市委, the Youth League's city committee: the place goes before it (沅江团市委)
        inner = text[1:]
        named = canonical(inner, region, places)
        return named[:-len(inner)] + text if named != inner and named.endswith(inner) else text
    if text.startswith(SELF_STANDING) or _lexicon().get(text, ("", ""))[1] == "self":
        return text  # (市场监管总局: the nation's administration, named by itself)
    if text.startswith(("市场", "市容")):
        return text  # 市场监管局 names no city: 市 begins the word 市场
    if text.startswith(PREFECTURE_OFFICES) and region in _divisions():
        pref = parent(_divisions()[region], "prefecture")  # 地委 in a 疏附 report: 喀什地委
        if pref is not None and pref.full.endswith("盟") and text.startswith("行署"):
            return pref.full + text  # a league's office: 兴安盟行署 (its committee is the 盟委)
        return pref.short + text if pref is not None and pref.full.endswith("地区") else text
    township, village, county = places
    for word, wlevel in sorted(LEVELS.items(), key=lambda kv: -len(kv[0])):
        if not text.startswith(word):
            continue
        if wlevel in ("township", "village"):
            place = township if wlevel == "township" else village
            return place + text[len(word):] if place and place.endswith(word) else text
        div = _divisions().get(region) if region else None
        if wlevel == "county" and county and county.endswith(word) and (div is None or div.level != "county"):
            return county + text[len(word):]  # a street's report under 长宁区: 区委 is 长宁区委
        if div is None:
            return text
        if wlevel == "province":
            full = province_full_names().get(div.province, div.province)
            # (省 in a municipality's report is some province's: 上海 has none)
            return full + text[len(word):] if full.endswith(word) else text
        if len(div.full) == 2 and div.full.endswith("县") and text.startswith("县委"):
            return div.full + text  # a county of one character keeps its whole name: 勉县县委, 珙县县委办 (not 勉县委)
        if div.full.endswith(word) and (div.level != "province" or word == "市"):
            # 南宫市 (a county-level city) report: 市委 is 南宫市委; a municipality's 市 is
            # the province-level city itself (北京市委); an autonomous county's bodies go by
            # its short name (互助土族自治县: 互助县委)
            return naming_form(div) + text[len(word):]
        up = parent(div, wlevel)
        if up is None and wlevel == "prefecture" and div.level == "county" and not div.prefecture:
            up = parent(div, "province")  # 垫江, a county of 重庆: its 市委 is the municipality's, 重庆市委
        if up is not None and up.full.endswith(word):
            return naming_form(up) + text[len(word):]
        return text
    return text


# a name inside a title or a short quoted name is part of that name, not a mention
_INSIDE_NAMES = regex.compile(TITLE + r"|“[^“”\n]{1,15}”|「[^「」\n]{1,15}」")
# a quoted motto of short clauses (“县委抓工委、工委抓系统、系统抓支部”): a body inside a
# clause it does not fill is a word of the motto, not a mention (a quoted list of bodies,
# “市委、市政府”, fills its clauses and stays)
_QUOTED_CLAUSES = regex.compile(r"[“「]([^“”「」\n]{3,8}(?:[、，,][^“”「」\n、，,]{3,8})+)[”」]")


def _motto_clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of every clause of a quoted motto, sorted."""
    out = []
    for m in _QUOTED_CLAUSES.finditer(text):
        at = m.start(1)
        for clause in regex.split(r"[、，,]", m[1]):
            out.append((at, at + len(clause)))
            at += len(clause) + 1
    return out


# companies named short in a list closed by 等…企业: 协助立康制衣、金源食品等企业,
# 以邦源纺织等企业为主体 (and the same names written again elsewhere)
_COMPANY_LIST_END = regex.compile(r"等(?:一批|[一二三四五六七八九十\d]+[家个])?"
                                  r"(?:龙头|重点|骨干|规上|规模以上|民营|外资|港资|台资|本地|知名|优质|新上|新引进|新落户|传统|"
                                  r"高新技术|科技型|外向型|上市)?企业"
                                  # firms named for their projects: 汉典药业、三环电子等一批产业项目 (each item checked below)
                                  r"|等(?:一批|[一二三四五六七八九十\d]+个)?(?:[^\P{Han}等]{0,8}?)项目")
_COMPANY_LIST = regex.compile(r"((?:\p{Han}{2,8}、){0,10}\p{Han}{2,8})(?:" + _COMPANY_LIST_END.pattern + r")$")
MAX_COMPANY_LIST = 100  # characters before 等 a list of firms may take
MAX_COMPANY = 6  # a company's short name: 国泰, 立康制衣, 正兴记食品


# firms counted, then named in brackets: 新认定科技型企业12家（高盛泡沫、汇达塑业…）
_COUNTED_FIRMS = regex.compile(r"企业[一二三四五六七八九十\d]+家[（(]((?:\p{Han}{2,8}、){1,20}\p{Han}{2,8})[)）]")


def _list_items(m: regex.Match, group: int) -> list[tuple[int, int]]:
    """(start, end) of each item of the 、-separated list a match's group holds."""
    items, at = [], m.start(group)
    for item in m.group(group).split("、"):
        items.append((at, at + len(item)))
        at += len(item) + 1
    return items


# a registered firm's full name opens with its place (北京|中商全联控股有限公司, 淮安|五洋再生资源
# 回收利用有限公司): the words between may be any (全, 为, 利用 are stop words elsewhere), so
# the name is read back from its suffix to the place that opens it, inside one clause
_FIRM_SUFFIX = regex.compile(r"(?:股份有限公司|有限责任公司|有限公司)")
_CLAUSE_BREAK = set("，。；、：:;,.!?！？“”\"'‘’（）()《》【】[] \n\t\u3000")
_GAP_MARKS = "xXｘＸ×*＊"  # a draft's gap: one or more of these, or 某某 (FACTS_SPEC §6)


def _gap_before(text: str, at: int) -> bool:
    """A draft's gap ends at `at` (XX|县委, 某某|中心卫生院)."""
    return at > 0 and (text[at - 1] in _GAP_MARKS or text.endswith("某某", 0, at))


def _gap_inside_name(text: str, at: int) -> bool:
    """The gap ending at `at` stands inside a longer name (华中师范大学附属x中学), not for a whole one."""
    while at > 0 and (text[at - 1] in _GAP_MARKS or text[at - 1] == "某"):
        at -= 1
    return text.endswith(("附属", "第"), 0, at)


# kinds of firm that name no one after a gap (××××|公司, xx|有限公司: the spec's readers leave them
# unscored; xx|学校党支部 likewise): a primary school, a clinic after a gap is one body of the report's
_FIRM_KINDS_ALONE = ("公司", "有限公司", "有限责任公司", "集团", "企业", "基地")
_FIRM_GAP = regex.compile(r"某某|[xX×*＊_＿□○]")
# clause words between a place and 有限公司 (北京注册成立了一家有限公司, 浙江等地多家有限责任公司)
_FIRM_NOT_NAME = regex.compile(r"[了的等各]|[一多几两数]家|改制|注册|成立|属国有")
FIRM_REACH = 22  # characters back from the suffix a firm's name may start


def _firms_from_place(text: str) -> list[tuple[int, int]]:
    found = []
    divisions = _divisions()
    for m in _FIRM_SUFFIX.finditer(text):
        s = m.start()
        lo = s
        while lo > 0 and s - lo < FIRM_REACH and text[lo - 1] not in _CLAUSE_BREAK and not text.endswith("公司", 0, lo) \
                and text[lo - 1] not in "与和及同":
            lo -= 1  # (…有限公司和|宁波…有限公司, 至善学校与|北京…有限公司: the body before ends the walk)
        # the place nearest the suffix that a boundary or a verb opens (桂林市委…工委联合|桂林桂冶…
        # 股份有限公司: the committee before is another body; 连江县马祖|连江航业: 马祖 opens no name)
        for i in range(s - 3, lo - 1, -1):
            k = next((k for k in (4, 3, 2) if text[i:i + k] in divisions and i + k < s), 0)
            if not k or not (i == lo or text.endswith(FIRM_BEFORE, 0, i) or _stop_ends_at(text, i)):
                continue
            if i + k + 2 <= s and not _FIRM_GAP.search(text, i, s) and not _FIRM_NOT_NAME.search(text, i + k, s):  # a name after the place, then the suffix
                found.append((i, m.end()))  # (上海某某有限公司: a draft's gap, no name)
            break
    return found


# what may stand right before a firm's full name: a verb or a preposition
FIRM_BEFORE = ("与", "和", "同", "跟", "及", "由", "对", "向", "在", "以", "为", "完成", "签约", "引进", "落户", "成立", "注册")


def _listed_companies(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for m in _COUNTED_FIRMS.finditer(text):
        items = _list_items(m, 1)
        if not any(not 2 <= b - a <= MAX_COMPANY or text[a:b] in _industry_words() for a, b in items):
            found += items
    for close in _COMPANY_LIST_END.finditer(text):
        # the list is read backwards from its 等…企业 (a scan from every character cost more)
        lo = max(0, close.start() - MAX_COMPANY_LIST)
        m = _COMPANY_LIST.search(text, lo, close.end())
        if m is None:
            continue
        items = _list_items(m, 1)
        s0, e0 = items[0]
        cut = max((v.end() for v in _stop_start().finditer(text, s0, e0)), default=s0)
        items[0] = (cut, e0)  # 协助|立康制衣: the verb before the first name is no part of it
        names = [text[a:b] for a, b in items]
        if any(not 2 <= len(n) <= MAX_COMPANY or n in _industry_words() or _generic_proper(n + "公司")
               or n.endswith(("企业", "公司", "集团", "行业", "产业")) or _sector_opens(n) for n in names):
            continue  # 食品、纺织等企业: industries; 民营、国有等企业: kinds
        if close.group().endswith("项目") and not all(_firm_of_industry(n) for n in names):
            continue  # 功率半导体器件、双碳产业园等项目: works, not firms; every item a brand and its trade
        found += items
    if not found:
        return found
    # the names learned are the same companies wherever the text writes them on their own
    names = {text[a:b] for a, b in found}
    taken = set(found)
    for name in names:
        at = text.find(name)
        while at >= 0:
            e = at + len(name)
            if (at, e) not in taken and (at == 0 or not _HAN.match(text, at - 1) or _stop_ends_at(text, at)
                                         or text[at - 1] in _LOCAL_OK_BEFORE) \
                    and (e == len(text) or not text.startswith(("公司", "集团"), e)):
                found.append((at, e))
            at = text.find(name, e)
    return found


# a firm named by its brand and its trade, standing on its own (鑫盛利食品、华谷油脂顺利进规;
# 裕泰米业通过…; 洽谈引进和盛养殖、江苏凯迪亚新型材料): after a clause's edge or a verb of
# bringing in, a brand that is no word of the dictionary, a sector's word perhaps, the trade
_BRAND_BEFORE = set("、，,。；;：:（(“「\n \u3000")
_BRAND_LEADS = ("引进", "洽谈", "签约", "落户", "包括", "其中", "如", "与", "和", "及", "同", "依托", "支持")


_BRAND_NOT = set("的了在和与及等各为是对把被将向从以其该本我这那个家所年月日号万亿元有区")


def _has_word(brand: str) -> bool:
    """Some word of jieba's dictionary lies in `brand` (全力做好, 政治规矩): a phrase, no brand;
    a brand's characters stand alone there (鑫盛利, 华谷)."""
    return any(len(w) > 1 for w in dictionary_cut(brand))


SECTOR_MAX = 3  # characters of the longest sector's word (战略性)


@lru_cache(maxsize=1)
def _sector_before() -> regex.Pattern:
    """A sector's word alone (新型, 智能; org_generic.tsv, sector) ending where the search ends."""
    return regex.compile("(?:" + "|".join(sorted((regex.escape(w) for w, t in read_tsv("org_generic.tsv") if t == "sector"),
                                               key=len, reverse=True)) + ")$")


def _firm_place(name: str) -> bool:
    """A province or a place with its level word before a firm's brand (江苏|凯迪亚新型材料);
    not a county's bare short name that is a word too (新建|牲猪养殖)."""
    div = _divisions().get(name)
    return div is not None and (name[-1] in "省市县" or div.level == "province")


@lru_cache(maxsize=1)
def _trades() -> LexMatcher:
    """The trades of lexicons/firm_brands.tsv, in one pass (an alternation of 60 words cost 40 µs a report)."""
    return LexMatcher(w for w, kind in read_tsv("firm_brands.tsv") if kind == "trade")


@lru_cache(maxsize=1)
def _brand_chars() -> frozenset[str]:
    return frozenset(w for w, kind in read_tsv("firm_brands.tsv") if kind == "char")


def _brand_firms(text: str) -> list[tuple[int, int]]:
    """The spans of firms named by their brand and trade (lexicons/firm_brands.tsv): a brand
    of two or three characters with one a firm would pick (鑫, 华, 隆), none of them a word of
    jieba's dictionary, after a clause's edge or a verb of bringing in."""
    out = []
    for p, e, _, _ in _trades().longest(text):
        if e < len(text) and _HAN.match(text, e) and not word_starts(text, e):
            continue  # (食品安全: the trade opens a longer word)
        sector = _sector_before().search(text, max(0, p - SECTOR_MAX), p)
        p = sector.start() if sector else p  # 凯迪亚|新型|材料
        for k in (3, 2):
            s = p - k
            if s < 0:
                continue
            brand = text[s:p]
            lead = s == 0 or text[s - 1] in _BRAND_BEFORE or text.endswith(_BRAND_LEADS, 0, s)
            place = next((j for j in (3, 2) if s - j >= 0 and _firm_place(text[s - j:s])
                          and (s - j == 0 or text[s - j - 1] in _BRAND_BEFORE or text.endswith(_BRAND_LEADS, 0, s - j))), None)
            if not (lead or place) or any(c in _BRAND_NOT for c in brand) \
                    or not all(_HAN.match(c) for c in brand) or _has_word(brand) or brand in _divisions() \
                    or _sector_opens(brand) or not _brand_chars().intersection(brand) \
                    or inside_dictionary_word(text, s) or not word_starts(text, p):
                continue
            out.append((s - place if place and not lead else s, e))
            break
    return out


def _firm_of_industry(name: str) -> bool:
    """A firm's short name: a brand of two or more characters, then its trade (三环电子,
    沃拓农药, 聚合新材料); a sector's name (新型材料, 智能装备, 生物制药) has no brand."""
    return not _sector_opens(name) and any(name.endswith(w) and len(name) - len(w) >= 2 for w in _industry_words())


def _sector_opens(name: str) -> bool:
    """The name opens with a trade or a sector's word (服装鞋帽, 五金机械, 新型材料): a sector, no firm."""
    return any(name.startswith(w) for w in _sector_words())


@lru_cache(maxsize=1)
def _sector_words() -> tuple[str, ...]:
    return tuple(sorted((w for w, t in read_tsv("org_generic.tsv") if t in ("industry", "sector")), key=len, reverse=True))


@lru_cache(maxsize=1)
def _industry_words() -> frozenset[str]:
    """Industries named in lists of firms (食品、纺织等企业), lexicons/org_generic.tsv (industry)."""
    return frozenset(w for w, t in read_tsv("org_generic.tsv") if t == "industry")


@lru_cache(maxsize=1)
def _hospital_departments() -> regex.Pattern:
    """A hospital's clinical department (lexicons/hospital_departments.tsv) with its ordinal
    (心内一科, 重症医学科, 呼吸内科) after a list mark or another non-word, and a party branch
    named after one (内科第一党支部). A one-character specialty without an ordinal (内科, 妇科)
    counts only before a list mark or a non-word: 外科手术, 内科医生 name a kind of work."""
    specs = sorted((row[0] for row in read_tsv("hospital_departments.tsv")), key=len, reverse=True)
    long_specs = "|".join(map(regex.escape, (x for x in specs if len(x) > 1)))
    short_specs = "|".join(map(regex.escape, (x for x in specs if len(x) == 1)))
    ordinal = r"(?:[一二三四五六七八九十]|第[一二三四五六七八九十])"
    branch = r"(?:(?:第[一二三四五六七八九十]+)?(?:党支部|党总支))?"
    return regex.compile(
        r"(?:^|(?<=[^\p{Han}]|[、和与及在由对从的是为]))"
        rf"(?:(?:{long_specs}){ordinal}?科{branch}|(?:{short_specs}){ordinal}科{branch}"
        rf"|(?:{short_specs})科(?:(?:第[一二三四五六七八九十]+)?(?:党支部|党总支)|(?=$|[^\p{{Han}}]|[、和与及等])))")


# departments listed after what a clinic offers are its specialties, no bodies
# (已开设科室为：内、外科、儿科、放射科; 门诊覆盖内科、外科、儿科等): the list runs to the clause's end
_SPECIALTIES_OFFERED = regex.compile(r"(?:开设|设有|设置|覆盖|涵盖|包括|科室为|科室有|科室[：:])[^。；;\n]*$")
_GAP_OR_YEAR = regex.compile(r"[\dxX×*＊][年月]")
# a CPPCC committee by its full name: 中国人民政治协商会议常宁市(第十一届)委员会(常务委员会),
# 政协常宁市委员会 (the place's 委员会 here is no party committee, the term no part of the name)
_CPPCC = regex.compile(r"(?:中国人民政治协商会议|政协)(?:第[一二三四五六七八九十]{1,3}届)?(\p{Han}{2,9}?[省市县区州旗])(?:第[一二三四五六七八九十]{1,3}届)?"
                       r"委员会(?:常务委员会)?")
# a bureau a title names (水利局2024年工作总结; not 开创新局面, 局势)
_BUREAU_NAMED = regex.compile(r"\p{Han}局(?![面势部限长])")
# a department named by its level (区发改委, 县财政局, 市统计局): before its head's title the
# department is still named (a place's own 区委/县政府 before 书记/县长 is the role's office)
_DEPARTMENT_HEAD = regex.compile(r"[省市县区州镇乡]\p{Han}{1,8}?(?:局|厅|委员会|办公室|中心|(?<![党工纪团省市县区州镇乡])委)")
# units a proper name names, before their head's title (中南司法所|所长, 永汉中学|副校长, 城建集团|董事长)
UNITS_BEFORE_HEAD = ("所", "院", "站", "中学", "小学", "医院", "公司", "集团", "中心", "学校", "大学", "学院", "幼儿园")
_SCHOOL_DISTRICT = regex.compile(r"(?<=[镇乡])学区(?![房制])")
# a post taken (时任, 曾任, 担任, 任) after a person's name, before the body whose head he is
_POST_VERB = regex.compile(r"^.{0,8}?(?:时任|曾任|现任|历任|担任|兼任|出任|(?<![责主])任)")
# a former, new or model holder of a post names no one body (原卫生院院长, 新任乡镇卫生院院长, 优秀村党支部书记)
GENERIC_BEFORE_HEAD = ("原", "新任", "前任", "优秀", "先进", "各", "全", "每", "乡镇", "村级")
_HEAD_TITLE = regex.compile(r"副?(?:所长|院长|校长|站长|园长|董事长|总经理|经理|主任|书记|党委书记|党支部书记)")  # (not 领导, 班子, 负责人)
# the committee of a body the mention names (省教育厅|党组, 万源市卫生健康局|党组, 潞州区医院|党支部,
# 塔元庄村|党支部) or a provincial committee's working committee (省委教育工委): named before its
# head's title too, unlike a level's own 县委 or a bare 党委 (县委书记, 党委书记: the role alone)
_SPECIFIC_ORGAN = regex.compile(
    r"(?:[省市县区州]\p{Han}{1,8}?(?:局|厅)|\p{Han}{2,8}?[市县区]\p{Han}{0,6}?(?:局|厅|医院|卫生院)"
    r"|(?![各全本该每]|担任|任职|当选|作为|成为)\p{Han}{2,5}?村|(?![各全本该每]|老旧|物业)\p{Han}{2,6}?(?:社区|街道|小区)"
    # a named firm's, university's or township's committee before its secretary (交投集团党委书记,
    # 吉首大学党委委员, 马屯镇党委书记): the field's readers name the body
    r"|(?![各全本该每子分国央村驻]|[市区县省]属)\p{Han}{2,8}?(?:集团|公司|大学|学院)|(?![各全本该每乡城])\p{Han}{2,4}?[镇乡])"
    r"(?:机关党委|党总支|党支部|党组|党委|纪委)"
    r"|[省市县区州]委\p{Han}{2,4}?工委")
# the writer's own unit's committee, named by the unit's kind: in a school's report 学校党委
# is one body (as 县委 is in a county's), named as written; `1个学院党委`, `高校党委` count or
# name a kind (the character before is a measure word or part of another word)
_OWN_UNIT_COMMITTEE = regex.compile(
    r"(?:(?<=^|[^\p{Han}A-Za-z0-9*＊×Ｘｘ□○〇])|(?<=[在由和与及对向经为是了将把被])|(?<=围绕|按照|根据|落实|配合|服从|召开))"
    r"(?:(?:学校|医院|集团公司|集团|公司|学院|院|校)\n?(?:党委|党总支|纪委)|局\n?(?:党组|党委))(?!员|书记|委员|成员|班子)")


# a news site, a station or a press group that a page credits for its story: after 来源：, or
# before its dateline's 讯 and 消息 (四川新闻网消息, 中国湘乡网2月5日讯, CN人才网给大家整理), its
# report, its reporter or its taking a story (据新华网报道, 四川机关党建网采用23篇)
_CREDIT_AFTER = r"(?:\d{1,2}月\d{1,2}日)?(?:讯|消息|来稿|给大家|报道|记者|采用|刊发|刊登|转载)"  # what follows a site's name
_MEDIA_CREDIT = regex.compile(
    r"(?:(?<=(?:来源|稿源|转自|出处)[:：][ \u3000]?)((?!本|官网)[\p{Han}A-Za-z]{2,10}?(?:网|在线|电台|电视台|传媒|报业|报|融媒))(?![\p{Han}])"
    r"|(?:(?<=^|[\s，。；：、（(“”·]|据|经|由|通过|是)|(?<=下面是|以下是))((?!据|经|由|通过)[^\W\d_和与及的是]{2,10}?网)"
    rf"(?={_CREDIT_AFTER})"
    # a paper or a site before its dateline's 讯 or its reporter (华声在线3月25日讯, 【香港文汇报】记者)
    r"|(?<=^|[\s【●（(\[])((?!本)\p{Han}{2,8}?(?:在线|日报|晚报|商报|报))[】)）\]]?(?=(?:\d{1,2}月\d{1,2}日)?讯|[ \u3000]?记者))",
    regex.M)
# where a credit may be (the pattern above is searched only around these: a scan of every
# character with its lookbehinds cost as much as a whole extractor)
_MEDIA_ANCHOR = regex.compile(rf"(?:来源|稿源|转自|出处)[:：]|网(?={_CREDIT_AFTER})"
                              r"|(?:在线|报)[】)）\]]?(?=(?:\d{1,2}月\d{1,2}日)?讯|[ \u3000]?记者)")
MEDIA_REACH = 16  # characters around an anchor the credit may take


# networks that end in 网 and are no site: the power grid, the internet, pipes
NOT_PAPERS = ("公报", "简报", "通报", "快报", "汇报", "情报", "月报", "年报", "周报", "季报", "专报", "会报")
NOT_SITES = ("电网", "互联网", "管网", "物联网", "路网", "水网", "光网", "联网")
_SITE_NAME = regex.compile(r"[A-Za-z]|中国|人民|新华")  # (CN人才网, 中国湘乡网, 人民网)


def _media_credits(text: str) -> set[tuple[int, int]]:
    """Spans of the news sites and stations a page credits: after 来源：, or before a
    dateline's 讯 or 消息 when the name is a site's (…新闻网, a place's 网, 中国…网, Latin
    letters), never a network (国家电网, 互联网)."""
    found = set()
    for a in _MEDIA_ANCHOR.finditer(text):
        lo, hi = max(0, a.start() - MEDIA_REACH), min(len(text), a.end() + MEDIA_REACH)
        for m in _MEDIA_CREDIT.finditer(text, lo, hi):
            g = next(k for k in (1, 2, 3) if m[k])
            name = m[g]
            if name.endswith(NOT_SITES) or name.endswith(NOT_PAPERS):
                continue  # (来源：市统计局统计公报: a bulletin of a body, no paper)
            if g == 2 and not (name.endswith("新闻网") or _SITE_NAME.match(name) or _place_opens(name)):
                continue  # 群众通过互联网消息, 以互联网给大家: a clause, no site
            found.add(m.span(g))
    if "月" in text or "-" in text:
        found |= {m.span(1) for m in _LINE_CREDIT.finditer(text)
                  if not m[1].endswith(NOT_SITES) and _OUTLET_WORD.search(m[1]) and not _BODY_NOT_OUTLET.search(m[1])}
    return found


# a line that opens with a news outlet's name and its dateline (网易河南9月20日报道) or its
# byline (大众新闻 孟令洋 2025-12-03): the outlet is a medium
_OUTLET_WORD = regex.compile(r"[网报台]|新闻|在线|传媒|头条|[A-Za-z]")  # (全县9月20日报道 is no outlet)
# …nor a body whose name holds such a word (县委网信办, 国网平凉供电公司, 市台办)
_BODY_NOT_OUTLET = regex.compile(r"网信|国网|台办|[办局委部所院会厅处]$|公司$|集团$")
_LINE_CREDIT = regex.compile(r"^((?![本我该])[\p{Han}A-Za-z]{2,8}?)[ \u3000]?(?:\d{1,2}月\d{1,2}日(?:讯|电|报道|消息)"
                             r"|(?<=新闻|日报|晚报|客户端|网)[ \u3000]+\p{Han}{2,3}[ \u3000]+(?:19|20)\d\d[-.])", regex.M)


def _place_opens(name: str) -> bool:
    """The name opens with a division's name (四川新闻网, 湘乡网, 桂林网)."""
    return any(name[:k] in _divisions() or ("county", name[:k]) in by_short() or ("prefecture", name[:k]) in by_short()
               for k in (2, 3, 4))


# a school named by its place and its number (武宁一小, 蔡甸四小, 县一中, 市二中, 中法城三初): the
# place a division or a place the text names twice, or a level word; not 三中全会 (a plenum)
_NUMBERED_SCHOOL = regex.compile(r"(?<=\p{Han})([一二三四五六七八九十]{1,2})"
                                 r"(小(?![时组区型微康额朋姐伙部撮批块段步]|学生)|中(?![全心央国间期旬层部队断枢小型年院])"
                                 r"|初(?![步期心始见次级中])|高(?![度效质标层新速级峰地温中])|职高)")
# (一小部分, 一小撮, 一中小学, 一中型水库, 一中年男子, 北京一中院: words and a court, no school)
_HAN_BEFORE = regex.compile(r"(?r)\p{Han}{1,4}")
# a body set up and named in quotes: 成立“北都发展委员会”, 组建“乡村振兴工作专班”办公室 is not
# one (the quote must hold the whole name, ending in a body's word)
_ESTABLISHED = regex.compile(r"(?:成立|设立|组建|筹建|新设|设置)了?[“「](\p{Han}{2,12}(?:委员会|管理局|局|署|办公室))[”」]")
# a quoted coined name right before a team suffix is that team's name: “美好先锋”志愿服务队
_QUOTED_TEAM = regex.compile(r"[“「]([^“”「」\n]{2,12})[”」](?=志愿服务队|服务队|突击队|先锋队|服务团|志愿队|工作室|联盟)")


# endings a body's name holds once: a second one means the walk crossed into another clause
REPEATED_ENDINGS = ("商会", "协会", "学会", "集团", "医院", "学校", "中学", "小学", "银行")
BRANCH_ENDINGS = ("分公司", "子公司", "分会", "分院", "分校", "分行", "支行")  # (…集团有限公司…区分公司 is one)
def _repeated_ending(mention: str) -> bool:
    """The name's ending stands in it twice (…促商会凝聚力…增商会), unless it is a branch
    under its parent's name (…集团有限公司第三工程有限公司, …分公司)."""
    end = next((w for w in REPEATED_ENDINGS if mention.endswith(w)), None)
    return end is not None and end in mention[:-len(end)] and "有限" not in mention and not mention.endswith(BRANCH_ENDINGS)


# words of a clause that no name holds (承载着, 不仅, 过去一年, 录取人数)
_CLAUSE_WORDS = regex.compile(r"(?<!\p{Han})着|\p{Han}着(?!力|装)|不仅|过去|人数")


# an event joined to another by 暨 (现场展示会暨学校体育论坛): the joint event's name, no body
_EVENT_JOINED = regex.compile(r"[会坛式节赛展]暨")


def find(text: str, region: str | None = None, places: tuple[str | None, str | None, str | None] = (None, None, None),
         present: frozenset[str] | None = None) -> list[OrgHit]:
    spans, roles, bare = [], [], []
    inside = [m.span() for m in _INSIDE_NAMES.finditer(text)]  # sorted, not nested
    inside_starts = [a for a, _ in inside]
    candidates = list(_candidates(text, region in HEADLESS_REGIONS))
    own = _title_department(text, candidates)  # (its core, its span) when the title opens with one
    own_spans = _own_mentions(text, own) if own is not None else []
    spans += own_spans  # 民政局 in the report the title says 民政局 wrote
    for s, e, specific in candidates:
        if text.startswith("机关", e) and not text.startswith(("机关工委", "机关党", "机关纪"), e):
            e += 2  # 市纪委监委机关: the organ of the body, the same body
        if _inside_names(inside, inside_starts, s, e):
            continue
        if not specific:
            pair = _PAIR.fullmatch(text, s, e)
            if pair is not None:  # 党委政府: both of the report's own bodies
                bare += [(s, pair.start(2)), (pair.start(2), e)]
            elif text[s:e] in HOME_WORDS and not _role_after(text, e):
                bare.append((s, e))  # 党委, 政府: the report's own body, if its title names one (党委书记: a role)
            continue  # 机关党支部, 直属机关党委: any unit's, not a named one
        if e - s > 2 and text[s] == text[s + 1] and text[s] in "市县区镇乡村" and not text.startswith(("市场", "市容"), s + 1):
            s += 1  # ___县县委, 我村村委会: the level word of a gapped name or a pointer, then the body
        if (text.startswith("习", e) and text.endswith(("中学", "小学", "大学"), s, e)) \
                or (text.endswith("集中学", s, e) and text.endswith(("支部", "党员", "干部", "全体"), 0, e - 3)):
            continue  # 集中学习, 支部集中学: a verb (study together), no school (王集中学 is one)
        if (text.startswith(("堂", "生"), e) and text.endswith("大学", s, e)) \
                or (text.startswith(("历", "生"), e) and not text.startswith(("生物", "生态", "生产", "生活"), e)
                    and text.endswith(("中学", "小学"), s, e)):
            continue  # 周五大学堂 (a lecture series), 大学生, 高中学历, 小学生: no school
        if text.startswith(MEMORIAL_AFTER, e):
            continue  # 八路军桂林办事处纪念馆: a memorial named after a body is a venue
        if text.endswith(("甲等", "乙等", "三甲", "二甲"), 0, s) or text.startswith(("型", "三甲医院", "二甲医院"), s):
            continue  # 三级甲等|中医医院, 紧密|型医疗集团: a grade or a type of body, no name
        if text.endswith(HONOUR_BEFORE_BODY, 0, s) or _HONOUR_BODY.fullmatch(text, s, e):
            continue  # 五四红旗团委, 先进基层党组织: an honour named after a kind of body
        if text[s] in "年月日" and s > 0 and (text[s - 1].isdigit() or text[s - 1] in "一二三四五六七八九十") and e - s > 3:
            s += 1  # 1月至9月|消防局: a date's last character is no part of the name after it
        if text[s] == "据" and any(text[s + 1:s + 1 + k] in _divisions() for k in range(2, 8)):
            s += 1  # 据四川新闻网: "according to", then the name
        if text.endswith("中共", 0, s) and text.endswith(("总支部", "支部", "党总支", "党支部", "党委"), s, e):
            s -= 2  # 中共滨江中学总支部: the party's name is part of the branch's
        inner = text.find("中共", s + 1, e - 2)
        if inner > s:
            s = inner + 2  # 桂林市全州县中共才湾镇委员会: the party's committee of the last place named
        mention = text[s:e]
        if (_COUNTED_AFTER.match(text, e) and not mention.endswith(LEGAL_FORMS)) \
                or (s > 0 and text[s - 1] in "个家所间座" and text[s] not in "省市县区州镇乡"
                    and not text.endswith(("一个", "这个", "该个", "期间", "时间", "之间", "中间", "空间", "民间"), 0, s)):
            continue  # 发展农民专业合作社12家, x个|煤业公司: a kind, counted
        if mention.endswith("部") and e < len(text) and text[e] in MINISTRY_NOT_AFTER:
            continue  # 财政部门, 教育部署, 科技部分: other words, no ministry
        if mention.endswith("厂") and (text.startswith(tuple("房区家商矿址内务"), e) or len(mention) <= 2
                                       or (text.startswith("长", e) and not text.startswith(("长期", "长远", "长效"), e))):
            continue  # 厂房, 厂区, 厂长: the plant's buildings and people; 工厂, 建厂: no plant named
        if (mention.endswith(("农会", "渔会")) and text.startswith(("计", "议", "员", "场"), e)) \
                or (mention.endswith("司") and not mention.endswith("公司") and dictionary_word(text[e - 1:e + 1])):
            continue  # 务农|会计, 保安司|机: the last character opens a word with the next, no body
        if mention.endswith("行") and text.startswith(("使", "为", "动", "政"), e):
            continue  # 充分行|使, 执行|动: 行 begins a verb, no bank
        if s > 0 and (text[s - 1].isdigit() or (text[s - 1] in " \t\u3000" and text[s - 2:s - 1].isdigit())) \
                and mention[0].isdigit():
            continue  # 2\t024酒店: a name cut inside a number
        if s > 0 and mention[0] in "日号" and text[s - 1].isdigit() and e - s > 3:
            s += 1  # 2月7日|金华镇…人民代表大会: the date's 日 opens no name
            mention = text[s:e]
        if mention.startswith(("民进", "民盟", "民建", "民革")) and s > 0 and dictionary_word(text[s - 1:s + 1]):
            s += 2  # 农民|进县委党校, 居民|建…: the 民 ends a word, no democratic party opens the name
            mention = text[s:e]
        if mention.endswith(JOINT_COMMITTEES):
            s = _past_leading_verbs(text, s, e)
            mention = text[s:e]
            if len(mention) < 6 and s > 0 and _HAN.match(text, s - 1):
                continue  # 养老服务|业综合党委: a name cut inside a word
        if mention.endswith("局") and e < len(text) and text[e] in "部面势限促" and not text.startswith(("部署", "部门署"), e):
            continue  # 局部, 局面, 局势: other words, no bureau
        if mention.endswith("所") and (text.startswith(tuple("需有在属以得录錄述说谓能要作为"), e) or mention.endswith("有所")
                                       or (text.startswith("致", e) and not text.startswith("致力", e))
                                       or (text.startswith(("管", "辖"), e) and mention[-2:-1] in "局委厅部府办院")):
            continue  # …发展所需人才, 上半年所录得, 增加所致, 交通局所管: 所 + a verb, no institute; 有所 (somewhat)
            # (研究所致力于, 派出所辖区, 司法所管理: the institute itself)
        if _GAP_OR_YEAR.search(mention):
            continue  # 就20xx年学校: a year or a draft's gap inside is no name
        if _repeated_ending(mention):
            continue  # 活动促商会凝聚力造商会影响力增商会: a walk across clauses, no one body
        if mention.startswith(LEADING_VERBS):
            s += 2  # 增强|商会: the verb is no part of a name (the rest is judged below)
            mention = text[s:e]
            if len(mention) <= 2 or _generic_proper(mention):
                continue
        if _CLAUSE_WORDS.search(mention) or (mention[0] == "本" and len(mention) <= 3 and not mention.startswith("本溪")):
            continue  # 一标识不仅承载着医院: a clause's words; 本集团, 本院: a pointer, no name
        if mention.startswith(("该", "此", "所")) or "委人大" in mention or _SPAN_OPENS.match(mention):
            continue  # 该集团, 这所|学校: a pointer, no name; 市委人大(工作会议): two levels of a meeting
        if mention.endswith("处") and text.startswith(tuple("理置分罚于在境"), e) \
                and not ((mention.endswith("办事处") or (region in HEADLESS_REGIONS and _sar_department(mention)))
                         and text[e] in "于在"):
            continue  # …总预算案处理, 处置, 处分: a verb, no office (but 办事处在区委…, in a Hong Kong text 消防处于去年…: the office)
        if mention.endswith("会") and text.startswith("议", e) and not text.startswith("议员", e):
            continue  # 政治协商会|议, 工作会|议: a meeting's name, no 会 of a body
        if text.startswith(("总预算", "预算案", "决算"), e):
            continue  # 中央政府总预算案: the bill's name holds the body, it names none
        if text.startswith(("章程", "党章"), e):
            continue  # 中国共产党章程: a charter named by its body
        if _EVENT_JOINED.search(mention):
            continue  # 现场展示会暨学校体育论坛: a joint event's 暨, no body (暨南大学, 党校暨行政学院 are)
        if mention.endswith(("中小学", "中小学校")) and mention.rstrip("校")[:-3][-1:] in ("", *"省市县区州旗镇乡"):
            continue  # 奉化区中小学: the schools of a level, a collective (华中小学 is one school)
        if text.startswith(("令第", "令〔", "令[", "令（", "令("), e):
            continue  # 国务院令第711号, 财政部令〔2020〕: a decree's number, no mention of the body
        if mention[0] == "区" and s > 0 and text[s - 1] in ZONE_BEFORE_QU and not mention.startswith(("区委", "区政府", "区人大", "区政协")):
            continue  # 水府旅游区事务中心, 开发区管委会: the 区 ends a zone's name, it is no district
        if mention.endswith("学习中心") and text.startswith("组", e):
            continue  # 市委理论学习中心组: a study group of the committee's members (a role), no 中心
        if mention.endswith("公司") and text.startswith(("治理", "制"), e):
            continue  # 公司治理, 公司制: a kind of governance, no company
        if text.startswith(("化", "制改"), e) or (mention.endswith("办") and text.startswith(tuple("理好事实成结件法学案公文会报"), e)):
            continue  # 公司化改制, 集团化: a manner, not a body; 市政府办理: a verb
        if mention.endswith(("中学校", "小学校")) and text.startswith("长", e):
            e -= 1  # 永汉中学|校长: the school, then its head's title
            mention = text[s:e]
        if len(mention) > 2 and mention[-1] == mention[-2] and text.startswith("长", e):
            continue  # 福利局局|长: the bureau ends a character earlier, then its head's title
        if text.startswith("长", e) and mention[-1] in "局署处司部" and 2 <= len(mention) - 2 - mention.rfind(mention[-1], 0, len(mention) - 1) <= 3 \
                and mention.rfind(mention[-1], 0, len(mention) - 1) >= 2:
            continue  # 社会文化司|谭俊荣|司长: the body, its head's name, his title (the body is found on its own)
        if _role_after(text, e):
            post = _POST_VERB.search(mention)
            if post is not None:  # 张三同志任|县人民医院党委书记: the post's verb and the person before it are no part of the body
                s += post.end()
                mention = text[s:e]
            roles.append((s, e))
            if not mention.startswith(GENERIC_BEFORE_HEAD) and (
                    _SPECIFIC_ORGAN.fullmatch(mention) or (text.startswith("代表", e) and _lexicon().get(mention, ("", ""))[1] == "self")
                    or (mention.endswith(UNITS_BEFORE_HEAD) and len(mention) >= 4
                                                        and mention[0] not in "省市县区州镇乡村各全本该某我"
                                                        and _HEAD_TITLE.match(text, e) and not _generic_proper(mention))) \
                    and not mention.startswith(COLLECTIVE_START) and not text[max(0, s - 4):s].endswith(COLLECTIVE_BEFORE):
                spans.append((s, e))  # 省教育厅党组书记, 塔元庄村党支部书记, 中南司法所所长: a named body, then its head
            elif (_DEPARTMENT_HEAD.fullmatch(mention) and not text.startswith(("委员", "成员", "班子", "干部", "代表"), e)
                    and not mention.startswith(COLLECTIVE_START) and not text[max(0, s - 4):s].endswith(COLLECTIVE_BEFORE)) \
                    or (region in HEADLESS_REGIONS and text.startswith(SAR_HEADS, e) and mention.endswith(SAR_HEADS_OF)):
                spans.append((s, e))  # 区发改委主任, 劳工及福利局局长: the department its head heads is named all the same
            elif _named_before_role(text, s, e, mention):
                spans.append((s, e))  # 全国人大代表, 同善堂副主席, 澳门妇女联合总会会长: the body named, then the role
            continue  # 委员 / 书记 / 院长: a role (区委书记: the office of the place's first secretary)
        if (e < len(text) and text[e] in "织员伍") \
                or text[max(0, s - 4):s].endswith(COLLECTIVE_BEFORE) or (mention.startswith(COLLECTIVE_START) and not mention.startswith(COLLECTIVE_NOT, 1)):
            continue  # 党组织 (generic), 委员 / 书记 / 院长 (a role), 各级… (a collective)
        if mention.startswith(tuple(LOCAL_SUFFIXES)) and s > 0 and _HAN.match(text, s - 1) \
                and text[s - 1] not in _LOCAL_OK_BEFORE and not text.endswith("某某", 0, s) \
                and not (text[s - 1] in "年月日" or text.endswith(ACTING_WITH, 0, s) or _word_then_level(text, s)):
            continue  # 乡镇党委, 城镇政府: the end of a word, not a body (联合|街道…所, 2024年|街道…办 are;
            # 围绕|镇党委, 完成|镇党委: a word ends before the level word, which opens the body; 某某|镇政府:
            # a draft's gap, then the body named from what follows it)
        if _generic_proper(mention) and not (_gap_before(text, s) and not _gap_inside_name(text, s - 1)
                                             and not mention.startswith(_FIRM_KINDS_ALONE + ("学校",))):
            continue  # (XX|中学: a gap stands for the name; 华中师范大学附属x|中学: a gap inside one)
        if mention.endswith("油田") and len(mention) > 5 and not mention.startswith(("中国石油", "中国石化", "中石油", "中石化")):
            continue  # 建设基业长青百年油田: a goal; an oilfield's name is short (长庆油田, 塔里木油田, 中国石油长庆油田)
        if "领导小组" in mention and not _OWNER.search(mention, 0, mention.find("领导小组")):
            continue  # 疫情防控领导小组 walked to from its suffix: named by its task instead (_task_groups)
        if _venue(text, s, e):
            continue
        spans.append((s, e))
    spans += [m.span(1) for m in _ESTABLISHED.finditer(text) if not _generic_proper(m[1])]
    media = _media_credits(text)
    spans += media
    if "委员会" in text:
        spans += [m.span() for m in _CPPCC.finditer(text) if m[1] in _divisions()]
    schools = set(_numbered_schools(text))
    spans += schools
    if "科" in text and ("医" in text or "院" in text or "党支部" in text):  # (a hospital's text)
        spans += [m.span() for m in _hospital_departments().finditer(text)
                  if text.endswith(("党支部", "党总支"), m.start(), m.end())
                  or not _SPECIALTIES_OFFERED.search(text, max(0, m.start() - 30), m.start())]
    companies = set(_listed_companies(text)) if "企业" in text or "项目" in text else set()
    companies |= set(_brand_firms(text))
    spans += companies
    spans += _firms_from_place(text) if "公司" in text else []
    if "学区" in text:  # a township's schools' office (集兵镇学区), never 学区房 or 城乡学区
        for m in _SCHOOL_DISTRICT.finditer(text):
            place = _place_before(text, m.start())
            if place is not None:
                spans.append((place[0], m.end()))
                schools.add((place[0], m.end()))
    spans += [(s, e) for s, e in _task_groups(text) if not _inside_names(inside, inside_starts, s, e)]
    if "采油" in text or "采气" in text:
        spans += [(m.end("field") - 4 if m["field"] and len(m["field"]) == 5 and word_starts(text, m.end("field") - 4)
                   else m.start(), m.end())
                  for m in _NUMBERED_PLANT.finditer(text)]  # (在|长庆油田采油三厂; 塔里木油田 a word whole)
    spans += [m.span() for m in _OWN_UNIT_COMMITTEE.finditer(text)
              if not _role_after(text, m.end()) and not text[max(0, m.start() - 4):m.start()].endswith(COLLECTIVE_BEFORE)
              and not (text[m.start()] == "局" and _BUREAU_NAMED.search(next(iter(head_lines(text)), (0, ""))[1]))]
    # (a bureau its title names: its 局党组 is named by it, below)
    clauses = _motto_clauses(text)
    if clauses:
        starts = [a for a, _ in clauses]
        spans = [(s, e) for s, e in spans if not _inside_clause(clauses, starts, s, e)]
    # a name inside a role is part of the role: 娄东街道人大工委主任 names no 娄东街道人大
    roles.sort()
    role_starts = [a for a, _ in roles]
    spans = [_after_clause_verbs(text, s, e) for s, e in spans if not _inside_role(roles, role_starts, s, e)
             and not _school_mid_word(text, s, e, schools) and not _verb_led(text, s, e)
             and _SET_UP_INSIDE.search(text, s + 2, e - 2) is None]
    # the longest name wins where candidates overlap
    taken: list[tuple[int, int]] = []
    covered = bytearray(len(text))  # characters already in a longer name: each check costs ≤ MAX_NAME
    for s, e in sorted(set(spans), key=lambda se: (-(se[1] - se[0]), se[0])):
        if not any(covered[s:e]):
            taken.append((s, e))
            covered[s:e] = b"\x01" * (e - s)
    hits = [OrgHit(s, e, name_of(_unquote(text[s:e]), region, places),
                   "media" if (s, e) in media else "school" if (s, e) in schools else kind_of(_unquote(text[s:e])))
            for s, e in sorted(taken)]
    if companies or own_spans or "中共" in text:
        own_name = name_of(text[own[1][0]:own[1][1]], region, places) if own_spans else ""
        hits = [_retold(text, h, companies, set(own_spans), own_name) for h in hits]
    hits = [part for h in hits for part in _split_pair(text, h, region, places)]
    hits = _branches_joined(text, hits)
    listed = _listed(text, hits, region, places)
    renamed = {h.start for h in listed}
    hits = sorted([h for h in hits if h.start not in renamed] + listed + _levels_before(text, hits, region, places),
                  key=lambda h: h.start)
    head_end = _head_end(text)  # once, not once per hit
    head = [h for h in hits if h.start < head_end] + [
        OrgHit(s, e, name_of(_unquote(text[s:e]), region, places), kind_of(_unquote(text[s:e])))
        for s, e in roles if e <= head_end]
    # the SAR government is named as the report names it: 特别行政区政府 when it writes that
    # out anywhere, else 特区政府; 政府 alone in a Hong Kong or Macau report is the SAR's
    sar = "特别行政区政府" if "特别行政区政府" in text else "特区政府"
    if region in HEADLESS_REGIONS:
        head.append(OrgHit(0, 0, canonical(sar, region), "government"))
    for h in hits:
        covered[h.start:h.end] = b"\x01" * (h.end - h.start)  # listed items and split pairs too
    hits = sorted(hits + _home_mentions(text, sorted(set(bare)), head, covered), key=lambda h: h.start)
    if sar == "特别行政区政府":
        hits = [OrgHit(h.start, h.end, h.name.replace("特区政府", sar), h.kind) if h.name.endswith("特区政府") else h
                for h in hits]
    hits = _with_committees(text, hits, region)
    hits = _this_house(text, hits, head)
    hits = _subsidiaries(text, hits)
    if "商会" in text:
        hits = _hometown_chambers(text, hits)
    if "街道" in text:
        hits = _streets_acting(text, hits, region, places)
    present = variants_present(text) if present is None else present
    hits = _one_name_per_government(_long_forms_as_written(text, hits, region, places, present))
    hits = _fullest_forms(text, hits, region, places, [text[s:e] for s, e in roles])
    hits = _bare_heads(text, _abbreviations(text, hits))
    hits = _defined_short_forms(text, _paired_with_named(text, _plants_in_full(hits)))
    hits = _outposts(text, _own_school(text, hits, head), region, places)
    hits = _own_firm(text, hits)
    if "、" in text:
        hits = _bare_lists(text, hits, region, places)
    # 西乡县政府工作报告: a document's kind, named by its author, no mention of the body acting
    # (it still named the report's own body and place for the mentions above)
    return [h for h in hits if not (text.startswith("工作报告", h.end) and text.endswith("政府", h.start, h.end))]


def _inside_names(inside: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """Whether s..e lies inside a title or quotation that names something else (《…》), not
    being all of it."""
    k = bisect_right(starts, s) - 1
    return k >= 0 and s > inside[k][0] and e < inside[k][1] and inside[k] != (s - 1, e + 1)


# an oilfield's numbered production plant, with its oilfield before it or alone (长庆油田采油三厂,
# 采油三厂: the same plant, named in full by the fullest form the text writes)
_NUMBERED_PLANT = regex.compile(r"(?P<field>\p{Han}{2,3}油田)?采[油气][一二三四五六七八九十]{1,3}厂(?![房区长])")


# a leading or task group set up for one task, named by the task (县未成年人保护工作领导小组,
# 联防联控领导小组, 土地问题专案小组) and its office (…领导小组办公室)
_TASK_GROUP = regex.compile(r"(?:领导|工作|专案|专责|专项|行动|协调|督导)小组(?:办公室)?")
_TASK_GROUP_STOP = set("的了在由与及对把将向从是为以、，,。；;：:“”‘’《》「」（）()【】 \n\u3000")
# verbs that set a group up, call it or follow it, after which its name starts (成立|…领导小组,
# 根据|市…领导小组办公室), and a whole area's 全区 before it
_TASK_GROUP_LEAD = regex.compile(r"成立了?|组成|组建|下设|设立|设置|配备|根据|按照|调整|充实|召开|健全|建立|增加|完善|由|全[省市县区镇乡](?!民)")
# verbs and adverbs of a clause doing something to a group, after which no task is named
_TASK_GROUP_VERBS = regex.compile(r"加强|发挥|执行|研究|落实|贯彻|服从|听取|接受|配合|支持|督促|指导|认真|充分|严格|积极|"
                                  r"进一步|切实|专题|不断|要|需|并|均|都|也|还|已|将|把|被")
_TASK_GROUP_POINTERS = ("各", "该", "本", "此", "这", "其", "相关", "有关", "专门", "领导", "工作", "并")
TASK_GROUP_MAX = 24  # characters of a group's name before its suffix


def _task_groups(text: str) -> list[tuple[int, int]]:
    """The spans of groups named by their task: from the suffix back to a clause's edge, to a
    function word or to the verb that set it up (成立了以校长为组长的|科技教育领导小组); a group
    named by no task (成立了领导小组), counted (下设三个专责小组) or pointed at (各专项工作小组)
    is none, nor one whose start cuts a word (从|严治党工作领导小组)."""
    if "小组" not in text:
        return []
    out = []
    for m in _TASK_GROUP.finditer(text):
        j = m.start()
        quoted = False
        while j > 0 and m.start() - j < TASK_GROUP_MAX:
            if text[j - 1] in "”」" and not quoted:
                quoted = True
                opening = text.rfind("“「"[text[j - 1] == "」"], max(0, j - TASK_GROUP_MAX), j - 1)
                if opening >= 0:  # “干部学用技术”推广领导小组: the quoted campaign names it
                    j = opening
                    continue
            if text[j - 1] in _TASK_GROUP_STOP or _HAN.match(text, j - 1) is None:
                break
            if (text[j - 1] in "和与及" and text.endswith("小组", 0, j - 1)) or text.endswith(("先进集体", "先进单位"), 0, j):
                break  # …领导小组和|…领导小组: two groups; 先进集体|铜仁市委…小组: an honour, then the name
            j -= 1
        if m.start() - j >= TASK_GROUP_MAX:
            continue
        if j > 0 and text[j - 1].isdigit():
            continue  # 2023|年度考核工作领导小组: the walk stopped inside a year
        for lead in _TASK_GROUP_LEAD.finditer(text, j, m.start()):
            j = lead.end()
        for verb in _TASK_GROUP_VERBS.finditer(text, j, m.start()):
            if word_starts(text, verb.end()):  # (the verb ends a word: 经|济 is none)
                j = verb.end()  # 要进一步加强|领导小组建设, 充分发挥|领导小组作用: what is done to a group
        task = text[j:m.start()].lstrip("省市县区州镇乡")
        if len(task) < 2 or text.startswith(_TASK_GROUP_POINTERS, j) or task[0] in "一二三四五六七八九十两几多数个" \
                or "个" in task or not word_starts(text, j):
            continue
        out.append((j, m.end()))
    return out


def _plants_in_full(hits: list[OrgHit]) -> list[OrgHit]:
    """A bare numbered plant (采油三厂) is the one the text named in full with its oilfield
    (长庆油田采油三厂) last before it, else first after it."""
    plants = [h for h in hits if _NUMBERED_PLANT.fullmatch(h.name) and "油田" in h.name]
    if not plants:
        return hits
    out = []
    for h in hits:
        full = max((p for p in plants if p.name.endswith(h.name)), default=None,
                   key=lambda p: (p.start < h.start, p.start if p.start < h.start else -p.start)) \
            if h.name.startswith("采") else None
        out.append(OrgHit(h.start, h.end, full.name, "company") if full else h)
    return out


# a hospital's campus (友谊医院通州院区, 安贞医院新院区, 朝阳医院东院) and a body's team posted to a
# village (州审计局驻大沟村工作队) are named by the body and go on past its name
_OUTPOST = regex.compile(r"(?:[东西南北中新老总]|(?![^\p{Han}]|\p{Han}{0,2}[推进加快建设改扩住搬迁整修])\p{Han}{2,3})院区|[东西南北]院(?![长士区办])"
                         r"|驻\p{Han}{2,16}?(?:村|社区)(?:乡村振兴|帮扶|扶贫)?工作队")
# a ministry's department (教育部|体卫艺司, 财政部|预算司) and an agency's numbered branch
# (经济部水利署|第九河川分署): one name with the body before
_MINISTRY_PART = regex.compile(r"\p{Han}{2,4}?调查总?队"  # 国家统计局|福建调查总队: the bureau's survey office in a province
                               r"|(?!\p{Han}{0,3}公司)[^\P{Han}要求各的了和与及在对向将把被等为是有专上总]{1,4}?司(?![长机法令库仪])"
                               r"|第[一二三四五六七八九十]{1,3}\p{Han}{0,4}?分署")


# a list of bare departments (协调公安局、税务局、卫计局、国土局…15个部门): three or more items
# that end in a department's word, one of them a body of the lexicon or found already, make
# every item a body
_BARE_LIST = regex.compile(r"\p{Han}{2,6}?(?:局|办|总站|厅)(?:、\p{Han}{2,6}?(?:局|办|总站|厅)){2,}")  # (文化站, 卫生站: facilities)
_BARE_ITEM_NOT = regex.compile(r"[的了在和与及或等各全本该是为对把被将向从以其这那每个家次年月日]")


def _covered_by(text: str, hits: list[OrgHit]) -> bytearray:
    """The characters the hits cover (an overlap test in O(span))."""
    covered = bytearray(len(text) + 1)
    for h in hits:
        covered[h.start:h.end] = b"\x01" * (h.end - h.start)
    return covered


def _title_end(text: str) -> int:
    """Where the first line, the report's title, ends."""
    end = text.find("\n")
    return len(text) if end < 0 else end


def _bare_lists(text: str, hits: list[OrgHit], region, places) -> list[OrgHit]:
    """The bare departments of a list with a known body among its items."""
    lex = _lexicon()
    starts = {h.start for h in hits}
    covered = _covered_by(text, hits)
    extra = []
    for m in _BARE_LIST.finditer(text):
        items, at = [], m.start()
        for k, item in enumerate(m[0].split("、")):
            a, b = at, at + len(item)
            at = b + 1
            if k == 0 and a > 0 and _HAN.match(text, a - 1) or k == 0 and len(item) > 4:
                # the first item after a verb (协调|公安局): its longest body of the lexicon, else two characters and the dept word
                longest = next((b - n for n in range(len(item), 2, -1) if lex.get(text[b - n:b], ("", ""))[1] == "body"), None)
                a = longest if longest is not None else b - (2 + (2 if text.endswith("总站", a, b) else 1))
            items.append((a, b))
        known = sum(1 for a, b in items if a in starts or lex.get(text[a:b], ("", ""))[1] in ("body", "part"))
        if not known:
            continue
        for a, b in items:
            if any(covered[a:b]) or _BARE_ITEM_NOT.search(text, a, b):
                continue
            extra.append(OrgHit(a, b, name_of(text[a:b], region, places), kind_of(text[a:b])))
            covered[a:b] = b"\x01" * (b - a)
    return sorted(hits + extra, key=lambda h: h.start) if extra else hits


# the firm a report's title names by its place and a kind (慈溪城投集团): the kind written alone
# later (城投集团全力推进…, 城投集团党委) is that firm, as its own staff write it
_FIRM_KINDS = ("集团", "公司")
_BARE_KIND_BEFORE = set("\n，。；：、（(“”「」 　在由和与及对向将把被为是的")


def _own_firm(text: str, hits: list[OrgHit]) -> list[OrgHit]:
    """Bare mentions of the title's firm by its kind alone (城投集团 in 慈溪城投集团's report)."""
    title_end = _title_end(text)
    if title_end == len(text):
        return hits  # (a text of one line has no title of its own)
    firms = [h for h in hits if h.end <= title_end and h.kind == "company" and h.name.endswith(_FIRM_KINDS)]
    if len(firms) != 1:
        return hits
    name = firms[0].name
    kind = next((name[k:] for k in range(2, 5) if name[:k] in _divisions() and len(name) - k >= 3), None)
    if kind is None:
        return hits
    covered = _covered_by(text, hits)
    extra = []
    for m in regex.finditer(regex.escape(kind) + "(党委|党支部|党总支|纪委)?", text, pos=title_end):
        a, b = m.span()
        if any(covered[a:b]) or (a > 0 and text[a - 1] not in _BARE_KIND_BEFORE):
            continue  # (市城投集团, 各城投集团: a name or a collective of its own)
        extra.append(OrgHit(a, b, name + (m[1] or ""), "party" if m[1] else "company"))
    return sorted(hits + extra, key=lambda h: h.start) if extra else hits


# a school's committee named by the word for a school (校党委, 学校党总支) in a report whose title
# or byline names one school (or that names one school only) is that school's: 山东理工大学 … 校党委 → 山东理工大学党委
_SCHOOL_OWN = regex.compile(r"(?:学校|校)(党委|党总支|党支部|纪委|团委|工会)")
_SCHOOL_NAMES = ("大学", "学院", "中学", "小学", "学校", "中专", "职校", "幼儿园")
_SPEAKS_AS_SCHOOL = regex.compile(r"我校|本校|全校|教职工代表大会|教代会")  # (a bureau's report naming a university and a 校党委 is none)


def _own_school(text: str, hits: list[OrgHit], head: list[OrgHit]) -> list[OrgHit]:
    """校党委 in a school's own report takes the school's name."""
    if not any(_SCHOOL_OWN.fullmatch(h.name) for h in hits):
        return hits
    # the school the title names; in a text that speaks as a school (我校, 全校), the one the
    # head names, else the one university, else the one school the text names
    title_end = _title_end(text)
    own = [h for h in hits if h.end <= title_end and h.name.endswith(_SCHOOL_NAMES)] \
        or (([h for h in head if h.name.endswith(_SCHOOL_NAMES)] or hits) if _SPEAKS_AS_SCHOOL.search(text) else [])
    schools = {h.name for h in own if h.name.endswith(_SCHOOL_NAMES) and not _SCHOOL_OWN.fullmatch(h.name)}
    schools = {n for n in schools if n.endswith("大学")} or schools  # (a university's report names its 学院s too)
    if len(schools) != 1:
        return hits
    school = schools.pop()
    return [OrgHit(h.start, h.end, school + m[1], h.kind) if (m := _SCHOOL_OWN.fullmatch(h.name)) else h for h in hits]


def _outposts(text: str, hits: list[OrgHit], region=None, places=(None, None, None)) -> list[OrgHit]:
    """A campus after a hospital, a village team after the body that posts it, a ministry's
    department or an agency's branch after it: one name with the body before."""
    if "院" not in text and "驻" not in text and "司" not in text and "分署" not in text and "调查" not in text:
        return hits
    out = []
    for h in hits:
        m = _OUTPOST.match(text, h.end)
        if m and (m[0].startswith("驻") or h.name.endswith("医院")) and (not out or out[-1].end <= h.start):
            e = m.end()
            out.append(OrgHit(h.start, e, name_of(_unquote(text[h.start:e]), region, places),
                              "group" if m[0].startswith("驻") else "other"))
            continue
        m = _MINISTRY_PART.match(text, h.end) if h.name.endswith(("部", "署", "统计局")) and len(h.name) >= 3 else None
        if m and (m[0].startswith("第") or h.name.endswith("部") or m[0].endswith("队")) and (not out or out[-1].end <= h.start):
            e = m.end()
            out.append(OrgHit(h.start, e, name_of(_unquote(text[h.start:e]), region, places), h.kind))
            continue
        out.append(h)
    kept, reach = [], -1
    for h in out:  # (a hit inside a campus or a team just extended is dropped; one pass)
        if h.start >= reach:
            kept.append(h)
        reach = max(reach, h.end)
    return kept


def _paired_with_named(text: str, hits: list[OrgHit]) -> list[OrgHit]:
    """The government written right after a committee that names its place is that place's
    (长沙市委、市政府 → 长沙市政府; 绍兴市委市政府), whatever the report's own place; a zone's
    管委会 right after its 党工委 is the zone's (园区党工委、管委会 → 园区管委会)."""
    out = list(hits)
    if "党工委" in text and "管委会" in text:
        # 园区党工委、管委会: the zone's committee, then its administration (named by the zone)
        taken = {h.start for h in hits}
        for h in hits:
            at = h.end + (1 if text.startswith("、", h.end) else 0)
            if text.endswith("党工委", h.start, h.end) and text.startswith("管委会", at) and at not in taken \
                    and not _role_after(text, at + 3):
                out.append(OrgHit(at, at + 3, h.name[:-3] + "管委会", "government"))
        out.sort(key=lambda h: h.start)
    for k in range(1, len(out)):
        a, b = out[k - 1], out[k]
        gap = text[a.end:b.start]
        level = text[b.start] if b.start < len(text) else ""
        if gap not in ("", "、") or level not in "省市县区州" or not text.endswith(level + "委", a.start, a.end) \
                or not text.startswith((level + "政府", level + "人民政府"), b.start):
            continue
        written = text[a.start:a.end - 1]  # 长沙市
        if len(written) >= 3 and written in _divisions():
            out[k] = OrgHit(b.start, b.end, written + text[b.start + 1:b.end], b.kind)
    return out


# a short form the report defines right after a body's first mention, in brackets, perhaps
# with 以下简称 and quotes: 香港房屋委员会（房委会）, …有限责任公司（以下简称“辽水集团”）
_DEFINED_SHORT = regex.compile(r"[（(](?:以下简称|以下称|下称|简称)?[“\"「]?(\p{Han}{2,8})[”\"」]?[）)]")


def _defines(short: str, full: str) -> bool:
    """`short` is a short form of `full`: shorter, and its characters are some of the full
    name's, in order (入境处 of 入境事务处; not 浣江传媒集团 beside 市融媒体中心: another name)."""
    if len(short) >= len(full):
        return False
    # it opens as the full name does, or as it does after its place (香港|房屋委员会: 房委会);
    # 泰国增设东南亚国家联盟 is a clause, whose 东盟 is no short form of it
    opens = {full[0]} | {full[k] for k in range(2, 6) if k < len(full) and (full[k - 1] in "省市县区州旗" or full[:k] in _divisions())}
    if full.startswith(("香港", "澳门", "台湾")) and len(full) > 2:
        opens.add(full[2])
    return short[0] in opens and _in_order(short, full)


def _defined_short_forms(text: str, hits: list[OrgHit]) -> list[OrgHit]:
    """The short form a report defines for a body names that body wherever it stands,
    its definition included (在房委会公开例会上: 香港房屋委员会); not inside a longer word
    of jieba's cut, nor before a role (房委会主席)."""
    if "(" not in text and "（" not in text:
        return hits
    found = []
    taken = bytearray(len(text))
    for h in hits:
        taken[h.start:h.end] = b"\x01" * (h.end - h.start)
    renamed: dict[int, OrgHit] = {}
    for h in hits:
        m = _DEFINED_SHORT.match(text, h.end)
        if m is None or not _defines(m.group(1), text[h.start:h.end]):
            continue
        short = m.group(1)
        at = text.find(short)  # (县医院 written before 县人民医院（县医院）is that hospital too)
        while at >= 0:
            end = at + len(short)
            if not any(taken[at:end]) and not _role_after(text, end) \
                    and not inside_dictionary_word(text, at) and not inside_dictionary_word(text, end):
                found.append(OrgHit(at, end, h.name, h.kind))
                taken[at:end] = b"\x01" * len(short)
            at = text.find(short, end)
        # the grammar's own mentions of the short form (旅发局, 城建集团) are that body too
        renamed.update({o.start: OrgHit(o.start, o.end, h.name, h.kind) for o in hits
                        if o.end - o.start == len(short) and text.startswith(short, o.start) and o is not h})
    if not found and not renamed:
        return hits
    return sorted([renamed.get(h.start, h) for h in hits] + found, key=lambda h: h.start)


# the head word a text calls its one body of that kind by once it has named it in full: a
# township office's 公所, an ombudsman's 公署, a foundation's 基金会, a council's 代表会/议会
# (吉安乡公所…公所团队). A company's 公司, a hospital's 医院 alone are the writer's own
# unit speaking of itself, which the spec leaves unnamed.
BARE_HEADS = ("公所", "公署", "基金会", "代表会", "议会")
_BARE_HEAD_BEFORE = set("本我该和与及在由向对经是为将把被年月日，。；：（(“「【 \n\u3000")
_BARE_HEAD_VERBS = ("促进", "感谢", "通过", "透过", "联同", "支持", "协助", "配合", "率领", "率")  # (促进|基金会与市民的沟通)
# …and where the text names no such body in full, a Taiwan township's 公所 and 代表会 are those
# of the one township (乡, 镇) it names: 吉安乡…(乡)公所 is 吉安乡公所, 代表会 吉安乡民代表会
_TOWNSHIP_BODIES = {"公所": ("公所", "government"), "代表会": ("民代表会", "state")}
_TOWNSHIP_OFFICE = regex.compile(r"(?:[县市](?=\p{Han}{2,3}[乡镇市]公所$))?(\p{Han}{2,3}[乡镇市])公所$")  # (彰化县|大村乡|公所, 新竹县|竹北市|公所)
_TOWNSHIP_BODY_VERBS = set("开要经请向由率赠给送与和及")  # (召开|代表会, 颁赠|乡公所, 率|公所)


def _one_township(text: str) -> str | None:
    """The one township (X乡, X镇) a text names after its county (花莲县|吉安乡), or None; none
    either when it names another in a list (吉安乡与寿丰乡合作: which one's 乡公所?)."""
    named = [name for (name, level) in local_places(text) if level == "township" and name[-1] in "乡镇" and len(name) <= 4]
    towns = {name for name in named if regex.search(rf"[县市]{regex.escape(name)}", text)}
    if len(towns) != 1:
        return None
    town = towns.pop()
    listed = regex.search(rf"{regex.escape(town)}[与和及、][^，。；\n]{{1,4}}[乡镇]|[乡镇][与和及、]{regex.escape(town)}", text)
    return None if listed else town


def _bare_heads(text: str, hits: list[OrgHit]) -> list[OrgHit]:
    """Bare mentions of BARE_HEADS, named as the one body of that head the text names in full."""
    found = []
    offices = {m.group(1) for h in hits if (m := _TOWNSHIP_OFFICE.search(h.name))} if "公所" in text else set()
    office_town = offices.pop() if len(offices) == 1 else None  # 秀林乡公所: the one township's own office
    for head in BARE_HEADS:
        if head not in text:
            continue
        full = {(h.name, h.kind) for h in hits if h.name.endswith(head) and len(h.name) > len(head) + 1}
        town = (_one_township(text) or office_town) if not full and head in _TOWNSHIP_BODIES else None
        if head == "公所" and office_town and len(full) == 1 and next(iter(full))[0].endswith(office_town + "公所"):
            town = office_town  # (its office named in full: 大村公所 is it too)
        if town is not None and not full:
            full = {(town + _TOWNSHIP_BODIES[head][0], _TOWNSHIP_BODIES[head][1])}
        if len(full) != 1:
            continue  # none, or two foundations: which one a bare 基金会 is, the text does not say
        name, kind = full.pop()
        at = text.find(head)
        while at >= 0:
            e = at + len(head)
            council = named = False
            if town is not None and at > 0:
                level = town[-1] + _TOWNSHIP_BODIES[head][0][:-len(head)]  # 乡 before 公所, 乡民 before 代表会
                if text.endswith(level, 0, at) and not text.endswith(town, 0, at):
                    at -= len(level)  # 乡公所, 镇民代表会: the township's level word, then its office
                    council = head == "代表会"
                elif head == "公所" and text.endswith(town[:-1], 0, at) and len(town) >= 3:
                    at -= len(town) - 1  # 大村公所: the township's own name without its 乡
                    named = True
            # (a township's bodies in a text of Taiwan's, which has a 公所: after a verb too,
            # 召开代表会, 颁赠乡公所; not inside another council's name, 学生代表会, 家长代表会;
            # 乡民代表会 in a list (、镇民代表会定期会), before its chair (乡民代表会主席): only a
            # township's council is so written)
            if (at == 0 or text[at - 1] in _BARE_HEAD_BEFORE or text.endswith(_BARE_HEAD_VERBS, 0, at)
                    or (town is not None and "公所" in text and text[at - 1] in _TOWNSHIP_BODY_VERBS)
                    or (council and text[at - 1] in "、") or named) \
                    and not text.startswith(("议", "等"), e) \
                    and (council or not _role_after(text, e)) and not any(h.start < e and at < h.end for h in hits):
                found.append(OrgHit(at, e, name, kind))
            at = text.find(head, e)
    return sorted(hits + found, key=lambda h: h.start) if found else hits


def _hometown_chambers(text: str, hits: list[OrgHit]) -> list[OrgHit]:
    """A chamber of commerce of people from one place, in another (中山市|梅州商会, 北京|河南企业商会):
    the city it sits in opens its name."""
    out, fuller = [], {}
    for h in hits:
        if h.name.endswith("商会") and h.name == text[h.start:h.end].translate(_NO_QUOTES):
            k = next((k for k in range(max(0, h.start - 7), h.start - 1) if text[k:h.start] in _divisions()
                      and _divisions()[text[k:h.start]].level in ("prefecture", "province")), None)
            if k is not None and _place_word(h.name[:2]) is not None:
                fuller.setdefault(h.name, set()).add(text[k:h.start] + h.name)
                h = OrgHit(k, h.end, text[k:h.start] + h.name, h.kind)
        out.append(h)
    # (its later bare mentions, 梅州商会, are the one chamber the text placed)
    return [OrgHit(h.start, h.end, next(iter(fuller[h.name])), h.kind) if len(fuller.get(h.name, ())) == 1 else h
            for h in out]


# A named street that opens a clause and acts (城西街道坚持…, 下应街道坚定不移…, 在区委的领导下，
# 雷城街道以…) is its office, as the field's readers mark it (11 of 13 such streets in eight sets of
# gold); so is the street a page gives as its source (信息来源：白杨街道). A street that has
# people, households or compounds (凤凰街道2户, 东门街道共有八个社区) is the place.
_STREET_SOURCE = regex.compile(r"(?:信息来源|稿件来源|来源单位|发布单位|发布机构)[：:]\s*$")


def _streets_acting(text: str, hits: list[OrgHit], region: str | None, places) -> list[OrgHit]:
    """Named streets that act at the head of a clause, or sign a page, as their offices."""
    extra = []
    at = text.find("街道")
    while at >= 0:
        e = at + 2
        j = local_name_before(text, at, "街道")
        # (a street the township list holds or the report names twice: not 主要街道, 商业街道, 堡垒强心|街道)
        if j is not None and 2 <= at - j <= 4 and (text[j:e] in township_names() or text[j:e] in known_places(text)) \
                and not any(h.start < e and j < h.end for h in hits):
            opens = j == 0 or text[j - 1] in "，。,、；;：:\n \t\u3000" or text.endswith(("年", "领导下", "以来"), 0, j)
            if (opens and PLACE_ACTS.match(text, e)) or _STREET_SOURCE.search(text, max(0, j - 10), j):
                office = {h.name for h in hits if h.name.endswith(text[j:e] + "办事处")}
                # (its office named in full elsewhere, 西安市雁塔区大雁塔街道办事处: that name)
                name = office.pop() if len(office) == 1 else name_of(text[j:e], region, places)
                extra.append(OrgHit(j, e, name, "government"))
        at = text.find("街道", e)
    return sorted(hits + extra, key=lambda h: h.start) if extra else hits


PARTY_ORGANS = ("机关党委", "党总支", "党支部", "党组", "党委")
# the last characters of words and particles a place's name never begins with (年来, 他说, 在, 向)
_FUNCTION_CHARS = frozenset("来说在将向对给让把被从于到是与和及")


def _place_word(prefix: str) -> str | None:
    """The division a name's front names (沅江, 甘肃省, 松溪县), as its short form."""
    d = _divisions().get(prefix)
    return d.short if d is not None else None


def _fullest_forms(text: str, hits: list[OrgHit], region: str | None, places, before_roles=()) -> list[OrgHit]:
    """Forms of one body in one report share its fullest name: when the report writes out
    the place of a body (沅江团市委, 甘肃省公航旅集团), its bare mentions (团市委, 公航旅集团)
    and its short-place ones (甘肃公航旅集团) are that body. Only a place the text writes
    counts (a name that got its place from the report's region proves nothing), and only the
    report's own place when it has one: in a city's report a district's 财政局 is not the
    city's bare 财政局. A body written out before a role (蕉城区卫生健康局党组书记) names its
    bare forms too."""
    own = {region} | {_place_word(p) or p for p in places if p}
    written: dict[str, tuple[str, str]] = {}  # full name -> (its place, the rest)
    levelled: dict[str, set[str]] = {}  # 区卫生健康局 -> {蕉城区卫生健康局}
    names = [h.name for h in hits if h.name == text[h.start:h.end]]
    for n in before_roles:  # (蕉城区卫生健康局党组|书记: the bureau is written out too)
        names += [n, n[:-len(organ)]] if (organ := next((w for w in PARTY_ORGANS if n.endswith(w)), "")) else [n]
    for name in names:
        for k in range(min(8, len(name) - 2), 1, -1):
            div = _divisions().get(name[:k])  # (甘肃 and 甘肃省 are one place, 长沙县 and 长沙市 two)
            if div is not None and _HAN.match(name, k) and name[k - 1] != name[k]:  # (当阳市市委: a slip, no fuller name)
                if region is None or div.short in own:
                    written[name] = (div.full, name[k:])
                if name[k - 1] in "县区旗" and not name[:k].endswith("自治区"):
                    # a bare 区卫生健康局 is a district's, never the city's (its own is 市…):
                    # the one district written with it owns it, whatever the report's place
                    levelled.setdefault(name[k - 1:], set()).add(name)
                break
    if not written and not levelled:
        return hits
    by_rest: dict[str, dict[str, str]] = {}  # the rest -> its place -> the longest name
    for name, (place, rest) in written.items():
        known = by_rest.setdefault(rest, {}).get(place, "")
        if len(name) > len(known):
            by_rest[rest][place] = name
    for bare, names in levelled.items():
        if len(names) == 1 and bare not in by_rest:
            by_rest[bare] = {"": next(iter(names))}
    out = []
    for h in hits:
        if text.endswith(("市、", "县、", "区、", "省、"), 0, h.start):
            out.append(h)  # 市、区财政局: every district's, no one body
            continue
        rest = written[h.name][1] if h.name in written else h.name
        fulls = by_rest.get(rest, {})
        full = next(iter(fulls.values())) if len(fulls) == 1 else None
        out.append(OrgHit(h.start, h.end, full, h.kind) if full and full != h.name else h)
    return out


# heads a firm's or an institution's short form keeps whole (城发集团 for 城市发展集团有限公司)
ABBREVIATED_HEADS = ("集团", "公司", "银行", "医院", "大学", "学院", "协会", "商会", "研究院")
LEGAL_FORMS = ("有限责任公司", "股份有限公司", "有限公司")


def _abbreviated(short: str, full: str) -> bool:
    """`short` is an abbreviation of `full`: both end in the same head (the full name
    perhaps with its legal form after it), and the short one's other characters are some
    of the full one's, in order, from its first (辽水集团: 辽宁省水资源管理集团有限责任公司)."""
    head = next((w for w in ABBREVIATED_HEADS if short.endswith(w)), None)
    if head is not None and short[0] != full[0]:
        # 长沙市|望城区城发集团: a place in front that the full name leaves out
        short = next((short[k:] for k in range(2, 5) if _divisions().get(short[:k]) and short[k] == full[0]), short)
    if head is None or len(full) <= len(short) or short[0] != full[0]:
        return False
    core = full
    for form in LEGAL_FORMS:
        if core.endswith(form) and core != form:
            core = core[:-len(form)] + ("公司" if head == "公司" else "")
            break
    if not core.endswith(head):
        return False
    a, b = short[:-len(head)], core[:-len(head)]
    if len(a) < 2 or b.startswith(a):
        return False  # (东风公司 beside 东风龙擎公司: the parent and its firm, two bodies)
    return _in_order(a, b)


def _in_order(short: str, full: str) -> bool:
    """Every character of `short` stands in `full`, in the same order (辽水 in 辽宁省水资源…)."""
    at = 0
    for ch in short:
        at = full.find(ch, at) + 1
        if not at:
            return False
    return True


def _abbreviations(text: str, hits: list[OrgHit]) -> list[OrgHit]:
    """A firm or an institution named short (望城区城发集团, 辽水集团) is the one the report
    writes out in full (望城区城市发展集团有限公司): it takes the full name."""
    fulls = {h.name for h in hits if h.name == text[h.start:h.end] and h.name.endswith(ABBREVIATED_HEADS + LEGAL_FORMS)}
    if not fulls:
        return hits
    out = []
    for h in hits:
        if h.name.endswith(ABBREVIATED_HEADS):
            found = [f for f in fulls if _abbreviated(h.name, f)]
            if len(found) == 1:
                h = OrgHit(h.start, h.end, found[0], h.kind)
        out.append(h)
    return out


def _school_mid_word(text: str, s: int, e: int, numbered: set) -> bool:
    """A school's name that starts inside a dictionary word of jieba's cut (就|读学校,
    从|事学校, 集|中学) is the tail of that word before a generic 学校, no name."""
    return s > 0 and _HAN.match(text, s - 1) is not None and (s, e) not in numbered \
        and kind_of(_unquote(text[s:e])) == "school" and inside_dictionary_word(text, s)


# prepositions and verbs of going after which a unit's name stands whole (毕业于|向阳小学, 赴|通用技术集团)
NAME_AFTER_CHARS = "于从向在到与和及同赴至"
# units a clause's verb may run into when the walk to a name's start takes it along
# (确保|学校, 熟悉|公司, 希望|学会, 转制办成|公办学校)
VERB_LED_UNITS = ("学校", "学会", "学院", "集团", "协会", "卫生院", "公司", "医院", "中学", "小学", "大学", "商会",
                  "中心", "合作社", "银行", "公所", "幼儿园", "图书馆", "档案馆", "博物馆", "文化馆", "福利院", "敬老院",
                  "文化站", "油田", "采油厂", "卷烟厂")
_NOT_NAME_TAGS = frozenset(("v", "d", "p", "c", "r", "ad"))  # verbs, adverbs, prepositions, conjunctions, pronouns
# time words that open a clause (_TIME_WORDS), and verbs of building jieba tags as nouns
# (建设图书馆: the work, no library named)
_CLAUSE_OPENERS = _TIME_WORDS | frozenset(("建设", "新建", "修建", "改建", "扩建", "装修", "建成", "筹建"))


# a body setting up another inside a walk to a name's start: two bodies, no one name
# (县安委会|下设|道路交通专业委员会)
_SET_UP_INSIDE = regex.compile(r"下设|设立|组建|设置")


# where a body named by its level starts once the clause's verbs before it are left out
_LEVEL_START = regex.compile(r"[省市县区州镇乡]|社区|园区|街道")
_CLAUSE_TAGS = frozenset(("v", "d", "ad", "p", "c", "l"))  # verbs, adverbs, prepositions, conjunctions, set phrases


def _after_clause_verbs(text: str, s: int, e: int) -> tuple[int, int]:
    """A body named by its level with the clause's verbs walked into before it starts after
    them (紧紧围绕|镇党委, 采取|镇党委, 上报|园区管委会, 充分说明|市人民医院); a township or
    street whose name is such a word keeps it (振兴镇党委, 振兴街道: the list holds them), and
    so does a community (振兴社区党委)."""
    if e - s < 5 or text[s] in "省市县区州镇乡村" or _LEVEL_START.search(text, s + 2, e - 2) is None:
        return s, e
    at = s
    for word, tag in word_tags(text[s:e]):
        if _LEVEL_START.match(text, at):
            break
        if tag not in _CLAUSE_TAGS and word not in HEADLESS_VERBS and not text.endswith(HEADLESS_VERBS, s, at + len(word)):
            return s, e  # (用|好: jieba cuts 用好 in two)
        at += len(word)
    if at == s or e - at < 3 or not _LEVEL_START.match(text, at) or text.startswith("社区", at):
        return s, e  # (振兴社区, 解放社区, 创新社区: communities are named by such words; no list holds them)
    level = text[at:at + 2] if text.startswith("街道", at) else text[at]
    if any(text[k:at] + level in township_names() or text[k:at] + level in _divisions() for k in range(s, at - 1)):
        return s, e  # (振兴|街道办事处, 即墨|区支行: a place's name, no verb)
    return at, e


# a joint committee is named by the units it joins (非公企业综合党委, 商圈联合党委): the verbs
# of the clause before them are no part of its name (调整优化|非公企业综合党委)
JOINT_COMMITTEES = ("综合党委", "联合党委")
# (a list, not jieba's tags: 快递, 服务 are tagged verbs and open real names, 快递行业联合党委)
JOINT_LEAD_VERBS = ("调整", "优化", "成立", "组建", "建立", "健全", "完善", "整合", "推动", "依托", "通过", "发挥",
                    "指导", "加强", "强化", "做实", "做强", "用好", "抓好", "新建", "筹建", "设立")


def _past_leading_verbs(text: str, s: int, e: int) -> int:
    """Where the joint committee's name starts after the clause's last verb before it."""
    start = s
    for k in range(s, e - 6):
        if text.startswith(JOINT_LEAD_VERBS, k):
            start = k + 2
    return start


def _word_then_level(text: str, s: int) -> bool:
    """A two-character word ends right before the level word at `s`, and its last character
    makes no word with the level word (围绕|镇党委; 乡镇, 城镇, 农村 are words)."""
    level = text[s:s + 2] if text.startswith(("街道", "社区"), s) else text[s]
    return s >= 2 and dictionary_word(text[s - 2:s]) and not dictionary_word(text[s - 1] + level) \
        and not inside_dictionary_word(text, s) and text[s - 2:s] + level not in township_names()
    # (和谐|街道, 繁荣|镇: a word that names a township is its name, no clause's word)


def _verb_led(text: str, s: int, e: int) -> bool:
    """A unit's name that opens with a verb, an adverb, a preposition or a pronoun of jieba's
    dictionary is the clause around a generic unit (为确保学校始终…), no name; a name in a
    list, opening a line, after 与/和 or opening with a place (、启智实验学校) keeps its word,
    whatever its tag."""
    mention = text[s:e]
    if not mention.endswith(VERB_LED_UNITS) or mention[0] in "省市县区州镇乡村" or s == 0 or text[s - 1] in "、\n" + NAME_AFTER_CHARS \
            or any(mention[:k] in _divisions() for k in (2, 3, 4)):
        return False  # (与万汇教育集团合作: a partner named after 与; 望城区…集团: a place opens it)
    first = first_word_tag(mention)
    return first is not None and len(first[0]) < len(mention) \
        and (first[1] in _NOT_NAME_TAGS or first[0] in HEADLESS_VERBS or first[0] in _CLAUSE_OPENERS)  # (落实, tagged an adjective)


def _places_before(text: str, start: int, place: str) -> int:
    """Where a run of larger divisions written before `place` starts (甘肃|庆阳|华池一中: the
    province, then the prefecture, then the county): each one a level up from the last."""
    rank = _RANK[_divisions()[place].level] if place in _divisions() else None
    while rank is not None and start >= 2:
        for k in (4, 3, 2):
            d = _divisions().get(text[max(0, start - k):start]) if start >= k else None
            if d is not None and _RANK[d.level] < rank:
                start, rank = start - k, _RANK[d.level]
                break
        else:
            break
    return start


def _numbered_schools(text: str) -> list[tuple[int, int]]:
    """Spans of schools named by place and number (武宁一小): the place must be a division,
    a place the text names at least twice, or a level word (县一中), so that 其中, 集中 and
    the 三中 of 十九届三中全会 are no schools."""
    if not any(c in text for c in "小中初高幼"):
        return []
    found = []
    places = None
    for m in _NUMBERED_SCHOOL.finditer(text):
        head_start = _HAN_BEFORE.match(text, 0, m.start()).start()  # up to four Han characters before
        head = text[head_start:m.start()]
        if head.endswith(tuple("一二三四五六七八九十")):
            continue  # (the number's own first numeral: 十一中 is read from 十)
        for k in range(len(head)):  # the longest place that ends right before the number
            cand = head[k:]
            if cand in _divisions() or cand in LEVELS or ("county", cand) in by_short() \
                    or ("prefecture", cand) in by_short():
                break
            if places is None:
                places = known_places(text)
            if len(cand) >= 2 and cand in places:
                break
        else:
            continue
        start = head_start + k
        start = _places_before(text, start, text[start:m.start()])
        # 武宁一小学校 and 一小学。 name the school; 武宁一小学党史 is the school that studies (学)
        e3 = m.end(2)
        end = e3 + (1 if text.startswith("学", e3) and (text.startswith("学校", e3) or not _HAN.match(text, e3 + 1)) else 0)
        found.append((start, end))
    return found


def _retold(text: str, h: OrgHit, companies: set, own: set, own_name: str) -> OrgHit:
    """A hit's name or kind that its context settles: a firm of a list (company), the title's
    department written bare (the title's name), 中共…委员会 (the party's committee)."""
    if (h.start, h.end) in companies:
        return OrgHit(h.start, h.end, h.name, "company")
    if (h.start, h.end) in own:
        return OrgHit(h.start, h.end, own_name, h.kind)
    if h.name.endswith("委员会") and text.endswith("中共", 0, h.start):
        return OrgHit(h.start, h.end, h.name, "party")
    return h


# --- a company's subsidiary named by its kind: 电建建筑公司成立投资公司 ----------------------

_FOUNDS = regex.compile(r"成立|组建|设立|注册成立|出资成立|控股成立")
MAX_SUBSIDIARY = 6  # a subsidiary named by its kind alone is short: 投资公司, 项目公司


def _subsidiaries(text: str, hits: list[OrgHit]) -> list[OrgHit]:
    """A company that founds a company named only by its kind (电建建筑公司成立投资公司)
    names it: every mention of the same words, and the bodies named with them (投资公司党委),
    take the parent's name in front (电建建筑公司投资公司). (Within one chunk of a long text.)"""
    parents: dict[str, str] = {}  # the kind's words -> the parent's name
    for a, b in zip(hits, hits[1:]):
        if a.kind == "company" and b.kind == "company" and b.name == text[b.start:b.end] \
                and b.end - b.start <= MAX_SUBSIDIARY and _FOUNDS.fullmatch(text, a.end, b.start):
            parents.setdefault(b.name, a.name)
    if not parents:
        return hits
    out = []
    for h in hits:
        written = text[h.start:h.end]
        kind_words = next((k for k in parents if written.startswith(k) and h.name == written), None)
        if kind_words is not None:
            h = OrgHit(h.start, h.end, parents[kind_words] + h.name, h.kind)
        out.append(h)
    return out


# --- 本院 and 贵院: the house that writes, and the one it reports to --------------------

_HOUSE_WORDS = regex.compile(r"本院|贵院")
TAIWAN_HOUSES = ("行政院", "立法院", "监察院", "司法院", "考试院")


def _this_house(text: str, hits: list[OrgHit], head: list[OrgHit]) -> list[OrgHit]:
    """本院 is the 院 the title or byline names (a court's report: 本院审结案件…; Taiwan's
    行政院 reporting: 本院), and 贵院, in a report of 行政院, the legislature it reports to."""
    if "本院" not in text and "贵院" not in text:
        return hits
    house = next((h for h in head if h.name.endswith("院") and h.end > h.start), None)
    if house is None:
        return hits
    extra = []
    for m in _HOUSE_WORDS.finditer(text):
        if m[0] == "本院" and not text.startswith(tuple(_committees()[0]), m.end()):  # (本院财政委员会: the committee's)
            extra.append(OrgHit(m.start(), m.end(), house.name, house.kind))
        elif m[0] == "贵院" and house.name == "行政院":
            extra.append(OrgHit(m.start(), m.end(), "立法院", "state"))
    return sorted(hits + extra, key=lambda h: h.start) if extra else hits


# --- committees of a legislature: 立法院财政委员会, and 财政委员会 in a report about it ------

LEGISLATURE_REGIONS = ("台湾", "香港", "澳门")


@lru_cache(maxsize=1)
def _committees() -> tuple[dict[str, str], regex.Pattern]:
    """committee -> its legislature (lexicons/legislature_committees.tsv), and one pattern
    for them all (longest first), with what may stand before: the legislature or 本院/本会."""
    table = {name: house for name, house in read_tsv("legislature_committees.tsv")}
    names = "|".join(sorted(table, key=len, reverse=True))
    return table, regex.compile(rf"(?P<house>(?:香港|澳门)?立法会|立法院|本院|本会)?(?P<c>{names})")


# a committee's short form after its full name: 事务委员会 is the panel just named
_SHORT_COMMITTEE = regex.compile(r"事务委员会")


def _with_committees(text: str, hits: list[OrgHit], region: str | None) -> list[OrgHit]:
    """A legislature's committees, named with their house (立法院教育及文化委员会; 财政委员会 and
    本院财政委员会 in a Taiwan report are 立法院财政委员会; a Hong Kong panel is 香港立法会's),
    replacing what they overlap. A committee of a generic name (经济委员会) counts outside a
    Taiwan, Hong Kong or Macau report only after its house, 本院/本会 or a non-Han character
    (市经济委员会 is a city's body); a committee's name before a role (…委员会主席) is the role's."""
    if region not in LEGISLATURE_REGIONS and not regex.search("立法院|立法会|本院|本会", text):
        return hits
    table, pattern = _committees()
    found: list[OrgHit] = []
    last_panel = None  # the 事务委员会 named last, for its short form
    taken_end = -1  # the end of the last committee's name read (kept or not): no short form inside it
    shorts = iter(_SHORT_COMMITTEE.finditer(text))
    short = next(shorts, None)

    def add_shorts_before(pos: int) -> None:
        nonlocal short
        while short is not None and short.start() < pos:
            if last_panel is not None and short.start() >= taken_end and not _role_after(text, short.end()):
                found.append(OrgHit(short.start(), short.end(), last_panel, "government"))
            short = next(shorts, None)

    for m in pattern.finditer(text):
        add_shorts_before(m.start())
        taken_end = m.end()
        distinct = m["c"].endswith(("事务委员会", "常设委员会", "跟进委员会"))
        if not m["house"] and not distinct and region not in LEGISLATURE_REGIONS and m.start() > 0 \
                and _HAN.match(text, m.start() - 1):
            continue
        house = table[m["c"]]
        name = house + m["c"]
        if m["c"].endswith("事务委员会"):
            last_panel = name
        if _role_after(text, m.end()):
            continue  # 民政事务委员会主席: a role
        found.append(OrgHit(m.start(), m.end(), name, "government"))
    add_shorts_before(len(text) + 1)
    if not found:
        return hits
    taken = bytearray(len(text))  # the committees' characters: a hit on any of them gives way
    for f in found:
        taken[f.start:f.end] = b"\x01" * (f.end - f.start)
    kept = [h for h in hits if not any(taken[h.start:h.end])]
    return sorted(kept + found, key=lambda h: h.start)


BRANCH_SUFFIXES = ("分社", "分行", "分公司", "分院", "支行", "分局", "分会")


def _branches_joined(text: str, hits: list[OrgHit]) -> list[OrgHit]:
    """A body and its branch named right after it are one mention: 新华社|上海分社 is
    新华社上海分社 (the branch's own walk stops at the body, a name of the lexicon)."""
    out: list[OrgHit] = []
    for h in hits:
        if out and out[-1].end == h.start and text.endswith(BRANCH_SUFFIXES, h.start, h.end):
            prev = out.pop()
            h = OrgHit(prev.start, h.end, prev.name + text[h.start:h.end], prev.kind)
        out.append(h)
    return out


# --- the report's own body: 党委, 政府 alone in a report its title says is the town's -------

# bare words that stand for the report's own body -> the endings of that body's name they match
HOME_WORDS = {"党委": ("党委",), "党工委": ("党工委",), "政府": ("人民政府", "政府"),
              "人民政府": ("人民政府", "政府"), "党总支": ("党总支", "总支部", "党总支部"),
              "总支部": ("党总支", "总支部", "党总支部"), "党支部": ("党支部",), "党组": ("党组",),
              "机关党委": ("机关党委",), "机关纪委": ("机关纪委",)}
# parts a unit has for itself: a bureau's report says 局党组 or 机关党委 for its own
HOME_PARTS = ("党组", "机关党委", "机关纪委")
# after a bare word, these make it a modifier, not the body acting: 政府工作报告, 党委会议室
HOME_NOT_AFTER = ("工作报告", "报告", "部门", "采购", "购买", "投资", "债务", "性", "网站", "机构", "职能",
                  "补贴", "信息", "主导", "引导", "资金", "专项", "规章", "文件", "公报", "办公", "会议室",
                  "班子", "领导", "书记", "委员", "成员", "换届", "工作", "会", "常务会")
# before a bare word: a boundary or a function word, not the end of another word (乡镇党委)
HOME_OK_BEFORE = frozenset("在由和与及对向从把将为是的本该我其届、，,。；;：:（）()“”‘’ 　\n让使令了")
# 镇党委政府, 街道党工委办事处: a party committee and its government named as one pair
_PAIR = regex.compile(r"(党委|党工委)(人民政府|政府|办事处)$")
_LEVEL_COMMITTEES = regex.compile(r"([省市县区州]委)([市县区州]委)")
_LEVEL_PAIR = regex.compile(r"(\p{Han}{0,8}?[省市县区州旗]委)(人民政府|政府)")


# what a department the title opens with ends in (not 党委 or 政府: those are HOME_WORDS')
OWN_DEPT_ENDINGS = ("局", "厅", "办", "办公室", "中心", "署", "委员会", "委")
# what follows a department's name in the title of its own report
_OWN_TITLE_AFTER = regex.compile(r"[ \u3000]?(?:(?:19|20)\d{2}|二[〇○零]|上半年|下半年|年度|工作|关于|述职)")


def _title_department(text: str, candidates) -> tuple[str, tuple[int, int]] | None:
    """(core, span) of the department whose report this is, when the title opens with its
    name (`民政局2020年上半年工作总结`, `县卫生健康局2023年…`): the core is the name
    without its level word (卫生健康局), which the report then writes bare for itself."""
    lines = head_lines(text)
    if not lines:
        return None
    at = lines[0][0] + len(lines[0][1]) - len(lines[0][1].lstrip())
    best = max(((s, e) for s, e, _ in candidates if s == at), key=lambda se: se[1], default=None)
    if best is None or not _OWN_TITLE_AFTER.match(text, best[1]):
        return None
    mention = text[best[0]:best[1]]
    if kind_of(mention) not in ("government", "party"):
        return None
    core = mention
    for word in sorted(LEVELS, key=len, reverse=True):
        if core.startswith(word) and len(core) - len(word) >= 3:
            core = core[len(word):]
            break
    if len(core) < 3 or not core.endswith(OWN_DEPT_ENDINGS) or core.endswith(("党委", "党工委")):
        return None
    return core, best



def _own_mentions(text: str, own: tuple[str, tuple[int, int]]) -> list[tuple[int, int]]:
    """The bare mentions of the title's department (its core standing alone: not after a
    level word, a place or another word; not a role's head: 民政局局长)."""
    core, (ts, te) = own
    out = []
    at = text.find(core)
    while at >= 0:
        e = at + len(core)
        if (at, e) != (ts, te) and not (at < te and e > ts) and not _role_after(text, e) \
                and (at == 0 or not _HAN.match(text, at - 1) or text[at - 1] in _LOCAL_OK_BEFORE) \
                and not text.endswith(("我", "本"), 0, at):
            out.append((at, e))
        at = text.find(core, e)
    if (ts, te) == (ts, ts + len(core)) and text[ts:te] == core:
        out.append((ts, te))  # the title's own mention, bare (民政局2020年…)
    return sorted(out)


def _head_end(text: str) -> int:
    """Where the title and byline end (0 when the first line is a paragraph)."""
    lines = head_lines(text)
    return lines[-1][0] + len(lines[-1][1]) if lines else 0


def _split_pair(text: str, h: OrgHit, region, places) -> list[OrgHit]:
    """镇党委政府 -> 镇党委 + 政府 (named 镇政府): two bodies, each with the level word."""
    mention = text[h.start:h.end]
    for centre in ("党中央", "中共中央"):
        if mention.startswith(centre) and mention[len(centre):] in ("国务院", "中央军委"):
            cut = h.start + len(centre)  # 党中央国务院: the party's centre and the State Council
            return [OrgHit(h.start, cut, centre, "party"), OrgHit(cut, h.end, mention[len(centre):], kind_of(mention[len(centre):]))]
    levels = _LEVEL_COMMITTEES.fullmatch(mention)
    if levels is not None:  # 省委市委: two levels' committees side by side, two bodies
        cut = h.start + levels.end(1)
        return [OrgHit(h.start, cut, name_of(text[h.start:cut], region, places), "party"),
                OrgHit(cut, h.end, name_of(text[cut:h.end], region, places), "party")]
    level_pair = _LEVEL_PAIR.fullmatch(mention)
    if level_pair is not None:  # 县委政府, 兴文县委政府: the committee and the government of one level
        cut = h.start + level_pair.end(1)
        level = mention[:level_pair.end(1) - 1]
        return [OrgHit(h.start, cut, name_of(_unquote(text[h.start:cut]), region, places), "party"),
                OrgHit(cut, h.end, name_of(_unquote(level + text[cut:h.end]), region, places), "government")]
    m = _PAIR.search(text, h.start, h.end)
    if m is None or m.end() != h.end or m.start() == h.start:
        return [h]
    level = text[h.start:m.start()]
    cut = m.start(2)
    return [OrgHit(h.start, cut, name_of(_unquote(text[h.start:cut]), region, places), "party"),
            OrgHit(cut, h.end, name_of(_unquote(level + text[cut:h.end]), region, places), "government")]


def _home_mentions(text: str, bare: list[tuple[int, int]], head: list[OrgHit], covered) -> list[OrgHit]:
    """A bare 党委, 政府, 党总支 (or 局党组, 处党组) in a report whose title or byline names
    its own body is that body: 镇党委政府 in the title, 党委政府高度重视 later."""
    if not head:
        return []
    out: list[OrgHit] = []
    for s, e in bare:
        word = text[s:e]
        if any(covered[s:e]) or text.startswith(HOME_NOT_AFTER, e) or (out and out[-1].end > s) \
                or (e < len(text) and text[e] in "织员伍"):
            continue  # 政府工作报告, 党组织, 党员: no mention of the body
        paired = bool(out) and out[-1].end == s  # 党委政府: the second of the pair
        for h in head:
            if word in HOME_PARTS and h.kind != "party" and not h.name.endswith(HOME_PARTS):
                unit_end = h.name[-1]
                if s > 0 and text[s - 1] == unit_end:
                    out.append(OrgHit(s - 1, e, h.name + word, "party"))  # 处党组: the unit's own
                    break
                if s == 0 or text[s - 1] in HOME_OK_BEFORE or paired:
                    out.append(OrgHit(s, e, h.name + word, "party"))
                    break
            elif h.name.endswith(HOME_WORDS[word]) and (s == 0 or text[s - 1] in HOME_OK_BEFORE or paired):
                if word == "政府" and h.name.endswith(("特区政府", "特别行政区政府")):
                    break  # a SAR's press and budgets say 政府 of the government at large, no named mention
                out.append(OrgHit(s, e, h.name, h.kind))
                break
    return out


def _one_name_per_government(hits: list[OrgHit]) -> list[OrgHit]:
    """镇政府 and 魏庄镇人民政府 in one report are one body: the full name for both."""
    names = {h.name for h in hits}
    out = []
    for h in hits:
        if h.name.endswith("政府") and not h.name.endswith("人民政府"):
            full = h.name[:-2] + "人民政府"
            level = h.name[:-2]
            if full not in names and level in ("镇", "乡", "街道"):  # 镇政府 and the one 青山镇人民政府
                named = [n for n in names if n.endswith(level + "人民政府") and len(n) > len(full)]
                full = named[0] if len(named) == 1 else full
            if full in names:
                h = OrgHit(h.start, h.end, full, h.kind)
        out.append(h)
    return out


# items of a list after one named department share its head: 市发改委、财政局、人社局 are
# three bodies of the city (市财政局, 市人社局), 市委组织部、宣传部 two parts of 市委
_LIST_SEP = ("、", "和", "及", "与", "以及")
MAX_LIST = 12  # items followed, at most: a list is short, and this keeps the walk linear
# the bodies of a level listed bare after its party committee (县委、政府, 街道党工委、办事处)
GOVERNMENT_AFTER_COMMITTEE = ("人民政府", "政府", "人大常委会", "人大", "政协", "办事处")
LIST_DEPT_WORDS = ("局", "厅", "委", "办")  # dept words a bare item may end with (not 中心: a venue)
# a level's co-operative union and people's organizations, listed among its bureaus
# (县财政局、工商联、妇联: the county's federations)
LIST_CO_OPS = ("供销合作社", "供销社", "工商联", "总工会", "妇联", "科协", "文联", "残联")


@lru_cache(maxsize=4096)  # a function of the mention and the lexicons alone
def _head_of(mention: str) -> tuple[str, str] | None:
    """(head, kind of item it heads) of a department named by a head: 市发改委 -> (市, body),
    桂林市财政局 -> (桂林市, body), 市委组织部 -> (市委, part), 县委 -> (县, government: the
    county's 政府 or 人大 listed after it); None for a body named alone."""
    lex = _lexicon()
    if mention.startswith(COLLECTIVE_NOT) and lex.get(mention, ("", ""))[1] in ("body", "self"):
        return None  # 市场监管局: a body of the lexicon whole, no 市 heading 场监管局
    for committee in ("党工委", "党委", "委"):
        head = mention[:-len(committee)]
        if mention.endswith(committee) and head and (head in LEVELS or (head in _divisions() and head[-1] in "省市县区州旗")
                                                     or head.endswith(("镇", "乡", "街道"))):
            return head, "government"  # 自治区党委、政府 -> 自治区政府; 县委、政府 -> 县政府
    for k in range(len(mention) - 2, 0, -1):
        head, rest = mention[:k], mention[k:]
        if lex.get(rest, ("", ""))[1] == "part" and any(lex.get(head[i:], ("", ""))[1] == "body"
                                                        for i in range(max(0, len(head) - 4), len(head) - 1)):
            return head, "part"  # 市委|组织部, 长治市委|组织部
        if (head in LEVELS and LEVELS[head] in ("province", "prefecture", "county", "township")) \
                or (head in _divisions() and head[-1] in "省市县区州旗"):
            return (head, "body") if kind_of(rest) in ("government", "state") or rest in ("委办", "委办公室") else None
    return None


def _bare_item(text: str, p: int, want: str) -> int | None:
    """The end of a bare department or part standing at `p` (财政局, 水利和湖泊局, 宣传部), or None."""
    term_re, comps, longest, _, _ = _tables()
    lex = _lexicon()
    if want == "government":
        word = next((w for w in GOVERNMENT_AFTER_COMMITTEE if text.startswith(w, p)), None)
        return p + len(word) if word else None
    if p >= len(text) or (text[p] in "省市县区州旗镇乡村各全" and not text.startswith("乡村", p)) \
            or text.startswith(DEPT_BAD_START, p):  # (乡村振兴局 is no township's)
        return None
    if any(text[p:p + k] in _divisions() for k in range(2, 8)):
        return None  # a region: the item names its own head
    if want == "body":
        co_op = next((w for w in LIST_CO_OPS if text.startswith(w, p)), None)
        if co_op is not None:
            return p + len(co_op)  # 市财政局、供销社: the city's supply co-operative, a body of it
    for m in term_re.finditer(text, p, min(len(text), p + DEPT_MAX + 4)):
        name = text[p:m.start()]
        if any(c in DEPT_STOP or not _HAN.match(c) for c in name):
            return None
        term = m.group(0)
        role = lex[term][1]
        if want == "part":
            return m.end() if role == "part" and not name else None
        if role == "body" and not name and kind_of(term) in ("government", "state", "judicial") \
                and not term.startswith(SELF_STANDING):  # 国务院, 全国人大 name themselves
            office = next((w for w in ("办公室", "办") if text.startswith(w, m.end())), "")
            return m.end() + len(office)  # 财政局, 交通运输厅; 政协 after 县人大; 人大办 (the congress's office)
        if role == "dept" and term in LIST_DEPT_WORDS and DEPT_MIN <= len(name) and not _dept_generic(name, term) \
                and not _NUMERAL.search(name):
            return m.end()  # 水利和湖泊局
        return None
    return None


# bare levels listed before a level's body share its word: 省、市、县委 are 省委, 市委 and 县委;
# 省、市政府 two governments
LEVEL_CHARS = "省市县区"
LEVEL_BODY_WORDS = frozenset(("委", "政府", "人民政府", "人大", "政协", "纪委"))


def _levels_before(text: str, hits: list[OrgHit], region, places) -> list[OrgHit]:
    """The bare levels (省、市、) listed right before a level's body (县委), each that level's
    body of the same word, named as the report names its own (山东省委, 淄博市委)."""
    out: list[OrgHit] = []
    for h in hits:
        mention = text[h.start:h.end]
        if len(mention) < 2 or mention[0] not in LEVEL_CHARS or mention[1:] not in LEVEL_BODY_WORDS:
            continue
        p = h.start
        while p >= 2 and text[p - 1] == "、":
            level = next((w for w in LEVEL_WORDS_LISTED if text.endswith(w, 0, p - 1)), None)
            at = p - 1 - len(level) if level else 0
            if level is None or level == mention[0] or any(text[max(0, at - k):p - 1] in _divisions() for k in range(1, 9)) \
                    or (len(level) == 1 and at > 0 and _HAN.match(text, at - 1) and not word_starts(text, at)):
                break  # (湖南省、市: a province's name; 社区、市: a word's end, no bare level)
            out.append(OrgHit(at, p - 1, name_of(level + mention[1:], region, places), h.kind))
            p = at
    return out


LEVEL_WORDS_LISTED = ("自治区", "自治州", "省", "市", "县", "区")  # 中央和自治区、市纪委: 自治区纪委



def _listed(text: str, hits: list[OrgHit], region, places) -> list[OrgHit]:
    """Bare items listed after a department named by a head, each with that head's name
    (an item found on its own, 市农业农村局、乡村振兴局, is renamed: it shares the head too)."""
    out: list[OrgHit] = []
    by_start = {h.start: h for h in hits}
    for h in hits:
        got = _head_of(text[h.start:h.end])
        if got is None:
            continue
        head, want = got
        e = h.end
        for _ in range(MAX_LIST):
            sep = next((w for w in _LIST_SEP if text.startswith(w, e)), None)
            if sep is None:
                break
            p = e + len(sep)
            end = _bare_item(text, p, want)
            found = by_start.get(p)
            if found is not None and end != found.end and (end is None or end < found.end):
                break  # an item that names its own head (县委、县政府) or is no bare department
            # (an item longer than the body found at its start is the item: 人大|办 is 人大办)
            if end is None or text.startswith(ROLE_AFTER, end) or text.startswith(SELF_STANDING, p):
                break  # (市政府及国家旅游局: the nation's body takes no head)
            out.append(OrgHit(p, end, name_of(head + text[p:end], region, places), kind_of(head + text[p:end])))
            e = end
    return out


# a centre or station that a body runs is also a place (党群服务中心, 新时代文明实践中心): where
# something happens in it, it is a venue, not a body acting
VENUE_ENDINGS = ("中心", "实践站", "实践所", "服务站")
VENUE_AFTER = ("会议室", "大厅", "广场", "门前", "一楼", "二楼", "三楼", "四楼", "楼", "内", "里", "前", "院内")
VENUE_BEFORE = ("在", "于", "到", "走进", "来到", "前往", "依托", "利用", "借助")
VENUE_VERBS = ("召开", "举行", "举办", "开展", "进行", "参加", "集中", "开设", "设立")


def _venue(text: str, s: int, e: int) -> bool:
    """在镇党群服务中心召开会议, 实践中心二楼会议室: the centre is where it happens."""
    if not text.endswith(VENUE_ENDINGS, s, e):
        return False
    if text.startswith(VENUE_AFTER, e):
        return True
    return text.endswith(VENUE_BEFORE, max(0, s - 2), s) and text.startswith(VENUE_VERBS, e)


def _inside_role(roles: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """(s, e) lies inside a mention that a role follows; `roles` sorted, `starts` their
    starts. A mention is at most MAX_NAME long, so only roles starting that far back count."""
    lo, hi = bisect_left(starts, s - MAX_NAME), bisect_right(starts, s)
    return any(e <= b and (a, b) != (s, e) for a, b in roles[lo:hi])


def _inside_clause(clauses: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """(s, e) lies inside a motto's clause without filling it."""
    k = bisect_right(starts, s) - 1
    return k >= 0 and e <= clauses[k][1] and (s, e) != clauses[k]


# the roles after which the field's readers still mark the body named (65 of 83 such mentions
# in six sets of real excerpts): a member, a deputy, a chair of a named body
ROLES_NAMING_BODY = ("代表", "委员", "议员", "主席", "副主席", "会长", "副会长", "理事长", "主任", "副主任", "常委")


def _named_before_role(text: str, s: int, e: int, mention: str) -> bool:
    """A body named in full before a member's or a chair's role (全国人大|代表, 同善堂|副主席), not
    a bare level's committee before its secretary (县委|书记) nor a head's title split (…局|长)."""
    if not text.startswith(ROLES_NAMING_BODY, e) \
            or (mention.startswith(COLLECTIVE_START + GENERIC_BEFORE_HEAD) and not mention.startswith("全国")) \
            or text[max(0, s - 4):s].endswith(COLLECTIVE_BEFORE):
        return False
    return len(mention) >= 4 or mention in ("全国人大", "全国政协") or (len(mention) >= 3 and mention[0] not in "省市县区州镇乡村")


def _sar_department(mention: str) -> bool:
    """A department the lexicon names by itself (消防处, 警务处), with or without its SAR's name in front."""
    core = mention[2:] if mention.startswith(HEADLESS_REGIONS) else mention
    return _lexicon().get(core, ("", ""))[1] == "self"


def _role_after(text: str, e: int) -> bool:
    """A role follows the mention at `e` (书记, 局长); 领导下 is the body's leadership."""
    if text.startswith("领导下", e):
        return False
    return text.startswith(ROLE_AFTER, e) or _ROLE_CHIEF.match(text, e) is not None


def _unquote(mention: str) -> str:
    """The mention without quotation marks and without a congress's term (县十六届人大常委会
    is 县人大常委会: one body through its terms)."""
    return _TERM_INSIDE.sub("", mention.translate(_NO_QUOTES))


_TERM_INSIDE = regex.compile(r"第?[一二三四五六七八九十]{1,3}届\s*(?=人大|人民代表大会|政协|委员会|人民政府|\p{Han}{2,9}?[省市县区州旗]委员会)")  # (届\n人民代表大会: a wrapped line)


_NO_QUOTES = str.maketrans("", "", "“”「」")


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {row[0]: row[1] for row in read_tsv("org_aliases.tsv")}


@lru_cache(maxsize=4096)
def name_of(mention: str, region: str | None, places: tuple[str | None, str | None, str | None] = (None, None, None),
            unify: bool = True) -> str:
    """The canonical name: the variant's shared name (unless `unify` is off), with the region
    put in front."""
    # a zone at a line's end and its 管委会 on the next (a wrapped PDF line) are one body, and
    # its name has no line break in it
    mention = mention.replace("\r", "").replace("\n", "")
    core = mention[:-2] if mention.endswith("机关") and not mention.endswith("直机关") else mention
    aliases = _aliases() if unify else {}
    core = aliases.get(core, core)
    prefix = ""
    for form in [core[:k] for k in range(min(len(core), 12), 1, -1) if core[:k] in _divisions()][:1]:
        rest = core[len(form):]
        if rest in aliases or (form.endswith(("市", "县", "区", "省")) and form[-1] + rest in aliases):
            prefix, core = (form[:-1], form[-1] + rest) if form[-1] + rest in aliases else (form, rest)
    core = aliases.get(core, core)
    if not prefix and core in BARE_SHORT_FORMS and _taiwan_region(region):
        return core  # 县府 named alone in a Taiwan report keeps its written name, as its readers wrote it (no 花莲县府)
    return prefix + core if prefix else canonical(core, region, places)


# a government's short name that readers of Taiwan's reports never give a place: 县府 alone is 县府 (9
# mentions in three reports); beside its full name it shares that one (金门县政府, 县府: 金门县政府)
BARE_SHORT_FORMS = frozenset(("县府", "市府"))


def _taiwan_region(region: str | None) -> bool:
    """The region is Taiwan or one of its counties (金门 and 连江 as a Taiwan report gives them)."""
    if region == "台湾" or region in document.TAIWAN_NAMESAKES:
        return True
    d = _divisions().get(region) if region else None
    return d is not None and d.province == "台湾"


def variants_present(text: str) -> frozenset[str]:
    """The variant names (lexicons/org_aliases.tsv, both columns) that `text` writes on
    their own: 县直机关工委 inside 县委县直机关工委 does not count. The document's, handed
    to every chunk of a long one (`DOC_FORMS_KEY`), so names do not depend on the chunking."""
    out = set()
    for f, longer in _variant_forms().items():
        n = text.count(f)
        if n and n > sum(text.count(g) for g in longer):
            out.add(f)
    return frozenset(out)


@lru_cache(maxsize=1)
def _variant_forms() -> dict[str, tuple[str, ...]]:
    """Every variant name -> the longer variant names that hold it."""
    forms = set(_aliases()) | set(_aliases().values())
    return {f: tuple(g for g in forms if g != f and f in g) for f in forms}


def _long_forms_as_written(text: str, hits: list[OrgHit], region, places, present: frozenset[str]) -> list[OrgHit]:
    """A variant (县委县直机关工委, 县直工委, 县府, 国安委) shares its body's one name
    (县直机关工委, 县政府) only to join other variants of it in the report (§4: mentions of
    one body share one name); named alone, it keeps the name it is written with."""
    aliases = _aliases()
    out = []
    for h in hits:
        written = name_of(_unquote(text[h.start:h.end]), region, places, unify=False) if h.end > h.start else h.name
        if written != h.name:
            key = max((k for k in aliases if written.endswith(k)), key=len, default=None)
            if key is not None:
                others = {k for k, t in aliases.items() if t == aliases[key]} | {aliases[key]}
                if "委" not in written[:-len(key)]:
                    others.discard(key)  # 县直工委 is this mention's own form; 市委|市直工委 is another
                if not others & present:
                    h = OrgHit(h.start, h.end, written, h.kind)
        out.append(h)
    return out


@lru_cache(maxsize=1)
def _generic_words() -> list[str]:
    """Words that make a "proper name" generic (党员志愿服务队, 公办学校, 子公司), longest
    first, from lexicons/org_generic.tsv."""
    return sorted((w for w, t in read_tsv("org_generic.tsv") if t == "generic"), key=len, reverse=True)


@lru_cache(maxsize=1)
def _kind_words() -> list[str]:
    """Words that make a name a kind even after a level word (县义务教育阶段学校), from
    lexicons/org_generic.tsv (type kind), longest first."""
    return sorted((w for w, t in read_tsv("org_generic.tsv") if t == "kind"), key=len, reverse=True)


@lru_cache(maxsize=4096)
def _generic_proper(mention: str) -> bool:
    """A generic name before a suffix (公办学校, 子公司), or its body (集团公司党委: the
    committee of whichever group the report is about)."""
    lex = _lexicon()
    for k in range(min(len(mention) - 1, 5), 1, -1):
        if lex.get(mention[-k:], ("", ""))[1] == "part" and mention[:-k].endswith(tuple(_tables()[3])):
            mention = mention[:-k]
            break
    for suffix in _suffixes_longest_first():
        if mention.endswith(suffix):
            head = before = mention[:-len(suffix)]
            for w in _generic_words():
                head = head.replace(w, "")
            if head == "":
                return True
            # 县义务教育阶段学校: a level and words of a kind (阶段, 标准化) name a kind still
            # (县中学, 县城投公司 are the county's one school and one company)
            rest = before
            for w in _kind_words():
                rest = rest.replace(w, "")
            return rest != before and rest.removesuffix("级") in LEVELS  # (市级专科医院: a class of them)
    return False


@lru_cache(maxsize=1)
def _suffixes_longest_first() -> list[str]:
    return sorted(_tables()[3], key=len, reverse=True)


def places_of(text: str) -> tuple[str | None, str | None, str | None]:
    """(township, village, county) the report is about: a township or village it names
    repeatedly, the county its title or byline names (document.home_county)."""
    return locus(text, "township"), locus(text, "village"), document.home_county(text)


# --- spaCy component ---------------------------------------------------------------------


@Language.factory("zhfacts_organizations", default_config={"group": "organizations"})
def make_organizations(nlp: Language, name: str, group: str):
    def organizations(doc):
        text = text_of(doc)
        # a chunk of a long document has the document's region, None included
        region = doc._.region if doc.user_data.get(REGION_SETTLED_KEY) else (doc._.region or document.region(text))
        found = find(text, region, places_of(text), doc.user_data.get(DOC_FORMS_KEY))
        set_group(doc, group, [(h.start, h.end, {"name": h.name, "kind": h.kind}) for h in found])
        return doc
    return organizations
