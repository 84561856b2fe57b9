"""Every test the project's files point to exists: a docstring or README that names
``tests/test_x.py`` (or ``tests/test_x.py::test_name``) sends a reader to a real file and, when
named, a real test. (raidmap/mapframe.py named tests/test_mapframe.py, which never existed.)
bench/HISTORY.md is left out (it records earlier sessions as they were), and this file."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REF = re.compile(r"tests/[a-z_/]+\.py(?:::[A-Za-z0-9_]+)?")
HISTORY = {"bench/HISTORY.md", "tests/test_doc_refs.py"}  # (this file names examples)


def tracked_text_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    return [
        REPO / p for p in out if p not in HISTORY and p.endswith((".py", ".md", ".js", ".toml"))
    ]


def test_every_named_test_file_and_test_exists():
    refs: dict[str, set[str]] = {}
    for path in tracked_text_files():
        if not path.is_file():
            continue  # deleted in the worktree, not yet committed
        for ref in REF.findall(path.read_text(encoding="utf-8", errors="replace")):
            refs.setdefault(ref, set()).add(str(path.relative_to(REPO)))
    assert refs, "no reference found: the pattern or the file list is wrong"
    missing = []
    for ref, where in sorted(refs.items()):
        name, _, test = ref.partition("::")
        target = REPO / name
        found = target.is_file() and (
            not test or re.search(rf"^\s*def {test}\(", target.read_text(), flags=re.M)
        )
        if not found:
            missing.append((ref, sorted(where)))
    assert not missing, missing
