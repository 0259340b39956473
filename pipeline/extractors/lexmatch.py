"""Matching a whole lexicon in one pass over a text: an Aho–Corasick automaton
(pyahocorasick), built once per lexicon, instead of a scan per entry or a regex
alternation of thousands of words.

    units = LexMatcher({row[0]: row[1] for row in read_tsv("units.tsv")})
    units.longest("服务企业725家，培训3万人次")   # [(7, 8, '家', '家'), (13, 15, '人次', '人次')]

`longest` gives what a regex alternation sorted longest first gives with `finditer`
(leftmost match, the longest word there, no overlaps); `all` gives every occurrence,
overlaps included. `lexicon_matcher(name)` is the cached matcher of a lexicon file's
first column. The extractors can take it where they now build an alternation.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import ahocorasick


class LexMatcher:
    """Every occurrence of any word of a lexicon, with the value attached to the word."""

    def __init__(self, words: Mapping[str, object] | Iterable[str]):
        self._auto = ahocorasick.Automaton()
        items = words.items() if isinstance(words, Mapping) else ((w, w) for w in words)
        for word, value in items:
            if word:
                self._auto.add_word(word, (word, value))
        self.size = len(self._auto)
        if self.size:
            self._auto.make_automaton()

    def __len__(self) -> int:
        return self.size

    def __contains__(self, word: str) -> bool:
        return self._auto.exists(word)

    def all(self, text: str) -> list[tuple[int, int, str, object]]:
        """(start, end, word, value) of every occurrence, overlapping ones included,
        by start then length."""
        if not self.size:
            return []
        hits = [(end + 1 - len(w), end + 1, w, v) for end, (w, v) in self._auto.iter(text)]
        hits.sort(key=lambda h: (h[0], h[1]))
        return hits

    def longest(self, text: str) -> list[tuple[int, int, str, object]]:
        """Leftmost-longest occurrences without overlap, left to right."""
        if not self.size:
            return []
        # a sentinel: pyahocorasick's iter_long misses a match reached through a failure
        # link at the very end of the text (大兴安 finds no 兴安 without it)
        n = len(text)
        return [(end + 1 - len(w), end + 1, w, v) for end, (w, v) in self._auto.iter_long(text + "\0")
                if end < n]


@lru_cache(maxsize=None)
def lexicon_matcher(name: str, column: int = 0) -> LexMatcher:
    """The matcher of a lexicon file's words (`units.tsv`, `bodies.tsv`, …), the value
    of each word being its whole row."""
    from pipeline.resources import read_tsv

    return LexMatcher({row[column]: tuple(row) for row in read_tsv(name) if len(row) > column})
