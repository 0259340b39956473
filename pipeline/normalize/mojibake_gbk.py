"""GBK mojibake: `鏂版椂浠ｆ満鍏冲厷寤` for `新时代机关党建` — UTF-8 bytes decoded as GBK,
two bytes per wrong character, and saved again. Where a byte pair was not valid GBK the
decoder wrote U+FFFD (one per byte) and the byte is gone.

We rebuild each lost byte. UTF-8's structure leaves few candidates (a continuation byte
is 0x80-0xBF, a lead byte fixes the length); a lost byte never made a valid GBK pair with
the byte after it, which leaves a handful; a character-bigram model built from jieba's
dictionary shortlists, and jieba's best-segmentation probability of the characters
around it decides. Works line by line (a UTF-8 character never spans a newline) and only
takes a repair that makes the line read clearly more like Chinese (`charfreq.score`).
"""
from __future__ import annotations

import itertools
import math
from functools import lru_cache
from pathlib import Path

import regex

from pipeline.normalize import charfreq, script
from pipeline.normalize.offsets import Rewriter

# A repaired line must score this much better (mean log10 frequency) to be taken.
MIN_GAIN = 0.8

# Characters a GBK decoder produces from UTF-8 bytes: the GBK code points whose lead
# byte is a UTF-8 lead (E4-E9 for Han) or continuation byte; in real text they are rare.
_GBK_MIN_HAN = 4
_GBK_MIN_RARE_SHARE = 0.3
_HAN = regex.compile(r"\p{Han}")


def gbk_wanted(chars: frozenset[str]) -> bool:
    han = [c for c in chars if "\u4e00" <= c <= "\u9fff"]
    if len(han) < _GBK_MIN_HAN:
        return False
    return sum(1 for c in han if _rare(c)) / len(han) > 0.25


