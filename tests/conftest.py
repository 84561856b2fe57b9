"""Shared fixtures. Shared helpers (data, browser, synthetic files) live in tests/support/,
which bench/ imports too."""

from __future__ import annotations

import pytest

from geo.gazetteer import default_gazetteer
from layers.record import bundled_record


@pytest.fixture(scope="session")
def record():
    return bundled_record()


@pytest.fixture(scope="session")
def gaz():
    return default_gazetteer()
