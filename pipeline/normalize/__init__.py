"""Normalization: any report file in, clean Simplified text out, every character traceable.

    >>> doc = read("corpora/003_cfeaec5d2dcccb36.txt")
    >>> doc.text[:8], doc.script, doc.repairs[0]
    ('以高质量机关党建', 'traditional', {'kind': 'pinyin_annotation', 'count': ...})
    >>> doc.offsets.span(0, 4)          # clean [0, 4) came from original [0, 9): 以高質(zhì)量
    (0, 9)

The fixers run in a fixed order (`FIXERS`); each is skipped unless the set of characters
in the text calls for it, so clean Simplified UTF-8 passes with one decode and one scan.
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from pipeline.errors import InputError
from pipeline.normalize import cleanup, mojibake_gbk, mojibake_latin1, pinyin, script, wraps
from pipeline.normalize.decode import MAX_BYTES, MAX_CHARS, check_chars, decode, read_file
from pipeline.normalize.offsets import Alignment, OffsetMap

__all__ = ["Normalized", "read", "normalize_text", "InputError", "MAX_BYTES", "MAX_CHARS"]


@dataclass(frozen=True)
class Fixer:
    kind: str                                   # the repair's name in `Normalized.repairs`
    fix: Callable[[str], tuple | None]          # text -> (text, Alignment, count) or None
    wanted: Callable[[frozenset[str]], bool]    # cheap test on the text's character set


def _t2s_wanted(chars: frozenset[str]) -> bool:
    return not script.traditional_only().isdisjoint(chars)


# In order: undo what happened to the bytes first (mojibake), then what a web page added
# (pinyin, lost interpuncts), then the script, then widths and punctuation.
FIXERS: list[Fixer] = [
    # before control characters go: Latin-1 mojibake is made of C1 controls
    Fixer("mojibake_latin1", mojibake_latin1.fix_latin1, mojibake_latin1.latin1_wanted),
    Fixer("control_chars", cleanup.strip_invisible, cleanup.invisible_wanted),
    Fixer("html_entity", cleanup.html_entities, cleanup.entities_wanted),
    Fixer("mojibake_gbk", mojibake_gbk.fix_gbk, mojibake_gbk.gbk_wanted),
    Fixer("pinyin_annotation", pinyin.remove, pinyin.wanted),
    Fixer("interpunct", cleanup.interpunct, cleanup.interpunct_wanted),
    Fixer("t2s", script.to_simplified, _t2s_wanted),
    # after t2s, in Simplified form: the script is judged on the text as written
    Fixer("look_alikes", cleanup.look_alikes, cleanup.look_alikes_wanted),
    Fixer("fullwidth", cleanup.fullwidth, cleanup.fullwidth_wanted),
    Fixer("latin_zero", cleanup.latin_zero, cleanup.latin_zero_wanted),  # after Ｏ became O
    Fixer("range_dash", cleanup.range_dashes, cleanup.dashes_wanted),
    Fixer("punctuation", cleanup.punctuation, cleanup.punctuation_wanted),
    Fixer("prime_quotes", cleanup.prime_quotes, cleanup.prime_quotes_wanted),
    Fixer("ascii_quotes", cleanup.ascii_quotes, cleanup.ascii_quotes_wanted),
    Fixer("broken_quotes", cleanup.broken_quotes, cleanup.broken_quotes_wanted),
    Fixer("cross_marks", cleanup.cross_marks, cleanup.crosses_wanted),
    Fixer("letter_spacing", cleanup.letter_spacing, cleanup.spaced_wanted),
    # last: widths are judged on the clean text
    Fixer("soft_wrap", wraps.join, wraps.wanted),
]


@dataclass
class Normalized:
    """A report's text before and after repair, and how to get from one to the other."""

    text: str                      # clean Simplified text
    original: str                  # the file decoded with `encoding`, before any repair
    encoding: str
    script: str                    # 'simplified' or 'traditional' (before conversion)
    repairs: list[dict] = field(default_factory=list)   # [{kind, count}], in the order applied
    offsets: OffsetMap = None      # clean index -> original [start, end)
    source: str = "<bytes>"
    doc_id: str = ""               # first 16 hex of SHA-256 of the raw bytes
    warnings: list[str] = field(default_factory=list)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span(start, end)

    def report(self) -> dict:
        return {"source": self.source, "doc_id": self.doc_id, "encoding": self.encoding,
                "script": self.script, "repairs": self.repairs, "chars": len(self.original),
                "clean_chars": len(self.text), "warnings": self.warnings}


def read(src: str | os.PathLike | bytes, *, source: str | None = None,
         max_bytes: int = MAX_BYTES, max_chars: int = MAX_CHARS, strict: bool = False) -> Normalized:
    """Read a report file (path or raw bytes) and normalize it.

    Raises InputError (one line: source and reason) for input that is not a report.
    `strict` refuses undecodable bytes instead of counting them; a text of more than
    `max_chars` characters is refused (extraction's time and memory grow with it).
    """
    if isinstance(src, (bytes, bytearray, memoryview)):
        data, name = bytes(src), source or "<bytes>"
    else:
        name = source or str(src)
        data = read_file(src, name, max_bytes)
    if len(data) > max_bytes:
        raise InputError(name, f"file too large ({len(data) / 2**20:.1f} MiB; limit {max_bytes // 2**20} MiB)")
    dec = decode(data, name)
    check_chars(len(dec.text), name, max_chars)
    warnings = []
    repairs = []
    if dec.undecodable:
        if strict:
            raise InputError(name, f"{dec.undecodable} undecodable character(s) in {dec.encoding} text")
        what = "truncated UTF-8: the last character is cut" if dec.truncated else \
            f"{dec.undecodable} undecodable character(s) replaced by U+FFFD"
        warnings.append(what)
        repairs.append({"kind": "undecodable", "count": dec.undecodable})
    norm = normalize_text(dec.text)
    norm.encoding = dec.encoding
    norm.source = name
    norm.doc_id = hashlib.sha256(data).hexdigest()[:16]
    norm.repairs[:0] = repairs
    norm.warnings = warnings
    return norm


def normalize_text(original: str) -> Normalized:
    """Run the fixers over already-decoded text (from a .docx, a web page, a test)."""
    text = original
    chars = frozenset(text)
    doc_script = "simplified"
    offsets = OffsetMap(len(text))
    repairs = []
    for fixer in FIXERS:
        if not fixer.wanted(chars):
            continue
        if fixer.kind == "t2s":
            # judged here, after mojibake and entities are undone and before conversion
            doc_script = script.detect(Counter(text))
            if doc_script != "traditional":
                continue
        result = fixer.fix(text)
        if result is None:
            continue
        text, alignment, count = result
        assert isinstance(alignment, Alignment)
        offsets.add(alignment)
        repairs.append({"kind": fixer.kind, "count": count})
        chars = frozenset(text)
    return Normalized(text=text, original=original, encoding="utf-8", script=doc_script,
                      repairs=repairs, offsets=offsets)
