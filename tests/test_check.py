"""`zhfacts check` and `zhfacts rule`: every gap of the draft at its exact place, silence on
finished reports, each rule's true case and near-miss (the widened consistency rules too),
the text format and summary in both languages, exit codes, --list-rules."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import CORPORA, SEEDS

from pipeline.check import RULES
from pipeline.cli import main

DRAFT = SEEDS[1]
ENGLISH = {"LC_ALL": "C.UTF-8", "LC_MESSAGES": None, "LANG": None}


def zhfacts(*args, stdin: str | None = None, env: dict | None = None):
    """Run the command line in this process (spaCy loads once), English locale unless `env`."""
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin.encode() if stdin is not None else None,
                              env=env or ENGLISH, catch_exceptions=False)


def rules_of(res) -> list[str]:
    return [f["rule"] for f in json.loads(res.stdout)]


def test_every_gap_of_the_draft_at_its_gold_line_and_column():
    res = zhfacts("check", DRAFT, "--output-format", "json")
    assert res.exit_code == 1
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
    assert len(lines) == 30
    assert res.stderr.strip() == "30 findings in 1 file: 30 errors"


def test_text_in_chinese():
    res = zhfacts("check", DRAFT, "--lang", "zh")
    assert res.stdout.splitlines()[0] == (f"{DRAFT}:4:141: ZH-GAP-NUMBER 错误：空缺「*人」：「人」前缺少数字"
                                          "（配备专职副书记）「已配备专职副书记*人」")
    assert res.stderr.strip() == "1 个文件中发现 30 处问题：30 处错误"
    # the rule IDs and the machine formats do not change with the language
    zh, en = (json.loads(zhfacts("check", DRAFT, "--format", "json", "--lang", lang).stdout) for lang in ("zh", "en"))
    assert [(f["rule"], f["line"], f["col"], f["severity"]) for f in zh] == \
        [(f["rule"], f["line"], f["col"], f["severity"]) for f in en]
    assert zh[0]["message"] == "空缺「*人」：「人」前缺少数字（配备专职副书记）"


@pytest.mark.parametrize("env, first_word", [
    ({"LC_ALL": None, "LC_MESSAGES": None, "LANG": "zh_CN.UTF-8"}, "错误"),
    ({"LC_ALL": "zh_TW.UTF-8", "LC_MESSAGES": None, "LANG": "en_US.UTF-8"}, "错误"),   # LC_ALL wins
    ({"LC_ALL": None, "LC_MESSAGES": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "error"),  # then LC_MESSAGES
    ({"LC_ALL": None, "LC_MESSAGES": None, "LANG": "de_DE.UTF-8"}, "error"),
])
def test_language_follows_the_locale(env, first_word):
    res = zhfacts("check", "-", stdin="培训*名。", env=env)
    assert res.stdout.split()[2].startswith(first_word)


def test_finished_reports_are_clean():
    res = zhfacts("check", SEEDS[0], SEEDS[2])
    assert (res.exit_code, res.stdout) == (0, "")
    assert res.stderr.strip() == "0 findings in 2 files: nothing to fix"


def test_unreadable_input_exits_2_and_is_not_counted(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a docx")
    res = zhfacts("check", bad, SEEDS[0])
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [f"zhfacts: error: {bad}: broken .docx: not a ZIP package",
                                       "0 findings in 1 file: nothing to fix; 1 file could not be read"]
    res = zhfacts("check", tmp_path / "missing.txt", "--lang", "zh")
    assert res.exit_code == 2
    assert res.stderr.splitlines()[-1] == "0 个文件中发现 0 处问题：没有需要修改的地方；1 个文件无法读取"


def test_exit_codes_by_fail_level():
    warn = "所属40个党支部中，达标30个，占比50%。"
    assert zhfacts("check", "-", stdin=warn).exit_code == 0                      # a warning, below error
    assert zhfacts("check", "-", "--fail-level", "warning", stdin=warn).exit_code == 1
    assert zhfacts("check", "-", stdin="培训*名。").exit_code == 1
    assert zhfacts("check", "-", stdin="培训30名。").exit_code == 0
    res = zhfacts("check")
    assert res.exit_code == 2 and res.stderr.startswith("zhfacts: error: check: give one or more files")


def test_exit_codes_in_a_real_process():
    """The console entry point, as a shell or CI sees it (0, 1, 2)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"}
    run = lambda *a, stdin="": subprocess.run([sys.executable, "-m", "pipeline", "check", *map(str, a)],
                                              input=stdin, capture_output=True, text=True, env=env, check=False)
    assert run("-", stdin="培训30名。").returncode == 0
    res = run("-", "--format", "github", stdin="培训*名。")
    assert res.returncode == 1
    assert res.stdout == ("::error file=<stdin>,line=1,col=3,endLine=1,endColumn=5,title=ZH-GAP-NUMBER::"
                          "gap 「*名」: the figure before 「名」 is missing (培训)「培训*名」\n")
    assert run("-", "--config", "/nonexistent/.zhfacts.toml").returncode == 2


