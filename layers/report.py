"""Validation reports: every rejected row says file, row, field, value and reason."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rejection:
    file: str
    row: int | str  # 1-based line for CSV (header = 1), feature index for GeoJSON
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        value = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        return f"{self.file}: row {self.row}: field {self.field!r}: value {value!r}: {self.reason}"

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass
class LoadReport:
    """What happened to every row of one file: rows_in == rows_kept + rows_rejected."""

    file: str
    rows_in: int = 0
    rows_kept: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "reprojected from EPSG:3857"
    # Rows kept but worth a look (coordinates far from the place named ...): same fields.
    warnings: list[Rejection] = field(default_factory=list)
    file_error: str | None = None  # the whole file could not be read

    @property
    def rows_rejected(self) -> int:
        return len({r.row for r in self.rejections if r.row != "-"})

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.rejections

    def reject(self, row, field_name: str, value, reason: str) -> None:
        self.rejections.append(Rejection(self.file, row, field_name, _text(value), reason))

    def warn(self, row, field_name: str, value, reason: str) -> None:
        self.warnings.append(Rejection(self.file, row, field_name, _text(value), reason))

    def fail(self, reason: str) -> None:
        self.file_error = reason
        self.rejections.append(Rejection(self.file, "-", "-", "", reason))

    def balanced(self) -> bool:
        return self.rows_in == self.rows_kept + self.rows_rejected

    def summary(self) -> str:
        if self.file_error:
            return f"{self.file}: not loaded: {self.file_error}"
        s = (
            f"{self.file}: {self.rows_in} rows in, {self.rows_kept} kept, "
            f"{self.rows_rejected} rejected"
        )
        return s if self.rows_in else f"{self.file}: 0 events (the file holds no rows)"

    def lines(self) -> list[str]:
        return [
            self.summary(),
            *self.notes,
            *(str(r) for r in self.rejections if r.row != "-"),
            *(f"warning: {w}" for w in self.warnings),
        ]


def _text(value) -> str:
    if value is None:
        return "<missing>"
    return str(value)
