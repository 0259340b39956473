"""Shared fixtures: the seed reports (copied into corpora/) and their clean texts."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SEEDS = sorted(CORPORA.glob("*.txt"))
sys.path.insert(0, str(Path(__file__).parent))  # tests/variants.py


@pytest.fixture(scope="session")
def clean_texts() -> dict[str, str]:
    """Each seed's normalized text, the reference its variants must come back to."""
    from pipeline.normalize import read

    return {p.name: read(p).text for p in SEEDS}


def seed_ids():
    return [p.name[:3] for p in SEEDS]


# --- PostgreSQL (a real server: tests/pg_server.py) --------------------------------------

@pytest.fixture(scope="session")
def pg_server():
    """The URL of a PostgreSQL server the tests may create databases on: $ZHFACTS_TEST_PG_URL,
    or a throwaway server started for this session and removed at its end."""
    import os

    url = os.environ.get("ZHFACTS_TEST_PG_URL")
    if url:
        yield url
        return
    from pg_server import Server

    server = Server().start()
    try:
        yield server.url()
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the test server (dropped after the test)."""
    import uuid

    import psycopg
    from pg_server import with_database

    name = f"zhfacts_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield with_database(pg_server, name)
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """The same test on both backends: a SQLite file, or a database on a real PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "facts.sqlite")
    return request.getfixturevalue("pg_url")
