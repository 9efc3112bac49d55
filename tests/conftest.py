"""Every test gets its own data directory: nothing is written to the real one."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data / "clausescout"


# Tests that read pictures need the Tesseract program. On a developer's machine without it
# they are skipped, saying so; .ci/run installs it and sets this variable, so there a
# missing Tesseract fails them instead of hiding them.
REQUIRE_OCR_ENV = "CLAUSESCOUT_REQUIRE_OCR"


@pytest.fixture
def tesseract() -> None:
    """Skip (or, in CI, fail) the test when Tesseract is not installed."""
    import os
    import shutil

    from analyzers.extract import ocr

    if shutil.which(ocr.TESSERACT):
        return
    reason = f"Tesseract OCR is not installed ({ocr.INSTALL_HINT})"
    if os.environ.get(REQUIRE_OCR_ENV) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_OCR_ENV}=1 requires it")
    pytest.skip(reason)