@pytest.mark.parametrize("text, want", [
    ("全市党员覆盖率达120%，完成率为101.5%。", ["ZH-SHARE-OVER-100", "ZH-SHARE-OVER-100"]),
    ("全市党员同比增长150%，比上年提高120%，增幅达300%。", []),      # growths may pass 100%
    ("全市党员覆盖率达100%。", []),
])
def test_share_over_100(text, want):
    res = zhfacts("check", "-", "--format", "json", stdin=text)
    assert rules_of(res) == want
    assert res.exit_code == (1 if want else 0)


@pytest.mark.parametrize("text, want", [
    # a share that contradicts its counts, and its near-misses (consistent, rounded, another unit)
    ("所属40个党支部中，达标30个，占比50%。", ["ZH-SHARE-VS-COUNT"]),
    ("所属40个党支部中，达标30个，占比75%。", []),
    ("所属3个党支部中，达标1个，占比33.3%。", []),
    ("全市共有基层党组织40个，其中达标30个，占比为50%。", ["ZH-SHARE-VS-COUNT"]),   # 共有…，其中…，占比为
    ("全市共有基层党组织40个，其中达标30个，占比为75%。", []),
    ("全市共有基层党组织40个，其中培训党员30名，占比为50%。", []),               # 名 is not a part of 个
    ("全市共有企业200家，其中规上企业50家，占比40%。", ["ZH-SHARE-VS-COUNT"]),    # counts in 家
    ("全市共有企业200家，其中规上企业50家，占比25%。", []),
    ("共有党员120名，其中女党员40名，占比50%。", ["ZH-SHARE-VS-COUNT"]),         # counts in 名
    ("共有党员120名，其中女党员40人，占33.3%。", []),                          # 名 and 人 count alike
    ("共有企业40家，其中达标企业30家，比例为60%。", ["ZH-SHARE-VS-COUNT"]),
    # parts over their total, and parts within it
    ("全市共10个单位，其中A类6个、B类5个。", ["ZH-PARTS-OVER-TOTAL"]),
    ("全市共10个单位，其中A类4个、B类5个。", []),
    ("全市共有基层党组织40个，其中党委3个、党总支5个、党支部35个，党员1200名。", ["ZH-PARTS-OVER-TOTAL"]),
    ("全市共有基层党组织40个，其中党委3个、党总支5个、党支部32个，党员1200名。", []),
    ("全市共有企业50家，其中国有企业12家、民营企业45家。", ["ZH-PARTS-OVER-TOTAL"]),
    ("全市共有企业50家，其中国有企业12家、民营企业38家。", []),
    ("全市共有党员120名，其中正式党员110名、预备党员15名。", ["ZH-PARTS-OVER-TOTAL"]),
    ("全市共有党员120名，其中女党员80名、少数民族党员50名。", []),               # groups that overlap
    ("全市共有党员120名，其中女党员130名、少数民族党员50名。", ["ZH-PARTS-OVER-TOTAL"]),  # but none passes the whole
    ("全市共有党支部40个，其中达标35个、示范10个。", []),                         # ratings overlap too
    # one subject, two figures; near-miss: different units, or an approximate figure
    ("服务企业党组织有12个。服务企业党组织有15个。", ["ZH-SAME-SUBJECT"]),
    ("服务企业党组织有12个。服务企业党组织有15名。", []),
    ("服务企业党组织有12个。服务企业党组织有15个左右。", []),
])
def test_consistency_rules(text, want):
    res = zhfacts("check", "-", "--format", "json", "--fail-level", "warning", stdin=text)
    assert rules_of(res) == want
    assert res.exit_code == (1 if want else 0)


