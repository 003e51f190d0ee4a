"""Read, extract and check: the one path every caller (CLI, web, benchmarks) goes through."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .checks import run_checks
from .document import Document, ReadError
from .extract import extract
from .model import Report
from .narrative import read_figures
from .readers import read_bytes, read_path

__all__ = ["ReadError", "check_bytes", "check_document", "check_path", "iter_report_files"]

# Files a folder walk never offers as reports.
_SKIP_SUFFIXES = {
    ".json",
    ".py",
    ".pyc",
    ".css",
    ".js",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".ico",
    ".md5",
}


def check_document(doc: Document, previous: Report | None = None) -> Report:
    report = extract(doc)
    report.narrative = read_figures(report.full_text)
    report.findings = [*report.read_problems, *run_checks(report, previous)]
    return report


def check_path(path: Path, previous: Report | None = None) -> Report:
    """Read and check one file. Raises ReadError (Chinese message) when unreadable."""
    return check_document(read_path(path), previous)


def check_bytes(data: bytes, source: str, previous: Report | None = None) -> Report:
    return check_document(read_bytes(data, source), previous)


def iter_report_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named on the command line, and every file under a named folder, in order.

    Folders are walked recursively; hidden files and obvious non-reports (by suffix) are
    skipped, the rest are offered and recognised by content when read.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and not _hidden(child, path)
                    and child.suffix.lower() not in _SKIP_SUFFIXES
                ):
                    yield child
        else:
            yield path


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in child.relative_to(root).parts)


def looks_like_report(report: Report) -> bool:
    """Did the file hold anything of an annual report (a section title or a table)?

    A photo, a README or random bytes that happen to decode would otherwise get thirty
    findings about missing sections, burying the one thing to say: this file could not be
    checked. Callers (the CLI, the web upload) treat such a file as unreadable.
    """
    tables = any(t is not None for t in (report.table2, report.table3, report.table4))
    return tables or any(report.sections.values())
