"""The `zhfacts` command line (also `python -m pipeline`). One subcommand per job."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.errors import ZhfactsError, printable


def _error(msg: str) -> None:
    """One error line; control characters (a newline or an ANSI escape in a file name) escaped."""
    click.echo(f"zhfacts: error: {printable(msg)}", err=True)


def _warn(source: str, msg: str) -> None:
    click.echo(f"zhfacts: warning: {printable(f'{source}: {msg}')}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zhfacts")
def main() -> None:
    """zhfacts: structured, searchable facts from Chinese work-summary reports."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--report", is_flag=True, help="Print encoding, script and repairs as JSON instead of the text.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write FILE's clean text to DIR/<name>.txt and its report to DIR/<name>.report.json.")
@click.option("--max-size", default=64, show_default=True, help="Refuse files larger than this many MiB.")
@click.option("--strict", is_flag=True, help="Refuse files with undecodable bytes instead of counting them.")
def normalize(files: tuple[Path, ...], report: bool, out_dir: Path | None, max_size: int, strict: bool) -> None:
    """Clean Simplified text of each FILE: encoding, mojibake, pinyin, Traditional, widths.

    A file that is not a report (empty, binary, undecodable, too large) gets one error
    line naming it and the reason; the other files are still processed. Exit status 1
    when any file failed.
    """
    from pipeline.normalize import read

    failed = 0
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    for path in files:
        try:
            doc = read(path, max_bytes=max_size * 2**20, strict=strict)
        except ZhfactsError as err:
            _error(str(err))
            failed += 1
            continue
        for w in doc.warnings:
            _warn(str(path), w)
        if out_dir:
            (out_dir / f"{path.stem}.txt").write_text(doc.text, encoding="utf-8")
            (out_dir / f"{path.stem}.report.json").write_text(
                json.dumps(doc.report(), ensure_ascii=False, indent=2), encoding="utf-8")
            kinds = ", ".join(f"{r['kind']}×{r['count']}" for r in doc.repairs) or "no repairs"
            click.echo(printable(f"{path}: {doc.encoding}, {doc.script}, {kinds} -> {out_dir / (path.stem + '.txt')}"),
                       err=True)
        elif report:
            click.echo(json.dumps(doc.report(), ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(doc.text)
            if not doc.text.endswith("\n"):
                sys.stdout.write("\n")
    if failed:
        sys.exit(1)


def _files(paths: tuple[Path, ...]) -> list[Path]:
    """Files named, supported files inside folders named (recursively), and globs."""
    from pipeline.sources import expand

    return expand([str(p) for p in paths])


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "parquet", "xlsx"]), default="json",
              show_default=True, help="json: one object per document (spec §8); jsonl: one line per document; "
                                      "csv/parquet/xlsx: one table per fact type (needs --out).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write into DIR instead of standard output.")
@click.option("--ref-date", help="Date that 今年/上半年/6月24日 resolve against (YYYY, YYYY-MM or YYYY-MM-DD); "
                                 "default: the latest complete date each report states.")
@click.option("--segmenter", type=click.Choice(["jieba", "pkuseg"]), default="jieba", show_default=True)
def extract(files: tuple[Path, ...], fmt: str, out_dir: Path | None, ref_date: str | None, segmenter: str) -> None:
    """Extract metrics, dates, placeholder gaps, organizations, slogans and references
    from each FILE: .txt (any encoding), .html, .docx, .pdf, folders (recursively), globs.

    A bad file gets one error line and is recorded (an `errors` table in table formats);
    the others are still processed. Exit status 1 when any file failed.
    """
    import re

    from pipeline import output
    from pipeline.extractors import extract as run_extract

    if ref_date and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", ref_date):
        raise click.BadParameter("use YYYY, YYYY-MM or YYYY-MM-DD", param_hint="--ref-date")
    if fmt in output.TABLE_FORMATS and out_dir is None:
        raise click.UsageError(f"--format {fmt} writes one file per table: give --out DIR")
    from pipeline.sources import scan

    paths, refused = scan([str(p) for p in files])
    results, errors = [], []
    for source, reason in refused:  # links out of a folder, dangling links, loops
        _error(f"{source}: {reason}")
        errors.append({"source": source, "reason": reason})
    show = len(paths) > 1 and sys.stderr.isatty()
    with click.progressbar(paths, label="extracting", file=sys.stderr, show_pos=True) if show \
            else _nullbar(paths) as bar:
        for path in bar:
            try:
                results.append(run_extract(path, ref_date=ref_date, segmenter=segmenter))
            except ZhfactsError as err:
                _error(str(err))
                errors.append({"source": str(path), "reason": getattr(err, "reason", str(err))})
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        written = output.write_json(results, out_dir, sys.stdout)
    elif fmt == "jsonl":
        written = output.write_jsonl(results, out_dir, sys.stdout)
    else:
        written = output.write_tables(results, errors, out_dir, fmt)
    if out_dir:
        counts = {k: sum(len(v) for r in results for kk, v in r.facts.items() if kk == k) for k in
                  ("metrics", "dates", "placeholders", "organizations", "slogans", "references")}
        click.echo(f"{len(results)} document(s), {len(errors)} failed; "
                   + ", ".join(f"{n} {k}" for k, n in counts.items())
                   + f" -> {', '.join(str(p) for p in written)}", err=True)
    if errors:
        sys.exit(1)


