"""Mutation fuzzing of the whole reading path: bytes, .txt, .html, .docx and .pdf files made
from the seed reports, mutated, and run through read -> extract -> check -> ingest.

    python scripts/fuzz.py --minutes 20            # at length (prints a line a minute)
    python scripts/fuzz.py --inputs 200 --seed 7   # briefly (the test suite does this)

Each input runs in a worker process with a time limit; a worker that overruns or dies is
replaced. An input fails when anything but our own error (`ZhfactsError`) escapes, when a
fact's offsets do not give back its text, when the JSON is not strict, or when it hangs.
Failing inputs are saved to --save DIR. The summary gives inputs tried, failures, the worst
time per 100 KB (inputs under 100 KB count as 100 KB) and the worst memory (peak RSS of a
worker). Exit status 1 when anything failed.

The mutators are libFuzzer's (atheris') byte mutators plus the shapes that hurt a text
pipeline: one token repeated thousands of times (万万万…, 市委市委…, 学校学校…, digits), long runs
without punctuation, deep markup nesting, control characters, formula-like text.
"""
from __future__ import annotations

import argparse
import io
import multiprocessing
import multiprocessing.connection
import random
import re
import resource
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KINDS = ("txt", "bytes", "html", "docx", "pdf")
# tokens that exercise the extractors' rules, and a few hostile ones
TOKENS = ["万", "亿", "千", "百", "十", "零", "一二三四五六七八九", "〇", "两", "余", "多", "近", "约", "%", "％",
          "个百分点", "元", "万元", "亿元", "人次", "名", "个", "年", "月", "日", "上半年", "今年", "2024年",
          "第一季度", "市委", "县委", "党委", "办公室", "委员会", "街道", "《", "》", "“", "”", "XX", "××", "*",
          "＊", "……", "（", "）", "，", "。", "；", "：", "、", "\n", "\r\n", "\t", " ", "\u3000", "9" * 40,
          "1.5", "3/4", "-", "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "\x00", "\x1b[31m", "\u202e",
          "\ufeff", "\ufffd", "&amp;", "&#x4e07;", "<p>", "</p>", "<div>", "<table><tr><td>", "<br>",
          "<!--", "-->", "<script>", "]]>", "\x85", "\u2028", "𠀀", "両", "萬", "億", "參", "黨"]
REPEATS = ["万", "市委", "9", "一", "十", "亿", "《", "“", "党", "的", "XX", "<div>", "1,", "0.", "第", "、", "年",
           "约", "多", "（", "*", "&#x4e07;", "\u3000", "a",
           # runs of heads, places and bodies start a left walk at every terminal (issue 16)
           "县委", "党委", "区政府", "广西", "街道", "市委办公室", "省市县区乡镇村", "学校", "有限公司", "周家镇党委",
           "县十六届人大常委会", "经济开发区管委会", "第一", "《》", "“”", "1万", "X X ", "罽", "2024年3月",
           # compound magnitudes and ranges (3万5千元, X万X千, 10%至20%) rescan a run from every figure
           "5千", "3万5千", "X万X千", "1%-", "X%至",
           # Hong Kong's thousands grouped by a space (59 225宗): a run of groups with no unit
           " 111", "《党\n"]


# --- seeds -----------------------------------------------------------------------------

def seed_texts() -> list[str]:
    return [p.read_text("utf-8") for p in sorted((ROOT / "corpora").glob("*.txt"))]


def html_of(text: str) -> str:
    import html

    lines = [ln for ln in text.splitlines() if ln.strip()] or ["空"]
    body = "\n".join(f"<p>{html.escape(ln)}</p>" for ln in lines[1:])
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(lines[0])}</title></head>'
            f"<body><div class=\"nav\"><a href=\"/\">首页</a></div><article><h1>{html.escape(lines[0])}</h1>"
            f"{body}</article><footer>版权所有</footer></body></html>")


