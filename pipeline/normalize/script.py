"""Simplified or Traditional? And Traditional -> Simplified with OpenCC.

OpenCC converts only a text judged Traditional: run over Simplified text it damages
some of it (e.g. 乾 in names, 後 in quotations are handled differently), so a report in
Simplified with a few Traditional names is left alone.
"""
from __future__ import annotations

import difflib
from functools import lru_cache

import numpy as np
import opencc

from pipeline.normalize.offsets import Rewriter

# Han characters of the basic block; the script sets are computed from OpenCC itself.
_HAN_BLOCK = "".join(chr(c) for c in range(0x4E00, 0xA000))


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def traditional_only() -> frozenset[str]:
    """Characters that t2s changes: they occur in Traditional text, not in Simplified."""
    conv = _t2s().convert(_HAN_BLOCK)
    return frozenset(a for a, b in zip(_HAN_BLOCK, conv) if a != b)


@lru_cache(maxsize=1)
def simplified_only() -> frozenset[str]:
    conv = opencc.OpenCC("s2t").convert(_HAN_BLOCK)
    return frozenset(a for a, b in zip(_HAN_BLOCK, conv) if a != b)


def detect(chars_or_text) -> str:
    """'traditional' when Traditional-only characters clearly outnumber Simplified-only ones."""
    from collections import Counter

    counts = Counter(chars_or_text) if isinstance(chars_or_text, str) else chars_or_text
    trad = sum(n for ch, n in counts.items() if ch in traditional_only())
    simp = sum(n for ch, n in counts.items() if ch in simplified_only())
    return "traditional" if trad and trad > 3 * simp else "simplified"


def to_simplified_char(ch: str) -> str:
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


def _changed(a: str, b: str) -> int:
    """How many characters differ between two equal-length texts (numpy: 4 M chars in ms)."""
    x = np.frombuffer(a.encode("utf-32-le"), dtype=np.uint32)
    y = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    return int(np.count_nonzero(x != y))


def to_simplified(text: str):
    """OpenCC t2s with offsets: lines whose length changed are aligned with difflib."""
    conv = _t2s().convert(text)
    if conv == text:
        return None
    count = _changed(text, conv) if len(conv) == len(text) else 0
    src_lines, out_lines = text.split("\n"), conv.split("\n")
    if len(conv) == len(text) and all(len(a) == len(b) for a, b in zip(src_lines, out_lines)) \
            and len(src_lines) == len(out_lines):
        # the usual case: character for character, one aligned segment
        rw = Rewriter(text)
        rw.replace(len(text), conv, aligned=True, count=count)
        return *rw.finish(), count
    if len(src_lines) != len(out_lines):  # OpenCC never touches newlines; be safe anyway
        out_lines = [_t2s().convert(line) for line in src_lines]
    rw = Rewriter(text)
    pos = 0
    for a, b in zip(src_lines, out_lines):
        if len(a) == len(b):
            rw.replace(pos + len(a), b, aligned=True, count=_changed(a, b))
        else:
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                rw.keep(pos + i1)
                rw.replace(pos + i2, b[j1:j2], count=0 if tag == "equal" else max(i2 - i1, j2 - j1))
        pos += len(a) + 1
        rw.keep(min(pos, len(text)))
    new_text, alignment = rw.finish()
    return new_text, alignment, rw.count
