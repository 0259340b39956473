"""The exceptions zhfacts raises on purpose; anything else escaping is a bug."""
from __future__ import annotations

import re

# C0/C1 controls, DEL, and the format characters that reorder or hide text on a terminal
# (bidi overrides and isolates, line/paragraph separators, zero-width characters)
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    r"""`text` with every control character escaped (`\n`, `\x1b`, `\u202e`), so that a file
    name can neither break a line of output, forge another one nor drive the terminal."""
    return _UNPRINTABLE.sub(lambda m: _SHORT.get(m[0]) or (
        f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}"), text)


class ZhfactsError(Exception):
    """Base class of every error zhfacts reports to its user."""


class InputError(ZhfactsError):
    """A file that cannot be turned into text: empty, binary, undecodable, too large.

    `str(err)` is one line naming the source and the reason, fit for a log or a batch report
    (control characters in either are escaped).
    """

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(printable(f"{source}: {reason}"))
