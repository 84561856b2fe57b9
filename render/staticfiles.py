"""Files the app serves from ``static/`` (the live layers, their popups, the bands, the map
frame's scripts): written whole then renamed, so that a browser never reads half a file, and
pruned to the newest few. No dependency on the rest of render/ (render.livemap,
render.livepoints and render.bandlayer all write through it)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_static(directory: Path, name: str, body: bytes, keep: int) -> Path:
    """Write ``body`` as ``directory/name`` unless it is there (then only touch it), and
    remove the files of the same suffix beyond the ``keep`` newest. Written whole, then
    renamed: a browser never reads half a file."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        os.replace(tmp, path)
    else:
        path.touch()
    files = sorted(directory.glob(f"*{path.suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
    return path
