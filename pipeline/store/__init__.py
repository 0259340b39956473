"""The fact database: one small interface (`Store`), two databases behind it -- SQLite
(one file, nothing to run: the default) and PostgreSQL (shared by many writers and
readers: `postgresql://user@host:port/db`). No SQL outside `pipeline/store/`.

    store = open_store("facts.sqlite")          # or open_store("postgresql://zhfacts@db:5432/facts")
    store.put(extraction, path=..., size=..., mtime=...)   # one transaction per document
    store.search("党建", kind="organization", region="桂林")
"""
from __future__ import annotations

from pathlib import Path

from pipeline.errors import ZhfactsError
from pipeline.store.base import SearchHit, Store
from pipeline.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "SearchHit", "Store", "is_postgres", "open_store"]


def is_postgres(target) -> bool:
    return str(target).startswith(("postgres://", "postgresql://"))


def open_store(target: str | Path) -> Store:
    """A store for a path (SQLite file) or a URL (`sqlite:///facts.sqlite`,
    `postgresql://user@host:port/db`)."""
    target = str(target)
    if is_postgres(target):
        try:
            from pipeline.store.postgres import PostgresStore
        except ImportError as err:  # psycopg is a dependency; a broken install says so
            raise ZhfactsError(f"PostgreSQL needs psycopg 3 (pip install 'psycopg[binary]'): {err}") from None
        return PostgresStore(target)
    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///"):]
    return SQLiteStore(target)
