"""Where the data files live: `lexicons/` at the project root (override: $ZHFACTS_LEXICONS)."""
from __future__ import annotations

import os
from pathlib import Path

LEXICONS = Path(os.environ.get("ZHFACTS_LEXICONS") or Path(__file__).resolve().parents[1] / "lexicons")


def lexicon(name: str) -> Path:
    path = LEXICONS / name
    if not path.exists():
        raise FileNotFoundError(f"lexicon {name!r} not found in {LEXICONS} (set ZHFACTS_LEXICONS?)")
    return path


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a tab-separated lexicon, comments (#) and blank lines skipped."""
    rows = []
    for line in lexicon(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows
