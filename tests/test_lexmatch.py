"""The Aho–Corasick lexicon matcher gives exactly what a regex alternation sorted
longest first gives, on the seeds, with the project's real lexicons."""
from __future__ import annotations

import re

import pytest
from conftest import SEEDS

from pipeline.extractors.lexmatch import LexMatcher, lexicon_matcher
from pipeline.resources import read_tsv


def alternation(words) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@pytest.mark.parametrize("name, column", [("units.tsv", 0), ("bodies.tsv", 0), ("slogans.tsv", 0),
                                          ("divisions.tsv", 2)])  # divisions: the short names
def test_longest_equals_a_longest_first_alternation(name, column, clean_texts):
    words = {row[column] for row in read_tsv(name) if len(row) > column and row[column]}
    matcher = lexicon_matcher(name, column)
    pattern = alternation(words)
    total = 0
    for path in SEEDS:
        text = clean_texts[path.name]
        want = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
        assert [(s, e, w) for s, e, w, _ in matcher.longest(text)] == want
        total += len(want)
    assert total > 10  # the lexicon really occurs in the seeds


def test_values_overlaps_and_edges():
    m = LexMatcher({"市委": "party", "市委组织部": "party", "组织部": "party-dept", "人次": "unit"})
    text = "桂林市委组织部培训3万人次"
    assert m.longest(text) == [(2, 7, "市委组织部", "party"), (11, 13, "人次", "unit")]
    assert [(s, e, w) for s, e, w, _ in m.all(text)] == [(2, 4, "市委"), (2, 7, "市委组织部"), (4, 7, "组织部"),
                                                         (11, 13, "人次")]
    assert "组织部" in m and "组织" not in m and len(m) == 4
    empty = LexMatcher([])
    assert empty.longest(text) == [] and empty.all(text) == []
    assert lexicon_matcher("units.tsv").longest("服务企业725家")[0][:3] == (7, 8, "家")


@pytest.mark.parametrize("text, want", [("大兴安", [(1, 3, "兴安")]), ("去大兴安岭和兴安", [(1, 5, "大兴安岭"), (6, 8, "兴安")]),
                                        ("兴安", [(0, 2, "兴安")])])
def test_longest_at_the_very_end_of_the_text(text, want):
    # pyahocorasick's iter_long alone misses a word reached through a failure link at the end
    m = LexMatcher(["兴安", "大兴安岭"])
    assert [(s, e, w) for s, e, w, _ in m.longest(text)] == want
    assert [(mm.start(), mm.end(), mm.group()) for mm in alternation(["兴安", "大兴安岭"]).finditer(text)] == want
