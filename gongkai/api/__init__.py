"""The read API (and token-authenticated uploads), described by OpenAPI at /api/openapi.json."""
