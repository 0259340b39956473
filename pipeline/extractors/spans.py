"""Extractor hits -> `doc.spans` groups, with the spec's fields as span attributes
(`span._.value`, `span._.unit`, …), and the hits themselves kept for `collect`.

Each component hands over its hits as `(start_char, end_char, fields)`. They are kept
as they are in `doc.user_data[HITS_KEY][group]`: the fact records are built from them
(`pipeline.extractors.collect`), without going through spaCy objects. `doc.spans` is
the spaCy face of the same hits (not made when only the records are wanted).

A spaCy span must start and end on token boundaries. Extractors find facts in the text,
and now and then a segmenter glues a fact to its neighbour (`两批评选` -> `两` `批评`
`选`); the token is then split at the fact's edge, and the groups already set are
rebuilt from their hits, so every group stays valid.
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import IDX
from spacy.tokens import Doc, Span

# every field a span may carry, across fact types
SPAN_FIELDS = ["value", "unit", "approx", "subject", "granularity", "relative", "kind",
               "name", "context", "scored"]
HITS_KEY = "zhfacts.hits"  # group -> [(start_char, end_char, fields)]
# set on a Doc made only for its fact records (`pipeline.extract`): hits are kept, no spans
RECORDS_ONLY_KEY = "zhfacts.records_only"
# what a chunk of a long document needs to know of the whole: the variant names of bodies
# the document writes (organizations.variants_present)
DOC_FORMS_KEY = "zhfacts.org_forms"
# set on a chunk's Doc: its `doc._.region` is the whole document's, even when None (no place)
REGION_SETTLED_KEY = "zhfacts.region_settled"

for _field in SPAN_FIELDS:
    if not Span.has_extension(_field):
        Span.set_extension(_field, default=None)
for _field in ("ref_date", "region"):  # document-wide context, set before chunks are processed
    if not Doc.has_extension(_field):
        Doc.set_extension(_field, default=None)


def set_group(doc: Doc, group: str, items: list[tuple[int, int, dict]]) -> None:
    """Store hits [(start_char, end_char, fields)] as the span group `group`."""
    hits = doc.user_data.setdefault(HITS_KEY, {})
    hits[group] = items
    if doc.user_data.get(RECORDS_ONLY_KEY):
        return
    starts = _token_starts(doc)
    positions = [p for s, e, _ in items for p in (s, e)]
    if _needs_split(starts, positions):
        # token indices will move: the groups set before are rebuilt from char offsets
        saved = {name: [(sp.start_char, sp.end_char, sp.label_) for sp in spans]
                 for name, spans in doc.spans.items() if name != group}
        _split_at(doc, starts, positions)
        starts = _token_starts(doc)
        for name, old in saved.items():
            doc.spans[name] = [doc.char_span(s, e, label=lab) for s, e, lab in old]
    _make_spans(doc, group, items, starts)


def _make_spans(doc: Doc, group: str, items, starts: np.ndarray) -> None:
    if not items:
        doc.spans[group] = []
        return
    chars = np.array([(s, e) for s, e, _ in items], dtype="int64")
    first = np.searchsorted(starts, chars[:, 0], side="left")
    last = np.searchsorted(starts, chars[:, 1], side="left")
    spans = []
    data = doc.user_data
    for (s, e, attrs), i, j in zip(items, first.tolist(), last.tolist()):
        if starts[i] != s or (j < len(starts) and starts[j] != e):  # cannot happen after _split_at
            raise ValueError(f"{group} span [{s}, {e}) does not align with tokens")
        spans.append(Span(doc, i, j, label=group))
        # what `span._.name = value` does, without an Underscore object per field
        for k, v in attrs.items():
            data[("._.", k, s, e)] = v
    doc.spans[group] = spans


def _token_starts(doc: Doc) -> np.ndarray:
    """Start offset of every token, and the text length after the last."""
    if not len(doc):
        return np.zeros(1, dtype="int64")
    starts = doc.to_array(IDX).astype("int64")  # without making a Token per token
    return np.append(starts, int(starts[-1]) + len(doc[-1].text))


def _inside(starts: np.ndarray, positions: list[int]):
    """The positions that fall inside a token, and that token's index."""
    pos = np.unique(np.array(positions, dtype="int64"))
    pos = pos[(pos > 0) & (pos < starts[-1])]
    i = np.searchsorted(starts, pos, side="right") - 1
    inside = starts[i] < pos
    return pos[inside], i[inside]


def _needs_split(starts: np.ndarray, positions: list[int]) -> bool:
    return bool(positions) and len(starts) > 1 and len(_inside(starts, positions)[0]) > 0


def _split_at(doc: Doc, starts: np.ndarray, positions: list[int]) -> None:
    """Make every position a token boundary, splitting the tokens that straddle one."""
    pos, tok_index = _inside(starts, positions)
    cuts: dict[int, list[int]] = {}
    for k, p in zip(tok_index.tolist(), pos.tolist()):
        cuts.setdefault(k, []).append(p - int(starts[k]))
    with doc.retokenize() as retok:
        for k, offsets in cuts.items():
            tok = doc[k]
            edges = [0, *offsets, len(tok.text)]
            orths = [tok.text[a:b] for a, b in zip(edges, edges[1:])]
            retok.split(tok, orths, heads=[(tok, 0)] * len(orths))
