"""The hook between publishing and the content screening (gongkai.screening).

``screen(text)`` gives the findings as plain data (stored on the review action that saw
them), each marked ``blocking`` when it stops the final approval: a personal-data finding
(C-3) or a C-1/C-2 finding of severity "error". The dictionary is the one in force: the
starter merged with the administrators' 词库 (gongkai.lexicon).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

#: Rules whose *error* findings block the final approval (override with a reason).
BLOCKING_RULES = frozenset({"C-1", "C-2", "C-3"})


def screen(text: str, own_numbers: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The findings in ``text`` as dicts with at least rule, severity, message, blocking.
    ``own_numbers``: the office's published contacts, never personal data."""
    from gongkai.lexicon.selectors import active_dictionary
    from gongkai.screening import screen_text

    found = screen_text(text, active_dictionary(), own_numbers=own_numbers)
    return [_as_data(f) for f in found]


def screen_revision(revision: Any) -> list[dict[str, Any]]:
    """Screening of what a revision would publish, knowing whose it is: the numbers its
    agency (or one above) publishes in its 指南 are the office's own, not a resident's."""
    from gongkai.catalog.selectors import published_contacts

    from .services import screening_text

    return screen(screening_text(revision), published_contacts(revision.item.agency))


def blocking_rules(findings: list[dict[str, Any]]) -> tuple[str, ...]:
    """The rule ids that block, each once, in order."""
    return tuple(dict.fromkeys(f["rule"] for f in findings if f.get("blocking")))


def _as_data(finding: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(finding) and not isinstance(finding, type):
        raw = dataclasses.asdict(finding)
    elif isinstance(finding, dict):
        raw = dict(finding)
    else:
        raw = {k: v for k, v in vars(finding).items() if not k.startswith("_")}
    data = {str(k): _plain(v) for k, v in raw.items()}
    rule = str(data.get("rule", ""))
    severity = str(data.get("severity", ""))
    data["rule"], data["severity"] = rule, severity
    data.setdefault("message", data.get("message_zh", ""))
    raw_text = data.get("text")
    if rule == "C-3" and isinstance(raw_text, str) and raw_text:
        # The log must not become a second copy of the personal data it caught: the
        # number is replaced by its masked form wherever the finding repeats it.
        masked = str(data.get("suggestion") or "") or _mask(raw_text)
        for key, value in data.items():
            if isinstance(value, str) and key != "suggestion":
                data[key] = value.replace(raw_text, masked)
    data["blocking"] = rule in BLOCKING_RULES and severity == "error"
    return data


def _mask(text: str) -> str:
    keep = 3 if len(text) > 8 else 1
    return text[:keep] + "*" * max(len(text) - 2 * keep, 1) + text[-keep:]


def _plain(value: Any) -> Any:
    """JSON-safe: enums by value, everything unknown as text."""
    if isinstance(value, str):
        return str(value)  # a StrEnum (Severity) as its plain value
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(getattr(value, "value", value))
