"""Inline suppression, for writers who want it in the draft itself (a baseline file leaves
the draft clean: see baseline.py):

    培训*名<!-- zhfacts: ignore -->                    every rule, on this line
    培训*名<!-- zhfacts: ignore ZH-GAP-NUMBER -->      this rule (or several: A, B), on this line
    培训*名（zhfacts:ignore）                            the same at the end of a line, in a .docx
    <!-- zhfacts: disable ZH-GAP-NUMBER -->            a block: from here (all rules without an ID) …
    <!-- zhfacts: enable ZH-GAP-NUMBER -->             … to here (or to the end of the document)

A rule ID that does not exist is reported (`Ignores.unknown`), not silently accepted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.check.rules import RULES

# the IDs are read from what is between the verb and the end of the comment (no nested
# quantifiers: the draft is untrusted text)
_COMMENT_RE = re.compile(r"<!--\s*zhfacts:\s*(ignore|disable|enable)\b([^<>]*?)-->")
_LINE_END_RE = re.compile(r"[（(]\s*zhfacts:\s*ignore\b([^（）()\n]*)[）)][ \t]*$", re.MULTILINE)
ALL = "*"


@dataclass
class Ignores:
    lines: dict[int, set[str]] = field(default_factory=dict)  # 0-based line → rule IDs (ALL: every rule)
    blocks: list[tuple[int, int, str]] = field(default_factory=list)  # [start, end) offset, rule ID or ALL
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (1-based line, ID) of IDs that do not exist

    def silences(self, rule: str, offset: int, line: int) -> bool:
        on_line = self.lines.get(line, ())
        return ALL in on_line or rule in on_line or any(
            s <= offset < e and r in (ALL, rule) for s, e, r in self.blocks)


def parse(text: str) -> Ignores:
    """The inline ignores of one document."""
    out = Ignores()
    open_blocks: dict[str, int] = {}  # rule ID (or ALL) → where its block began

    def ids_of(raw: str, offset: int) -> list[str]:
        ids = [i for i in re.split(r"[\s,]+", raw.strip()) if i]
        for i in ids:
            if i not in RULES:
                out.unknown.append((text.count("\n", 0, offset) + 1, i))
        return [i for i in ids if i in RULES] if ids else [ALL]

    for m in _COMMENT_RE.finditer(text):
        verb, ids = m.group(1), ids_of(m.group(2), m.start())
        if verb == "ignore":
            out.lines.setdefault(text.count("\n", 0, m.start()), set()).update(ids)
        elif verb == "disable":
            for i in ids:
                open_blocks.setdefault(i, m.end())
        else:
            for i in ids:
                if i == ALL:  # enable without IDs closes every open block
                    for r, s in open_blocks.items():
                        out.blocks.append((s, m.start(), r))
                    open_blocks.clear()
                elif i in open_blocks:
                    out.blocks.append((open_blocks.pop(i), m.start(), i))
    for r, s in open_blocks.items():
        out.blocks.append((s, len(text), r))
    for m in _LINE_END_RE.finditer(text):
        out.lines.setdefault(text.count("\n", 0, m.start()), set()).update(ids_of(m.group(1), m.start()))
    return out
