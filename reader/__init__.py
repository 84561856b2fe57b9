"""Reading a report into the map: places and dated candidate events from English, Russian
and Ukrainian text (issue 12).

Text extraction (:mod:`reader.extract`), place finding through the gazetteer and a
morphological analyser (:mod:`reader.places`), date finding through ``dateparser``
(:mod:`reader.dates`), date-place pairing and candidate rows (:mod:`reader.pairing`,
:mod:`reader.output`). Never imports streamlit or folium.
"""

from reader.core import Reading, read_report, read_text
from reader.extract import ReadError

__all__ = ["ReadError", "Reading", "read_report", "read_text"]
