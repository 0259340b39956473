"""The scorer (`zhfacts eval`): what counts as a hit, a miss and a false hit."""
from pipeline.evaluate import score_one


def _metric(start, end, text, value, unit):
    return {"start": start, "end": end, "text": text, "norm": text, "value": value, "unit": unit, "approx": None}


def test_a_borderline_metric_found_but_not_in_the_gold_is_no_false_hit():
    # §2: 连续13年 is reported, not scored; a gold that leaves it out must not punish it
    predicted = [_metric(0, 5, "连续13年", 13.0, "年"), _metric(8, 11, "12人", 12.0, "人")]
    sc = score_one("metrics", predicted, [_metric(8, 11, "12人", 12.0, "人")], "x.txt")
    assert (sc.tp, sc.fp, sc.fn) == (1, 0, 0)


def test_a_gold_item_marked_unscored_counts_neither_way():
    gold = [dict(_metric(0, 4, "六大活动", 6.0, "项"), scored=False)]
    assert (lambda sc: (sc.tp, sc.fp, sc.fn))(score_one("metrics", [_metric(0, 4, "六大活动", 6.0, "项")], gold, "x")) == (0, 0, 0)
    assert (lambda sc: (sc.tp, sc.fp, sc.fn))(score_one("metrics", [], gold, "x")) == (0, 0, 0)


def test_an_ordinary_metric_not_in_the_gold_is_a_false_hit():
    sc = score_one("metrics", [_metric(0, 3, "12人", 12.0, "人")], [], "x.txt")
    assert (sc.tp, sc.fp, sc.fn) == (0, 1, 0)
    assert sc.false_hits == ["x.txt: [0:3] '12人' value=12.0, unit='人', approx=None"]


def test_the_report_beside_the_gold_wins_over_one_of_the_same_name_where_the_command_runs(tmp_path, monkeypatch):
    from pipeline.evaluate import resolve_source
    (tmp_path / "set" / "gold").mkdir(parents=True)
    (tmp_path / "set" / "a.txt").write_text("the gold's report", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.txt").write_text("another report", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert resolve_source(tmp_path / "set" / "gold" / "a.json", "a.txt") == tmp_path / "set" / "a.txt"


def test_the_report_counts_the_documents_whose_region_and_ref_date_agree_with_the_gold():
    from pipeline.evaluate import Report, agreement, format_report
    rep = Report({}, {}, {"a.txt": {"title": ("t", "t"), "region": ("济南", "济南"), "ref_date": ("2024", "2023")},
                          "b.txt": {"title": ("u", "u"), "region": (None, "汶上"), "ref_date": (None, None)},
                          "c.txt": {"title": ("v", "v")}})  # a gold that leaves the fields out is not judged on them
    assert agreement(rep, "region") == (1, 2)
    assert agreement(rep, "ref_date") == (1, 2)
    assert "documents agreeing with the gold: region 1 of 2 (0.500); ref_date 1 of 2 (0.500)" in format_report(rep).splitlines()
