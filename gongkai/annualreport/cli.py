"""``gongkai report check | export | compare | render``: the annual report engine on the command line.

The user is a supervisor with 80 reports to check tonight, or a township clerk with one.
Two promises shape this module:

* a bad input never stops the run and never prints a traceback: it is named on stderr in
  Chinese ("无法读取 FILE：reason") and the others are still checked;
* the exit status is usable by scripts: 0 = no error findings, 1 = some report has error
  findings, 2 = some input could not be read (2 wins over 1).

The commands are thin: reading and checking is ``pipeline``, wording is ``output``, the
dataset is ``export``, the comparison is ``compare``, the official layout is ``render``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .model import Report, has_errors
from .output import (
    RULE_LIMIT,
    BatchSummary,
    Style,
    render_comparison,
    render_report,
    render_summary,
    truncate,
)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2

# Scanned reports are published as images; a folder walk offers them so that the clerk
# learns they were not checked, instead of their silently dropping out of the count.
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp"}


# --------------------------------------------------------------------------------------------
# Reading one input.


class Unreadable(Exception):
    """An input that yields no report; ``reason`` is for the clerk, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def load_report(path: Path, previous: Report | None = None) -> Report:
    """Read and check one file, or raise Unreadable with a reason a clerk understands.

    Besides ReadError this also refuses a file in which nothing of an annual report was
    found (no section title, no table): an image without text, a README, random bytes that
    happened to decode. Printing thirty findings about "missing sections" for a photo would
    bury the one thing to say: this file could not be checked.
    """
    from .pipeline import ReadError, check_path, looks_like_report

    if not path.exists():
        raise Unreadable("文件或文件夹不存在")
    if path.is_dir():
        raise Unreadable("这是一个文件夹，里面没有找到可检查的文件")
    try:
        report = check_path(path, previous=previous)
    except ReadError as e:
        raise Unreadable(str(e) or "无法识别的文件") from e
    except Exception as e:  # noqa: BLE001 — a reader bug must not end a batch of 80 reports
        if os.environ.get("GONGKAI_DEBUG"):
            traceback.print_exc()
        raise Unreadable(
            f"读取时出现意外错误（{type(e).__name__}），请把这个文件发给开发人员"
        ) from e
    if not looks_like_report(report):
        problems = [f.message for f in report.read_problems]
        reason = (
            problems[0]
            if problems
            else "文件中找不到年度报告的内容（没有六个部分的标题，也没有统计表）"
        )
        raise Unreadable(reason)
    return report


def iter_inputs(paths: Sequence[str]) -> Iterator[Path]:
    """The files to check, in order: iter_report_files, plus the images it leaves out of a
    folder walk (they are reported as unreadable rather than skipped), plus every named path
    as given, even a missing one (reported too)."""
    from .pipeline import iter_report_files

    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        found = set(iter_report_files([path]))
        for child in path.rglob("*"):
            if (
                child.is_file()
                and child.suffix.lower() in _IMAGE_SUFFIXES
                and not _skipped_image(child, path)
            ):
                found.add(child)
        if not found:
            yield path  # load_report says the folder holds nothing to check
        yield from sorted(found)


def _skipped_image(child: Path, root: Path) -> bool:
    """Hidden files, and the images of a web page saved with its assets (page_files/)."""
    parts = child.relative_to(root).parts
    return any(p.startswith(".") for p in parts) or any(
        p.endswith(("_files", ".files")) for p in parts[:-1]
    )


# --------------------------------------------------------------------------------------------
# Progress on stderr.


