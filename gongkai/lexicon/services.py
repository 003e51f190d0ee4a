"""Writes to the 词库: one term, or a whole TSV file (all or nothing)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.permissions import keeps_platform_data
from gongkai.audit.services import audit_record
from gongkai.screening.dictionary import DictionaryError, TermKind, parse_tsv

from .models import LexiconTerm

MAX_IMPORT_BYTES = 2 * 1024 * 1024


def require_manage_lexicon(user) -> None:
    if not keeps_platform_data(user):
        raise NotAllowed(_("只有系统管理员和政务公开办管理员可以维护审校词库。"))


def _clean(text: str, kind: str, suggestion: str, severity: str) -> tuple[str, str, str, str]:
    text = (text or "").strip()
    if not text:
        raise InvalidChange(_("请填写词条。"))
    if "\t" in text or "\n" in text:
        raise InvalidChange(_("词条不能包含制表符或换行。"))
    try:
        kind = TermKind(kind).value
    except ValueError:
        raise InvalidChange(_("请选择词条类型。")) from None
    if severity not in ("warning", "error"):
        raise InvalidChange(_("请选择级别。"))
    if kind == TermKind.LEADER and not suggestion.strip():
        raise InvalidChange(_("领导姓名词条须在“建议写法”中填写其职务，多个职务用 | 分隔。"))
    return text, kind, suggestion.strip(), severity


@transaction.atomic
def term_save(
    *, actor, text: str, kind: str, suggestion: str = "", severity: str = "warning",
    note: str = "", request=None,
) -> LexiconTerm:  # fmt: skip
    require_manage_lexicon(actor)
    text, kind, suggestion, severity = _clean(text, kind, suggestion, severity)
    row = LexiconTerm.objects.filter(text=text).first()
    before = None
    if row is None:
        row = LexiconTerm(text=text)
    else:
        before = {"kind": row.kind, "suggestion": row.suggestion, "severity": row.severity}
    row.kind, row.suggestion, row.severity, row.note = kind, suggestion, severity, note.strip()
    row.updated_by = actor
    row.save()
    audit_record(
        kind="lexicon.term_saved",
        actor=actor,
        obj=row,
        before=before,
        after={"text": text, "kind": kind, "suggestion": suggestion, "severity": severity},
        request=request,
    )
    return row


@transaction.atomic
def term_delete(*, actor, term: LexiconTerm, request=None) -> None:
    require_manage_lexicon(actor)
    audit_record(
        kind="lexicon.term_deleted",
        actor=actor,
        obj=term,
        before={"text": term.text, "kind": term.kind},
        request=request,
    )
    term.delete()


@transaction.atomic
def import_tsv(*, actor, data: bytes, name: str = "词库文件", request=None) -> int:
    """Every term of a TSV file, or none: a mistake names its line and nothing is saved."""
    require_manage_lexicon(actor)
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidChange(_("“%(name)s”超过 2 MB。") % {"name": name})
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidChange(
            _("“%(name)s”不是 UTF-8 编码的文本文件（制表符分隔）。") % {"name": name}
        ) from None
    try:
        parsed = parse_tsv(content, source=name)
    except DictionaryError as exc:
        raise InvalidChange(str(exc)) from None
    for term in parsed:
        term_save(
            actor=actor,
            text=term.text,
            kind=term.kind.value,
            suggestion=term.suggestion,
            severity=term.severity.value,
            note=term.note,
        )
    audit_record(
        kind="lexicon.imported", actor=actor, after={"file": name, "terms": len(parsed)},
        request=request,
    )  # fmt: skip
    return len(parsed)


def export_tsv() -> str:
    lines = ["# 词条\t类型\t建议写法\t级别\t说明"]
    for row in LexiconTerm.objects.order_by("kind", "text"):
        lines.append("\t".join([row.text, row.kind, row.suggestion, row.severity, row.note]))
    return "\n".join(lines) + "\n"
