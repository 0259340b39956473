"""Segmentation: a spaCy `zh` tokenizer that cuts with jieba (default) or pkuseg, and
sentence boundaries on Chinese sentence punctuation and line breaks.

The tokenizer is registered as `zhfacts.ZhTokenizer.v1` and chosen by config:

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {
        "@tokenizers": "zhfacts.ZhTokenizer.v1", "segmenter": "jieba"}}})

Words from the lexicons (units, and later organizations and slogans) are added to the
segmenter's dictionary so they are never split. White space is kept as tokens, so a
Doc's text is exactly the text it was made from.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from pipeline.resources import lexicon, lexicon_names, read_tsv

SEGMENTERS = ("jieba", "pkuseg")
# pkuseg 0.0.25 has no wheel for Python 3.11+ and its setup.py needs numpy and Cython first
PKUSEG_MISSING = ("the pkuseg segmenter is not installed: pip install numpy cython setuptools wheel && "
                  "pip install --no-build-isolation 'zhfacts[pkuseg]' (or use --segmenter jieba)")
# frequency given to lexicon words in jieba's dictionary: high enough to win over the
# words they would otherwise be cut into
USER_WORD_FREQ = 50_000
_SPACE_RE = re.compile(r"\s+")
_SPACE_RUN_RE = re.compile(r"\s\s")
# spaCy rebuilds Doc.text from the tokens on every access; the tokenizer keeps a copy
TEXT_KEY = "zhfacts.text"
SENTENCES_KEY = "zhfacts.sentence_starts"  # set by zhfacts_sentences


def text_of(doc: Doc) -> str:
    """The doc's text, without rebuilding it from the tokens (they never change it)."""
    text = doc.user_data.get(TEXT_KEY)
    return text if text is not None else doc.text


# level bodies and their departments, composed into whole names for the dictionary
LEVEL_BODIES = ("省委", "市委", "县委", "区委", "州委", "自治区党委")
DEPARTMENTS = ("组织部", "宣传部", "统战部", "政法委", "办公室", "政研室", "编办", "网信办", "党校")


def user_words() -> list[str]:
    """Terms the segmenter must keep whole: multi-character units, bodies and their
    level compositions (市委组织部), slogans, and the names in lexicons/*.words.txt."""
    words: set[str] = set()
    words.update(row[0] for row in read_tsv("units.tsv"))
    words.update(row[0] for row in read_tsv("bodies.tsv"))
    words.update(row[0] for row in read_tsv("slogans.tsv"))
    words.update(b + d for b in LEVEL_BODIES for d in DEPARTMENTS)
    for name in lexicon_names(".words.txt"):
        for line in lexicon(name).read_text(encoding="utf-8").splitlines():
            w = line.split("\t")[0].strip()
            if w and not w.startswith("#"):
                words.add(w)
    # a dictionary word is a run of letters: a phrase with punctuation cannot be one
    return sorted(w for w in words if len(w) > 1 and re.fullmatch(r"[\w]+", w))


