"""Throughput of the annual report engine: parse + extract + check, on one core.

Why these figures: a county 政务公开办 checks 80–300 reports at the end of January, and the
web side checks a report while the clerk waits. Targets: ≥ 200 text reports/s, ≥ 200 HTML
reports/s, ≥ 5 PDF pages/s, on one core of an ordinary office machine.

Inputs are generated in memory: bench/generate.py makes varied, consistent reports (agencies,
years, both formats, narratives of varying length) and the test suite's writers
(tests/annualreport/layouts.py) render them — the lossless text layouts (tab-separated, after a
page break, Markdown, ``|`` rows, one cell per line), UTF-8 and GBK pages with merged cells,
multi-page ruled PDFs — plus the real 6-page PDF in ../shared/realdata when that folder exists
beside the repository. Each input carries its report spec, so the table also says how many
were read correctly: every cell, the year and the format as written.

Run: ``make bench`` (or ``.venv/bin/python bench/run.py --help``). Takes well under a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"  # reference material beside the repository, when present
REAL_PDF = SHARED / "realdata" / "szfgs2024.pdf"
REAL_JSON = SHARED / "realdata" / "szfgs2024.json"

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import generate as gen  # noqa: E402

from gongkai.annualreport.model import Report  # noqa: E402
from tests.annualreport.layouts import LAYOUTS, ReportSpec  # noqa: E402

TARGETS = {"text": ("reports", 200.0), "html": ("reports", 200.0), "pdf": ("pages", 5.0)}


@dataclass
class Input:
    name: str
    data: bytes
    pages: int = 0
    expect: Callable[[Report], tuple[int, int]] | None = None  # -> (right, checked)


@dataclass
class Result:
    label: str
    kind: str
    inputs: int = 0
    pages: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    right: int = 0
    checked: int = 0
    failures: int = 0
    unit: str = "reports"

    @property
    def rate(self) -> float:
        n = self.pages if self.unit == "pages" else self.inputs
        return n / self.seconds if self.seconds else 0.0


# --------------------------------------------------------------------------------------------
# The machine.


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    cores = os.cpu_count() or 1
    return (
        f"CPU: {model} ({cores} cores)\n"
        f"Python {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}"
    )


def pin_one_core() -> str:
    """Measure one core: the figure that matters for a single web worker or CLI run."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


# --------------------------------------------------------------------------------------------
# Inputs.


def _expect_spec(spec: ReportSpec) -> Callable[[Report], tuple[int, int]]:
    """A report is right when every table cell, the year and the format are read as written."""

    def check(r: Report) -> tuple[int, int]:
        ok = (
            r.table2 == spec.table2
            and r.table3 == spec.table3
            and r.table4 == spec.table4
            and r.year == spec.year
            and r.format == spec.format
        )
        return int(ok), 1

    return check


def _expect_real() -> Callable[[Report], tuple[int, int]] | None:
    """Cells of the real PDF against its published values (cell by cell, not all-or-nothing)."""
    if not REAL_JSON.exists():
        return None
    want = json.loads(REAL_JSON.read_text(encoding="utf-8"))

    def check(r: Report) -> tuple[int, int]:
        right = total = 0
        for table in ("table2", "table3", "table4"):
            for row, cols in (want.get(table) or {}).items():
                for col, value in cols.items():
                    total += 1
                    right += int(r.value(f"{table}.{row}.{col}") == value)
        return right, total

    return check


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", data))


def _input(i: int, layout: str, spec: ReportSpec, paged: bool = False) -> Input:
    data = gen.render(layout, spec)
    suffix = Path(LAYOUTS[layout].filename).suffix
    pages = _pdf_pages(data) if paged else 0
    return Input(f"{i:04d}-{layout}{suffix}", data, pages, _expect_spec(spec))


def build_inputs(n_text: int, n_html: int, n_pdf: int, seed: int) -> dict[str, list[Input]]:
    rng = random.Random(seed)
    out: dict[str, list[Input]] = {"text": [], "html": [], "pdf": []}
    for i in range(n_text):
        layout = gen.TEXT_LAYOUTS[i % len(gen.TEXT_LAYOUTS)]
        out["text"].append(_input(i, layout, gen.random_spec(rng)))
    for i in range(n_html):
        layout = "html_gbk" if i % 3 == 0 else "html_utf8"
        out["html"].append(_input(i, layout, gen.random_spec(rng)))
    for i in range(n_pdf):
        # A long overview pushes the tables on: 3–4 pages a report, table 三 across a break.
        spec = gen.random_spec(rng, extra_paragraphs=rng.randint(2, 18))
        out["pdf"].append(_input(i, "pdf", spec, paged=True))
    return out


# --------------------------------------------------------------------------------------------
# Measuring.


