"""What a Streamlit forward message carries, in a few words: shared by the benchmarks that
count what the server sends (bench_first.py, from the websocket's frames; profile_rerun.py,
from the script run's messages)."""

from __future__ import annotations


def describe(msg, detail: bool = False) -> str:
    """A ForwardMsg's kind: the element's type for a new element (``component:<name>`` for a
    component), ``block:<type>`` for a block, else the delta's or message's type. ``detail``:
    a component's argument bytes and a markdown element's first words too."""
    kind = msg.WhichOneof("type")
    if kind != "delta":
        return kind or "?"
    delta = msg.delta
    what = delta.WhichOneof("type")
    if what == "new_element":
        el = delta.new_element
        t = el.WhichOneof("type")
        if t == "component_instance":
            ci = el.component_instance
            args = f" (args {len(ci.json_args):,} B)" if detail else ""
            return f"component:{ci.component_name}{args}"
        if t == "markdown" and detail:
            return f"markdown {el.markdown.body[:40]!r}"
        return t or "element"
    if what == "add_block":
        return "block:" + (delta.add_block.WhichOneof("type") or "?")
    return what or "delta"


def describe_bytes(payload: bytes, detail: bool = True) -> str:
    """:func:`describe` of a websocket frame's bytes ("?" when they are no ForwardMsg)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # noqa: BLE001 - not a ForwardMsg
        return "?"
    return describe(msg, detail)
