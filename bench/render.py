"""Rendering an annual report in the official layout: HTML, DOCX and PDF, on one core.

Why these figures: the clerk's preview is HTML on every keystroke-save, the download of the
Word and PDF files happens while they wait, and the county re-renders clean copies of
dozens of reports at once. A full report here is both formats' worth of tables (every cell
filled, so nothing is skipped) and six sections of realistic length (about 2,500 characters
of text, 4–5 pages as PDF). "Re-render" is the clean-copy path of ``gongkai report render``:
a messy text report (tab-separated after a page break, label variants) parsed by the engine,
then rendered.

Run: ``.venv/bin/python bench/render.py`` (``--help`` for the repetitions).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from run import machine, pin_one_core  # noqa: E402

from gongkai.annualreport.model import Report  # noqa: E402
from gongkai.annualreport.pipeline import check_bytes  # noqa: E402
from gongkai.annualreport.readers import read_bytes  # noqa: E402
from gongkai.annualreport.render import render_docx, render_html, render_pdf  # noqa: E402
from tests.annualreport.layouts import busy_spec, render  # noqa: E402

_SENTENCES = (
    "本机关坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》。",
    "通过政府网站、政务新媒体和政务公开栏等渠道，及时发布政策文件、工作动态和办事指南。",
    "对群众关注的民生事项，安排专人解读政策，回应社会关切，提高政策知晓度。",
    "依申请公开工作按照登记、审核、答复、归档的流程办理，全部在法定期限内答复。",
    "加强业务培训，规范公开流程，完善公开目录，提升政府信息公开的质量和实效。",
)


def full_report(fmt: str) -> Report:
    spec = busy_spec(fmt)
    texts = {
        key: "\n".join(" ".join(_SENTENCES[(i + j) % 5] for j in range(3)) for i in range(3))
        for key in spec.narrative
    }
    return Report(
        source="bench",
        format=fmt,
        year=spec.year,
        agency=spec.agency,
        texts=texts,
        table2=spec.table2,
        table3=spec.table3,
        table4=spec.table4,
    )


def median_ms(fn: Callable[[], object], n: int) -> tuple[float, float]:
    """Median wall time and median CPU time of n runs, in ms, after one warm-up run (fonts,
    imports). CPU time is printed too because on a busy machine the wall time says more
    about the neighbours than about the renderer."""
    fn()
    wall, cpu = [], []
    for _ in range(n):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10, help="repetitions for HTML and DOCX")
    parser.add_argument("--n-pdf", type=int, default=5, help="repetitions for PDF")
    parser.add_argument("--no-pin", action="store_true", help="do not pin to one core")
    args = parser.parse_args()
    print(machine())
    print("not pinned" if args.no_pin else pin_one_core())
    report = full_report("v2021")
    messy = render("tsv_pagebreak", busy_spec("v2021"))
    parsed = check_bytes(messy, "messy.txt")
    pdf_pages = read_bytes(render_pdf(report), "r.pdf").pages

    rows: list[tuple[str, int, tuple[float, float]]] = [
        ("HTML, full report", args.n, median_ms(lambda: render_html(report), args.n)),
        ("DOCX, full report", args.n, median_ms(lambda: render_docx(report), args.n)),
        ("PDF, full report", args.n_pdf, median_ms(lambda: render_pdf(report), args.n_pdf)),
        (
            "parse a messy text report",
            args.n,
            median_ms(lambda: check_bytes(messy, "m.txt"), args.n),
        ),
        ("re-render parsed report: DOCX", args.n, median_ms(lambda: render_docx(parsed), args.n)),
        (
            "re-render parsed report: PDF",
            args.n_pdf,
            median_ms(lambda: render_pdf(parsed), args.n_pdf),
        ),
    ]
    print(f"\nAnnual report rendering (v2021, every cell filled; the PDF has {pdf_pages} pages)")
    print(f"{'measurement':<34}{'n':>4}{'median ms':>12}{'CPU ms':>10}")
    for label, n, (median, cpu) in rows:
        print(f"{label:<34}{n:>4}{median:>12.1f}{cpu:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
