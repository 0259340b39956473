"""GBK mojibake: `鏂版椂浠ｆ満鍏冲厷寤` for `新时代机关党建` — UTF-8 bytes decoded as GBK,
two bytes per wrong character, and saved again. Where a byte pair was not valid GBK the
decoder wrote U+FFFD (one per byte) and the byte is gone.

We rebuild each lost byte. UTF-8's structure leaves few candidates (a continuation byte
is 0x80-0xBF, a lead byte fixes the length); a lost byte never made a valid GBK pair with
the byte after it, which leaves a handful. A character-bigram model (lexicons/
char_bigrams.tsv, built from the word frequencies of jieba's dictionary by
scripts/build_char_bigrams.py) scores each candidate sequence, dynamic programming finds
the best over each run of lost bytes, and the best few are compared by the dictionary
words they complete with their neighbours. Works line by line (a UTF-8 character never
spans a newline) and only takes a repair that makes the line read clearly more like
Chinese (`charfreq.score`).

Speed (issue 12: >= 200 k chars/s on text never seen before): the candidates' code points
come from the bits UTF-8 gives each byte (numpy where two bytes are lost), every
per-character term of the model is a table built at load, the bytes between lost ones
are decoded in one go, and the word check gives up a path as soon as it cannot catch up.
The choices are those of the plain reading of each step, to the last bit (the tests
compare them). What depends on a context (a window of bytes, a run of guesses between
two known characters) is cached; `forget()` drops it.
"""
from __future__ import annotations

import codecs
import itertools
import math
from functools import lru_cache

import numpy as np
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
    han = chars & _all_han()
    if len(han) < _GBK_MIN_HAN:
        return False
    return len(han - _familiar()) / len(han) > 0.25


@lru_cache(maxsize=1)
def _all_han() -> frozenset[str]:
    return frozenset(map(chr, range(0x4E00, 0xA000)))


@lru_cache(maxsize=1)
def _familiar() -> frozenset[str]:
    """The common characters and their Traditional forms: the rest is rare."""
    return charfreq.common() | script.traditional_only()


def fix_gbk(text: str):
    rw = Rewriter(text)
    pos = 0
    for line in text.split("\n"):
        repaired = _repair_line(line) if _suspect(line) else None
        if repaired is not None:
            rw.keep(pos + repaired[0][1])
            rw.blocks(repaired, pos)  # one character each, over consecutive mojibake
        pos += len(line) + 1
    if not rw.count:
        return None
    new_text, alignment = rw.finish()
    return new_text, alignment, rw.count


def _suspect(line: str) -> bool:
    han = _HAN.findall(line)
    if len(han) < 2:
        return "\ufffd" in line and len(han) >= 1
    familiar = _familiar()
    return sum(1 for c in han if c not in familiar) / len(han) >= _GBK_MIN_RARE_SHARE


def _repair_line(line: str) -> list[tuple[str, int, int]] | None:
    """The line's real characters, each with the [start, end) of mojibake it came from."""
    data: list[int | None] = []
    owner: list[int] = []  # index in `line` of the character each byte came from
    lost: list[int] = []   # where data holds None
    i = 0
    for k, piece in enumerate(line.split("\ufffd")):
        if k:  # the decoder replaced one invalid byte: lost
            lost.append(len(data))
            data.append(None)
            owner.append(i)
            i += 1
        try:
            data.extend(piece.encode("gbk"))
        except UnicodeEncodeError:
            return None  # not a GBK decoding of anything
        for ch in piece:
            owner.append(i)
            if ch >= "\x80":
                owner.append(i)
            i += 1
    if len(owner) != len(data):  # a one-byte GBK character above ASCII (€): not mojibake
        return None
    decoded = _decode_with_holes(data, lost)
    if decoded is None:
        return None
    chars = _rescore_with_context(decoded)
    if charfreq.score("".join(chars)) - charfreq.score(line) < MIN_GAIN:
        return None
    return [(ch, owner[a], owner[b - 1] + 1) for ch, (_, a, b, _) in zip(chars, decoded)]


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
_KEEP = 48
# lead bytes worth trying for a lost lead: 3-byte (Han, CJK punctuation, full-width forms)
_LEADS = [*range(0xE2, 0xF0), *range(0xC2, 0xE0)]


