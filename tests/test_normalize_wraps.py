"""Soft line breaks: a figure cut from its unit, the lines of a fixed-width text joined;
headings, sentence ends and ordinary line breaks left alone; offsets keep the breaks."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import extract
from pipeline.normalize import normalize_text


def clean(text: str) -> str:
    return normalize_text(text).text


@pytest.mark.parametrize("raw, want", [
    ("本镇于2021\n年启动老街改造", "本镇于2021年启动老街改造"),
    ("1—10\n月份，工业产值增长", "1—10月份，工业产值增长"),
    ("完成地区生产总值\nXX\n亿元，增长\n5%\n；", "完成地区生产总值\nXX亿元，增长\n5%\n；"),
    ("完成投资 XX 亿\n元", "完成投资 XX 亿元"),
    ("税收增长 11.X\n%，居全省第三", "税收增长 11.X%，居全省第三"),
    ("出境旅客18万4,768\n\n      人次", "出境旅客18万4,768人次"),   # a table's cell run over three lines
    ("新增耕地7860\n亩", "新增耕地7860亩"),
    # near misses: no figure before the break, or no unit after it
    ("工作要点\n人员安排", "工作要点\n人员安排"),
    ("第一部分 2023\n二、主要做法", "第一部分 2023\n二、主要做法"),
    ("收到邮件一箱 box\n个人信件", "收到邮件一箱 box\n个人信件"),     # x ends a word, no gap
    ("联系电话：12345\n地址：新华路", "联系电话：12345\n地址：新华路"),
    # a unit that begins a common word opens the next line's own word (a label, a page number)
    ("详见附件1\n人员名单及分工", "详见附件1\n人员名单及分工"),
    ("企业数量：125\n家庭农场：36", "企业数量：125\n家庭农场：36"),
    ("附件3\n月度工作计划表", "附件3\n月度工作计划表"),
    ("成效显著。\n2\n人民群众满意", "成效显著。\n2\n人民群众满意"),
    ("**重点工作**\n万众一心", "**重点工作**\n万众一心"),
    ("XX\n亿\n元", "XX亿元"),
    ("1億5,717\n\n   萬4,800元", "1亿5,717万4,800元"),
])
def test_figure_cut_from_its_unit(raw, want):
    assert clean(raw) == want


# our own paragraphs, cut at a fixed width the way a PDF's text comes out
PARAGRAPH = ("今年以来，我局坚持以人民为中心的发展思想，围绕全年目标任务，统筹推进各项工作，着力补齐民生短板，"
             "全年共新建道路十二公里，改造老旧小区三十个，新增就业岗位一千余个，群众满意度持续提升。")
SECOND = ("我们把“党建引领、服务先行”作为工作主线，建立了局领导联系基层制度，每季度开展一次走访调研，"
          "帮助基层解决实际困难四十余件。")


def _wrapped(text: str, width: int) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_fixed_width_lines_are_joined_but_not_headings(sep):
    raw = "\n".join(["关于2023年工作的总结", _wrapped(PARAGRAPH, 16), "一、主要做法", _wrapped(SECOND, 16)])
    raw = raw.replace("\n", sep)
    out = clean(raw)
    assert out == sep.join(["关于2023年工作的总结", PARAGRAPH, "一、主要做法", SECOND])


def test_a_wrapped_line_that_closes_a_sentence_keeps_its_break():
    body = _wrapped(PARAGRAPH, 16).split("\n")
    body[2] = body[2][:-1] + "。"  # the third line now ends a sentence
    out = clean("\n".join(body))
    assert out.count("\n") == 1 and out.split("\n")[0].endswith("。")


@pytest.mark.parametrize("raw", [
    # paragraphs of a web page: lines of every width, each a paragraph
    "一、主要做法\n" + PARAGRAPH + "\n（二）服务群众\n" + SECOND,
    # a list of equal lines that each close their sentence
    "\n".join(["第一条　建立联系基层制度，每季度走访一次。"] * 6),
    # a page's repeated titles, then a paragraph wider than them
    "\n".join([f"2020年中心小学年度工作总结_第{i}页" for i in range(1, 6)]) + "\n" + PARAGRAPH + SECOND,
    # headings of equal width, each before its paragraph
    "\n".join(f"（{n}）坚决做好疫情防控工作\n{PARAGRAPH}" for n in "一二三四"),
])
def test_texts_that_are_not_fixed_width_keep_their_lines(raw):
    assert clean(raw).count("\n") == raw.count("\n")


@pytest.mark.parametrize("raw", [
    # equal lines with no comma or stop: a list of names, a table's rows parted by single spaces
    "\n".join(["桂林市七星区东江街道党工委", "桂林市七星区漓东街道党工委", "桂林市七星区七星区街道党工委",
               "桂林市七星区穿山街道党工委", "桂林市七星区朝阳乡人民政府"]),
    "\n".join(["张三 男 汉族 1975年5月 大学 县委办主任", "李四 女 汉族 1980年3月 大学 县政府办主任",
               "王五 男 回族 1978年9月 研究生 县发改局局长", "赵六 女 汉族 1982年1月 大学 县财政局局长"]),
    # items opening with ① or 1）
    "\n".join([f"{n}全年完成固定资产投资五十亿元，同比增长百分之十二" for n in "①②③④⑤"]),
    "\n".join([f"{n}）全年完成固定资产投资五十亿元，同比增长百分之十二" for n in "12345"]),
])
def test_lists_keep_their_lines(raw):
    assert clean(raw).count("\n") == raw.count("\n")


def test_a_heading_as_wide_as_the_lines_stays_on_its_own_line():
    body = _wrapped(PARAGRAPH, 16).split("\n")
    raw = "\n".join(body[:3] + ["二、主要工作完成情况及经验做法"] + body[3:])
    out = clean(raw)
    assert "\n二、主要工作完成情况及经验做法\n" in out


def test_facts_across_a_soft_break_span_it_in_the_original():
    raw = ("镇人民政府工作报告\n前三季度，完成地区生产总值\nXX\n亿元；\n新增耕地7860\n亩，"
           "本镇于2021\n年启动老街改造。").encode()
    result = extract(raw)
    text = raw.decode()
    assert [(m.text, m.value, m.unit) for m in result.facts["metrics"]] == [("7860\n亩", 7860.0, "亩")]
    assert [(p.text, p.norm, p.unit, p.line) for p in result.facts["placeholders"]] == [("XX\n亿元", "XX亿元", "元", 3)]
    assert [(d.text, d.value) for d in result.facts["dates"]] == [("前三季度", "2021-01/2021-09"), ("2021\n年", "2021")]
    for f in result.facts["metrics"] + result.facts["placeholders"] + result.facts["dates"]:
        assert text[f.start:f.end] == f.text


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(PARAGRAPH) - 40), st.integers(8, 30), st.sampled_from(["\n", "\n\n", " \n"]))
def test_joining_keeps_every_character_traceable(start, width, sep):
    piece = (PARAGRAPH + SECOND)[start:]
    raw = sep.join(piece[i:i + width] for i in range(0, len(piece), width))
    doc = normalize_text(raw)
    # only breaks and the spaces before them go; every kept character maps onto itself
    assert doc.text.replace("\n", "").replace(" ", "") == raw.replace("\n", "").replace(" ", "")
    for i, ch in enumerate(doc.text):
        s, e = doc.offsets.span(i, i + 1)
        assert raw[s:e] == ch


def test_a_table_of_equal_rows_keeps_its_rows():
    rows = [f"第{n}季度新增企业户数      {n * 12}户      同比增长情况见附表" for n in range(1, 7)]
    raw = "\n".join(rows)
    assert clean(raw).count("\n") == 5
