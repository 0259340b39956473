"""`zhfacts check --output-format sarif` validates against the official SARIF 2.1.0 JSON schema (OASIS
`sarif-schema-2.1.0.json`, JSON Schema draft-07), kept offline in tests/data; and the
validator does say no to a broken log."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conftest import SEEDS

from pipeline.check import FileResult
from pipeline.check.formats import sarif

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
DRAFT = SEEDS[1]

try:
    import jsonschema
except ImportError:  # a dev dependency (pyproject [dev]): never skip the done-criterion silently
    jsonschema = None


@pytest.fixture(scope="module")
def validator():
    if jsonschema is None:
        pytest.fail("jsonschema is not installed: it is a dev dependency (pip install -e '.[dev]')")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def as_sarif(results, lang="en") -> str:
    return sarif(results, lang)


@pytest.fixture(scope="module")
def draft_sarif() -> dict:
    from pipeline.check import check
    from pipeline.extractors import extract
    from pipeline.sources import load

    norm = load(DRAFT)
    findings = check(extract(norm), norm.original, str(DRAFT))
    assert len(findings) == 30
    return json.loads(as_sarif([FileResult(str(DRAFT), norm.original, findings)]))


def errors(validator, log: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def test_draft_sarif_validates(validator, draft_sarif):
    assert errors(validator, draft_sarif) == []
    run = draft_sarif["runs"][0]
    assert len(run["results"]) == 30
    assert run["tool"]["driver"]["name"] == "zhfacts" and run["columnKind"] == "unicodeCodePoints"
    assert run["language"] == "en-US" and run["invocations"] == [
        {"executionSuccessful": True, "toolExecutionNotifications": []}]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    first = run["results"][0]
    assert first["ruleId"] == "ZH-GAP-NUMBER" and rule_ids[first["ruleIndex"]] == "ZH-GAP-NUMBER"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": DRAFT.as_uri()},
        "region": {"startLine": 4, "startColumn": 141, "endLine": 4, "endColumn": 143}}
    prints = [r["partialFingerprints"]["zhfactsContext/v1"] for r in run["results"]]
    assert len(set(prints)) == 30


def test_empty_sarif_validates(validator):
    assert errors(validator, json.loads(as_sarif([]))) == []


def test_chinese_sarif_with_an_unreadable_file_validates(validator):
    log = json.loads(as_sarif([FileResult("草稿/工作 总结.docx", error="草稿/工作 总结.docx: broken .docx")], "zh"))
    assert errors(validator, log) == []
    run = log["runs"][0]
    assert run["language"] == "zh-CN"
    assert run["tool"]["driver"]["rules"][0]["shortDescription"]["text"] == "单位前的数字留了占位符（*人、XX个、?个）"
    assert run["invocations"][0] == {"executionSuccessful": False, "toolExecutionNotifications": [
        {"level": "error", "message": {"text": "草稿/工作 总结.docx: broken .docx"}}]}


def test_sarif_uri_of_a_relative_chinese_path():
    from pipeline.check import Finding

    f = Finding("草稿/工作 总结.txt", 1, 3, 1, 5, "ZH-GAP-NUMBER", "error", "m", "c", "0" * 32)
    loc = json.loads(as_sarif([FileResult(f.path, "", [f])]))["runs"][0]["results"][0]["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == (
        "%E8%8D%89%E7%A8%BF/%E5%B7%A5%E4%BD%9C%20%E6%80%BB%E7%BB%93.txt")


@pytest.mark.parametrize("break_it", [
    lambda log: log.update(version="2.0"),
    lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startLine=0),
    lambda log: log["runs"][0]["results"][0].pop("message"),
    lambda log: log["runs"][0]["tool"].pop("driver"),
    lambda log: log["runs"][0]["results"][0].update(level="fatal"),
], ids=["version-2.0", "line-0", "no-message", "no-driver", "bad-level"])
def test_broken_sarif_fails(validator, draft_sarif, break_it):
    log = copy.deepcopy(draft_sarif)
    break_it(log)
    assert errors(validator, log)


def test_cli_sarif_validates(validator):
    from click.testing import CliRunner

    from pipeline.cli import main

    res = CliRunner().invoke(main, ["check", "-", "--output-format", "sarif"], input="培训*名。".encode(),
                             env={"LC_ALL": "C.UTF-8"})
    assert res.exit_code == 1
    log = json.loads(res.stdout)
    assert errors(validator, log) == []
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["ZH-GAP-NUMBER"]
