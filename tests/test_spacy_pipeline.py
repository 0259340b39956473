"""The spaCy side: config-chosen tokenizer, registered factories, span groups with the
spec's fields as attributes, sentences, and multiprocessing."""
from __future__ import annotations

from conftest import SEEDS
from spacy.language import Language

import pipeline
from pipeline.normalize import read


def test_load_gives_a_zh_pipeline_with_our_components():
    nlp = pipeline.load(segmenter="jieba")
    assert isinstance(nlp, Language) and nlp.lang == "zh"
    assert nlp.pipe_names == ["zhfacts_sentences", "zhfacts_metrics", "zhfacts_dates", "zhfacts_placeholders",
                              "zhfacts_organizations", "zhfacts_slogans", "zhfacts_references"]
    assert nlp.config["nlp"]["tokenizer"] == {"@tokenizers": "zhfacts.ZhTokenizer.v1", "segmenter": "jieba"}
    for name in nlp.pipe_names:
        assert Language.has_factory(name)


def test_spans_carry_the_spec_fields():
    nlp = pipeline.load()
    doc = nlp("截至2024年8月，1.35万名机关党员到社区报到。今年1—8月服务企业725家，已配备专职副书记*人")
    assert [(s.text, s._.value, s._.unit, s._.approx, s._.subject) for s in doc.spans["metrics"]] == [
        ("1.35万名", 13500.0, "名", None, "机关党员"), ("725家", 725.0, "家", None, "服务企业")]
    assert [(s.text, s._.value, s._.granularity, s._.relative) for s in doc.spans["dates"]] == [
        ("截至2024年8月", "../2024-08", "range", False), ("今年1—8月", "2024-01/2024-08", "range", True)]
    assert [(s.text, s._.kind, s._.unit) for s in doc.spans["placeholders"]] == [("*人", "number", "人")]
    assert doc._.ref_date == "2024-08"


def test_whitespace_is_kept_and_sentences_split_on_punctuation_and_lines():
    nlp = pipeline.load()
    text = "第一句。第二句！\n\n第三行没有句号\n“引号里的话。”后面"
    doc = nlp(text)
    assert doc.text == text
    assert [s.text.strip() for s in doc.sents] == ["第一句。", "第二句！", "第三行没有句号", "“引号里的话。”", "后面"]


def test_a_fact_inside_a_segmenter_word_gets_its_own_tokens():
    nlp = pipeline.load()
    doc = nlp("共两批评选，先后3万多场次")  # jieba may glue 批评; the span must still be exact
    assert [s.text for s in doc.spans["metrics"]] == ["两批", "3万多场次"]


def test_nlp_pipe_with_two_processes_matches_one():
    nlp = pipeline.load()
    texts = [read(p).text for p in SEEDS]
    one = [[(s.start_char, s.end_char, s._.value) for s in d.spans["metrics"]] for d in nlp.pipe(texts)]
    two = [[(s.start_char, s.end_char, s._.value) for s in d.spans["metrics"]]
           for d in nlp.pipe(texts, n_process=2, batch_size=1)]
    assert one == two
    assert [len(x) for x in one] == [39, 1, 28]
