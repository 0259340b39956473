"""`zhfacts check`: every gap of the draft at its exact place, silence on finished
reports, the share rule with its near-miss, suppression, JSON, SARIF, exit codes."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import CORPORA, SEEDS

DRAFT = SEEDS[1]


def zhfacts(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          input=stdin, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_every_gap_of_the_draft_at_its_gold_line_and_column():
    res = zhfacts("check", DRAFT, "--format", "json")
    assert res.returncode == 1
    got = [(f["line"], f["col"], f["rule"]) for f in json.loads(res.stdout)]
    gold = json.loads((CORPORA / "gold" / f"{DRAFT.stem}.json").read_text(encoding="utf-8"))["placeholders"]
    rule = {"number": "ZH-GAP-NUMBER", "percent": "ZH-GAP-PERCENT", "name": "ZH-GAP-NAME", "date": "ZH-GAP-DATE",
            "missing_value": "ZH-GAP-MISSING-VALUE"}
    assert got == sorted((g["line"], g["col"], rule[g["kind"]]) for g in gold)
    assert len(got) == 30


def test_text_lines_and_summary():
    res = zhfacts("check", DRAFT)
    lines = res.stdout.splitlines()
    assert lines[0] == (f"{DRAFT}:4:141: ZH-GAP-NUMBER error: gap 「*人」: the figure before 「人」 is missing "
                        "(配备专职副书记)「已配备专职副书记*人」")
    assert res.stderr.strip().endswith("30 finding(s) in 1 file(s): 30 errors")


def test_finished_reports_are_clean():
    res = zhfacts("check", SEEDS[0], SEEDS[2])
    assert (res.returncode, res.stdout) == (0, "")
    assert res.stderr.strip() == "0 finding(s) in 2 file(s)"


@pytest.mark.parametrize("text, want", [
    ("全市党员覆盖率达120%，完成率为101.5%。", ["ZH-SHARE-OVER-100", "ZH-SHARE-OVER-100"]),
    ("全市党员同比增长150%，比上年提高120%，增幅达300%。", []),      # growths may pass 100%
    ("全市党员覆盖率达100%。", []),
])
def test_share_over_100(text, want):
    res = zhfacts("check", "-", "--format", "json", stdin=text)
    assert [f["rule"] for f in json.loads(res.stdout)] == want
    assert res.returncode == (1 if want else 0)


def test_suppression_and_disabled_rules():
    text = ("已配备专职副书记*人<!-- zhfacts: ignore ZH-GAP-NUMBER -->\n落实专职党务工作人员*人（zhfacts:ignore）\n"
            "占比*%\n培训*名\n")
    res = zhfacts("check", "-", "--format", "json", "--disable", "ZH-GAP-PERCENT", stdin=text)
    assert [(f["line"], f["rule"]) for f in json.loads(res.stdout)] == [(4, "ZH-GAP-NUMBER")]
    res = zhfacts("check", "-", "--fail-level", "error", stdin="覆盖率*%")
    assert res.returncode == 1


def test_sarif():
    res = zhfacts("check", DRAFT, "--format", "sarif")
    sarif = json.loads(res.stdout)
    assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["name"] == "zhfacts" and run["columnKind"] == "unicodeCodePoints"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    first = run["results"][0]
    assert first["ruleId"] == "ZH-GAP-NUMBER" and rule_ids[first["ruleIndex"]] == "ZH-GAP-NUMBER"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4, "startColumn": 141, "endLine": 4, "endColumn": 143}
    assert len(run["results"]) == 30


def test_unreadable_input_exits_2(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a docx")
    res = zhfacts("check", bad)
    assert res.returncode == 2
    assert res.stderr.splitlines()[0] == f"zhfacts: error: {bad}: broken .docx: not a ZIP package"


def test_list_rules():
    res = zhfacts("check", "x", "--list-rules")
    assert [ln.split()[0] for ln in res.stdout.splitlines()] == [
        "ZH-GAP-NUMBER", "ZH-GAP-PERCENT", "ZH-GAP-NAME", "ZH-GAP-DATE", "ZH-GAP-MISSING-VALUE", "ZH-SHARE-OVER-100",
        "ZH-SHARE-VS-COUNT", "ZH-PARTS-OVER-TOTAL", "ZH-SAME-SUBJECT"]


@pytest.mark.parametrize("text, want", [
    # a share that contradicts its counts, and its near-miss (consistent, or rounded)
    ("所属40个党支部中，达标30个，占比50%。", ["ZH-SHARE-VS-COUNT"]),
    ("所属40个党支部中，达标30个，占比75%。", []),
    ("所属3个党支部中，达标1个，占比33.3%。", []),
    # parts over their total, and parts within it
    ("全市共10个单位，其中A类6个、B类5个。", ["ZH-PARTS-OVER-TOTAL"]),
    ("全市共10个单位，其中A类4个、B类5个。", []),
    # one subject, two figures; near-miss: different units, or an approximate figure
    ("服务企业党组织有12个。服务企业党组织有15个。", ["ZH-SAME-SUBJECT"]),
    ("服务企业党组织有12个。服务企业党组织有15名。", []),
    ("服务企业党组织有12个。服务企业党组织有15个左右。", []),
])
def test_consistency_rules(text, want):
    res = zhfacts("check", "-", "--format", "json", "--fail-level", "warning", stdin=text)
    assert [f["rule"] for f in json.loads(res.stdout)] == want
    assert res.returncode == (1 if want else 0)


def test_share_vs_count_message():
    res = zhfacts("check", "-", stdin="所属40个党支部中，达标30个，占比50%。")
    assert res.stdout.splitlines() == [
        "<stdin>:1:19: ZH-SHARE-VS-COUNT warning: 占比50% but 30 of 40 is 75.0%「所属40个党支部中，达标30个，占比50%」"]
    assert res.returncode == 0  # a warning is below the default fail level


def test_config_from_zhfacts_toml_and_pyproject(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("覆盖率*%，共△△个单位，培训*名。\n", encoding="utf-8")
    (tmp_path / ".zhfacts.toml").write_text(
        '[check]\ndisable = ["ZH-GAP-PERCENT"]\nextra-markers = ["△△"]\n', encoding="utf-8")
    run = lambda: subprocess.run([sys.executable, "-m", "pipeline", "check", "draft.txt", "--format", "json"],
                                 capture_output=True, text=True, cwd=tmp_path)
    assert [(f["col"], f["rule"]) for f in json.loads(run().stdout)] == [(8, "ZH-GAP-NUMBER"), (16, "ZH-GAP-NUMBER")]
    (tmp_path / ".zhfacts.toml").unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.zhfacts.check]\ndisable = ["ZH-GAP-NUMBER"]\n', encoding="utf-8")
    assert [f["rule"] for f in json.loads(run().stdout)] == ["ZH-GAP-PERCENT"]
    (tmp_path / "pyproject.toml").write_text('[tool.zhfacts.check]\nfail_level = "x"\n', encoding="utf-8")
    res = run()
    assert res.returncode == 2 and "unknown zhfacts check setting(s): fail_level" in res.stderr


@pytest.mark.parametrize("text, want", [
    ("尊敬的×××同志：", ["ZH-GAP-NAME"]),
    ("3×5的矩阵，X光检查。", []),                          # a product and a letter, not gaps
    ("会议于2024年*月召开。", ["ZH-GAP-DATE"]),
    ("会议于2024年3月召开。", []),
    ("共?个单位参加。", ["ZH-GAP-NUMBER"]),
    ("学习“7?9”讲话，你们达标了吗？", []),                  # a lost interpunct and a real question
    ("占比“四星级”党组织*个", ["ZH-GAP-MISSING-VALUE", "ZH-GAP-NUMBER"]),
    ("党员占比较高，占比逐年提升。", []),                    # a ratio word in prose
    ("□本报记者周文俊", []),                                # a byline bullet
])
def test_gap_rules_true_cases_and_near_misses(text, want):
    res = zhfacts("check", "-", "--format", "json", stdin=text)
    assert [f["rule"] for f in json.loads(res.stdout)] == want
