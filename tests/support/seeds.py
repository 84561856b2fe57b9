"""The five seed articles: read-only, in the workspace beside the repository
(``../shared/seeds``), not in it. Tests that need them call :func:`seeds_dir`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
SEED_GLOB = "0*.txt"


def seeds_dir(path: Path = SEEDS) -> Path:
    """``path`` if it holds the seed articles. Otherwise the calling test is skipped, with a
    reason naming ``../shared/seeds`` (a clone outside the workspace has no such folder),
    or, under ``CI=true``, fails: CI must run the seed-dependent tests."""
    if path.is_dir() and any(path.glob(SEED_GLOB)):
        return path
    reason = f"the seed articles are not in ../shared/seeds ({path}: no {SEED_GLOB} files)"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason}; CI=true requires them")
    pytest.skip(reason)
