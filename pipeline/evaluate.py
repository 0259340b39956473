"""Scoring against hand-checked gold (`corpora/gold/*.json`, spec §8 shape).

A predicted fact is a hit when its span (original offsets) and its key fields equal a
gold fact's: metrics value/unit/approx, dates value, placeholders kind/unit,
organizations name, slogans and references kind. Gold items marked `"scored": false`
(the spec's borderline cases) count neither way, nor do the tool's own borderline metrics
(`连续13年`: reported, not scored).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError
from pipeline.extractors.metrics import borderline
from pipeline.facts import as_row

KEY_FIELDS = {
    "metrics": ("value", "unit", "approx"),
    "dates": ("value",),
    "placeholders": ("kind", "unit"),
    "organizations": ("name",),
    "slogans": ("kind",),
    "references": ("kind",),
}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses
        self.false_hits += other.false_hits


@dataclass
class Report:
    by_type: dict[str, Score]
    by_doc: dict[str, dict[str, Score]]   # source -> type -> score
    documents: dict[str, dict]            # source -> {field: (got, want)}


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def _describe(row: dict, kind: str) -> str:
    fields = ", ".join(f"{k}={row.get(k)!r}" for k in KEY_FIELDS[kind])
    return f"[{row['start']}:{row['end']}] {row['text']!r} {fields}"


def score_one(kind: str, predicted: list[dict], gold: list[dict], source: str) -> Score:
    sc = Score()
    keys = KEY_FIELDS[kind]
    unscored = {(g["start"], g["end"]) for g in gold if g.get("scored") is False}
    gold = [g for g in gold if g.get("scored") is not False]
    unmatched = list(gold)
    for p in predicted:
        match = next((g for g in unmatched if (g["start"], g["end"]) == (p["start"], p["end"])
                      and all(_same(p.get(k), g.get(k)) for k in keys)), None)
        if match is not None:
            unmatched.remove(match)
            sc.tp += 1
        elif (p["start"], p["end"]) in unscored or (kind == "metrics" and borderline(p["norm"], p["unit"])):
            continue  # borderline on either side: reported, not scored (§2: 连续13年)
        else:
            sc.fp += 1
            near = next((g for g in gold if (g["start"], g["end"]) == (p["start"], p["end"])), None)
            note = f"  (gold: {', '.join(f'{k}={near.get(k)!r}' for k in keys)})" if near else ""
            sc.false_hits.append(f"{source}: {_describe(p, kind)}{note}")
    sc.fn = len(unmatched)
    sc.misses = [f"{source}: {_describe(g, kind)}" for g in unmatched]
    return sc


def resolve_source(gold_file: Path, source: str) -> Path:
    """The report a gold file describes: by name beside the gold folder, its `source`
    relative to the gold folder's parent, or relative to the working folder — in that order,
    so a file of the same name where the command runs never stands in for the gold's own."""
    candidates = [gold_file.parent.parent / Path(source).name, gold_file.parent.parent.parent / source,
                  Path(source)]
    for c in candidates:
        if c.exists():
            return c
    raise InputError(str(gold_file), f"its source {source!r} is not found")


def evaluate(gold_dir: str | Path, *, segmenter: str = "jieba", types: tuple[str, ...] | None = None) -> Report:
    from pipeline.extractors import extract

    gold_dir = Path(gold_dir)
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise InputError(str(gold_dir), "no gold files (*.json) here")
    by_type: dict[str, Score] = {}
    by_doc: dict[str, dict[str, Score]] = {}
    documents: dict[str, dict] = {}
    for gf in files:
        try:
            gold = json.loads(gf.read_text(encoding="utf-8"))
            src = resolve_source(gf, gold["document"]["source"])
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
            raise InputError(str(gf), f"not a gold file ({type(err).__name__}: {err})") from err
        result = extract(src, segmenter=segmenter)
        name = gold["document"]["source"]
        by_doc[name] = {}
        for kind in KEY_FIELDS:
            if kind not in gold or (types and kind not in types):
                continue  # this gold file does not annotate that type
            predicted = [as_row(f) for f in result.facts.get(kind, [])]
            sc = score_one(kind, predicted, gold[kind], name)
            by_doc[name][kind] = sc
            by_type.setdefault(kind, Score()).add(sc)
        got = as_row(result.document)
        documents[name] = {k: (got.get(k), gold["document"][k]) for k in ("title", "region", "ref_date")
                           if k in gold["document"]}  # (a field the gold leaves out is not judged)
    return Report(by_type, by_doc, documents)


def agreement(rep: Report, field: str) -> tuple[int, int]:
    """(documents whose `field` — region, ref_date — equals the gold's, documents)."""
    pairs = [doc[field] for doc in rep.documents.values() if field in doc]
    return sum(got == want for got, want in pairs), len(pairs)


def format_report(rep: Report, *, show_lists: bool = True) -> str:
    lines = [f"{'type':14} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for kind, sc in rep.by_type.items():
        lines.append(f"{kind:14} {sc.precision:6.3f} {sc.recall:6.3f} {sc.f1:6.3f} {sc.tp:4} {sc.fp:4} {sc.fn:4}")
    lines.append("")
    shares = []
    for field in ("region", "ref_date"):
        same, n = agreement(rep, field)
        if n:
            shares.append(f"{field} {same} of {n} ({same / n:.3f})")
    if shares:
        lines.append("documents agreeing with the gold: " + "; ".join(shares))
        lines.append("")
    lines.append("per document:")
    for name, kinds in rep.by_doc.items():
        parts = [f"{k} P={s.precision:.2f} R={s.recall:.2f} ({s.tp}/{s.fp}/{s.fn})" for k, s in kinds.items()]
        lines.append(f"  {name}: " + "; ".join(parts))
        doc = rep.documents[name]
        diffs = [f"{k}: got {g!r}, gold {w!r}" for k, (g, w) in doc.items() if g != w]
        if diffs:
            lines.append("    document fields differ — " + "; ".join(diffs))
    if show_lists:
        for kind, sc in rep.by_type.items():
            for title, items in (("misses", sc.misses), ("false hits", sc.false_hits)):
                if items:
                    lines.append("")
                    lines.append(f"{kind} {title} ({len(items)}):")
                    lines += [f"  {it}" for it in items]
    return "\n".join(lines)
