"""The publishing tests' people and clock, reused: search indexes what they publish."""

from tests.publishing.conftest import chain, on  # noqa: F401
