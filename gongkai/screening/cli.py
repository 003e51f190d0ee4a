"""``gongkai screen FILE…``: content screening on the command line.

Same promises as ``gongkai report check``: a bad input never stops the run and never prints
a traceback (it is named on stderr in Chinese), and the exit status is for scripts:
0 = nothing with an error, 1 = some file has error findings, 2 = some file could not be
read (2 wins over 1). Warnings alone exit 0, as in ``report check``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from .findings import quote

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


def _render(result: Any) -> list[str]:
    from ..annualreport.model import Severity

    lines = [f"■ {result.source}"]
    for problem in result.problems:
        lines.append(f"  （提示）{problem}")
    if not result.findings:
        lines.append("  未发现问题。")
        return lines
    errors = sum(f.severity is Severity.ERROR for f in result.findings)
    lines.append(f"  发现 {len(result.findings)} 处问题（错误 {errors} 处）：")
    for f in result.findings:
        unit = result.unit(f.where)
        position = f"{f.where} 第 {f.start + 1} 字" if f.where else f"第 {f.start + 1} 字"
        lines.append(f"  {f.rule} {f.severity.label}  {position}：{f.message_zh}")
        if unit is not None:
            lines.append(f"      {quote(unit.text, f.start, f.end)}")
    return lines


def _as_json(result: Any) -> dict[str, Any]:
    return {
        "source": result.source,
        "kind": result.kind,
        "problems": result.problems,
        "findings": [f.to_dict() for f in result.findings],
    }


def cmd_screen(args: argparse.Namespace) -> int:
    from ..annualreport.model import Severity
    from .dictionary import DictionaryError, load_dictionary
    from .screen import ReadError, screen_file

    try:
        dictionary = load_dictionary(*(args.dictionary or []))
    except DictionaryError as e:
        print(f"词典有误：{e}", file=sys.stderr)
        return EXIT_UNREADABLE
    paths = [Path(p) for p in args.paths]
    if args.mask and len(paths) != 1:
        print("--mask 只能用于一个文件", file=sys.stderr)
        return EXIT_UNREADABLE
    status = EXIT_OK
    options: dict[str, Any] = {"own_numbers": args.own_number or []}
    if args.links or args.external:
        options.update(links=True, own_hosts=args.own_host or [], external=args.external)
    for path in paths:
        try:
            if path.is_dir():
                raise ReadError("这是一个文件夹，请指定其中的文件")
            result = screen_file(path, dictionary, **options)
        except ReadError as e:
            print(f"无法读取 {path}：{e}", file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        except Exception as e:  # noqa: BLE001 — one odd file must not end the run
            if os.environ.get("GONGKAI_DEBUG"):
                traceback.print_exc()
            print(f"无法读取 {path}：读取时出现意外错误（{type(e).__name__}）", file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        if args.json:
            print(json.dumps(_as_json(result), ensure_ascii=False))
        else:
            print("\n".join(_render(result)))
        if any(f.severity is Severity.ERROR for f in result.findings) and status == EXIT_OK:
            status = EXIT_FINDINGS
        if args.mask:
            Path(args.mask).write_text(result.masked_text(), encoding="utf-8")
            if not args.json:
                print(f"  已写入脱敏后的文本：{args.mask}")
    return status


def register(subparsers: Any) -> None:
    """Add ``screen`` to the top-level ``gongkai`` parser."""
    screen = subparsers.add_parser(
        "screen",
        help="内容审查：错敏字、个人信息、失效链接",
        description="检查文件中的错别字、夹杂的英文和半角标点、过时或不规范的表述、"
        "身份证号、手机号、银行卡号等个人信息，以及（可选）失效的链接。"
        "退出码：0 = 没有错误；1 = 有文件存在错误；2 = 有文件无法读取。",
    )
    screen.add_argument(
        "paths", nargs="+", metavar="FILE", help="要检查的文件（文本、网页、Word、PDF、Excel）"
    )
    screen.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    screen.add_argument(
        "--mask", metavar="OUT", help="把个人信息脱敏后的文本写入 OUT（只能检查一个文件）"
    )
    screen.add_argument(
        "--dictionary", action="append", metavar="TSV", help="追加的词典（可多次使用，后者优先）"
    )
    screen.add_argument(
        "--own-number",
        action="append",
        metavar="NUMBER",
        help="本单位公开的联系电话或邮箱，不作为个人信息（可多次使用）",
    )
    screen.add_argument("--links", action="store_true", help="检查本单位网站（--own-host）上的链接")
    screen.add_argument(
        "--own-host", action="append", metavar="HOST", help="本单位网站的域名（可多次使用）"
    )
    screen.add_argument("--external", action="store_true", help="也检查外部网站的链接")
    screen.set_defaults(handler=cmd_screen)
