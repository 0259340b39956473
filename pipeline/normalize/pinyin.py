"""Inline pinyin: `質(zhì)量` -> `質量`, while real parentheses `黨組(黨委)` survive.

Some web pages print the reading of every polyphonic character after it. A parenthesis
is removed only when its content is a reading of the character right before it, as
pypinyin knows the readings (of the character itself or of its Simplified form).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from pipeline.normalize.offsets import Rewriter

TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ"
_ANNOT_RE = regex.compile(rf"(\p{{Han}})[(（]([a-zA-Z{TONE_LETTERS}]{{1,7}}[1-5]?)[)）]")


def wanted(chars: frozenset[str]) -> bool:
    return ("(" in chars or "（" in chars) and not chars.isdisjoint(set(TONE_LETTERS) | set("aeiou"))


@lru_cache(maxsize=None)
def readings(ch: str) -> frozenset[str]:
    """All readings of a character, with tone marks, tone numbers and without tone."""
    from pypinyin import Style, pinyin  # loads a large dictionary: only when needed

    from pipeline.normalize.script import to_simplified_char

    out: set[str] = set()
    for c in {ch, to_simplified_char(ch)}:
        for style in (Style.TONE, Style.TONE3, Style.NORMAL):
            found = pinyin(c, style=style, heteronym=True, errors="ignore")
            if found:
                out.update(found[0])
    return frozenset(unicodedata.normalize("NFC", r.lower()) for r in out)


def remove(text: str):
    """Drop reading annotations; the character keeps its annotation's offsets as one block."""
    found = []  # (start, end, the character alone)
    for m in _ANNOT_RE.finditer(text):
        ch, written = m.groups()
        if _is_reading(ch, written):
            found.append((m.start(), m.end(), ch))
    if not found:
        return None
    rw = Rewriter(text)
    rw.replace_each(found)
    new_text, alignment = rw.finish()
    return new_text, alignment, rw.count


@lru_cache(maxsize=65536)
def _is_reading(ch: str, written: str) -> bool:
    """Is `written` (as it stands in the parentheses) a reading of `ch`? Cached per pair: a
    page annotates the same few hundred characters with the same readings again and again."""
    return unicodedata.normalize("NFC", written.lower()) in readings(ch)
