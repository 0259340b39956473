"""How Chinese a text looks: character log-frequencies from `lexicons/char_freq.tsv`.

Used to check an encoding guess (a wrong decoding of Chinese bytes is full of rare
characters) and to pick the likeliest character where mojibake lost a byte.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from pipeline.resources import read_tsv

# log10 probability given to a character missing from the table (rarer than any listed)
FLOOR = -9.0
# the commonest N characters: text whose Han characters mostly fall outside is suspect
COMMON_N = 3000


@lru_cache(maxsize=1)
def logp() -> dict[str, float]:
    rows = [(ch, int(n)) for ch, n in read_tsv("char_freq.tsv")]
    total = sum(n for _, n in rows)
    return {ch: math.log10(n / total) for ch, n in rows}


@lru_cache(maxsize=1)
def common() -> frozenset[str]:
    rows = read_tsv("char_freq.tsv")
    return frozenset(ch for ch, _ in rows[:COMMON_N])


def score(counts: Counter[str] | str) -> float:
    """Mean log10 frequency of the non-ASCII, non-space characters (higher = more Chinese).

    Returns 0.0 for pure-ASCII text: nothing to judge.
    """
    if isinstance(counts, str):
        counts = Counter(counts)
    table = logp()
    total = n = 0
    for ch, k in counts.items():
        if ch < "\x80" or ch.isspace():
            continue
        total += table.get(ch, FLOOR) * k
        n += k
    return total / n if n else 0.0


def char_logp(ch: str) -> float:
    return logp().get(ch, FLOOR)
