"""Gathering the facts of an agency's year from the other apps, as plain records for
``compile.py``: documents, entered figures, tables 三/四, items and channel counts."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.annualreport.checks import CheckSettings
from gongkai.annualreport.model import Report

from . import compile as core
from .models import EnteredFigure, PublishedVersion, YearReport


def _local(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


def _year_span(year: int) -> tuple[dt.datetime, dt.datetime]:
    """1 January 00:00 to the next 1 January, local time (as the offices count)."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=tz),
        dt.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def documents(agency_id: int, year: int) -> tuple[core.DocumentRecord, ...]:
    """The agency's 规章 and 行政规范性文件 made public here (withdrawn ones are not: a
    document taken down by 撤稿 was published by mistake). Dates decide the year, in
    ``compile.document_cells``."""
    from gongkai.publishing.models import DocType, Item, ItemKind, State, Validity

    rows = (
        Item.objects.filter(
            agency_id=agency_id,
            kind=ItemKind.DOCUMENT,
            first_published_at__isnull=False,
            published_revision__doc_type__in=(DocType.REGULATION, DocType.NORMATIVE),
        )
        .exclude(state=State.WITHDRAWN)
        .values_list(
            "published_revision__doc_type",
            "published_revision__written_on",
            "published_revision__published_on",
            "first_published_at",
            "validity",
            "validity_changed_on",
        )
    )
    out = []
    for doc_type, written, published, first, validity, changed in rows:
        ended = changed if validity in (Validity.REPEALED, Validity.AMENDED) else None
        if ended is None and validity != Validity.VALID:
            ended = _local(first)  # no change date recorded: the safest reading
        out.append(core.DocumentRecord(doc_type, written, published, _local(first), ended))
    return tuple(out)


def items_published(agency_id: int, year: int) -> dict[str, int]:
    from gongkai.publishing.models import Item

    start, end = _year_span(year)
    rows = (
        Item.objects.filter(
            agency_id=agency_id, first_published_at__gte=start, first_published_at__lt=end
        )
        .values("kind")
        .annotate(n=Count("id"))
    )
    return {r["kind"]: r["n"] for r in rows}


def publishing_channels(agency: Agency, year: int) -> dict[str, int]:
    from gongkai.catalog.models import Channel
    from gongkai.publishing.selectors import channel_counts

    counts = channel_counts(agency, year)
    labels = dict(Channel.choices)
    return {str(labels.get(k, k)): n for k, n in counts.items() if n}


def message_channels(agency: Agency, year: int) -> dict[str, dict[str, int]]:
    from gongkai.interaction.models import Channel
    from gongkai.interaction.selectors import channel_counts

    labels = dict(Channel.choices)
    return {
        str(labels.get(k, k)): {"received": c["received"], "replied": c["replied"]}
        for k, c in channel_counts(agency, year).items()
    }


def entered(report: YearReport | None) -> dict[str, object]:
    if report is None or report.pk is None:
        return {}
    return {f.key: core.as_number(f.value) for f in EnteredFigure.objects.filter(report=report)}


def facts(agency: Agency, year: int, report: YearReport | None = None) -> core.Facts:
    from gongkai.applications.selectors import annual_tables

    from .selectors import deadline_for

    tables = annual_tables([agency], year)
    return core.Facts(
        agency=agency.name,
        year=year,
        documents=documents(agency.pk, year),
        entered=entered(report),
        table3=tables.table3,
        table4=tables.table4,
        items_published=items_published(agency.pk, year),
        publishing_channels=publishing_channels(agency, year),
        message_channels=message_channels(agency, year),
        deadline=deadline_for(agency, year),
    )


def previous_report(agency_id: int, year: int) -> Report | None:
    """Last year's report, for the cross-year rules (T2-4, T3-6, X-6) and the text at hand:
    as published here, else the newest checked upload of it (made elsewhere, uploaded to
    the county's 年报检查 with agency and year confirmed by a person)."""
    version = (
        PublishedVersion.objects.filter(report__agency_id=agency_id, report__year=year - 1)
        .order_by("-number")
        .first()
    )
    if version is not None:
        return core.report_from_dict(version.snapshot)
    from gongkai.reports.models import CheckStatus, ReportCheck

    upload = (
        ReportCheck.objects.filter(
            agency_id=agency_id,
            year=year - 1,
            status=CheckStatus.DONE,
            report__isnull=False,
            agency_guessed=False,
            year_guessed=False,
        )
        .order_by("-id")
        .values_list("report", flat=True)
        .first()
    )
    return core.report_from_dict(upload) if upload else None


def check_settings(agency: Agency, year: int) -> CheckSettings:
    """The engine's settings with this agency's deadline for X-4 (乡镇 have a local one)."""
    from gongkai.lexicon.selectors import active_dictionary

    from .selectors import deadline_for

    d = deadline_for(agency, year)
    return CheckSettings(township_deadline=(d.month, d.day), dictionary=active_dictionary())


def compiled(
    report: YearReport, *, texts: dict | None = None, publication_date: dt.date | None = None
) -> core.Compiled:
    """The report as it would be published today (or on ``publication_date``)."""
    agency = report.agency
    return core.compile_report(
        facts(agency, report.year, report),
        report.texts if texts is None else texts,
        publication_date=publication_date or timezone.localdate(),
        previous=previous_report(agency.pk, report.year),
        settings=check_settings(agency, report.year),
    )


def compile_for(
    agency: Agency, year: int, texts: dict | None = None, publication_date: dt.date | None = None
) -> core.Compiled:
    """The report of ``agency`` and ``year`` compiled without a saved report (no entered
    figures, no texts unless given): what the platform alone knows."""
    return core.compile_report(
        facts(agency, year),
        texts or {},
        publication_date=publication_date,
        previous=previous_report(agency.pk, year),
        settings=check_settings(agency, year),
    )
