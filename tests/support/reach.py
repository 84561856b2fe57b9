"""Clicking through a map's event markers as a reader does (the app's live map and the HTML
snapshot): every event shown is at most two clicks away, a click on a marker or a click on a
group (which spreads its events) and then one on an event."""

from __future__ import annotations

# JS: the page's targets a reader can click, as [kind, x, y] at their centres: each event
# marker drawn (an SVG path) and each group marker (a cluster, with its count).
TARGETS_JS = """() => {
  const c = el => {
    const b = el.getBoundingClientRect();
    return [b.x + b.width / 2, b.y + b.height / 2];
  };
  const all = sel => [...document.querySelectorAll(sel)];
  return all('path.rm-events').map(el => ['event', ...c(el)])
    .concat(all('.rm-cluster').map(el => ['group', ...c(el), Number(el.textContent)]));
}"""


def close_popup(page, map_js: str) -> None:
    """Close the open popup and wait until it has faded out (Leaflet keeps a closed popup
    for 200 ms at opacity 0, catching clicks, as a reader would wait for it to go).
    ``void``: closePopup() returns the map, which Playwright would otherwise copy out of the
    page in full (on the snapshot, with its base map, 10-30 s a call)."""
    page.evaluate(f"void {map_js}.closePopup()")
    page.wait_for_function("!document.querySelector('.leaflet-popup')")


def click_opens(page, x: float, y: float, map_js: str, opened_js: str):
    """Close any popup, click at (x, y) as a reader would, return what ``opened_js`` says
    the open popup belongs to (None: no popup)."""
    close_popup(page, map_js)
    page.mouse.click(x, y)
    return page.evaluate(opened_js)


def reachable(page, map_js: str, group_js: str, opened_js: str) -> tuple[set, list]:
    """Events opened by one click on a marker, or by a click on a group then one on an
    event; and the groups whose click did not spread all their events."""
    reached: set = set()
    bad = []
    page.evaluate(f"void ({group_js}.unspiderfy && {group_js}.unspiderfy())")
    top = page.evaluate(TARGETS_JS)
    for kind, x, y, *_ in top:
        if kind == "event":
            reached.add(click_opens(page, x, y, map_js, opened_js))
    before = {(t[1], t[2]) for t in top if t[0] == "event"}
    for kind, x, y, *count in top:
        if kind != "group":
            continue
        close_popup(page, map_js)
        page.mouse.click(x, y)  # first click: the group spreads its events
        after = page.evaluate(TARGETS_JS)
        spread = [t for t in after if t[0] == "event" and (t[1], t[2]) not in before]
        if len(spread) < count[0]:
            bad.append((x, y, count[0], len(spread)))
        for _, lx, ly in spread:
            reached.add(click_opens(page, lx, ly, map_js, opened_js))  # second click: a popup
        page.evaluate(f"void {group_js}.unspiderfy()")
    reached.discard(None)
    return reached, bad
