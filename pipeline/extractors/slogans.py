"""Slogans (FACTS_SPEC §5) and references (§7).

A slogan is a quoted phrase that names a formula, campaign, brand or motto, classified
by its shape and the words around it; lexicon formulas (`lexicons/slogans.tsv`) count
without quotes too (`践行“两个维护”第一方阵`). Not slogans: a word or two quoted for
emphasis (`“纲”与“魂”`), quoted speech, quoted names of teams (organizations).

A reference is a title in 《》, kind by its last words.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

import regex
from spacy.language import Language

from pipeline.extractors.context import standing_alone
from pipeline.extractors.spans import set_group
from pipeline.resources import read_tsv
from pipeline.segment import text_of

# quotation marks of Simplified text (“” ‘’) and of Traditional text from Hong Kong, Macau and
# Taiwan (「」 『』, kept by the conversion); straight ASCII pairs of scraped pages are “”
# by now (normalize/cleanup.ascii_quotes)
_QUOTED = regex.compile(r"“([^“”\n]{1,60})”|‘([^‘’“”\n]{1,40})’|「([^「」\n]{1,60})」|『([^『』「」\n]{1,40})』")
_OUTER = (1, 3)  # groups that may hold a nested quotation (“…‘…’…”, 「…『…』…」)
_INNER = regex.compile(r"‘([^‘’“”\n]{1,40})’|『([^『』「」\n]{1,40})』")
# a title in 《》; a 〈〉 title stands only inside one and is part of it (names inside names)
# (one level of nesting: 《XX省《中华人民共和国村民委员会组织法》实施办法》 is one title)
# a PDF's line may wrap inside a title: one line break (not a blank line) stays in it
_TITLE = regex.compile(r"《((?:[^《》\n]|《[^《》\n]{1,80}》){1,80}(?:\n(?![\n《》])(?:[^《》\n]|《[^《》\n]{1,80}》){1,80})?)》")
# what follows a campaign's name, and a brand's
CAMPAIGN_AFTER = ("主题教育", "主题活动", "系列活动", "专项行动", "专项整治", "活动", "行动", "评选", "评比", "竞赛",
                  "比赛", "大讨论", "大比武", "大讲堂", "主题党日", "攻坚", "工程", "战略",
                  # a goal to fight for is a campaign (§5: a named activity or goal; the seeds'
                  # “让党中央放心、让人民群众满意”的目标 is a motto, a standard to meet)
                  "的奋斗目标", "奋斗目标", "的工作重点", "工作重点", "的工作部署",
                  "工作部署", "学习教育", "主题宣讲", "等主题", "专项计划", "计划", "专题警示教育", "专题教育")
BRAND_AFTER = ("党建品牌", "品牌", "工作法", "工作室")
BRAND_BEFORE = ("打造", "创建", "培育", "擦亮", "品牌")
# 打造了“…”, 打造出“…”: what a unit builds and names is its brand (`before` holds the last ten
# characters before the run of quotes)
_BRAND_BEFORE_NEAR = regex.compile(r"(?:打造|创建|培育)(?:了|出)$"
                                # …or a place or a field between: 打造李台社区“居民议事厅”, 创新打造基层治理“红色网格”
                                r"|(?:打造|培育|擦亮)(?:了|出)?\p{Han}{0,4}(?:社区|村|街道|镇|乡|小区|园区|治理|党建|机关|支部)$")
# a brand named a few words before 品牌: “乐活沙塘”党建惠民品牌, “红色e家”服务品牌
_BRAND_NEAR = regex.compile(r"(?:特色|党建|服务|惠民|志愿|文化|工作|示范|机关|支部|学习){1,3}品牌")
_BRAND_EVENT = regex.compile(r"\p{Han}{0,4}品牌\p{Han}{0,2}(?:展评|评选|大赛|比武|展示)?(?:活动|大赛|评选)")
# numbers joined by plus signs (2+1+N, 1+24+N): a formula whatever the context
_NUMBERED = regex.compile(r"[0-9A-Za-z+＋·.\-]+")
# a coined name right before one of these names a team (an organization), not a slogan
TEAM_AFTER = ("志愿服务队", "服务队", "突击队", "先锋队", "服务团", "志愿队")
# a quoted name that ends like this is an organization (§4), not a slogan
ORG_ENDINGS = ("服务团", "突击队", "先锋队", "服务队", "志愿队", "联盟", "工作组", "领导小组", "专班", "委员会",
               "特派团", "宣讲团", "工作队", "学校", "党校", "学院", "研发中心", "研究中心",
               "小组", "办公室", "协调中心", "服务中心", "指挥中心", "管理中心")  # (“反诈骗协调中心”: a body)
MIN_PLAIN = 4   # a quoted phrase without a number or context shorter than this is emphasis
MAX_SPEECH = 20
MAX_MOTTO = 30
MAX_MOTTO_LIST = 48  # parallel phrases of at most 8 characters each may run longer
FAMILY_PREFIX = 4
# a principle or goal named in quotes: “把抓好党建作为最大的政绩”的理念
MOTTO_AFTER = ("的理念", "的原则", "的总要求", "的目标", "的要求", "的重大政治责任", "的政治责任", "的重大责任", "的使命",
               "的思路", "的方针", "根本任务", "的根本任务", "的宗旨", "为宗旨", "为目标", "的工作思路")
# (“…”为目标 sets a standard as 的目标 does: a motto, as the field's annotators read it 5 to 3)
# …and a stance the unit keeps, a call it answers, the climate it builds: “…”的鲜明导向, 的号召,
# 的良好氛围, 的学校精神, 工作总基调, 发展定位, 为指引 (15 of 16 such phrases in the field's gold;
# not a speech's or a meeting's 精神, which is what was said there)
_MOTTO_NEAR = regex.compile(r"(?:的\p{Han}{0,4}?|\p{Han}{0,2}?)(?<!讲话|会议|指示|批示|全会|回信|贺信|论述|来信|重要)"
                            r"(?:导向|号召|氛围|精神|宗旨|总基调|基调|定位|指引)(?!\p{Han})")
# festivals and dates quoted as names; kinds of groups quoted as terms
# a quoted title of a document (Taiwan writes them in 「」) or a meeting is no slogan
DOC_ENDINGS = ("报告", "工作总结", "年度总结", "年终总结", "检讨", "要点", "条例", "办法", "规定", "细则", "草案", "年报", "纲领", "方案", "意见", "通知", "通知书", "决定",
               "规划", "白皮书", "准则", "章程", "民法", "刑法", "宪法", "施政计划", "施政报告",
               "导图", "示意图", "对照图", "流程图", "作战图")  # (a chart drawn for the work, no name)
TW_PLAN_ENDINGS = ("计画", "计划", "专案", "計畫", "計劃", "專案")  # (方案 is in DOC_ENDINGS)
MEETING_ENDINGS = ("会议", "座谈会", "研讨会", "推进会", "现场会", "典礼", "论坛", "联席会",
                   "培训班", "研修班")  # (a course named in quotes: “…能力提升培训班”)
# what follows a quoted label of a problem, and a quoted honour or grade
PROBLEM_AFTER = ("问题", "现象", "瓶颈", "难题", "短板", "痛点", "堵点", "难点", "弊端", "顽疾", "困境")
HONOUR_BEFORE = ("授予", "评为", "获评", "荣获", "命名为", "授牌", "表彰", "评选表彰", "评定为", "入选")
TITLE_AFTER = ("称号", "荣誉称号", "等次", "荣誉", "奖牌", "奖项")
# an idea or a line of thought named in quotes (“人民城市”重要理念): neither a goal nor an action
IDEA_AFTER = ("重要理念", "发展理念", "理念", "重要论述", "重要思想")  # (not 思想政治)
# the drive to win an honour names a campaign: “争当岗位能手”, “创建民主法治示范村”
STRIVE_FOR = ("争当", "争做", "争创", "创建", "争先")
# quoted speech comes after a verb of saying; a part of a sentence ends with a particle
SPEECH_BEFORE = ("说", "表示", "认为", "称", "道", "坦言", "直言", "感慨", "评价", "感叹", "笑言",
                 # and a metaphor or a nickname after these (比喻成「卫生纸」, 被誉为“江南第一村”)
                 "比喻成", "比喻为", "比作", "喻为", "誉为", "称为", "称作", "戏称", "俗称")
SPEECH_ENDS = ("的", "了", "吗", "呢", "啊", "吧")
# a run of quoted names before a word for a team: “党员突击队”“先锋集结号”等系列攻坚小组
# a leading group for a named task is named after the task: “干部学用技术”推广领导小组
_LEADING_GROUP = regex.compile(r"\p{Han}{0,4}?(?:工作)?领导小组")
# an action named after the quotes with a few words of its field between: “…”环境卫生整治行动
_ACTION_NEAR = regex.compile(r"\p{Han}{2,6}?(?:专项行动|整治行动|提升行动|攻坚行动|行动)(?!\p{Han})"
                             r"|的?(?:专项|主题|系列|实践|创建|志愿服务)活动")  # (“…”专项活动, “…”的主题活动)
# …and an event a few words on: “分类指导、争先进位”三年行动, “对标先进、争创一流”等活动, “头雁、强雁、
# 群雁”系列培训班, “…”教育实践 (not 的行动准则, 的行动氛围, 成为行动自觉: a standard, a climate, a habit)
_EVENT_NEAR = regex.compile(r"等?(?!的)\p{Han}{0,4}?(?:行动|活动|培训班|教育实践|比赛|竞赛)(?!准则|氛围|自觉|指南|纲领|方向)")
_VERSIONED = regex.compile(r"\p{Han}(?:20\d{2}|\d\.\d)$")
_TEAM_RUN = regex.compile(r"[等一批系列个支多]*\p{Han}{0,4}?(?:小组|队伍|团队|战队|分队|突击队|服务队|志愿队)")
NOT_SLOGANS = {"七一", "五一", "五四", "八一", "十一", "国庆", "二十大", "两委", "村两委", "两新",
               # the apps of party study, and honours or metaphors met quoted alone
               "三八", "六一", "重阳",
               # the names of the five-year plans' periods (a time, like 二十大 a meeting)
               "十一五", "十二五", "十三五", "十四五", "十五五",
               "学习强国", "十佳", "最初一公里", "最先一公里", "最后一公里", "最后一米", "最后一百米",
               # a branch's set tasks and its own choices, a member's joining day: terms, no names
               "规定动作", "自选动作", "政治生日",
               # a win for both sides and the two congresses (of workers and staff): words, no names
               "双赢", "共赢", "双代会"}
# an honour given to a unit or a person, quoted (“服务发展标兵科室”, “全县卫生先进单位”), and a
# collection of cases (“基层党建创新案例”): a title, no slogan
_HONOUR_TITLE = regex.compile(r"^[^、，,；;“”]*(?:标兵|优秀|先进|模范|十佳|最美|文明)[^、，,；;“”]{0,3}(?:科室|科长|单位|集体|个人|标兵|能手|家庭|党员|干部)$"
                              r"|^[^、，,；;“”]{2,}案例$"
                              # a grade of brand a unit's brand earns: “知名品牌”, “优秀品牌”, and
                              # the word itself quoted (成为…最亮的“党建工作品牌”)
                              r"|^(?:知名|优秀|示范|工作|精品|金牌|特色|党建|党建工作)品牌$"
                              # a model unit's title (“民主法治示范社区”, “五四红旗团委”) and a
                              # village's trained resident (“法律明白人”)
                              r"|^[^、，,；;“”]{2,}(?:示范社区|示范村|红旗团委|红旗团支部|明白人)$"
                              # a title won (“全国最佳志愿服务组织”, “岗位能手”)
                              r"|^[^、，,；;“”]*最佳[^、，,；;“”]{0,6}(?:组织|单位|集体|个人)$|^[^、，,；;“”]{2,}(?:能手|标兵)$"
                              # a person's honour (“最美护士”, “优秀医师”, “最美守井人”), a place or a
                              # school designated a pilot or a model (“全国青少年校园足球试点区”), an
                              # award (“国家优质工程”)
                              r"|^最美[^、，,；;“”]{1,6}$|^(?:优秀|十佳|模范)(?:医师|医生|护士|教师|村医|民警|法官|工匠)$"
                              r"|^[^、，,；;“”]{2,}(?:试点区|试点县|试点校|示范区|示范县|示范校|示范点|示范基地)$"
                              r"|^(?:国家|省级|市级)?优质工程奖?$")
_DOC_NUMBER = regex.compile(r"[发字办函][（(〔\[]\d{4}[)）〕\]]\d{1,4}号")
# what a platform or an app is called after its quoted name (“学习强国”“灯塔-党建在线”两个平台)
PLATFORM_AFTER = ("平台", "两个平台", "等平台", "APP", "App", "app", "客户端", "小程序", "公众号", "网站")
_PLATFORM_NEAR = regex.compile(r"等?(?:学习|网络|服务|宣传|线上|信息化|数字化){1,2}平台"  # “灯塔—党建在线”等学习平台
                            r"|等\p{Han}{0,4}?(?:媒体|新媒体|公众号|报刊|平台)")  # (“微观迭部”、“甘南日报”等县内外媒体)
GROUP_WORDS = ("党支部", "党组织", "集体", "队伍")
# a rating or a grade: “五星”党组织, “一类”党组织, “二等” (but “五星创建、双强争优” is a motto)
_RATING = regex.compile(r"^(?:[一二三四五六七八九十]星[^、，,]*|[一二三四五六]类|[一二三]等)$")
# …but the drive to earn it is named by it: “五星”支部创建, “五星”党支部创评, “五星”支部建设
_STARS = regex.compile(r"[一二三四五六七八九十]星")
_RATING_CAMPAIGN = regex.compile(r"(?:党支部|支部|党组织)?(?:创建|创评|争创|评星|建设)")
_QUESTION = regex.compile(r"什么|怎么|如何|为何|吗")
# a list of items closed by 等 (not 平等, 均等化, 高等)
_LIST_CLOSED = regex.compile(r"、[^、]+(?<![平均高同初中对相])等(?![级化同次])")
# a quoted phrase called a brand right after it: “…”品牌, “…”党建品牌, 以“…”为区域品牌
_CALLED_BRAND = regex.compile(r"(?:等|为|作为)?\p{Han}{0,4}?品牌")
_DOMAINS = regex.compile(r"\p{Han}{2,4}(?:、\p{Han}{2,4})*及\p{Han}{2,6}")


@lru_cache(maxsize=1)
def _idioms_re() -> regex.Pattern:
    return regex.compile("|".join(regex.escape(i) for i in sorted(_idioms(), key=len, reverse=True)))


# 一 as an article (做一名合格党员, 当好一个标兵): it numbers nothing
_ARTICLE_ONE = regex.compile(r"(?<![零一二三四五六七八九十百千万两\d])一(?:[名个位次张]|切)")  # (一切: "all"; 跑一次, 一张蓝图)


def _without_idioms(phrase: str) -> str:
    """The phrase with its idioms and articles taken out: 一线 in 一线指挥部 numbers nothing."""
    return _ARTICLE_ONE.sub("", _idioms_re().sub("", phrase))


# a budget's line items are quoted (Taiwan): after 第6目 / 第1节 / 项下, or before their amount
_BUDGET_ITEM_BEFORE = regex.compile(r"(?:第[0-9０-９一二三四五六七八九十]+[目节款]|项下)$")
_AMOUNT_AFTER = regex.compile(r"[0-9０-９][0-9０-９,.]*(?:人|元|万|亿|千)")
# a principle written as a clause: 以X为Y, 由X及Y, X者治Y
_PHASE = regex.compile(r"[一二三四五六七八九十\d]+期")  # 二期项目: a work's phase, no formula's number
# the heads of an area of work named in quotes (“农业水利”, “科普教育”, “城镇建设”), not of a campaign
TOPIC_HEADS = ("教育", "水利", "建设", "管理", "拆迁", "收入", "项目", "保护", "稳定", "安全", "服务", "发展")
# what closes a list of the report's areas of work after 围绕 (围绕“…”、“…”等中心工作)
_WORK_AREAS_AFTER = regex.compile(r"等(?:\p{Han}{0,4}?)(?:工作|任务|领域|方面)")
_MOTTO_SHAPE = regex.compile(r"^以\p{Han}{1,6}为\p{Han}{1,6}$|^由\p{Han}{1,3}[及至到]\p{Han}{1,3}$|者治\p{Han}$"
                             r"|^[舍化变转把]\p{Han}{1,4}为\p{Han}{1,4}$"  # 舍小家为大家, 变压力为动力
                             r"|^谁\p{Han}{1,4}谁\p{Han}{1,4}$")  # 谁执法谁普法: a duty in parallel
# 百 千 万 as magnitudes count people or money, not the parts of a formula: “万人示范培训”,
# “千万工程”, “外专双百计划” are a campaign's or a programme's names (the field's readers 5 of 5)
_MAGNITUDE = regex.compile(r"[双两]?[百千万]+")
_SPACED_HALVES = regex.compile(r"\p{Han}{5,12}(?: \p{Han}{5,12})+")  # (four-character halves are a brand's family, the seeds' “行动学习 思想建设”)
_ONE_SHEET = regex.compile(r"一张(?:网|图|表|清单)$")
_SPIRIT_AFTER = regex.compile(r"的(?:勇气|精神|劲头|姿态|干劲|魄力|决心|气概|韧劲|状态)")
# a package of measures counted by its articles, and years served: the number counts no parts
_PACKAGE_OR_SERVICE = regex.compile(r"[0-9一二三四五六七八九十]+条(?:举措|措施|意见|政策)?$|在党[0-9一二三四五六七八九十]+年$")
# many people sent somewhere, named by their number: 十万党员进党校, 千名干部进千企, 万雁入乡
_MASS_ACTION = regex.compile(r"^[十百千万]+\p{Han}{0,3}?(?:进|入|下|帮|联|助|访|包|结)\p{Han}{1,4}$")
# quoted, yet no name of a formula or campaign: a role or duty (“第一责任人”, “一把手”'s
# 负责人), an amount of time (“8小时以外”, “30分钟”), a lone figure (“1”), a draft's gap in
# the name (“xx五”: the name is not written yet; the gap is a placeholder)
_NOT_A_NAME = regex.compile(r"(?:责任人|负责人|联络员|指导员|网格员|书记)$|(?:全会|会议|讲话)精神$|^这(?:就)?是|^[0-9０-９.]+(?:个)?(?:小时|分钟|天|日|周|年|个月)\p{Han}{0,2}$"
                            r"|^[0-9０-９]$|[xXｘＸ*＊×]{2}|[\p{Han}][xXｘＸ*＊×]|[xXｘＸ*＊×][\p{Han}]|[_＿]"
                            # a crime's category quoted in a police statistic (“侵犯人身罪”, “电脑犯罪”)
                            r"|罪$|罪案$")


@lru_cache(maxsize=1)
def _idioms() -> frozenset[str]:
    """Idioms quoted for emphasis are not formulas though they hold a number (一盘棋)."""
    return frozenset(row[0] for row in read_tsv("not_metrics.tsv") if row[1].startswith("idiom"))
# a number that makes a formula (两个维护, 五基三化), not a weekday (周五党日)
_FORMULA_NUMERAL = regex.compile(r"(?<![周第星期])[0-9一二两三四五六七八九十百千万双]")
_ORDINAL_NAME = regex.compile(r"第[一二三四五六七八九十](?!方)\p{Han}{2,4}")  # (第三方评估: a third party, no rank)


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
    return regex.compile(standing_alone(lexicon()))  # unquoted, a formula stands on its own


# the small patterns of `classify`, compiled once (not looked up in regex's cache per call)
_DIGIT = regex.compile(r"\d")
_SPEECH_NAME = regex.compile(r"\d+·\d+")
_CLAUSE_ENDS = ("", "，", "。", "、", "；", ",", ";", " ")
_DAY_NAME = regex.compile(r"(?:1[0-2]|0?[1-9])[·.](?:3[01]|[12]\d|0?[1-9])")  # 5·12, 4.11: a month and a day
# the coined name of a room, a forum or a keeper that a unit opens is its brand (not …之家: 职工之家,
# 妇女之家 are kinds of facility every union and federation runs)
PLACE_BRAND_ENDINGS = ("讲坛", "驿站", "加油站", "书房", "管家", "家园", "书院", "小院", "话室", "议事厅")
_TALENT_AFTER = regex.compile(r"人才(?:项目|培养|计划|工程)|\p{Han}{0,3}?(?:领军|拔尖|青年|高层次|骨干|专业)人才(?!队伍|工作)")
PLACE_ENDINGS = ("都会区", "地带", "口岸", "大楼", "大厦", "用地", "数据中心")
_LATIN_WORD = regex.compile(r"[A-Za-z]+")  # 共创明『Teen』计划: a styled word inside a name, no name of its own
CHAIN_LINKS = ("党委", "党工委", "党支部", "党总支", "支部", "委员会", "网格", "楼栋长", "网格员", "党小组")
_PART_SEP = regex.compile(r"[、，,+＋]|(?<!—)—(?!—)")  # (汇总—点评—推广: steps in a row; ——: a subtitle)
_SENTENCE_END = regex.compile(r"[。？！]")
# the party's organs and the collective that open a “…+…” model of work
MODEL_OPENS = ("党建", "党支部", "支部", "党组织", "集体")
_POLICY_ADDRESS_AFTER = regex.compile(r"的?[\d ]*(?:年度?)?(?:施政报告|财政预算案|施政方针|政府工作报告)")
# an award, an app: names of things, no slogans
NAMED_THING_ENDINGS = ("奖", "奖项", "杯", "APP", "App", "app", "小程序", "公众号")
_SESSION_NAME = regex.compile(r"第[\d一二三四五六七八九十]{1,3}届(?:第[\d一二三四五六七八九十]{1,3}次)?")
_WHO_WHO = regex.compile(r"谁\p{Han}{1,4}谁\p{Han}{1,4}$")  # “谁执法谁普法”: a duty in parallel, no law's name
_CLAUSE_MARK = regex.compile(r"[。？！，,]")


def classify(phrase: str, before: str, after: str) -> str | None:
    """The kind of a quoted phrase, or None when it is not a slogan. `before` and `after`
    are the words around the run of quoted phrases it stands in (“清廉文旅”“清廉信访窗口”等品牌)."""
    if phrase in lexicon():
        return lexicon()[phrase]
    inner = _INNER.search(phrase)
    if inner and not _LATIN_WORD.fullmatch(inner.group(0)[1:-1]) and (len(phrase) > 10 or len(phrase) - len(inner.group(0)) <= 4):
        return None  # a quoted sentence (or an honour, “‘六个好’党工委”) that quotes names: the names are the slogans
    if _NOT_A_NAME.search(phrase):
        return None  # a role (“第一责任人”), a span of time (“8小时以外”), a lone figure, a gap (“xx五”)
    if (_RATING.match(phrase) and _RATING_CAMPAIGN.match(after)) or _STARS.fullmatch(phrase):
        return "formula"  # “五星”支部创建: the drive to earn the rating, named by its number; and the
        # stars alone (“五星”支部12个, 28个机关“五星”支部): the field's readers take them as the
        # formula of the drive, 2 readers of 2 (“五星级” stays a rating)
    if phrase in NOT_SLOGANS or phrase in _idioms() or _RATING.match(phrase) \
            or (phrase.endswith(ORG_ENDINGS + GROUP_WORDS) and not _MASS_ACTION.match(phrase)) \
            or _QUESTION.search(phrase):
        return None  # a festival, a rating, a team (an organization) or a kind of group
    if phrase.endswith(NAMED_THING_ENDINGS) or _SESSION_NAME.search(phrase) \
            or (before.endswith(("题为", "题目为")) and len(phrase) > 10 and not _POLICY_ADDRESS_AFTER.match(after)):
        return None  # an award (“曾呈奎海洋科技奖”), a talk's title (题为“…”的学术报告), a session (“第12届第4次定期大会”)
        # (题为「…」的施政报告: a policy address's theme is its motto)
    if phrase.endswith(PLACE_ENDINGS):
        return None  # 「北部都会区」, 「绿化地带」, 「政府数据中心」: a place or a facility, quoted as Hong Kong quotes terms
    if phrase.startswith("第三方"):
        return None  # “第三方评估”: a third party's part in the work, no name
    if (len(phrase) >= 6 and phrase.endswith(("项目", "基地")) and not _PART_SEP.search(phrase)
            and not _FORMULA_NUMERAL.search(_PHASE.sub("", phrase))) \
            or (phrase.startswith("致") and "的" in phrase and phrase.endswith(("信", "书"))):
        return None  # a project or a base named in quotes (“北京三一桩基项目”; “书记项目” is a practice), a letter
    if before.endswith("围绕") and _WORK_AREAS_AFTER.match(after) and phrase.endswith(TOPIC_HEADS) \
            and not _FORMULA_NUMERAL.search(phrase):
        return None  # 围绕“拆违控违”、“农业水利”等中心工作: the report's areas of work, no names
    if "…" in phrase or _DOC_NUMBER.search(phrase):
        return None  # a template's elided words (“发挥了……的作用”), a document's number (“保政发(1999)111号”)
    if _HONOUR_TITLE.match(phrase) and not phrase.startswith(STRIVE_FOR) and not after.startswith(CAMPAIGN_AFTER):
        return None  # an honour (“服务发展标兵科室”) or a collection of cases (“争当岗位能手”竞赛: the drive to win one)
    if after.startswith(PLATFORM_AFTER) or _PLATFORM_NEAR.match(after):
        return None  # the name of an app or a platform
    if phrase.endswith("法") and len(phrase) >= 4 and not phrase.endswith(("工作法", "方法", "做法", "战法", "打法")) \
            and not _FORMULA_NUMERAL.search(phrase) and not _PART_SEP.search(phrase) and not _WHO_WHO.match(phrase):
        return None  # a law named in quotes (「国土计画法」), not a slogan
    if after.lstrip("等的").startswith(PROBLEM_AFTER) or phrase.endswith(PROBLEM_AFTER):
        return None  # a label for a problem (“僵尸党支部”等问题, “缺人办事”瓶颈)
    if _TRAILING_NOTE.search(phrase) or phrase.endswith(DOC_ENDINGS) or phrase.endswith(MEETING_ENDINGS):
        return None  # a document, a meeting or a course named in quotes (「…设置要点」, 「…施政计划(草案)」)
    if phrase.endswith(("要求", "的要求")) and not _FORMULA_NUMERAL.search(phrase):
        return None  # a requirement quoted as a term (聚焦“高质量发展要求”), not a name
    if before.endswith("从") and after.startswith(("向", "到", "转向")) or before.endswith(("”向", "”到", "”转向")) \
            or (after.startswith(("转变", "转化", "转型", "迈进", "延伸", "拓展")) and before.endswith(("向", "到"))):
        return None  # a change of states: 从“有形覆盖”向“有效覆盖”转变
    if after.startswith(("作用", "的作用")):
        return None  # a role named by a metaphor: 发挥“一线指挥部”作用, “桥头堡”作用
    if _SPIRIT_AFTER.match(after):
        return None  # 以“舍我其谁”的勇气: a manner named by an idiom, no slogan
    if before.endswith("的") and after[:1] in "，。；、,;" and len(phrase) <= 5 \
            and not _FORMULA_NUMERAL.search(_without_idioms(phrase)):
        return None  # a metaphor closing a clause: 作为乡村振兴的“红色引擎”，构建起…的“动力主轴”。
    if _LIST_CLOSED.search(phrase):
        return None  # a list closed by 等 inside the quotes (“促进…、改善…等重点工作激励”): a policy's name
    if _DOMAINS.fullmatch(phrase):
        return None  # policy areas joined by 及 (「经济及农业」, 「教育、文化及科技」): a report's sections
    if _BUDGET_ITEM_BEFORE.search(before) or _AMOUNT_AFTER.match(after) or after.startswith(("项下", "原列", "编列")):
        return None  # a budget's line item: 第6目「安全管理维护」, 「临时人员」31人1,820万元
    if phrase.endswith("责任"):
        return None  # a duty named in quotes (“属地管理责任”), not a name
    if _MOTTO_SHAPE.search(phrase):
        return "motto"  # a principle in a clause's shape: 以结果为目标, 由治及兴, 爱国者治澳
    if after.startswith(("报告", "专题报告")):
        return None  # the subject of a report (听取经济部「强化商圈品牌推广」报告)
    if after.startswith(TITLE_AFTER) or before.endswith(HONOUR_BEFORE):
        return None  # an honour or a grade (“先进单位”称号, “优秀”等次)
    if (before.rstrip("：:，, ").endswith(SPEECH_BEFORE) and not after.startswith(("工作法", "模式", "机制", "品牌")))\
            or after.startswith("的讲话"):
        return None  # quoted speech (群众表示“办事真方便”); not a method named after 说 (…直说“1234”工作法)
    if _ONE_SHEET.search(phrase):
        return "other"  # “监督一张网”, “心电一张图”: a system named by its one net or map (5 of 5 readers)
    if "+" in phrase and _NUMBERED.fullmatch(phrase) and _DIGIT.search(phrase):
        return "formula"  # numbers joined by + name a model, whatever it is the model of (“1+7+N”党群服务中心)
    if _TEAM_RUN.match(after) and not _LEADING_GROUP.match(after) \
            and not (len(phrase) <= 4 and _FORMULA_NUMERAL.match(phrase)):
        return None  # names of teams (“党员突击队”“先锋集结号”等攻坚小组): organizations
        # (锻造“四力”宣传队伍: a numbered formula the team is built to, no team's name)
    if after.startswith(TEAM_AFTER):
        return None  # the coined name of a team: “美好先锋”志愿服务队 is an organization (§4)
    if _BRAND_EVENT.match(after):
        return "campaign"  # “…”党建品牌展评活动: the name of a contest of brands, an activity
    if _CALLED_BRAND.match(after) and not _FORMULA_NUMERAL.match(phrase):
        return "brand"  # “党建+乡村旅游”品牌, 以“文旅成华”为区域品牌: called a brand, whatever its shape
    if phrase.startswith("每") and len(phrase) <= 6:
        return "campaign"  # “每月一讲”, “每周一课”: a recurring activity, not a numbered formula
    if phrase.endswith(("+", "＋")) and len(phrase) >= 3:
        if _DIGIT.search(phrase) or _FORMULA_NUMERAL.search(phrase):
            return "formula"  # “10万+”: a number and more, a goal's formula
        if phrase.startswith(MODEL_OPENS):
            return "other"  # “党建+”, “党组织+”: the party's work joined to whatever follows, a model (§5: neither formula nor campaign)
        return "campaign"  # “周五党日+”: an activity joined to others (the seeds' gold)
    if "+" in phrase or "＋" in phrase:
        if any(_FORMULA_NUMERAL.search(p) or p.strip() in ("N", "X", "n", "x") for p in _PART_SEP.split(phrase)):
            return "formula"  # “党建+五个到户”, “人盯人+N”: a numbered part makes the whole a formula
        if phrase.startswith(MODEL_OPENS) or after.startswith(("模式", "服务模式")):
            return "other"  # “党建+微网格”, “党支部+合作社+农户”, “集体+农户”模式: a model of work, no motto
        if all(len(p.strip()) <= 2 for p in _PART_SEP.split(phrase)):
            return "other"  # “文旅+康养”, “政策+产业+创新”: fields joined into a model, no motto
            # (four-character parts are steps of a method, a motto: “述职评议+日常考核”)
    if _VERSIONED.search(phrase):
        return "campaign"  # a programme's edition (冬防行动2023, 纾困咨询窗口4.0): the number is no formula's
    if _MASS_ACTION.match(phrase):
        return "campaign"  # “十万党员进党校”, “千名干部进千企”, “万雁入乡”: a mass action
    if _DAY_NAME.fullmatch(phrase):
        # a day named by its date is no slogan (“5·12”护士节, “4.11”风暴灾害), a speech so named is
        # (“7·9”重要讲话, or “4·27” closing its clause)
        speech = after.startswith(("重要讲话", "讲话")) or (_SPEECH_NAME.fullmatch(phrase) and after[:1] in _CLAUSE_ENDS)
        return "other" if speech else None
    if _NUMBERED.fullmatch(phrase) and _DIGIT.search(phrase):
        return "formula"  # numbers joined by +: 2+1+N, 1+24+N, 4+
    if _SPEECH_NAME.fullmatch(phrase):
        return "other"  # the name of a speech: 7·9, 4·27
    parts = [p for p in _PART_SEP.split(phrase) if p.strip()]
    if len(parts) >= 2 and any(p.strip().endswith(SPEECH_ENDS) for p in parts):
        return None  # a clause of speech (在全市是首创的，…), not parallel names
    if len(parts) >= 2 and sum(p.strip().endswith(CHAIN_LINKS) for p in parts) >= 2:
        return None  # 街道党工委—社区党委—小区党支部: a chain of bodies, no slogan
    short_parts = all(len(p.strip()) <= 8 for p in parts)
    if len(parts) >= 2 and (len(phrase) <= MAX_MOTTO or (short_parts and len(phrase) <= MAX_MOTTO_LIST)) \
            and not _SENTENCE_END.search(phrase):
        if all(_FORMULA_NUMERAL.match(p.strip()) for p in parts):
            return "formula"  # numbered parallel phrases: 一中心、一平台、一基地
        if after.startswith(("战略", "发展战略")):
            return "motto"  # “零售立行、科技兴行、人才强行”战略: a strategy stated in parallel phrases
        if after.startswith(CAMPAIGN_AFTER) or _ACTION_NEAR.match(after) or after.startswith("暨") or _EVENT_NEAR.match(after):
            return "campaign"  # “岗位大练兵、能力大提升”活动, “回归二十载，社服传承爱”暨新春餐会: an event's theme, “清洁家园、喜迎新春”环境整治行动: the phrases name an action
        if 2 * sum(bool(_FORMULA_NUMERAL.search(_without_idioms(p))) for p in parts) >= len(parts):
            return "formula"  # half its parts numbered: 一核两翼，多元共治; 产业超千亿、挺进五十强
        return "motto"  # parallel phrases: 社区吹哨、部门报到; 述职评议+日常考核
    if _CLAUSE_MARK.search(phrase) or len(phrase) > MAX_SPEECH:
        return None  # speech or a sentence, not a name
    if after.startswith(IDEA_AFTER) and not _FORMULA_NUMERAL.search(phrase):
        return "other"  # a leader's idea quoted by name: 践行“人民城市”重要理念
    if (after.startswith(MOTTO_AFTER) or (len(phrase) >= MIN_PLAIN and _MOTTO_NEAR.match(after))) \
            and not (_FORMULA_NUMERAL.match(_without_idioms(phrase)) and len(phrase) <= 6):
        return "motto"  # (“五个有”的要求: a short numbered phrase stays a formula, below)
    brand_after = after.lstrip("等一批系列").startswith(BRAND_AFTER) or _BRAND_NEAR.match(after.lstrip("等一批系列个"))
    numbered = _FORMULA_NUMERAL.search(_MAGNITUDE.sub("", _without_idioms(phrase))) is not None
    if brand_after or ((before.endswith(BRAND_BEFORE) or _BRAND_BEFORE_NEAR.search(before))
                       and not (numbered and len(phrase) <= 6)):
        return "formula" if numbered and after.startswith("工作法") else "brand"
    if numbered and phrase.endswith(("行动", "活动", "大走访", "大调研", "大排查", "大比武", "大练兵", "大讨论")) \
            and not (_FORMULA_NUMERAL.match(phrase) and phrase.endswith(("行动", "活动"))):
        return "campaign"  # a named action with a number inside: 农村党员百家致富行动
    if _PACKAGE_OR_SERVICE.search(phrase):
        return "other"  # “稳经济41条”, “30条举措”: a package of measures; “光荣在党50年”: years served
    if numbered and len(phrase) <= 10:
        return "formula"  # 创建“五个好”党组织, 培育“双培双带”示范户: a formula, whatever is built
    if _ORDINAL_NAME.fullmatch(phrase):
        return "other"  # “第一议题”: a practice named by its rank counts nothing (the field's readers 4 of 4)
    if _SPACED_HALVES.fullmatch(phrase):
        return "motto"  # “实验引领勇探索 创新突破谋发展”: a theme in two halves set apart by a space
    if phrase.startswith("零") and 3 <= len(phrase) <= 5:
        return "campaign"  # a goal of zero: “零抛荒”, “零上访”, “零事故”
    if len(phrase) < MIN_PLAIN and not after.startswith(CAMPAIGN_AFTER):
        return None  # “纲”, “讲政治”, “方向盘”: emphasis and metaphors
    if phrase.endswith(PLACE_BRAND_ENDINGS) and not numbered \
            and not (phrase.endswith("家园") and before.endswith(("建设", "建成", "共建"))):
        return "brand"  # a place to meet or a keeper named by the unit: “湖东讲坛”, “党员驿站”, “桂乡管家”
        # (12 of 13 such names in the field's gold are brands; a numbered one stays a formula; 建设“美丽家园”:
        # a goal, no brand)
    if _TALENT_AFTER.match(after):
        return "other"  # a talent programme's title: “天山英才”教育领军人才, “…计划”人才项目 (3 of 3)
    return "campaign"  # a named activity, programme or goal: “党课大讲堂”, “模范机关”


# what marks a Taiwan text: its Yuans, its councils, its calendar
_TAIWAN_TEXT = regex.compile(r"立法院|行政院|民国|[县市]议会|台湾|[县市]府")


def find_slogans(text: str) -> list[SloganHit]:
    hits: dict[tuple[int, int], SloganHit] = {}
    quoted: list[tuple[int, int]] = []
    matches = list(_QUOTED.finditer(text))
    taiwan = "「" in text and _TAIWAN_TEXT.search(text) is not None
    # a run of quotes side by side (“清廉文旅”“清廉信访窗口”等品牌) shares its context
    run_start = {}
    run_end = {}
    for i, m in enumerate(matches):
        prev = matches[i - 1] if i else None
        run_start[i] = run_start[i - 1] if prev and _joined(text, prev.end(), m.start()) else m.start()
    for i in range(len(matches) - 1, -1, -1):
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        run_end[i] = run_end[i + 1] if nxt and _joined(text, matches[i].end(), nxt.start()) else matches[i].end()
    titles = [m.span() for m in _TITLE.finditer(text)]
    title_starts = [a for a, _ in titles]
    for i, m in enumerate(matches):
        g = next(k for k in range(1, 5) if m.group(k) is not None)
        s, e = m.span(g)
        quoted.append(m.span())
        if _inside(titles, title_starts, s, e, strict=True):
            continue  # a name inside a title is part of the title
        kind = classify(m.group(g), text[max(0, run_start[i] - 10):run_start[i]], text[run_end[i]:run_end[i] + 10])
        if kind and _in_honour_list(text, run_end[i]):
            kind = None  # 省级的有“…”、“…”；市级的有“…”等称号: every name in it is an honour
        phrase = m.group(g)
        if g == 3 and (phrase.endswith(("计画", "計畫")) or (phrase.endswith(TW_PLAN_ENDINGS) and taiwan)):
            kind = None  # 「…幸福巴士计画」: Taiwan names a plan's document in 「」, like a title
            # (計畫 is Taiwan's spelling; Hong Kong's and Macau's 「…援助计划」 is a scheme people
            # apply to: a campaign)
        coined = kind in (None, "campaign") or (kind == "formula" and phrase not in lexicon()
                                                 and not _FORMULA_NUMERAL.match(phrase))  # 法润万家
        if coined and len(phrase) >= 2 and _in_brand_list(text, m.end()):
            kind = "brand"  # 区税务局“玲玲e站”、区法院“奉法向党”等8个党建品牌
        if kind:
            hits[(s, e)] = SloganHit(s, e, kind)
        elif g in _OUTER:  # a quotation that is no slogan may quote one: “…以‘五个更大’重要要求…”
            for inner in _INNER.finditer(m.group(g)):
                k = 1 if inner.group(1) is not None else 2
                a, b = s + inner.start(k), s + inner.end(k)
                kind = classify(inner.group(k), text[max(0, a - 11):a - 1], text[b + 1:b + 11])
                if kind:
                    hits[(a, b)] = SloganHit(a, b, kind)
    # a family of names shares its kind: “行动学习进支部”特色品牌 makes “行动学习 思想建设” a brand
    families = {text[h.start:h.start + FAMILY_PREFIX] for h in hits.values()
                if h.kind == "brand" and h.end - h.start > FAMILY_PREFIX}
    for h in hits.values():
        if h.kind == "campaign" and text[h.start:h.start + FAMILY_PREFIX] in families:
            h.kind = "brand"
    quoted_starts = [a for a, _ in quoted]
    for m in _lexicon_re().finditer(text):  # lexicon formulas count without quotes too
        s, e = m.span()
        kind = lexicon()[m.group(0)]
        if kind == "formula" and not (_inside(quoted, quoted_starts, s, e) or _inside(titles, title_starts, s, e)):
            hits[(s, e)] = SloganHit(s, e, kind)
    return sorted(hits.values(), key=lambda h: h.start)


def _inside(spans: list[tuple[int, int]], starts: list[int], s: int, e: int, strict: bool = False) -> bool:
    """[s, e) lies inside one of `spans` (sorted, not overlapping; `starts` their starts):
    strictly (a < s, e < b) or not (a <= s, e <= b). Only the last span starting before
    `s` (or at it) can hold it: one bisection instead of a scan of every span."""
    k = (bisect_left(starts, s) if strict else bisect_right(starts, s)) - 1
    return k >= 0 and (e < spans[k][1] if strict else e <= spans[k][1])


# a list of names that ends in 等…品牌 within its sentence: each quoted name in it is a brand
_BRAND_LIST_END = regex.compile(r"[^。；;！？\n]{0,120}?等[0-9一二两三四五六七八九十百]*[个项]?(?:“[^“”]{1,6}”)?[^。；;，,、“”]{0,12}品牌")
MAX_BRAND_LIST = 120
_LIST_BROKEN = regex.compile(r"[。；;！？]")


# a list of honours closed by 等称号 (or 等荣誉): what stands between its quoted names is
# punctuation and the words that sort them (省级的有, 国家级, 区级的有：)
_HONOUR_LIST_END = regex.compile(r"(?:“[^“”\n]{1,40}”|[\s、，,；;：:和与及等有的级省市区县镇乡村国家全])*?等(?:荣誉)?称号")
MAX_HONOUR_LIST = 300


def _in_honour_list(text: str, end: int) -> bool:
    """The quotation ending at `end` stands in a list of honours closed by 等称号."""
    stop = min(len(text), end + MAX_HONOUR_LIST)
    return text.find("称号", end, stop) >= 0 and _HONOUR_LIST_END.match(text, end, stop) is not None


def _in_brand_list(text: str, end: int) -> bool:
    """The quotation ending at `end` stands in a list closed by 等…品牌 (bounded look-ahead)."""
    m = _BRAND_LIST_END.match(text, end, min(len(text), end + MAX_BRAND_LIST + 20))
    return m is not None and not _LIST_BROKEN.search(m.group(0))


def _joined(text: str, end: int, start: int) -> bool:
    """Two quotations side by side share their context (“清廉文旅”“清廉信访窗口”等品牌)."""
    return text[end:start] in ("", "、", "和", "与", "及")


REGULATION = ("条例", "办法", "规定", "准则", "细则", "规则", "规程", "章程", "制度", "法", "公约", "守则", "党章",
              "团章", "法案", "法典", "标准")  # (《地表水环境质量标准》: a national standard binds as a rule)
# (reports that set a government's policy for the year: 《政府工作报告》, Hong Kong's 《施政报告》;
# other reports are read or written, no policy: 《工会工作报告》, 《调研报告》, as most annotators read them)
POLICY = ("意见", "方案", "规划", "通知", "决定", "纲要", "计划", "措施", "指引", "清单", "要点",
          "指南", "政府工作报告", "施政报告", "部署", "安排", "职责", "纲领", "预算案", "白皮书", "公报", "决议", "函",
          "批复", "通报", "通告", "公告")
# words ending in 报 that are documents, not papers: 考核结果的通报, 工作汇报, 项目申报, 统计年报
NOT_MEDIA = ("通报", "汇报", "申报", "年报", "快报", "情报", "呈报", "预报")
MEDIA = ("日报", "晚报", "报", "杂志", "期刊", "周刊", "月刊", "时报", "专栏", "简报", "导刊", "画报")
MEDIA_BEFORE = ("来源", "刊发于", "发表于", "刊载于", "刊登于", "摘自", "转载自", "原载", "央视", "电视台", "登上")
MEDIA_AFTER = ("专栏", "栏目", "杂志", "报", "节目", "公众号", "频道", "网站", "刊物", "期刊", "微信公众号", "客户端",
               "电视台", "广播")
# what a paper, a journal or a site does with an article: `在《…》刊登`, `在《…》上发表`
MEDIA_VERBS = ("刊登", "刊发", "刊载", "登载", "发表", "播出", "转载", "专版")
# the titles that follow in one list and its 等 (`《紫光阁》、《中直机关党建》等刊物`), a
# line break or 上: skipped to reach the word that says what the titles are
_AFTER_TITLES = regex.compile(r"(?:[、和及与]?《[^《》\n]{1,40}》)*等?\s?上?")
# a status in brackets at the end is no part of the kind: 暂行办法（试行）, 若干措施(修订版), 条例（草案）
_TRAILING_NOTE = regex.compile(r"(?:[（(][^（）()]{1,12}[)）]|[<＜〈][^<>＜＞〈〉]{1,12}[>＞〉])$")  # （试行）, <试行>
# a bill is the kind of what it would enact: …条例草案 is a regulation, …预算案 stays policy
_DRAFT = regex.compile(r"(?:修正|修订)?草案$")


# a plan named by its horizon year: 《中国教育现代化2035》, 《健康中国2030》
_PLAN_HORIZON = regex.compile(r"^(?!.*(?:年鉴|报告|蓝皮书|统计))\p{Han}{2,}20(?:2[5-9]|[34]\d|50)$"
                           r"|(?:规划|纲要|计划)[（(]?20\d\d[—\-－~～至]20\d\d[)）]?年?$")  # (…总体规划2021-2035)


def reference_kind(title: str, after: str, before: str = "") -> str:
    title = _TRAILING_NOTE.sub("", title).strip()
    title = _DRAFT.sub("", title) or title
    if before.rstrip("：: ").endswith(MEDIA_BEFORE):
        return "media"  # 来源：《党建研究》, 刊发于《…》
    if title.endswith(REGULATION):
        return "regulation"
    if title.endswith(("学习纲要", "学习问答", "读本")):
        return "other"  # a book to study the thought by (…思想学习纲要), no policy's outline
    if title.endswith(POLICY) or _PLAN_HORIZON.search(title):
        return "policy"
    if title.endswith("报告"):
        return "other"  # 《工会工作报告》 (whatever follows it: no paper)
    if (title.endswith(MEDIA) and not title.endswith(NOT_MEDIA)) or after.startswith(MEDIA_AFTER) \
            or (before.endswith("在") and after.startswith(MEDIA_VERBS)):
        return "media"
    return "other"


def find_references(text: str) -> list[ReferenceHit]:
    hits = []
    for m in _TITLE.finditer(text):
        g = 1 if m.group(1) is not None else 2
        s, e = m.span(g)
        after = _AFTER_TITLES.match(text, e + 1, min(len(text), e + 200)).end()
        hits.append(ReferenceHit(s, e, reference_kind(m.group(g), text[after:after + 5], text[max(0, s - 6):s - 1])))
    return sorted(hits, key=lambda h: h.start)


# --- spaCy components ----------------------------------------------------------------------


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
