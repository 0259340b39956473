"""The named groups of a regex match as one dict, read with one C call.

`regex` (the module) answers `m.group("unit")` by a method call that looks the name up
each time, and `m.groupdict()` is slower still; an extractor that reads a dozen groups per
match spent more on those calls than on the scan. `group_names(rx)` lists the pattern's
group names once (in group order); `groups(m, names)` zips them with `m.groups()`:
the same values as `m.group(name)` gives, a dict look-up each.
"""
from __future__ import annotations

import regex


def group_names(rx: regex.Pattern) -> tuple[str, ...]:
    """The name of each capturing group of `rx`, in group order (every group is named)."""
    names = [None] * rx.groups
    for name, i in rx.groupindex.items():
        names[i - 1] = name
    if None in names:
        raise ValueError(f"every group must be named: {rx.pattern[:60]!r}")
    return tuple(names)


def groups(m: regex.Match, names: tuple[str, ...]) -> dict[str, str | None]:
    """name -> what the group matched (None when it did not take part)."""
    return dict(zip(names, m.groups()))
