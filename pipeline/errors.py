"""The exceptions zhfacts raises on purpose; anything else escaping is a bug."""
from __future__ import annotations


class ZhfactsError(Exception):
    """Base class of every error zhfacts reports to its user."""


class InputError(ZhfactsError):
    """A file that cannot be turned into text: empty, binary, undecodable, too large.

    `str(err)` is one line naming the source and the reason, fit for a log or a batch report.
    """

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")
