"""A baseline file: today's findings accepted, so that only new ones are reported — and
no mark is left in the draft (a .docx or a published page stays as it is).

    zhfacts check drafts/ --baseline .zhfacts-baseline.json --update-baseline   # accept what is there
    zhfacts check drafts/ --baseline .zhfacts-baseline.json                     # report only what is new

A finding is keyed by its rule, its file (relative to the baseline's folder) and its context
(the clause around the gap, whitespace aside), not by line or column: editing elsewhere in the
draft moves a finding but does not make it new. Two findings with the same key are counted, so
a second identical gap in the same clause is new. The same key (with the count) gives each
finding its `fingerprint`, which SARIF and GitLab use to follow a finding across runs.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path

from pipeline.errors import ZhfactsError

FORMAT = "zhfacts-check-baseline"
VERSION = 1


def _context(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _file_key(path: str, folder: Path) -> str:
    """The file as the baseline names it: relative to the baseline's folder, with slashes."""
    if path == "<stdin>":
        return path
    p = Path(path).resolve()
    try:
        return p.relative_to(folder).as_posix()
    except ValueError:
        return Path(os.path.relpath(p, folder)).as_posix()


def assign_fingerprints(findings) -> None:
    """Give each finding of one file a fingerprint: rule, path, context and its count among equals."""
    seen: Counter = Counter()
    for f in findings:
        key = (f.rule, Path(f.path).as_posix(), _context(f.context))
        seen[key] += 1
        f.fingerprint = hashlib.sha256("\0".join([*key, str(seen[key])]).encode()).hexdigest()[:32]


class Baseline:
    def __init__(self, path: Path, entries: Counter | None = None):
        self.path = path
        self.folder = path.resolve().parent
        self.entries: Counter = entries or Counter()

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a baseline; a missing or broken file is a ZhfactsError naming it."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ZhfactsError(f"{path}: no such baseline file (make it with --update-baseline)") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ZhfactsError(f"{path}: not a zhfacts baseline: {err}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), list):
            raise ZhfactsError(f"{path}: not a zhfacts baseline (no \"format\": \"{FORMAT}\" with a findings list)")
        if data.get("version") != VERSION:
            raise ZhfactsError(f"{path}: baseline version {data.get('version')!r}; this zhfacts reads {VERSION}")
        entries: Counter = Counter()
        try:
            for e in data["findings"]:
                entries[(e["rule"], e["path"], _context(e["context"]))] += int(e.get("count", 1))
        except (KeyError, TypeError, ValueError) as err:
            raise ZhfactsError(f"{path}: broken baseline entry: {err!r}") from None
        return cls(path, entries)

    def key(self, f) -> tuple[str, str, str]:
        return f.rule, _file_key(f.path, self.folder), _context(f.context)

    def filter(self, findings: list) -> tuple[list, int]:
        """The findings that are not in the baseline, and how many were."""
        left = Counter(self.entries)
        new, known = [], 0
        for f in findings:
            k = self.key(f)
            if left[k] > 0:
                left[k] -= 1
                known += 1
            else:
                new.append(f)
        return new, known

    def write(self, findings: list, checked: list[str]) -> int:
        """Replace the entries of the `checked` files with these findings (entries of files
        not checked in this run are kept); returns how many entries the baseline holds."""
        done = {_file_key(p, self.folder) for p in checked}
        counts = Counter({k: n for k, n in self.entries.items() if k[1] not in done})
        counts.update(self.key(f) for f in findings)
        rows = [{"rule": r, "path": p, "context": c, "count": n} for (r, p, c), n in sorted(counts.items())]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"format": FORMAT, "version": VERSION, "findings": rows},
                                        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return sum(counts.values())
