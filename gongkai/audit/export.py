"""The audit log as CSV, the way Excel on a government PC opens it.

Excel reads a CSV as the local code page (GBK) unless the file starts with a UTF-8 byte
order mark, so the first thing written is one. Cells that begin like a formula are
prefixed with an apostrophe: an object's name typed by anyone must not become a formula
on the auditor's machine (CSV injection).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.spreadsheets import BOM, Echo, csv_cell

from .kinds import kind_label
from .models import AuditEntry


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return csv_cell(str(value))


def header() -> list[str]:
    return [
        _("时间"),
        _("操作人"),
        _("机构"),
        _("类别代码"),
        _("类别"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("变更前"),
        _("变更后"),
        _("IP 地址"),
        _("说明"),
    ]


def row(entry: AuditEntry) -> list[str]:
    return [
        _cell(timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S")),
        _cell(entry.actor_name),
        _cell(entry.agency.name if entry.agency_id else ""),
        _cell(entry.kind),
        _cell(kind_label(entry.kind)),
        _cell(entry.object_type),
        _cell(entry.object_id),
        _cell(entry.object_repr),
        _cell(entry.before),
        _cell(entry.after),
        _cell(entry.ip),
        _cell(entry.note),
    ]


def csv_lines(entries: Iterable[AuditEntry]) -> Iterator[str]:
    """BOM, header, one line per entry — lazily, so a year of log is not held in memory."""
    writer = csv.writer(Echo())
    yield BOM + writer.writerow(header())
    for entry in entries:
        yield writer.writerow(row(entry))
