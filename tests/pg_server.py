"""A throwaway PostgreSQL server for the tests: Debian's server binaries, `initdb` into a
temporary folder as an unprivileged user (PostgreSQL refuses to run as root), listening on
127.0.0.1 at a free port, stopped and removed when the test session ends.

$ZHFACTS_TEST_PG_URL (for example `postgresql://me@db.example:5432/postgres`, a role
allowed to CREATE DATABASE) uses an existing server instead.
"""
from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def server_bin() -> Path | None:
    """The folder of Debian's `initdb`/`pg_ctl` (newest version), or of those on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """Start with `Server().start()`; `url(db)` names a database on it; `stop()` removes all."""

    def __init__(self):
        self.bin = server_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries not found (Debian: apt-get install postgresql; "
                               "or set ZHFACTS_TEST_PG_URL to a server the tests may create databases on)")
        self.folder = Path(tempfile.mkdtemp(prefix="zhfacts-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:  # run the server as an unprivileged system user
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
            if self.user is None:
                raise RuntimeError("running as root and no `postgres` or `nobody` user to run PostgreSQL as")
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        self.started = False

    def _run(self, *cmd: str) -> None:
        if self.user is not None:
            cmd = ("runuser", "-u", self.user.pw_name, "--", *cmd)
        res = subprocess.run(cmd, capture_output=True, text=True, cwd=self.folder)
        if res.returncode:
            log = self.folder / "server.log"
            raise RuntimeError(f"{' '.join(cmd)} failed ({res.returncode}): {res.stderr.strip()}\n"
                               f"{log.read_text() if log.exists() else ''}")

    def start(self, durable: bool = False, shared_buffers: str = "64MB") -> Server:
        """`durable=False` (tests): no fsync, nothing survives a crash anyway."""
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "zhfacts", "-A", "trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c max_connections=60 "
                f"-c shared_buffers={shared_buffers}")
        if not durable:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w",
                  "-t", "60", "-o", opts, "start")
        self.started = True
        atexit.register(self.stop)  # even if the session ends in a way fixtures miss
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://zhfacts@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        if self.started:
            self.started = False
            try:
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
            except RuntimeError:
                pass
        shutil.rmtree(self.folder, ignore_errors=True)


def with_database(base_url: str, name: str) -> str:
    """`base_url` with its database replaced by `name`."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path="/" + name))
