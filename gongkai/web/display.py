"""Reading preferences (适老化): large text and high contrast, kept in cookies.

They live in cookies, not in the session or the database, because the public reads the
portal without signing in, and because a plain link must be able to switch them with
JavaScript turned off: the link goes to a tiny view that sets the cookie and sends the
reader back. Pages that depend on them send `Vary: Cookie` (see `caching.public_page`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

# One year: an older reader who chose large text should not have to choose it again.
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class Option:
    """One switchable preference: its URL name, its cookie and the class it puts on <html>."""

    key: str  # in the URL: /display/<key>/<on|off>/
    cookie: str
    css_class: str


LARGE_TEXT = Option(key="large-text", cookie="gk_large_text", css_class="gk-large-text")
HIGH_CONTRAST = Option(key="high-contrast", cookie="gk_high_contrast", css_class="gk-high-contrast")
OPTIONS: dict[str, Option] = {o.key: o for o in (LARGE_TEXT, HIGH_CONTRAST)}


def is_on(request: HttpRequest | None, option: Option) -> bool:
    """True when the reader switched this option on (any value other than "1" is off)."""
    return request is not None and request.COOKIES.get(option.cookie) == "1"


def html_classes(request: HttpRequest | None) -> str:
    """The classes for the <html> element; the stylesheet does the rest."""
    return " ".join(o.css_class for o in OPTIONS.values() if is_on(request, o))
