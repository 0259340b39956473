"""Batch ingest: a folder of incoming reports -> the fact database.

Unchanged files are skipped without parsing (same path, size and mtime; or the same
content hash), changed ones replace what their path held, and each document is written
whole or not at all (SQLite: in a savepoint, committed by batches of up to a second):
killing a run at any moment loses at most the last batch, and running the same command
again finishes the job. Parsing runs in `jobs` worker processes, which also turn each
report into the rows to write (with one worker the main process does that itself: it would
otherwise wait half the time); only the main process writes. Each file has a time budget: a worker
still on one file past it, or killed under it (the OOM killer), ends that file as failed
(recorded) and a fresh worker goes on with the batch.

With a `scheduler` (`local:N` or `tcp://host:8786`) the parsing runs on a Dask cluster
instead, and each worker writes its documents to the shared PostgreSQL store itself; a
worker that dies mid-run has its tasks retried elsewhere, and the store's idempotence
makes a retry harmless (see `_ingest_on_cluster`).
"""
from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import stat
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field

from pipeline.errors import InputError, ZhfactsError, printable

# Seconds one file may take in a worker: a long report needs a few; past this it is a
# pathological input and must not hold up the batch.
DEFAULT_TIMEOUT = 120.0


@dataclass
class Summary:
    new: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    facts: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    # `skipped` counts both kinds of file not parsed again; these tell them apart
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, the path stored)
    pruned: list[str] = field(default_factory=list)
    matched: int = 0  # files the arguments named

    @property
    def unchanged(self) -> int:
        return self.skipped - len(self.duplicates)

    def line(self) -> str:
        facts = ", ".join(f"{n} {k}" for k, n in self.facts.items() if n) or "no facts"
        pruned = f", {len(self.pruned)} pruned" if self.pruned else ""
        return (f"documents: {self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.duplicates)} duplicate(s), {self.failed} failed{pruned}; facts: {facts}")


def _parse(path: str):
    """Worker: read, normalize and extract one file. Never raises: a bad file comes back
    as its reason, so the batch goes on."""
    from pipeline.extractors import extract
    from pipeline.segment import sentence_bounds
    from pipeline.sources import load

    try:
        norm = load(path)
        result = extract(norm)
        sentences = [(*norm.offsets.span(s, e), norm.text[s:e]) for s, e in sentence_bounds(norm.text)]
        return path, (result, norm.original, sentences), None
    except InputError as err:
        return path, None, err.reason
    except ZhfactsError as err:
        return path, None, str(err)
    except Exception as err:  # a bug on one odd file must not stop a batch: it is recorded
        return path, None, f"internal error: {type(err).__name__}: {err}"


def _parse_rows(path: str):
    """Worker: `_parse`, then the rows a SQLite store writes (`rows_of`: plain tuples with
    their search tokens), so the one writer has only SQL left to run."""
    path, payload, error = _parse(path)
    if payload is not None:
        payload, error = _rows_here(payload)
    return path, payload, error


def _rows_here(payload):
    """`rows_of` of a parse: (rows, None) or (None, the reason). A worker calls it, or with
    one worker the writing process (outside the file's time budget: rows_of is linear)."""
    from pipeline.store.sqlite import rows_of

    try:
        return rows_of(*payload), None
    except Exception as err:
        return None, f"internal error: {type(err).__name__}: {err}"


