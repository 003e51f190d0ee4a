"""The search index: one row per public item, with the columns search filters on.

The full-text part lives beside it and is not a Django field: on SQLite an FTS5 table
``search_fts`` (rowid = item id) over the pre-segmented title and text, on PostgreSQL a
``document`` tsvector column of this table with a GIN index. Both are created by
migration 0001's RunSQL for their own vendor only; ``index.py`` writes them.

The row is a copy: what is public is decided at query time by joining back to
``publishing.selectors.public_items``, never by this table alone.
"""

from __future__ import annotations

from django.db import models


class Entry(models.Model):
    item = models.OneToOneField(
        "publishing.Item", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    #: The revision indexed: a row whose revision is no longer the public one is stale and
    #: never returned (a correction published without the hook).
    revision = models.ForeignKey("publishing.Revision", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    #: Agency.path, for "this county and everything below it".
    agency_path = models.CharField(max_length=255)
    #: "/code/code/…/": the catalogue entry and its ancestors, for "this entry and below".
    entry_path = models.CharField(max_length=500, blank=True)
    published_on = models.DateField()
    published_at = models.DateTimeField()
    kind = models.CharField(max_length=20)
    doc_type = models.CharField(max_length=20, blank=True)
    validity = models.CharField(max_length=20, blank=True)
    # The plain text, for phrase checks and snippets (never HTML).
    title = models.TextField()
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["agency_path"]),
            models.Index(fields=["published_on"]),
        ]

    def __str__(self) -> str:
        return self.title
