"""Rows for tests, the demo and the benchmark: published documents and messages written
straight to the tables (the publishing and interaction workflows have their own tests;
here only the facts a report is compiled from matter). Nothing here runs in production."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from gongkai.agencies.models import Agency

SHANGHAI = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def published_item(
    agency: Agency,
    author,
    *,
    title: str,
    first_published: dt.date,
    kind: str = "document",
    doc_type: str = "normative",
    written_on: dt.date | None = None,
    doc_number: str = "",
    validity: str = "valid",
    validity_changed_on: dt.date | None = None,
    withdrawn: bool = False,
    channels: tuple[str, ...] = ("website",),
):
    """An item published on ``first_published`` (a document with its metadata), with a
    channel record per channel on that day."""
    from gongkai.publishing.models import ChannelRecord, Item, Revision

    n = next(_seq)
    item = Item.objects.create(
        agency=agency,
        kind=kind,
        index_number=f"T-{agency.pk}-{first_published.year}-{n:06d}",
        index_year=first_published.year,
        index_seq=n,
        state="withdrawn" if withdrawn else "published",
        first_published_at=moment(first_published),
        withdrawn_at=moment(first_published) if withdrawn else None,
        validity=validity,
        validity_changed_on=validity_changed_on,
        created_by=author,
    )
    rev = Revision.objects.create(
        item=item,
        number=1,
        title=title,
        generated_on=written_on or first_published,
        written_on=written_on if kind == "document" else None,
        doc_number=doc_number,
        doc_type=doc_type if kind == "document" else "",
        author=author,
        state="published",
        published_at=moment(first_published),
    )
    item.published_revision = rev
    item.save(update_fields=["published_revision"])
    for channel in channels:
        ChannelRecord.objects.create(item=item, channel=channel, date=first_published)
    return item


def message(
    agency: Agency, *, received: dt.date, channel: str = "portal", replied: dt.date | None = None
):
    from gongkai.interaction.models import Message

    n = next(_seq)
    return Message.objects.create(
        agency=agency,
        reference=f"T{agency.pk}-{n:08d}",
        channel=channel,
        title="关于村道维修的咨询",
        body="请问村道什么时候维修？",
        received_at=received,
        first_received_at=received,
        status="replied" if replied else "pending",
        reply="已列入明年计划。" if replied else "",
        replied_at=replied,
    )
