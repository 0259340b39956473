"""Batch ingest on a real Dask LocalCluster (`--scheduler local:2`) into a real PostgreSQL
server: the result equals a one-shot ingest, document by document and fact by fact, also
when a worker process is killed mid-run."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import psutil
import pytest
from conftest import SEEDS
from store_compare import assert_same_contents, write_variants

from pipeline.ingest import ingest
from pipeline.store import open_store


def test_cluster_ingest_of_seeds_and_variants_equals_a_one_shot_ingest(tmp_path, pg_url):
    folder = tmp_path / "in"
    paths = write_variants(folder)
    (folder / "empty.txt").write_bytes(b"")
    lines = []
    s = ingest([str(folder)], pg_url, scheduler="local:2", progress=False, echo=lines.append)
    assert (s.new, s.updated, s.skipped, s.failed) == (len(paths), 0, 0, 1)
    assert lines == [f"zhfacts: error: {folder / 'empty.txt'}: empty file"]
    one_shot = str(tmp_path / "one-shot.sqlite")
    ingest([str(folder)], one_shot, jobs=1, progress=False, echo=lambda m: None)
    pg, lite = open_store(pg_url), open_store(one_shot)
    assert pg.counts() == lite.counts()
    assert_same_contents(pg, lite)
    # a second run on the cluster reads nothing again
    s = ingest([str(folder)], pg, scheduler="local:2", progress=False, echo=lambda m: None)
    assert (s.new, s.updated, s.skipped, s.failed) == (0, 0, len(paths), 1)
    pg.close()
    lite.close()


def test_a_killed_worker_loses_nothing(tmp_path, pg_url):
    """SIGKILL one worker process of `zhfacts ingest --scheduler local:2` while it writes:
    its tasks are rescheduled, the store's idempotence makes the retries harmless, and the
    database equals a one-shot ingest."""
    import psycopg

    folder = tmp_path / "many"
    n = 30
    for i in range(n):
        seed = SEEDS[i % 3]
        text = seed.read_text(encoding="utf-8") + f"\n编号{i}。"  # every content hash differs
        (folder / f"{i:03d}_{seed.name}").parent.mkdir(exist_ok=True)
        (folder / f"{i:03d}_{seed.name}").write_text(text, encoding="utf-8")
    open_store(pg_url).close()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "ingest", str(folder), "--db", pg_url,
                             "--scheduler", "local:2", "--quiet"], stderr=subprocess.PIPE, text=True)
    killed = None
    try:
        deadline = time.time() + 300
        with psycopg.connect(pg_url, autocommit=True) as conn:
            while time.time() < deadline and proc.poll() is None:
                time.sleep(0.2)
                done = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                if done >= 6:
                    workers = [p for p in psutil.Process(proc.pid).children(recursive=True)
                               if "spawn_main" in " ".join(p.cmdline())]
                    assert len(workers) == 2
                    killed = workers[0]
                    killed.send_signal(signal.SIGKILL)
                    break
            at_kill = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        _, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert killed is not None and at_kill < n
    assert proc.returncode == 0, err
    m = re.search(r"documents: (\d+) new, 0 updated, (\d+) unchanged, (\d+) duplicate\(s\), 0 failed", err)
    assert m and int(m[1]) + int(m[2]) + int(m[3]) == n, err
    one_shot = str(tmp_path / "one-shot.sqlite")
    ingest([str(folder)], one_shot, jobs=2, progress=False)
    pg, lite = open_store(pg_url), open_store(one_shot)
    assert pg.counts() == lite.counts()
    assert_same_contents(pg, lite)
    pg.close()
    lite.close()


def test_a_scheduler_that_is_not_there_is_one_clear_error(tmp_path, pg_url):
    res = subprocess.run([sys.executable, "-m", "pipeline", "ingest", str(SEEDS[0]), "--db", pg_url,
                          "--scheduler", "tcp://127.0.0.1:1"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert "zhfacts: error: --scheduler tcp://127.0.0.1:1: cannot reach the Dask scheduler" in res.stderr
    res = subprocess.run([sys.executable, "-m", "pipeline", "ingest", str(SEEDS[0]), "--db", pg_url,
                          "--scheduler", "lokal:2"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and "use local:N" in res.stderr


@pytest.fixture(autouse=True)
def _no_leftover_processes():
    """Every worker, nanny and scheduler ends with its run."""
    before = {p.pid for p in psutil.Process(os.getpid()).children(recursive=True)}
    yield
    deadline = time.time() + 30
    while time.time() < deadline:
        # (multiprocessing's resource tracker lives as long as this interpreter: not ours to end)
        left = [p for p in psutil.Process(os.getpid()).children(recursive=True) if p.pid not in before
                and p.is_running() and p.status() != psutil.STATUS_ZOMBIE
                and "resource_tracker" not in " ".join(p.cmdline())]
        if not left:
            break
        time.sleep(0.5)
    assert not left, [p.cmdline() for p in left]
