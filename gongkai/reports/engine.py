"""What the web side needs around the annual-report engine: its version, the "is this a
report at all" test, and matching a report's agency name to an agency of the tree.

Plain functions over plain data, so they are tested without a database.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from gongkai import annualreport
from gongkai.annualreport.model import Report


@functools.cache
def engine_version() -> str:
    """The package version plus a digest of the engine's source.

    The digest changes whenever a rule or a reader changes, even between releases, so a
    check made by an older engine can be offered for re-checking.
    """
    try:
        from importlib.metadata import version

        base = version("gongkai")
    except Exception:  # noqa: BLE001 — running from a checkout without installing
        base = "0"
    digest = hashlib.sha256()
    root = Path(annualreport.__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{base}+{digest.hexdigest()[:10]}"


def looks_like_report(report: Report) -> bool:
    """False for a file in which nothing of an annual report was found.

    A README or a photo's text would otherwise get thirty "section missing" findings that
    bury the one thing to say: this is not a report. (The command line does the same.)
    """
    tables = any(t is not None for t in (report.table2, report.table3, report.table4))
    return tables or any(report.sections.values())


# --------------------------------------------------------------------------------------------
# Which agency wrote this report?


class NamedAgency(Protocol):
    pk: int | None
    name: str
    short_name: str
    parent: NamedAgency | None


# Words a report adds to or leaves out of an agency's name: "示例县青石镇人民政府" and
# "青石镇" are the same body. Longest first so that 人民政府 goes before 政府.
_SUFFIXES = ("人民政府办公室", "人民政府办事处", "街道办事处", "人民政府", "办事处", "政府")
_NOISE = re.compile(r"[\s　()（）【】\[\]“”\"'《》]")


def name_core(name: str) -> str:
    """An agency name without spaces, brackets and the government suffix."""
    core = _NOISE.sub("", name or "")
    for suffix in _SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[: -len(suffix)]
            if suffix == "街道办事处":
                core += "街道"
            break
    return core


def _names(agency: NamedAgency) -> set[str]:
    """The ways a report may write this agency: its name, short name, and both with the
    parent government's name in front (示例县 + 青石镇)."""
    own = {name_core(agency.name)}
    if agency.short_name:
        own.add(name_core(agency.short_name))
    own.discard("")
    out = set(own)
    parent = agency.parent
    if parent is not None:
        prefix = name_core(parent.name)
        out |= {prefix + n for n in own if not n.startswith(prefix)}
    return out


def guess_agency(written: str | None, candidates: Iterable[NamedAgency]) -> NamedAgency | None:
    """The candidate the report's agency name designates, or None when unsure.

    A name matches when the report's name ends with it ("示例县青石镇" ends with "青石镇";
    it does not end with "示例县", so the county is not taken for the township). The
    longest match wins; two candidates matching equally well mean nobody can tell, and a
    wrong guess is worse than none — a person assigns it.
    """
    core = name_core(written or "")
    if not core:
        return None
    best: list[NamedAgency] = []
    best_len = 0
    for agency in candidates:
        lengths = [len(n) for n in _names(agency) if core.endswith(n)]
        if not lengths:
            continue
        length = max(lengths)
        if length > best_len:
            best, best_len = [agency], length
        elif length == best_len and all(a.pk != agency.pk for a in best):
            best.append(agency)
    return best[0] if len(best) == 1 else None
