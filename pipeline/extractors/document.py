"""Document metadata (FACTS_SPEC §1): title, region and byline, from the clean text."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from pipeline.extractors.regions import divisions

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
def _names() -> dict[str, tuple[str, str]]:
    """Province and prefecture names (full and short) -> (short name, level)."""
    return {form: (d.short, d.level) for form, d in divisions().items() if d.level != "county"}


@lru_cache(maxsize=8)
def region(text: str) -> str | None:
    """The prefecture the report is about when one is named repeatedly, else the
    province it names most, else None. (A 桂林 report also says 广西: the city wins.)"""
    names = _names()
    if not names:
        return None
    levels = dict(names.values())
    counts = Counter(names[m.group(0)][0] for m in _region_pattern().finditer(text))
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
    return re.compile("|".join(re.escape(n) for n in sorted(_names(), key=len, reverse=True)))
