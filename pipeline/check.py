"""`zhfacts check`: a linter for drafts — every gap and every impossible share, one line
per finding, in the habits of linters (`path:line:col: RULE severity: message「context」`),
with JSON and SARIF 2.1.0 output and exit codes for scripts.

Rules are small records (`RULES`); each finding points at the original characters
(line and column count characters, 1-based). Consistency rules are tuned for precision:
a false alarm costs a writer's trust.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

from pathlib import Path

from pipeline import __version__
from pipeline.errors import ZhfactsError
from pipeline.facts import Extraction

SEVERITIES = ("note", "warning", "error")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    summary: str


RULES = {r.id: r for r in [
    Rule("ZH-GAP-NUMBER", "error", "a figure left as a gap marker before its unit (*人, XX个, ?个)"),
    Rule("ZH-GAP-PERCENT", "error", "a percentage left as a gap marker (*%)"),
    Rule("ZH-GAP-NAME", "error", "a name left as a gap marker (尊敬的*, ×××同志, 某某)"),
    Rule("ZH-GAP-DATE", "error", "a date left as a gap marker (2024年*月)"),
    Rule("ZH-GAP-MISSING-VALUE", "error", "a ratio word with no figure after it (占比“四星级”…)"),
    Rule("ZH-SHARE-OVER-100", "error", "a share (占比, 覆盖率, 完成率…) over 100% — a growth may be, a share may not"),
    Rule("ZH-SHARE-VS-COUNT", "warning", "a share that contradicts the counts beside it (40个中达标30个、占比50%)"),
    Rule("ZH-PARTS-OVER-TOTAL", "error", "parts that add up to more than their stated total (共10个，其中6个…、5个…)"),
    Rule("ZH-SAME-SUBJECT", "warning", "the same subject given two different figures in one report"),
]}
# a share stated beside its counts, in one sentence: 所属40个党支部中，达标30个，占比50%
_TOTAL_RE = re.compile(r"(?:共|所属|全部|总计|全市|全区)(\d+)个[^，。；！？\n]{0,12}?中")
_SHARE_RE = re.compile(r"(\d+)个[，、]?\s*占比(\d+(?:\.\d+)?)%")
# parts of a stated total: 共10个，其中A类6个、B类5个
_PARTS_RE = re.compile(r"共(\d+)个([^。；！？\n]{0,40}?)其中([^。；！？\n]{1,80})")
_PART_RE = re.compile(r"(\d+)个")
TOLERANCE = 1.0  # percentage points: rounding in the text
GAP_RULES = {"number": "ZH-GAP-NUMBER", "percent": "ZH-GAP-PERCENT", "name": "ZH-GAP-NAME",
             "date": "ZH-GAP-DATE", "missing_value": "ZH-GAP-MISSING-VALUE"}
# a share names a part of a whole: it cannot pass 100%; a growth can (增长150%)
SHARE_WORDS = re.compile(r"(占比|比例|比重|覆盖率|完成率|达标率|及时率|办结率|满意率|参与率|到位率|合格率|知晓率|占)"
                         r"(?:达到|达|为|是|约|近|超过)?$")
GROWTH_WORDS = re.compile(r"(增长|增加|提升|提高|上升|上涨|增幅|同比|环比|翻|比上年|较上年)")


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

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.rule} {self.severity}: {self.message}「{self.context}」"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@dataclass
class Config:
    disable: frozenset[str] = frozenset()
    fail_level: str = "error"
    extra_markers: tuple[str, ...] = ()
    source: str | None = None  # the file it was read from


def load_config(start: Path | None = None) -> Config:
    """`.zhfacts.toml` (keys at the top or under [check]) or `pyproject.toml`
    ([tool.zhfacts.check]), in the folder or the nearest parent that has one."""
    import tomllib

    folder = (start or Path.cwd()).resolve()
    for d in [folder, *folder.parents]:
        for name in (".zhfacts.toml", "pyproject.toml"):
            f = d / name
            if not f.is_file():
                continue
            data = tomllib.loads(f.read_text(encoding="utf-8"))
            table = data.get("tool", {}).get("zhfacts", {}).get("check") if name == "pyproject.toml" \
                else data.get("check", data)
            if table is None:
                continue
            unknown = set(table) - {"disable", "fail-level", "extra-markers"}
            if unknown:
                raise ZhfactsError(f"{f}: unknown zhfacts check setting(s): {', '.join(sorted(unknown))}")
            level = table.get("fail-level", "error")
            if level not in SEVERITIES:
                raise ZhfactsError(f"{f}: fail-level must be one of {', '.join(SEVERITIES)}")
            return Config(frozenset(table.get("disable", [])), level, tuple(table.get("extra-markers", [])), str(f))
    return Config()


def check(result: Extraction, original: str, path: str,
          disabled: frozenset[str] = frozenset(), extra_markers: tuple[str, ...] = ()) -> list[Finding]:
    """Every finding of one document, sorted by position."""
    out = []

    def add(rule_id: str, start: int, end: int, message: str, context: str) -> None:
        if rule_id in disabled or _ignored(original, start, rule_id):
            return
        line, col = _line_col(original, start)
        end_line, end_col = _line_col(original, end)
        out.append(Finding(path, line, col, end_line, end_col, rule_id, RULES[rule_id].severity, message, context))

    for p in result.placeholders:
        what = {"number": f"the figure before 「{p.unit}」 is missing", "percent": "the percentage is missing",
                "name": "a name is missing", "date": "a date is incomplete",
                "missing_value": "the ratio has no figure"}[p.kind]
        subject = f" ({p.subject})" if p.subject and p.kind in ("number", "percent") else ""
        add(GAP_RULES[p.kind], p.start, p.end, f"gap 「{p.text}」: {what}{subject}", p.context)
    for m in result.metrics:
        if m.unit != "%" or m.value <= 100:
            continue
        before = _clause_before(original, m.start)
        if SHARE_WORDS.search(before) and not GROWTH_WORDS.search(before):
            add("ZH-SHARE-OVER-100", m.start, m.end,
                f"share 「{m.text}」 is over 100% ({SHARE_WORDS.search(before).group(1)})", before + m.norm)
    for marker in extra_markers:  # the team's own gap markers (配置: extra-markers)
        for m in re.finditer(re.escape(marker), original):
            add("ZH-GAP-NUMBER", m.start(), m.end(), f"gap 「{marker}」 (a configured marker)",
                _clause_before(original, m.start()) + marker)
    for sent in re.finditer(r"[^。；！？\n]+", original):
        _sentence_rules(sent.group(0), sent.start(), add)
    _same_subject(result, original, add)
    return sorted(out, key=lambda f: (f.line, f.col, f.rule))


def _sentence_rules(sentence: str, offset: int, add) -> None:
    """The consistency rules that compare figures of one sentence."""
    total = _TOTAL_RE.search(sentence)
    if total:
        n = int(total.group(1))
        for m in _SHARE_RE.finditer(sentence, total.end()):
            count, share = int(m.group(1)), float(m.group(2))
            expected = count / n * 100 if n else None
            if expected is not None and count <= n and abs(expected - share) > TOLERANCE:
                start = offset + m.start(2)
                add("ZH-SHARE-VS-COUNT", start, offset + m.end(),
                    f"占比{m.group(2)}% but {count} of {n} is {expected:.1f}%", sentence.strip()[:60])
    for m in _PARTS_RE.finditer(sentence):
        n = int(m.group(1))
        parts = [int(p.group(1)) for p in _PART_RE.finditer(m.group(3))]
        if len(parts) >= 2 and sum(parts) > n:
            add("ZH-PARTS-OVER-TOTAL", offset + m.start(), offset + m.end(),
                f"parts add up to {sum(parts)} ({' + '.join(map(str, parts))}), more than the total {n}",
                sentence.strip()[:60])


def _same_subject(result: Extraction, original: str, add) -> None:
    """Two figures, same unit, for the same subject (named fully: 4+ characters), exact."""
    seen: dict[tuple[str, str], object] = {}
    for m in result.metrics:
        if not m.subject or len(m.subject) < 4 or m.approx or m.unit == "%":
            continue
        first = seen.setdefault((m.subject, m.unit), m)
        if first is not m and first.value != m.value:
            line = _line_col(original, first.start)[0]
            add("ZH-SAME-SUBJECT", m.start, m.end,
                f"「{m.subject}」 is {m.text} here but {first.text} on line {line}", m.subject)


def _clause_before(original: str, start: int) -> str:
    """The words of the clause before a figure (at most 20 characters)."""
    clause = re.split(r"[，。；：！？\n、,;:!?]", original[max(0, start - 40):start])[-1]
    return clause[-20:]


_IGNORE_RE = re.compile(r"<!--\s*zhfacts:\s*ignore\s+([\w-]+)\s*-->|（zhfacts:ignore）\s*$")


def _ignored(original: str, offset: int, rule_id: str) -> bool:
    """`<!-- zhfacts: ignore RULE -->` on the finding's line, or a line ending in
    `（zhfacts:ignore）`, silences it."""
    start = original.rfind("\n", 0, offset) + 1
    end = original.find("\n", offset)
    line = original[start:end if end >= 0 else len(original)]
    for m in _IGNORE_RE.finditer(line):
        if m.group(1) is None or m.group(1) == rule_id:
            return True
    return False


def summary(findings: list[Finding], files: int) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in reversed(SEVERITIES)}
    parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    return f"{len(findings)} finding(s) in {files} file(s)" + (f": {', '.join(parts)}" if parts else "")


def as_json(findings: list[Finding]) -> str:
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)


def as_sarif(findings: list[Finding]) -> str:
    """SARIF 2.1.0, so code-review tools show the gaps inline. Columns count Unicode code
    points (`columnKind`), as the text output does."""
    level = {"error": "error", "warning": "warning", "note": "note"}
    rules = [{"id": r.id, "name": r.id.title().replace("-", ""), "shortDescription": {"text": r.summary},
              "defaultConfiguration": {"level": level[r.severity]}} for r in RULES.values()]
    index = {r.id: i for i, r in enumerate(RULES.values())}
    results = [{
        "ruleId": f.rule, "ruleIndex": index[f.rule], "level": level[f.severity],
        "message": {"text": f"{f.message}「{f.context}」"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": f.path},
            "region": {"startLine": f.line, "startColumn": f.col, "endLine": f.end_line, "endColumn": f.end_col}}}],
    } for f in findings]
    return json.dumps({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "zhfacts", "version": __version__, "rules": rules}},
                  "columnKind": "unicodeCodePoints", "results": results}],
    }, ensure_ascii=False, indent=2)
