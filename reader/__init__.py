"""Reading a report into the map: places and dated candidate events from English, Russian
and Ukrainian text (issue 12).

Text extraction (:mod:`reader.extract`), place finding through the gazetteer and a
morphological analyser (:mod:`reader.places`), date finding through ``dateparser``
(:mod:`reader.dates`), date-place pairing and candidate rows (:mod:`reader.pairing`,
:mod:`reader.output`). Never imports streamlit or folium.

The names below are imported on first use, so that ``raidmap``'s parser can register the
``read`` subcommand (``reader.cli``) without loading the reader itself.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["ReadError", "Reading", "read_report", "read_text"]
_WHERE = {
    "ReadError": "reader.extract",
    "Reading": "reader.core",
    "read_report": "reader.core",
    "read_text": "reader.core",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'reader' has no attribute {name!r}")