def _decode_with_holes(data: list[int | None],
                       lost: list[int]) -> list[tuple[str, int, int, tuple[str, ...] | None]] | None:
    """UTF-8 decode where None marks a lost byte (at the indices `lost`): [(char,
    byte_start, byte_end, candidates)], the candidates (best first) where a lost byte
    leaves more than one.

    The bytes up to the next lost one are decoded in one go, as far as they make whole
    characters; the character holding a lost byte (and any byte that is not UTF-8) is
    worked out one at a time."""
    out: list[tuple[str, int, int, tuple[str, ...] | None]] = []
    i, n = 0, len(data)
    bad = 0
    stops = iter([*lost, n])
    stop = next(stops)
    while i < n:
        while stop < i:
            stop = next(stops)
        if i < stop:
            i = _decode_whole(data, i, stop, out)
            if i == n:
                break
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
    return out


def _decode_whole(data: list[int | None], i: int, stop: int, out: list) -> int:
    """Decode data[i:stop] (no byte lost) as far as it makes whole, valid UTF-8
    characters, appending (char, byte_start, byte_end, None) to `out`; where it stopped."""
    chunk = bytes(data[i:stop])
    try:
        text, _ = codecs.utf_8_decode(chunk, "strict", False)  # an unfinished last character stays
    except UnicodeDecodeError as e:
        text, _ = codecs.utf_8_decode(chunk[:e.start], "strict", False)
    for ch in text:
        k = 1 if ch < "\x80" else 2 if ch < "\u0800" else 3 if ch < "\U00010000" else 4
        out.append((ch, i, i + k, None))
        i += k
    return i


def _best_char(data: list[int | None], i: int) -> tuple[tuple[str, ...], int] | None:
    """Candidate characters starting at byte i, best first, and their byte length."""
    lead = data[i]
    length = _seq_len(lead) if lead is not None else 0
    if length and None not in data[i:i + length + 1]:  # nothing lost here: plain UTF-8
        try:
            return (bytes(data[i:i + length]).decode("utf-8"),), length
        except (UnicodeDecodeError, TypeError):
            return None
    # what the candidates depend on: the bytes of the longest sequence and the one after
    return _candidates(tuple(data[i:i + 6]))


@lru_cache(maxsize=65536)
def _candidates(window: tuple[int | None, ...]) -> tuple[tuple[str, ...], int] | None:
    """The characters a sequence starting at window[0] can be, best first (by
    `_plausibility`), and their byte length; None marks a lost byte.

    The code points are computed from the bits UTF-8 gives each byte, not by decoding
    each combination of the lost bytes' values; order and ties are those of trying the
    combinations one by one: the lead bytes in `_LEADS` order, then the lost bytes'
    values ascending. One lost byte leaves a handful of combinations (plain Python);
    two leave thousands (numpy)."""
    lead = window[0]
    leads = [lead] if lead is not None else _lost_options(window, 0, _LEADS)
    found: list[tuple[list[int] | np.ndarray, int]] = []  # (code points, length) per lead
    for ld in leads:
        length = _seq_len(ld)
        if not length or length > len(window):
            continue
        slots = window[1:length]
        if any(s is not None and not 0x80 <= s < 0xC0 for s in slots):
            continue
        # the byte after the sequence must be able to start a character
        nxt = window[length] if length < len(window) else None
        if nxt is not None and 0x80 <= nxt < 0xC0:
            continue
        options = [_lost_options(window, 1 + k, _CONT) if b is None else (b,) for k, b in enumerate(slots)]
        found.append((_code_points(ld, length, options), length))
    total = sum(len(part) for part, _ in found)
    if not total:
        return None
    if total <= _FEW:
        if len(found) == 1:  # a known lead (nearly always): one length
            (cps, length), lens = found[0], None
        else:
            cps = [cp for part, _ in found for cp in part]
            lens = [length for part, length in found for _ in part]
        plaus = _plausibility_list()
        scores = [plaus[cp] if cp < 0x10000 else _plausibility(chr(cp)) for cp in cps]
        ranked = sorted(range(len(cps)), key=scores.__getitem__, reverse=True)[:_KEEP]
        if lens is None:
            return tuple([chr(cps[k]) for k in ranked]), length
        length = lens[ranked[0]]
        return tuple(chr(cps[k]) for k in ranked if lens[k] == length), length
    cps = np.concatenate([np.asarray(part, dtype=np.int64) for part, _ in found])
    lens = np.concatenate([np.full(len(part), length) for part, length in found])
    ranked = np.argsort(-_plausibilities(cps), kind="stable")[:_KEEP]  # ties in the order tried
    ranked = ranked[lens[ranked] == lens[ranked[0]]]
    return tuple(map(chr, cps[ranked].tolist())), int(lens[ranked[0]])


