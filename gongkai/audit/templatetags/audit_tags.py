from __future__ import annotations

import json
from typing import Any

from django import template

from ..kinds import kind_label as _kind_label

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return _kind_label(kind)


@register.filter
def as_json(value: Any) -> str:
    """before/after as readable JSON, Chinese left as Chinese."""
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
