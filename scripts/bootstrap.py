#!/usr/bin/env python3.11
"""Set up `.venv/` from the lock file, then run the main job or the tests.

    python3.11 scripts/bootstrap.py run     # install, then extract the facts of corpora/
    python3.11 scripts/bootstrap.py test    # install (with dev extras), then pytest

Standard library only: it runs on a fresh machine that has nothing but Python 3.11.
pkuseg 0.0.25 ships no wheel for 3.11 and its setup.py imports numpy and Cython, so it
is built after everything else, without build isolation, against the locked numpy.
Re-running is cheap: a stamp of the lock's hash skips the install when nothing changed.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".zhfacts-installed"
# Built separately (no build isolation); see the module docstring.
NO_ISOLATION = ("pkuseg",)


def log(msg: str) -> None:
    print(f"[bootstrap] {msg}", file=sys.stderr, flush=True)


def run(cmd: list[str | os.PathLike], **kw) -> None:
    log(" ".join(str(c) for c in cmd))
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)


def venv_bin(name: str) -> Path:
    return VENV / "bin" / name


def wanted_stamp() -> str:
    h = hashlib.sha256()
    for f in (LOCK, ROOT / "pyproject.toml", Path(__file__)):
        h.update(f.read_bytes())
    return h.hexdigest()


def install() -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"bootstrap: needs Python 3.11, this is {sys.version.split()[0]}")
    if not venv_bin("python").exists():
        run([sys.executable, "-m", "venv", VENV])
    if STAMP.exists() and STAMP.read_text() == wanted_stamp():
        log(".venv is up to date")
        return
    pip = [venv_bin("python"), "-m", "pip", "--disable-pip-version-check"]
    lines = LOCK.read_text(encoding="utf-8").splitlines()
    late = [ln.strip() for ln in lines if ln.split("==")[0].strip() in NO_ISOLATION]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as tmp:
        tmp.write("\n".join(ln for ln in lines if ln.strip() not in late) + "\n")
    try:
        run([*pip, "install", "-q", "-r", tmp.name])
    finally:
        os.unlink(tmp.name)
    for req in late:
        run([*pip, "install", "-q", "--no-build-isolation", "--no-deps", req])
    run([*pip, "install", "-q", "--no-build-isolation", "--no-deps", "-e", ROOT])
    run([*pip, "check"])
    STAMP.write_text(wanted_stamp())


# System packages the tests need: a real browser for the web pages, and CJK fonts so
# that it draws Chinese (Debian's packages; nothing is downloaded by the tests).
SYSTEM_PACKAGES = {"chromium": "chromium", "fc-list": "fonts-noto-cjk"}


def system_packages() -> None:
    missing = [pkg for cmd, pkg in SYSTEM_PACKAGES.items() if not shutil.which(cmd)]
    if not missing and _has_cjk_font():
        return
    missing = sorted(set(missing) | ({"fonts-noto-cjk"} if not _has_cjk_font() else set()))
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        log(f"missing system packages {missing}: install them (apt-get install {' '.join(missing)}); "
            "the browser tests fail without them")
        return
    run(["apt-get", "update", "-qq"], stdout=subprocess.DEVNULL)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], stdout=subprocess.DEVNULL,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def postgres_server() -> None:
    """The tests start a throwaway PostgreSQL server (tests/pg_server.py) from Debian's
    server binaries; install them when missing, as root. $ZHFACTS_TEST_PG_URL (a server
    the tests may create databases on) makes them unnecessary."""
    import glob

    if os.environ.get("ZHFACTS_TEST_PG_URL") or glob.glob("/usr/lib/postgresql/*/bin/initdb") \
            or shutil.which("initdb"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        log("missing the PostgreSQL server: install it (apt-get install postgresql) or set ZHFACTS_TEST_PG_URL; "
            "the PostgreSQL store and Dask ingest tests fail without it")
        return
    run(["apt-get", "update", "-qq"], stdout=subprocess.DEVNULL)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"], stdout=subprocess.DEVNULL,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def _has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return bool(out.strip())


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"install", "run", "test"}:
        print(__doc__, file=sys.stderr)
        return 2
    install()
    what, rest = argv[0], argv[1:]
    if what == "run":
        # the main job on corpora/: the fact tables, the fact database, the batch report
        out = ROOT / "out"
        jobs = [
            ["extract", ROOT / "corpora", "--format", "csv", "--out", out / "facts", *rest],
            ["ingest", ROOT / "corpora", "--db", out / "facts.sqlite"],
            ["report", "--db", out / "facts.sqlite", "--out", out / "report.html"],
        ]
        for job in jobs:
            code = subprocess.call([str(c) for c in [venv_bin("zhfacts"), *job]], cwd=ROOT)
            if code:
                return code
        log(f"done: {out / 'facts'}/*.csv, {out / 'facts.sqlite'} (try `.venv/bin/zhfacts serve --db "
            f"{out / 'facts.sqlite'}`), {out / 'report.html'}")
        return 0
    if what == "test":
        system_packages()
        postgres_server()
        # tests leave nothing in the checkout: no bytecode caches, no pytest cache (pyproject's
        # addopts), Hypothesis's database in a temporary folder (tests/conftest.py)
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        code = subprocess.call([str(venv_bin("python")), "-m", "pytest", *rest], cwd=ROOT, env=env)
        if code == 5:  # pytest: no tests collected -- a CI run that tests nothing must not pass
            log("pytest collected no tests")
            return 1
        return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
