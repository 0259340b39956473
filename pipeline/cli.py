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
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "parquet", "xlsx"]), default=None,
              help="json: one object per document (spec §8; several on standard output: one JSON array); "
                   "jsonl: one line per document; csv/parquet/xlsx: one table per fact type (needs --out). "
                   "Default: json for one file, jsonl for several.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write into DIR instead of standard output.")
@click.option("--ref-date", help="Date that 今年/上半年/6月24日 resolve against (YYYY, YYYY-MM or YYYY-MM-DD); "
                                 "default: the latest complete date each report states.")
@click.option("--segmenter", type=click.Choice(["jieba", "pkuseg"]), default="jieba", show_default=True,
              callback=lambda ctx, param, value: _segmenter_available(value))
def extract(files: tuple[Path, ...], fmt: str, out_dir: Path | None, ref_date: str | None, segmenter: str) -> None:
    """Extract metrics, dates, placeholder gaps, organizations, slogans and references
    from each FILE: .txt (any encoding), .html, .docx, .pdf, folders (recursively), globs.

    A bad file gets one error line and is recorded (an `errors` table in table formats);
    the others are still processed. Exit status 1 when any file failed.
    """
    from pipeline import output
    from pipeline.extractors import extract as run_extract

    if ref_date and not _valid_date(ref_date):
        raise click.BadParameter(f"{ref_date}: not a date; use YYYY, YYYY-MM or YYYY-MM-DD", param_hint="--ref-date")
    if fmt in output.TABLE_FORMATS and out_dir is None:
        raise click.UsageError(f"--format {fmt} writes one file per table: give --out DIR")
    from pipeline.sources import scan

    paths, refused = scan([str(p) for p in files])
    if fmt is None:
        fmt = "json" if len(paths) + len(refused) == 1 or out_dir else "jsonl"  # (--out: one .json per document)
    results, errors = [], []
    for arg in files:
        if not any(scan([str(arg)])):
            _warn(str(arg), "matches no report file")
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
    if errors or not (paths or refused):
        sys.exit(1)


