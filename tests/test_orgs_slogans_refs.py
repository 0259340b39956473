"""Organizations, slogans and references on exact cases; lexicon terms kept whole by
both segmenters; the Traditional/pinyin seed read the same as its Simplified reading."""
from __future__ import annotations

import pytest
from conftest import SEEDS

import pipeline
from pipeline.normalize import read


def orgs(text: str):
    return [(o.text, o.name, o.kind) for o in pipeline.extract(text.encode("utf-8")).organizations]


def test_longest_name_wins():
    text = "长治市召开会议，长治市委部署。市公安局潞州分局东大街派出所民警到场，壶关县人民检察院介入。"
    assert orgs(text) == [
        ("长治市委", "长治市委", "party"),
        ("市公安局潞州分局东大街派出所", "长治市公安局潞州分局东大街派出所", "police"),
        ("壶关县人民检察院", "壶关县人民检察院", "judicial"),
    ]


def test_region_is_put_in_front_at_the_level_the_mention_names():
    text = "桂林市委直属机关工委联合桂林桂冶机械股份有限公司开展活动，市委办公室参加。桂林市召开会议。"
    assert orgs(text) == [
        ("桂林市委直属机关工委", "桂林市委直属机关工委", "party"),
        ("桂林桂冶机械股份有限公司", "桂林桂冶机械股份有限公司", "company"),
        ("市委办公室", "桂林市委办公室", "party"),
    ]
    # a province-level body takes the province, whatever city the report is from
    assert orgs("太原市召开会议，太原市要落实省委部署。") == [("省委", "山西省委", "party")]
    assert orgs("广西召开会议，自治区党委部署，广西各地落实。") == [("自治区党委", "广西壮族自治区党委", "party")]


def test_generic_collectives_and_roles_are_not_organizations():
    text = ("各级党组织和市直机关、基层党组织、机关党组织、各单位、市直单位、企业、社区要落实。"
            "党组书记、纪检委员带头，市委书记讲话，区直机关党支部全部达标。")
    assert orgs(text) == []


def test_kinds():
    text = ("桂林市召开会议，桂林日报、桂林电视台报道，市委党校、国务院、市中级法院、市发展改革委机关党委、"
            "“亲清助企服务团”、市纪委监委参加。")
    assert [(o[0], o[2]) for o in orgs(text)] == [
        ("桂林日报", "media"), ("桂林电视台", "media"), ("市委党校", "school"), ("国务院", "state"),
        ("市中级法院", "judicial"), ("市发展改革委机关党委", "party"), ("亲清助企服务团", "group"),
        ("市纪委监委", "party")]


@pytest.mark.parametrize("segmenter", ["jieba", "pkuseg"])
def test_lexicon_terms_stay_whole(segmenter):
    nlp = pipeline.load(segmenter=segmenter)
    doc = nlp("推进五基三化建设，市委组织部牵头成立亲清助企服务团，坚决做到两个维护")
    tokens = [t.text for t in doc]
    for term in ("五基三化", "市委组织部", "亲清助企服务团", "两个维护"):
        assert term in tokens, (segmenter, tokens)


def slogans(text: str):
    return [(s.text, s.kind) for s in pipeline.extract(text.encode("utf-8")).slogans]


def test_slogans_by_shape_and_context():
    text = ("坚决做到“两个维护”，走好第一方阵，开展“我为群众办实事”实践活动，打造“阳光东街”党建品牌，"
            "落实“社区吹哨、部门报到”，推广“345工作法”，政治建设是机关党建的“纲”与“魂”。")
    assert slogans(text) == [("两个维护", "formula"), ("第一方阵", "formula"), ("我为群众办实事", "campaign"),
                             ("阳光东街", "brand"), ("社区吹哨、部门报到", "motto"), ("345工作法", "formula")]


def test_quoted_speech_is_not_a_slogan():
    text = "他说：“服务团没有走过场，而是真正坐下来听我们反馈问题，帮我们分析问题。”"
    assert slogans(text) == []


