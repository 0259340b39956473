"""Metrics, dates and placeholders on exact cases, with the near-misses that must stay silent."""
from __future__ import annotations

import pytest

from pipeline.extractors import extract


def facts(text: str, kind: str, ref_date: str | None = "2024-08"):
    result = extract(text.encode("utf-8"), ref_date=ref_date)
    return result.facts[kind]


def metrics(text):
    return [(m.text, m.value, m.unit, m.approx) for m in facts(text, "metrics")]


@pytest.mark.parametrize("text, want", [
    ("目前已推动全市78个直属机关党组织全部由一把手担任书记。", [("78个", 78.0, "个", None)]),
    ("1.35万名机关党员到社区报到服务9.78万次。", [("1.35万名", 13500.0, "名", None), ("9.78万次", 97800.0, "次", None)]),
    ("桂林市二产增加值达236.30亿元，同比增长2.3%，较一季度提升7.9个百分点。",
     [("236.30亿元", 23630000000.0, "元", None), ("2.3%", 2.3, "%", None), ("7.9个百分点", 7.9, "百分点", None)]),
    ("開展示範培訓約7.5萬人次。", [("約7.5萬人次", 75000.0, "人次", "about")]),
    ("全区开展各类学习活动3万多场次，发现问题800多个，刊发160余期。",
     [("3万多场次", 30000.0, "场次", "more_than"), ("800多个", 800.0, "个", "more_than"),
      ("160余期", 160.0, "期", "more_than")]),
    ("受教育干部40余万人次。", [("40余万人次", 400000.0, "人次", "more_than")]),
    ("培训万余名干部，近百名专家参加。", [("万余名", 10000.0, "名", "more_than"), ("近百名", 100.0, "名", "nearly")]),
    ("开展两次督查，建立十二个示范点，健全三项制度。",
     [("两次", 2.0, "次", None), ("十二个", 12.0, "个", None), ("三项", 3.0, "项", None)]),
    ("听课党员达39,000人次，超过500人参加，1000人以上。",
     [("39,000人次", 39000.0, "人次", None), ("超过500人", 500.0, "人", "more_than"),
      ("1000人以上", 1000.0, "人", "more_than")]),
    ("综合办结率99.87%，覆盖率达百分之九十。", [("99.87%", 99.87, "%", None), ("百分之九十", 90.0, "%", None)]),
    ("发放救助金125.91万元。", [("125.91万元", 1259100.0, "元", None)]),
    ("粤桂合作连续13年召开。", [("连续13年", 13.0, "年", None)]),
])
def test_metric_values(text, want):
    assert metrics(text) == want


@pytest.mark.parametrize("text", [
    "坚决做到“两个维护”，当好“三个表率”，推行“345工作法”和“3456”机制。",
    "学习贯彻习近平总书记“7·9”重要讲话精神。",
    "拨打12345政务服务热线。",
    "学习贯彻党的二十大精神和二十届三中全会精神。",
    "一是强化政治引领，二是第一时间部署，首期开班。",
    "一把手带头，深入一线，一体推进，一对一帮扶，一批骨干，一系列举措。",
    "2019年7月9日召开会议，5年来持续推进。",
    "这是一个突出问题。",
])
def test_not_metrics(text):
    assert metrics(text) == []


def test_metric_subjects():
    got = {m.text: m.subject for m in facts("全市78个直属机关党组织全部达标，综合办结率99.87%，服务企业725家。", "metrics")}
    assert got == {"78个": "直属机关党组织", "99.87%": "综合办结率", "725家": "服务企业"}


def dates(text, ref_date="2024-08"):
    return [(d.text, d.value, d.granularity, d.relative, d.approx) for d in facts(text, "dates", ref_date)]


