"""Long texts are processed in bounded chunks: the facts are the same as in one piece,
no extractor ever sees more than CHUNK_CHARS characters, and spaCy's max_length never
applies."""
from __future__ import annotations

from conftest import SEEDS

import pipeline
from pipeline.extractors import (
    CHUNK_CHARS,
    chunk_bounds,
    collect,
    metrics,
    process,
    to_normalized,
)


def facts(norm, **kw):
    return collect(norm, process(norm, **kw)).to_json()


def test_seed_facts_identical_in_chunks():
    for path in SEEDS:
        norm = to_normalized(str(path))
        whole = facts(norm, chunk_chars=10**9)
        assert len(chunk_bounds(norm.text, 300)) > 5
        for size in (300, 1000, CHUNK_CHARS):
            for spans in (True, False):  # with doc.spans, and the records-only path of extract()
                assert facts(norm, chunk_chars=size, spans=spans) == whole, (path.name, size, spans)


def test_spans_of_a_chunked_doc_are_the_whole_docs():
    norm = to_normalized(str(SEEDS[0]))
    one, parts = process(norm, chunk_chars=10**9), process(norm, chunk_chars=500)
    assert parts.text == one.text == norm.text
    for group in ("metrics", "dates", "organizations"):
        assert [(s.start_char, s.end_char, s.label_, s._.value, s._.unit, s._.name) for s in parts.spans[group]] == \
            [(s.start_char, s.end_char, s.label_, s._.value, s._.unit, s._.name) for s in one.spans[group]]
    assert parts._.ref_date == one._.ref_date == "2024-08"


def test_chunks_are_bounded_and_cut_at_lines_then_sentences():
    text = "第一段说了一件事。" * 80 + "\n" + "没有标点的长句子" * 2000 + "12345678" * 300
    bounds = chunk_bounds(text, 1000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(bounds, bounds[1:]))  # contiguous
    assert all(0 < e - s <= 1000 for s, e in bounds)
    assert text[bounds[0][1] - 1] == "\n"          # the line break in the chunk's second half
    assert text[bounds[1][0] - 1] in "\n。"


def test_long_text_without_punctuation_is_linear_in_chunks(monkeypatch):
    """Count what the extractors see: never more than CHUNK_CHARS characters at once,
    and the number of calls grows with the length (not the length of each call)."""
    seen = []
    real = metrics.find
    monkeypatch.setattr(metrics, "find", lambda text: seen.append(len(text)) or real(text))
    text = "机关党组织开展活动共计服务群众" * 2000 + "服务企业725家"  # 30k chars, no break
    norm = pipeline.read(text.encode("utf-8"))
    result = collect(norm, process(norm))
    assert max(seen) <= CHUNK_CHARS and sum(seen) == len(text)
    assert len(seen) == len(chunk_bounds(text)) >= len(text) // CHUNK_CHARS
    assert [m.text for m in result.metrics][-1] == "725家"


def test_spans_of_a_long_text_retokenize_no_doc_longer_than_a_chunk(monkeypatch):
    """spaCy's retokenizer moves the whole Doc once per cut, so cutting a long Doc at every
    hit's edge was quadratic (区政府区政府…: minutes). The document's tokens are cut before
    its Doc is made: no Doc longer than a chunk is retokenized, and the spans still match
    the hits."""
    from pipeline.extractors import spans
    from pipeline.extractors.spans import HITS_KEY

    seen = []
    real = spans._split_at
    monkeypatch.setattr(spans, "_split_at", lambda doc, *args: seen.append(len(doc.text)) or real(doc, *args))
    norm = pipeline.read(("区政府" * 4000 + "市委办公室" * 1000).encode("utf-8"))  # 17,000 characters
    doc = process(norm)
    assert all(n <= CHUNK_CHARS for n in seen)
    for group, hits in doc.user_data[HITS_KEY].items():
        assert [(sp.start_char, sp.end_char) for sp in doc.spans[group]] == [(a, b) for a, b, _ in hits]
    assert len(doc.spans["organizations"]) > 1000


def test_text_over_spacy_max_length_is_processed():
    nlp = pipeline.load()
    old = nlp.max_length
    nlp.max_length = 3000  # stands for spaCy's 1,000,000 on a text of a few MB
    try:
        norm = to_normalized(str(SEEDS[2]))
        assert len(norm.text) > nlp.max_length
        result = collect(norm, process(norm))
    finally:
        nlp.max_length = old
    assert len(result.metrics) == 28


def test_a_chunk_keeps_the_documents_region_even_when_it_is_none():
    # the whole text names one Hong Kong body and one Macau body: no region; a chunk that
    # sees only one of them must not take that one's region (立法会 stays unprefixed)
    text = ("年度报告\n" + "立法会审议预算。" * 40 + "\n廉政公署协助调查。\n"
            + "立法会审议预算。" * 40 + "\n司法警察局协助调查。\n")
    norm = to_normalized(text.encode())
    whole = facts(norm, chunk_chars=10**9)
    assert whole["document"]["region"] is None
    assert {o["name"] for o in whole["organizations"]} == {"立法会", "廉政公署", "司法警察局"}
    assert facts(norm, chunk_chars=300) == whole