def test_consistency_messages():
    res = zhfacts("check", "-", stdin="全市共有基层党组织40个，其中达标30个，占比为50%。")
    assert res.stdout.splitlines() == [
        ("<stdin>:1:22: ZH-SHARE-VS-COUNT warning: 占比50% but 30 of 40 is 75.0%"
         "「全市共有基层党组织40个，其中达标30个，占比为50%」")]
    res = zhfacts("check", "-", "--lang", "zh", stdin="全市共有企业50家，其中国有企业12家、民营企业45家。")
    assert res.stdout.splitlines() == [
        ("<stdin>:1:3: ZH-PARTS-OVER-TOTAL 错误：其中各项合计57（12 + 45），超过总数50"
         "「全市共有企业50家，其中国有企业12家、民营企业45家」")]


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
    assert rules_of(res) == want


@pytest.mark.parametrize("rule", list(RULES))
def test_each_rules_own_example_and_near_miss(rule):
    """The sentences `zhfacts rule ID` shows are true: the example gives that rule, the
    near-miss gives nothing at all."""
    r = RULES[rule]
    assert rule in rules_of(zhfacts("check", "-", "--format", "json", stdin=r.example))
    assert rules_of(zhfacts("check", "-", "--format", "json", stdin=r.near_miss)) == []


def test_rule_explains_with_a_true_case_and_a_near_miss():
    res = zhfacts("rule", "ZH-SHARE-VS-COUNT")
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[:2] == ["ZH-SHARE-VS-COUNT (warning)",
                         "a share that contradicts the counts beside it (40个中达标30个、占比50%)"]
    assert lines[5:11] == [
        "Finds:", "    全市共有基层党组织40个，其中达标30个，占比为50%。",
        ("    → <example>:1:22: ZH-SHARE-VS-COUNT warning: 占比50% but 30 of 40 is 75.0%"
         "「全市共有基层党组织40个，其中达标30个，占比为50%」"),
        "Stays silent on (a near-miss):", "    全市共有基层党组织40个，其中培训党员30名，占比为50%。", "    → (no finding)"]
    zh = zhfacts("rule", "zh-gap-number", "--lang", "zh").stdout.splitlines()
    assert zh[:2] == ["ZH-GAP-NUMBER (错误)", "单位前的数字留了占位符（*人、XX个、?个）"]
    assert "会报告：" in zh and "    → （没有问题）" in zh


def test_rule_unknown_id():
    res = zhfacts("rule", "ZH-GAP-NUMBR")
    assert res.exit_code == 2
    assert res.stderr == ("zhfacts: error: rule: unknown rule ID 'ZH-GAP-NUMBR' (did you mean ZH-GAP-NUMBER?); "
                          "`zhfacts rule` lists them\n")


IDS = ["ZH-GAP-NUMBER", "ZH-GAP-PERCENT", "ZH-GAP-NAME", "ZH-GAP-DATE", "ZH-GAP-MISSING-VALUE", "ZH-SHARE-OVER-100",
       "ZH-SHARE-VS-COUNT", "ZH-PARTS-OVER-TOTAL", "ZH-SAME-SUBJECT"]


def test_list_rules_alone():
    res = zhfacts("check", "--list-rules")
    assert res.exit_code == 0
    assert [ln.split()[0] for ln in res.stdout.splitlines()] == IDS
    assert res.stdout.splitlines()[0].split(None, 2)[1] == "error"
    assert zhfacts("rule").stdout == res.stdout
    assert "单位前的数字留了占位符" in zhfacts("check", "--list-rules", "--lang", "zh").stdout
