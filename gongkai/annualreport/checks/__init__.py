"""The checks of ``spec/checks.md`` on one extracted report.

``run_checks(report, previous, settings)`` returns the findings of every rule of the
S, F, T2, T3, T4, X and C groups. Each rule is a small function ``(ctx) -> Iterable[Finding]``
in the module of its group (``structure``, ``table2``, ``table3``, ``table4``, ``text``,
``content``);
its docstring names the rule id. The rules never raise on odd input: a missing table, a
None cell or an unknown year makes a rule say nothing (or report exactly that), because
one report that crashes the checker would stop a supervisor's batch of eighty.

This module also holds what the rule modules share: the settings, the per-run context
with its cached lookups, how a value and a cell are described in Chinese, and what kind
of body an agency name designates (乡镇, 县级政府, 县级政府部门, …), on which T2-2, T2-3 and
X-4 depend.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import Any

from ..formats import FORMAT_2019, FORMAT_2021, FORMATS, TABLE3_GROUPS, V2021, Format
from ..model import Finding, Number, Report
from ..normalize import CellKind, parse_cell

__all__ = [
    "AgencyKind",
    "CheckContext",
    "CheckSettings",
    "agency_kind",
    "run_checks",
]

# Upper bound of a plausible 本年收费金额 in 万元, by kind of body; a larger figure is most
# likely written in 元. Cities and provinces collect amounts of any size (淮安市 96171.6).
_FEE_LIMITS_WAN_YUAN = MappingProxyType(
    {"township": 1000.0, "county_dept": 10000.0, "county_gov": 100000.0}
)


@dataclass(frozen=True)
class CheckSettings:
    """What a supervising office may set.

    ``township_deadline``: the local deadline (month, day) of the next year for 乡镇/街道
    reports; the law sets none for them, so None means X-4 does not judge them.
    ``fee_limits_wan_yuan``: T2-3's bound per agency kind (keys of ``AgencyKind``).
    ``dictionary``: the screening dictionary of C-1/C-2 (default: the starter one).
    ``similar_threshold`` / ``similar_min_chars``: X-6 — a section counts as copied from
    the previous year when at least this share of it is the same and it is long enough
    to mean something ("无。" is the same every year).
    """

    township_deadline: tuple[int, int] | None = None
    fee_limits_wan_yuan: Mapping[str, float] = field(default_factory=lambda: _FEE_LIMITS_WAN_YUAN)
    similar_threshold: float = 0.8
    similar_min_chars: int = 30
    #: The screening dictionary for C-1/C-2 (a ``gongkai.screening.Dictionary``: the starter
    #: merged with an office's 词库); None is the starter dictionary alone.
    dictionary: Any = None


DEFAULT_SETTINGS = CheckSettings()


class AgencyKind(StrEnum):
    TOWNSHIP = "township"  # 乡、镇、街道
    COUNTY_GOV = "county_gov"  # 县、区、旗、县级市人民政府
    COUNTY_DEPT = "county_dept"  # its departments (局、委员会、办公室…)
    CITY_GOV = "city_gov"  # 设区的市、州、盟人民政府
    CITY_DEPT = "city_dept"
    PROVINCE_GOV = "province_gov"
    PROVINCE_DEPT = "province_dept"
    UNKNOWN = "unknown"

    @property
    def is_government(self) -> bool:
        return self in (AgencyKind.COUNTY_GOV, AgencyKind.CITY_GOV, AgencyKind.PROVINCE_GOV)

    @property
    def is_department(self) -> bool:
        return self in (AgencyKind.COUNTY_DEPT, AgencyKind.CITY_DEPT, AgencyKind.PROVINCE_DEPT)

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    AgencyKind.TOWNSHIP: "乡镇（街道）",
    AgencyKind.COUNTY_GOV: "县级人民政府",
    AgencyKind.COUNTY_DEPT: "县级人民政府部门",
    AgencyKind.CITY_GOV: "设区的市级人民政府",
    AgencyKind.CITY_DEPT: "市级人民政府部门",
    AgencyKind.PROVINCE_GOV: "省级人民政府",
    AgencyKind.PROVINCE_DEPT: "省级人民政府部门",
    AgencyKind.UNKNOWN: "机关",
}

# A chain of administrative units at the start of a name: 宁夏回族自治区 / 银川市 / 兴庆区.
# A unit word directly followed by another one belongs to the name (郑州市, not 郑州 + 市),
# unless the second starts a department's name (盐池县 + 市场监督管理局); a unit's name
# never contains the words that end a department's name (局, 委, 办 …).
_UNIT = re.compile(
    r"[^\s局厅委办院所室会队站]{1,12}?(自治区|省|自治州|地区|市|州|盟|自治县|自治旗|县|区|旗)"
    r"(?![市县区旗州盟](?!场|政|容|域|委|直|属))"
)
_TOWNSHIP_END = re.compile(r"(?:镇|乡|街道|街道办事处|苏木|民族乡)(?:人民政府|政府)?$")
_GOV_END = re.compile(r"(?:人民政府|政府)$")
_UNIT_LEVEL = {
    "自治区": "province",
    "省": "province",
    "自治州": "city",
    "地区": "city",
    "州": "city",
    "盟": "city",
    "市": "city",
    "自治县": "county",
    "县": "county",
    "区": "county",
    "旗": "county",
    "自治旗": "county",
}
_PROVINCE_CITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})


def agency_kind(name: str | None) -> AgencyKind:
    """What kind of body a name designates, from its administrative units and suffix.

    "盐池县高沙窝镇" -> township, "淮安市人民政府" -> city government, "盐池县教育局" ->
    county department. A 市 right after another 市 or a 州 is a 县级市 ("苏州市昆山市").
    Unknown when the name does not say; the rules that depend on it then stay silent.
    """
    if not name:
        return AgencyKind.UNKNOWN
    name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    if _TOWNSHIP_END.search(name):
        return AgencyKind.TOWNSHIP
    pos, levels = 0, []
    for m in _UNIT.finditer(name):
        if m.start() != pos:
            break
        level = _UNIT_LEVEL[m.group(1)]
        if m.group(0) in _PROVINCE_CITIES:
            level = "province"
        elif level == "city" and m.group(1) == "市" and levels and levels[-1] == "city":
            level = "county"  # 县级市 under a 地级市
        levels.append(level)
        pos = m.end()
    if not levels:
        return AgencyKind.UNKNOWN
    rest = _GOV_END.sub("", name[pos:])
    if rest and ("镇" in rest[-2:] or "乡" in rest[-2:]):
        return AgencyKind.TOWNSHIP
    level = levels[-1]
    return AgencyKind(f"{level}_gov" if not rest else f"{level}_dept")


@dataclass
class CheckContext:
    """One run of the checks: the report, its predecessor, the settings, and lookups that
    several rules need, computed once."""

    report: Report
    previous: Report | None = None
    settings: CheckSettings = DEFAULT_SETTINGS

    @cached_property
    def format_name(self) -> str | None:
        """The format the tables show (the title does not count)."""
        r = self.report
        if r.format:
            return r.format
        seen = set(r.formats_seen.values())
        return seen.pop() if len(seen) == 1 else None

    def table_format(self, table: str) -> Format:
        """The format to read ``table`` by: what its own headers show, else the report's."""
        name = self.report.formats_seen.get(table) or self.format_name or V2021
        return FORMATS.get(name, FORMAT_2021)

    @cached_property
    def agency_kind(self) -> AgencyKind:
        return agency_kind(self.report.agency)

    @property
    def narrative(self) -> dict[str, Number]:
        """Figures stated in the text, as the pipeline read them (``narrative.read_figures``)."""
        return self.report.narrative

    @cached_property
    def text(self) -> str:
        """All the text. Not NFKC-normalised (that costs more than all the checks): the
        patterns match full- and half-width punctuation, and ``\\d`` full-width digits."""
        r = self.report
        return r.full_text or "\n".join([r.title or "", r.preface, *r.texts.values()])