def ingest(paths, db, *, jobs: int | None = None, progress: bool = True, echo=None,
           scheduler: str | None = None, prune: bool = False,
           timeout: float | None = DEFAULT_TIMEOUT) -> Summary:
    """Ingest every report under `paths` into the database `db` (path, URL or Store); with
    a `scheduler`, on a Dask cluster that writes to a PostgreSQL `db`. `prune`: remove the
    documents stored from files under `paths` that no longer exist. `timeout`: seconds each
    file may take on this machine (None: no budget, and with one job the files are parsed
    in this process)."""
    from pipeline.sources import scan
    from pipeline.store import open_store

    echo = echo or _write  # through tqdm: a message never tears the progress bar
    if scheduler is not None:
        _check_scheduler(scheduler)
        if not str(getattr(db, "url", db)).startswith(("postgres://", "postgresql://")):
            raise ZhfactsError(f"{db}: a Dask cluster needs a shared database that many workers write at once; "
                               "SQLite has one writer. Use --db postgresql://user@host:port/db, or drop "
                               "--scheduler and use -j N on this machine")
    store = open_store(db) if isinstance(db, (str, os.PathLike)) else db
    summary = Summary()
    todo: list[tuple[str, int, float]] = []
    files, refused = scan(paths)
    summary.matched = len(files) + len(refused)
    for arg in paths:
        if not any(scan([arg])):
            echo(f"zhfacts: warning: {printable(str(arg))}: matches no report file")
    for path, reason in refused:  # links out of a folder, dangling links, loops
        summary.failed += 1
        _fail(store, summary, echo, path, reason)
    if prune:
        summary.pruned = _prune(store, paths, echo)
    for p in files:
        path = str(p)
        try:
            st = os.stat(path)
        except OSError as err:
            summary.failed += 1
            reason = "no such file" if isinstance(err, FileNotFoundError) else f"cannot read: {err.strerror}"
            _fail(store, summary, echo, path, reason)
            continue
        known = store.source_state(path)
        if known and known[1] == st.st_size and known[2] == st.st_mtime:
            summary.skipped += 1  # unchanged: not even read
            continue
        if stat.S_ISREG(st.st_mode) and (known or st.st_size < 64 * 2**20):  # a FIFO is refused by load
            with open(path, "rb") as f:
                doc_id = hashlib.sha256(f.read()).hexdigest()[:16]
            if store.has_document(doc_id) and (known is None or known[0] == doc_id):
                summary.skipped += 1  # same content (touched, or a copy at another path)
                if known is None:
                    _duplicate(store, summary, echo, path, doc_id)
                continue
        todo.append((path, st.st_size, st.st_mtime))

    if scheduler is not None:
        if not todo:
            return summary  # nothing to parse: no cluster to start
        bar = _progress(len(todo), progress)
        try:
            _ingest_on_cluster(todo, store.url, scheduler, summary, echo, bar, store)
        finally:
            bar.close()
        if summary.new or summary.updated:
            store.refresh_search_cache()
        return summary

    jobs = jobs or os.cpu_count() or 1
    bar = _progress(len(todo), progress)
    stats = {p: (s, m) for p, s, m in todo}
    # SQLite: workers hand back rows ready to write, and documents go in by batches
    put_rows = getattr(store, "put_rows", None)
    batch = store.batch() if put_rows else contextlib.nullcontext()
    try:
        with batch:
            # one worker leaves this process idle half the time: it builds the rows itself (the
            # search tokens), which evens the two out; with more workers it is the bottleneck
            rows_here = put_rows is not None and jobs == 1 and timeout is not None
            parse = _parse_rows if put_rows and not rows_here else _parse
            for path, payload, error in _run(todo, jobs, timeout, parse):
                size, mtime = stats[path]
                if error is None and rows_here:
                    payload, error = _rows_here(payload)
                if error is not None:
                    summary.failed += 1
                    _fail(store, summary, echo, path, error)
                else:
                    if put_rows:
                        doc_id, counts = payload.doc_id, payload.counts
                        state = put_rows(payload, path=path, size=size, mtime=mtime)
                    else:
                        result, text, sentences = payload
                        doc_id, counts = result.document.doc_id, {k: len(v) for k, v in result.facts.items()}
                        state = store.put(result, text, sentences, path=path, size=size, mtime=mtime)
                    if state == "duplicate":
                        summary.skipped += 1
                        _duplicate(store, summary, echo, path, doc_id)
                    else:
                        store.clear_error(path)  # it failed before: no longer
                        setattr(summary, state, getattr(summary, state) + 1)
                        for kind, n in counts.items():
                            summary.facts[kind] += n
                bar.update(1)
    finally:
        bar.close()
    if summary.new or summary.updated:
        store.refresh_search_cache()  # the best rows of very frequent queries, ranked once
    return summary


def _write(msg: str) -> None:
    from tqdm import tqdm

    tqdm.write(msg, file=sys.stderr)


def _duplicate(store, summary: Summary, echo, path: str, doc_id: str) -> None:
    stored = store.document_path(doc_id) or "?"
    summary.duplicates.append((path, stored))
    echo(f"zhfacts: note: {path}: same content as {stored} (stored once)")


