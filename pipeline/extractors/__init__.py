"""Extraction: clean text -> spaCy Doc with fact span groups -> typed fact records.

    nlp = load(segmenter="jieba")          # a spaCy `zh` pipeline with our components
    result = extract("corpora/000_94296e63bdaa929e.txt")
    result.metrics[0]                       # Metric(text='78个', value=78.0, unit='个', ...)
    frames = to_frames([result])            # one pandas DataFrame per fact type

Offsets in the records are into the document's original text (FACTS_SPEC §0): the
spans found in the clean text are mapped back through `Normalized.offsets`.
"""
from __future__ import annotations

import os
from bisect import bisect_right
from functools import lru_cache

from pipeline.facts import (
    FACT_TYPES,
    Date,
    Document,
    Extraction,
    Metric,
    Organization,
    Placeholder,
    Reference,
    Slogan,
    columns,
)
from pipeline.normalize import Normalized, read

# the components, in order; each writes the doc.spans group of the same name
COMPONENTS = ["zhfacts_sentences", "zhfacts_metrics", "zhfacts_dates", "zhfacts_placeholders",
              "zhfacts_organizations", "zhfacts_slogans", "zhfacts_references"]


def load(segmenter: str = "jieba"):
    """A spaCy `zh` Language: our tokenizer (jieba or pkuseg) and fact components."""
    return _load(segmenter)


@lru_cache(maxsize=None)
def _load(segmenter: str):
    import spacy

    # importing the modules registers their factories with spaCy
    from pipeline import segment  # noqa: F401
    from pipeline.extractors import dates, metrics, organizations, placeholders, slogans  # noqa: F401

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {
        "@tokenizers": "zhfacts.ZhTokenizer.v1", "segmenter": segmenter}}})
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def extract(src: str | os.PathLike | bytes | Normalized, *, ref_date: str | None = None,
            segmenter: str = "jieba", source: str | None = None) -> Extraction:
    """All facts of one report (a path to .txt/.html/.docx/.pdf, raw bytes of a text
    file, or an already normalized text).

    `ref_date` (YYYY, YYYY-MM or YYYY-MM-DD) resolves 今年/上半年/6月24日; without it the
    document's own latest complete date is used (§1). Raises InputError for a bad file.
    """
    norm = to_normalized(src, source=source)
    return collect(norm, process(norm, ref_date=ref_date, segmenter=segmenter))


def to_normalized(src: str | os.PathLike | bytes | Normalized, *, source: str | None = None) -> Normalized:
    """A report as normalized text: a path to .txt/.html/.docx/.pdf, raw text bytes, or
    an already normalized text."""
    if isinstance(src, Normalized):
        return src
    if isinstance(src, (bytes, bytearray)):
        return read(src, source=source)
    from pipeline.sources import load as load_source

    return load_source(src)


def process(norm: Normalized, *, ref_date: str | None = None, segmenter: str = "jieba"):
    """The spaCy Doc of a normalized text, every component run (ref_date set first)."""
    nlp = load(segmenter)
    doc = nlp.make_doc(norm.text)
    doc._.ref_date = ref_date
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def collect(norm: Normalized, doc) -> Extraction:
    """Turn a processed Doc and its Normalized text into fact records (original offsets)."""
    from pipeline.extractors import document
    from pipeline.segment import SENTENCES_KEY, sentence_bounds

    sent_starts = doc.user_data.get(SENTENCES_KEY) or [s for s, _ in sentence_bounds(norm.text)]
    meta = Document(
        doc_id=norm.doc_id, source=norm.source, encoding=norm.encoding, script=norm.script,
        repairs=norm.repairs, title=document.title(norm.text), region=document.region(norm.text),
        ref_date=doc._.ref_date, chars=len(norm.original), byline=document.byline(norm.text))
    result = Extraction(meta)

    def base(span) -> dict:
        s, e = norm.offsets.span(span.start_char, span.end_char)
        return {"doc_id": norm.doc_id, "sentence": max(0, bisect_right(sent_starts, span.start_char) - 1),
                "start": s, "end": e, "text": norm.original[s:e], "norm": span.text}

    for span in doc.spans.get("metrics", []):
        result.metrics.append(Metric(**base(span), value=span._.value, unit=span._.unit,
                                     approx=span._.approx, subject=span._.subject))
    for span in doc.spans.get("dates", []):
        result.dates.append(Date(**base(span), value=span._.value, granularity=span._.granularity,
                                 relative=span._.relative, approx=span._.approx))
    for span in doc.spans.get("placeholders", []):
        b = base(span)
        line, col = line_col(norm.original, b["start"])
        result.placeholders.append(Placeholder(**b, line=line, col=col, kind=span._.kind, unit=span._.unit,
                                               subject=span._.subject, context=span._.context))
    for span in doc.spans.get("organizations", []):
        result.organizations.append(Organization(**base(span), name=span._.name, kind=span._.kind))
    for span in doc.spans.get("slogans", []):
        result.slogans.append(Slogan(**base(span), kind=span._.kind))
    for span in doc.spans.get("references", []):
        result.references.append(Reference(**base(span), kind=span._.kind))
    return result


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def to_frames(results: list[Extraction]):
    """One pandas DataFrame per fact type (plus `documents`), with the spec's columns."""
    import pandas as pd

    from pipeline.facts import as_row

    frames = {"documents": pd.DataFrame([as_row(r.document) for r in results])}
    for kind in FACT_TYPES:
        rows = [as_row(f) for r in results for f in r.facts.get(kind, [])]
        frames[kind] = pd.DataFrame(rows, columns=columns(kind))
    return frames