# up to this many combinations, plain Python is quicker than numpy's overhead
_FEW = 64


def _code_points(lead: int, length: int, options: list) -> list[int] | np.ndarray:
    """The code points of lead byte + one value from each of `options` (the continuation
    bytes), in the order of trying them, without those a UTF-8 decoder refuses: a list
    if there are few (up to _FEW), else an array."""
    lo, hi = _MIN_CP[length], 0x10FFFF  # below lo: an overlong form
    if math.prod(map(len, options)) <= _FEW:
        cps = [lead & _PAYLOAD[length]]
        for opts in options:  # six more bits per continuation byte
            cps = [(cp << 6) | (b & 0x3F) for cp in cps for b in opts]
        return [cp for cp in cps if lo <= cp <= hi and not 0xD800 <= cp <= 0xDFFF]
    arr = np.array([lead & _PAYLOAD[length]], dtype=np.int64)
    for opts in options:
        arr = ((arr[:, None] << 6) | (np.array(opts, dtype=np.int64) & 0x3F)[None, :]).ravel()
    arr = arr[(arr >= lo) & (arr <= hi) & ((arr < 0xD800) | (arr > 0xDFFF))]
    return arr if len(arr) > _FEW else arr.tolist()


# the bits of a lead byte that belong to the code point, by sequence length, and the
# smallest code point each length may encode (anything lower is an overlong form)
_PAYLOAD = {1: 0x7F, 2: 0x1F, 3: 0x0F, 4: 0x07}
_MIN_CP = {1: 0, 2: 0x80, 3: 0x800, 4: 0x10000}


def _lost_options(data, j: int, base) -> tuple[int, ...]:
    """Values a lost byte at j can have. The GBK decoder dropped it, so it did not make a
    valid GBK pair with the byte after it: `个` is E4 B8 AA, and AA was lost before E7
    because AAE7 is unassigned; that leaves a handful of values instead of 64."""
    y = data[j + 1] if j + 1 < len(data) else None
    return _lost_before(base is _LEADS)[256 if y is None else y]


@lru_cache(maxsize=2)
def _lost_before(leads: bool) -> list[tuple[int, ...]]:
    """For each byte y (and 256: unknown), the values of `_LEADS` (or of continuation
    bytes) that do not make a valid GBK pair with y, in `base` order. Built once."""
    base = _LEADS if leads else _CONT
    return [*(tuple(x for x in base if not _gbk_pair_valid(x, y)) for y in range(256)), tuple(base)]


def _gbk_pair_valid(x: int, y: int) -> bool:
    """Whether bytes x, y decode as one GBK character."""
    try:
        return len(bytes([x, y]).decode("gbk")) == 1
    except UnicodeDecodeError:
        return False


def _plausibility(ch: str) -> float:
    """log10 frequency; characters outside Han and CJK punctuation are unlikely in a report."""
    cp = ord(ch)
    return float(_plausibility_table()[cp]) if cp < 0x10000 else _plausibility_of(ch)


def _plausibilities(cps: np.ndarray) -> np.ndarray:
    """`_plausibility` of many code points at once."""
    table = _plausibility_table()
    if cps.max() < 0x10000:
        return table[cps]
    return np.array([_plausibility(chr(c)) for c in cps.tolist()])


def _plausibility_of(ch: str) -> float:
    p = charfreq.char_logp(ch)
    if not ("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
            or "\u2000" <= ch <= "\u206f"):
        p -= 3
    return p


@lru_cache(maxsize=1)
def _plausibility_list() -> list[float]:
    """`_plausibility_table` as a list (quicker than numpy for a handful of look-ups)."""
    return _plausibility_table().tolist()