@pytest.mark.parametrize("text, want", [
    ("今年1—8月服务企业725家。", [("今年1—8月", "2024-01/2024-08", "range", True, None)]),
    ("今年4月至7月开展督查。", [("今年4月至7月", "2024-04/2024-07", "range", True, None)]),
    ("2024年上半年，2023年下半年。", [("2024年上半年", "2024-H1", "half", False, None),
                                    ("2023年下半年", "2023-H2", "half", False, None)]),
    ("2024年第三季度和一季度相比。", [("2024年第三季度", "2024-Q3", "quarter", False, None),
                                  ("一季度", "2024-Q1", "quarter", True, None)]),
    ("6月24日，服务团走进企业。", [("6月24日", "2024-06-24", "day", True, None)]),
    ("今年5月成立，今年6月24日座谈。", [("今年5月", "2024-05", "month", True, None),
                                   ("今年6月24日", "2024-06-24", "day", True, None)]),
    ("2019年7月9日讲话，2022年3月起草。", [("2019年7月9日", "2019-07-09", "day", False, None),
                                     ("2022年3月", "2022-03", "month", False, None)]),
    ("2019年以来，截至2024年8月底。", [("2019年以来", "2019/..", "range", False, None),
                                   ("截至2024年8月底", "../2024-08", "range", False, None)]),
    ("服务团成立四年来，近3年共开展。", [("四年来", "P4Y", "duration", False, None),
                                   ("近3年", "P3Y", "duration", False, "nearly")]),
    ("2019—2024年规划。", [("2019—2024年", "2019/2024", "range", False, None)]),
    ("去年10月。", [("去年10月", "2023-10", "month", True, None)]),
])
def test_date_values(text, want):
    assert dates(text) == want


@pytest.mark.parametrize("text", [
    "学习“7·9”重要讲话和“4·27”讲话精神。",
    "党的二十大胜利召开。",
    "近年来，目前，截至目前，每年都常态化开展。",
])
def test_not_dates(text):
    assert dates(text) == []


def test_relative_dates_without_ref_date_are_unresolved():
    assert dates("今年5月开展。", ref_date=None) == [("今年5月", None, "month", True, None)]



@pytest.mark.parametrize("text", [
    "2019年7月9日召开，2022年3月起草，今年1—8月，截至2024年8月底，5年来，近三年，8月12日、26日。",
    "一" * 3000 + "年" + "二〇二一年" * 50 + "日均" + "9" * 200 + "月份1" + "第" * 500,
    "2023-02-24 学习 2023/2/24、2023.02.24。" + "十" * 300 + "月三日" + "，" * 10 + "108年度",
    "服务团成立四年来，" * 40 + "截止到2021年年底" + "1-9月份" * 30,
])
def test_date_forms_searched_only_where_a_date_may_be(text):
    """The forms searched in the windows of `_windows` find what they find over the whole text."""
    from pipeline.extractors import dates

    whole = sorted(((m.start(), k, m.span()) for k, rx in enumerate(dates._PATTERNS) for m in rx.finditer(text)))
    end, want = -1, []
    for start, _, span in whole:
        if start >= end:
            end = span[1]
            want.append(span)
    assert [m.span() for m in dates._matches(text)] == want

def test_ref_date_inferred_from_the_text():
    result = extract("截至2024年8月，开展活动。今年5月成立服务团。".encode("utf-8"))
    assert result.document.ref_date == "2024-08"
    assert [(d.text, d.value) for d in result.dates] == [("截至2024年8月", "../2024-08"), ("今年5月", "2024-05")]


def gaps(text):
    return [(p.text, p.kind, p.unit, p.line, p.col) for p in facts(text, "placeholders")]


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, col) of the nth occurrence of needle, counted here, not typed."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


T1 = "覆盖率*%，共?个，XX个单位。"
T2 = "尊敬的×××同志：\n2024年*月召开，*多个问题。"
T3 = "联系人：某某，电话（ ）。"
T4 = "所属*个党组织中，“三星级”党组织*个、占比“四星级”党组织*个。"


@pytest.mark.parametrize("text, want", [
    ("已配备专职副书记*人。", [("*人", "number", "人", 1, 9)]),
    (T1, [("*%", "percent", "%", *at(T1, "*%")), ("?个", "number", "个", *at(T1, "?个")),
          ("XX个", "number", "个", *at(T1, "XX个"))]),
    (T2, [("×××", "name", None, *at(T2, "×××")), ("2024年*月", "date", None, *at(T2, "2024年*月")),
          ("*多个", "number", "个", *at(T2, "*多个"))]),
    (T3, [("某某", "name", None, *at(T3, "某某")), ("（ ）", "name", None, *at(T3, "（ ）"))]),
    (T4, [("*个", "number", "个", *at(T4, "*个", 0)), ("*个", "number", "个", *at(T4, "*个", 1)),
          ("占比", "missing_value", "%", *at(T4, "占比")), ("*个", "number", "个", *at(T4, "*个", 2))]),
])
def test_placeholders(text, want):
    assert gaps(text) == want


@pytest.mark.parametrize("text", [
    "□本报记者周文俊\n学习“7?9”讲话。",
    "3×5的矩阵，X光检查。注*：数据来源于统计局。",
    "党员占比较高，占比逐年提升。",
    "你们是否达标？请回答。",
])
def test_not_placeholders(text):
    assert gaps(text) == []