def docx_of(text: str) -> bytes:
    import docx

    document = docx.Document()
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", text)  # not XML characters
    lines = [ln for ln in text.splitlines() if ln.strip()] or ["空"]
    for ln in lines:
        document.add_paragraph(ln)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 1).text = "党员人数", "1.35万名"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def pdf_of(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    y = 800
    for ln in [ln for ln in text.splitlines() if ln.strip()][:40]:
        while ln:
            pdf.setFont("STSong-Light", 11)
            pdf.drawString(60, y, ln[:40])
            ln, y = ln[40:], y - 16
            if y < 60:
                pdf.showPage()
                y = 800
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


# --- mutations -------------------------------------------------------------------------

class Mutator:
    """Seeded, reproducible mutations of text and of bytes."""

    def __init__(self, seed: int, max_kb: int):
        self.rng = random.Random(seed)
        self.max = max_kb * 1024
        self.texts = seed_texts()
        self.pdfs = [pdf_of(t[i:i + 400]) for t in self.texts for i in (0, 2000)]
        self.bomb = self.zip_bomb()

    def piece(self) -> str:
        """A slice of a seed: mostly short (fast inputs), sometimes the whole report."""
        text = self.rng.choice(self.texts)
        r = self.rng.random()
        if r < 0.03:
            return text
        n = self.rng.choice([20, 50, 80, 150, 300, 300, 1000, 3000])
        start = self.rng.randrange(max(1, len(text) - n))
        return text[start:start + n]

    def text(self, text: str) -> str:
        rng = self.rng
        for _ in range(rng.choice([1, 1, 2, 3, 5])):
            pos = rng.randrange(len(text) + 1)
            op = rng.random()
            if op < 0.25:
                text = text[:pos] + rng.choice(TOKENS) + text[pos:]
            elif op < 0.35:  # a pathological run: one token many times
                count = rng.choice([10, 30, 100, 300, 1000, 1000, 5000, 20000])
                text = text[:pos] + rng.choice(REPEATS) * count + text[pos:]
            elif op < 0.45:
                end = min(len(text), pos + rng.randrange(1, 200))
                text = text[:pos] + text[end:]
            elif op < 0.55:
                end = min(len(text), pos + rng.randrange(1, 200))
                text = text[:pos] + text[pos:end] * rng.randrange(2, 50) + text[pos:]
            elif op < 0.65:
                text = text[:pos] + "".join(chr(rng.randrange(0x20, 0x3000) if rng.random() < 0.5 else
                                                rng.randrange(0x4e00, 0x9fff)) for _ in range(rng.randrange(1, 30))) \
                    + text[pos:]
            elif op < 0.75:
                text = text[:pos] + self.piece() + text[pos:]
            elif op < 0.85:  # text without punctuation
                text = "".join(ch for ch in text if ch not in "，。；：、！？\n")
            else:
                text = text[:pos] + chr(rng.randrange(0, 0x110000) if rng.random() < 0.3 else rng.randrange(0, 0x80)) \
                    + text[pos:]
            if len(text) > self.max:
                text = text[:self.max]
        return text.replace("\ud800", "")  # no lone surrogates (they cannot be encoded)

    def bytes_(self, data: bytes) -> bytes:
        rng = self.rng
        data = bytearray(data)
        for _ in range(rng.choice([1, 1, 2, 4, 8])):
            pos = rng.randrange(len(data) + 1)
            op = rng.random()
            if op < 0.25 and data:
                i = rng.randrange(len(data))
                data[i] ^= 1 << rng.randrange(8)
            elif op < 0.4 and data:
                data[rng.randrange(len(data))] = rng.randrange(256)
            elif op < 0.55:
                data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
            elif op < 0.7:
                del data[pos:pos + rng.randrange(1, 64)]
            elif op < 0.8:
                data[pos:pos] = data[pos:pos + rng.randrange(1, 64)] * rng.randrange(2, 100)
            elif op < 0.9:
                data[pos:pos] = rng.choice([b"\xff\xfe", b"\xef\xbb\xbf", b"\x00" * 8, b"\xe4\xb8", b"\x1b[2J",
                                            b"%PDF-1.4", b"PK\x03\x04", b"<html>", b"\r", b"\x85"])
            else:
                data = data[:pos]
        return bytes(data[:self.max])

    def encode(self, text: str) -> bytes:
        codec = self.rng.choice(["utf-8", "utf-8", "utf-8", "gb18030", "big5", "utf-16", "utf-8-sig"])
        return text.encode(codec, errors="ignore")

    def zip_bomb(self) -> bytes:
        """A Word file whose document.xml inflates to 1 GiB (a comment of spaces)."""
        data = docx_of(self.texts[0][:200])
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                if info.filename != "word/document.xml":
                    dst.writestr(info.filename, src.read(info))
                    continue
                head, tail = src.read(info).split(b"<w:body>", 1)
                with dst.open("word/document.xml", "w", force_zip64=True) as f:
                    f.write(head + b"<w:body><!--")
                    block = b" " * 2**24
                    for _ in range(64):
                        f.write(block)
                    f.write(b"-->" + tail)
        return out.getvalue()

    def make(self) -> tuple[str, bytes]:
        """(extension, bytes) of the next input."""
        rng = self.rng
        kind = rng.choices(KINDS, weights=[55, 20, 10, 10, 5])[0]
        if kind == "txt":
            return "txt", self.encode(self.text(self.piece()))
        if kind == "bytes":
            return rng.choice(["txt", "dat"]), self.bytes_(self.encode(self.piece()))
        if kind == "html":
            markup = html_of(self.piece())
            if rng.random() < 0.1:
                markup = markup.replace("<article>", "<div>" * rng.choice([300, 3000]) + "<article>")
            markup = self.text(markup) if rng.random() < 0.8 else markup
            data = self.encode(markup)
            return "html", self.bytes_(data) if rng.random() < 0.2 else data
        if kind == "docx":
            return "docx", self.docx()
        pdf = rng.choice(self.pdfs)
        return "pdf", self.bytes_(pdf) if rng.random() < 0.9 else pdf

    def docx(self) -> bytes:
        """A Word file made from a seed piece, its document.xml or its ZIP bytes mutated."""
        rng = self.rng
        data = docx_of(self.text(self.piece()) if rng.random() < 0.5 else self.piece())
        r = rng.random()
        if r < 0.03:
            return self.bomb
        if r < 0.4:
            return data
        if r < 0.8:
            src = zipfile.ZipFile(io.BytesIO(data))
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in src.infolist():
                    member = src.read(info)
                    if info.filename == "word/document.xml":
                        member = self.bytes_(member) if rng.random() < 0.5 else \
                            self.text(member.decode("utf-8", "replace")).encode("utf-8", "ignore")
                    dst.writestr(info.filename, member)
            return out.getvalue()
        return self.bytes_(data)


# --- running one input -----------------------------------------------------------------

def run_one(ext: str, data: bytes, workdir: Path, ingest_db: Path | None, stats: dict | None = None) -> str | None:
    """Read, extract, check (and maybe ingest) one input; None if all is well, else what went wrong.
    `stats["chars"]` is set to the characters of text the input gave."""
    from pipeline import check as checker
    from pipeline.errors import ZhfactsError
    from pipeline.extractors import collect, process
    from pipeline.output import dumps
    from pipeline.sources import load

    path = workdir / f"input.{ext}"
    path.write_bytes(data)
    try:
        norm = load(path)
    except ZhfactsError as err:
        return None if "\n" not in str(err) else f"error message of several lines: {str(err)!r}"
    if stats is not None:
        stats["chars"] = len(norm.original)
    try:
        result = collect(norm, process(norm))
    except ZhfactsError:
        return None
    for kind, facts in result.facts.items():
        for f in facts:
            if not (0 <= f.start <= f.end <= len(norm.original)) or norm.original[f.start:f.end] != f.text:
                return f"{kind} offsets [{f.start}, {f.end}) do not give back {f.text!r}"
    dumps(result)  # strict JSON: raises on NaN/Infinity
    checker.check(result, norm.original, str(path))
    if ingest_db is not None:
        from pipeline.ingest import ingest

        ingest([str(path)], ingest_db, jobs=1, progress=False, echo=lambda msg: None, timeout=None)
    return None


def warm_up(mutator: Mutator) -> None:
    """One input of every kind, and pinyin, run before the workers fork: what is loaded on
    first use (pypinyin's dictionaries, 0.4 s; python-docx's parts, 0.4 s) is then not
    charged to the first input of each worker that needs it."""
    text = mutator.texts[0][:600] + "\n提高質(zhì)量，建設(shè)。"
    inputs = [("txt", text.encode("utf-8")), ("html", html_of(text).encode("utf-8")), ("docx", docx_of(text)),
              ("pdf", mutator.pdfs[0])]
    with tempfile.TemporaryDirectory(prefix="zhfacts-fuzz-warm-") as tmp:
        for ext, data in inputs:
            run_one(ext, data, Path(tmp), Path(tmp) / "warm.sqlite")


def worker(conn, workdir: str, memory_limit: int) -> None:
    """Run inputs sent over `conn`; answer (error or None, seconds, peak RSS in bytes)."""
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    from pipeline.extractors import load

    load()
    workdir = Path(workdir)
    db = workdir / "fuzz.sqlite"
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        ext, data, ingest = job
        stats = {"chars": 0}
        t, cpu = time.perf_counter(), time.process_time()
        try:
            problem = run_one(ext, data, workdir, db if ingest else None, stats)
        except BaseException as err:  # noqa: BLE001 - any escape is what we are looking for
            problem = "".join(traceback.format_exception_only(type(err), err)).strip()
            problem += "\n" + "".join(traceback.format_tb(err.__traceback__)[-3:])
        elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
        if db.exists() and db.stat().st_size > 50 * 2**20:
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
        conn.send((problem, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, cpu, stats["chars"]))


class Worker:
    """A worker process and the input it is on (bytes, extension, start time)."""

    def __init__(self, ctx, workdir: str, memory_limit: int):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker, args=(child, workdir, memory_limit), daemon=True)
        self.proc.start()
        child.close()
        self.job: tuple[str, bytes, float] | None = None

    def give(self, ext: str, data: bytes, ingest: bool) -> None:
        self.job = (ext, data, time.monotonic())
        self.conn.send((ext, data, ingest))

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()


