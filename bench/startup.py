"""How long a ``fazhi`` command takes from the shell: wall-clock seconds of whole processes.

Each command runs as its own process (``python -c "from agent.cli.main import app; app()" ...``, what
the ``fazhi`` script does), once to warm the disk cache and rebuild a stale search cache, then
``--runs`` times (default 5); printed are the median wall-clock seconds with the fastest and slowest
run, and the median CPU seconds (user + system) of the process: on a shared machine the wall clock
also counts the time other processes held the cores, the CPU time does not, and on an idle machine
the two nearly agree (one thread, files in the page cache). Commands:

* ``--help``, ``--version``, ``search --help``: no store, no model;
* ``reports`` on the sample store (the five samples, ingested into a temporary home);
* ``search 执法记录仪`` on the sample store and, with ``--home``, on a bigger store: cold, i.e. a
  fresh process that loads whatever the search needs (the encoder for the dense half included);
* ``chat`` on the sample store with the local model (``--chat``): seconds from the command to its
  prompt, and from ``exit`` typed to the process gone, on a pseudo-terminal. The local model is
  ``tests/fake_llama_server.py`` standing in for llama-server (no model is loaded, no server built):
  it is ready ``--chat-load-s`` seconds after it starts and takes ``--chat-term-s`` seconds to stop
  after SIGTERM, the shape of the 12–15 s to the prompt and 12–13 s to exit measured with the real
  one (issue 22). Only fazhi's own waiting is timed; what the real server adds is those two numbers.

    .venv/bin/python bench/startup.py
    .venv/bin/python bench/startup.py --home /tmp/fz-home          # FAZHI_HOME of a 1,000-report store
    .venv/bin/python bench/startup.py --source /path/to/other/checkout   # time another checkout's fazhi
    .venv/bin/python bench/startup.py --chat --runs 3                     # chat's prompt and exit too

A 1,000-report store: ``bench/ingest.py --reports 1000 --workdir /tmp/fz-bench`` leaves one in
``/tmp/fz-bench/fazhi``; a home for it is a folder whose ``store`` links there. Figures: docs/ingest.md,
"Performance".
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERY = "执法记录仪"


def fazhi(source: Path, home: Path | None, *args: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one ``fazhi ARGS`` process; a failing command stops the benchmark."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "OPENAI_"))}
    env["PYTHONPATH"] = str(source)
    if home is not None:
        env["FAZHI_HOME"] = str(home)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from agent.cli.main import app; app()", *args], cwd=source,
                          env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"fazhi {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def measure(label: str, runs: int, source: Path, home: Path | None, *args: str) -> None:
    fazhi(source, home, *args)  # warm-up: disk cache, and a search cache another version left stale
    wall, cpu = zip(*(fazhi(source, home, *args) for _ in range(runs)), strict=True)
    print(f"| {label} | {statistics.median(wall):.2f} | {min(wall):.2f}-{max(wall):.2f} | "
          f"{statistics.median(cpu):.2f} |", flush=True)


def sample_home(source: Path, workdir: Path) -> Path:
    """A home with the five samples ingested by ``source``'s fazhi."""
    home = workdir / "samples-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "OPENAI_"))}
    subprocess.run([sys.executable, "-c", "from agent.cli.main import app; app()", "ingest", str(ROOT / "samples"),
                    "--home", str(home), "--json"], cwd=source, env={**env, "PYTHONPATH": str(source)},
                   check=True, capture_output=True)
    return home


def chat_times(source: Path, home: Path, workdir: Path, load_s: float, term_s: float) -> tuple[float, float]:
    """Seconds from ``fazhi chat`` to its prompt, and from ``exit`` typed to the process gone."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pty_session import PtySession

    runtime = home / "runtime"
    runtime.mkdir(exist_ok=True)
    server = runtime / "llama-server"
    server.write_text(f"#!/bin/sh\nexec {sys.executable} {ROOT / 'tests' / 'fake_llama_server.py'} \"$@\"\n")
    server.chmod(0o755)
    model = workdir / "stand-in.gguf"
    model.write_bytes(b"GGUF")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "OPENAI_"))}
    env.update({"PYTHONPATH": str(source), "FAZHI_HOME": str(home), "FAZHI_LOCAL_MODEL_PATH": str(model),
                "FAZHI_LANG": "zh", "PROMPT_TOOLKIT_NO_CPR": "1", "FAKE_LOAD_S": str(load_s), "FAKE_TERM_S": str(term_s)})
    chat = PtySession([sys.executable, "-c", "from agent.cli.main import app; app()", "chat"], env, source)
    try:
        chat.read_until("问>", timeout=300)
        to_prompt = time.monotonic() - chat.started
        time.sleep(load_s + 1)  # the server is up: exit stops a running server
        chat.send("exit\r")
        left = time.monotonic()
        chat.wait(timeout=300)
        return to_prompt, time.monotonic() - left
    finally:
        chat.close()


def measure_chat(runs: int, source: Path, home: Path, workdir: Path, load_s: float, term_s: float) -> None:
    chat_times(source, home, workdir, load_s, term_s)  # warm-up
    prompt, leave = zip(*(chat_times(source, home, workdir, load_s, term_s) for _ in range(runs)), strict=True)
    stand_in = f"(stand-in server: ready after {load_s:g} s, stops {term_s:g} s after SIGTERM)"
    print(f"| fazhi chat: to the prompt {stand_in} | {statistics.median(prompt):.2f} | "
          f"{min(prompt):.2f}-{max(prompt):.2f} | |", flush=True)
    print(f"| fazhi chat: exit to gone {stand_in} | {statistics.median(leave):.2f} | "
          f"{min(leave):.2f}-{max(leave):.2f} | |", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, help="FAZHI_HOME of a bigger store to search as well")
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose fazhi is timed (default: this one)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--chat", action="store_true", help="also time chat's prompt and exit (stand-in server)")
    parser.add_argument("--chat-only", action="store_true", help="time chat's prompt and exit only")
    parser.add_argument("--chat-load-s", type=float, default=5.0, help="stand-in server's start (default 5 s)")
    parser.add_argument("--chat-term-s", type=float, default=10.0, help="stand-in server's stop (default 10 s)")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"fazhi from {source}; python {platform.python_version()}, nproc={os.cpu_count()}, "
          f"loadavg {load:.2f}; median of {args.runs} processes\n")
    print("| command | wall s (median) | wall s (range) | CPU s (median) |\n|---|---|---|---|")
    workdir = Path(tempfile.mkdtemp(prefix="fazhi-startup-"))
    try:
        if not args.chat_only:
            measure("fazhi --help", args.runs, source, None, "--help")
            measure("fazhi --version", args.runs, source, None, "--version")
            measure("fazhi search --help", args.runs, source, None, "search", "--help")
        home = sample_home(source, workdir)
        if args.chat or args.chat_only:
            measure_chat(args.runs, source, home, workdir, args.chat_load_s, args.chat_term_s)
        if args.chat_only:
            return
        measure("fazhi reports (5 samples)", args.runs, source, home, "reports")
        measure(f"fazhi search {QUERY} (5 samples)", args.runs, source, home, "search", QUERY)
        if args.home is not None:
            measure(f"fazhi reports ({args.home})", args.runs, source, args.home, "reports", "--json")
            measure(f"fazhi search {QUERY} ({args.home})", args.runs, source, args.home, "search", QUERY)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
