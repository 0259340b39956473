"""`zhfacts check` as one HTML page: each draft's text with line numbers, every finding
highlighted at its exact characters, and beside it the list of findings as links.

Why: the text output (`path:line:col: RULE …`) suits scripts and editors; a person fixing
a draft wants to see the gaps *in* the text. The page is self-contained (inline CSS, no
script, font, or link to any server), so it can be mailed or opened offline.

Positions come from the findings' own (line, col) → (end_line, end_col), 1-based and counted
in characters of the original text, end exclusive — the same as the other formats. Each span
becomes `<mark class="finding SEVERITY" id="f-N" title="RULE: message">` around exactly
those characters. Line numbers and finding numbers are drawn with CSS `attr()`, so they are
not part of the page's text: copying a passage copies only the draft's words.
"""
from __future__ import annotations

import html
from bisect import bisect_right
from pathlib import Path

from pipeline.check import SEVERITIES, FileResult, Finding
from pipeline.check.formats import summary
from pipeline.check.messages import plural, t

Document = tuple[str, str, list[Finding]]  # (path, original text, findings)

CSS = """
:root { --err: #ffb3bd; --warn: #ffe08a; --note: #bfe1ff; --line: #e6e6e6; --dim: #888; }
body { font: 16px/1.9 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       sans-serif; margin: 0; color: #222; background: #fafafa; }
header { padding: 12px 24px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 20px; margin: 0 0 4px; }
.summary { margin: 0; font-weight: bold; }
section.doc { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 16px;
              padding: 16px 24px; border-bottom: 1px solid var(--line); }
section.doc h2 { grid-column: 1 / -1; font-size: 17px; margin: 0; word-break: break-all; }
.text { white-space: pre-wrap; word-break: break-all; background: #fff; border: 1px solid var(--line);
        padding: 8px 12px 8px 4.2em; margin: 0; }
.ln { display: inline-block; width: 3.2em; margin-left: -4em; margin-right: .8em; text-align: right;
      color: var(--dim); font: 12px monospace; user-select: none; }
.ln::before { content: attr(data-n); }
mark.finding { border-radius: 3px; padding: 0 1px; color: inherit; }
mark.error { background: var(--err); box-shadow: inset 0 -2px #d62b45; }
mark.warning { background: var(--warn); box-shadow: inset 0 -2px #c99400; }
mark.note { background: var(--note); box-shadow: inset 0 -2px #2b7bd6; }
mark:target { outline: 3px solid #d62b45; }
a.ref { font-size: 10px; vertical-align: super; color: #b00020; text-decoration: none;
         white-space: nowrap; word-break: keep-all; }
a.ref::after { content: attr(data-n); }
aside { font-size: 13px; line-height: 1.5; }
aside .count { font-weight: bold; margin: 0 0 6px; }
aside ol { margin: 0; padding-left: 2.4em; position: sticky; top: 8px; max-height: 95vh; overflow: auto; }
aside li { margin-bottom: 6px; }
aside li:target { background: #fff3c4; }
aside a { color: inherit; text-decoration: none; display: block; }
aside a:hover { background: #eee; }
.loc { font-family: monospace; color: var(--dim); word-break: break-all; }
.rule { font-family: monospace; font-weight: bold; white-space: nowrap; }
.sev-error { color: #b00020; } .sev-warning { color: #8a6100; } .sev-note { color: #1b5fae; }
.clean { color: #1e7b34; font-weight: bold; }
"""


def write(out_path, documents: list[Document], lang: str = "en") -> Path:
    """Write the page for `documents` to `out_path` (UTF-8); returns the path."""
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(documents, lang), encoding="utf-8")
    return out


def render(documents: list[Document], lang: str = "en") -> str:
    """The whole page as a string. Finding ids (`f-1`, `f-2`, …) run across all documents."""
    line = summary([FileResult(path, text, findings) for path, text, findings in documents], lang)
    sections, first_id = [], 1
    for i, (path, text, findings) in enumerate(documents, 1):
        sections.append(_section(i, path, text, findings, first_id, lang))
        first_id += len(findings)
    return (
        '<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>zhfacts check — {html.escape(line)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>zhfacts check</h1><p class="summary">{html.escape(line)}'
        "</p></header>\n" + "\n".join(sections) + "\n</body>\n</html>\n")


