"""The client's address: believed from X-Forwarded-For only when the proxy passed it on."""

from django.test import RequestFactory

from gongkai.web.addresses import client_address


def request(remote: str, forwarded: str = ""):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_behind_the_local_proxy_the_last_hop_is_the_client():
    # nginx appends what it saw; "6.6.6.6" is what the client wrote itself.
    assert client_address(request("127.0.0.1", "6.6.6.6, 203.0.113.7")) == "203.0.113.7"


def test_a_client_talking_directly_cannot_claim_another_address():
    assert client_address(request("198.51.100.2", "127.0.0.1")) == "198.51.100.2"


def test_without_a_proxy_the_connection_address_counts():
    assert client_address(request("198.51.100.2")) == "198.51.100.2"
    assert client_address(None) is None