def _prune(store, paths, echo) -> list[str]:
    """Stored documents whose file is gone, under the folders, files and glob roots named."""
    import glob as globlib

    roots = []  # (absolute root, whether any path starting with it counts: a glob's fixed part)
    for arg in map(str, paths):
        if globlib.has_magic(arg):
            roots.append((os.path.abspath(arg.split("*")[0].split("?")[0].split("[")[0]), True))
        else:
            roots.append((os.path.abspath(arg), False))
    gone = []
    for path in store.document_paths():
        full = os.path.abspath(path)
        under = any(full.startswith(r) if prefix else (full == r or full.startswith(r.rstrip(os.sep) + os.sep))
                    for r, prefix in roots)
        if under and not os.path.exists(path):
            store.remove_path(path)
            gone.append(path)
            echo(f"zhfacts: note: {path}: file gone, its document removed")
    return gone


def _fail(store, summary: Summary, echo, path: str, reason: str) -> None:
    store.record_error(path, reason)
    summary.errors.append(f"{path}: {reason}")
    echo(f"zhfacts: error: {printable(f'{path}: {reason}')}")


def _run(todo, jobs: int, timeout: float | None = DEFAULT_TIMEOUT, parse=_parse):
    """(path, payload, error) of every file, in the order they finish (`parse` of each)."""
    paths = [p for p, _, _ in todo]
    if timeout is None and (jobs <= 1 or len(paths) <= 1):
        yield from map(parse, paths)
        return
    if paths:
        yield from _supervised(paths, jobs, timeout, parse)


class _Worker:
    """One worker process and the pipe it takes paths from and sends results back on. It
    holds up to PREFETCH paths: the next one waits in its pipe while the parent writes the
    last result, so a worker never stands idle for the database."""

    def __init__(self, ctx, parse=_parse):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, self.conn, os.getpid(), parse), daemon=True)
        self.process.start()
        child.close()
        self.queue: deque[str] = deque()  # paths given, in the order the worker reads them
        self.started = 0.0  # when the worker began the first of them

    @property
    def path(self) -> str | None:
        """The file the worker is reading now."""
        return self.queue[0] if self.queue else None

    def give(self, path: str) -> None:
        if not self.queue:
            self.started = time.monotonic()
        self.queue.append(path)
        self.conn.send(path)

    def done(self) -> None:
        """The file it was reading came back; the next one (if given) starts now."""
        self.queue.popleft()
        self.started = time.monotonic()

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


PREFETCH = 2  # paths a worker holds: the one it reads and the next