class Tally:
    """The target is wall time per 100 KB of input. Two more measures tell its causes apart:
    the worker's CPU time per 100 KB (what machine load does not move), and CPU time per
    100 K characters of text read (a .docx of 40 KB can hold 140 K characters)."""

    def __init__(self, save: Path | None, seed: int):
        self.tried = self.failures = self.hangs = self.slow = self.rss = 0
        self.rate, self.worst = 0.0, ""
        self.slow_cpu = self.slow_chars = 0
        self.cpu_rate, self.cpu_worst, self.char_rate, self.char_worst = 0.0, "", 0.0, ""
        self.save, self.seed = save, seed

    def add(self, ext: str, data: bytes, problem: str | None, elapsed: float, rss: int,
            cpu: float | None = None, chars: int = 0) -> None:
        self.tried += 1
        self.rss = max(self.rss, rss)
        per_100k = elapsed / max(len(data), 100 * 1024) * 100 * 1024
        if per_100k > self.rate:
            self.rate, self.worst = per_100k, f".{ext} of {len(data):,} bytes ({elapsed:.2f} s)"
        self.slow += per_100k > 2.0
        if cpu is not None:  # a hang or a dead worker has no CPU time to tell
            cpu_100k = cpu / max(len(data), 100 * 1024) * 100 * 1024
            char_100k = cpu / max(chars, 100_000) * 100_000
            what = f".{ext} of {len(data):,} bytes, {chars:,} characters ({cpu:.2f} s)"
            if cpu_100k > self.cpu_rate:
                self.cpu_rate, self.cpu_worst = cpu_100k, what
            if char_100k > self.char_rate:
                self.char_rate, self.char_worst = char_100k, what
            self.slow_cpu += cpu_100k > 2.0
            self.slow_chars += char_100k > 2.0
        if per_100k > 2.0 and not problem and self.save:  # kept to be profiled: the target is 2 s per 100 KB
            self.save.mkdir(parents=True, exist_ok=True)
            (self.save / f"slow-{self.seed}-{self.tried}-{per_100k:.1f}s.{ext}").write_bytes(data)
        if problem:
            self.failures += 1
            self.hangs += problem.startswith("hang")
            print(f"FAIL #{self.tried} .{ext} ({len(data):,} bytes): {problem}", flush=True)
            if self.save:
                self.save.mkdir(parents=True, exist_ok=True)
                (self.save / f"fail-{self.seed}-{self.tried}.{ext}").write_bytes(data)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, help="run this long")
    ap.add_argument("--inputs", type=int, help="run this many inputs")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before an input counts as a hang")
    ap.add_argument("--max-kb", type=int, default=256, help="largest input (KB)")
    ap.add_argument("--ingest-every", type=int, default=10, help="also ingest every Nth input")
    ap.add_argument("--memory-limit", type=int, default=3072, help="address-space limit of a worker (MiB)")
    ap.add_argument("--save", type=Path, help="save failing inputs (and those slower than 2 s per 100 KB) here")
    args = ap.parse_args(argv)
    if not args.minutes and not args.inputs:
        ap.error("give --minutes or --inputs")
    deadline = time.monotonic() + args.minutes * 60 if args.minutes else float("inf")
    limit = args.inputs or float("inf")

    import docx  # noqa: F401 - imported once here: a fresh worker must not spend seconds on imports
    import pdfplumber  # noqa: F401
    import trafilatura

    from pipeline.extractors import load

    load()  # once, before the workers fork
    trafilatura.extract("<html><body><p>热身</p><p>热身</p></body></html>")  # its settings and stop lists
    mutator = Mutator(args.seed, args.max_kb)
    warm_up(mutator)
    ctx = multiprocessing.get_context("fork")
    tally = Tally(args.save, args.seed)
    sent = 0
    started = last_report = time.monotonic()
    print(f"fuzz: seed {args.seed}", flush=True)
    with tempfile.TemporaryDirectory(prefix="zhfacts-fuzz-") as tmp:
        dirs = [Path(tmp) / str(i) for i in range(args.jobs)]
        for d in dirs:
            d.mkdir()
        workers = [Worker(ctx, str(d), args.memory_limit * 2**20) for d in dirs]
        try:
            while True:
                for w in workers:
                    if w.job is None and sent < limit and time.monotonic() < deadline:
                        sent += 1
                        w.give(*mutator.make(), sent % args.ingest_every == 0)
                busy = [w for w in workers if w.job]
                if not busy:
                    break
                wait = max(0.0, min(w.job[2] + args.timeout for w in busy) - time.monotonic())
                ready = multiprocessing.connection.wait([w.conn for w in busy], timeout=wait)
                for i, w in enumerate(workers):
                    if not w.job:
                        continue
                    ext, data, t0 = w.job
                    if w.conn in ready:
                        try:
                            problem, elapsed, rss, cpu, chars = w.conn.recv()
                            tally.add(ext, data, problem, elapsed, rss, cpu, chars)
                            w.job = None
                            continue
                        except (EOFError, OSError):
                            w.proc.join(5)
                            problem = f"worker died (exit {w.proc.exitcode})"
                    elif time.monotonic() - t0 >= args.timeout:
                        problem = f"hang: still running after {args.timeout:g} s"
                    else:
                        continue
                    tally.add(ext, data, problem, time.monotonic() - t0, 0)
                    w.stop(kill=True)
                    workers[i] = Worker(ctx, str(dirs[i]), args.memory_limit * 2**20)
                if time.monotonic() - last_report > 60:
                    last_report = time.monotonic()
                    print(f"fuzz: {tally.tried:,} inputs, {tally.failures} failures, worst {tally.rate:.2f} s/100 KB, "
                          f"peak {tally.rss / 2**20:.0f} MiB", flush=True)
        finally:
            for w in workers:
                w.stop(kill=bool(w.job))
    minutes = (time.monotonic() - started) / 60
    print(f"fuzz: CPU time: {tally.slow_cpu} slower than 2 s per 100 KB, worst {tally.cpu_rate:.2f} s per 100 KB "
          f"({tally.cpu_worst}); {tally.slow_chars} slower than 2 s per 100 K characters read, worst "
          f"{tally.char_rate:.2f} s per 100 K characters ({tally.char_worst})", flush=True)
    print(f"fuzz: {tally.tried:,} inputs in {minutes:.1f} min (seed {args.seed}): {tally.failures} failures "
          f"({tally.hangs} hangs); {tally.slow} slower than 2 s per 100 KB; worst time {tally.rate:.2f} s per 100 KB "
          f"({tally.worst}); peak memory {tally.rss / 2**20:.0f} MiB", flush=True)
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
