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


# The browser tests' shared fixtures (one Chromium and one app server per test module; a
# module may still define its own). Imported when used, so that collecting the other tests
# does not load Playwright.
@pytest.fixture(scope="module")
def server():
    from tests.support.browser import streamlit_server

    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from tests.support.browser import launch

    with launch() as b:
        yield b


@pytest.fixture
def cli(capsys):
    """The raidmap CLI in this process: run(*args) -> (exit status, stderr)."""
    from raidmap.cli import main

    def run(*args: str):
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        return code, capsys.readouterr().err

    return run
