"""The fact database: one small interface (`Store`) so that a shared server can take
SQLite's place later. No SQL outside `pipeline/store/` is SQLite-specific.

    store = open_store("facts.sqlite")
    store.put(extraction, path=..., size=..., mtime=...)   # one transaction per document
    store.search("党建", kind="organization", region="桂林")
"""
from __future__ import annotations

from pathlib import Path

from pipeline.errors import ZhfactsError
from pipeline.store.base import SearchHit, Store
from pipeline.store.sqlite import SQLiteStore

__all__ = ["SearchHit", "Store", "SQLiteStore", "open_store"]


def open_store(target: str | Path) -> Store:
    """A store for a path (SQLite file) or a URL (`sqlite:///facts.sqlite`)."""
    target = str(target)
    if target.startswith(("postgres://", "postgresql://")):
        raise ZhfactsError(f"{target}: only SQLite stores exist so far (PostgreSQL is planned behind the same interface)")
    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///"):]
    return SQLiteStore(target)
