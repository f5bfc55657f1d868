"""The config file and ``fazhi config``: precedence (flag > env > .env > file > default), editing
the file in place, masked keys, each setting's source (also in ``fazhi doctor``), one-line errors."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli.main import app
from agent.cli.progress import set_quiet
from agent.settings import ConfigError, Settings

runner = CliRunner()
KEY = "sk-config-secret-0123456789"


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty folder as the cwd (no stray .env), no FAZHI_/OPENAI_ variables, and FAZHI_CONFIG
    naming a config file there (not created)."""
    for name in list(os.environ):
        if name.startswith(("FAZHI_", "OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "conf" / "config.toml"
    monkeypatch.setenv("FAZHI_CONFIG", str(path))
    yield path
    set_quiet(False)  # the root callback of the last command set it for the whole process


def _run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def _shown(*args: str, env: dict[str, str] | None = None) -> dict[str, dict]:
    result = _run(*args, "config", "show", "--json", env=env)
    assert result.exit_code == 0, result.stderr
    return {row["name"]: row for row in json.loads(result.stdout)}


def test_flag_beats_env_beats_dotenv_beats_file_beats_default(config: Path) -> None:
    config.parent.mkdir()
    config.write_text('chroma_url = "http://file:1"\nmodel = "file-model"\ntemperature = 0.5\n'
                      'chunk_tokens = 300\n', encoding="utf-8")
    Path(".env").write_text("FAZHI_MODEL=dotenv-model\nFAZHI_CHUNK_TOKENS=350\n", encoding="utf-8")
    env = {"FAZHI_CHROMA_URL": "http://env:2", "FAZHI_CHUNK_TOKENS": "360"}

    shown = _shown("--chroma-url", "http://flag:3", env=env)
    assert (shown["chroma_url"]["value"], shown["chroma_url"]["source"]) == ("http://flag:3", "flag")
    assert (shown["chunk_tokens"]["value"], shown["chunk_tokens"]["source"]) == (360, "env")
    assert shown["chunk_tokens"]["where"] == "FAZHI_CHUNK_TOKENS"
    assert (shown["model"]["value"], shown["model"]["source"]) == ("dotenv-model", ".env")
    assert (shown["temperature"]["value"], shown["temperature"]["source"]) == (0.5, "config file")
    assert shown["temperature"]["where"] == f"{config}:3"
    assert (shown["max_chunks"]["value"], shown["max_chunks"]["source"]) == (5000, "default")

    shown = _shown(env=env)
    assert (shown["chroma_url"]["value"], shown["chroma_url"]["source"]) == ("http://env:2", "env")
    shown = _shown()
    assert (shown["chroma_url"]["value"], shown["chroma_url"]["source"]) == ("http://file:1", "config file")
    assert (shown["chunk_tokens"]["value"], shown["chunk_tokens"]["source"]) == (350, ".env")


def test_the_config_file_is_what_the_commands_run_on(config: Path, tmp_path: Path) -> None:
    home = tmp_path / "elsewhere"
    assert _run("config", "set", "home", str(home)).exit_code == 0
    assert Settings.load().store_dir == home / "store"
    assert _run("config", "path").stdout.strip() == str(config)


def test_set_show_unset_round_trip_keeps_comments_and_masks_keys(config: Path) -> None:
    config.parent.mkdir()
    config.write_text("# my endpoint\nmodel = \"old\"  # the big one\n", encoding="utf-8")
    for key, value in (("model", "qwen"), ("temperature", "0.25"), ("agent_tools", "yes"), ("api_key", KEY)):
        result = _run("config", "set", key, value)
        assert result.exit_code == 0, result.stderr
    text = config.read_text(encoding="utf-8")
    assert "# my endpoint" in text and "# the big one" in text
    assert 'model = "qwen"' in text and "temperature = 0.25" in text and "agent_tools = true" in text
    assert KEY not in _run("config", "set", "api_key", KEY).stderr

    shown = _shown()
    assert shown["api_key"]["value"] == "sk-…789" and shown["api_key"]["source"] == "config file"
    assert (shown["temperature"]["value"], shown["agent_tools"]["value"]) == (0.25, True)
    table = _run("config", "show")
    assert KEY not in table.stdout and "sk-…789" in table.stdout

    assert _run("config", "unset", "temperature").exit_code == 0
    assert "temperature" not in config.read_text(encoding="utf-8")
    assert _shown()["temperature"]["source"] == "default"
    assert "not set" in _run("config", "unset", "temperature").stderr


def test_a_new_config_file_is_private(config: Path) -> None:
    assert _run("config", "set", "api_key", KEY).exit_code == 0
    assert config.stat().st_mode & 0o777 == 0o600


def test_set_warns_when_the_environment_overrides_the_file(config: Path) -> None:
    result = _run("config", "set", "model", "qwen", env={"FAZHI_MODEL": "other"})
    assert result.exit_code == 0
    assert "warning: env FAZHI_MODEL overrides" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("config", "set", "modle", "x"), "unknown setting 'modle'"),
        (("config", "set", "max_chunks", "lots"), "setting max_chunks = 'lots': Input should be a valid integer"),
        (("config", "set", "config_file", "/x.toml"), "unknown setting 'config_file' (set it with FAZHI_CONFIG)"),
        (("config", "unset", "modle"), "unknown setting 'modle'"),
    ],
)
def test_a_bad_key_or_value_is_one_line_naming_the_key(config: Path, args: tuple[str, ...], expected: str) -> None:
    result = _run(*args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert expected in result.stderr
    assert not config.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('model = "qwen"\ntemperature = = 1\n', "{path}: Invalid value (at line 2, column 15)"),
        ('model = "qwen"\n\nmodle = "x"\n', "{path} line 3: unknown setting 'modle'"),
        ('temperature = "hot"\n', "setting temperature = 'hot' (from config file {path}:1): Input should be a valid number"),
    ],
)
def test_a_bad_config_file_is_one_line_naming_the_file_and_line(config: Path, text: str, expected: str) -> None:
    config.parent.mkdir()
    config.write_text(text, encoding="utf-8")
    result = _run("reports", "--json")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert expected.format(path=config) in result.stderr
    assert json.loads(result.stdout)["error"]["kind"] == "config"
    with pytest.raises(ConfigError):
        Settings.load()


