"""`zhfacts check --output-format`: json, json-lines, github, gitlab and junit on the draft
seed, each in its consumer's terms — GitHub annotations pointing at the gap's characters,
GitLab Code Quality's documented required fields, JUnit XML valid against junit-10.xsd
(vendored in tests/data) — and an unreadable file reported in each. SARIF: test_check_sarif.py."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEEDS

from pipeline.cli import main

DRAFT, CLEAN = SEEDS[1], SEEDS[0]
DATA = Path(__file__).parent / "data"
ENGLISH = {"LC_ALL": "C.UTF-8", "LC_MESSAGES": None, "LANG": None}


def zhfacts(*args, stdin: str | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin.encode() if stdin is not None else None,
                              env=ENGLISH, catch_exceptions=False)


@pytest.fixture(scope="module")
def draft_json() -> list[dict]:
    res = zhfacts("check", DRAFT, "--output-format", "json")
    assert res.exit_code == 1
    return json.loads(res.stdout)


def test_json_and_json_lines_agree(draft_json):
    assert len(draft_json) == 30
    assert draft_json[0] == {
        "path": str(DRAFT), "line": 4, "col": 141, "end_line": 4, "end_col": 143, "rule": "ZH-GAP-NUMBER",
        "severity": "error", "message": "gap 「*人」: the figure before 「人」 is missing (配备专职副书记)",
        "context": "已配备专职副书记*人", "fingerprint": draft_json[0]["fingerprint"]}
    assert re.fullmatch(r"[0-9a-f]{32}", draft_json[0]["fingerprint"])
    assert len({f["fingerprint"] for f in draft_json}) == 30
    lines = zhfacts("check", DRAFT, "--output-format", "json-lines").stdout.splitlines()
    assert [json.loads(x) for x in lines] == draft_json


def test_format_is_an_alias_and_output_file(tmp_path, draft_json):
    out = tmp_path / "sub" / "gaps.json"
    res = zhfacts("check", DRAFT, "--format", "json", "-o", out)
    assert res.exit_code == 1 and res.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == draft_json
    assert res.stderr.strip() == "30 findings in 1 file: 30 errors"


# ---- GitHub Actions ---------------------------------------------------------------------------

GH_LINE = re.compile(r"::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),"
                     r"title=([^:]+)::(.*)")


def _unescape(s: str) -> str:
    return s.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_annotations_point_at_the_gaps():
    res = zhfacts("check", DRAFT, "--output-format", "github")
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert len(lines) == 30
    assert lines[0] == (f"::error file={DRAFT},line=4,col=141,endLine=4,endColumn=143,title=ZH-GAP-NUMBER::"
                        "gap 「*人」: the figure before 「人」 is missing (配备专职副书记)「已配备专职副书记*人」")
    assert lines[2] == (f"::error file={DRAFT},line=4,col=250,endLine=4,endColumn=252,title=ZH-GAP-PERCENT::"
                        "gap 「*%25」: the percentage is missing (机关党员接受党课教育)「实现机关党员接受党课教育*%25全覆盖」")
    text_lines = DRAFT.read_text(encoding="utf-8").split("\n")
    for ln in lines:
        m = GH_LINE.fullmatch(ln)
        assert m, ln
        level, path, line, col, end_line, end_col, rule, message = m.groups()
        assert (level, path, end_line) == ("error", str(DRAFT), line)
        assert rule.startswith("ZH-GAP-")
        # the annotation's characters are exactly the gap its message names
        gap = re.match(r"gap 「(.+?)」", _unescape(message)).group(1)
        assert text_lines[int(line) - 1][int(col) - 1:int(end_col) - 1] == gap, ln


def test_github_escapes_properties_and_data(tmp_path):
    odd = tmp_path / "a,b:c%.txt"
    odd.write_text("完成率达120%。\n", encoding="utf-8")
    line = zhfacts("check", odd, "--format", "github").stdout.strip()
    assert line == (f"::error file={str(tmp_path).replace(':', '%3A')}/a%2Cb%3Ac%25.txt,line=1,col=5,endLine=1,"
                    "endColumn=9,title=ZH-SHARE-OVER-100::share 「120%25」 is over 100%25 (完成率)「完成率达120%25」")
    warn = zhfacts("check", "-", "--format", "github", stdin="所属40个党支部中，达标30个，占比50%。").stdout
    assert warn.startswith("::warning file=<stdin>,line=1,col=17,endLine=1,endColumn=22,title=ZH-SHARE-VS-COUNT::")


# ---- GitLab Code Quality ----------------------------------------------------------------------
# No JSON schema of the report is published in a PyPI package (SchemaStore's codeclimate.json
# is the .codeclimate.yml config), so this is GitLab's documented list of required fields
# ("Code Quality report format": description, check_name, fingerprint, severity,
# location.path, location.lines.begin or location.positions.begin.line), as a JSON schema.
GITLAB_REQUIRED = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object", "required": ["path"],
                "properties": {"path": {"type": "string", "minLength": 1},
                               "lines": {"type": "object", "required": ["begin"],
                                         "properties": {"begin": {"type": "integer", "minimum": 1}}}},
                "anyOf": [{"required": ["lines"]}, {"required": ["positions"]}],
            },
        },
    },
}


def test_gitlab_code_quality(draft_json):
    import jsonschema

    res = zhfacts("check", DRAFT, "--output-format", "gitlab")
    assert res.exit_code == 1
    issues = json.loads(res.stdout)
    jsonschema.validate(issues, GITLAB_REQUIRED)
    assert len(issues) == 30 and len({i["fingerprint"] for i in issues}) == 30  # GitLab keys issues by it
    assert issues[0] == {"type": "issue", "check_name": "ZH-GAP-NUMBER",
                         "description": "gap 「*人」: the figure before 「人」 is missing (配备专职副书记)「已配备专职副书记*人」",
                         "categories": ["Clarity"], "severity": "major", "fingerprint": draft_json[0]["fingerprint"],
                         "location": {"path": str(DRAFT), "lines": {"begin": 4, "end": 4}}}
    warn = json.loads(zhfacts("check", "-", "--format", "gitlab", stdin="所属40个党支部中，达标30个，占比50%。").stdout)
    assert warn[0]["severity"] == "minor" and warn[0]["categories"] == ["Bug Risk"]
    assert json.loads(zhfacts("check", CLEAN, "--format", "gitlab").stdout) == []
    with pytest.raises(jsonschema.ValidationError):  # the check does say no
        jsonschema.validate([{**issues[0], "severity": "error"}], GITLAB_REQUIRED)


# ---- JUnit XML --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def junit_schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(DATA / "junit-10.xsd")))


def test_junit_validates_and_counts(junit_schema, tmp_path):
    from lxml import etree

    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a docx")
    res = zhfacts("check", DRAFT, CLEAN, bad, "--output-format", "junit")
    assert res.exit_code == 2
    doc = etree.fromstring(res.stdout.encode("utf-8"))
    junit_schema.assertValid(doc)
    assert (doc.tag, doc.get("tests"), doc.get("failures"), doc.get("errors")) == ("testsuites", "32", "30", "1")
    suites = doc.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures"), s.get("errors")) for s in suites] == [
        (str(DRAFT), "30", "30", "0"), (str(CLEAN), "1", "0", "0"), (str(bad), "1", "0", "1")]
    first = suites[0].find("testcase")
    assert (first.get("name"), first.get("classname")) == ("ZH-GAP-NUMBER at 4:141", str(DRAFT))
    assert first.find("failure").get("type") == "ZH-GAP-NUMBER"
    assert first.find("failure").text.startswith(f"{DRAFT}:4:141: ZH-GAP-NUMBER error: gap 「*人」")
    assert suites[1].find("testcase").find("failure") is None
    assert suites[2].find("testcase/error").get("message") == f"{bad}: broken .docx: not a ZIP package"


def test_junit_survives_control_characters(junit_schema):
    from lxml import etree

    res = zhfacts("check", "-", "--format", "junit", stdin="培训\x0b*名。")
    doc = etree.fromstring(res.stdout.encode("utf-8"))
    junit_schema.assertValid(doc)
    assert doc.get("failures") == "1"


def test_junit_schema_says_no(junit_schema):
    from lxml import etree

    broken = etree.fromstring(b'<testsuites><testsuite name="x"><testcase name="y"/></testsuite></testsuites>')
    assert not junit_schema.validate(broken)  # tests/failures/errors are required on a suite


def test_unreadable_file_in_machine_formats(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a docx")
    gh = zhfacts("check", bad, "--format", "github")
    assert gh.exit_code == 2
    assert gh.stdout == f"::error title=zhfacts::{bad}: broken .docx: not a ZIP package\n"
    assert json.loads(zhfacts("check", bad, "--format", "json").stdout) == []


def test_text_line_escapes_control_characters_of_a_file_name(tmp_path):
    """An escape sequence in a file name cannot recolour the terminal or forge a line."""
    draft = tmp_path / "a\x1b[31mb\nc.txt"
    draft.write_text("已配备专职副书记*人。\n", encoding="utf-8")
    res = zhfacts("check", draft)
    assert res.exit_code == 1
    assert res.stdout == (f"{tmp_path}/a\\x1b[31mb\\nc.txt:1:9: ZH-GAP-NUMBER error: gap 「*人」: the figure "
                          "before 「人」 is missing (配备专职副书记)「已配备专职副书记*人」\n")
