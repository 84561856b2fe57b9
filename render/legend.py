"""The legend as HTML (escaped), shared by the app and the HTML snapshot."""

from __future__ import annotations

import geopandas as gpd

from geo.gazetteer import default_gazetteer
from layers.areas import uncertainty_text
from layers.derived import UNCERTAIN_SITE_M
from render import style
from render.escape import esc

_DOT = (
    "<span style='display:inline-block;width:11px;height:11px;border-radius:50%;"
    "vertical-align:middle;margin-right:5px;{css}'></span>"
)
_LINE = (
    "<span style='display:inline-block;width:22px;height:0;vertical-align:middle;"
    "margin-right:5px;border-top:{css}'></span>"
)


_SWATCH = (
    "<span style='display:inline-block;width:14px;height:10px;vertical-align:middle;"
    "margin-right:5px;border:1px solid #9995;background:{colour}'></span>"
)


def legend_groups(events: gpd.GeoDataFrame) -> list[tuple[str, list[str]]]:
    """The legend's rows: (title, HTML snippets) for what happened (fill), who acted
    (outline), how precise, the map's layers and its land colours; each entry once."""
    empty = events.empty
    types = [] if empty else sorted(events["event_type"].dropna().unique())
    sides = [] if empty else sorted({style.side_of(a) for a in events["actor1"].unique()})
    what = [_DOT.format(css=f"background:{style.type_colour(t)}") + esc(t) for t in types]
    who = [
        _DOT.format(css=f"border:3px solid {style.SIDE_COLOURS[s]};width:7px;height:7px")
        + esc(style.SIDE_LABELS[s])
        for s in sides
    ]
    precision = [
        _DOT.format(css="border:2px dashed #555;width:9px;height:9px") + "date window still open",
        _DOT.format(css="border:2px dashed #6d4c41;background:#6d4c4122")
        + "region, or place known only roughly (area)",
        *(
            _DOT.format(css=f"border:2px dashed {style.ZONE_COLOURS['uncertainty']}")
            + esc(f"{p.name}: {uncertainty_text(p.precision_m)}")
            for p in default_gazetteer().curated
            if p.kind == "facility" and p.precision_m >= UNCERTAIN_SITE_M
        ),
    ]
    layers = [
        _LINE.format(css=f"3px solid {style.BORDER_COLOUR}") + "Russia–Ukraine border",
        _LINE.format(css=f"2px dashed {style.RING_COLOUR}") + "5 / 10 / 20 km from the border",
        _LINE.format(css=f"2px dashed {style.CLAIMED_RING_COLOUR}") + "40 km (claimed depth)",
        _LINE.format(css=f"4px solid {style.CLAIMED_RING_COLOUR}")
        + "depth claim at its claimed distance (dotted: gap to the measured deepest event)",
        _DOT.format(
            css=f"background:{style.BAND_COLOUR}33;border:1px solid {style.BAND_COLOUR};"
            "border-radius:2px"
        )
        + "penetration over time: deepest located raider event per day, depth ± uncertainty",
        _DOT.format(css=f"background:{style.PRESENCE_COLOUR}55;border-radius:2px")
        + "reported presence (indicative)",
        _LINE.format(css=f"3px solid {style.AXIS_COLOUR}") + "axis of advance",
    ]
    land = [
        _SWATCH.format(colour=style.LAND_COLOURS["RU"]) + "Russia",
        _SWATCH.format(colour=style.LAND_COLOURS["UA"]) + "Ukraine",
        _SWATCH.format(colour=style.LAND_COLOURS["BY"]) + "Belarus",
        _SWATCH.format(colour=style.SEA_COLOUR) + "outside the map's data",
    ]
    rows = [
        ("What happened (fill)", what),
        ("Who acted (outline)", who),
        ("How precise", precision),
        ("Layers", layers),
        ("Land", land),
    ]
    return [(title, items) for title, items in rows if items]


def legend_items(events: gpd.GeoDataFrame) -> list[str]:
    """HTML snippets, one per legend entry, in the rows' order (see :func:`legend_groups`)."""
    return [item for _, items in legend_groups(events) for item in items]


def families_item(families) -> str | None:
    """The legend's row saying that the map shows only the events with a claim by a
    claimant of ``families`` (the "who says" filter), or None when it shows every event."""
    from layers.confidence import FAMILY_LABELS

    names = [FAMILY_LABELS.get(f, f) for f in families]
    if not names:
        return None
    return (
        "<b>Who says:</b> only events with a claim by "
        + esc(" or ".join(names))
        + " <span class='rm-families'>(claimant families, data/claimant_families.csv)</span>"
    )


def legend_html(events: gpd.GeoDataFrame, *, inline: bool = False, families=()) -> str:
    """The legend, one row per group (a title, then its entries); ``inline``: each row's
    entries on one line, wrapping, for a legend under the map. ``families``: the "who says"
    filter's row first, when it filters."""
    sep = " &nbsp; " if inline else "<br>"
    head = families_item(families)
    rows = ("<div class='rm-legend-row' style='margin:0 0 4px'>" + head + "</div>") if head else ""
    rows += "".join(
        "<div class='rm-legend-row' style='margin:0 0 4px'>"
        f"<b style='display:{'inline' if inline else 'block'};margin-right:8px'>{esc(title)}</b>"
        + sep.join(items)
        + "</div>"
        for title, items in legend_groups(events)
    )
    return "<div class='rm-legend' style='font:12px/1.7 system-ui,sans-serif'>" + rows + "</div>"