# jieba's own rules (jieba/__init__.py, jieba/finalseg) for what jieba-rs does differently:
# the Han range it cuts with a dictionary (jieba-rs also takes extension A, U+9FD6-9FFF,
# compatibility and astral ideographs), white space, and runs of digits and ASCII
# punctuation (jieba: `e` `-` `mail`, `1.2` `.` `3`; jieba-rs: `e-mail`, `1.2.3`)
_JIEBA_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-]+)")
_JIEBA_SKIP = re.compile("(\r\n|\\s)")
_HMM_HAN = re.compile("([\u4e00-\u9fd5]+)")
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_RJIEBA_ONLY_HAN = re.compile("[\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_PLAIN = re.compile("[\u4e00-\u9fd5a-zA-Z0-9]+|\\s").fullmatch
# in tokens joined by NUL, the tokens jieba-rs and jieba may cut differently are those of 2+
# characters with one not _PLAIN. They are found by such a character with a neighbour in its
# token: the engine skips straight to the few characters outside Han, letters and digits
# (a regex matching the whole token had to be tried at every position)
_ODD_CHAR = re.compile("[^\\0\u4e00-\u9fd5a-zA-Z0-9](?:(?=[^\\0])|(?<=[^\\0][^\\0]))")
_ASCII_PUNCT = frozenset(".-_+#&%")


_TOTAL_PAD = "\U000F0000\U000F0001"  # two private-use characters: a dictionary word no report holds


class JiebaCutter:
    """jieba's default cut (`jieba.lcut(text, HMM=True)` with our words), computed by
    jieba-rs (`rjieba`), 20-40x faster, token for token the same (tests/test_segment.py
    compares them on the seeds, a mixed text and random strings)."""

    def __init__(self, words: tuple[str, ...]):
        import rjieba

        self._jieba = rjieba.Jieba()
        # jieba's add_word adds a word's new count to the dictionary's total and leaves its
        # old one in; jieba-rs takes the old one out. Over our words already in the
        # dictionary (中央, 三农…) that is some 680,000 of a total near 96 million: enough to
        # flip a close cut (黨|建 for 黨建). A word no text holds carries the old counts back
        # into the total (suggest_freq is a word's count, give or take one).
        replaced = sum(max(self._jieba.suggest_freq(w) - 1, 0) for w in set(words) if self._jieba.has_word(w))
        for w in words:
            self._jieba.add_word(w, USER_WORD_FREQ, None)
        if replaced:
            self._jieba.add_word(_TOTAL_PAD, replaced, None)

    def __call__(self, text: str) -> list[str]:
        if _RJIEBA_ONLY_HAN.search(text):  # rare characters: cut jieba's blocks one by one
            return self._by_blocks(text)
        words = self._jieba.cut(text, True)
        if "\0" in text:
            return self._fixed(words)
        # the tokens of two or more characters with one outside Han and ASCII letters and
        # digits, found by one regex over the joined tokens rather than a loop over them
        joined = "\0".join(words)
        parts: list[str] = []  # `joined` with each odd token (see _ODD_CHAR) cut as jieba cuts it
        pos = 0
        for m in _ODD_CHAR.finditer(joined):
            if m.start() < pos:
                continue  # another character of a token already done
            a = joined.rfind("\0", 0, m.start()) + 1
            b = joined.find("\0", m.end())
            b = len(joined) if b < 0 else b
            parts.append(joined[pos:a])
            parts.append("\0".join(self._as_jieba(joined[a:b], [])))
            pos = b
        if not parts:
            return words
        parts.append(joined[pos:])
        return "".join(parts).split("\0")

    def tag(self, text: str) -> list[tuple[str, str]]:
        """(word, part of speech) of jieba's cut by its dictionary's tags (our words: x)."""
        return self._jieba.tag(text, True)

    def dictionary_cut(self, text: str) -> list[str]:
        """The cut without the HMM: a dictionary word comes out whole, a word the HMM made
        of unknown characters (大美岳阳) in pieces."""
        return self._jieba.cut(text, False)

    def _fixed(self, words: list[str]) -> list[str]:
        out: list[str] = []
        for w in words:
            if len(w) == 1 or _PLAIN(w):
                out.append(w)
            else:
                self._as_jieba(w, out)
        return out

    def _by_blocks(self, text: str) -> list[str]:
        out: list[str] = []
        for i, blk in enumerate(_JIEBA_BLOCK.split(text)):
            if not blk:
                continue
            if i % 2:  # a block jieba cuts with its dictionary
                out.extend(self._fixed(self._jieba.cut(blk, True)))
            else:
                self._other(blk, out)
        return out

    def _as_jieba(self, word: str, out: list[str]) -> list[str]:
        """A jieba-rs token as jieba cuts it, appended to `out` (returned)."""
        if not _JIEBA_BLOCK.fullmatch(word):
            self._other(word, out)
        elif _ASCII_PUNCT.isdisjoint(word) or self._jieba.has_word(word):
            out.append(word)
        else:  # jieba's HMM pass: Han runs kept, the rest cut at numbers and ASCII words
            for part in _HMM_HAN.split(word):
                if part:
                    out.extend([part] if _HMM_HAN.fullmatch(part) else [x for x in _HMM_SKIP.split(part) if x])
        return out

    @staticmethod
    def _other(text: str, out: list[str]) -> None:
        """Outside jieba's blocks: `\\r\\n` and each white-space character whole, the rest one
        character at a time."""
        for x in _JIEBA_SKIP.split(text):
            if x:
                out.extend([x] if _JIEBA_SKIP.fullmatch(x) else x)


@lru_cache(maxsize=None)
def _jieba_cutter(words: tuple[str, ...]):
    return JiebaCutter(words)


@lru_cache(maxsize=1)
def _default_cutter() -> JiebaCutter:
    return _jieba_cutter(tuple(user_words()))


def jieba_cut(text: str) -> list[str]:
    """The default tokenizer's words of a short text (jieba's cut with our words)."""
    return _default_cutter()(text)


WORD_WINDOW = 6  # characters cut on each side: enough for jieba to find the word `at` is in


def _word_at(text: str, start: int, end: int) -> tuple[int, str] | None:
    """(offset, word) of the word of jieba's cut of the characters around text[start:end]
    that holds `start`."""
    pos = max(0, start - WORD_WINDOW)
    for w in jieba_cut(text[pos:end + WORD_WINDOW]):
        if start < pos + len(w):
            return pos, w
        pos += len(w)
    return None


def stands_alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a name of its own in jieba's cut of the characters around
    it: no word boundary falls inside it (永汉|中学 holds no 汉中, 淮河|北岸 no 河北), and it
    does not sit inside a dictionary word (孙中山); inside a word jieba's HMM made up of
    unknown characters (大美岳阳, 新岳阳) or opening a word (苏州工业园区) it does."""
    found = _word_at(text, start, end)
    if found is None:
        return True
    pos, w = found
    if pos + len(w) < end:
        return False  # a boundary inside the name
    return pos == start or len(_default_cutter().dictionary_cut(w)) > 1


def word_starts(text: str, at: int) -> bool:
    """Whether a word begins at `at` in jieba's cut of the characters around it, for an
    extractor that asks whether a name stands on its own (永汉中学 is 永汉/中学: no 汉中 in it;
    自治区 holds no bare 区)."""
    found = _word_at(text, at, at)
    return found is None or found[0] == at


def word_tags(text: str) -> list[tuple[str, str]]:
    """(word, its part of speech in jieba's dictionary: v, n, d…) of each word of a short text."""
    return _default_cutter().tag(text)


def first_word_tag(text: str) -> tuple[str, str] | None:
    """(first word, its part of speech in jieba's dictionary: v, n, d…) of a short text."""
    tags = word_tags(text)
    return tags[0] if tags else None


def dictionary_cut(text: str) -> list[str]:
    """jieba's cut of a short text by its dictionary alone (no HMM): unknown characters one by one."""
    return _default_cutter().dictionary_cut(text)


def dictionary_word(word: str) -> bool:
    """Whether jieba's dictionary (with our words) holds `word` whole (加上, 管理; not 横安)."""
    return len(word) > 1 and len(_default_cutter().dictionary_cut(word)) == 1


def inside_dictionary_word(text: str, at: int) -> bool:
    """Whether a dictionary word of jieba's cut runs across `at` (就读|学校 holds 读 inside
    就读; 由永|汉中学 is no such word: jieba's HMM joined unknown characters there; nor is a
    person's name the dictionary holds, 于向阳|小学: a preposition and a school)."""
    found = _word_at(text, at, at)
    if found is None or found[0] == at:
        return False
    if not dictionary_word(found[1]):
        return False
    tag = first_word_tag(found[1])
    return tag is None or tag[1] != "nr"


@lru_cache(maxsize=None)
def _pkuseg_cutter(words: tuple[str, ...]):
    try:
        import pkuseg  # the "default" model ships inside the package: nothing is downloaded
    except ImportError:
        from pipeline.errors import ZhfactsError

        raise ZhfactsError(PKUSEG_MISSING) from None

    seg = pkuseg.pkuseg(model_name="default", user_dict=list(words))
    return seg.cut


class ZhTokenizer:
    """Callable text -> Doc. Pickles by its settings (a segmenter holds native state)."""

    def __init__(self, vocab, segmenter: str = "jieba"):
        if segmenter not in SEGMENTERS:
            raise ValueError(f"segmenter must be one of {SEGMENTERS}, not {segmenter!r}")
        self.vocab = vocab
        self.segmenter = segmenter
        words = tuple(user_words())
        self._cut = _jieba_cutter(words) if segmenter == "jieba" else _pkuseg_cutter(words)

    def __call__(self, text: str) -> Doc:
        return self.make_doc(text, self.words(text))

    def make_doc(self, text: str, words: list[str]) -> Doc:
        """The Doc of `text` cut into `words` (which must join to it)."""
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data[TEXT_KEY] = text
        return doc

    def words(self, text: str) -> list[str]:
        """The tokens of `text`; a run of white space is one token."""
        words = self._segment(text)
        if not _SPACE_RUN_RE.search(text):
            return words
        out: list[str] = []
        for w in words:  # the segmenters give one token per white-space character
            if w.isspace() and out and out[-1].isspace():
                out[-1] += w
            else:
                out.append(w)
        return out

    def _segment(self, text: str) -> list[str]:
        if self.segmenter == "jieba":  # jieba keeps every character, white space included
            words = [w for w in self._cut(text) if w]
            if "".join(words) == text:
                return words
        # pkuseg drops white space: cut the runs between it
        words = []
        pos = 0
        for m in _SPACE_RE.finditer(text):
            if m.start() > pos:
                words.extend(self._cut_chunk(text[pos:m.start()]))
            words.append(m.group(0))
            pos = m.end()
        if pos < len(text):
            words.extend(self._cut_chunk(text[pos:]))
        return words

    def _cut_chunk(self, chunk: str) -> list[str]:
        words = [w for w in self._cut(chunk) if w]
        if "".join(words) != chunk:  # a segmenter that altered characters: keep the text
            return list(chunk)
        return words

    def __reduce__(self):
        return (ZhTokenizer, (self.vocab, self.segmenter))

    # spaCy serializes the tokenizer with the pipeline; ours is rebuilt from its config
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "ZhTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "ZhTokenizer":
        return self


@registry.tokenizers("zhfacts.ZhTokenizer.v1")
def create_tokenizer(segmenter: str = "jieba"):
    def make(nlp):
        return ZhTokenizer(nlp.vocab, segmenter)
    return make


# --- sentences ---------------------------------------------------------------------------

# A sentence ends after 。！？!? (a closing quote or bracket right after stays with it), and
# at every line break. Lines of white space are not sentences.
_SENT_END_RE = re.compile(r"[。！？!?…]+[”’」』）)]*|\n")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """[start, end) of each non-empty sentence, white space trimmed."""
    bounds = []
    pos = 0
    for m in _SENT_END_RE.finditer(text):
        _add(text, pos, m.end(), bounds)
        pos = m.end()
    _add(text, pos, len(text), bounds)
    return bounds


def _add(text: str, s: int, e: int, out: list) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


def set_sentences(doc: Doc) -> Doc:
    """Sentence starts from `sentence_bounds`; white space joins the sentence before."""
    import numpy as np
    from spacy.attrs import IDX, IS_SPACE, SENT_START

    if not len(doc):
        return doc
    bounds = sentence_bounds(text_of(doc))
    doc.user_data[SENTENCES_KEY] = [s for s, _ in bounds]
    if doc.user_data.get("zhfacts.records_only"):  # see extractors/spans.py: no spaCy side
        return doc
    starts = np.array(doc.user_data[SENTENCES_KEY], dtype="int64")
    arr = doc.to_array([IDX, IS_SPACE])
    flags = np.where(np.isin(arr[:, 0], starts), 1, -1).astype("int64")
    flags[0] = 1
    words = np.flatnonzero(arr[:, 1] == 0)
    if len(words) and words[0] > 0:  # leading white space belongs to the first sentence
        flags[words[0]] = -1
    # one array for the whole doc (setting token.is_sent_start one by one is slow);
    # spaCy reads the array as uint64, -1 meaning "not a start"
    doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
    return doc


@Language.factory("zhfacts_sentences")
def make_sentences(nlp: Language, name: str):
    """Sentence boundaries by punctuation and line breaks (see `sentence_bounds`)."""
    return set_sentences
