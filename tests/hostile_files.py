"""Builders for files that attack the loaders, shared by the tests and bench/robustness.py.

Each streams its padding through the compressor, so building a 400 MB bomb costs its ~400 KB on
disk and a megabyte of memory, not 400 MB.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

_MB = 1_000_000
_PAD = b" " * _MB


def zip_bomb_docx(path: Path, inflated_mb: int, declares: int | None = None) -> Path:
    """A real .docx whose document.xml is padded with ``inflated_mb`` MB of spaces (about 1 KB
    per MB once deflated): the shape of the 1.3 MB file that took 6 GB in issue 12. With
    ``declares``, both its zip headers (the central directory and the member's own) give that many
    bytes as document.xml's size instead: the lying file of issue 23, which declared 4 KB for 1.1 GB
    (under 2 GB, so that no zip64 field holds the size)."""
    import docx

    document = docx.Document()
    document.add_paragraph("青石乡2024年度法治政府建设情况报告")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename != "word/document.xml":
                out.writestr(item, data)
                continue
            cut = data.rindex(b"</w:document>")
            with out.open(item.filename, "w", force_zip64=declares is None) as member:
                member.write(data[:cut])
                for _ in range(inflated_mb):
                    member.write(_PAD)
                member.write(data[cut:])
            lying = out.getinfo(item.filename)
            if declares is not None:
                lying.file_size = declares  # what the central directory will say
    if declares is not None:
        with path.open("r+b") as patched:  # and the member's local header (uncompressed size)
            patched.seek(lying.header_offset + 22)
            patched.write(struct.pack("<I", declares))
    return path


def _deflated_padding(megabytes: int) -> bytes:
    squeeze = zlib.compressobj(9)
    parts = [squeeze.compress(b"BT ET ")]
    parts.extend(squeeze.compress(_PAD) for _ in range(megabytes))
    parts.append(squeeze.flush())
    return b"".join(parts)


def pdf_bomb(path: Path, pages: int, mb_per_page: int) -> Path:
    """A valid PDF of ``pages`` pages, each content stream ``mb_per_page`` MB of spaces once
    inflated. Under pypdf's own 75 MB per-stream limit, pages add up past ours."""
    stream = _deflated_padding(mb_per_page)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages)).encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    for i in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>" % (4 + 2 * i))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
