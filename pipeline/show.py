"""`zhfacts show`: a report rendered as HTML with every fact highlighted by type, for a
person checking what was found (displaCy's span renderer)."""
from __future__ import annotations

import html
from pathlib import Path

from pipeline.facts import FACT_TYPES

LABELS = {"metrics": "METRIC", "dates": "DATE", "placeholders": "GAP", "organizations": "ORG",
          "slogans": "SLOGAN", "references": "REF"}
COLORS = {"METRIC": "#7aecec", "DATE": "#bfeeb7", "GAP": "#ff8197", "ORG": "#aa9cfc",
          "SLOGAN": "#feca74", "REF": "#c887fb"}


def render(src, *, segmenter: str = "jieba", ref_date: str | None = None) -> str:
    """A self-contained HTML page: the clean text with every fact span labelled."""
    from spacy import displacy
    from spacy.tokens import Span

    from pipeline.extractors import process, to_normalized

    norm = to_normalized(src)
    doc = process(norm, ref_date=ref_date, segmenter=segmenter)
    spans = []
    for group, label in LABELS.items():
        for sp in doc.spans.get(group, []):
            spans.append(Span(doc, sp.start, sp.end, label=label))
    doc.spans["facts"] = sorted(spans, key=lambda s: (s.start, -s.end))
    body = displacy.render(doc, style="span", page=False, minify=True,
                           options={"spans_key": "facts", "colors": COLORS})
    counts = ", ".join(f"{len(doc.spans.get(g, []))} {LABELS[g]}" for g in FACT_TYPES)
    legend = " ".join(f'<span style="background:{c};padding:2px 6px;border-radius:3px">{lab}</span>'
                      for lab, c in COLORS.items())
    title = html.escape(norm.source)
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>zhfacts: {title}</title>
<style>body{{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;
max-width:60em;margin:2em auto;line-height:2.2}} header{{line-height:1.6;margin-bottom:1em}}</style></head>
<body><header><h1>{title}</h1>
<p>{html.escape(norm.encoding)}, {html.escape(norm.script)}; {counts}. Shown: the clean text
(offsets in the JSON output refer to the original file).</p><p>{legend}</p></header>
{body}
</body></html>
"""


def write(src, out: Path, **kw) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(src, **kw), encoding="utf-8")
    return out