class _nullbar:
    def __init__(self, items):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc):
        return False


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Write the highlighted report to this HTML file.")
@click.option("--segmenter", type=click.Choice(["jieba", "pkuseg"]), default="jieba", show_default=True)
@click.option("--ref-date", help="Date that relative dates resolve against (YYYY[-MM[-DD]]).")
def show(file: Path, html_out: Path, segmenter: str, ref_date: str | None) -> None:
    """Render FILE as HTML with every fact highlighted by type, for checking by eye."""
    from pipeline.show import write

    try:
        write(file, html_out, segmenter=segmenter, ref_date=ref_date)
    except ZhfactsError as err:
        _error(str(err))
        sys.exit(1)
    click.echo(f"{file} -> {html_out}", err=True)


DEFAULT_DB = "facts.sqlite"


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="The SQLite fact database (created if missing).")
@click.option("-j", "--jobs", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=120, show_default=True,
              help="Seconds one file may take; past that it is recorded as failed and the batch goes on.")
def ingest(paths: tuple[str, ...], db: str, jobs: int | None, quiet: bool, timeout: float) -> None:
    """Ingest reports (files, folders, globs; .txt .html .docx .pdf) into the fact database.

    Unchanged files are skipped, changed files replace their old facts, every document
    is committed on its own (a killed run loses nothing; run it again to finish), and a
    bad file is one error line and a row in the `errors` table, as is a file still being
    read after --timeout seconds or whose worker was killed. Exit status 1 when any file failed.
    """
    from pipeline.ingest import ingest as run

    summary = run(paths, db, jobs=jobs, progress=not quiet and sys.stderr.isatty(), timeout=timeout)
    click.echo(summary.line(), err=True)
    if summary.failed:
        sys.exit(1)


@main.command()
@click.argument("query")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--type", "kind", type=click.Choice(["sentence", "metric", "date", "organization", "slogan",
                                                   "reference", "placeholder"]), help="Only this kind of fact.")
