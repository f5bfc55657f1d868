"""Turn a downloaded file (.txt in any common Chinese encoding, .docx, .doc, .pdf, .html) into text.

The returned text is what every offset in the store points into: for a .txt file it is the
decoded file itself, so ``start``/``end``/``line`` can be checked with any editor; for the
other formats it is the extracted text, one paragraph per line (a PDF's lines wrapped by
the page are joined again: ``store.pdf_lines``).
"""

from __future__ import annotations

import codecs
import logging
import os
import stat
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from store.errors import ReportError
from store.limits import DEFAULT_LIMITS, Limits, check_file_size, check_inflated, unpacked_zip
from store.scripts import has_han

if TYPE_CHECKING:  # pypdf loads with the first PDF, not with every command
    from pypdf import PageObject

SUPPORTED_SUFFIXES = (".txt", ".docx", ".doc", ".pdf", ".html", ".htm")

# The legacy encodings, tried after BOMs and strict UTF-8. GB18030 is a superset of GBK/GB2312, so
# one entry covers mainland downloads; Big5 covers the occasional Taiwan/HK file.
_LEGACY_ENCODINGS = ("gb18030", "big5")

# pypdf logs its repairs of a damaged PDF ("EOF marker not found") straight to stderr; a file that
# cannot be read fails with its own one line, so those would only be noise around it (and past -q).
logging.getLogger("pypdf").setLevel(logging.ERROR)
_HTML_DROP = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe")


def _is_expected_char(c: str) -> bool:
    code = ord(c)
    return (
        c.isascii() and (c.isprintable() or c in "\r\n\t\f")
        or has_han(c)
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x2000 <= code <= 0x206F  # general punctuation (“ ” … —)
        or code in (0x00A0, 0x00B7, 0x00D7, 0xFEFF)
        or 0x2460 <= code <= 0x24FF  # circled numbers
    )


def _plausibility(text: str) -> float:
    """Share of characters a Chinese report is made of; 0 for private-use or control debris.

    Only guesses are scored: a legacy encoding (Big5 bytes decode as GB18030 too) or the byte
    order of UTF-16 without a BOM (the wrong one decodes as rare ideographs). A wrong guess rarely
    fails to decode outright, but it produces characters reports never use. Text that says what
    it is (a BOM, or strict UTF-8) is never scored: it may mix Chinese with any other script.
    """
    if not text:
        return 1.0
    if any(0xE000 <= ord(c) <= 0xF8FF for c in text):
        return 0.0
    return sum(map(_is_expected_char, text)) / len(text)


def decode_bytes(data: bytes, path: Path | str) -> str:
    """Decode with BOM detection, then strict UTF-8, then the most plausible legacy decode; never
    mojibake. Valid UTF-8 is taken as it is, whatever scripts it mixes with Chinese: a GBK or Big5
    report is never valid UTF-8 by accident, as each of its hanzi would have to form a UTF-8
    sequence (a file of a few that do, 谩 being UTF-8 á, holds no Chinese and is refused as not a
    report). Scoring it instead refused Mongolian–Chinese reports and read Uyghur as GB18030."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReportError(path, f"invalid {encoding} text at byte {exc.start}") from exc
    # Only UTF-16 puts NUL bytes into Chinese text; the 8-bit encodings never do.
    if b"\x00" in data:
        candidates = ("utf-16-le", "utf-16-be")
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            candidates = _LEGACY_ENCODINGS
    scored: list[tuple[float, str]] = []
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if score >= 0.98 and encoding != "utf-16-le":
            return text
        scored.append((score, text))
    best = max(scored, default=(0.0, ""), key=lambda item: item[0])
    if best[0] >= 0.9:
        return best[1]
    if b"\x00" in data:
        raise ReportError(path, "binary file, not text")
    raise ReportError(path, "cannot decode: not UTF-8, UTF-16, GB18030/GBK or Big5 text")


def _load_txt(path: Path, limits: Limits) -> str:
    return decode_bytes(path.read_bytes(), path)


def _load_docx(path: Path, limits: Limits) -> str:
    """Body paragraphs and table rows in document order (tables often hold the key figures)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    unpacked = unpacked_zip(path, limits, ".docx")
    try:
        document = docx.Document(unpacked)
    except Exception as exc:
        raise ReportError(path, f"not a readable .docx ({type(exc).__name__})") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    if not cells or cells[-1] != cell.text:
                        cells.append(cell.text.strip())
                lines.append("\t".join(cells))
    return "\n".join(lines)


# What to do with a Word file fazhi cannot read itself.
_DOC_CONVERT = "convert it with `soffice --headless --convert-to docx FILE` and ingest the .docx"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: Word 97–2003 and its kin


