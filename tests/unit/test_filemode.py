"""Files written through a temporary file (mkstemp, then rename) get the mode ``open()`` would give them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.filemode import current_umask
from core.settings import Settings
from gui import mappings
from tasks import registry
from tasks.grant_alerts import profiles
from tests.helpers import run_cli


@pytest.fixture(params=[0o022, 0o027])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_current_umask_reads_without_changing(umask: int) -> None:
    assert current_umask() == umask
    assert current_umask() == umask


def test_result_workbook_is_readable_by_colleagues(umask: int, tmp_path: Path) -> None:
    """Guards issue 10: result files were created 0600 (mkstemp's mode survived the rename)."""
    task = registry().get("overtime-pay")
    samples = tmp_path / "samples"
    samples.mkdir()
    args = [f"--input={name}={path}" for name, path in task.write_samples(samples).items()]
    out = tmp_path / "결과.xlsx"
    code, _, err = run_cli("run", task.id, *args, "--output", str(out))
    assert code == 0, err
    assert mode(out) == 0o666 & ~umask


def test_settings_profiles_and_mappings_get_the_open_mode(umask: int, haengbot_home: Path) -> None:
    settings = Settings()
    settings.set("general.output_dir", str(haengbot_home / "결과"))
    settings.save()
    assert mode(haengbot_home / "settings.toml") == 0o666 & ~umask
    saved = profiles.save(profiles.load(profiles.default_path()), haengbot_home / "grant_profiles.toml")
    assert mode(saved) == 0o666 & ~umask
    mappings.remember("overtime-pay:records:abc", {"성명": "이름"})
    assert mode(mappings._path()) == 0o666 & ~umask
