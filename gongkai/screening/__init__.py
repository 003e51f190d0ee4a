"""Content screening (内容审查) in plain Python: 错敏字, personal data, dead links.

Before and after an item is published, its text is screened for typos and stray tokens
(C-1), sensitive, outdated or wrong official expressions and leaders' titles (C-2),
personal data (C-3) and links that no longer resolve (C-4) — spec/checks.md "Content
screening". No Django here: the CLI (``gongkai screen``), the annual-report checker and
the platform's review workflow all call the same functions.

    from gongkai.screening import screen_text, mask
    findings = screen_text(text, own_numbers=["0951-1234567"])
    public = mask(text, findings)
"""

from __future__ import annotations

from .dictionary import (
    Dictionary,
    DictionaryError,
    Term,
    TermKind,
    default_dictionary,
    load_dictionary,
    merge,
    parse_tsv,
)
from .findings import ScreeningFinding, Severity
from .links import Link, LinkResult, check_links, extract_links, link_findings
from .personal import find_personal_data, is_valid_id_number, luhn_valid, mask, mask_value
from .screen import FileScreening, ReadError, Unit, screen_document, screen_file, screen_text
from .stray import find_stray_tokens

__all__ = [
    "Dictionary",
    "DictionaryError",
    "FileScreening",
    "Link",
    "LinkResult",
    "ReadError",
    "ScreeningFinding",
    "Severity",
    "Term",
    "TermKind",
    "Unit",
    "check_links",
    "default_dictionary",
    "extract_links",
    "find_personal_data",
    "find_stray_tokens",
    "is_valid_id_number",
    "link_findings",
    "load_dictionary",
    "luhn_valid",
    "mask",
    "mask_value",
    "merge",
    "parse_tsv",
    "screen_document",
    "screen_file",
    "screen_text",
]
