"""Latin-1 / cp1252 mojibake: `æœºå…³` for `机关` — UTF-8 bytes decoded one byte per
character. Encoding each character back to its byte and decoding as UTF-8 restores the
text exactly, and each real character maps to the run of wrong ones it came from.
"""
from __future__ import annotations

import regex

from pipeline.normalize import charfreq
from pipeline.normalize.offsets import Rewriter

# A repair by ftfy must make the run read this much more like Chinese (mean log10 frequency).
MIN_GAIN = 0.8

_CP1252_SPECIALS = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
# character -> the byte it stood for, under Latin-1 or cp1252 (whichever made the mojibake)
_BYTE_OF = {chr(b): b for b in range(0x80, 0x100)}
_BYTE_OF.update({ch: ch.encode("cp1252")[0] for ch in _CP1252_SPECIALS})
_LATIN_RUN = regex.compile("[\u0080-\u00ff" + regex.escape(_CP1252_SPECIALS) + "]{2,}")
# a UTF-8 lead byte as a Latin-1 character, followed by a continuation byte (Â: the lead of
# a two-byte character such as the interpunct, `7Â·9` for `7·9`)
_LATIN_TRIGGER = frozenset("Ââãäåæçèéêëìíîïðñòó")


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
