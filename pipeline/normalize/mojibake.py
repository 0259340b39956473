"""Mojibake: UTF-8 bytes that were once decoded with the wrong codec and saved again.

- Latin-1 / cp1252 (`æœºå…³` for `机关`): one wrong character per byte, so encoding back
  to bytes and decoding as UTF-8 restores the text exactly.
- GBK (`鏂版椂浠ｆ満鍏冲厷寤` for `新时代机关党建`): two bytes per wrong character, and
  where a byte pair was not valid GBK the decoder wrote U+FFFD and the byte is gone.
  We rebuild each lost byte: UTF-8's structure leaves few candidates (a continuation byte
  is 0x80-0xBF, a lead byte fixes the length), and character frequencies, with the
  neighbours as a two-character word, choose among them.

Both work line by line (a UTF-8 character never spans a newline) and only take a
repair that makes the line read clearly more like Chinese (`charfreq.score`).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import regex

from pipeline.normalize import charfreq
from pipeline.normalize.offsets import Rewriter

# A repaired line must score this much better (mean log10 frequency) to be taken.
MIN_GAIN = 0.8

# --- Latin-1 / cp1252 ---------------------------------------------------------------------

_CP1252_SPECIALS = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
# character -> the byte it stood for, under Latin-1 or cp1252 (whichever made the mojibake)
_BYTE_OF = {chr(b): b for b in range(0x80, 0x100)}
_BYTE_OF.update({ch: ch.encode("cp1252")[0] for ch in _CP1252_SPECIALS})
_LATIN_RUN = regex.compile("[\u0080-\u00ff" + regex.escape(_CP1252_SPECIALS) + "]{2,}")
# a UTF-8 lead byte as a Latin-1 character, followed by a continuation byte
_LATIN_TRIGGER = frozenset("âãäåæçèéêëìíîïðñòó")


def latin1_wanted(chars: frozenset[str]) -> bool:
    return not _LATIN_TRIGGER.isdisjoint(chars)


def fix_latin1(text: str):
    """Re-decode runs of Latin-1/cp1252 characters that are valid UTF-8 as a whole."""
    rw = Rewriter(text)
    for m in _LATIN_RUN.finditer(text):
        run = m.group(0)
        data = bytes(_BYTE_OF[c] for c in run)
        try:
            fixed = data.decode("utf-8")
        except UnicodeDecodeError:
            fixed = _fix_with_ftfy(run)
            if fixed is None:
                continue
            rw.keep(m.start())
            rw.replace(m.end(), fixed, aligned=False)
            continue
        if fixed == run:
            continue
        rw.keep(m.start())
        pos = m.start()
        for ch in fixed:  # each character came from exactly its UTF-8 length in bytes
            n = len(ch.encode("utf-8"))
            rw.replace(pos + n, ch, aligned=(n == 1))
            pos += n
    if not rw.count:
        return None
    new_text, alignment = rw.finish()
    if charfreq.score(new_text) < charfreq.score(text):
        return None
    return new_text, alignment, rw.count


def _fix_with_ftfy(run: str) -> str | None:
    """A run mixing mojibake with lost bytes: ftfy's sloppy decoders know these cases."""
    import ftfy

    fixed = ftfy.fix_encoding(run)
    if fixed != run and charfreq.score(fixed) - charfreq.score(run) > MIN_GAIN:
        return fixed
    return None


# --- GBK -------------------------------------------------------------------------------

# Characters a GBK decoder produces from UTF-8 bytes: the GBK code points whose lead
# byte is a UTF-8 lead (E4-E9 for Han) or continuation byte; in real text they are rare.
_GBK_MIN_HAN = 4
_GBK_MIN_RARE_SHARE = 0.3
_HAN = regex.compile(r"\p{Han}")


def gbk_wanted(chars: frozenset[str]) -> bool:
    han = [c for c in chars if "\u4e00" <= c <= "\u9fff"]
    if len(han) < _GBK_MIN_HAN:
        return False
    rare = sum(1 for c in han if c not in charfreq.common())
    return rare / len(han) > 0.25


def fix_gbk(text: str):
    rw = Rewriter(text)
    pos = 0
    for line in text.split("\n"):
        repaired = _repair_line(line) if _suspect(line) else None
        if repaired is not None:
            for ch, s, e in repaired:
                rw.keep(pos + s)
                rw.block(ch, pos + s, pos + e)
        pos += len(line) + 1
    if not rw.count:
        return None
    new_text, alignment = rw.finish()
    return new_text, alignment, rw.count


def _suspect(line: str) -> bool:
    han = _HAN.findall(line)
    if len(han) < 2:
        return "\ufffd" in line and len(han) >= 1
    rare = sum(1 for c in han if c not in charfreq.common())
    return rare / len(han) >= _GBK_MIN_RARE_SHARE


