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
import re
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
    The facts do not depend on `segmenter`: no extractor reads tokens, so none are made
    here; it picks the tokens of `process()`'s Doc (and is checked: pkuseg must be there).
    """
    norm = to_normalized(src, source=source)
    return collect(norm, process(norm, ref_date=ref_date, segmenter=segmenter, spans=False))


def to_normalized(src: str | os.PathLike | bytes | Normalized, *, source: str | None = None) -> Normalized:
    """A report as normalized text: a path to .txt/.html/.docx/.pdf, raw text bytes, or
    an already normalized text."""
    if isinstance(src, Normalized):
        return src
    if isinstance(src, (bytes, bytearray)):
        return read(src, source=source)
    from pipeline.sources import load as load_source

    return load_source(src)


# Long texts are processed in chunks of at most CHUNK_CHARS characters, cut at a line
# break where there is one, else after a sentence, a clause, or a space: spaCy's
# max_length never applies, and an extractor's cost per chunk is bounded, so the time
# of a document grows linearly with its length. Facts never cross a line or sentence.
CHUNK_CHARS = 5000
_SENTENCE_ENDS = "。！？!?；;…"
_CLAUSE_ENDS = "，、：:,"
_CLOSERS = "”’」』）)》"


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """[start, end) of consecutive chunks covering `text`, none longer than `size`."""
    bounds = []
    pos, n = 0, len(text)
    while n - pos > size:
        bounds.append((pos, pos := _cut(text, pos, pos + size)))
    bounds.append((pos, n))
    return bounds


def _cut(text: str, lo: int, hi: int) -> int:
    """The best place to end a chunk in (lo, hi]: after the last line break in its second
    half, else after a sentence end (with its closing quotes), a clause end, a space."""
    mid = lo + (hi - lo) // 2
    k = text.rfind("\n", mid, hi)
    if k >= 0:
        return k + 1
    for marks in (_SENTENCE_ENDS, _CLAUSE_ENDS):
        k = max(text.rfind(m, mid, hi - 2) for m in marks)
        if k >= 0:
            k += 1
            while k < hi and text[k] in _CLOSERS:
                k += 1
            return k
    for k in range(hi - 1, mid, -1):
        if text[k].isspace():
            return k + 1
    # no punctuation, no space: cut anyway, but not inside a number or a Latin word
    k = hi
    while k > mid and (text[k - 1].isascii() and text[k - 1].isalnum()):
        k -= 1
    return k if k > mid else hi


def process(norm: Normalized, *, ref_date: str | None = None, segmenter: str = "jieba",
            chunk_chars: int = CHUNK_CHARS, spans: bool = True):
    """The spaCy Doc of a normalized text, every component run (ref_date set first).
    With spans=False no Doc is made: a `TextDoc` carries only what `collect` needs (the
    hits, the sentence starts, the reference date): the fast path of `extract`.

    A text longer than `chunk_chars` is processed chunk by chunk (`chunk_bounds`); what
    needs the whole document (the reference date, the region) is settled first."""
    from pipeline.extractors import dates, document, organizations
    from pipeline.extractors.spans import DOC_FORMS_KEY, HITS_KEY, RECORDS_ONLY_KEY, REGION_SETTLED_KEY, set_group
    from pipeline.segment import set_sentences

    nlp = load(segmenter)
    text = norm.text
    bounds = chunk_bounds(text, chunk_chars)
    flags = {} if spans else {RECORDS_ONLY_KEY: True}
    if len(bounds) == 1:
        return _run(nlp, nlp.tokenizer(text) if spans else TextDoc(text), ref_date, None, flags)
    ref_date = ref_date or dates.infer_ref_date(text)  # what needs the whole text
    region = document.region(text)
    forms = organizations.variants_present(text)
    # each chunk is a TextDoc of its own for the components; with spans, the document's Doc
    # is made from the chunks' tokens and gets their hits, shifted, as span groups
    tokenizer = nlp.tokenizer
    words: list[str] = []
    hits: dict[str, list] = {}
    for s, e in bounds:
        # only a chunk's hits are kept: the components see its text, not its tokens
        part = _run(nlp, TextDoc(text[s:e]), ref_date, region,
                    {RECORDS_ONLY_KEY: True, DOC_FORMS_KEY: forms, REGION_SETTLED_KEY: True})
        for group, items in part.user_data.get(HITS_KEY, {}).items():
            hits.setdefault(group, []).extend((a + s, b + s, f) for a, b, f in items)
        if spans:
            words.extend(tokenizer.words(text[s:e]))
    if not spans:  # the records need the hits, the sentences and the reference date only
        doc = TextDoc(text)
        doc.user_data.update(flags)
        doc.user_data[HITS_KEY] = hits
        doc._.ref_date = ref_date
        doc._.region = region
        return set_sentences(doc)
    # the spaCy Doc of the whole text, its tokens cut at every hit's edges at once: spaCy's
    # retokenizer would move the whole document once per cut (quadratic on 区政府区政府…)
    words = _cut_words(words, sorted({p for items in hits.values() for a, b, _ in items for p in (a, b)}))
    doc = tokenizer.make_doc(text, words)
    doc.user_data.update(flags)
    doc = set_sentences(doc)
    doc._.ref_date = ref_date
    doc._.region = region
    for group, items in hits.items():
        set_group(doc, group, items)
    return doc


class TextDoc:
    """What the components read of a Doc (its text, `user_data`, `doc._.ref_date` and
    `doc._.region`), without tokens: the records-only path (`extract`) needs no spaCy Doc,
    for no extractor reads tokens; `process(spans=True)` and `nlp(text)` make the real one."""

    __slots__ = ("text", "user_data", "_")

    def __init__(self, text: str):
        from types import SimpleNamespace

        from pipeline.segment import TEXT_KEY

        self.text = text
        self.user_data = {TEXT_KEY: text}
        self._ = SimpleNamespace(ref_date=None, region=None)

    def __len__(self) -> int:
        return len(self.text)


def _cut_words(words: list[str], cuts: list[int]) -> list[str]:
    """`words` with each one cut at the offsets in `cuts` (sorted) that fall inside it."""
    out: list[str] = []
    pos, i = 0, 0
    for w in words:
        end = pos + len(w)
        while i < len(cuts) and cuts[i] <= pos:
            i += 1
        a = pos
        while i < len(cuts) and cuts[i] < end:
            out.append(w[a - pos:cuts[i] - pos])
            a = cuts[i]
            i += 1
        out.append(w[a - pos:])
        pos = end
    return out


def _run(nlp, doc, ref_date: str | None, region: str | None, flags: dict):
    """Every component on one Doc (the whole text, or a chunk of it)."""
    doc.user_data.update(flags)
    doc._.ref_date = ref_date
    doc._.region = region
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def collect(norm: Normalized, doc) -> Extraction:
    """Turn a processed Doc and its Normalized text into fact records (original offsets),
    straight from the extractors' hits (`doc.user_data[HITS_KEY]`)."""
    from pipeline.extractors import document
    from pipeline.extractors.spans import HITS_KEY
    from pipeline.segment import SENTENCES_KEY, sentence_bounds

    sent_starts = doc.user_data.get(SENTENCES_KEY) or [s for s, _ in sentence_bounds(norm.text)]
    meta = Document(
        doc_id=norm.doc_id, source=norm.source, encoding=norm.encoding, script=norm.script,
        repairs=norm.repairs, title=document.title(norm.text), region=document.report_region(norm.text),
        ref_date=doc._.ref_date, chars=len(norm.original), byline=document.byline(norm.text))
    result = Extraction(meta)
    hits = doc.user_data.get(HITS_KEY, {})
    doc_id, original, clean, to_original = norm.doc_id, norm.original, norm.text, norm.offsets.span

    lines = _LineIndex(original)
    for group, make in _RECORDS.items():
        out = result.facts[group]
        for a, b, f in hits.get(group, ()):
            s, e = to_original(a, b)
            base = {"doc_id": doc_id, "sentence": max(0, bisect_right(sent_starts, a) - 1),
                    "start": s, "end": e, "text": original[s:e], "norm": clean[a:b]}
            out.append(make(base, f, lines))
    return result