def test_references():
    text = ("依据《中共广西壮族自治区委员会贯彻〈中国共产党党和国家机关基层组织工作条例〉实施办法》，"
            "起草《关于全面加强新时代机关党的建设的意见》，《桂林日报》《机关党建先锋》专栏刊发。")
    refs = [(r.text, r.kind) for r in pipeline.extract(text.encode("utf-8")).references]
    assert refs == [
        # the 〈〉 title inside is part of this title, not a reference of its own
        ("中共广西壮族自治区委员会贯彻〈中国共产党党和国家机关基层组织工作条例〉实施办法", "regulation"),
        ("关于全面加强新时代机关党的建设的意见", "policy"),
        ("桂林日报", "media"), ("机关党建先锋", "media")]


def test_traditional_pinyin_seed_gives_the_names_of_its_simplified_reading():
    original = pipeline.extract(SEEDS[2])
    simplified = pipeline.extract(read(SEEDS[2]).text.encode("utf-8"))
    assert [(o.norm, o.name, o.kind) for o in original.organizations] == \
        [(o.norm, o.name, o.kind) for o in simplified.organizations]
    assert [(s.norm, s.kind) for s in original.slogans] == [(s.norm, s.kind) for s in simplified.slogans]
    assert "广西壮族自治区党委区直机关工委" in {o.name for o in original.organizations}
    assert original.organizations[0].text == "自治區(qū)黨委宣傳部"  # original offsets, pinyin included


def test_show_html(tmp_path):
    from pipeline.show import write

    out = write(SEEDS[0], tmp_path / "report.html")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for label in ("METRIC", "DATE", "ORG", "SLOGAN", "REF"):
        assert f">{label}<" in page
    assert "亲清助企服务团" in page


def test_left_walk_is_bounded():
    """A run of components (`市委市委…`) is walked at most MAX_NAME characters to the left:
    the walk from every terminal is bounded, so the whole text costs linear time."""
    from pipeline.extractors import organizations as o

    text = "市委" * 500
    start, _, _ = o._extend_left(text, len(text) - 2, allow_proper=False)
    assert start == len(text) - 2 - o.MAX_NAME
    assert [h.name for h in o.find("桂林市委" + "组织部")] == ["桂林市委组织部"]


# runs of heads, places and bodies: every terminal in them starts a left walk
RUNS = ["市委", "县委", "区政府", "党委", "市委办公室", "广西党委", "街道党工委", "高庄村党支部", "省市县区乡镇村政府",
        "市委县委区委党委党工委镇政府街道办事处村委会", "学校", "有限公司", "省农业农村厅", "周家镇党委",
        "县十六届人大常委会", "经济开发区管委会"]


@pytest.mark.parametrize("token", RUNS)
def test_left_walks_do_linear_work_on_runs(token, monkeypatch):
    """The steps of all left walks (the helpers every step calls, counted) on a run of
    n and of 4n characters: the work grows with the text (at most 5x), not with its square.
    Counted, not timed: machine load cannot move it."""
    from pipeline.extractors import organizations as o

    calls = 0

    def counted(fn):
        def wrapper(*args, **kwargs):
            nonlocal calls
            calls += 1
            return fn(*args, **kwargs)
        return wrapper

    for name in ("_extend_left", "_dept_start", "_zone_before", "_place_before", "_component_before",
                 "_comps_ending_at", "_stop_ends_at"):
        monkeypatch.setattr(o, name, counted(getattr(o, name)))
    work = []
    for n in (1000, 4000):
        o._steps.cache_clear()
        calls = 0
        o.find((token * n)[:n])
        work.append(calls)
    assert 0 < work[1] <= 5 * work[0], work


def test_trie_pattern_finds_what_the_flat_alternation_finds():
    import regex

    from pipeline.extractors import organizations as o
    from pipeline.extractors.regions import trie_pattern

    terms = [t for t, (_, role) in o._lexicon().items() if role in ("body", "part", "suffix", "dept", "self")]
    flat = regex.compile("|".join(regex.escape(t) for t in sorted(terms, key=len, reverse=True)))
    trie = regex.compile(trie_pattern(terms))
    for path in SEEDS:
        text = read(path).text
        assert [(m.start(), m.group()) for m in trie.finditer(text, overlapped=True)] == \
            [(m.start(), m.group()) for m in flat.finditer(text, overlapped=True)]
