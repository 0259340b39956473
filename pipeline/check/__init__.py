"""`zhfacts check`: a linter for drafts — every gap and every impossible figure at its exact
characters, in the habits of linters (ruff, Vale): one line per finding, machine formats for
CI, settings found next to the files, exit codes for scripts.

    rules.py     what each rule finds (with a true case and a near-miss), and the code that finds it
    messages.py  every sentence in Chinese and English (--lang), the default language
    config.py    .zhfacts.toml / [tool.zhfacts.check]: select, disable, per-file-ignores, …
    ignores.py   inline ignores (<!-- zhfacts: ignore RULE -->, blocks)
    baseline.py  --baseline FILE: accept today's findings, report only new ones
    formats.py   text, json, json-lines, sarif, github, gitlab, junit
    html.py      the drafts as one page with each finding highlighted

This module ties them together: `check` (one extracted document) and `check_files` (paths,
each with its own settings). Lines and columns are 1-based and count characters of the
original text; end positions are exclusive.
"""
from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field

from pipeline.check import ignores
from pipeline.check.config import ConfigError, Finder, Settings
from pipeline.check.rules import RULES, SEVERITIES, Rule, find
from pipeline.errors import ZhfactsError
from pipeline.facts import Extraction

__all__ = ["RULES", "SEVERITIES", "ConfigError", "FileResult", "Finding", "Rule", "check", "check_files"]


@dataclass
class Finding:
    path: str
    line: int
    col: int
    end_line: int
    end_col: int
    rule: str
    severity: str
    message: str
    context: str
    fingerprint: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class FileResult:
    """What checking one file gave: its findings, or the one-line reason it was not read."""
    path: str
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    settings: Settings | None = None
    error: str | None = None
    baselined: int = 0
    notices: list[str] = field(default_factory=list)  # e.g. an unknown rule ID in an ignore comment


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check(result: Extraction, original: str, path: str, *, rules: frozenset[str] = frozenset(RULES),
          extra_markers: tuple[str, ...] = (), lang: str = "en", notices: list | None = None) -> list[Finding]:
    """Every finding of one document (only `rules`; inline ignores applied), sorted by position."""
    from pipeline.check.baseline import assign_fingerprints

    marks = ignores.parse(original)
    if notices is not None:
        notices += [f"{path}:{line}: unknown rule ID {i!r} in a zhfacts comment" for line, i in marks.unknown]
    out = []
    for h in find(result, original, extra_markers=extra_markers, lang=lang):
        line, col = _line_col(original, h.start)
        if h.rule not in rules or marks.silences(h.rule, h.start, line - 1):
            continue
        end_line, end_col = _line_col(original, h.end)
        out.append(Finding(path, line, col, end_line, end_col, h.rule, RULES[h.rule].severity, h.message,
                           h.context))
    out.sort(key=lambda f: (f.line, f.col, f.rule))
    assign_fingerprints(out)
    return out


def check_files(names, finder: Finder, *, lang: str = "en", baseline=None, stdin=None):
    """Check each name (a path or `-`), one `FileResult` at a time, with the settings that
    apply to it. A file that cannot be read, or whose settings are broken, gets an error
    and the others are still checked."""
    from pipeline.extractors import extract
    from pipeline.normalize import MAX_BYTES, read
    from pipeline.sources import load

    for name in names:
        path = "<stdin>" if name == "-" else str(name)
        try:
            settings = finder.for_file(str(name))
        except ConfigError as err:
            yield FileResult(path, error=str(err))
            continue
        try:
            # standard input read up to one byte past the limit: /dev/zero there cannot exhaust memory
            norm = read((stdin or sys.stdin.buffer).read(MAX_BYTES + 1), source="<stdin>") if name == "-" \
                else load(name)
            result = extract(norm)
        except ZhfactsError as err:
            yield FileResult(path, error=str(err), settings=settings)
            continue
        notices: list[str] = []
        found = check(result, norm.original, path, rules=settings.rules_for(path),
                      extra_markers=settings.extra_markers, lang=lang, notices=notices)
        known = 0
        if baseline is not None:
            found, known = baseline.filter(found)
        yield FileResult(path, norm.original, found, settings, baselined=known, notices=notices)


def fails(result: FileResult) -> bool:
    """Whether a file's findings reach its fail level."""
    worst = SEVERITIES.index(result.settings.fail_level) if result.settings else 0
    return any(SEVERITIES.index(f.severity) >= worst for f in result.findings)
