"""The `zhfacts` command line (also `python -m pipeline`). One subcommand per job."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.errors import ZhfactsError


def _error(msg: str) -> None:
    click.echo(f"zhfacts: error: {msg}", err=True)


def _warn(source: str, msg: str) -> None:
    click.echo(f"zhfacts: warning: {source}: {msg}", err=True)


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
            click.echo(f"{path}: {doc.encoding}, {doc.script}, {kinds} -> {out_dir / (path.stem + '.txt')}", err=True)
        elif report:
            click.echo(json.dumps(doc.report(), ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(doc.text)
            if not doc.text.endswith("\n"):
                sys.stdout.write("\n")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
