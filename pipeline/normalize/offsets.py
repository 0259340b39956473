"""Offset bookkeeping: every character of the clean text points back to the original.

Each repair step rewrites its input into an output text and records an `Alignment`:
a list of segments, each pairing an output range with the input range it came from.
A segment is *aligned* when both ranges have the same length and correspond
character for character (OpenCC's t2s, full-width digits); otherwise it is a block,
and any output character in it maps to the whole input range (`質(zhì)` -> `质`).
`OffsetMap` chains the alignments of all steps, so a span of the clean text maps to
the exact characters of the original.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Alignment:
    """Output -> input correspondence of one rewrite (segments sorted, gap-free)."""

    out_starts: list[int]
    in_starts: list[int]
    in_ends: list[int]   # usually the next segment's start; mojibake blocks may overlap by one
    aligned: list[bool]
    out_len: int
    in_len: int

    @classmethod
    def identity(cls, n: int) -> "Alignment":
        return cls([0], [0], [n], [True], n, n)

    def _seg(self, i: int) -> int:
        return bisect_right(self.out_starts, i) - 1

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the output span [start, end) to the input span it came from."""
        if start >= end:  # an empty span is a position: where `start` sits in the input
            if start >= self.out_len:
                return self.in_len, self.in_len
            s, _ = self.map_span(start, start + 1)
            return s, s
        seg = self._seg(start)
        s = self.in_starts[seg] + (start - self.out_starts[seg] if self.aligned[seg] else 0)
        seg = self._seg(end - 1)
        if self.aligned[seg]:
            e = self.in_starts[seg] + (end - 1 - self.out_starts[seg]) + 1
        else:
            e = self.in_ends[seg]
        return s, e


class Rewriter:
    """Builds an output text from an input text piece by piece, recording the Alignment.

    Walk the input left to right: `keep(upto)` copies input unchanged, `replace(upto, new)`
    puts `new` in place of input[pos:upto]. Adjacent aligned pieces merge into one segment.
    """

    def __init__(self, src: str):
        self.src = src
        self.pos = 0
        self.parts: list[str] = []
        self.out_len = 0
        self.out_starts: list[int] = []
        self.in_starts: list[int] = []
        self.in_ends: list[int] = []
        self.aligned: list[bool] = []
        self.count = 0  # replacements made, for the repairs report

    def _segment(self, in_len: int, out: str, aligned: bool) -> None:
        if in_len == 0 and not out:
            return
        merge = aligned and self.aligned and self.aligned[-1] and self.in_ends[-1] == self.pos
        if merge:
            self.in_ends[-1] = self.pos + in_len
        else:
            self.out_starts.append(self.out_len)
            self.in_starts.append(self.pos)
            self.in_ends.append(self.pos + in_len)
            self.aligned.append(aligned)
        self.parts.append(out)
        self.out_len += len(out)
        self.pos += in_len

    def keep(self, upto: int) -> None:
        if upto > self.pos:
            self._segment(upto - self.pos, self.src[self.pos:upto], True)

    def replace(self, upto: int, new: str, *, aligned: bool | None = None, count: int = 1) -> None:
        """Replace input[pos:upto] by `new`. Equal lengths are taken as aligned unless told."""
        n = upto - self.pos
        if aligned is None:
            aligned = n == len(new)
        self._segment(n, new, aligned)
        self.count += count

    def replace_each(self, items: list[tuple[int, int, str]]) -> None:
        """`keep(start)` then `replace(end, new, aligned=False)` for each (start, end, new),
        in order and not overlapping. The same segments as those calls would record, with
        `_segment`'s work inlined over local lists: pinyin removal makes two segments per
        annotated character, a thousand on a page, and a method call per segment was most
        of its cost."""
        src, parts = self.src, self.parts
        out_starts, in_starts, in_ends, aligned = self.out_starts, self.in_starts, self.in_ends, self.aligned
        pos, out_len = self.pos, self.out_len
        for start, end, new in items:
            if start > pos:  # keep input[pos:start]: an aligned segment, merged into an aligned one before
                if aligned and aligned[-1] and in_ends[-1] == pos:
                    in_ends[-1] = start
                else:
                    out_starts.append(out_len)
                    in_starts.append(pos)
                    in_ends.append(start)
                    aligned.append(True)
                parts.append(src[pos:start])
                out_len += start - pos
                pos = start
            if end > pos or new:  # input[pos:end] -> new: a block (nothing to record when both are empty)
                out_starts.append(out_len)
                in_starts.append(pos)
                in_ends.append(end)
                aligned.append(False)
                parts.append(new)
                out_len += len(new)
                pos = end
        self.pos, self.out_len = pos, out_len
        self.count += len(items)

    def block(self, out: str, in_start: int, in_end: int) -> None:
        """Emit `out` as coming from input[in_start:in_end], which may reach back before
        `pos` (one mojibake character can hold bytes of two real ones)."""
        if not out:
            self.pos = max(self.pos, in_end)
            return
        self.out_starts.append(self.out_len)
        self.in_starts.append(in_start)
        self.in_ends.append(in_end)
        self.aligned.append(False)
        self.parts.append(out)
        self.out_len += len(out)
        self.pos = max(self.pos, in_end)
        self.count += 1

    def blocks(self, items: list[tuple[str, int, int]], base: int = 0) -> None:
        """`block(ch, base + s, base + e)` for each (ch, s, e) of one-character outputs
        whose input ranges follow one another (each starts at or before the previous
        end): the same segments, appended in bulk (GBK repair emits one per character)."""
        if not items:
            return
        chars = [ch for ch, _, _ in items]
        k = len(chars)
        self.out_starts.extend(range(self.out_len, self.out_len + k))
        self.in_starts.extend([base + s for _, s, _ in items])
        self.in_ends.extend([base + e for _, _, e in items])
        self.aligned.extend([False] * k)
        self.parts.append("".join(chars))
        self.out_len += k
        self.pos = max(self.pos, base + max(e for _, _, e in items))
        self.count += k

    def finish(self) -> tuple[str, Alignment]:
        self.keep(len(self.src))
        if not self.out_starts:  # empty output
            self.out_starts, self.in_starts, self.in_ends, self.aligned = [0], [0], [len(self.src)], [False]
        return "".join(self.parts), Alignment(
            self.out_starts, self.in_starts, self.in_ends, self.aligned, self.out_len, len(self.src)
        )


@dataclass
class OffsetMap:
    """Clean-text index -> original-text span, through every repair that changed the text."""

    length: int
    steps: list[Alignment] = field(default_factory=list)  # original-most first

    def add(self, alignment: Alignment) -> None:
        self.steps.append(alignment)
        self.length = alignment.out_len

    @property
    def is_identity(self) -> bool:
        return not self.steps

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original-text span [s, e) that clean-text span [start, end) came from."""
        if not 0 <= start <= end <= self.length:
            raise IndexError(f"span [{start}, {end}) outside clean text of length {self.length}")
        for step in reversed(self.steps):
            start, end = step.map_span(start, end)
        return start, end

    def __getitem__(self, i: int) -> tuple[int, int]:
        return self.span(i, i + 1)

    def __len__(self) -> int:
        return self.length

    def to_list(self) -> list[tuple[int, int]]:
        """Every clean index's original span (for export and tests; O(n log n))."""
        return [self.span(i, i + 1) for i in range(self.length)]
