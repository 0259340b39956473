"""`zhfacts check`'s SARIF validates against the official SARIF 2.1.0 JSON schema (OASIS
`sarif-schema-2.1.0.json`, JSON Schema draft-07), kept offline in tests/data; and the
validator does say no to a broken log."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conftest import SEEDS

from pipeline.check import as_sarif

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


@pytest.fixture(scope="module")
def draft_sarif() -> dict:
    from pipeline.check import check
    from pipeline.extractors import extract
    from pipeline.sources import load

    norm = load(DRAFT)
    findings = check(extract(norm), norm.original, str(DRAFT))
    assert len(findings) == 30
    return json.loads(as_sarif(findings))


def errors(validator, log: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def test_draft_sarif_validates(validator, draft_sarif):
    assert errors(validator, draft_sarif) == []
    assert len(draft_sarif["runs"][0]["results"]) == 30


def test_empty_sarif_validates(validator):
    assert errors(validator, json.loads(as_sarif([]))) == []


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
