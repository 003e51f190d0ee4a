"""Starter catalogues and the starter 公开指南, written for this project.

Each catalogue is a list of 一级事项 dicts; a dict may carry `children` (二级事项). Keys
absent from a dict take the defaults of `STARTER_DEFAULTS`; an empty `body` means "this
agency" and is filled with the agency's name when the catalogue is installed.
"""

from __future__ import annotations

from .township import TOWNSHIP
from .village import VILLAGE

STARTERS: dict[str, list[dict]] = {"township": TOWNSHIP, "village": VILLAGE}

STARTER_DEFAULTS: dict = {
    "content": "",
    "basis": "",
    "time_limit": "信息形成或者变更之日起20个工作日内",
    "body": "",
    "channels": ["website"],
    "channels_other": "",
    "audience": "public",
    "mode": "proactive",
    "tier": "",
    "deadline_working_days": None,
}