def measure(label: str, kind: str, inputs: list[Input], budget: float, repeat: int = 1) -> Result:
    """Check every input (``repeat`` times), stopping early once ``budget`` seconds are spent."""
    from gongkai.annualreport.pipeline import ReadError, check_bytes

    unit = TARGETS[kind][0]
    res = Result(label, kind, unit=unit)
    started = time.perf_counter()
    for _ in range(repeat):
        for item in inputs:
            t0 = time.perf_counter()
            try:
                report = check_bytes(item.data, item.name)
            except ReadError:
                report = None
            dt = time.perf_counter() - t0
            res.seconds += dt
            res.latencies.append(dt)
            res.inputs += 1
            res.pages += item.pages
            if report is None:
                res.failures += 1
            elif item.expect:
                right, checked = item.expect(report)
                res.right += right
                res.checked += checked
            if time.perf_counter() - started > budget:
                return res
    return res


def warm_up(inputs: dict[str, list[Input]]) -> float:
    """First calls pay for imports and caches; a run of 80 reports pays them once."""
    from gongkai.annualreport.pipeline import check_bytes

    t0 = time.perf_counter()
    for items in inputs.values():
        for item in items[:2]:
            check_bytes(item.data, item.name)
    return time.perf_counter() - t0


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (
        rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024
    )  # bytes on macOS, KiB on Linux


# --------------------------------------------------------------------------------------------
# Output.


def _pad(text: str, width: int, right: bool = False) -> str:
    import unicodedata

    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    gap = " " * max(0, width - w)
    return gap + text if right else text + gap


def table(results: list[Result]) -> str:
    head = ["input", "n", "pages", "time s", "rate", "target", "", "p50 ms", "p95 ms", "read right"]
    widths = [38, 5, 6, 7, 20, 8, 4, 7, 7, 12]
    rows = [head]
    for r in results:
        unit, target = TARGETS[r.kind]
        met = r.rate >= target
        lat = sorted(r.latencies)
        p50 = statistics.median(lat) * 1000 if lat else 0
        p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] * 1000 if lat else 0
        right = f"{r.right}/{r.checked}" if r.checked else "-"
        if r.failures:
            right += f" ({r.failures} unread)"
        rows.append(
            [
                r.label,
                str(r.inputs),
                str(r.pages) if r.pages else "-",
                f"{r.seconds:.2f}",
                f"{r.rate:,.1f} {unit}/s",
                f"≥ {target:g}/s",
                "ok" if met else "LOW",
                f"{p50:.1f}",
                f"{p95:.1f}",
                right,
            ]
        )
    lines = []
    for i, row in enumerate(rows):
        cells = [
            _pad(c, w, right=0 < j < 4 or 6 < j < 9)
            for j, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Gongkai annual report engine: parse + check throughput on one core."
    )
    ap.add_argument("--text", type=int, default=400, help="generated text reports (default 400)")
    ap.add_argument("--html", type=int, default=400, help="generated HTML reports (default 400)")
    ap.add_argument("--pdf", type=int, default=12, help="generated PDF reports (default 12)")
    ap.add_argument("--real-repeat", type=int, default=5, help="runs over the real PDF (default 5)")
    ap.add_argument(
        "--budget", type=float, default=12.0, help="seconds at most per input kind (default 12)"
    )
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args(argv)

    wall = time.perf_counter()
    pinned = pin_one_core()
    print("Gongkai benchmark — annual reports: read + extract + check, one core")
    print(machine())
    print(f"Process {pinned}.")
    t0 = time.perf_counter()
    inputs = build_inputs(args.text, args.html, args.pdf, args.seed)
    print(
        f"Generated {sum(len(v) for v in inputs.values())} inputs in {time.perf_counter() - t0:.1f} s (not timed)."
    )
    print(f"Warm-up (imports, caches): {warm_up(inputs):.2f} s (not timed).")
    print()

    results = [
        measure("text (tab, |, Markdown, 1 cell/line)", "text", inputs["text"], args.budget),
        measure("HTML (rowspan/colspan; UTF-8, GBK)", "html", inputs["html"], args.budget),
        measure("PDF (generated, ruled tables)", "pdf", inputs["pdf"], args.budget),
    ]
    if REAL_PDF.exists():
        data = REAL_PDF.read_bytes()
        real = Input(REAL_PDF.name, data, _pdf_pages(data), _expect_real())
        results.append(
            measure(
                f"PDF {REAL_PDF.name} (real)", "pdf", [real], args.budget, repeat=args.real_repeat
            )
        )
    else:
        print(f"(real PDF not found at ../shared/realdata/{REAL_PDF.name}; skipped)")
    print(table(results))
    print()
    print(f"Peak memory (ru_maxrss): {peak_rss_mb():.0f} MB")
    print(f"Wall time: {time.perf_counter() - wall:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