class Progress:
    """``[#####-----] 12/80 file.pdf`` on one line of stderr, redrawn in place.

    Only on a terminal: in a log file the carriage returns would be garbage.
    """

    WIDTH = 20

    def __init__(self, stream: IO[str], total: int, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self._drawn = False

    def update(self, done: int, name: str) -> None:
        if not self.enabled:
            return
        filled = round(self.WIDTH * done / self.total) if self.total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r\x1b[K[{bar}] {done + 1}/{self.total} {truncate(name, 40)}")
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False


def _progress(args: argparse.Namespace, total: int) -> Progress:
    stream = sys.stderr
    enabled = (
        not args.no_progress and total >= 2 and bool(getattr(stream, "isatty", lambda: False)())
    )
    return Progress(stream, total, enabled)


def _unreadable(path: Path | str, reason: str) -> None:
    print(f"无法读取 {path}：{reason}", file=sys.stderr)


def _load_previous(args: argparse.Namespace) -> tuple[Report | None, bool]:
    """The --previous report; (None, True) when it was given but could not be read."""
    if not getattr(args, "previous", None):
        return None, False
    path = Path(args.previous)
    try:
        return load_report(path), False
    except Unreadable as e:
        _unreadable(path, f"{e.reason}（上一年度报告，跨年度核对不做）")
        return None, True


# --------------------------------------------------------------------------------------------
# check


def cmd_check(args: argparse.Namespace) -> int:
    out = sys.stdout
    style = Style.for_stream(out)
    previous, prev_failed = _load_previous(args)
    status = EXIT_UNREADABLE if prev_failed else EXIT_OK
    files = list(iter_inputs(args.paths))
    progress = _progress(args, len(files))
    summary = BatchSummary()
    for i, path in enumerate(files):
        progress.update(i, path.name)
        try:
            report = load_report(path, previous)
        except Unreadable as e:
            progress.clear()
            _unreadable(path, e.reason)
            summary.unreadable += 1
            status = EXIT_UNREADABLE
            continue
        progress.clear()
        summary.add(report)
        if has_errors(report) and status == EXIT_OK:
            status = EXIT_FINDINGS
        if args.json:
            print(json.dumps(report.to_dict(), ensure_ascii=False, default=str), file=out)
        else:
            limit = None if args.all else RULE_LIMIT
            print(render_report(report, style, name=str(path), limit=limit), file=out)
            print(file=out)
        out.flush()
    progress.clear()
    if not args.json:
        print(render_summary(summary, style), file=out)
    return status


# --------------------------------------------------------------------------------------------
# export


def cmd_export(args: argparse.Namespace) -> int:
    from .export import ExportItem, write_csv, write_csv_stdout, write_xlsx

    previous, prev_failed = _load_previous(args)
    status = EXIT_UNREADABLE if prev_failed else EXIT_OK
    files = list(iter_inputs(args.paths))
    progress = _progress(args, len(files))
    items: list[ExportItem] = []
    unreadable = 0
    for i, path in enumerate(files):
        progress.update(i, path.name)
        try:
            items.append(ExportItem(str(path), load_report(path, previous)))
        except Unreadable as e:
            progress.clear()
            _unreadable(path, e.reason)
            items.append(ExportItem(str(path), None, e.reason))
            unreadable += 1
            status = EXIT_UNREADABLE
    progress.clear()
    target = args.csv or args.xlsx
    try:
        if args.csv == "-":
            write_csv_stdout(items)
        elif args.csv:
            write_csv(Path(args.csv), items)
        else:
            write_xlsx(Path(args.xlsx), items)
    except OSError as e:
        print(f"无法写入 {target}：{e.strerror or e}", file=sys.stderr)
        return EXIT_UNREADABLE
    if target != "-":
        note = (
            f"（其中 {unreadable} 个文件无法读取，已在「read_error」列写明原因）"
            if unreadable
            else ""
        )
        print(f"已写入 {target}：{len(items)} 行{note}", file=sys.stderr)
    return status


# --------------------------------------------------------------------------------------------
# compare


def cmd_compare(args: argparse.Namespace) -> int:
    from .compare import compare_reports, cross_year_findings

    reports: list[Report] = []
    for raw in (args.a, args.b):
        path = Path(raw)
        try:
            reports.append(load_report(path))
        except Unreadable as e:
            _unreadable(path, e.reason)
    if len(reports) < 2:
        return EXIT_UNREADABLE
    a, b = reports
    pa, pb = Path(args.a), Path(args.b)
    try:
        cross = cross_year_findings(pa, a, pb, b)
    except Exception as e:  # noqa: BLE001 — the comparison is still worth showing
        if os.environ.get("GONGKAI_DEBUG"):
            traceback.print_exc()
        print(f"跨年度核对没有完成（{type(e).__name__}）", file=sys.stderr)
        cross = []
    cmp = compare_reports(a, b, cross_year_findings=cross, a_name=args.a, b_name=args.b)
    if args.json:
        print(json.dumps(cmp.to_dict(all_cells=args.all), ensure_ascii=False, default=str))
    else:
        print(render_comparison(cmp, Style.for_stream(sys.stdout), show_all=args.all))
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# render

_RENDER_SUFFIXES = {".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}


def _render_input(path: Path) -> Report:
    """The report to render: the engine's JSON, or a report file in any form it reads."""
    from .render.source import BadReportJson, looks_like_json, parse_report_json

    if path.is_file():
        try:
            with path.open("rb") as f:
                head = f.read(64)
        except OSError as e:
            raise Unreadable(f"无法打开文件：{e.strerror or e}") from e
        if looks_like_json(head):
            try:
                data = path.read_bytes()
            except OSError as e:
                raise Unreadable(f"无法读取文件：{e.strerror or e}") from e
            try:
                return parse_report_json(data, path.name)
            except BadReportJson as e:
                raise Unreadable(str(e)) from e
    return load_report(path)


def _write_atomically(target: Path, data: bytes) -> None:
    """Write next to the target, then rename: a failure never leaves half a file behind
    (or destroys the previous copy)."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _os_reason(error: OSError) -> str:
    """Why a file could not be written, in Chinese (strerror is English on most systems)."""
    import errno

    reasons = {
        errno.ENOENT: "所在的文件夹不存在",
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EISDIR: "这是一个文件夹",
        errno.ENOTDIR: "路径中有一部分不是文件夹",
        errno.ENOSPC: "磁盘空间不足",
        errno.EROFS: "文件系统是只读的",
    }
    return reasons.get(error.errno or 0, f"写入失败（{error.strerror or error}）")


def cmd_render(args: argparse.Namespace) -> int:
    from .render import PdfUnavailable, render_docx, render_html, render_pdf

    source, target = Path(args.source), Path(args.to)
    kind = _RENDER_SUFFIXES.get(target.suffix.lower())
    if kind is None:
        shown = target.suffix or "（没有扩展名）"
        print(
            f"无法生成 {target}：不支持的输出格式 {shown}，请用 .html、.docx 或 .pdf",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    try:
        report = _render_input(source)
    except Unreadable as e:
        _unreadable(source, e.reason)
        return EXIT_UNREADABLE
    try:
        if kind == "html":
            data = render_html(report).encode("utf-8")
        elif kind == "docx":
            data = render_docx(report)
        else:
            data = render_pdf(report)
    except PdfUnavailable as e:
        print(f"无法生成 {target}：{e}", file=sys.stderr)
        return EXIT_UNREADABLE
    except Exception as e:  # noqa: BLE001 — a renderer bug gets a message, not a traceback
        if os.environ.get("GONGKAI_DEBUG"):
            traceback.print_exc()
        print(
            f"无法生成 {target}：生成时出现意外错误（{type(e).__name__}），"
            f"请把 {source} 发给开发人员",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    try:
        _write_atomically(target, data)
    except OSError as e:
        print(f"无法写入 {target}：{_os_reason(e)}", file=sys.stderr)
        return EXIT_UNREADABLE
    errors = sum(1 for f in report.findings if f.severity.value == "error")
    note = f"（注意：原报告有 {errors} 处错误，用 gongkai report check 查看）" if errors else ""
    print(f"已写入 {target}{note}", file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# Wiring.


def register(subparsers: Any) -> None:
    """Add ``report`` and its sub-commands to the top-level ``gongkai`` parser."""
    report = subparsers.add_parser(
        "report",
        help="政府信息公开工作年度报告：检查、导出、比较、生成",
        description="政府信息公开工作年度报告：检查、导出数据、比较两份报告、按国家格式生成文件。",
    )
    report.set_defaults(handler=lambda _args: _help(report))
    sub = report.add_subparsers(dest="report_command", metavar="{check,export,compare,render}")

    check = sub.add_parser(
        "check",
        help="检查年度报告（文件或文件夹）",
        description="检查年度报告：格式、表格数字的勾稽关系、正文与表格是否一致等。"
        "退出码：0 = 没有错误；1 = 有报告存在错误；2 = 有文件无法读取。",
    )
    check.add_argument(
        "paths", nargs="+", metavar="PATH", help="报告文件或文件夹（文件夹会逐层查找）"
    )
    check.add_argument("--json", action="store_true", help="每份报告输出一行 JSON")
    check.add_argument(
        "--previous", metavar="PATH", help="上一年度的报告，用于跨年度核对（T2-4、T3-6、X-6）"
    )
    check.add_argument("--no-progress", action="store_true", help="不显示进度条")
    check.add_argument(
        "--all",
        action="store_true",
        help=f"列出全部问题（默认同一规则超过 {RULE_LIMIT} 处时只列前几处）",
    )
    check.set_defaults(handler=cmd_check)

    export = sub.add_parser(
        "export",
        help="把多份报告的表格数据导出为 CSV 或 Excel",
        description="每份报告一行，每个表格单元格一列，另有错误、警告、提示的数量和规则编号。",
    )
    export.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--csv", metavar="FILE", help="写入 CSV 文件（UTF-8，Excel 可直接打开）；- 表示标准输出"
    )
    target.add_argument("--xlsx", metavar="FILE", help="写入 Excel 文件")
    export.add_argument("--previous", metavar="PATH", help="上一年度的报告，用于跨年度核对")
    export.add_argument("--no-progress", action="store_true", help="不显示进度条")
    export.set_defaults(handler=cmd_export)

    compare = sub.add_parser(
        "compare",
        help="比较两份报告（同一单位的两个年度，或两个单位）",
        description="逐个单元格比较两份报告的表格数据，相邻年度时做跨年度核对，并比较六个部分正文的相似度。",
    )
    compare.add_argument("a", metavar="A", help="第一份报告（如上一年度）")
    compare.add_argument("b", metavar="B", help="第二份报告（如本年度）")
    compare.add_argument("--json", action="store_true", help="输出 JSON")
    compare.add_argument("--all", action="store_true", help="列出所有单元格（默认只列出不同的）")
    compare.set_defaults(handler=cmd_compare)

    render = sub.add_parser(
        "render",
        help="按国家规定的格式生成报告（HTML、Word 或 PDF）",
        description="把一份报告（任何可检查的文件，或 report check --json 输出的 JSON）"
        "按国家规定的年度报告格式重新排版，生成 HTML、Word（.docx）或 PDF 文件。"
        "输出格式由 --to 的扩展名决定。",
    )
    render.add_argument("source", metavar="FILE", help="报告文件或报告的 JSON")
    render.add_argument(
        "--to", required=True, metavar="OUT", help="输出文件：out.html、out.docx 或 out.pdf"
    )
    render.set_defaults(handler=cmd_render)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_UNREADABLE
