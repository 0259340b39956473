"""Suppression without marks in the draft (a baseline file: accept today's 30 gaps of the
draft seed, edit the draft elsewhere, see only the new gap) and with marks, for those who
want them (inline ignores with and without a rule ID, the block form)."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import SEEDS

from pipeline.cli import main

DRAFT = SEEDS[1]
ENGLISH = {"LC_ALL": "C.UTF-8", "LC_MESSAGES": None, "LANG": None}


def zhfacts(*args, stdin: str | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin.encode() if stdin is not None else None,
                              env=ENGLISH, catch_exceptions=False)


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "drafts").mkdir()
    shutil.copy(DRAFT, tmp_path / "drafts" / "draft.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_baseline_round_trip(project):
    draft = project / "drafts" / "draft.txt"
    res = zhfacts("check", "drafts/draft.txt", "--baseline", "base.json", "--update-baseline")
    assert (res.exit_code, res.stdout, res.stderr) == (0, "", "base.json: 30 finding(s) accepted\n")
    saved = json.loads((project / "base.json").read_text(encoding="utf-8"))
    assert saved["format"] == "zhfacts-check-baseline" and saved["version"] == 1
    assert sum(e["count"] for e in saved["findings"]) == 30
    assert {e["path"] for e in saved["findings"]} == {"drafts/draft.txt"}
    assert {"rule": "ZH-GAP-NUMBER", "path": "drafts/draft.txt", "context": "已配备专职副书记*人", "count": 1} \
        in saved["findings"]

    res = zhfacts("check", "drafts/draft.txt", "--baseline", "base.json")
    assert (res.exit_code, res.stdout) == (0, "")
    assert res.stderr == "0 findings in 1 file: nothing to fix; 30 more in the baseline\n"

    # edit elsewhere: a new first paragraph (every line moves down) and a reworded title
    text = draft.read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[0] = lines[0].replace("发言", "讲话")
    edited = "（根据会议讨论修改）\n" + "\n".join(lines)
    draft.write_text(edited, encoding="utf-8")
    res = zhfacts("check", "drafts/draft.txt", "--baseline", "base.json")
    assert (res.exit_code, res.stdout) == (0, "")

    # a new gap is reported, and only it, at its place
    draft.write_text(edited + "全年新增发展党员*名。\n", encoding="utf-8")
    res = zhfacts("check", "drafts/draft.txt", "--baseline", "base.json", "--format", "json")
    assert res.exit_code == 1
    new = json.loads(res.stdout)
    n_lines = (edited + "全年新增发展党员*名。\n").count("\n")
    assert [(f["line"], f["col"], f["rule"], f["context"]) for f in new] == [
        (n_lines, 9, "ZH-GAP-NUMBER", "全年新增发展党员*名")]
    assert res.stderr == ""

    # the same gap copied elsewhere is a second one: new as well
    draft.write_text(edited + lines[3][lines[3].index("已配备专职副书记*人"):][:10] + "。\n", encoding="utf-8")
    res = zhfacts("check", "drafts/draft.txt", "--baseline", "base.json", "--format", "json")
    assert [(f["rule"], f["context"]) for f in json.loads(res.stdout)] == [("ZH-GAP-NUMBER", "已配备专职副书记*人")]

    # fixing a baselined gap is simply quiet
    draft.write_text(edited.replace("已配备专职副书记*人", "已配备专职副书记3人"), encoding="utf-8")
    res = zhfacts("check", "drafts/draft.txt", "--baseline", "base.json")
    assert (res.exit_code, res.stdout) == (0, "")
    assert res.stderr == "0 findings in 1 file: nothing to fix; 29 more in the baseline\n"


def test_baseline_paths_are_relative_to_the_baseline(project, monkeypatch):
    zhfacts("check", "drafts/draft.txt", "--baseline", "base.json", "--update-baseline")
    monkeypatch.chdir(project / "drafts")
    res = zhfacts("check", "draft.txt", "--baseline", "../base.json")
    assert (res.exit_code, res.stdout) == (0, "")
    res = zhfacts("check", str(project / "drafts" / "draft.txt"), "--baseline", str(project / "base.json"))
    assert (res.exit_code, res.stdout) == (0, "")


def test_update_keeps_the_entries_of_files_not_checked(project):
    (project / "drafts" / "other.txt").write_text("培训*名。\n", encoding="utf-8")
    zhfacts("check", "drafts", "--baseline", "base.json", "--update-baseline")
    res = zhfacts("check", "drafts/other.txt", "--baseline", "base.json", "--update-baseline")
    assert res.stderr == "base.json: 31 finding(s) accepted\n"
    res = zhfacts("check", "drafts", "--baseline", "base.json")
    assert (res.exit_code, res.stdout) == (0, "")
    assert res.stderr == "0 findings in 2 files: nothing to fix; 31 more in the baseline\n"


@pytest.mark.parametrize("content, message", [
    (None, "base.json: no such baseline file (make it with --update-baseline)"),
    ("{", ("base.json: not a zhfacts baseline: Expecting property name enclosed in double quotes: "
           "line 1 column 2 (char 1)")),
    ('{"findings": []}', 'base.json: not a zhfacts baseline (no "format": "zhfacts-check-baseline" with a findings list)'),
    ('{"format": "zhfacts-check-baseline", "version": 9, "findings": []}',
     "base.json: baseline version 9; this zhfacts reads 1"),
    ('{"format": "zhfacts-check-baseline", "version": 1, "findings": [{"rule": "ZH-GAP-NUMBER"}]}',
     "base.json: broken baseline entry: KeyError('path')"),
])
def test_bad_baseline_is_exit_2(project, content, message):
    if content is not None:
        (project / "base.json").write_text(content, encoding="utf-8")
    res = zhfacts("check", "drafts/draft.txt", "--baseline", "base.json")
    assert (res.exit_code, res.stdout, res.stderr) == (2, "", f"zhfacts: error: {message}\n")


# ---- inline ignores ---------------------------------------------------------------------------

def rules(text: str, *args) -> list[tuple[int, str]]:
    res = zhfacts("check", "-", "--format", "json", *args, stdin=text)
    return [(f["line"], f["rule"]) for f in json.loads(res.stdout)]


def test_inline_ignore_with_and_without_rule_id():
    text = ("已配备专职副书记*人<!-- zhfacts: ignore ZH-GAP-NUMBER -->\n"     # this rule
            "落实专职党务工作人员*人（zhfacts:ignore）\n"                       # every rule, at the end of a line
            "占比*%<!-- zhfacts: ignore -->\n"                                  # every rule
            "培训*名，覆盖率*%<!-- zhfacts: ignore ZH-GAP-PERCENT -->\n"        # only the percent
            "培训*名（zhfacts:ignore ZH-GAP-NUMBER）\n"
            "培训*名<!-- zhfacts: ignore ZH-GAP-PERCENT, ZH-GAP-DATE -->\n")   # other rules: still reported
    assert rules(text) == [(4, "ZH-GAP-NUMBER"), (6, "ZH-GAP-NUMBER")]


def test_inline_block():
    text = ("培训*名。\n<!-- zhfacts: disable -->\n培训*名，占比*%。\n<!-- zhfacts: enable -->\n"
            "<!-- zhfacts: disable ZH-GAP-PERCENT -->\n培训*名，占比*%。\n培训*名，占比*%。\n"
            "<!-- zhfacts: enable ZH-GAP-PERCENT -->\n占比*%。\n<!-- zhfacts: disable ZH-GAP-NUMBER -->\n培训*名。\n")
    assert rules(text) == [(1, "ZH-GAP-NUMBER"), (6, "ZH-GAP-NUMBER"), (7, "ZH-GAP-NUMBER"), (9, "ZH-GAP-PERCENT")]


def test_unknown_rule_id_in_a_comment_is_reported():
    res = zhfacts("check", "-", stdin="培训*名<!-- zhfacts: ignore ZH-GAP-NUMBR -->\n")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == "zhfacts: warning: <stdin>:1: unknown rule ID 'ZH-GAP-NUMBR' in a zhfacts comment"
    assert res.stdout.startswith("<stdin>:1:3: ZH-GAP-NUMBER error:")


def test_a_long_unclosed_comment_is_not_a_comment():
    """The draft is untrusted: a comment that never closes silences nothing (and the
    pattern has no nested repetition to backtrack through)."""
    text = "<!-- zhfacts: ignore " + "ZH-GAP-NUMBER " * 20000 + "培训*名\n"
    assert rules(text) == [(1, "ZH-GAP-NUMBER")]
