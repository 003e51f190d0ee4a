"""The package stays plain Python: importable and usable without Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import gongkai.disclosure

OURS = ("__init__.py", "outcomes.py", "counting.py", "fees.py")


def test_no_django_import_in_the_source():
    root = Path(gongkai.disclosure.__file__).parent
    for name in OURS:
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            assert not any(m.split(".")[0] == "django" for m in modules), name


def test_importing_and_counting_loads_no_django():
    code = (
        "import sys, datetime as dt\n"
        "import gongkai.disclosure as d\n"
        "c = d.CaseRecord('1', 'natural_person', dt.date(2024, 1, 2), dt.date(2024, 1, 9), ('granted',))\n"
        "r = d.as_report(d.table3([c], 2024), d.table4([], 2024), 2024, 'x')\n"
        "assert d.table_findings(r) == []\n"
        "d.fee_for('per_page', pages=99).explain_zh()\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(gongkai.disclosure.__file__).parents[2])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
