"""The facts: small typed records, exactly the fields of FACTS_SPEC.md, and the one
place (`as_row`, `Extraction.to_json`) that turns them into rows and JSON.

Offsets (`start`, `end`) are into the *original* text of the document (§0), `norm`
is the same span in the clean text.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field, fields


@dataclass(kw_only=True)
class Document:
    doc_id: str
    source: str
    encoding: str
    script: str
    repairs: list[dict]
    title: str
    region: str | None
    ref_date: str | None
    chars: int
    byline: str | None = None


@dataclass(kw_only=True)
class Fact:
    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    norm: str


@dataclass(kw_only=True)
class Metric(Fact):
    value: float
    unit: str
    approx: str | None
    subject: str | None


@dataclass(kw_only=True)
class Date(Fact):
    value: str | None        # None: relative and no ref_date to resolve it against
    granularity: str
    relative: bool
    approx: str | None


@dataclass(kw_only=True)
class Placeholder(Fact):
    line: int
    col: int
    kind: str
    unit: str | None
    subject: str | None
    context: str


@dataclass(kw_only=True)
class Organization(Fact):
    name: str
    kind: str


@dataclass(kw_only=True)
class Slogan(Fact):
    kind: str


@dataclass(kw_only=True)
class Reference(Fact):
    kind: str


# the JSON keys / table names of §8, and the record type of each
FACT_TYPES: dict[str, type[Fact]] = {
    "metrics": Metric,
    "dates": Date,
    "organizations": Organization,
    "slogans": Slogan,
    "placeholders": Placeholder,
    "references": Reference,
}


def finite(record) -> bool:
    """True unless a number of the record is NaN or infinite: a figure of 400 nines
    overflows a float, and such a value is refused as a fact (JSON has no Infinity)."""
    # a plain loop: every record passes here on its way into a FactList, and a generator
    # under any() cost more than building the record
    for v in vars(record).values():
        if isinstance(v, float) and not _isfinite(v):
            return False
    return True


_isfinite = math.isfinite


class FactList(list):
    """The facts of one type in an Extraction: a record with a non-finite number is refused
    on the way in (`refused` counts them), so no output or table ever holds one."""

    def __init__(self, items=()):
        super().__init__()
        self.refused = 0
        self.extend(items)

    def append(self, record) -> None:
        if finite(record):
            super().append(record)
        else:
            self.refused += 1

    def extend(self, records) -> None:
        for record in records:
            self.append(record)

    def insert(self, index, record) -> None:
        if finite(record):
            super().insert(index, record)
        else:
            self.refused += 1

    def __iadd__(self, records):
        self.extend(records)
        return self


def columns(kind: str) -> list[str]:
    return [f.name for f in fields(FACT_TYPES[kind])]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_SCALARS = (str, int, float, type(None))   # bool is an int


def as_row(record) -> dict:
    """`dataclasses.asdict(record)`, the same dict, without its recursion into every field:
    a fact's fields are scalars, and only a list or dict (a document's repairs) is copied
    deeply. On a report of 20,000 facts asdict cost more than writing the JSON."""
    names = _FIELD_NAMES.get(type(record))
    if names is None:
        names = _FIELD_NAMES[type(record)] = tuple(f.name for f in fields(record))
    row = {}
    for name in names:
        value = getattr(record, name)
        row[name] = value if type(value) in _SCALARS or isinstance(value, bool) else copy.deepcopy(value)
    return row


@dataclass
class _Box:
    value: object


@dataclass
class Extraction:
    """Everything found in one document."""

    document: Document
    facts: dict[str, list[Fact]] = field(default_factory=lambda: {k: FactList() for k in FACT_TYPES})

    def __post_init__(self):
        self.facts = {k: v if isinstance(v, FactList) else FactList(v) for k, v in self.facts.items()}

    def __getattr__(self, name: str):
        if name in FACT_TYPES:
            return self.facts[name]
        raise AttributeError(name)

    def to_json(self) -> dict:
        out = {"document": as_row(self.document)}
        for kind in FACT_TYPES:
            out[kind] = [as_row(f) for f in self.facts.get(kind, []) if finite(f)]
        return out