def _section(doc_no: int, path: str, text: str, findings: list[Finding], first_id: int, lang: str) -> str:
    starts = line_starts(text)
    spans = [(*span(text, starts, f), n, f) for n, f in enumerate(findings, first_id)]
    return (f'<section class="doc" id="d{doc_no}">\n<h2>{html.escape(path)}</h2>\n'
            f'<pre class="text">{_highlight(text, starts, spans, doc_no)}</pre>\n'
            f"{_finding_list(spans, lang)}\n</section>")


def line_starts(text: str) -> list[int]:
    """Offset of the first character of each line (lines split at "\\n", as `check` counts)."""
    starts = [0]
    i = text.find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def offset(text: str, starts: list[int], line: int, col: int) -> int:
    """Character offset of a 1-based (line, col), clamped to the text."""
    line = min(max(line, 1), len(starts))
    return min(max(starts[line - 1] + col - 1, 0), len(text))


def span(text: str, starts: list[int], f: Finding) -> tuple[int, int]:
    """The finding's [start, end) character offsets in `text`."""
    start = offset(text, starts, f.line, f.col)
    return start, max(start, offset(text, starts, f.end_line, f.end_col))


def _highlight(text: str, starts: list[int], spans: list, doc_no: int) -> str:
    """The escaped text with line-number anchors and one `<mark>` per finding. Marks nest
    when one span holds another; a span that starts inside an earlier one but runs past
    its end is cut at that end (marks cannot cross; `check` gives no such pairs today)."""
    parts, pos, stack = [], 0, []  # stack: (end, finding number) of open marks

    def emit(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            parts.append(_escape_lines(text, starts, pos, upto, doc_no))
            pos = upto

    def close_until(limit: int) -> None:
        while stack and stack[-1][0] <= limit:
            end, n = stack.pop()
            emit(end)
            parts.append(f'</mark><a class="ref" href="#l-{n}" data-n="{n}"></a>')

    parts.append(f'<span class="ln" id="d{doc_no}-L1" data-n="1"></span>')
    for start, end, n, f in sorted(spans, key=lambda s: (s[0], -s[1], s[2])):
        close_until(start)
        start = max(start, pos)
        if stack:
            end = min(end, stack[-1][0])
        end = max(end, start)
        emit(start)
        title = html.escape(f"{f.rule}: {f.message}", quote=True)
        parts.append(f'<mark class="finding {html.escape(f.severity)}" id="f-{n}" title="{title}">')
        stack.append((end, n))
    close_until(len(text))
    emit(len(text))
    return "".join(parts)


def _escape_lines(text: str, starts: list[int], start: int, end: int, doc_no: int) -> str:
    """Escape text[start:end], with a line-number anchor after each newline."""
    out = []
    line_no = bisect_right(starts, start)
    for k, piece in enumerate(text[start:end].split("\n")):
        if k:
            line_no += 1
            out.append(f'\n<span class="ln" id="d{doc_no}-L{line_no}" data-n="{line_no}"></span>')
        out.append(html.escape(piece, quote=False))
    return "".join(out)


def _finding_list(spans: list, lang: str) -> str:
    if not spans:
        return f'<aside><p class="count clean">{html.escape(t("clean_draft", lang))}</p></aside>'
    counts = ("，" if lang == "zh" else ", ").join(
        plural(k, s, lang) for s in reversed(SEVERITIES) if (k := sum(1 for *_, f in spans if f.severity == s)))
    items = "\n".join(_finding_item(n, f) for _, _, n, f in spans)
    return (f'<aside><p class="count">{html.escape(t("findings_in_draft", lang, n=len(spans), counts=counts))}</p>\n'
            f"<ol>\n{items}\n</ol></aside>")


def _finding_item(n: int, f: Finding) -> str:
    loc = html.escape(f"{f.path}:{f.line}:{f.col}")
    sev = html.escape(f.severity)
    return (f'<li id="l-{n}"><a href="#f-{n}"><span class="loc">{loc}</span> '
            f'<span class="rule">{html.escape(f.rule)}</span> <span class="sev-{sev}">{sev}</span> '
            f"{html.escape(f.message)}</a></li>")
