"""The clausescout command: analyze, noai, --config everywhere, and `run` in a subprocess."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from analyzers import CorruptFile, analyze_file
from bot.cli import main
from responses import plain_format
from responses.build import contract_reply
from responses.noai import template_text
from tests.pdfs import damaged_pdf

ROOT = Path(__file__).resolve().parent.parent
# Common Paper Professional Services Agreement (CC BY 4.0, Common Paper, Inc.).
AGREEMENT = ROOT / "tests/fixtures/corpus/contract_common-paper-professional-services-agreement.txt"
AI_CLAUSE = (
    "The Client may use the Deliverables to train, fine-tune or improve artificial "
    "intelligence and machine learning models, without further payment."
)


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CLAUSESCOUT_CONFIG", "TELEGRAM_TOKEN", "DISCORD_TOKEN", "CLAUSESCOUT_SALT"):
        monkeypatch.delenv(name, raising=False)


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("CLAUSESCOUT_CONFIG", "TELEGRAM_TOKEN", "DISCORD_TOKEN"):
        env.pop(name, None)
    return env


# --- analyze -----------------------------------------------------------------------------


def test_analyze_prints_the_contract_answer_and_saves_the_full_report_where_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["analyze", str(AGREEMENT)]) == 0
    out = capsys.readouterr().out
    reply = contract_reply(
        analyze_file(AGREEMENT.read_bytes(), AGREEMENT.name), filename=AGREEMENT.name
    )
    printed, hint = out.rstrip("\n").rsplit("\n", 1)
    assert printed.strip() == plain_format.render(reply).strip()
    assert "add --report FILE.md to save it" in hint  # the report quotes the contract
    target = tmp_path / "offer-report.md"
    assert main(["analyze", str(AGREEMENT), "--report", str(target)]) == 0
    assert capsys.readouterr().out.rstrip().endswith(f"Full report: {target}")
    (report_file,) = reply.files
    assert target.read_bytes() == report_file.data
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.usefixtures("tesseract")
def test_analyze_reads_a_photo_and_photos_of_pages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.ocr_pictures import PAYMENT_CLAUSE, photo_of

    first, second = tmp_path / "IMG_1.jpg", tmp_path / "IMG_2.jpg"
    first.write_bytes(photo_of(PAYMENT_CLAUSE))
    second.write_bytes(photo_of(AI_CLAUSE, seed=2))
    assert main(["analyze", str(second)]) == 0
    out = capsys.readouterr().out
    assert "AI training" in out and "Read from a scan: check the wording." in out
    assert main(["analyze", "--json", str(first), str(second)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["stats"]["pages"] == 2
    pages = {f["category"]: f["page"] for f in report["findings"]}
    assert pages["payment_terms"] == 1 and pages["ai_training_grant"] == 2
    assert all(f["from_scan"] for f in report["findings"])


def test_analyze_several_files_must_be_photos(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(damaged_pdf())
    assert main(["analyze", str(pdf), str(pdf)]) == 2
    assert "JPEG, PNG, WebP" in capsys.readouterr().err


def test_analyze_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(AGREEMENT), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = analyze_file(AGREEMENT.read_bytes(), AGREEMENT.name).to_dict()
    printed["stats"].pop("elapsed_ms")
    expected["stats"].pop("elapsed_ms")
    assert printed == expected
    assert printed["schema"] == "clausescout.report/1"


def test_analyze_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(AI_CLAUSE.encode())))
    assert main(["analyze", "-", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [f["category"] for f in report["findings"]] == ["ai_training_grant"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(AI_CLAUSE.encode())))
    assert main(["analyze", "-"]) == 0
    assert "Contract check: stdin.txt" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.pdf", "no such file"),
        (lambda p: p, "is a directory"),
        (lambda p: _write(p / "bad.pdf", damaged_pdf()), CorruptFile().user_message),
        (lambda p: _write(p / "empty.txt", b""), "That looks empty"),
        (lambda p: _write(p / "funny.gif", b"GIF89a" + bytes(64)), "I can read PDF"),
        (lambda p: _write(p / "photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64)), "damaged"),
    ],
)
def test_analyze_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, message: str
) -> None:
    assert main(["analyze", str(make(tmp_path))]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("clausescout: ") and message in lines[0]


def test_analyze_respects_the_configured_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _write(tmp_path / "c.toml", b"[bot]\nmax_file_mb = 0.001\n")
    assert main(["analyze", str(AGREEMENT), "--config", str(config)]) == 2
    assert "I can read files up to 0.0 MB" in capsys.readouterr().err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- noai --------------------------------------------------------------------------------


def test_noai_prints_a_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["noai", "general", "--client", "Acme Ltd", "--freelancer", "Sam Doe"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == template_text("general", client="Acme Ltd", freelancer="Sam Doe").strip()
    assert main(["noai"]) == 0
    assert capsys.readouterr().out.strip() == template_text("rider").strip()


def test_noai_takes_the_same_names_as_the_chat(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["noai", "paid"]) == 0
    assert capsys.readouterr().out.strip() == template_text("licence").strip()
    assert main(["noai", "nonsense"]) == 2
    assert "choose one of general, specific, full, licence, rider" in capsys.readouterr().err


def test_noai_writes_files(tmp_path: Path) -> None:
    for suffix in (".docx", ".md", ".txt"):
        target = tmp_path / f"rider{suffix}"
        assert main(["noai", "rider", "--client", "Acme Ltd", "--out", str(target)]) == 0
        if suffix == ".docx":
            text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
        else:
            text = target.read_text(encoding="utf-8")
        assert "Acme Ltd" in text and "ai usage restrictions" in text.lower()


def test_noai_bad_output_type(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["noai", "--out", str(tmp_path / "x.pdf")]) == 2
    assert capsys.readouterr().err.startswith("clausescout: ")


# --- --config, usage ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--config", "{bad}"],
        ["console", "--config", "{bad}"],
        ["analyze", "x.pdf", "--config", "{bad}"],
        ["noai", "--config", "{bad}"],
        ["discord-sync", "--config", "{bad}"],
        ["--config", "{bad}", "noai"],
    ],
)
def test_config_option_on_every_subcommand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[bot]\nnot_an_option = 1\n", encoding="utf-8")
    assert main([a.replace("{bad}", str(bad)) for a in argv]) == 2
    assert "unknown config key [bot] not_an_option" in capsys.readouterr().err


def test_config_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[oops]\n", encoding="utf-8")
    monkeypatch.setenv("CLAUSESCOUT_CONFIG", str(bad))
    assert main(["noai"]) == 2
    assert "[oops]" in capsys.readouterr().err


def test_discord_sync_needs_a_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discord-sync"]) == 2
    assert "DISCORD_TOKEN" in capsys.readouterr().err


def test_discord_sync_without_a_connection_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Through the adapter, which quiets discord.py's audioop DeprecationWarning.
    import bot.adapters.discord_adapter  # noqa: F401

    # Nothing listens on port 1: the connection is refused, as without a network.
    monkeypatch.setattr("discord.http.Route.BASE", "http://127.0.0.1:1/api/v10")
    monkeypatch.setenv("DISCORD_TOKEN", "MTIz.not-a-real-token.abc")
    assert main(["discord-sync"]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "clausescout: discord-sync failed: cannot reach Discord (check the network connection)"
    ]
    assert "not-a-real-token" not in captured.out + captured.err


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ("[bot]\nanalysis_timeout_s = nan\n", "[bot] analysis_timeout_s"),
        ("[bot]\nmax_file_mb = inf\n", "[bot] max_file_mb"),
        ("[storage]\nretention_days = 9223372036854775807\n", "[storage] retention_days"),
        ('[storage]\npath = "{dir}"\n', "is a directory"),
    ],
)
def test_absurd_config_is_one_line_for_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], toml: str, named: str
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(toml.replace("{dir}", str(tmp_path)), encoding="utf-8")
    for argv in (["console"], ["analyze", str(AGREEMENT)], ["run"]):
        assert main([*argv, "--config", str(config)]) == 2
        lines = capsys.readouterr().err.splitlines()
        assert len(lines) == 1 and named in lines[0], (argv, lines)


def test_a_database_that_is_not_one_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"not a database, just notes " * 100)
    config = tmp_path / "c.toml"
    config.write_text(f'[storage]\npath = "{notes}"\n', encoding="utf-8")
    assert main(["console", "--config", str(config)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "cannot use" in lines[0] and str(notes) in lines[0]


def test_no_command_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: clausescout" in capsys.readouterr().err


# --- run / console in a subprocess --------------------------------------------------------


def _start(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[bot]\nadapters = ["console"]\n[storage]\npath = "{tmp_path / "bot.db"}"\n',
        encoding="utf-8",
    )
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot.cli",
            *args,
            "--config",
            str(config),
            "--out-dir",
            str(tmp_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=_env(),
    )


def _read_until(process: subprocess.Popen[str], marker: str, limit_s: float = 60) -> str:
    """Read stdout lines until one contains ``marker``."""
    assert process.stdout is not None
    seen = []
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"{marker!r} not printed; got {''.join(seen)!r}")


def test_run_exits_cleanly_at_end_of_input(tmp_path: Path) -> None:
    process = _start(tmp_path, "run")
    out, err = process.communicate(f"/help\n{AI_CLAUSE}\n", timeout=60)
    assert process.returncode == 0, err
    assert "What I can do" in out and "Yes, this clause is risky" in out
    assert "Traceback" not in err
    assert (tmp_path / "bot.db").exists()


def test_run_finishes_the_reply_in_flight_on_sigterm(tmp_path: Path) -> None:
    process = _start(tmp_path, "run")
    assert process.stdin is not None
    process.stdin.write("/help\n")
    process.stdin.flush()
    _read_until(process, "What I can do")
    process.stdin.write(f"/analyze {AGREEMENT}\n")
    process.stdin.flush()
    _read_until(process, "Reading your contract")
    process.send_signal(signal.SIGTERM)  # while the analysis runs
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Contract check" in out  # the reply in flight was finished
    assert "Traceback" not in err


def test_run_stops_on_sigint_while_idle(tmp_path: Path) -> None:
    process = _start(tmp_path, "run")
    assert process.stdin is not None
    process.stdin.write("/start\n")
    process.stdin.flush()
    _read_until(process, "Hi, I'm ClauseScout")
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Traceback" not in err


def test_console_does_not_import_chat_libraries(tmp_path: Path, _data_dir: Path) -> None:
    code = (
        "import sys\n"
        "from bot.cli import main\n"
        "code = main(['console'])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'discord', 'telegram'})\n"
        "print('LOADED', loaded, code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        input="/help\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=60,
    )
    assert "LOADED [] 0" in done.stdout, done.stderr
    assert (_data_dir / "clausescout.db").exists()  # the user's data directory, not the cwd
    assert not (tmp_path / "clausescout.db").exists()


# --- compare -----------------------------------------------------------------------------

PAIRS = ROOT / "tests/fixtures/pairs"
ZOOM_JULY = PAIRS / "zoom_2023-07-27_s9-11.md"
ZOOM_AUGUST = PAIRS / "zoom_2023-08-11_s9-11.md"
COMPARE_SCHEMA = json.loads((ROOT / "tests/fixtures/compare.schema.json").read_text("utf-8"))


def test_compare_json_matches_its_schema(capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    assert main(["compare", str(ZOOM_JULY), str(ZOOM_AUGUST), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    jsonschema.validate(printed, COMPARE_SCHEMA)
    assert (printed["before"]["ai_training"], printed["after"]["ai_training"]) == (
        "exposed",
        "protected",
    )
    assert {item["category"] for item in printed["fixed"]} >= {"ai_training_grant"}
    assert all(item["after"] is None for item in printed["fixed"])
    assert all(item["before"] is None for item in printed["added"])
    assert all(item["before"] and item["after"] for item in printed["changed"])


def test_compare_schema_names_every_category() -> None:
    from analyzers import CATEGORIES

    enum = COMPARE_SCHEMA["$defs"]["item"]["properties"]["category"]["enum"]
    assert enum == list(CATEGORIES)


def test_compare_prints_the_headline_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(ZOOM_JULY), str(ZOOM_AUGUST)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "zoom_2023-07-27_s9-11.md → zoom_2023-08-11_s9-11.md" in lines[0]
    assert lines[2].startswith("The AI-training permission is gone")


def test_compare_identical_files_says_no_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(ZOOM_JULY), str(ZOOM_JULY), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["no_changes"] is True
    assert printed["headline"] == "No changes: the two files are identical."


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("missing.md", str(ZOOM_AUGUST), "no such file: missing.md"),
        (str(ROOT / "tests"), str(ZOOM_AUGUST), "is a directory"),
        ("-", "-", "only one of the two drafts can be read from stdin"),
        (str(ZOOM_JULY), "EMPTY", "the new draft (empty.txt): "),
    ],
)
def test_compare_bad_input_is_one_line_and_exit_2(
    old: str,
    new: str,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if new == "EMPTY":
        (tmp_path / "empty.txt").write_bytes(b"")
        new = str(tmp_path / "empty.txt")
    assert main(["compare", old, new]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("clausescout: ") and message in line


async def test_run_warms_up_before_any_adapter_connects(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules compiled and the model loaded (here and in the forkserver) before an adapter
    runs, so the first message after start is not the one that pays for it."""
    import multiprocessing.forkserver

    import analyzers
    import bot.adapters
    from bot.cli import _serve_async
    from bot.config import parse_config
    from bot.storage import Storage

    warmed: list[str] = []
    seen_at_connect: list[tuple[list[str], bool]] = []
    real_warm_up = analyzers.warm_up

    def warm_up() -> None:
        real_warm_up()
        warmed.append("main")

    class Adapter:
        async def run(self) -> None:
            server = multiprocessing.forkserver._forkserver  # type: ignore[attr-defined]
            seen_at_connect.append((list(warmed), server._forkserver_pid is not None))

    monkeypatch.setattr(analyzers, "warm_up", warm_up)
    monkeypatch.setattr(bot.adapters, "create_adapter", lambda *args, **kwargs: Adapter())
    storage = Storage.memory(salt="test-salt")
    try:
        code = await _serve_async(parse_config({}), storage, ["console"], None)
    finally:
        storage.close()
    assert code == 0
    assert seen_at_connect == [(["main"], True)]
