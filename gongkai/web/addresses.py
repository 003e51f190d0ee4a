"""Which address a request came from, for the audit log and for throttling.

docs/deploy.md puts nginx in front, on the same machine: nginx appends the address it saw
to X-Forwarded-For, so the *last* hop is the client and earlier hops are whatever the client
wrote. The header is believed only when the connection itself comes from this machine (the
proxy); a client talking to gunicorn directly cannot claim another address.
"""

from __future__ import annotations

import ipaddress


def _is_local(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def client_address(request) -> str | None:
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR", "") or ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    if hops and _is_local(remote):
        return hops[-1]
    return remote or None
