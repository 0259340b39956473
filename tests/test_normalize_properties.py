"""Property-based tests (hypothesis): offsets point at the original characters, and no
byte string makes `read` fail with anything but our own InputError."""
from __future__ import annotations

import random

import opencc
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pypinyin import Style, pinyin

from conftest import SEEDS
from pipeline import InputError, read

_S2T = opencc.OpenCC("s2t")
_T2S = opencc.OpenCC("t2s")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _clean_seed_texts() -> list[str]:
    return [read(p).text for p in SEEDS]


CLEAN = _clean_seed_texts()
ZERO_WIDTH = ["\u200b", "\u200c", "\ufeff", "\u00ad"]
FULLWIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}


@st.composite
def corrupted(draw):
    """A slice of a seed, corrupted character by character, with the truth: for each
    clean character the [start, end) of the original characters it was turned into."""
    text = draw(st.sampled_from(CLEAN))
    start = draw(st.integers(0, len(text) - 2))
    clean = text[start:start + draw(st.integers(1, 400))]
    assume(clean.strip())  # white space alone is refused as an empty file, rightly
    traditional = draw(st.booleans())
    rng = random.Random(draw(st.integers(0, 2**32)))
    src = _S2T.convert(clean) if traditional else clean
    if traditional and len(src) != len(clean):
        src, traditional = clean, False
    expected = _T2S.convert(src) if traditional else clean
    out, truth = [], []
    pos = 0
    for ch in src:
        if out and rng.random() < 0.05:   # a zero-width character between (first: a BOM)
            z = rng.choice(ZERO_WIDTH)
            out.append(z)
            pos += len(z)
        piece = ch
        if ch in FULLWIDTH and rng.random() < 0.5:
            piece = FULLWIDTH[ch]
        elif "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.05:
            piece = f"&#{ord(ch)};"                       # an HTML entity
        if traditional and "\u4e00" <= ch <= "\u9fff":
            readings = pinyin(ch, style=Style.TONE, heteronym=True)[0]
            if len(readings) > 1 and rng.random() < 0.7:
                piece += f"({readings[0]})"               # inline pinyin
        out.append(piece)
        truth.append((pos, pos + len(piece)))
        pos += len(piece)
    return "".join(out), expected, truth


@SETTINGS
@given(corrupted(), st.data())
def test_offsets_point_at_the_original_characters(case, data):
    original, expected, truth = case
    doc = read(original.encode("utf-8"))
    assert doc.original == original
    assert doc.text == expected
    assert doc.offsets.to_list() == truth
    # any fact-sized span maps to the characters from its first to its last character
    a = data.draw(st.integers(0, len(expected) - 1))
    b = data.draw(st.integers(a + 1, min(len(expected), a + 20)))
    s, e = doc.offsets.span(a, b)
    assert (s, e) == (truth[a][0], truth[b - 1][1])


@SETTINGS
@given(st.sampled_from(CLEAN), st.integers(0, 10**6), st.integers(2, 300))
def test_latin1_mojibake_offsets_are_exact(text, start, n):
    start %= len(text) - 1
    clean = text[start:start + n]
    assume(clean.strip())
    moji = clean.encode("utf-8").decode("latin-1")
    doc = read(moji.encode("utf-8"))
    assert doc.text == clean
    pos = 0
    for i, ch in enumerate(clean):
        width = len(ch.encode("utf-8"))   # one mojibake character per UTF-8 byte
        assert doc.offsets[i] == (pos, pos + width)
        pos += width


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_give_text_or_our_error(data):
    try:
        doc = read(data)
    except InputError as err:
        assert str(err).startswith("<bytes>: ")
        return
    assert isinstance(doc.text, str)
    assert len(doc.offsets) == len(doc.text)
    if doc.text:
        assert 0 <= doc.offsets.span(0, len(doc.text))[0] <= len(doc.original)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([p.read_bytes() for p in SEEDS]), st.lists(
    st.tuples(st.integers(0, 20000), st.binary(min_size=1, max_size=8)), max_size=6))
def test_damaged_reports_give_text_or_our_error(raw, damage):
    data = bytearray(raw)
    for at, junk in damage:
        at %= len(data)
        data[at:at + len(junk)] = junk
    try:
        doc = read(bytes(data))
    except InputError:
        return
    assert len(doc.offsets) == len(doc.text)
