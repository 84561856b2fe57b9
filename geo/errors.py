"""Small domain exceptions for the geographic core."""

from __future__ import annotations


class GeoError(Exception):
    """Base class for errors raised by :mod:`geo`."""


class UnknownPlaceError(GeoError, KeyError):
    """A name the gazetteer cannot resolve; carries the closest suggestions."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = list(suggestions)
        super().__init__(name)

    def __str__(self) -> str:
        msg = f"unknown place {self.name!r}"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(self.suggestions) + "?"
        else:
            msg += "; no similar name in the gazetteer"
        return msg


class CoordinateError(GeoError, ValueError):
    """Coordinates that are missing, malformed or out of range."""


class DataFileError(GeoError, OSError):
    """A bundled geographic data file is missing or unreadable."""
