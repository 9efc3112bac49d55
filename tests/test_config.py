"""Configuration: the example documents every option, unknown keys are named, env secrets."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from analyzers.limits import DEFAULT_LIMITS
from bot.config import Config, ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "config.example.toml"
SECTIONS = {f.name: f.type for f in dataclasses.fields(Config) if f.name != "source"}


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "CLAUSESCOUT_CONFIG",
        "TELEGRAM_TOKEN",
        "DISCORD_TOKEN",
        "TELEGRAM_WEBHOOK_SECRET",
        "CLAUSESCOUT_SALT",
    ):
        monkeypatch.delenv(name, raising=False)


def _section_text(name: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    match = re.search(rf"^\[{name}\]\n(.*?)(?=^\[|\Z)", text, re.M | re.S)
    assert match, f"[{name}] missing from config.example.toml"
    return match.group(1)


def test_example_documents_every_option() -> None:
    config = Config()
    for section in SECTIONS:
        body = _section_text(section)
        for field in dataclasses.fields(getattr(config, section)):
            pattern = rf"^#?\s*{field.name}\s*[=:]"
            assert re.search(pattern, body, re.M), f"[{section}] {field.name} is not documented"
            # every option has a comment line right above it or on its own commented line
            line = re.search(pattern, body, re.M)
            before = body[: line.start()].rstrip("\n").rsplit("\n", 1)[-1]
            assert before.startswith("#") or line.group(0).startswith("#"), field.name


def test_example_values_are_the_defaults() -> None:
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert dataclasses.replace(parse_config(raw), source=None) == Config()


def test_example_has_no_secrets() -> None:
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    secret_keys = {"token", "salt", "webhook_secret"}
    for section, values in raw.items():
        assert not secret_keys & set(values), section


def test_no_file_means_defaults(_data_dir: Path) -> None:
    config = load_config(None)
    assert config.bot.adapters == ("console",)
    assert config.storage.path == str(_data_dir / "clausescout.db")  # not the working dir
    assert config.source is None


def test_config_from_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[storage]\npath = "elsewhere.db"\n', encoding="utf-8")
    monkeypatch.setenv("CLAUSESCOUT_CONFIG", str(path))
    assert load_config().storage.path == "elsewhere.db"


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ("[bot]\nadapter = ['console']\n", "[bot] adapter"),
        ("[storage]\nretention = 3\n", "[storage] retention"),
        ("[telegram]\nbase_urls = 'x'\n", "[telegram] base_urls"),
        ("[database]\npath = 'x'\n", "[database]"),
        ("[rate_limit]\nburst = 'five'\n", "[rate_limit] burst"),
        ("[bot]\nadapters = ['slack']\n", "'slack'"),
        ("[bot]\nmax_concurrent_jobs = 0\n", "max_concurrent_jobs"),
        ("[bot]\nanalysis_timeout_s = 0\n", "analysis_timeout_s"),
        ("[bot]\nlog_level = 'LOUD'\n", "log_level"),
        ("[bot]\nadapters = ['telegram']\n", "TELEGRAM_TOKEN"),
    ],
)
def test_errors_name_the_key(tmp_path: Path, toml: str, named: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert named in str(caught.value)


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[bot\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(broken)


def test_tokens_come_from_the_environment_and_stay_out_of_repr(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_TOKEN", "4242:from-env")
    monkeypatch.setenv("CLAUSESCOUT_SALT", "salty-salt-value")
    config = parse_config({"bot": {"adapters": ["telegram"]}, "telegram": {"token": "in-file"}})
    assert config.telegram.token == "4242:from-env"
    assert config.storage.salt == "salty-salt-value"
    assert "from-env" not in repr(config) and "salty" not in repr(config)


def test_self_hosted_bot_api() -> None:
    config = parse_config(
        {
            "telegram": {
                "base_url": "http://localhost:8081/bot",
                "base_file_url": "http://localhost:8081/file/bot",
            }
        }
    )
    assert config.telegram.base_url == "http://localhost:8081/bot"
    assert config.telegram.base_file_url == "http://localhost:8081/file/bot"


NUMERIC = [
    (section, f.name)
    for section in SECTIONS
    for f in dataclasses.fields(getattr(Config(), section))
    if isinstance(f.default, int | float) and not isinstance(f.default, bool)
]


@pytest.mark.parametrize(("section", "key"), NUMERIC)
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "9223372036854775807", "-1"])
def test_absurd_numbers_are_refused_by_name(
    tmp_path: Path, section: str, key: str, value: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f"[{section}]\n{key} = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"[{section}] {key}" in str(caught.value)


def test_the_time_limit_cannot_be_switched_off() -> None:
    for value in (float("nan"), float("inf")):
        with pytest.raises(ConfigError, match="analysis_timeout_s"):
            parse_config({"bot": {"analysis_timeout_s": value}})


def test_a_directory_as_the_database_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[storage\] path .* is a directory"):
        parse_config({"storage": {"path": str(tmp_path)}})


def test_the_input_limits_come_from_one_place() -> None:
    """The bot's limits are the analyzer's ``Limits`` with the configured values, and the
    defaults are the analyzer's own."""
    default = Config().bot
    assert default.file_limits == DEFAULT_LIMITS
    config = parse_config({"bot": {"max_file_mb": 2, "max_pages": 7, "max_paste_chars": 900}})
    assert config.bot.file_limits == dataclasses.replace(
        DEFAULT_LIMITS, max_bytes=2_000_000, max_pages=7
    )
    assert config.bot.paste_limits == dataclasses.replace(DEFAULT_LIMITS, max_chars=900)
