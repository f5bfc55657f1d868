"""Turn a downloaded file (.txt in any common Chinese encoding, .docx, .pdf, .html) into text.

The returned text is what every offset in the store points into: for a .txt file it is the
decoded file itself, so ``start``/``end``/``line`` can be checked with any editor; for the
other formats it is the extracted text, one paragraph per line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from store.errors import ReportError

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")

# Tried in order after the BOM check. GB18030 is a superset of GBK/GB2312, so one entry covers
# mainland downloads; Big5 covers the occasional Taiwan/HK file.
_CANDIDATE_ENCODINGS = ("utf-8", "gb18030", "big5")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_HTML_DROP = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe")


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM still shows NULs in every other byte for ASCII/CJK-heavy text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.2 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.2 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _plausible_chinese(text: str) -> bool:
    """Reject decodes that technically succeed but produce mojibake or control characters."""
    if not text.strip():
        return True
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f")
    if controls > max(2, len(text) // 200):
        return False
    return bool(_CJK.search(text)) or text.isascii()


def decode_bytes(data: bytes, path: Path | str) -> str:
    """Decode with BOM detection, strict trial decodes, and a plausibility check; never mojibake."""
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
    utf16 = _looks_like_utf16(data)
    candidates = ((utf16,) if utf16 else ()) + _CANDIDATE_ENCODINGS
    if b"\x00" in data[:4096] and not utf16:
        raise ReportError(path, "binary file, not text")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible_chinese(text):
            return text
    raise ReportError(path, "cannot decode: not UTF-8, UTF-16, GB18030/GBK or Big5 text")


def _load_txt(path: Path) -> str:
    return decode_bytes(path.read_bytes(), path)


def _load_docx(path: Path) -> str:
    """Body paragraphs and table rows in document order (tables often hold the key figures)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
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


def _load_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ReportError(path, f"not a readable .pdf ({exc})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise ReportError(path, "PDF has no text layer (scanned image?); OCR it first")
    return text


def _load_html(path: Path) -> str:
    """Visible article text of a saved web page; navigation and scripts are dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_bytes(path.read_bytes(), path), "lxml")
    for tag in soup(_HTML_DROP):
        tag.decompose()
    body = soup.body or soup
    for br in body.find_all("br"):
        br.replace_with("\n")
    return body.get_text("\n")


_LOADERS: dict[str, Callable[[Path], str]] = {
    ".txt": _load_txt,
    ".docx": _load_docx,
    ".pdf": _load_pdf,
    ".html": _load_html,
    ".htm": _load_html,
}


def load_text(path: Path) -> str:
    """The text of one report file, or a ``ReportError`` naming the file and the problem."""
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        raise ReportError(path, f"unsupported file type '{path.suffix or '(none)'}'; use .txt .docx .pdf .html")
    if path.stat().st_size == 0:
        raise ReportError(path, "empty file")
    text = loader(path)
    if not _CJK.search(text):
        raise ReportError(path, "no Chinese text found: not a report")
    return text


def discover(paths: list[Path]) -> list[Path]:
    """Files named directly, plus every file under named folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            found.append(path)
    return found
