"""Regions as an analyst names them: `广西` covers its cities and counties, `桂林市` is the
`桂林` that documents store (their `region` is a short form, see extractors/document.py).
One lookup over lexicons/divisions.tsv, shared by every query that filters on a region."""
from __future__ import annotations

from functools import lru_cache

from pipeline.resources import read_tsv


@lru_cache(maxsize=1)
def _tree() -> tuple[dict[str, str], dict[str, set[str]]]:
    """(any name form -> canonical short form, short form -> short forms beneath it)."""
    canon: dict[str, str] = {}
    below: dict[str, set[str]] = {}
    rank = {"province": 0, "prefecture": 1, "county": 2}
    for _code, full, short, level, province, *rest in sorted(read_tsv("divisions.tsv"), key=lambda r: rank[r[3]]):
        prefecture = rest[0] if rest else ""
        name = short if len(short) >= 2 else full
        # a name shared by two levels means the higher one (长沙 is the city, not the county)
        for form in (full, short):
            if len(form) >= 2:
                canon.setdefault(form, name)
        if level != "province":
            below.setdefault(province, set()).add(name)
        if prefecture:
            below.setdefault(prefecture, set()).add(name)
    return canon, below


def canonical(name: str) -> str:
    """The short form documents store: 桂林市 -> 桂林, 广西壮族自治区 -> 广西; an unknown
    name comes back stripped of blanks."""
    name = name.strip()
    return _tree()[0].get(name, name)


def expand(name: str) -> list[str]:
    """The region and every division beneath it, as stored short forms, sorted:
    `广西` -> [北海, …, 桂林, 广西, …]. Unknown names match only themselves."""
    below = _tree()[1]
    top = canonical(name)
    return sorted({top, *below.get(top, ())})