def _valid_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real day (2024-13-45 and 2023-02-29 are not)."""
    import datetime
    import re

    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return False
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        datetime.date(*parts[:3])
    except ValueError:
        return False
    return True


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
@click.option("--segmenter", type=click.Choice(["jieba", "pkuseg"]), default="jieba", show_default=True,
              callback=lambda ctx, param, value: _segmenter_available(value))
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


def _segmenter_available(name: str) -> str:
    """pkuseg is an optional extra: say how to install it, once, before any file is read."""
    import importlib.util

    from pipeline.segment import PKUSEG_MISSING

    if name == "pkuseg" and importlib.util.find_spec("pkuseg") is None:
        raise click.BadParameter(PKUSEG_MISSING, param_hint="--segmenter")
    return name


DEFAULT_DB = "facts.sqlite"


class Database(click.ParamType):
    """--db: a SQLite file, or a PostgreSQL URL (postgresql://user@host:port/db).
    `exists`: the SQLite file must be there already (commands that only read)."""

    name = "PATH|URL"

    def __init__(self, exists: bool = False):
        self.exists = exists

    def convert(self, value, param, ctx):
        value = str(value)
        if value.startswith(("postgres://", "postgresql://")):
            return value
        path = value[len("sqlite:///"):] if value.startswith("sqlite:///") else value
        if self.exists and not Path(path).is_file():
            self.fail(f"{path}: no such database file (or give a postgresql:// URL)", param, ctx)
        return value


DB_HELP = "The fact database: a SQLite file, or postgresql://user@host:port/db."


def _open(db: str):
    from pipeline.store import open_store

    try:
        return open_store(db)
    except ZhfactsError as err:
        _error(str(err))
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, type=Database(),
              help=DB_HELP + " Created if missing.")
@click.option("-j", "--jobs", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--scheduler", help="Parse on a Dask cluster: local:N starts N worker processes here, "
                                  "tcp://host:8786 uses a running scheduler. Needs a postgresql:// --db "
                                  "(the workers write to it themselves).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--prune", is_flag=True, help="Remove the documents of files under PATHS that no longer exist.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=120, show_default=True,
              help="Seconds one file may take; past that it is recorded as failed and the batch goes on.")
def ingest(paths: tuple[str, ...], db: str, jobs: int | None, scheduler: str | None, quiet: bool,
           prune: bool, timeout: float) -> None:
    """Ingest reports (files, folders, globs; .txt .html .docx .pdf) into the fact database.

    Unchanged files are skipped, changed files replace their old facts, every document
    is committed on its own (a killed run loses nothing; run it again to finish), and a
    bad file is one error line and a row in the `errors` table, as is a file still being
    read after --timeout seconds or whose worker was killed. Exit status 1 when any file failed.

    \b
    One machine:   zhfacts ingest reports/ --db facts.sqlite -j 4
    A cluster:     zhfacts ingest reports/ --db postgresql://zhfacts@db:5432/facts --scheduler tcp://sched:8786
    """
    from pipeline.ingest import ingest as run

    try:
        summary = run(paths, db, jobs=jobs, progress=not quiet and sys.stderr.isatty(), scheduler=scheduler,
                      prune=prune, timeout=timeout)
    except ZhfactsError as err:
        _error(str(err))
        sys.exit(2)
    click.echo(summary.line(), err=True)
    if summary.failed or not summary.matched:
        sys.exit(1)


@main.command()
@click.argument("query")
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
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
    from pipeline.store.zh_fts import check_query

    if unit and kind not in (None, "metric"):
        raise click.UsageError(f"--unit filters metrics: it cannot be combined with --type {kind}")
    try:
        check_query(query)
    except ZhfactsError as err:
        raise click.BadParameter(str(err), param_hint="QUERY") from None
    store = _open_existing(db)
    hits = store.search(query, kind=kind, region=region, since=since, until=until, unit=unit, limit=limit)
    undated = store.undated(region) if since is not None or until is not None else 0
    rows = [{"type": h.kind, "text": h.norm or h.text, **{k: v for k, v in h.fields.items() if v is not None},
             "title": h.title, "region": h.region, "year": h.year, "path": h.path, "doc_id": h.doc_id,
             "sentence": h.sentence, "context": h.context, "score": round(h.score, 3)} for h in hits]
    if fmt == "json":
        click.echo(jsonlib.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        keys = list(dict.fromkeys(k for r in rows for k in r))
        w = csv.DictWriter(sys.stdout, fieldnames=keys)
        w.writeheader()
        w.writerows({k: neutralized(v) for k, v in r.items()} for r in rows)
    else:
        _print_hits(hits, query)
    click.echo(f"{len(rows)} hit(s)", err=True)
    if undated:
        click.echo(f"zhfacts: note: {undated} document(s) without a year are left out by --since/--until", err=True)


def _print_hits(hits, query: str) -> None:
    """Identical hits once with their count; columns by display width; the match marked
    in a window of its sentence (bold on a terminal, 【】 when piped)."""
    import pandas as pd

    from pipeline import present
    from pipeline.store.queries import group_hits

    marks = present.BOLD if sys.stdout.isatty() else ("【", "】")
    rows = []
    for h, n, paths in group_hits(hits):
        clean = h.norm or h.text
        f = h.fields
        extra = " ".join(str(f[k]) for k in ("unit", "subject", "name", "kind", "granularity") if f.get(k))
        needle = query.strip() if query.strip() in h.context else clean
        rows.append({"type": h.kind, "hit": clean if h.kind != "sentence" else "", "fields": extra,
                     "×": n, "region": h.region or "", "year": h.year,
                     "file": present.shown_path(paths[0]) + (f" (+{len(paths) - 1})" if len(paths) > 1 else ""),
                     "sentence": h.sentence,
                     "context": present.window(h.context, needle, 50, marks)})
    if not rows:
        click.echo("(no hits)")
        return
    df = pd.DataFrame(rows)
    df["year"] = df["year"].astype("Int64")
    cols = [c for c in df.columns if c != "hit" or df["hit"].ne("").any()]
    click.echo(present.table(df, cols, max_width=30, whole=("file", "context")))


@main.command(name="facts")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="The fact database.")
@click.option("--type", "kind", type=click.Choice(["metric", "date", "organization", "slogan", "reference",
                                                   "placeholder"]), default="metric", show_default=True)
@click.option("--subject", help="Words the metric's subject contains, after dropping scope words at its front "
                                "(机关党建品牌 and 党建品牌 both match 党建品牌; README: Fact queries).")
@click.option("--unit", help="Only this unit (个, 名, 元, %, ...).")
@click.option("--region", help="A region and everything beneath it: 广西 includes 桂林; 桂林市 = 桂林.")
@click.option("--since", type=int, help="Only documents of this year or later.")
@click.option("--until", type=int, help="Only documents of this year or earlier.")
@click.option("--doc", "document", help="Only this document: its doc_id (or first characters), path or file name.")
@click.option("--by", help="Aggregate per these columns (comma-separated: region, year, path, title, doc_id, "
                           "subject_key, unit): count, sum, documents, latest.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default="table",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (xlsx needs it).")
def facts_cmd(db: str, kind: str, subject, unit, region, since, until, document, by, fmt: str, out) -> None:
    """Facts of one type filtered by subject, unit, region, years and document, one row
    per fact (with its file and sentence), or aggregated with --by.

    \b
    Example: 党建品牌 per city per year
      zhfacts facts --subject 党建品牌 --unit 个 --region 广西 --by region,year
    """
    from pipeline import present
    from pipeline.store.queries import BY, aggregate

    keys = [k.strip() for k in by.split(",") if k.strip()] if by else []
    if bad := [k for k in keys if k not in BY]:
        raise click.BadParameter(f"{', '.join(bad)}: choose among {', '.join(BY)}", param_hint="--by")
    if fmt == "xlsx" and out is None:
        raise click.UsageError("--format xlsx writes a file: give --out FILE.xlsx")
    store = _open_existing(db)
    try:
        df = store.facts(kind, subject=subject, unit=unit, region=region, since=since, until=until,
                         document=document)
    finally:
        store.close()
    undated = df.attrs.get("undated", 0)
    if keys:
        df = aggregate(df, keys)
    if fmt == "table":
        if keys:
            cols = [*[c for c in df.columns if c not in ("latest_path", "latest_sentence")], "latest_path"]
        else:
            own = [c for c in ("value", "unit", "subject", "subject_key", "name", "kind", "granularity")
                   if c in df.columns]
            cols = ["region", "year", "norm", *own, "path", "sentence", "context"]
        marks = present.BOLD if sys.stdout.isatty() and not out else ("【", "】")
        view = df.copy()
        if "context" in view.columns:  # the sentence around the fact, the fact marked
            view["context"] = [present.window(c, n, 40, marks) for c, n in zip(view["context"], view["norm"])]
        for c in ("path", "latest_path"):
            if c in view.columns:
                view[c] = view[c].map(present.shown_path, na_action="ignore")
        text = present.table(view, cols, whole=("path", "latest_path", "context")) if len(df) else "(no facts match)"
        if out:
            out.write_text(text + "\n", encoding="utf-8")
        else:
            click.echo(text)
    else:
        present.write(df, fmt, out, sys.stdout)
    noun = "group(s)" if keys else f"{kind}(s)"
    click.echo(f"{len(df)} {noun}" + (f" -> {out}" if out else ""), err=True)
    if undated:
        click.echo(f"zhfacts: note: {undated} document(s) without a year are left out by --since/--until", err=True)


def _open_existing(db: str):
    """The store at `db`, or one clear line and exit 2 (a missing file is not created)."""
    import sqlite3

    from pipeline.store import open_store

    if "://" not in db and not Path(db).is_file():
        _error(f"{db}: no such database (build one with `zhfacts ingest FILES --db {db}`)")
        sys.exit(2)
    try:
        return open_store(db)
    except ZhfactsError as err:
        _error(str(err))
        sys.exit(2)
    except (OSError, sqlite3.Error) as err:  # not a database file, a locked or unreadable one
        _error(f"{db}: not a zhfacts database ({type(err).__name__}: {err})")
        sys.exit(2)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, type=Database(exists=True), help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "xlsx", "sqlite"]), required=True,
              help="csv/parquet: one file per table in DIR; xlsx: DIR/facts.xlsx; sqlite: a SQLite snapshot "
                   "FILE with its search indexes (what `zhfacts serve` browses).")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="DIR, or FILE for sqlite.")
def export(db: str, fmt: str, out: Path) -> None:
    """Write every table of the fact database as CSV, Parquet, one Excel workbook, or a
    SQLite snapshot (of a PostgreSQL store, for `zhfacts serve`). Spreadsheet cells that
    would start a formula are neutralized."""
    from pipeline.output import write_frames

    store = _open(db)
    if fmt == "sqlite":
        if out.is_dir():
            raise click.UsageError(f"--format sqlite writes one file: {out} is a folder")
        out.parent.mkdir(parents=True, exist_ok=True)
        if hasattr(store, "export_sqlite"):
            store.export_sqlite(out)
        else:  # a SQLite store: a consistent copy, even while an ingest writes
            import sqlite3

            with sqlite3.connect(out) as dst:
                store.conn.backup(dst)
            dst.close()
        counts = store.counts()
        click.echo(f"{counts['documents']} documents, {counts['sentences']} sentences -> {out} "
                   f"(browse it: zhfacts serve --db {out})", err=True)
        return
    if out.exists() and not out.is_dir():
        raise click.UsageError(f"--format {fmt} writes into a folder: {out} is a file")
    out_dir = out
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = store.frames()
    tables = list(frames)
    write_frames(frames, out_dir, fmt)
    click.echo(f"{len(tables)} tables -> {out_dir}", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, type=Database(exists=True),
              help="The SQLite fact database (of a PostgreSQL store: a snapshot, see below).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (local only by default).")
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--public", is_flag=True, help="Allow a --host other than loopback: the database is then open "
                                             "to anyone who can reach the port (there is no login).")
def serve(db: str, host: str, port: int, public: bool) -> None:
    """Browse and search the fact database with Datasette (Chinese search in its search
    box, facets on region, unit and kind, canned queries for the common questions).

    Datasette has no authentication here: serving on any address but loopback needs
    --public, and warns. Datasette reads SQLite files: for a PostgreSQL store, write a
    snapshot first with `zhfacts export --db postgresql://... --format sqlite --out facts.sqlite`."""
    from pipeline.serve import is_loopback, serve as run
    from pipeline.store import is_postgres

    if is_postgres(db):
        _error(f"{db}: zhfacts serve browses a SQLite file (Datasette). Write a snapshot of the PostgreSQL "
               f"store and serve that:\n  zhfacts export --db {db} --format sqlite --out facts.sqlite\n"
               "  zhfacts serve --db facts.sqlite")
        sys.exit(2)
    if not is_loopback(host):
        if not public:
            raise click.UsageError(f"--host {host} is not a loopback address: anyone who can reach it could read "
                                   f"the database (no login); add --public to serve it anyway")
        click.echo(f"zhfacts: warning: serving {db} on {host}:{port} without authentication: "
                   f"anyone who can reach this address can read it", err=True)
    sys.exit(run(Path(db[len("sqlite:///"):] if db.startswith("sqlite:///") else db), host, port))


@main.command(name="check")
@click.argument("files", nargs=-1)
@click.option("--output-format", "--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json", "json-lines", "sarif", "github", "gitlab", "junit"]),
              help="text for people; json/json-lines for scripts; sarif (2.1.0), github (annotations), "
                   "gitlab (Code Quality) and junit (XML) for CI.")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the findings to this file instead of standard output.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this .zhfacts.toml or pyproject.toml for every file (default: the nearest one above each).")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules (IDs or prefixes such as ZH-GAP, comma-separated "
                                              "or repeated); replaces the config's.")
@click.option("--disable", multiple=True, metavar="RULES", help="Turn these rules off (IDs or prefixes); adds to the config's.")
@click.option("--fail-level", type=click.Choice(["note", "warning", "error"]), default=None,
              help="Exit 1 when a finding is at least this severe (default: error, or the config's).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Report only findings not in this baseline file.")
@click.option("--update-baseline", is_flag=True, help="Write the current findings to --baseline (they are accepted).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the messages (default: Chinese when the locale is Chinese, else English).")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the drafts as one HTML page with each finding highlighted and listed.")
def check_cmd(files: tuple[str, ...], fmt: str, output_file: Path | None, config_file: Path | None,
              select: tuple[str, ...], disable: tuple[str, ...], fail_level: str | None, baseline_file: Path | None,
              update_baseline: bool, lang: str | None, list_rules: bool, html_out: Path | None) -> None:
    """Find every gap and impossible figure in draft FILEs (.txt any encoding, .docx, .html,
    .pdf; folders; `-` reads standard input). One line per finding:

        path:line:col: RULE-ID severity: message「context」

    Lines and columns are 1-based and count characters of the original text (not bytes).
    Exit status: 0 clean, 1 findings at --fail-level or worse, 2 a file, a setting or the
    baseline could not be used. Settings come from the nearest `.zhfacts.toml` or
    `[tool.zhfacts.check]` above each file (select, disable, per-file-ignores, fail-level,
    extra-markers). Silence findings with a baseline (--baseline, --update-baseline) or
    inline: `<!-- zhfacts: ignore [RULE-ID] -->` on the line, a line ending in
    `（zhfacts:ignore）`, or a block between `<!-- zhfacts: disable -->` and
    `<!-- zhfacts: enable -->`. `zhfacts rule ID` explains a rule.
    """
    from pipeline import check as checker
    from pipeline.check import formats
    from pipeline.check.baseline import Baseline
    from pipeline.check.config import Finder
    from pipeline.check.messages import default_lang

    lang = lang or default_lang()
    if list_rules:
        for r in checker.RULES.values():
            click.echo(f"{r.id:22} {r.severity:8} {r.summary[lang]}")
        return
    if not files:
        _error("check: give one or more files, folders or - (standard input); --list-rules lists the rules")
        sys.exit(2)
    if update_baseline and baseline_file is None:
        _error("check: --update-baseline needs --baseline FILE")
        sys.exit(2)
    try:
        finder = Finder(config_file, select, disable, fail_level)
        baseline = None
        if baseline_file is not None:
            baseline = Baseline(baseline_file) if update_baseline and not baseline_file.exists() \
                else Baseline.load(baseline_file)
    except ZhfactsError as err:
        _error(str(err))
        sys.exit(2)
    names = [n for f in files for n in (["-"] if f == "-" else [str(p) for p in _files((Path(f),))] or [f])]
    # line formats go out file by file (a long run shows its findings as it goes); the
    # others are one document, written at the end, with a progress bar meanwhile
    stream = fmt in ("text", "json-lines", "github") and output_file is None and not update_baseline
    show = len(names) > 1 and sys.stderr.isatty() and not stream
    results = []
    with click.progressbar(length=len(names), label="checking", file=sys.stderr, show_pos=True) if show \
            else _nullbar(None) as bar:
        for r in checker.check_files(names, finder, lang=lang, baseline=None if update_baseline else baseline):
            if r.error:
                _error(r.error)
            for notice in r.notices:
                click.echo(f"zhfacts: warning: {notice}", err=True)
            if stream:
                sys.stdout.write(formats.render(fmt, [r], lang))
                sys.stdout.flush()  # before any line on stderr, for logs that join the two
            if show:
                bar.update(1)
            results.append(r)
    if update_baseline:
        n = baseline.write(formats.findings_of(results), [r.path for r in results if r.error is None])
        click.echo(f"{baseline_file}: {n} finding(s) accepted", err=True)
        sys.exit(2 if any(r.error for r in results) else 0)
    if html_out:
        from pipeline.check.html import write as write_html

        write_html(html_out, [(r.path, r.text, r.findings) for r in results if r.error is None], lang)
    if not stream:
        out = formats.render(fmt, results, lang)
        if output_file:
            output_file.parent.mkdir(parents=True, exist_ok=True)
            output_file.write_text(out, encoding="utf-8")
        else:
            sys.stdout.write(out)
            sys.stdout.flush()
    if fmt in ("text", "github") or output_file:
        click.echo(formats.summary(results, lang), err=True)
    if any(r.error for r in results):
        sys.exit(2)
    if any(checker.fails(r) for r in results):
        sys.exit(1)


@main.command(name="rule")
@click.argument("rule_id", required=False)
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language (default: Chinese when the locale is Chinese, else English).")
def rule_cmd(rule_id: str | None, lang: str | None) -> None:
    """Explain a rule of `zhfacts check`: what it finds and why, a sentence it flags (checked
    now, with its finding) and a near-miss it leaves alone. Without RULE_ID: list the rules."""
    import difflib

    from pipeline import check as checker
    from pipeline.check import formats
    from pipeline.check.messages import default_lang, t
    from pipeline.extractors import extract
    from pipeline.normalize import read

    lang = lang or default_lang()
    if rule_id is None:
        for r in checker.RULES.values():
            click.echo(f"{r.id:22} {r.severity:8} {r.summary[lang]}")
        return
    rule = checker.RULES.get(rule_id.upper())
    if rule is None:
        near = difflib.get_close_matches(rule_id.upper(), list(checker.RULES), n=1)
        _error(f"rule: unknown rule ID {rule_id!r}" + (f" (did you mean {near[0]}?)" if near else "")
               + "; `zhfacts rule` lists them")
        sys.exit(2)
    click.echo(f"{rule.id} ({t('sev.' + rule.severity, lang)})\n{rule.summary[lang]}\n\n{rule.explanation[lang]}\n")
    for title, sentence in ((t("rule.finds", lang), rule.example), (t("rule.silent", lang), rule.near_miss)):
        norm = read(sentence.encode("utf-8"), source="<example>")
        found = checker.check(extract(norm), norm.original, "<example>", rules=frozenset([rule.id]), lang=lang)
        click.echo(f"{title}{'：' if lang == 'zh' else ':'}\n    {sentence}")
        for f in found:
            click.echo(f"    → {formats.text_line(f, lang)}")
        if not found:
            click.echo(f"    → {t('rule.none', lang)}")
    click.echo("\n" + t("rule.config", lang, id=rule.id))


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML page to write (self-contained: works offline).")
def report(db: str, out: Path) -> None:
    """One HTML page with charts and tables of the whole fact database."""
    from pipeline.report import write

    _open_existing(db).close()  # a missing or non-database --db: one line, exit 2
    try:
        write(db, out)
    except ZhfactsError as err:
        _error(str(err))
        sys.exit(1)
    from pipeline.store.postgres import _redact

    click.echo(f"{_redact(db)} -> {out}", err=True)  # (a URL's password is not echoed)


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--segmenter", type=click.Choice(["jieba", "pkuseg"]), default="jieba", show_default=True,
              callback=lambda ctx, param, value: _segmenter_available(value))
@click.option("--quiet", is_flag=True, help="Scores only, without the lists of misses and false hits.")
def evaluate(gold_dir: Path, segmenter: str, quiet: bool) -> None:
    """Precision, recall and F1 per fact type against the gold files in GOLD_DIR,
    with every miss and false hit listed."""
    from pipeline.evaluate import evaluate as run, format_report

    try:
        report = run(gold_dir, segmenter=segmenter)
    except ZhfactsError as err:  # an empty folder or a broken gold file: one line, exit 1
        _error(str(err))
        sys.exit(1)
    click.echo(format_report(report, show_lists=not quiet))


if __name__ == "__main__":
    main()
