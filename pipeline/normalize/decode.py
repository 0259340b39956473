"""Bytes -> text: BOM, strict UTF-8, then GB18030 / Big5 / UTF-16, each guess verified.

A guess is only accepted when its text reads like Chinese (character frequencies,
`charfreq.score`): charset-normalizer alone often calls Big5 "cp949" or GB18030 "big5".
Undecodable bytes are never replaced silently: they are counted, and refused past a
small share.
"""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass

from pipeline.errors import InputError
from pipeline.normalize import charfreq

MAX_BYTES = 64 * 1024 * 1024  # a work report is well under 1 MB; past this it is not one
# Decoded characters per file: a long annual report is ~100k characters; a text 40 times
# that is refused before extraction, which holds a few hundred bytes per character.
MAX_CHARS = 4_000_000
MAX_UNDECODABLE = 0.001       # share of replaced characters still accepted (a truncated tail)
MAX_CONTROL = 0.01            # share of control characters that marks binary data

# File signatures of the binary formats people mistake for reports.
MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF-", "PDF document (text files only here; use `zhfacts ingest` for PDF)"),
    (b"PK\x03\x04", "ZIP archive (a .docx/.xlsx is a ZIP; use `zhfacts ingest` for .docx)"),
    (b"\xd0\xcf\x11\xe0", "legacy MS Office document"),
    (b"\x7fELF", "ELF executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
]

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
]

# Legacy encodings tried after UTF-8, in this order (ties go to the earlier one).
CANDIDATES = ["gb18030", "big5", "utf-16-le", "utf-16-be"]
# What we report for a codec name.
REPORTED = {"gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030", "big5": "big5", "cp950": "big5",
            "big5hkscs": "big5", "utf-16-le": "utf-16", "utf-16-be": "utf-16", "utf-16": "utf-16",
            "utf-32-le": "utf-32", "utf-32-be": "utf-32", "utf-32": "utf-32", "utf-8": "utf-8"}


@dataclass
class Decoded:
    text: str
    encoding: str          # reported name: utf-8, gb18030, big5, utf-16, utf-32
    undecodable: int = 0   # characters that could not be decoded (U+FFFD put in)
    truncated: bool = False