def _load_doc(path: Path, limits: Limits) -> str:
    """A Word 97–2003 file: converted to .docx by msdoc2docx (pure Python, no Word or LibreOffice,
    written from Microsoft's published binary-format specification, with bounded parsers) and read
    as that .docx, so both Word formats give the same paragraphs and table rows from one reader.

    Government sites also serve other files under the name .doc: a .docx, or a web page saved by
    the site's editor. Those are read as what they are; an RTF file is refused with how to convert."""
    import tempfile

    with path.open("rb") as file:
        head = file.read(512)
    if head.startswith(b"PK\x03\x04"):
        return _load_docx(path, limits)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return _load_html(path, limits)
    if not head.startswith(_OLE_MAGIC):
        kind = "an RTF file" if head.startswith(b"{\\rtf") else "not a Word file"
        raise ReportError(path, f"{kind} named .doc; {_DOC_CONVERT}")

    from doc2docx import convert
    from doc2docx.cfb.container import CompoundFileLimits
    from doc2docx.errors import Doc2DocxError, EncryptedDocumentError

    size = int(limits.file_mb * 1024 * 1024)
    with tempfile.TemporaryDirectory(prefix="fazhi-doc-") as scratch:
        converted = Path(scratch) / "report.docx"
        try:
            convert(path, converted, limits=CompoundFileLimits(max_input_bytes=size, max_stream_bytes=size))
        except EncryptedDocumentError as exc:
            raise ReportError(path, "the .doc is password-protected; save it without a password") from exc
        except (Doc2DocxError, ValueError, KeyError, IndexError, struct.error) as exc:
            detail = (str(exc).splitlines() or [""])[0][:200]
            raise ReportError(path, f"not a readable .doc ({type(exc).__name__}: {detail}); {_DOC_CONVERT}") from exc
        try:
            return _load_docx(converted, limits)
        except ReportError as exc:
            raise ReportError(path, f"{exc.problem} (converted from .doc)") from exc


def _load_pdf(path: Path, limits: Limits) -> str:
    """The text layer, one paragraph per line: lines wrapped by the page are joined again
    (``store.pdf_lines``). A PDF declares no unpacked size, so each page's content is counted as
    it is inflated, and the file is refused once the total passes the limit; pypdf itself stops
    any one stream at 75 MB, so memory stays bounded by about the limit."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    from store.pdf_lines import pdf_paragraphs

    def counted_pages(reader: PdfReader) -> Iterator[PageObject]:
        inflated = 0
        for page in reader.pages:
            contents = page.get_contents()
            inflated += len(contents.get_data()) if contents is not None else 0
            check_inflated(path, inflated, limits, ".pdf")
            yield page

    try:
        text = "\n".join(pdf_paragraphs(counted_pages(PdfReader(str(path)))))
    except LimitReachedError as exc:
        raise ReportError(path, f"a .pdf stream unpacks past pypdf's limit ({exc}; a zip bomb?)") from exc
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        raise ReportError(path, f"not a readable .pdf ({exc})") from exc
    if not text.strip():
        raise ReportError(path, "PDF has no text layer (scanned image?); OCR it first")
    return text


def _load_html(path: Path, limits: Limits) -> str:
    """The article of a saved web page: its headline plus the container richest in paragraphs.

    Government sites wrap a report in navigation, breadcrumbs, share buttons and related links;
    taking the element whose own <p> children hold the most text drops all of that.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_bytes(path.read_bytes(), path), "lxml")
    for tag in soup(_HTML_DROP):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    containers = soup.find_all(["div", "article", "section", "td", "main", "body"])

    def own_paragraph_text(tag) -> int:
        return sum(len(p.get_text(strip=True)) for p in tag.find_all("p", recursive=False))

    article = max(containers, key=own_paragraph_text, default=None)
    if article is None or own_paragraph_text(article) < 200:
        article = soup.body or soup
    headline = soup.find(["h1", "h2"])
    text = article.get_text("\n")
    if headline and headline.get_text(strip=True) not in text:
        text = headline.get_text(strip=True) + "\n" + text
    return text


_LOADERS: dict[str, Callable[[Path, Limits], str]] = {
    ".txt": _load_txt,
    ".docx": _load_docx,
    ".doc": _load_doc,
    ".pdf": _load_pdf,
    ".html": _load_html,
    ".htm": _load_html,
}


def load_text(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of one report file, or a ``ReportError`` naming the file and the problem; sizes
    are checked against ``limits`` before the file is read."""
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        raise ReportError(path, f"unsupported file type '{path.suffix or '(none)'}'; use {' '.join(SUPPORTED_SUFFIXES)}")
    try:
        check_file_size(path, limits)
        text = loader(path, limits)
    except OSError as exc:
        raise ReportError(path, f"cannot read ({exc.strerror or exc})") from exc
    if not has_han(text):
        raise ReportError(path, "no Chinese text found: not a report")
    return text


@dataclass
class Discovery:
    """What the named paths hold: report files to ingest, files in folders that are not reports
    (a ``facts.yaml`` beside the reports: noted, not an error), paths that could not be read, and
    the named folders that hold no report file at all (a wrong folder, or one not filled yet)."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    problems: list[ReportError] = field(default_factory=list)
    empty_folders: list[Path] = field(default_factory=list)


def discover(paths: list[Path]) -> Discovery:
    """Files named directly, plus every report file under named folders, in a stable order.

    A file named on the command line is taken whatever its type (refusing it is the loader's
    job); a folder that cannot be listed is a problem, never silently skipped."""
    found = Discovery()
    for path in paths:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            found.problems.append(ReportError(path, "no such file or folder"))
        except OSError as exc:
            found.problems.append(ReportError(path, f"cannot read ({exc.strerror or exc})"))
        else:
            if stat.S_ISDIR(mode):
                _walk(path, found)
            else:
                found.files.append(path)
    return found


def _walk(folder: Path, found: Discovery) -> None:
    """Add ``folder``'s report files and notes to ``found``; hidden files and folders are left out."""
    files: list[Path] = []
    skipped: list[Path] = []

    def unreadable(exc: OSError) -> None:
        found.problems.append(ReportError(exc.filename or folder, f"cannot read folder ({exc.strerror or exc})"))

    for top, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith("."):
                path = Path(top, name)
                (files if path.suffix.lower() in SUPPORTED_SUFFIXES else skipped).append(path)
    found.files.extend(sorted(files))
    found.skipped.extend(sorted(skipped))
    if not files:
        found.empty_folders.append(folder)
