"""The one ``gongkai`` command: everything a user types starts here.

Two halves. The engine's commands (``gongkai report …``) are argparse sub-commands: each
group lives with its code and registers itself through a ``register(subparsers)`` function
listed in COMMANDS, and sets ``handler`` (args -> exit status) with ``set_defaults``. They
start instantly and never need a database. Everything else (``gongkai demo``, ``serve``,
``migrate`` …) goes to FALLBACK, the Django half, when it is installed: a function that
takes the arguments and returns the exit status.

Registrars are imported when the parser is built but keep their own imports light (the
engine is imported only when a command runs), so ``gongkai report --help`` stays instant.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import NoReturn

# "module:function" of each command group's registrar, in the order shown in --help.
COMMANDS: tuple[str, ...] = (
    "gongkai.annualreport.cli:register",
    "gongkai.screening.cli:register",
)
# "module:function" that runs every other command (argv -> exit status), if present.
FALLBACK = "gongkai.ops.cli:main"


class Parser(argparse.ArgumentParser):
    """argparse with its complaint in Chinese and a pointer to --help."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：参数有误：{message}\n（运行 {self.prog} --help 查看用法）\n")


def engine_commands(parser: argparse.ArgumentParser) -> set[str]:
    """The sub-command names the engine registered (``report`` …)."""
    return {
        name
        for action in parser._actions  # argparse keeps sub-parsers here; no public accessor
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


def _fallback() -> Callable[[list[str]], int] | None:
    """The Django half's entry, or None when it is not part of this installation."""
    module, _, func = FALLBACK.partition(":")
    try:
        return getattr(import_module(module), func)
    except ModuleNotFoundError as e:
        if e.name and module.startswith(e.name):
            return None
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="gongkai",
        description="Gongkai（公开）：乡镇、县级政府信息公开工作平台。",
    )
    parser.add_argument("--version", action="version", version=f"gongkai {_version()}")
    parser.set_defaults(handler=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for spec in COMMANDS:
        module, _, func = spec.partition(":")
        getattr(import_module(module), func)(sub)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gongkai")
    except PackageNotFoundError:
        return "（未安装）"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status (tests call it directly)."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not words or (words[0] not in engine_commands(parser) and words[0] != "--version"):
        other = _fallback()
        if other is not None:
            return int(other(words) or 0)
    args = parser.parse_args(words)
    if args.handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("\n已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `gongkai report check … | head`: the reader left; say nothing more.
        _silence_stdout()
        return 1


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
