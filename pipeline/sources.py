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
import glob
import hashlib
import io
import os
import re
import zipfile
import zlib
from pathlib import Path
from typing import Iterable

from pipeline.errors import InputError
from pipeline.normalize import MAX_BYTES, Normalized, normalize_text, read
from pipeline.normalize.decode import REPORTED, decode, read_file

__all__ = ["SUPPORTED", "load", "expand"]

SUPPORTED = {".txt", ".html", ".htm", ".docx", ".pdf"}
_KINDS = {".txt": "txt", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"   # legacy .doc, and Office's wrapper around an encrypted .docx


def load(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES) -> Normalized:
    """Read one report file of any supported format and normalize its text.

    The extension decides the format (case-insensitive); a file with another extension is
    read as text unless its first bytes show a PDF, a ZIP (.docx) or an HTML page. Raises
    InputError (one line: the path and the reason) for a file that yields no report text.
    """
    path = Path(path)
    name = str(path)
    data = _read_bytes(path, name, max_bytes)
    kind = _KINDS.get(path.suffix.lower()) or _sniff(data)
    if kind == "txt":
        return read(data, source=name, max_bytes=max_bytes)
    reader = {"html": _html_text, "docx": _docx_text, "pdf": _pdf_text}[kind]
    text, encoding, warnings = reader(data, name)
    norm = normalize_text(text)
    norm.encoding = encoding
    norm.source = name
    norm.doc_id = hashlib.sha256(data).hexdigest()[:16]
    norm.warnings = warnings
    return norm


def expand(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The files a list of command-line arguments names, sorted and without duplicates.

    A file is taken as named (whatever its extension); a directory gives every supported
    file under it, recursively; a glob pattern (`reports/**/*.docx`) gives the files it
    matches. Hidden files and folders and Office lock files (`~$x.docx`) are skipped
    inside directories and globs. A path that does not exist is kept, so that `load`
    reports it ("no such file") instead of it vanishing silently.
    """
    found: dict[Path, Path] = {}
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            hits = [f for f in path.rglob("*")
                    if f.suffix.lower() in SUPPORTED and not _skipped(f.relative_to(path)) and f.is_file()]
        elif path.exists() or not glob.has_magic(str(arg)):
            hits = [path]
        else:
            hits = [Path(m) for m in glob.glob(str(arg), recursive=True)
                    if not _skipped(Path(Path(m).name)) and Path(m).is_file()]
        for hit in hits:
            found.setdefault(hit.resolve(), hit)
    return sorted(found.values())


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


def _html_text(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """The article's text (title and paragraphs, one per line) and the page's encoding."""
    import trafilatura

    markup, encoding = _decode_html(data, name)
    # favor_precision: a page of nothing but chrome gives None instead of its menu items
    text = trafilatura.extract(markup, output_format="txt", include_comments=False, include_tables=True,
                               include_images=False, include_links=False, favor_precision=True,
                               deduplicate=False)
    if not text or not text.strip():
        raise InputError(name, "no article text found in the web page")
    return text.strip(), encoding, []


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

def _docx_text(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Paragraphs and tables in document order; a table row is one line, cells tab-separated."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    if data.startswith(_OLE_MAGIC):
        raise InputError(name, "broken .docx: an OLE file (a legacy .doc or a password-protected "
                               ".docx), not a .docx package")
    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(name, "broken .docx: not a ZIP package") from None
    except KeyError as err:  # zipfile: "There is no item named 'word/document.xml' in the archive"
        missing = re.search(r"named '([^']+)'", str(err))
        raise InputError(name, f"broken .docx: {missing.group(1) if missing else err} missing") from None
    except (ValueError, etree.XMLSyntaxError, PackageNotFoundError, zlib.error, EOFError) as err:
        raise InputError(name, f"broken .docx: {_first_line(err)}") from None
    lines = [line for line in _docx_lines(document.element.body, document) if line.strip()]
    if not lines:
        raise InputError(name, "empty document: no text in the .docx")
    return "\n".join(lines), "utf-8", []


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


def _pdf_text(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """The text layer, page by page, with wrapped lines joined back into paragraphs."""
    import pdfplumber

    if _pdf_locked(data):
        raise InputError(name, "password-protected PDF")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page.extract_text_lines(layout=False, strip=True) for page in pdf.pages]
    # pdfminer reports a malformed file with many unrelated exception types (PSEOF,
    # PDFSyntaxError, KeyError, TypeError...), wrapped by pdfplumber or not
    except Exception as err:  # noqa: BLE001
        inner = err.args[0] if err.args and isinstance(err.args[0], Exception) else err
        if type(inner).__name__ == "PDFPasswordIncorrect":
            raise InputError(name, "password-protected PDF") from None
        raise InputError(name, f"broken PDF: {_first_line(inner)}") from None
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


def _pdf_locked(data: bytes) -> bool:
    """Encrypted with a user password (one that opens with the empty password is readable)."""
    if b"/Encrypt" not in data:   # the trailer names the encryption dictionary, uncompressed
        return False
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
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
