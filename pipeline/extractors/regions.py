"""China's administrative divisions (lexicons/divisions.tsv): one lookup for every
extractor that needs a place name — document regions and organization names."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pipeline.resources import read_tsv

LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}


@dataclass(frozen=True)
class Division:
    full: str        # 桂林市
    short: str       # 桂林
    level: str       # province | prefecture | county
    province: str    # short name of its province (itself for a province)


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Full and short names (2+ characters) -> Division; where a name is shared, the
    higher level wins (长沙 is the city before the county)."""
    out: dict[str, Division] = {}
    rows = sorted(read_tsv("divisions.tsv"), key=lambda r: LEVEL_RANK[r[3]])
    for _code, full, short, level, province, *_ in rows:
        div = Division(full, short, level, province)
        for form in (full, short):
            if len(form) >= 2:
                out.setdefault(form, div)
    return out


@lru_cache(maxsize=1)
def province_full_names() -> dict[str, str]:
    """广西 -> 广西壮族自治区."""
    return {d.short: d.full for d in divisions().values() if d.level == "province"}
