"""The project's one vocabulary: layer names and labels, date modes, languages, output
formats, and a place's name in a language. Imported by render/, raidmap/ and app.py alike;
imports no folium, streamlit or matplotlib (a CLI that only needs the words stays light).
"""

from __future__ import annotations

from collections.abc import Mapping

from layers.dates import DEFAULT_WINDOW_DAYS, MODES
from layers.schema import RAIDER_ACTORS

# -- map layers ------------------------------------------------------------------------------
# Date-dependent layers (the app's live layers, the snapshot's slider).
DYNAMIC_LAYERS = ("events", "halos", "presence", "axes", "zones")
# The base map: what does not depend on the date.
BASE_LAYERS = ("land", "settlements", "border", "rings", "uncertainty")
# Every layer a view (the app, a link, the CLI) may switch on, in the app's order.
ALL_LAYERS = (*DYNAMIC_LAYERS, *BASE_LAYERS)
LAYER_LABELS = {
    "events": "Events",
    "halos": "Precision halos and region-level areas",
    "presence": "Reported presence (day)",
    "axes": "Axes of advance",
    "zones": "Evacuation zones",
    "land": "Land",
    "settlements": "Settlements",
    "border": "Border",
    "rings": "Depth rings",
    "uncertainty": "Belgorod-22 uncertainty area",
}
# The static images' own layer names ("labels" switches place labels); the others of
# ALL_LAYERS are accepted there too (see render/static).
IMAGE_LAYERS = frozenset(
    {"events", "presence", "axes", "zones", "rings", "border", "settlements", "labels"}
)

# -- modes, languages, formats ---------------------------------------------------------------
MODE_LABELS = {
    "upto": "up to this date",
    "day": "this day only",
    "window": f"the {DEFAULT_WINDOW_DAYS} days to this date",
}
LANGS = ("en", "ru", "uk")
IMAGE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".gif": "gif"}
SNAPSHOT_FORMATS = (".html", *IMAGE_FORMATS)

__all__ = [
    "ALL_LAYERS",
    "BASE_LAYERS",
    "DYNAMIC_LAYERS",
    "IMAGE_FORMATS",
    "IMAGE_LAYERS",
    "LANGS",
    "LAYER_LABELS",
    "MODES",
    "MODE_LABELS",
    "SNAPSHOT_FORMATS",
    "citation",
    "is_raider",
    "local_name",
]


def citation(source: Mapping) -> str:
    """How a source is cited everywhere (popups, snapshot, images), as plain text:
    publication, author: “headline” (date)."""
    author = source.get("author")
    by = f", {author}" if isinstance(author, str) and author else ""
    return (
        f"{source.get('publication', '')}{by}: “{source.get('headline', '')}” "
        f"({source.get('published_date', '')})"
    )


def is_raider(actor) -> bool:
    """Whether an actor field names one of the raiding units (case-insensitive)."""
    a = actor.casefold() if isinstance(actor, str) else ""
    return any(r.casefold() in a for r in RAIDER_ACTORS)


def local_name(item, lang: str = "en") -> str:
    """The name of a place (a gazetteer ``Place``) or of an event's place (a row with
    ``place_name``) in ``lang`` (en, ru, uk), falling back to the English name."""

    row = isinstance(item, Mapping) or hasattr(item, "iloc")  # a dict or a pandas row

    def get(key: str) -> str:
        v = item.get(key) if row else getattr(item, key, None)
        return v if isinstance(v, str) else ""

    field = {"ru": "name_ru", "uk": "name_uk"}.get(lang)
    return (get(field) if field else "") or get("place_name") or get("name")
