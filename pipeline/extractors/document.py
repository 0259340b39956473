"""Document metadata (FACTS_SPEC §1): title, region and byline, from the clean text."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from pipeline.resources import LEXICONS, read_tsv

_BYLINE_RE = re.compile(r"^[□■◎●]?\s*((?:本报|新华社|记者|通讯员|来源|作者|文/|图/).{0,40})$")


def title(text: str) -> str:
    """The first non-empty line: reports open with their heading."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def byline(text: str) -> str | None:
    """`□本报记者周文俊` / `通讯员刘南锐 马树超 文/摄` in the first lines, joined."""
    found = []
    for line in text.splitlines()[:12]:
        m = _BYLINE_RE.match(line.strip())
        if m:
            found.append(m.group(1).strip())
    return " ".join(found) or None


@lru_cache(maxsize=1)
def _divisions() -> tuple[dict[str, str], dict[str, str]]:
    """name or short form -> (short name, level) of provinces and prefectures."""
    names: dict[str, str] = {}
    levels: dict[str, str] = {}
    if not (LEXICONS / "divisions.tsv").exists():
        return names, levels
    for row in read_tsv("divisions.tsv"):
        _code, name, short, level, *_ = row
        if level not in ("province", "prefecture"):
            continue
        for form in {name, short}:
            if len(form) >= 2:
                names.setdefault(form, short)
                levels.setdefault(short, level)
    return names, levels


@lru_cache(maxsize=8)
def region(text: str) -> str | None:
    """The prefecture the report is about when one is named repeatedly, else the
    province it names most, else None. (A 桂林 report also says 广西: the city wins.)"""
    names, levels = _divisions()
    if not names:
        return None
    pattern = _region_pattern()
    counts = Counter(names[m.group(0)] for m in pattern.finditer(text))
    if not counts:
        return None
    prefectures = [(n, r) for r, n in counts.items() if levels.get(r) == "prefecture"]
    if prefectures:
        n, best = max(prefectures)
        if n >= 2:
            return best
    provinces = [(n, r) for r, n in counts.items() if levels.get(r) == "province"]
    if provinces:
        return max(provinces)[1]
    return max((n, r) for r, n in counts.items())[1]


@lru_cache(maxsize=1)
def _region_pattern() -> re.Pattern:
    names, _ = _divisions()
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
