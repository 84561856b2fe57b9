"""The escaping helper: hostile text comes out as literal text in HTML, JS literals,
Markdown and script-embedded JSON (shared/HOSTILE_INPUTS.md 1-7)."""

import json

import pytest

from render.escape import esc, json_for_script, link, md_escape, safe_url

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "${alert(1)}",
    "`${alert(1)}`",
    "back\\`tick",
    "trailing\\",
    "\u202egnp.exe",
    "zero\u200bwidth",
    "Шебекино 🙂 שלום",
]


@pytest.mark.parametrize("s", HOSTILE)
def test_esc_leaves_no_markup_and_no_template_syntax(s):
    out = esc(s)
    for bad in ("<", ">", "${", "`", "\\", '"'):
        assert bad not in out, (s, out)


@pytest.mark.parametrize("s", HOSTILE)
def test_esc_round_trips_through_an_html_parser(s):
    import html

    assert html.unescape(esc(s)) == s


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "vbscript:msgbox",
        "//evil.example",
        'http://x" onmouseover=1',
        None,
        42,
    ],
)
def test_only_http_links(url):
    assert safe_url(url) is None
    assert "<a" not in link(url, "text")


def test_http_link_is_kept_and_hardened():
    a = link("https://example.org/a?b=1&c=2", "<b>x</b>")
    assert a.startswith('<a href="https://example.org/a?b=1&amp;c=2"')
    assert 'rel="noopener noreferrer nofollow"' in a and "&lt;b&gt;" in a


def test_json_for_script_cannot_close_the_script():
    s = json_for_script({"a": "</script><script>alert(1)</script>", "b": "<!--"})
    assert "</" not in s and "<!--" not in s
    assert json.loads(s)["a"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize(
    "s",
    ["[click](javascript:alert(1))", "$x^2$", "**bold**", "<b>x</b>", "# heading", "line\nbreak"],
)
def test_md_escape_neutralises_markdown(s):
    out = md_escape(s)
    assert "](" not in out.replace("\\](", "").replace("\\(", "")
    assert "$" not in out.replace("\\$", "")
    assert "\n" not in out