@click.option("--region", help="Only reports about this region (桂林, 广西, ...).")
@click.option("--since", type=int, help="Only reports of this year or later (their reference date).")
@click.option("--until", type=int, help="Only reports of this year or earlier.")
@click.option("--unit", help="Only metrics in this unit (个, 元, %, ...); implies --type metric.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def search(query: str, db: str, kind, region, since, until, unit, limit: int, fmt: str) -> None:
    """Find facts and sentences containing QUERY (any Chinese text, one character or more,
    at most 200 characters), best match first (bm25), with the document title, region and sentence."""
    import csv
    import json as jsonlib

    from pipeline.output import neutralized
    from pipeline.store import open_store
    from pipeline.store.zh_fts import check_query

    if unit and kind not in (None, "metric"):
        raise click.UsageError(f"--unit filters metrics: it cannot be combined with --type {kind}")
    try:
        check_query(query)
    except ZhfactsError as err:
        raise click.BadParameter(str(err), param_hint="QUERY") from None
    store = open_store(db)
    hits = store.search(query, kind=kind, region=region, since=since, until=until, unit=unit, limit=limit)
    rows = [{"type": h.kind, "text": h.text, **{k: v for k, v in h.fields.items() if v is not None},
             "title": h.title, "region": h.region, "doc_id": h.doc_id, "sentence": h.sentence,
             "context": h.context, "score": round(h.score, 3)} for h in hits]
    if fmt == "json":
        click.echo(jsonlib.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        keys = sorted({k for r in rows for k in r}, key=lambda k: list(rows[0]).index(k) if k in rows[0] else 99)
        w = csv.DictWriter(sys.stdout, fieldnames=keys)
        w.writeheader()
        w.writerows({k: neutralized(v) for k, v in r.items()} for r in rows)
    else:
        for r in rows:
            extra = " ".join(f"{k}={r[k]}" for k in ("value", "unit", "name", "kind") if k in r)
            click.echo(f"{r['type']:12} {r['text'][:40]:40} {extra:30} {r['region'] or '':6} {r['title'][:24]}")
            click.echo(f"{'':12} 「{r['context'][:80]}」")
        click.echo(f"{len(rows)} hit(s)", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "xlsx"]), required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
def export(db: str, fmt: str, out_dir: Path) -> None:
    """Write every table of the fact database as CSV, Parquet or one Excel workbook
    (spreadsheet cells that would start a formula are neutralized)."""
    from pipeline.output import write_frames
    from pipeline.store import open_store

    out_dir.mkdir(parents=True, exist_ok=True)
    frames = open_store(db).frames()
    tables = list(frames)
    write_frames(frames, out_dir, fmt)
    click.echo(f"{len(tables)} tables -> {out_dir}", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True, dir_okay=False,
                                                                            path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (local only by default).")
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--public", is_flag=True, help="Allow a --host other than loopback: the database is then open "
                                             "to anyone who can reach the port (there is no login).")
def serve(db: Path, host: str, port: int, public: bool) -> None:
    """Browse and search the fact database with Datasette (Chinese search in its search
    box, facets on region, unit and kind, canned queries for the common questions).

    Datasette has no authentication here: serving on any address but loopback needs
    --public, and warns."""
    from pipeline.serve import is_loopback, serve as run

    if not is_loopback(host):
        if not public:
            raise click.UsageError(f"--host {host} is not a loopback address: anyone who can reach it could read "
                                   f"the database (no login); add --public to serve it anyway")
        click.echo(f"zhfacts: warning: serving {db} on {host}:{port} without authentication: "
                   f"anyone who can reach this address can read it", err=True)
    sys.exit(run(db, host, port))


@main.command(name="check")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.option("--fail-level", type=click.Choice(["note", "warning", "error"]), default=None,
              help="Exit 1 when a finding is at least this severe (default: error, or the config's).")
@click.option("--disable", multiple=True, help="A rule ID to turn off (repeatable; adds to the config's).")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the drafts as one HTML page with each finding highlighted and listed.")
def check_cmd(files: tuple[str, ...], fmt: str, fail_level: str, disable: tuple[str, ...], list_rules: bool,
              html_out: Path | None) -> None:
    """Find every gap and impossible figure in draft FILEs (.txt any encoding, .docx, .html;
    `-` reads standard input). One line per finding:

        path:line:col: RULE-ID severity: message「context」

    Lines and columns are 1-based and count characters of the original text (not bytes).
    Exit status: 0 clean, 1 findings at --fail-level or worse, 2 a file could not be read.
    Silence one finding with `<!-- zhfacts: ignore RULE-ID -->` on its line, or end the
    line with `（zhfacts:ignore）`. Settings (disable, fail-level, extra-markers) come from
    `.zhfacts.toml` or `[tool.zhfacts.check]` in pyproject.toml, nearest folder up.
    """
    from pipeline import check as checker
    from pipeline.extractors import extract as run_extract
    from pipeline.normalize import MAX_BYTES, read
    from pipeline.sources import load

    if list_rules:
        for r in checker.RULES.values():
            click.echo(f"{r.id:22} {r.severity:8} {r.summary}")
        return
    try:
        config = checker.load_config()
    except ZhfactsError as err:
        _error(str(err))
        sys.exit(2)
    disabled = config.disable | frozenset(disable)
    fail_level = fail_level or config.fail_level
    findings, unreadable, pages = [], False, []
    for name in files:
        try:
            # standard input read up to one byte past the limit: /dev/zero there cannot exhaust memory
            norm = read(sys.stdin.buffer.read(MAX_BYTES + 1), source="<stdin>") if name == "-" else load(name)
            result = run_extract(norm)
        except ZhfactsError as err:
            _error(str(err))
            unreadable = True
            continue
        found = checker.check(result, norm.original, "<stdin>" if name == "-" else name, disabled,
                              config.extra_markers)
        findings += found
        pages.append(("<stdin>" if name == "-" else name, norm.original, found))
    if html_out:
        from pipeline.check_html import write as write_html

        write_html(html_out, pages)
    if fmt == "json":
        click.echo(checker.as_json(findings))
    elif fmt == "sarif":
        click.echo(checker.as_sarif(findings))
    else:
        for f in findings:
            click.echo(printable(f.text()))
        click.echo(checker.summary(findings, len(files)), err=True)
    if unreadable:
        sys.exit(2)
    worst = checker.SEVERITIES.index(fail_level)
    if any(checker.SEVERITIES.index(f.severity) >= worst for f in findings):
        sys.exit(1)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML page to write (self-contained: works offline).")
def report(db: str, out: Path) -> None:
    """One HTML page with charts and tables of the whole fact database."""
    from pipeline.report import write

    try:
        write(db, out)
    except ZhfactsError as err:
        _error(str(err))
        sys.exit(1)
    click.echo(f"{db} -> {out}", err=True)


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--segmenter", type=click.Choice(["jieba", "pkuseg"]), default="jieba", show_default=True)
@click.option("--quiet", is_flag=True, help="Scores only, without the lists of misses and false hits.")
def evaluate(gold_dir: Path, segmenter: str, quiet: bool) -> None:
    """Precision, recall and F1 per fact type against the gold files in GOLD_DIR,
    with every miss and false hit listed."""
    from pipeline.evaluate import evaluate as run, format_report

    click.echo(format_report(run(gold_dir, segmenter=segmenter), show_lists=not quiet))


if __name__ == "__main__":
    main()
