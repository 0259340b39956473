"""The construction catalogue (`tests/cases/*.tsv`): each line a text, the exact facts it
holds, or a near-miss that must stay silent. The format is in `tests/cases/README.md`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extractors import document, extract
from pipeline.facts import FACT_TYPES
from pipeline.normalize import normalize_text

CASES = Path(__file__).parent / "cases"
KINDS = (*FACT_TYPES, "document")


def _load() -> list:
    params = []
    for path in sorted(CASES.glob("*.tsv")):
        kind = path.stem.split("-")[0]
        assert kind in KINDS, f"{path.name}: unknown fact type {kind!r}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            assert len(cols) >= 2, f"{path.name}:{n}: needs text and expected"
            text = cols[0].replace("\\n", "\n")
            expected = json.loads(cols[1])
            options = json.loads(cols[2]) if len(cols) > 2 and cols[2].strip() else {}
            params.append(pytest.param(kind, text, expected, options, id=f"{path.name}:{n}"))
    return params


PARAMS = _load()


@pytest.mark.parametrize("kind, text, expected, options", PARAMS)
def test_case(kind, text, expected, options):
    result = extract(text.encode("utf-8"), **options)
    metrics = [(m.start, m.end) for m in result.facts["metrics"]]
    for gap in result.facts["placeholders"]:
        assert not any(s < gap.end and gap.start < e for s, e in metrics), f"gap {gap.text!r} is also a metric"
    if kind == "document":
        # "names_by": the division the names are prefixed from (document.region), which may
        # be the county of a city's report (兴文 in a 宜宾 report: 县委 → 兴文县委)
        got = {k: document.region(normalize_text(text).text) if k == "names_by" else getattr(result.document, k)
               for k in expected}
        assert got == expected
        return
    facts = result.facts[kind]
    got = [{k: getattr(f, k) for k in want} for f, want in zip(facts, expected)] if len(facts) == len(expected) else None
    if got != expected:
        shown = [{"text": f.text, **{k: getattr(f, k) for k in (expected[0] if expected else {"text": 0})}} for f in facts]
        pytest.fail(f"expected {json.dumps(expected, ensure_ascii=False)}\n     got {json.dumps(shown, ensure_ascii=False)}")


def test_catalogue_covers_every_type():
    """Issue 11: at least 400 cases across the six fact types, none of them left out."""
    kinds = [p.values[0] for p in PARAMS]
    assert len(kinds) >= 400, len(kinds)
    assert set(FACT_TYPES) <= set(kinds), set(FACT_TYPES) - set(kinds)