def test_a_bad_environment_value_names_the_variable(config: Path) -> None:
    result = _run("reports", env={"FAZHI_MAX_CHUNKS": "lots"})
    assert result.exit_code == 2
    assert "setting max_chunks = 'lots' (from env FAZHI_MAX_CHUNKS)" in result.stderr


def test_doctor_names_the_source_of_every_setting_and_keeps_its_fields(config: Path, tmp_path: Path) -> None:
    config.parent.mkdir()
    config.write_text(f'api_key = "{KEY}"\n', encoding="utf-8")
    env = {"FAZHI_BASE_URL": "http://127.0.0.1:9/v1", "FAZHI_MAX_RETRIES": "0", "FAZHI_TIMEOUT": "5"}
    result = _run("--home", str(tmp_path / "home"), "doctor", "--json", env=env)
    report = json.loads(result.stdout)
    assert {"endpoint", "model", "local", "embedder", "store_dir", "store", "checks", "ok"} <= set(report)
    settings = {row["name"]: row for row in report["settings"]}
    assert set(settings) == set(Settings.model_fields)
    assert settings["home"]["source"] == "flag"
    assert (settings["base_url"]["source"], settings["base_url"]["where"]) == ("env", "FAZHI_BASE_URL")
    assert settings["api_key"] == {"name": "api_key", "value": "sk-…789", "source": "config file",
                                   "where": f"{config}:1"}
    assert settings["embedder"]["source"] == "default"
    assert KEY not in result.stdout + result.stderr

    text = _run("--home", str(tmp_path / "home"), "doctor", env=env).stdout
    assert "base_url" in text and "FAZHI_BASE_URL" in text and "sk-…789" in text and KEY not in text
