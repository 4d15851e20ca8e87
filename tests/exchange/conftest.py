"""Shared set-up of Pasan's exchange checks: independent tools read what Pasan writes, and
Pasan's imports are compared with what those tools build.

Run through scripts/test (stage "exchange"), which builds pasan, creates the venvs and sets:
  PASAN_BIN               the pasan binary (required)
  PASAN_BASE_URL          a live `pasan serve --demo` (SQLite) for the HTTP checks
  PASAN_SDG_BUILD_PYTHON  the python of a venv with sdg-build 2.3.0 (../shared/tools/sdg-build/setup)
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

for _var in ("no_proxy", "NO_PROXY"):
    _old = os.environ.get(_var, "")
    os.environ[_var] = "127.0.0.1,localhost,::1" + ("," + _old if _old else "")


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(f"{name} is not set: run the exchange checks through scripts/test", pytrace=False)
    return value


@pytest.fixture(scope="session")
def pasan_bin() -> str:
    return _required("PASAN_BIN")


@pytest.fixture(scope="session")
def sdg_build_python() -> str:
    return _required("PASAN_SDG_BUILD_PYTHON")


@pytest.fixture(scope="session")
def base_url() -> str:
    return _required("PASAN_BASE_URL").rstrip("/")


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Runs a command, failing the test with its output when it fails."""
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(cmd)} exited {result.returncode}\n--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}",
            pytrace=False,
        )
    return result


def sdg_build(python: str, repository: pathlib.Path) -> pathlib.Path:
    """Builds an Open SDG data repository with sdg-build (check first, then build) and returns
    its `_site` folder. The remote sdg-translations source is removed from the configuration
    first (it would clone from the internet)."""
    config = repository / "config_data.yml"
    text = config.read_text(encoding="utf-8")
    lines, skip = [], False
    for line in text.splitlines():
        if line.strip().startswith("- class: TranslationInputSdgTranslations"):
            skip = True
            continue
        if skip and line.startswith("    ") and not line.strip().startswith("- "):
            continue
        skip = False
        lines.append(line)
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from sdg.open_sdg import open_sdg_build, open_sdg_check\n"
        "if not open_sdg_check(config='config_data.yml'): sys.exit('open_sdg_check failed')\n"
        "open_sdg_build(config='config_data.yml')\n"
    )
    run([python, "-c", script], cwd=repository)
    return repository / "_site"


@pytest.fixture()
def lsb_repository(tmp_path: pathlib.Path) -> pathlib.Path:
    """A writable copy of LSB's Open SDG repository (tests/fixtures/sdg-laos)."""
    target = tmp_path / "sdg-laos"
    shutil.copytree(FIXTURES / "sdg-laos", target)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target
