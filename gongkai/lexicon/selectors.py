"""The dictionary every screening in the platform uses: the starter merged with the
administrators' terms, compiled once per process and rebuilt when a term changes."""

from __future__ import annotations

from django.db.models import Count, Max

from gongkai.screening.dictionary import Dictionary, Term, TermKind, default_dictionary, merge
from gongkai.screening.findings import Severity

from .models import LexiconTerm

_cache: tuple[tuple, Dictionary] | None = None


def _stamp() -> tuple:
    # Any save moves the newest updated_at; any delete changes the count.
    row = LexiconTerm.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (row["n"], row["last"])


def as_term(row: LexiconTerm) -> Term:
    return Term(
        text=row.text,
        kind=TermKind(row.kind),
        suggestion=row.suggestion,
        severity=Severity(row.severity),
        note=row.note,
    )


def active_dictionary() -> Dictionary:
    """Starter + local terms (local wins), compiled; one small query when nothing changed."""
    global _cache
    stamp = _stamp()
    if _cache is not None and _cache[0] == stamp:
        return _cache[1]
    local = Dictionary([as_term(row) for row in LexiconTerm.objects.all()], name="本地词库")
    dictionary = merge(default_dictionary(), local).compile()
    _cache = (stamp, dictionary)
    return dictionary


def terms(kind: str = "", query: str = ""):
    rows = LexiconTerm.objects.select_related("updated_by")
    if kind:
        rows = rows.filter(kind=kind)
    if query:
        rows = rows.filter(text__contains=query)
    return rows