class _LineIndex:
    """line_col for many offsets of one text: the line starts found once (a long draft
    has thousands of gaps; counting newlines for each would be quadratic)."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] | None = None

    def line_col(self, offset: int) -> tuple[int, int]:
        if self.starts is None:
            self.starts = [0, *(m.end() for m in _NEWLINE.finditer(self.text))]
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


_NEWLINE = re.compile("\n")


def _placeholder(base: dict, f: dict, lines: _LineIndex) -> Placeholder:
    line, col = lines.line_col(base["start"])
    return Placeholder(**base, line=line, col=col, kind=f.get("kind"), unit=f.get("unit"),
                       subject=f.get("subject"), context=f.get("context"))


# how each group's hits become records (the fields an extractor did not set are None)
_RECORDS = {
    "metrics": lambda base, f, _: Metric(**base, value=f.get("value"), unit=f.get("unit"),
                                         approx=f.get("approx"), subject=f.get("subject")),
    "dates": lambda base, f, _: Date(**base, value=f.get("value"), granularity=f.get("granularity"),
                                     relative=f.get("relative"), approx=f.get("approx")),
    "placeholders": _placeholder,
    "organizations": lambda base, f, _: Organization(**base, name=f.get("name"), kind=f.get("kind")),
    "slogans": lambda base, f, _: Slogan(**base, kind=f.get("kind")),
    "references": lambda base, f, _: Reference(**base, kind=f.get("kind")),
}


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def to_frames(results: list[Extraction]):
    """One pandas DataFrame per fact type (plus `documents`), with the spec's columns and
    the same dtypes as `Store.frames()`."""
    import pandas as pd

    from pipeline.facts import as_row

    from pipeline.frames import typed_all

    docs = [as_row(r.document) for r in results]
    for doc in docs:  # the year of the reference date, as the store keeps it
        ref = doc.get("ref_date") or ""
        doc["year"] = int(ref[:4]) if ref[:4].isdigit() else None
    frames = {"documents": pd.DataFrame(docs)}
    for kind in FACT_TYPES:
        rows = [as_row(f) for r in results for f in r.facts.get(kind, [])]
        frames[kind] = pd.DataFrame(rows, columns=columns(kind))
    return typed_all(frames)  # the store's dtypes (pipeline/frames.py)
