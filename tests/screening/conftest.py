"""Fixtures for screening: the synthetic lists written into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.screening.data.make_lists import write

LIST_FILES = {
    "ofac-xml": "sdn.xml",
    "ofac-csv": "sdn.csv",
    "un-xml": "un_consolidated.xml",
    "eu-xml": "eu_fsf.xml",
    "ftm": "opensanctions.ftm.json",
}


@pytest.fixture(scope="session")
def lists_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lists")
    write(folder)
    return folder


@pytest.fixture(scope="session")
def all_lists(lists_dir: Path) -> list[tuple[Path, str]]:
    return [(lists_dir / name, fmt) for fmt, name in LIST_FILES.items()]
