"""Time-based one-time codes (RFC 6238) for the optional second factor.

Pure helpers around pyotp and segno; the services decide what to store. The QR code is
drawn here as inline SVG so enrolment works on a closed government intranet: no image
service, no external request.
"""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
import segno
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

#: Codes from the step before and after the current one are accepted, because phone
#: clocks drift; a wider window would only help someone guessing.
WINDOW = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(*, secret: str, username: str) -> str:
    """The otpauth:// address that authenticator apps read from the QR code."""
    issuer = getattr(settings, "GONGKAI_TOTP_ISSUER", "Gongkai")
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def qr_svg(uri: str) -> SafeString:
    """The QR code as an inline <svg> element, labelled for screen readers."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, title=_("动态口令二维码"))
    # segno writes only path data and our own title: nothing from the user is unescaped.
    return format_html('<div class="qr">{}</div>', mark_safe(svg))


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def matching_step(
    secret: str, code: str, *, now: datetime | None = None, after: int | None = None
) -> int | None:
    """The 30-second step whose code equals `code`, or None.

    Steps at or before `after` (the last one accepted) are skipped so that a code works
    once only."""
    code = "".join(code.split())
    if not secret or len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode((now or timezone.now()).timestamp())
    for step in range(current - WINDOW, current + WINDOW + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(code, totp.generate_otp(step)):
            return step
    return None


def code_for(secret: str, *, now: datetime | None = None) -> str:
    """The current code (for tests and for the demo's printed instructions)."""
    return pyotp.TOTP(secret).at((now or timezone.now()).timestamp())
