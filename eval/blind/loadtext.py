"""Plain-text loader for the blind corpus (used only by check_gold.py).

Dependency-free: .txt (utf-8 or gbk), .docx (zip + XML), .html (tags stripped).
"""
import html as _html
import re
import zipfile
from pathlib import Path


def load(path):
    p = Path(path)
    if p.suffix == ".docx":
        with zipfile.ZipFile(p) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        paras = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
        out = []
        for para in paras:
            out.append("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", para)))
        return _html.unescape("\n".join(out))
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gbk")
    if p.suffix in (".html", ".htm"):
        text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", text, flags=re.S)
        text = re.sub(r"<br\s*/?>|</p>|</div>|</li>|</tr>|</h\d>", "\n", text)
        text = re.sub(r"<[^>]+>", "", text)
        text = _html.unescape(text)
    return text