@lru_cache(maxsize=1)
def _plausibility_table() -> np.ndarray:
    """`_plausibility` of every code point of the Basic Multilingual Plane, built at load:
    the floor for characters the frequency table lacks, 3 less outside Han and CJK
    punctuation."""
    table = np.full(0x10000, charfreq.FLOOR - 3)
    for lo, hi in ((0x4E00, 0x9FFF), (0x3000, 0x303F), (0xFF00, 0xFFEF), (0x2000, 0x206F)):
        table[lo:hi + 1] = charfreq.FLOOR
    for ch in charfreq.logp():
        if ord(ch) < 0x10000:
            table[ord(ch)] = _plausibility_of(ch)
    return table


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, int], dict[str, int], int]:
    """The character-bigram model of lexicons/char_bigrams.tsv (built from jieba's
    dictionary by scripts/build_char_bigrams.py): unigram counts, bigram counts (`^c` a
    word starting with c, `c$` a word ending with it) and the number of words."""
    from pipeline.resources import lexicon

    uni: dict[str, int] = {}
    bi: dict[str, int] = {}
    for line in lexicon("char_bigrams.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 2:
            uni[parts[0]] = int(parts[1])
        else:
            bi[parts[0] + parts[1]] = int(parts[2])
    words = sum(n for k, n in bi.items() if k[0] == "^")
    return uni, bi, words


# weight of a character's own frequency in P(b | a): smooths pairs the model never saw
_SMOOTH = 0.02
# weight of a pair inside a dictionary word over the same two characters across words
# (a dictionary counts words, not text: `党课` is rare in it, `党` + `设…` is not)
_WITHIN = 5.0


def _cond_logp(a: str, b: str) -> float:
    """log10 P(b | a): b inside the same word as a, or a ending a word and b starting
    the next, smoothed by b's own frequency. A character the model does not know (a
    digit, punctuation, a line break) stands for a word boundary on its side.

    Called tens of thousands of times per report, so everything but the pair's own
    count comes from per-character tables built at load (`_char_model`); the arithmetic
    is the same, operation for operation, as the formula's plain reading:
    log10(_SMOOTH * 10 ** plausibility(b) + ...)."""
    bi, words, count, end_rate, as_next = _char_model()
    pb, sb = as_next[b] if b in as_next else _as_next(b)
    if not _is_han(b):  # b is a boundary: how often a ends a word
        return math.log10(pb + end_rate.get(a, 0.0))
    if not _is_han(a):  # a is a boundary: how often a word starts with b
        return math.log10(pb + sb / words)
    ca = count.get(a, 0)
    if ca:
        pb += _WITHIN * bi.get(a + b, 0) / ca + end_rate[a] * sb / words
    return math.log10(pb)


def _cond_logps(a: str, bs) -> list[float]:
    """`_cond_logp(a, b)` for each b of bs: one known character, its candidate successors
    (the same arithmetic, with what depends on a alone taken out of the loop)."""
    bi, words, count, end_rate, as_next = _char_model()
    log10, ea, ca = math.log10, end_rate.get(a, 0.0), count.get(a, 0)
    a_word = _is_han(a)  # else a stands for a word boundary
    out = []
    for b in bs:
        pb, sb = as_next[b] if b in as_next else _as_next(b)
        if not "\u4e00" <= b <= "\u9fff":
            out.append(log10(pb + ea))
        elif not a_word:
            out.append(log10(pb + sb / words))
        elif ca:
            out.append(log10(pb + (_WITHIN * bi.get(a + b, 0) / ca + ea * sb / words)))
        else:
            out.append(log10(pb))
    return out


def _cond_logps_before(as_, b: str) -> list[float]:
    """`_cond_logp(a, b)` for each a of as_: candidate predecessors of one known b (the
    same arithmetic, with what depends on b alone taken out of the loop)."""
    bi, words, count, end_rate, as_next = _char_model()
    log10 = math.log10
    pb, sb = as_next[b] if b in as_next else _as_next(b)
    if not _is_han(b):
        return [log10(pb + end_rate.get(a, 0.0)) for a in as_]
    out = []
    for a in as_:
        ca = count.get(a, 0)
        if not "\u4e00" <= a <= "\u9fff":
            out.append(log10(pb + sb / words))
        elif ca:
            out.append(log10(pb + (_WITHIN * bi.get(a + b, 0) / ca + end_rate[a] * sb / words)))
        else:
            out.append(log10(pb))
    return out


@lru_cache(maxsize=1)
def _char_model():
    """`_model` arranged for `_cond_logp`: the bigram counts, the number of words, and per
    character its count, the share of its occurrences that end a word, and what it
    brings as the second of a pair (`_as_next`; the Basic Multilingual Plane built at
    load)."""
    uni, bi, words = _model()
    count = {c: n for c, n in uni.items() if n}
    end_rate = {c: bi.get(c + "$", 0) / n for c, n in count.items()}
    starts = {k[1:]: n for k, n in bi.items() if k[0] == "^"}
    smooth = (_SMOOTH * 10 ** p for p in _plausibility_table().tolist())
    as_next = {ch: (pb, starts.get(ch, 0)) for ch, pb in zip(map(chr, range(0x10000)), smooth)}
    return bi, words, count, end_rate, as_next


def _as_next(b: str) -> tuple[float, int]:
    """b's smoothing term (_SMOOTH * 10 ** plausibility) and how many words it starts."""
    uni, bi, words = _model()
    return _SMOOTH * 10 ** _plausibility(b), bi.get("^" + b, 0)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@lru_cache(maxsize=1)
def _measure_words() -> frozenset[str]:
    """One-character units of lexicons/units.tsv, and common measure words."""
    from pipeline.resources import read_tsv

    words = {row[0] for row in read_tsv("units.tsv") if len(row[0]) == 1}
    # and what follows a number in a date (`7月9日`)
    return frozenset(words | set("个名位项次件条支所家户人场期批种类篇份张台辆元年月日号"))


# a number, or a draft's gap marker standing for one (`*个`, `XX名`)
_NUMERALS = "一二三四五六七八九十百千万两几*Xx×＊"
# after a number a measure word is what comes (`78个直属`, not `78一直属`)
_AFTER_NUMBER_BONUS = 4.0
_QUOTES = {"“": "”", "‘": "’"}


def _rescore_with_context(out) -> list[str]:
    """Choose the guessed characters: the most likely sequence under the character-bigram
    model, by dynamic programming over each run of guesses between known characters.
    The line's characters, guesses chosen."""
    chars = [c for c, *_ in out]
    k, n = 0, len(out)
    while k < n:
        if not out[k][3]:
            k += 1
            continue
        j = k
        while j < n and out[j][3]:
            j += 1
        prev, nxt = chars[k - 1] if k else "", chars[j] if j < n else ""
        # contexts recur (one lost byte between two known characters, mostly): cached
        ranked = _viterbi(tuple(out[i][3] for i in range(k, j)), prev, nxt)
        best = _with_words(ranked, "".join(chars[max(0, k - _WORD_CONTEXT):k]), "".join(chars[j:j + _WORD_CONTEXT]))
        for i, c in zip(range(k, j), best):
            chars[i] = _quote_parity(c, out[i][3], chars, i)
        k = j
    return chars


# guesses carried from one position of a run to the next
_BEAM = 16


@lru_cache(maxsize=65536)
def _viterbi(cands: tuple[tuple[str, ...], ...], prev: str, nxt: str) -> list[str]:
    """The best candidate at each position of a run, between the known `prev` and `nxt`:
    the `_RERANK` best (score, path), best first."""
    first = cands[0]
    scores = _cond_logps(prev or "\n", first)
    if prev and (prev.isdigit() or prev in _NUMERALS):
        measure = _measure_words()
        scores = [s + _AFTER_NUMBER_BONUS if c in measure else s for s, c in zip(scores, first)]
    if len(cands) == 1:  # most runs: one guess between two known characters
        paths, lasts = None, first
    else:
        paths, scores = _viterbi_layers(cands, scores)
        lasts = [path[-1] for path in paths]
    if nxt:
        after = _cond_logps_before(lasts, nxt)
        if prev.isdigit() and nxt.isdigit():  # `1—8月`: a range dash
            scores = [s + logp + (_AFTER_NUMBER_BONUS if c == "—" else 0.0)
                      for s, logp, c in zip(scores, after, lasts)]
        else:
            scores = [s + logp for s, logp in zip(scores, after)]
    if paths is None:  # (score, c) sort as (score, (c,)) would
        return tuple((s, (c,)) for s, c in sorted(zip(scores, first), reverse=True)[:_RERANK])
    return tuple(sorted(zip(scores, paths), reverse=True)[:_RERANK])


def _viterbi_layers(cands, scores):
    """From the scores of the first position's candidates, the best path ending in each
    candidate of the last position, and its score."""
    paths = [(c,) for c in cands[0]]
    for options in cands[1:]:
        if len(paths) > _BEAM:  # the best _BEAM, ties in the order they came
            keep = sorted(range(len(paths)), key=scores.__getitem__, reverse=True)[:_BEAM]
            scores, paths = [scores[i] for i in keep], [paths[i] for i in keep]
        # best[i]: the best path so far ending in options[i] (the first of equals)
        best_score = [-math.inf] * len(options)
        best_path = [None] * len(options)
        for s, path in zip(scores, paths):
            for i, logp in enumerate(_cond_logps(path[-1], options)):
                if s + logp > best_score[i]:
                    best_score[i], best_path[i] = s + logp, path
        scores = best_score
        paths = [(*path, c) for path, c in zip(best_path, options)]
    return paths, scores


# the best few sequences of the bigram model are compared by the dictionary words they
# complete with the characters around them (`党课`: a word; `党设`: none)
_RERANK = 6
_WORD_CONTEXT = 3
_WORD_BONUS = 0.5
# a margin for the bound above: sums taken in another order can differ in the last bit
_EPS = 1e-9


@lru_cache(maxsize=65536)
def _with_words(ranked: tuple[tuple[float, tuple[str, ...]], ...], left: str, right: str) -> tuple[str, ...]:
    """The path of `ranked` (best first) whose score, plus _WORD_BONUS for each character
    of a dictionary word of 2-4 characters that takes in a guessed one, is highest (the
    first of equals).

    The bigram model's first choice is usually far ahead, so a path is given up as soon
    as even every word not yet looked up could not lift it above the best so far; the
    longest words, worth most, are looked up first. The bonuses of a path that is not
    given up are then added in window order, as one by one, so its score is the same
    to the last bit."""
    if len(ranked) == 1:
        return ranked[0][1]
    has_word = _dictionary().has_word
    spans = _word_spans(len(left), len(ranked[0][1]), len(right))
    most = spans[0][3] if spans else 0.0  # what all the words together could add
    best, best_score = ranked[0][1], -math.inf
    for score, path in ranked:
        if score + most + _EPS <= best_score:
            break  # nor can any after it: they score no higher
        window = left + "".join(path) + right
        found, gained = [], 0.0
        for order, a, b, bonus, rest in spans:
            if score + gained + rest + _EPS <= best_score:
                break
            if has_word(window[a:b]):
                found.append((order, bonus))
                gained += bonus
        else:
            for _, bonus in sorted(found):
                score += bonus
            if score > best_score:
                best, best_score = path, score
    return best


@lru_cache(maxsize=None)
def _word_spans(left: int, guessed: int, right: int) -> tuple[tuple[int, int, int, float, float], ...]:
    """The [a, b) of a window (left context, guessed characters, right context) that may
    be a word taking in a guessed character, 2-4 characters: (its place in window
    order, a, b, its bonus, the bonus of it and all after it), longest first."""
    n, lo, hi = left + guessed + right, left, left + guessed
    spans = [(a, b) for a in range(min(n - 1, hi)) for b in range(max(a + 2, lo + 1), min(a + 4, n) + 1)]
    spans = sorted(enumerate(spans), key=lambda s: s[1][0] - s[1][1])  # longest first
    bonuses = [_WORD_BONUS * (b - a - 1) for _, (a, b) in spans]
    rests = list(itertools.accumulate(reversed(bonuses)))[::-1]
    return tuple((k, a, b, bonus, rest) for (k, (a, b)), bonus, rest in zip(spans, bonuses, rests))


@lru_cache(maxsize=1)
def _dictionary():
    """jieba's dictionary, as jieba-rs ships it (rjieba): which strings are words."""
    import rjieba

    return rjieba.Jieba()


def forget() -> None:
    """Forget everything learned from text read so far (the per-context caches), keeping
    the tables built at load. For benchmarks: a first pass over a text must not profit
    from having seen the same text before."""
    for cached in (_candidates, _viterbi, _with_words, _word_spans):
        cached.cache_clear()


def _quote_parity(ch: str, cands: tuple[str, ...], chars: list[str], i: int) -> str:
    """An opening or a closing quote? Whichever balances the quotes in chars[:i]."""
    for open_q, close_q in _QUOTES.items():
        if ch in (open_q, close_q) and open_q in cands and close_q in cands:
            depth = sum(1 if c == open_q else -1 if c == close_q else 0 for c in chars[:i])
            return close_q if depth > 0 else open_q
    return ch
