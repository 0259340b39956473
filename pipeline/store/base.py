"""What every fact store offers, whatever the database behind it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pipeline.facts import Extraction

@dataclass
class SearchHit:
    kind: str            # sentence, metric, date, organization, slogan, reference, placeholder
    doc_id: str
    title: str
    region: str | None
    sentence: int
    text: str            # the fact (or sentence) as written
    context: str         # the sentence it stands in
    fields: dict         # the fact's own fields (value, unit, name, kind, ...)
    score: float         # bm25: lower is better
    norm: str = ""       # the fact in clean Simplified text (the sentence for a sentence hit)
    path: str | None = None  # the document's file
    year: int | None = None


class Store(Protocol):
    def source_state(self, path: str) -> tuple[str, int, float] | None:
        """(doc_id, size, mtime) recorded for a path, or None."""

    def has_document(self, doc_id: str) -> bool: ...

    def put(self, result: Extraction, text: str, sentences: list[tuple[int, int, str]], *,
            path: str, size: int, mtime: float) -> str:
        """Store a document and its facts in one transaction, replacing what the same
        path held before. Returns 'new', 'updated', or 'duplicate' (the same bytes are
        stored under another path: kept once)."""

    def record_error(self, path: str, reason: str) -> None:
        """Record why a file failed; only its latest failure is kept."""

    def clear_error(self, path: str) -> None:
        """The file at `path` was stored: forget its past failures."""

    def document_path(self, doc_id: str) -> str | None:
        """The path a document is stored under."""

    def document_paths(self) -> list[str]: ...

    def remove_path(self, path: str) -> None:
        """Remove the document stored from `path` and its facts (its file is gone)."""

    def search(self, query: str, *, kind: str | None = None, region: str | None = None,
               since: int | None = None, until: int | None = None, unit: str | None = None,
               limit: int = 50) -> list[SearchHit]: ...

    def facts(self, kind: str = "metric", *, subject: str | None = None, unit: str | None = None,
              region: str | None = None, since: int | None = None, until: int | None = None,
              document: str | None = None):
        """Facts of one type (metric, date, organization, slogan, reference, placeholder)
        as a typed DataFrame, one row per fact with its document and sentence; filters as
        in `zhfacts facts` (pipeline/store/queries.py). `df.attrs["undated"]`: documents
        without a year that a year filter left out."""

    def undated(self, region: str | None = None) -> int:
        """Documents without a year (in `region` and beneath it): what a year filter drops."""

    def frames(self) -> dict:
        """Every table as a pandas DataFrame."""

    def counts(self) -> dict[str, int]: ...

    def close(self) -> None: ...
