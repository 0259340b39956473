"""Report files of every supported format in, one `Normalized` text out.

Reports arrive as plain text, saved web pages, Word documents and PDFs. `load` takes the
report's own text out of the container (a web page's article without its menus, sidebars,
comments and footer; a document's paragraphs and tables in order; a PDF's text layer with
its wrapped lines joined back into paragraphs) and hands it to the normalizer, so facts
found in any format have offsets into that extracted text (FACTS_SPEC §0). A file that
holds no usable text (a scanned PDF, a locked or broken file) raises `InputError`: it is
never ingested as an empty report.

    doc = load("reports/2024/总结.docx")          # Normalized, as from normalize.read
    files = expand(["reports/", "extra/**/*.pdf"])  # what a command line names, as files
"""
from __future__ import annotations

import codecs
import contextlib
import errno
import glob
import hashlib
import io
import itertools
import logging
import os
import re
import warnings as warnings_module
import zipfile
import zlib
from pathlib import Path
from typing import Iterable

from pipeline.errors import InputError
from pipeline.normalize import MAX_BYTES, MAX_CHARS, Normalized, normalize_text, read
from pipeline.normalize.decode import REPORTED, check_chars, decode, read_file

__all__ = ["SUPPORTED", "load", "expand", "scan"]

SUPPORTED = {".txt", ".html", ".htm", ".docx", ".pdf"}
_KINDS = {".txt": "txt", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"   # legacy .doc, and Office's wrapper around an encrypted .docx
# Bytes a .docx may inflate to, all its parts together (counted while inflating): pictures
# are stored as they are, the XML compresses ~10:1; a ZIP bomb inflates ~1000:1.
MAX_INFLATED = 128 * 2**20
# Characters of a web page's markup (its text is then held to MAX_CHARS like any other).
MAX_MARKUP = 16_000_000


def load(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES, max_chars: int = MAX_CHARS) -> Normalized:
    """Read one report file of any supported format and normalize its text.

    The extension decides the format (case-insensitive); a file with another extension is
    read as text unless its first bytes show a PDF, a ZIP (.docx) or an HTML page. Raises
    InputError (one line: the path and the reason) for a file that yields no report text,
    or more than `max_chars` characters of it.
    """
    path = Path(path)
    name = str(path)
    data = _read_bytes(path, name, max_bytes)
    kind = _KINDS.get(path.suffix.lower()) or _sniff(data)
    if kind == "txt":
        return read(data, source=name, max_bytes=max_bytes, max_chars=max_chars)
    reader = {"html": _html_text, "docx": _docx_text, "pdf": _pdf_text}[kind]
    text, encoding, warnings = reader(data, name, max_chars)
    check_chars(len(text), name, max_chars)
    norm = normalize_text(text)
    norm.encoding = encoding
    norm.source = name
    norm.doc_id = hashlib.sha256(data).hexdigest()[:16]
    norm.warnings = warnings
    return norm


def expand(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The files a list of command-line arguments names, sorted and without duplicates
    (what `scan` finds; the links it refuses are left out)."""
    return scan(paths)[0]


def scan(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The files a list of command-line arguments names, and the entries refused on the way.

    A file is taken as named (whatever its extension); a directory gives every supported
    file under it, recursively; a glob pattern (`reports/**/*.docx`) gives the files it
    matches. Hidden files and folders and Office lock files (`~$x.docx`) are skipped
    inside directories and globs. A path that does not exist is kept, so that `load`
    reports it ("no such file") instead of it vanishing silently.

    Inside a folder (or below a glob's fixed part) a symbolic link that leads out of it,
    a dangling link and a link loop are not followed: each comes back in `refused` as
    (path, reason), for the caller to report and record.
    """
    found: dict[Path, Path] = {}
    refused: dict[str, str] = {}
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            hits = list(_walk(path, refused))
        elif path.exists() or path.is_symlink() or not glob.has_magic(str(arg)):
            hits = [path]
        else:
            root = _glob_root(str(arg))
            hits = []
            matches = sorted(glob.glob(str(arg), recursive=True))  # none: the caller warns
            for m in matches:
                if _skipped(Path(Path(m).name)) or Path(m).is_dir():
                    continue
                why = _outside(Path(m), root)
                if why:
                    refused[m] = why
                elif Path(m).is_file():
                    hits.append(Path(m))
        for hit in hits:
            found.setdefault(_key(hit), hit)
    return sorted(found.values()), sorted(refused.items())


def _walk(root: Path, refused: dict[str, str]) -> Iterable[Path]:
    """Supported files under `root`, without following a link out of it or into a loop."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            refused[str(folder)] = f"cannot read the folder: {err.strerror or err}"
            continue
        for entry in entries:
            path = Path(entry.path)
            if _skipped(Path(entry.name)):
                continue
            if entry.is_symlink():
                why = _outside(path, root)
                if why:
                    if path.suffix.lower() in SUPPORTED or entry.is_dir() or why == "symbolic link loop":
                        refused[str(path)] = why
                    continue
                if entry.is_dir():
                    continue  # a link to a folder inside the folder: its files are found there
            if entry.is_dir(follow_symlinks=False):
                stack.append(path)
            elif path.suffix.lower() in SUPPORTED and entry.is_file():
                yield path


def _outside(path: Path, root: Path) -> str | None:
    """Why a (possibly linked) path may not be followed from inside `root`, or None."""
    if not path.is_symlink():
        return None
    try:
        target = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        return "dangling symbolic link"
    except OSError as err:
        return "symbolic link loop" if err.errno == errno.ELOOP else f"cannot read: {err.strerror or err}"
    real_root = Path(os.path.realpath(root))
    if target != real_root and real_root not in target.parents:
        return f"symbolic link leading out of {root}: refused"
    return None


def _glob_root(pattern: str) -> Path:
    """The fixed folder a glob pattern starts from (`reports/**/*.txt` -> reports)."""
    parts = Path(pattern).parts
    fixed = [p for p in itertools.takewhile(lambda p: not glob.has_magic(p), parts)]
    return Path(*fixed) if fixed else Path(".")


def _key(path: Path) -> Path:
    """One key per file, whatever the way it was named (a link loop has no real path)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11 on a symbolic link loop
        return Path(os.path.abspath(path))


def _skipped(rel: Path) -> bool:
    return any(part.startswith(".") and part not in (".", "..") for part in rel.parts) or rel.name.startswith("~$")


# --- bytes ----------------------------------------------------------------------------

def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """The file's bytes (size checked before reading); an empty file is refused here for
    every format."""
    data = read_file(path, name, max_bytes)
    if not data:
        raise InputError(name, "empty file")
    return data


def _sniff(data: bytes) -> str:
    """The format of a file whose extension says nothing: by its first bytes."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def _first_line(err: BaseException, limit: int = 120) -> str:
    text = str(err).strip().splitlines()
    text = text[0] if text else type(err).__name__
    return text if len(text) <= limit else text[:limit - 1] + "…"


# --- web pages ------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}  # decode with the superset


def _html_text(data: bytes, name: str, max_chars: int = MAX_CHARS) -> tuple[str, str, list[str]]:
    """The article's text (title and paragraphs, one per line) and the page's encoding."""
    import trafilatura

    markup, encoding = _decode_html(data, name)
    check_chars(len(markup), name, MAX_MARKUP, what="web page")
    _check_depth(markup, name)
    # favor_precision: a page of nothing but chrome gives None instead of its menu items
    text = trafilatura.extract(markup, output_format="txt", include_comments=False, include_tables=True,
                               include_images=False, include_links=False, favor_precision=True,
                               deduplicate=False)
    if not text or not text.strip():
        raise InputError(name, "no article text found in the web page")
    return text.strip(), encoding, []


def _check_depth(markup: str, name: str) -> None:
    """Refuse a page nested deeper than the HTML parser goes (libxml2 stops at 256 levels and
    drops the rest of the page without a word; trafilatura slows down long before)."""
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        etree.fromstring(markup.encode("utf-8", "surrogatepass"), parser)
    except (etree.LxmlError, ValueError):
        pass  # not even HTML: trafilatura says so next
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message:
            found = re.search(r"depth in document: (\d+)", entry.message)
            raise InputError(name, f"web page nested more than {found[1] if found else 'too many'} elements deep: "
                                   f"the text past that depth would be lost")


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    """A BOM first, then the charset the page declares if it decodes, else the normalizer's guess."""
    match = None if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
        else _META_CHARSET.search(data[:8192])
    if match:
        try:
            codec = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            codec = None
        if codec:
            try:
                return data.decode(_WIDER.get(codec, codec)), REPORTED.get(codec, codec)
            except (UnicodeDecodeError, LookupError):
                pass  # a wrong declaration: the page is decoded as a text file would be
    dec = decode(data, name)
    return dec.text, dec.encoding


# --- Word documents -------------------------------------------------------------------

def _docx_text(data: bytes, name: str, max_chars: int = MAX_CHARS) -> tuple[str, str, list[str]]:
    """Paragraphs and tables in document order; a table row is one line, cells tab-separated."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    if data.startswith(_OLE_MAGIC):
        raise InputError(name, "broken .docx: an OLE file (a legacy .doc or a password-protected "
                               ".docx), not a .docx package")
    _check_inflated(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(name, "broken .docx: not a ZIP package") from None
    except KeyError as err:  # zipfile: "There is no item named 'word/document.xml' in the archive"
        missing = re.search(r"named '([^']+)'", str(err))
        raise InputError(name, f"broken .docx: {missing.group(1) if missing else err} missing") from None
    except (ValueError, etree.XMLSyntaxError, PackageNotFoundError, zlib.error, EOFError) as err:
        raise InputError(name, f"broken .docx: {_first_line(err)}") from None
    lines, total = [], 0
    body = getattr(document.element, "body", None)  # a mangled root is a plain XML element
    if body is None:
        raise InputError(name, "broken .docx: word/document.xml holds no document body")
    for line in _docx_lines(body, document):
        if line.strip():
            lines.append(line)
            total += len(line) + 1
            check_chars(total, name, max_chars, partial=True)
    if not lines:
        raise InputError(name, "empty document: no text in the .docx")
    return "\n".join(lines), "utf-8", []


def _check_inflated(data: bytes, name: str, limit: int = MAX_INFLATED) -> None:
    """Inflate every part of the package once, counting, before python-docx holds them all
    in memory: a ZIP bomb is refused at the limit, whatever sizes its headers declare."""
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for info in package.infolist():
                with package.open(info) as member:
                    while chunk := member.read(1 << 20):
                        total += len(chunk)
                        if total > limit:
                            raise InputError(name, f"broken .docx: its parts inflate to more than "
                                                   f"{limit // 2**20} MiB (a ZIP bomb?)")
    except zipfile.BadZipFile as err:
        if "File is not a zip file" in str(err):
            raise InputError(name, "broken .docx: not a ZIP package") from None
        raise InputError(name, f"broken .docx: {_first_line(err)}") from None
    except (zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError) as err:
        raise InputError(name, f"broken .docx: {_first_line(err)}") from None


def _docx_lines(container, document) -> Iterable[str]:
    """Body content in order: w:p, w:tbl, and what content controls (w:sdt) hold."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document).text
        elif child.tag == qn("w:tbl"):
            yield from _table_rows(child, document)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_lines(content, document)


def _table_rows(tbl, document) -> Iterable[str]:
    """One line per row. A merged cell counts once: a horizontal span is one w:tc, and the
    cells a vertical merge continues into are left empty, so no figure is read twice."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for tr in tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                cells.append("")
                continue
            # every paragraph of the cell, those of a nested table included
            texts = (Paragraph(p, document).text.strip() for p in tc.iter(qn("w:p")))
            cells.append(" ".join(t for t in texts if t))
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            yield "\t".join(cells)


# --- PDF ------------------------------------------------------------------------------

# a line that is only a page number: "- 3 -", "3", "第3页", "第 3 页 共 12 页", "3/12"
_PAGE_NUMBER = re.compile(r"[-—–－\s]*(?:第\s*)?\d{1,4}\s*页?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[-—–－\s]*")
_CID = re.compile(r"\(cid:\d+\)")  # pdfminer's stand-in for a glyph without a Unicode mapping


def _pdf_text(data: bytes, name: str, max_chars: int = MAX_CHARS) -> tuple[str, str, list[str]]:
    """The text layer, page by page, with wrapped lines joined back into paragraphs."""
    if _pdf_locked(data):
        raise InputError(name, "password-protected PDF")
    try:
        pages = _pdf_lines(data, name, max_chars)
        failure = None
    # pdfminer reports a malformed file with many unrelated exception types (PSEOF,
    # PDFSyntaxError, KeyError, TypeError...), wrapped by pdfplumber or not
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001
        pages, failure = None, err.args[0] if err.args and isinstance(err.args[0], Exception) else err
        if type(failure).__name__ == "PDFPasswordIncorrect":
            raise InputError(name, "password-protected PDF") from None
    if not pages:
        # pdfminer gives up on a file whose cross-reference offsets are wrong, where pypdf
        # finds the objects by scanning: read the copy pypdf writes with a sound table
        repaired = _pdf_rewritten(data)
        if repaired is not None:
            try:
                pages = _pdf_lines(repaired, name, max_chars) or pages
            except InputError:
                raise
            except Exception:  # noqa: BLE001 - the first failure is the one to report
                pass
    if pages is None:
        raise InputError(name, f"broken PDF: {_first_line(failure)}")
    if not pages:
        raise InputError(name, "broken PDF: no pages")

    warnings = []
    unmapped = sum(len(_CID.findall(line["text"])) for lines in pages for line in lines)
    if unmapped:
        for lines in pages:
            for line in lines:
                line["text"] = _CID.sub("", line["text"]).strip()
        warnings.append(f"{unmapped} PDF glyph(s) without a Unicode mapping dropped")
    pages = [[line for line in lines if line["text"]] for lines in pages]
    blank = [str(i) for i, lines in enumerate(pages, 1) if not lines]
    if len(blank) == len(pages):
        raise InputError(name, "scanned PDF without a text layer: needs OCR")
    if blank:
        warnings.append(f"page(s) {', '.join(blank)} without a text layer (scanned?): their text is missing")
    return "\n".join(_paragraphs(pages)), "pdf", warnings


def _pdf_lines(data: bytes, name: str, max_chars: int) -> list[list[dict]]:
    """pdfplumber's text lines of each page (library log lines kept off stderr)."""
    import pdfplumber

    pages, total = [], 0
    with _quiet_logs("pdfminer", "pypdf"), pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            pages.append(page.extract_text_lines(layout=False, strip=True))
            total += sum(len(line["text"]) + 1 for line in pages[-1])
            check_chars(total, name, max_chars, partial=True)
    return pages


def _pdf_rewritten(data: bytes) -> bytes | None:
    """The PDF as pypdf reads it (objects found by scanning when the offsets are wrong),
    written out again with a correct cross-reference table; None if pypdf cannot read it."""
    from pypdf import PdfReader, PdfWriter

    try:
        with _quiet_logs("pypdf"):
            reader = PdfReader(io.BytesIO(data), strict=False)
            if not reader.pages:
                return None
            writer = PdfWriter(clone_from=reader)
            out = io.BytesIO()
            writer.write(out)
    except Exception:  # noqa: BLE001 - pypdf cannot read it either: pdfminer's reason stands
        return None
    return out.getvalue()


@contextlib.contextmanager
def _quiet_logs(*names: str):
    """Library loggers (pdfminer's "CropBox missing", pypdf's "Ignoring wrong pointing
    object") silenced for the block: our own warnings say what matters, once."""
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        with warnings_module.catch_warnings():
            warnings_module.simplefilter("ignore")
            yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def _pdf_locked(data: bytes) -> bool:
    """Encrypted with a user password (one that opens with the empty password is readable)."""
    if b"/Encrypt" not in data:   # the trailer names the encryption dictionary, uncompressed
        return False
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with _quiet_logs("pypdf"):
            reader = PdfReader(io.BytesIO(data))
            return reader.is_encrypted and not reader.decrypt("")
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return False  # pypdf cannot tell; pdfplumber judges the file next


def _paragraphs(pages: list[list[dict]]) -> list[str]:
    """Join each line that runs to the right margin with the next one, unless that one is
    indented (a Chinese paragraph starts two characters in); page numbers are dropped."""
    pages = [[line for i, line in enumerate(lines)
              if not (i in (0, len(lines) - 1) and _PAGE_NUMBER.fullmatch(line["text"]))]
             for lines in pages]
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    left = min(line["x0"] for line in lines)
    right = max(line["x1"] for line in lines)
    out: list[str] = []
    prev = None
    for line in lines:
        em = max(line["bottom"] - line["top"], 1.0)     # about one Chinese character wide
        if prev and prev["x1"] > right - 1.5 * em and line["x0"] < left + 0.8 * em:
            out[-1] += _glue(prev["text"], line["text"]) + line["text"]
        else:
            out.append(line["text"])
        prev = line
    return out


def _glue(before: str, after: str) -> str:
    """Chinese lines break anywhere (inside a number, inside pinyin); a line of Latin text
    (next to no Chinese in it) breaks at a space, which the line's end has lost."""
    chinese = sum(ch >= "\u2e80" for ch in before)
    word_break = (before[-1:] + after[:1]).isascii() and (before[-1:] + after[:1]).isalnum()
    return " " if word_break and chinese * 10 < len(before) else ""
