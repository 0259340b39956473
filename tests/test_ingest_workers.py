"""The worker pool behind `zhfacts ingest`: every file gets exactly one answer, even when a
worker hangs or dies while it holds the next file in its pipe (ingest.PREFETCH)."""
import os
import time

from pipeline.ingest import PREFETCH, _supervised


def _parse(path: str):
    if path.endswith("hang"):
        time.sleep(60)
    if path.endswith("die"):
        os._exit(3)
    return (path, path.upper(), None)


def test_each_file_answered_once_when_workers_hang_and_die():
    assert PREFETCH >= 2  # the case this guards: a file waiting behind one that fails
    paths = ["a", "b-hang", "c", "d-die", "e", "f"]
    got = {p: (payload, err) for p, payload, err in _supervised(paths, jobs=1, timeout=2, parse=_parse)}
    assert sorted(got) == sorted(paths)
    assert got["a"] == ("A", None) and got["c"] == ("C", None) and got["f"] == ("F", None)
    assert got["b-hang"][1].startswith("timed out: still being read after 2 s")
    assert got["d-die"][1] == "worker process exited with status 3 while reading this file"
    assert got["e"] == ("E", None)


def test_two_workers_answer_every_file():
    paths = [f"p{i}" for i in range(25)]
    got = [p for p, _, err in _supervised(paths, jobs=2, timeout=30, parse=_parse) if err is None]
    assert sorted(got) == sorted(paths)