# ---------------------------------------------------------------------------------------
# Words shared by the rule modules


TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}

# Row labels of table 三 in both formats; sub-rows get their group in front when named.
_T3_ROWS = {**FORMAT_2021.table3_rows, **FORMAT_2019.table3_rows}
_T3_GROUP_OF = {"denied_": "denied", "unable_": "unable", "notproc_": "notproc", "other_": "other"}


def t3_row_label(row: str) -> str:
    """The label of a table 三 row for messages: a sub-row gets its group in front
    (（三）不予公开 1.属于国家秘密), because "1.属于国家秘密" alone is ambiguous."""
    label = _T3_ROWS.get(row, row)
    for prefix, group in _T3_GROUP_OF.items():
        if row.startswith(prefix):
            return f"{TABLE3_GROUPS[group]} {label}"
    if row == "total_processed":
        return f"{TABLE3_GROUPS['results']}{label}"
    return label


_ENUM_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）\s*|\d+\.)")
_TRAILING_NOTE = re.compile(r"（[^（）]*）$")


def short_label(label: str) -> str:
    """The bare words of a label (予以公开 for （一）予以公开), for sums written out in a message."""
    return _TRAILING_NOTE.sub("", _ENUM_PREFIX.sub("", label)).strip()


def t2_labels(fmt: Format) -> tuple[dict[str, str], dict[str, str]]:
    """(row key -> label, column key -> label) of table 二 in ``fmt``."""
    rows: dict[str, str] = {}
    cols: dict[str, str] = {}
    for block in fmt.table2:
        rows.update(block.rows)
        cols.update(block.columns)
    return rows, cols