def _rare(ch: str) -> bool:
    """Outside the common characters, and not merely a Traditional form of one."""
    return ch not in charfreq.common() and ch not in script.traditional_only()


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
    return sum(1 for c in han if _rare(c)) / len(han) >= _GBK_MIN_RARE_SHARE


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
# candidates per lost byte kept for the context model (by frequency alone, the right
# one is often not in the top ten: 的 outranks 第 until 第一 is seen)
_KEEP = 300
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
            if bad > max(2, n // 50):
                return None  # not UTF-8 underneath: not mojibake of it
            out.append(("\ufffd", i, i + 1, None))
            i += 1
            continue
        cands, length = best
        out.append((cands[0], i, i + length, cands if len(cands) > 1 else None))
        i += length
    return _rescore_with_context(out)


def _best_char(data: list[int | None], i: int) -> tuple[list[str], int] | None:
    """Candidate characters starting at byte i, best first, and their byte length."""
    lead = data[i]
    leads = [lead] if lead is not None else _lost_options(data, i, _LEADS)
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
        options = [[b] if b is not None else _lost_options(data, i + 1 + k, _CONT) for k, b in enumerate(slots)]
        for tail in itertools.product(*options):
            try:
                ch = bytes([ld, *tail]).decode("utf-8")
            except UnicodeDecodeError:
                continue
            s = _plausibility(ch)
            if s > scored.get(ch, -99):
                scored[ch] = s
                length_of[ch] = length
    if not scored:
        return None
    ranked = sorted(scored, key=scored.__getitem__, reverse=True)[:_KEEP]
    length = length_of[ranked[0]]
    return [c for c in ranked if length_of[c] == length], length


def _lost_options(data: list[int | None], j: int, base) -> list[int]:
    """Values a lost byte at j can have. The GBK decoder dropped it, so it did not make a
    valid GBK pair with the byte after it: `个` is E4 B8 AA, and AA was lost before E7
    because AAE7 is unassigned; that leaves a handful of values instead of 64."""
    y = data[j + 1] if j + 1 < len(data) else None
    if y is None:
        return list(base)
    return [x for x in base if not _gbk_pair_valid(x, y)]


@lru_cache(maxsize=None)
def _gbk_pair_valid(x: int, y: int) -> bool:
    try:
        return len(bytes([x, y]).decode("gbk")) == 1
    except UnicodeDecodeError:
        return False


def _plausibility(ch: str) -> float:
    """log10 frequency; characters outside Han and CJK punctuation are unlikely in a report."""
    p = charfreq.char_logp(ch)
    if not ("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
            or "\u2000" <= ch <= "\u206f"):
        p -= 3
    return p


@lru_cache(maxsize=1)
def _bigrams() -> tuple[dict[str, int], dict[str, int]]:
    """Character bigram and unigram counts inside the words of jieba's dictionary, each
    weighted by the word's count: a small language model of Chinese, with no corpus."""
    bi: dict[str, int] = {}
    uni: dict[str, int] = {}
    for line in _jieba_dict_lines():
        w, f, *_ = line.split(" ")
        n = int(f)
        for k in range(len(w) - 1):
            pair = w[k:k + 2]
            bi[pair] = bi.get(pair, 0) + n
        for c in w:
            uni[c] = uni.get(c, 0) + n
    return bi, uni


_SMOOTH = 50.0


def _cond_logp(a: str, b: str) -> float:
    """log10 P(b | a), the bigram interpolated with b's own frequency."""
    bi, uni = _bigrams()
    return math.log10((bi.get(a + b, 0) + _SMOOTH * 10 ** _plausibility(b)) / (uni.get(a, 0) + _SMOOTH))


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt


def _segmentation_logp(s: str) -> float:
    """Log probability of the best segmentation of `s` into jieba's dictionary words:
    `5个方向` (个 + 方向) beats `5一方向` (一方 + 向) though 一 is commoner than 个."""
    dt = _jieba()
    route: dict = {}
    dt.calc(s, dt.get_DAG(s), route)
    return route[0][0]


# a number, or a draft's gap marker standing for one (`*个`, `XX名`)
_NUMERALS = "一二三四五六七八九十百千万两几*Xx×＊"
# after a number a measure word is what comes (`78个直属`, not `78一直属`)
_AFTER_NUMBER_BONUS = 4.0


@lru_cache(maxsize=1)
def _measure_words() -> frozenset[str]:
    """One-character units of lexicons/units.tsv and jieba's quantifiers (tag q)."""
    from pipeline.resources import read_tsv

    words = {row[0] for row in read_tsv("units.tsv") if len(row[0]) == 1}
    for line in _jieba_dict_lines():
        w, _, tag = line.split(" ")
        if len(w) == 1 and tag == "q":
            words.add(w)
    return frozenset(words)


def _jieba_dict_lines() -> list[str]:
    """Lines of jieba's bundled dictionary: `word count tag`."""
    import jieba

    return (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines()


# guesses scored by the bigram model, then the best few by segmentation of their window
_SHORTLIST = 12
_PAIR_SHORTLIST = 16
# weight of the bigram model beside the segmentation score
_PW = 0.3
_WINDOW = 4
_QUOTES = {"“": "”", "‘": "’"}


def _rescore_with_context(out):
    """Choose each guessed character: the bigram model P(c | prev) P(next | c) shortlists,
    then the best word segmentation of the characters around it decides. Two guesses side
    by side (`党中央` with both 中 and 央 lost) are chosen together."""
    chars = [c for c, *_ in out]
    guessed = [k for k, item in enumerate(out) if item[3]]
    k = 0
    while k < len(guessed):
        group = [guessed[k]]
        while k + 1 < len(guessed) and guessed[k + 1] == group[-1] + 1 and len(group) < 2:
            k += 1
            group.append(guessed[k])
        k += 1
        _choose(group, out, chars)
    return [(chars[k], a, b, bool(cands)) for k, (_, a, b, cands) in enumerate(out)]


def _choose(group: list[int], out, chars: list[str]) -> None:
    first, last = group[0], group[-1]
    prev = chars[first - 1] if first else ""
    nxt = chars[last + 1] if last + 1 < len(chars) else ""
    after_number = prev.isdigit() or prev in _NUMERALS

    def prior(c: str, p: str, n: str, number: bool) -> float:
        s = _cond_logp(p, c) if p else _plausibility(c)
        s += _cond_logp(c, n) if n else 0.0
        return s + (_AFTER_NUMBER_BONUS if number and c in _measure_words() else 0.0)

    size = _SHORTLIST if len(group) == 1 else _PAIR_SHORTLIST
    shortlists = []
    for pos in group:
        # judge by the neighbours that are known, not by the other guess of the pair
        p = chars[pos - 1] if pos and pos - 1 not in group else ""
        n = chars[pos + 1] if pos + 1 < len(chars) and pos + 1 not in group else ""
        number = p.isdigit() or p in _NUMERALS
        shortlists.append(sorted(out[pos][3], key=lambda c: prior(c, p, n, number), reverse=True)[:size])
    left = "".join(chars[max(0, first - _WINDOW):first])
    right = "".join(chars[last + 1:last + 1 + _WINDOW])
    best, best_score = None, -math.inf
    for combo in itertools.product(*shortlists):
        middle = "".join(combo)
        score = _segmentation_logp(left + middle + right) + _PW * prior(combo[0], prev, "", False)
        if len(combo) == 1:
            score += _PW * (_cond_logp(combo[0], nxt) if nxt else 0.0)
        if after_number and combo[0] in _measure_words():
            score += _AFTER_NUMBER_BONUS
        if len(combo) == 1 and combo[0] == "—" and prev.isdigit() and nxt.isdigit():
            score += _AFTER_NUMBER_BONUS  # `1—8月`: between two numbers, a range dash
        if score > best_score:
            best, best_score = combo, score
    for pos, c in zip(group, best):
        chars[pos] = _quote_parity(c, out[pos][3], chars[:pos])


def _quote_parity(ch: str, cands: list[str], before: list[str]) -> str:
    """An opening or a closing quote? Whichever balances the quotes before it."""
    for open_q, close_q in _QUOTES.items():
        if ch in (open_q, close_q) and open_q in cands and close_q in cands:
            depth = sum(1 if c == open_q else -1 if c == close_q else 0 for c in before)
            return close_q if depth > 0 else open_q
    return ch
