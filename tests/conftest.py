"""Shared fixtures: the seed reports (copied into corpora/) and their clean texts."""
from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from hypothesis import configuration as hypothesis_configuration
from hypothesis import settings as hypothesis_settings

# Tests leave nothing in the checkout: Hypothesis keeps its example database and its caches in
# a temporary folder removed at exit (by default it writes `.hypothesis/` where pytest runs).
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="zhfacts-hypothesis-")
hypothesis_configuration.set_hypothesis_home_dir(_HYPOTHESIS_HOME)
hypothesis_settings.register_profile("zhfacts", database=None)
hypothesis_settings.load_profile("zhfacts")
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, True)

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


# --- no process outlives the test session ----------------------------------------------
# Every process the tests start inherits this variable (servers, workers, browsers, and
# whatever they spawn, even once re-parented to init); at the end none may still run.
_MARK = "ZHFACTS_TEST_SESSION"


def pytest_sessionstart(session):
    os.environ[_MARK] = uuid.uuid4().hex


def _marked_processes() -> dict[int, str]:
    token = f"{_MARK}={os.environ.get(_MARK)}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if token in (entry / "environ").read_bytes().split(b"\0"):
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def pytest_sessionfinish(session, exitstatus):
    if not os.environ.get(_MARK) or not Path("/proc/self/environ").exists():
        return
    # multiprocessing (used by Dask's local cluster) keeps one resource-tracker child per
    # process until that process exits; this session's own tracker is stopped, not reported.
    from multiprocessing import resource_tracker

    with contextlib.suppress(Exception):
        resource_tracker._resource_tracker._stop()
    deadline = time.monotonic() + 10  # give processes that are shutting down time to end
    while (left := _marked_processes()) and time.monotonic() < deadline:
        time.sleep(0.2)
    if left:
        for pid in left:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        lines = "\n".join(f"  {pid}: {cmd[:200]}" for pid, cmd in sorted(left.items()))
        print(f"\nERROR: {len(left)} process(es) started by the tests outlived them (now killed):\n{lines}",
              file=sys.stderr)
        session.exitstatus = 1


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
