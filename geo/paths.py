"""Where the bundled data lives (``RAIDMAP_DATA`` overrides it, e.g. for tests)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The directory holding the record and the geographic extracts."""
    return Path(os.environ.get("RAIDMAP_DATA", REPO_ROOT / "data"))


def data_file(*parts: str) -> Path:
    return data_dir().joinpath(*parts)
