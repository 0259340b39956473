"""Corrupted variants of the seed reports, built in code the way real files go wrong."""
from __future__ import annotations

import opencc
from pypinyin import Style, pinyin


def s2t(text: str) -> str:
    return opencc.OpenCC("s2t").convert(text)


def t2s(text: str) -> str:
    return opencc.OpenCC("t2s").convert(text)


def with_inline_pinyin(text: str) -> str:
    """A web page's style: the reading after every polyphonic character, `質(zhì)量`."""
    out = []
    for ch in text:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff":
            readings = pinyin(ch, style=Style.TONE, heteronym=True)[0]
            if len(readings) > 1:
                out.append(f"({readings[0]})")
    return "".join(out)


def gbk_mojibake(text: str) -> str:
    """UTF-8 opened as GBK and saved again: invalid byte pairs become U+FFFD, bytes lost."""
    return text.encode("utf-8").decode("gbk", errors="replace")


def latin1_mojibake(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def cp1252_mojibake(text: str) -> str:
    """Windows' cp1252; its five undefined bytes pass through as the Latin-1 characters."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


FULLWIDTH_DIGITS = str.maketrans("0123456789%", "０１２３４５６７８９％")


def fullwidth_digits(text: str) -> str:
    return text.translate(FULLWIDTH_DIGITS)


def big5(text: str) -> bytes:
    return text.encode("big5")
