"""Putting character-offset hits into `doc.spans` groups, with the spec's fields as span
attributes (`span._.value`, `span._.unit`, …).

A spaCy span must start and end on token boundaries. Extractors find facts in the text,
and now and then a segmenter glues a fact to its neighbour (`两批评选` -> `两` `批评`
`选`); the token is then split at the fact's edge. Spans already in `doc.spans` are
rebuilt from their character offsets after a split, so every group stays valid.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.attrs import IDX
from spacy.tokens import Doc, Span

# every field a span may carry, across fact types
SPAN_FIELDS = ["value", "unit", "approx", "subject", "granularity", "relative", "kind",
               "name", "context", "scored"]

for _field in SPAN_FIELDS:
    if not Span.has_extension(_field):
        Span.set_extension(_field, default=None)
if not Doc.has_extension("ref_date"):
    Doc.set_extension("ref_date", default=None)


def set_group(doc: Doc, group: str, items: list[tuple[int, int, dict]]) -> None:
    """Store hits [(start_char, end_char, fields)] as the span group `group`."""
    _split_at(doc, sorted({p for s, e, _ in items for p in (s, e)}))
    spans = []
    for s, e, attrs in items:
        span = doc.char_span(s, e, label=group)
        if span is None:  # cannot happen after _split_at; refuse silently losing a fact
            raise ValueError(f"{group} span [{s}, {e}) does not align with tokens")
        for k, v in attrs.items():
            setattr(span._, k, v)
        spans.append(span)
    doc.spans[group] = spans


def _split_at(doc: Doc, positions: list[int]) -> None:
    """Make every position a token boundary, splitting the tokens that straddle one."""
    if not len(doc):
        return
    starts = doc.to_array(IDX).tolist()  # token start offsets, without making Tokens
    n = starts[-1] + len(doc[-1].text)
    cuts: dict[int, list[int]] = {}
    for p in positions:
        if 0 < p < n:
            i = bisect_right(starts, p) - 1
            if starts[i] < p:
                cuts.setdefault(i, []).append(p - starts[i])
    if not cuts:
        return
    saved = {name: [(sp.start_char, sp.end_char, sp.label_) for sp in group]
             for name, group in doc.spans.items()}
    with doc.retokenize() as retok:
        for i, offsets in cuts.items():
            tok = doc[i]
            edges = [0, *sorted(set(offsets)), len(tok.text)]
            orths = [tok.text[a:b] for a, b in zip(edges, edges[1:])]
            retok.split(tok, orths, heads=[(tok, 0)] * len(orths))
    for name, spans in saved.items():  # char offsets (and extension values) survive
        doc.spans[name] = [doc.char_span(s, e, label=lab) for s, e, lab in spans]