def num(value: object) -> Number | None:
    """A cell value usable in arithmetic; anything else (None, text, bool) is None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def fmt_num(value: Number) -> str:
    """3, 2.5, 571.93 — no float noise, no trailing .0."""
    if isinstance(value, float):
        value = round(value, 6)
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def tidy(value: Number) -> Number:
    """A sum of floats without the noise (410 + 77.38 + … = 571.93, not 571.9300000000001)."""
    if isinstance(value, float):
        value = round(value, 6)
        return int(value) if value.is_integer() else value
    return value


def explain_missing(report: Report, location: str) -> tuple[str, str]:
    """Why a cell has no value, in words, and a short code for the evidence.

    The reader keeps the raw text of every cell that was not a clean number; a cell with
    no raw text at all was not found ("未能读取到").
    """
    raw = report.cell_text.get(location)
    if raw is None:
        return "未能读取到数值", "not_read"
    cell = parse_cell(raw)
    if cell.kind is CellKind.BLANK:
        return "空白", "blank"
    if cell.kind is CellKind.DASH:
        return f"填写为“{raw.strip()}”", "dash"
    return f"填写为“{raw.strip()}”，不是数字", "text"


def count_problem(report: Report, location: str, value: object) -> tuple[str, str] | None:
    """What is wrong with a cell that must hold a count (T3-4, T4-2); None when it is fine."""
    if value is None or num(value) is None:
        return explain_missing(report, location)
    if value < 0:  # type: ignore[operator]
        return f"为负数 {fmt_num(value)}", "negative"  # type: ignore[arg-type]
    if isinstance(value, float) and not value.is_integer():
        return f"为 {fmt_num(value)}，不是整数", "fraction"
    return None


def format_document(name: str | None) -> str:
    fmt = FORMATS.get(name or "")
    if fmt is None:
        return "未知格式"
    year = "2021" if name == V2021 else "2019"
    return f"{year}年格式（{fmt.document}）"


# The rule modules import the helpers above from this package, so they are imported last.
from . import content, structure, table2, table3, table4, text  # noqa: E402

Rule = Callable[[CheckContext], Iterable[Finding]]
RULES: tuple[Rule, ...] = (
    *structure.RULES,
    *table2.RULES,
    *table3.RULES,
    *table4.RULES,
    *text.RULES,
    *content.RULES,
)


def run_checks(
    report: Report, previous: Report | None = None, settings: CheckSettings | None = None
) -> list[Finding]:
    """Every S, F, T2, T3, T4 and X finding on ``report``, rule by rule in catalogue order.

    ``previous`` is the same agency's report for the year before; the cross-year rules
    (T2-4, T3-6, X-6) run only with it.
    """
    ctx = CheckContext(report, previous, settings or DEFAULT_SETTINGS)
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(ctx))
    return findings
