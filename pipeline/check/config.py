"""Settings of `zhfacts check`, found the way ruff finds its own: for each checked file the
nearest `.zhfacts.toml` (keys at the top or under `[check]`) or `pyproject.toml` with a
`[tool.zhfacts.check]` table, in the file's folder or above; or the one file `--config` names.

    select = ["ZH-GAP"]                 # rule IDs or prefixes (ZH-GAP = the five gap rules), or "ALL"
    disable = ["ZH-SAME-SUBJECT"]       # turned off after select
    fail-level = "warning"              # exit 1 from this severity up (note, warning, error)
    extra-markers = ["△△"]              # the team's own gap markers
    [check.per-file-ignores]            # globs relative to the config file's folder
    "archive/*.txt" = ["ZH-SAME-SUBJECT"]

A file that cannot be parsed, an unknown setting or an unknown rule ID is a `ConfigError`
naming the file and the problem (the command exits 2).
"""
from __future__ import annotations

import difflib
import fnmatch
import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.check.rules import RULES, SEVERITIES
from pipeline.errors import ZhfactsError

CONFIG_NAMES = (".zhfacts.toml", "pyproject.toml")
KEYS = {"select", "disable", "fail-level", "extra-markers", "per-file-ignores"}


class ConfigError(ZhfactsError):
    """A settings file or option that cannot be used: one line, naming it and the problem."""


@dataclass(frozen=True)
class Settings:
    select: frozenset[str] = frozenset(RULES)
    disable: frozenset[str] = frozenset()
    fail_level: str = "error"
    extra_markers: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    root: Path | None = None      # the folder per-file-ignores globs are relative to
    source: str | None = None     # the file the settings were read from

    def rules_for(self, path: str) -> frozenset[str]:
        """The rules that run on `path`: selected, not disabled, not ignored for this file."""
        rules = self.select - self.disable
        for pattern, ignored in self.per_file_ignores:
            if _matches(pattern, path, self.root):
                rules -= ignored
        return rules


def resolve(selectors, where: str) -> frozenset[str]:
    """Rule IDs named by `selectors`: an ID, a prefix at a hyphen (ZH-GAP), or ALL."""
    out = set()
    for sel in selectors:
        if not isinstance(sel, str):
            raise ConfigError(f"{where}: rule IDs are strings, not {sel!r}")
        s = sel.strip().upper()
        hit = set(RULES) if s == "ALL" else {r for r in RULES if r == s or r.startswith(s + "-")}
        if not hit:
            near = difflib.get_close_matches(s, list(RULES), n=1)
            raise ConfigError(f"{where}: unknown rule ID {sel!r}" + (f" (did you mean {near[0]}?)" if near else "")
                              + "; `zhfacts check --list-rules` lists them")
        out |= hit
    return frozenset(out)


def read(path: Path) -> Settings | None:
    """The settings in one file; None when it is a pyproject.toml without [tool.zhfacts.check]."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read: {err}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("zhfacts", {}).get("check")
        if table is None:
            return None
        where = f"{path}: [tool.zhfacts.check]"
    else:
        table, where = data.get("check", data), str(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: the check settings must be a table")
    unknown = set(table) - KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s): {', '.join(sorted(unknown))} "
                          f"(known: {', '.join(sorted(KEYS))})")
    level = table.get("fail-level", "error")
    if level not in SEVERITIES:
        raise ConfigError(f"{where}: fail-level must be one of {', '.join(SEVERITIES)}, not {level!r}")
    for key in ("select", "disable", "extra-markers"):
        if not isinstance(table.get(key, []), list):
            raise ConfigError(f"{where}: {key} must be a list")
    markers = table.get("extra-markers", [])
    if not all(isinstance(m, str) and m for m in markers):
        raise ConfigError(f"{where}: extra-markers must be non-empty strings")
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict) or not all(isinstance(v, list) for v in pfi.values()):
        raise ConfigError(f"{where}: per-file-ignores maps globs to lists of rule IDs")
    return Settings(
        select=resolve(table["select"], f"{where}: select") if "select" in table else frozenset(RULES),
        disable=resolve(table.get("disable", []), f"{where}: disable"),
        fail_level=level, extra_markers=tuple(markers),
        per_file_ignores=tuple((glob, resolve(ids, f"{where}: per-file-ignores {glob!r}")) for glob, ids in pfi.items()),
        root=path.parent.resolve(), source=str(path))


class Finder:
    """Finds and caches the settings of each folder (the nearest config file up)."""

    def __init__(self, config: Path | None = None, select=(), disable=(), fail_level: str | None = None):
        self._fixed = None
        if config is not None:
            if not config.is_file():
                raise ConfigError(f"{config}: no such config file")
            self._fixed = read(config) or Settings(root=config.parent.resolve(), source=str(config))
        self._cli_select = resolve(_split(select), "--select") if select else None
        self._cli_disable = resolve(_split(disable), "--disable")
        self._fail_level = fail_level
        self._cache: dict[Path, Settings] = {}

    def for_file(self, name: str) -> Settings:
        """The settings for a checked file (`-`: the current folder's)."""
        folder = Path.cwd() if name == "-" else Path(name).resolve().parent
        base = self._fixed or self._nearest(folder)
        return self._overlay(base)

    def _nearest(self, folder: Path) -> Settings:
        if folder in self._cache:
            return self._cache[folder]
        found = None
        for name in CONFIG_NAMES:
            f = folder / name
            if f.is_file() and (found := read(f)) is not None:
                break
        if found is None:
            found = Settings() if folder.parent == folder else self._nearest(folder.parent)
        self._cache[folder] = found
        return found

    def _overlay(self, s: Settings) -> Settings:
        """Options on the command line win: --select replaces, --disable adds."""
        return replace(s, select=self._cli_select if self._cli_select is not None else s.select,
                       disable=s.disable | self._cli_disable, fail_level=self._fail_level or s.fail_level)


def _split(values) -> list[str]:
    """`--select A,B --select C` → [A, B, C]."""
    return [v for value in values for v in value.split(",") if v.strip()]


def _matches(pattern: str, path: str, root: Path | None) -> bool:
    """A glob against the file's path relative to the config's folder (or, for a pattern
    without a slash, its name)."""
    p = Path(path).resolve()
    candidates = [p.name]
    if root is not None:
        try:
            candidates.append(p.relative_to(root).as_posix())
        except ValueError:
            pass
    candidates.append(p.as_posix())
    pattern = pattern.replace(os.sep, "/")
    return any(fnmatch.fnmatchcase(c, pattern) for c in candidates if "/" in pattern or c == p.name)