def _serve(conn, parent_end, parent: int, parse=_parse) -> None:
    """Worker loop: parse each path received until None (Ctrl-C is the parent's to handle).
    A parent killed with SIGKILL sends nothing: the worker then notices it is gone and ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent_end.close()  # forked copy of the parent's end: would keep our pipe open forever
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        conn.send(parse(path))


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else str(-exitcode)
        hint = " (out of memory?)" if -exitcode == signal.SIGKILL else ""
        return f"worker process killed by {name}{hint} while reading this file"
    return f"worker process exited with status {exitcode} while reading this file"


def _supervised(paths: list[str], jobs: int, timeout: float | None, parse=_parse):
    """Parse each file in one of `jobs` worker processes, each file within `timeout` s.

    A worker past the budget is killed, one that dies (a signal, the OOM killer) is
    noticed by its sentinel; either way its file comes back as an error, the files it held
    after it go back to the queue, and a fresh worker takes its place, so the batch always
    ends."""
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    if ctx.get_start_method() == "fork":
        from pipeline.extractors import load

        load()  # once here, shared by every forked worker (and by their replacements)
    pending = deque(paths)
    workers = [_Worker(ctx, parse) for _ in range(max(1, min(jobs, len(paths))))]

    def top_up(w: _Worker) -> None:
        while pending and len(w.queue) < PREFETCH:
            w.give(pending.popleft())

    try:
        for w in workers:
            top_up(w)
        while any(w.path for w in workers):
            busy = [w for w in workers if w.path]
            wait = None if timeout is None else \
                max(0.0, min(w.started + timeout for w in busy) - time.monotonic())
            ready = set(multiprocessing.connection.wait(
                [w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=wait))
            for i, w in enumerate(workers):
                if not w.path:
                    continue
                result, replace = None, True
                if w.conn in ready:
                    try:
                        result, replace = w.conn.recv(), False
                    except (EOFError, OSError):  # died while sending
                        w.process.join(timeout=5)
                        result = (w.path, None, _death(w.process.exitcode))
                elif w.process.sentinel in ready:
                    w.process.join(timeout=5)
                    result = (w.path, None, _death(w.process.exitcode))
                elif timeout is not None and time.monotonic() - w.started >= timeout:
                    result = (w.path, None, f"timed out: still being read after {timeout:g} s "
                                            f"(the per-file time budget)")
                if result is None:
                    continue
                if replace:  # dead or overrunning: a fresh worker takes its place, and the
                    w.stop(kill=True)  # files it held after this one go back to the queue
                    pending.extendleft(reversed(list(w.queue)[1:]))
                    w = workers[i] = _Worker(ctx, parse)
                else:
                    w.done()
                top_up(w)
                yield result
    finally:
        for w in workers:
            w.stop(kill=bool(w.path))


# --- on a Dask cluster ------------------------------------------------------------------

_WORKER_STORES: dict = {}  # one connection per worker process and database URL


def _check_scheduler(scheduler: str) -> None:
    import re

    if not re.fullmatch(r"local(:[1-9]\d*)?|(tcp|tls|ucx|inproc)://\S+", scheduler):
        raise ZhfactsError(f"--scheduler {scheduler}: use local:N (start N worker processes here) or the "
                           "address of a running Dask scheduler, tcp://host:8786")


def _parse_and_put(url: str, path: str, size: int, mtime: float):
    """Dask task: parse one file and write it to the shared store from the worker.
    Returns (path, state, fact counts, error). Harmless to run twice: a document already
    stored under this path is not written again."""
    from pipeline.store import open_store

    store = _WORKER_STORES.get(url)
    if store is None:
        store = _WORKER_STORES[url] = open_store(url)
    path, payload, error = _parse(path)
    if error is not None:
        store.record_error(path, error)
        return path, "failed", {}, error
    result, text, sentences = payload
    state = store.put(result, text, sentences, path=path, size=size, mtime=mtime)
    if state != "duplicate":
        store.clear_error(path)
    if state == "duplicate" and (store.source_state(path) or [None])[0] == result.document.doc_id:
        state = "new"  # stored under this very path by an earlier attempt of this task (its worker died)
    return path, state, {k: len(v) for k, v in result.facts.items()}, None


def _ingest_on_cluster(todo, url: str, scheduler: str, summary: Summary, echo, bar, store) -> None:
    """Submit one task per file to the cluster and gather the outcomes as they finish.
    A worker lost mid-task has its tasks rescheduled by the scheduler (up to
    `distributed.scheduler.allowed-failures` times, then the file is reported failed)."""
    import logging

    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    try:
        if scheduler.startswith("local"):
            n = int(scheduler.partition(":")[2] or os.cpu_count() or 1)
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="30s")
    except OSError as err:
        raise ZhfactsError(f"--scheduler {scheduler}: cannot reach the Dask scheduler: {err}") from None
    try:
        futures = [client.submit(_parse_and_put, url, path, size, mtime, key=f"zhfacts-ingest-{i}-{path}",
                                 pure=False) for i, (path, size, mtime) in enumerate(todo)]
        where = {f.key: path for f, (path, _, _) in zip(futures, todo)}
        for future in as_completed(futures):
            try:
                path, state, facts, error = future.result()
            except Exception as err:  # the task itself was lost too often (KilledWorker) or crashed
                path, state, facts, error = where[future.key], "failed", {}, f"{type(err).__name__}: {err}"
                store.record_error(path, error)
            if state == "failed":
                summary.failed += 1
                summary.errors.append(f"{path}: {error}")
                echo(f"zhfacts: error: {path}: {error}")
            elif state == "duplicate":
                summary.skipped += 1
            else:
                setattr(summary, state, getattr(summary, state) + 1)
                for kind, n in facts.items():
                    summary.facts[kind] += n
            future.release()
            bar.update(1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="ingesting", file=sys.stderr, disable=not enabled or not total,
                dynamic_ncols=True)
