"""Where the data files live: `pipeline/lexicons/`, package data read through
`importlib.resources`, so an installed wheel works from any folder.
`$ZHFACTS_LEXICONS` points at another folder (to try a changed lexicon without reinstalling)."""
from __future__ import annotations

import os
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

LEXICONS: Traversable = (Path(os.environ["ZHFACTS_LEXICONS"]) if os.environ.get("ZHFACTS_LEXICONS")
                         else resources.files("pipeline") / "lexicons")


def lexicon(name: str) -> Traversable:
    path = LEXICONS / name
    if not path.is_file():
        raise FileNotFoundError(f"lexicon {name!r} not found in {LEXICONS} (set ZHFACTS_LEXICONS?)")
    return path


def lexicon_names(suffix: str) -> list[str]:
    """Names of the lexicon files ending in `suffix`, sorted."""
    return sorted(p.name for p in LEXICONS.iterdir() if p.name.endswith(suffix))


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a tab-separated lexicon, comments (#) and blank lines skipped."""
    rows = []
    for line in lexicon(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows
