"""Shared fixtures: every test gets its own HAMCOACH_HOME, never the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hamcoach.catalog.loader import load_catalog
from hamcoach.domain.catalog import Catalog


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("HAMCOACH_HOME", str(home))
    monkeypatch.delenv("HAMCOACH_CATALOG_PATH", raising=False)
    monkeypatch.delenv("HAMCOACH_DATABASE_URL", raising=False)
    yield home


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog().catalog