def _repair_line(line: str) -> list[tuple[str, int, int]] | None:
    """The line's real characters, each with the [start, end) of mojibake it came from."""
    data: list[int | None] = []
    owner: list[int] = []  # index in `line` of the character each byte came from
    for i, ch in enumerate(line):
        if ch == "\ufffd":  # the decoder replaced one invalid byte: lost
            data.append(None)
            owner.append(i)
            continue
        try:
            bs = ch.encode("gbk")
        except UnicodeEncodeError:
            return None  # not a GBK decoding of anything
        data.extend(bs)
        owner.extend([i] * len(bs))
    chars = _decode_with_holes(data)
    if chars is None:
        return None
    out = [(ch, owner[a], owner[b - 1] + 1) for ch, a, b, _ in chars]
    fixed = "".join(ch for ch, *_ in out)
    if charfreq.score(fixed) - charfreq.score(line) < MIN_GAIN:
        return None
    return out


def _seq_len(lead: int) -> int:
    if lead < 0x80:
        return 1
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


_CONT = range(0x80, 0xC0)
# lead bytes worth trying for a lost lead: 3-byte (Han, CJK punctuation, full-width forms)
_LEADS = [*range(0xE2, 0xF0), *range(0xC2, 0xE0)]


def _decode_with_holes(data: list[int | None]) -> list[tuple[str, int, int, bool]] | None:
    """UTF-8 decode where None marks a lost byte: [(char, byte_start, byte_end, guessed)]."""
    out: list[tuple[str, int, int, list[str] | None]] = []
    i, n = 0, len(data)
    bad = 0
    while i < n:
        b = data[i]
        if b is not None and b < 0x80:
            out.append((chr(b), i, i + 1, None))
            i += 1
            continue
        best = _best_char(data, i)
        if best is None:
            bad += 1
            out.append(("\ufffd", i, i + 1, None))
            i += 1
            continue
        cands, length = best
        out.append((cands[0], i, i + length, cands if len(cands) > 1 else None))
        i += length
    if bad > max(2, n // 50):
        return None
    return _rescore_with_context(out)


def _best_char(data: list[int | None], i: int) -> tuple[list[str], int] | None:
    """Candidate characters starting at byte i, best first, and their byte length."""
    lead = data[i]
    leads = [lead] if lead is not None else _LEADS
    scored: dict[str, float] = {}
    length_of: dict[str, int] = {}
    for ld in leads:
        length = _seq_len(ld)
        if not length or i + length > len(data):
            continue
        slots = data[i + 1:i + length]
        if any(s is not None and s not in _CONT for s in slots):
            continue
        # the byte after the sequence must be able to start a character
        nxt = data[i + length] if i + length < len(data) else None
        if nxt is not None and nxt in _CONT:
            continue
        for seq in _fill(bytes([ld]), slots):
            try:
                ch = seq.decode("utf-8")
            except UnicodeDecodeError:
                continue
            s = _plausibility(ch)
            if s > scored.get(ch, -99):
                scored[ch] = s
                length_of[ch] = length
    if not scored:
        return None
    ranked = sorted(scored, key=scored.__getitem__, reverse=True)[:8]
    length = length_of[ranked[0]]
    return [c for c in ranked if length_of[c] == length], length


def _fill(prefix: bytes, slots: list[int | None]):
    if not slots:
        yield prefix
        return
    first, rest = slots[0], slots[1:]
    for b in ([first] if first is not None else _CONT):
        yield from _fill(prefix + bytes([b]), rest)


def _plausibility(ch: str) -> float:
    """log10 frequency; characters outside Han and CJK punctuation are unlikely in a report."""
    p = charfreq.char_logp(ch)
    if not ("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
            or "\u2000" <= ch <= "\u206f"):
        p -= 3
    return p


@lru_cache(maxsize=1)
def _two_char_words() -> dict[str, float]:
    """Two-character words of jieba's dictionary with log10 counts: the context model."""
    import math

    import jieba

    words = {}
    for line in (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines():
        w, f, *_ = line.split(" ")
        if len(w) == 2:
            words[w] = math.log10(int(f) + 1)
    return words


def _rescore_with_context(out):
    """Re-rank guessed characters: a guess that forms a word with a neighbour wins."""
    words = _two_char_words()
    result = []
    for k, (ch, a, b, cands) in enumerate(out):
        if cands:
            prev = out[k - 1][0] if k else ""
            nxt = out[k + 1][0] if k + 1 < len(out) else ""

            def score(c: str) -> float:
                bonus = max(words.get(prev + c, 0.0), words.get(c + nxt, 0.0))
                return _plausibility(c) + (1.5 + bonus if bonus else 0.0)

            ch = max(cands, key=score)
        result.append((ch, a, b, bool(cands)))
    return result

