"""The body of an item as HTML the portal can show as is.

What clerks paste comes from Word and from other sites: styles, classes, scripts, event
handlers, iframes. An allow-list keeps the structure of an official text (headings,
paragraphs, lists, tables, emphasis, links and images) and drops everything else; links
and images keep their address only for http(s), mailto and relative addresses, so a
``javascript:`` link loses its href. <script> and <style> lose their content too.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3

TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s",
        "sub", "sup", "blockquote", "ul", "ol", "li", "table", "caption", "thead", "tbody",
        "tfoot", "tr", "th", "td", "a", "img", "span", "div", "pre", "code",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitize(html: str) -> str:
    """The allowed part of ``html`` (idempotent: sanitising twice changes nothing)."""
    return nh3.clean(
        html or "",
        tags=set(TAGS),
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


_BLOCK_END = re.compile(r"</(?:p|div|li|tr|td|th|h\d|blockquote|pre|caption)\s*>|<br\s*/?>", re.I)


def plain_text(html: str) -> str:
    """The text of the HTML, for screening and search: one line per block, so that two
    numbers in neighbouring cells never read as one."""
    spaced = _BLOCK_END.sub(lambda m: m.group(0) + "\n", html or "")
    text = nh3.clean(spaced, tags=set(), clean_content_tags={"script", "style"})
    return html_lib.unescape(text).strip()