def read_file(path, name: str, max_bytes: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, read in chunks with the limit checked while reading (a 200 MB
    file is refused at once by its size, a file that grows past the limit is cut off).

    Only regular files are read: a FIFO would block forever and /dev/zero never ends, so
    they are refused by their type, as are sockets, devices and symbolic-link loops.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        reason = "dangling symbolic link" if os.path.islink(path) else "no such file"
        raise InputError(name, reason) from None
    except OSError as err:
        raise InputError(name, _os_reason(err)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(name, "is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(name, f"not a regular file ({_file_type(st.st_mode)}): refused")
    if st.st_size > max_bytes:
        raise InputError(name, _too_large(st.st_size, max_bytes))
    try:
        # O_NONBLOCK: if a FIFO took the file's place since the stat, open does not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise InputError(name, _os_reason(err)) from None
    with os.fdopen(fd, "rb", buffering=0) as f:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(name, f"not a regular file ({_file_type(mode)}): refused")
        chunks, total = [], 0
        try:
            while chunk := f.read(min(1 << 20, max_bytes + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
                if total > max_bytes:
                    raise InputError(name, _too_large(total, max_bytes, grew=True))
        except OSError as err:
            raise InputError(name, _os_reason(err)) from None
    return b"".join(chunks)


def check_chars(length: int, name: str, max_chars: int = MAX_CHARS, *, what: str = "text",
                partial: bool = False) -> None:
    """Refuse a text longer than `max_chars` characters (decoded, or taken out of a container;
    `partial`: counted so far, reading stopped there)."""
    if length > max_chars:
        raise InputError(name, f"{what} too long ({'more than ' if partial else ''}{length:,} characters; "
                               f"limit {max_chars:,})")


def _too_large(size: int, limit: int, grew: bool = False) -> str:
    more = "more than " if grew else ""
    if limit < 2**20:
        return f"file too large ({more}{size:,} bytes; limit {limit:,} bytes)"
    return f"file too large ({more}{size / 2**20:.1f} MiB; limit {limit // 2**20} MiB)"


def _file_type(mode: int) -> str:
    for test, what in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "not a file"


def _os_reason(err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(err, PermissionError):
        return "cannot read: permission denied"
    return f"cannot read: {err.strerror or err}"


def _sniff_binary(data: bytes, source: str) -> None:
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise InputError(source, f"binary file ({what}), not a text report")
    # a bitmap's "BM" is also how a text may start: trust it only with its reserved zeros
    if data.startswith(b"BM") and len(data) > 26 and data[6:10] == b"\0\0\0\0":
        raise InputError(source, "binary file (BMP image), not a text report")


_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _control_share(text: str) -> float:
    """Share of control characters (tab, newlines and form feeds are text)."""
    if not _CONTROL_RE.search(text):
        return 0.0
    return len(_CONTROL_RE.findall(text)) / max(len(text), 1)


def _reported(codec: str) -> str:
    name = codecs.lookup(codec).name
    return REPORTED.get(name, name)


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def decode(data: bytes, source: str = "<bytes>") -> Decoded:
    """Decode report bytes, or raise InputError saying why they are not a report."""
    if not data:
        raise InputError(source, "empty file")
    if len(data) > MAX_BYTES:
        raise InputError(source, f"file too large ({len(data) / 2**20:.1f} MiB; limit {MAX_BYTES // 2**20} MiB)")
    _sniff_binary(data, source)

    for bom, name, codec in BOMS:
        if data.startswith(bom):
            text = _try(data, codec)
            if text is None:
                text = data.decode(codec, errors="replace")
                return _checked(Decoded(text, _reported(name), text.count("\ufffd")), source)
            return _checked(Decoded(text, _reported(name)), source)

    # Strict UTF-8 first: the common case, and never wrong when it succeeds on non-ASCII text.
    text = _try(data, "utf-8")
    if text is not None:
        if "\x00" in text and not _looks_utf16(data):
            raise InputError(source, "binary file (NUL bytes), not a text report")
        if "\x00" not in text:
            return _checked(Decoded(text, "utf-8"), source)

    # A UTF-8 file cut in the middle of its last character: keep it, count the loss.
    tail = _utf8_truncated(data)
    if tail is not None:
        return _checked(Decoded(tail, "utf-8", undecodable=1, truncated=True), source)

    best: tuple[float, str, str] | None = None
    for codec in _candidates(data):
        cand = _try(data, codec)
        if cand is None or _control_share(cand) > MAX_CONTROL:
            continue
        s = charfreq.score(Counter(cand))
        if best is None or s > best[0] + 0.05:  # earlier candidates win near-ties
            best = (s, codec, cand)
    if best is not None and best[0] > -6.0:
        return _checked(Decoded(best[2], _reported(best[1])), source)

    # Nothing decodes cleanly: accept a candidate only with a tiny share of bad bytes.
    for codec in ("utf-8", "gb18030", "big5"):
        cand = data.decode(codec, errors="replace")
        bad = cand.count("\ufffd")
        if bad / max(len(cand), 1) <= MAX_UNDECODABLE and charfreq.score(cand) > -6.0:
            return _checked(Decoded(cand, _reported(codec), undecodable=bad), source)
    raise InputError(source, "undecodable: not valid UTF-8, GB18030, Big5 or UTF-16 text "
                             "(binary data or an unknown encoding)")


def _candidates(data: bytes) -> list[str]:
    """Legacy codecs to try: ours first, then charset-normalizer's guess if it adds one."""
    cands = list(CANDIDATES)
    if not _looks_utf16(data):
        cands = [c for c in cands if not c.startswith("utf-16")]
    try:
        from charset_normalizer import from_bytes

        guess = from_bytes(data[:65536]).best()
        if guess is not None and guess.encoding not in cands and guess.encoding not in {"ascii", "utf_8"}:
            cands.append(guess.encoding)
    except Exception:  # a guesser failure must not stop decoding; our own candidates remain
        pass
    return cands


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: Chinese text in it still has NULs in its ASCII (digits, newlines)."""
    if len(data) < 2 or len(data) % 2:
        return False
    even, odd = data[0::2].count(0), data[1::2].count(0)
    return max(even, odd) > 0 and min(even, odd) * 4 <= max(even, odd)


def _utf8_truncated(data: bytes) -> str | None:
    for cut in (1, 2, 3):
        if len(data) > cut:
            head = _try(data[:-cut], "utf-8")
            if head is not None:
                return head + "\ufffd"
    return None


def _checked(dec: Decoded, source: str) -> Decoded:
    if not dec.text.strip():
        raise InputError(source, "empty file (only white space)")
    if _control_share(dec.text) > MAX_CONTROL:
        raise InputError(source, f"binary data ({dec.encoding} decoding is full of control characters)")
    if dec.undecodable / max(len(dec.text), 1) > MAX_UNDECODABLE and not dec.truncated:
        raise InputError(source, f"undecodable: {dec.undecodable} characters of {dec.encoding} could not be decoded")
    return dec
