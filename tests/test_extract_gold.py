"""The extraction core against the hand-checked gold of the three seeds, and the
corrupted variants of the seeds giving the same values as their clean originals."""
from __future__ import annotations

import opencc
import pytest
from conftest import CORPORA, SEEDS

import variants as v
from pipeline.evaluate import evaluate
from pipeline.extractors import extract
from pipeline.normalize import read

DRAFT = "corpora/002_96aedd4680eb3507.txt"


@pytest.fixture(scope="module")
def report():
    return evaluate(CORPORA / "gold")


def test_metrics_f1(report):
    sc = report.by_type["metrics"]
    assert sc.f1 >= 0.97, (sc.misses, sc.false_hits)
    assert sc.tp == 64   # every scored gold metric of the three seeds


def test_dates_f1(report):
    sc = report.by_type["dates"]
    assert sc.f1 >= 0.97, (sc.misses, sc.false_hits)
    assert sc.tp == 26


def test_placeholders_on_the_draft(report):
    sc = report.by_doc[DRAFT]["placeholders"]
    assert sc.recall == 1.0, sc.misses
    assert sc.precision >= 0.95, sc.false_hits
    assert sc.tp == 30


def test_no_placeholder_in_the_finished_reports(report):
    for name, kinds in report.by_doc.items():
        if name != DRAFT:
            assert kinds["placeholders"].fp == 0, kinds["placeholders"].false_hits


def test_document_fields(report):
    for name, fields in report.documents.items():
        for field, (got, want) in fields.items():
            assert got == want, (name, field)


def values(result):
    return ([(m.norm, m.value, m.unit, m.approx) for m in result.metrics],
            [(d.norm, d.value, d.granularity) for d in result.dates])


@pytest.fixture(scope="module")
def seed000():
    path = SEEDS[0]
    return read(path).text, values(extract(path))


def test_big5_variant_gives_the_same_values(seed000):
    clean, want = seed000
    trad = opencc.OpenCC("s2tw").convert(clean)
    result = extract(trad.encode("big5"))
    assert result.document.encoding == "big5"
    assert values(result) == want


def test_gbk_mojibake_variant_gives_the_same_values(seed000):
    clean, want = seed000
    result = extract(v.gbk_mojibake(clean).encode("utf-8"))
    assert result.document.repairs[0]["kind"] == "mojibake_gbk"
    assert values(result) == want


def test_traditional_pinyin_seed_equals_its_simplified_reading():
    original = extract(SEEDS[2])
    simplified = extract(read(SEEDS[2]).text.encode("utf-8"))
    assert values(original) == values(simplified)
    assert len(original.metrics) == 28 and len(original.dates) == 5  # 24 scored + 4 borderline (两级, 连续两年…)
    # offsets point into the Traditional text, pinyin included
    m = original.metrics[0]
    assert (m.text, m.norm, m.value, m.unit) == ("5個(gè)", "5个", 5.0, "个")
    m = next(m for m in original.metrics if m.norm == "约7.5万人次")
    assert (m.text, m.value, m.unit, m.approx) == ("約7.5萬(wàn)人次", 75000.0, "人次", "about")
    assert read(SEEDS[2]).original[m.start:m.end] == m.text


def test_organizations_f1(report):
    sc = report.by_type["organizations"]
    assert sc.f1 >= 0.90, (sc.misses, sc.false_hits)


def test_slogans_f1(report):
    sc = report.by_type["slogans"]
    assert sc.f1 >= 0.90, (sc.misses, sc.false_hits)


def test_references_f1(report):
    sc = report.by_type["references"]
    assert sc.f1 >= 0.95, (sc.misses, sc.false_hits)


def test_pkuseg_scores_as_well_as_jieba():
    """The extractors read the text, not the tokens: the segmenter must not change a fact."""
    rep = evaluate(CORPORA / "gold", segmenter="pkuseg")
    for kind, sc in rep.by_type.items():
        assert sc.f1 >= {"metrics": 0.97, "dates": 0.97, "placeholders": 0.95,
                         "organizations": 0.90, "slogans": 0.90, "references": 0.95}[kind], kind
