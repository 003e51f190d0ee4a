"""Content screening of the narrative (C-1 … C-3), through ``gongkai.screening``.

Each of the six sections (and the preface) is screened on its own, so a finding points to
the section a clerk must correct ("section.problems"). Links (C-4) are not checked here:
checking a report must never touch the network.

An annual report is the office writing about itself: the numbers after 联系电话 or 咨询电话
are its own published contacts, and landlines and e-mail addresses are not flagged at all;
身份证号, private mobile numbers and bank cards still are (C-3, error).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import SECTION_KEYS, Finding, Severity
from . import CheckContext


def content_screening(ctx: CheckContext) -> Iterator[Finding]:
    """C-1 (typos, stray tokens), C-2 (dictionary expressions), C-3 (personal data) in the
    preface and each narrative section; one finding per hit."""
    from ...screening import screen_text
    from ...screening.findings import quote

    r = ctx.report
    parts = [("preface", r.preface)] + [(f"section.{k}", r.texts.get(k, "")) for k in SECTION_KEYS]
    for location, text in parts:
        if not text:
            continue
        hits = screen_text(
            text,
            ctx.settings.dictionary,
            landlines=False,
            emails=False,
            contact_labels_are_own=True,
        )
        for hit in hits:
            yield Finding(
                hit.rule,
                Severity(hit.severity),
                location,
                f"{hit.message_zh}：{quote(text, hit.start, hit.end)}",
                {
                    "kind": hit.kind,
                    "text": hit.text,
                    "start": hit.start,
                    "end": hit.end,
                    "suggestion": hit.suggestion,
                },
            )


RULES = (content_screening,)
