"""Charts of annual-report figures, drawn as SVG in plain Python (no JavaScript, no library).

Two questions a 政务公开办 asks: how did one agency's figures move over the years, and how
do the agencies compare in one year. Both are grouped horizontal bar charts: one group per
year (or per agency), one bar per figure of the group (or per year). Horizontal, because
agency names are long and Chinese reads well on a line.

Made to be read by everyone and on paper:

* the ``<svg>`` has ``role="img"``, a ``<title>`` and a ``<desc>`` listing every figure,
  and each bar its own ``<title>``; the page shows the same figures in a table below;
* series differ by **pattern** (solid, hatched, dotted, crossed, open…) and every bar
  carries its value as text, so a black-and-white print tells them apart — colour is
  never the only signal; a blank cell is written "空白", not drawn as a zero bar.

``FIGURES`` defines the figures charted, from the canonical report model; ``figures()``
reads them from a ``Report``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from .checks import fmt_num, num, tidy
from .formats import FORMATS
from .model import Number, Report


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    locations: tuple[str, ...]  # summed; blank when all are blank


def _rows(prefix: str) -> tuple[str, ...]:
    rows: list[str] = []
    for fmt in FORMATS.values():
        rows += [r for r in fmt.table3_rows if r.startswith(prefix) and r not in rows]
    return tuple(f"table3.{r}.total" for r in rows)


# Topic -> its figures. "其他处理" covers v2019's single row and v2021's three sub-rows.
FIGURES: dict[str, tuple[Figure, ...]] = {
    "applications": (
        Figure("new_received", "本年新收申请", ("table3.new_received.total",)),
        Figure("carried_in", "上年结转申请", ("table3.carried_in.total",)),
        Figure("carried_forward", "结转下年度办理", ("table3.carried_forward.total",)),
    ),
    "outcomes": (
        Figure("granted", "予以公开", ("table3.granted.total",)),
        Figure("partially_granted", "部分公开", ("table3.partially_granted.total",)),
        Figure("denied", "不予公开", _rows("denied_")),
        Figure("unable", "无法提供", _rows("unable_")),
        Figure("notproc", "不予处理", _rows("notproc_")),
        Figure("other", "其他处理", ("table3.other.total", *_rows("other_"))),
    ),
    "appeals": (
        Figure("review", "行政复议", ("table4.review.total",)),
        Figure(
            "litigation",
            "行政诉讼",
            ("table4.litigation_direct.total", "table4.litigation_after_review.total"),
        ),
        Figure(
            "corrected",
            "复议、诉讼结果纠正",
            (
                "table4.review.corrected",
                "table4.litigation_direct.corrected",
                "table4.litigation_after_review.corrected",
            ),
        ),
    ),
}
TOPICS: dict[str, str] = {
    "applications": "政府信息公开申请",
    "outcomes": "申请办理结果",
    "appeals": "行政复议和行政诉讼",
}


def figure_value(report: Report | None, figure: Figure) -> Number | None:
    if report is None:
        return None
    values = [v for v in (num(report.value(loc)) for loc in figure.locations) if v is not None]
    return tidy(sum(values)) if values else None


def figures(report: Report | None, topic: str) -> list[Number | None]:
    return [figure_value(report, f) for f in FIGURES[topic]]


# --------------------------------------------------------------------------------------------
# Drawing


@dataclass(frozen=True)
class Chart:
    """What is drawn: ``values[g][s]`` is series ``s`` of group ``g``."""

    title: str
    groups: Sequence[str]
    series: Sequence[str]
    values: Sequence[Sequence[Number | None]]
    unit: str = "件"


# (fill colour, pattern drawing) — the drawing alone must tell the series apart.
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("#1f3b73", ""),  # solid dark
    ("#ffffff", '<path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" stroke="#b5462b" stroke-width="2"/>'),
    ("#ffffff", '<circle cx="4" cy="4" r="1.8" fill="#2d6a3e"/>'),
    (
        "#ffffff",
        '<path d="M0,4 H8 M4,0 V8" stroke="#6b4a8a" stroke-width="1.5"/>',
    ),
    ("#ffffff", ""),  # open: outline only
    ("#c9c9c9", '<path d="M0,2 H8 M0,6 H8" stroke="#333333" stroke-width="1"/>'),
    ("#ffffff", '<path d="M0,0 L8,8 M-2,6 L2,10 M6,-2 L10,2" stroke="#8a6d1f" stroke-width="2"/>'),
)
PATTERN_NAMES = ("实心", "斜线", "圆点", "十字格", "空心", "横线", "反斜线")

_FONT = 13  # px; a CJK glyph is about one em wide
_BAR = 16
_BAR_GAP = 3
_GROUP_GAP = 14
_WIDTH = 760
_VALUE_ROOM = 56


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _nice_max(value: float) -> float:
    """A round upper bound for the axis (1, 2, 5 × 10ⁿ)."""
    if value <= 0:
        return 1
    exp = math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        top = step * 10**exp
        if top >= value:
            return top
    return 10 ** (exp + 1)


def _text_width(text: str) -> int:
    return sum(_FONT if ord(ch) > 0x2E80 else _FONT // 2 + 1 for ch in text)


def _shorten(text: str, width: int) -> str:
    if _text_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _text_width(out + ch + "…") > width:
            break
        out += ch
    return out + "…"


def value_words(value: Number | None, unit: str = "件") -> str:
    return "空白" if value is None else f"{fmt_num(value)}{' ' + unit if unit else ''}"


def describe(chart: Chart) -> str:
    """Every figure in words: the ``<desc>`` of the SVG."""
    parts = []
    for group, row in zip(chart.groups, chart.values, strict=True):
        cells = "，".join(
            f"{s} {value_words(v, chart.unit)}" for s, v in zip(chart.series, row, strict=True)
        )
        parts.append(f"{group}：{cells}")
    return "；".join(parts) + "。"


def bar_chart(chart: Chart, chart_id: str = "chart", *, heading: bool = True) -> str:
    """The chart as an SVG element (a string, every text escaped). ``heading``: draw the
    title inside the picture (a page that shows it as a caption leaves it out; the
    ``<title>`` is there either way)."""
    cid = "".join(ch for ch in chart_id if ch.isalnum() or ch in "-_") or "chart"
    label_w = min(max((_text_width(g) for g in chart.groups), default=40) + 12, 240)
    plot_x = label_w
    plot_w = _WIDTH - label_w - _VALUE_ROOM
    numbers = [v for row in chart.values for v in row if v is not None]
    top = _nice_max(max(numbers, default=0))
    if all(isinstance(v, int) for v in numbers):
        # Counts: gridlines at whole numbers (quarters of a multiple of 4).
        top = max(4, math.ceil(top / 4) * 4)

    legend_h = 28 * math.ceil(len(chart.series) / 4) + 8
    title_h = 28 if heading else 0
    group_h = len(chart.series) * (_BAR + _BAR_GAP) - _BAR_GAP
    body_y = title_h + legend_h + 18
    height = body_y + len(chart.groups) * (group_h + _GROUP_GAP) + 10

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{cid}" role="img" '
        f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" '
        f'aria-labelledby="{cid}-title {cid}-desc" '
        f'font-family="sans-serif" font-size="{_FONT}">',
        f'<title id="{cid}-title">{_esc(chart.title)}</title>',
        f'<desc id="{cid}-desc">{_esc(describe(chart))}</desc>',
        "<defs>",
    ]
    for i in range(len(chart.series)):
        fill, drawing = _PATTERNS[i % len(_PATTERNS)]
        out.append(
            f'<pattern id="{cid}-p{i}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{fill}"/>{drawing}</pattern>'
        )
    out.append("</defs>")
    out.append(f'<rect width="{_WIDTH}" height="{height}" fill="#ffffff"/>')
    if heading:
        out.append(
            f'<text x="0" y="18" font-size="{_FONT + 3}" font-weight="bold" fill="#111111">'
            f"{_esc(chart.title)}</text>"
        )

    # Legend: swatch + name, four to a line.
    for i, name in enumerate(chart.series):
        lx = (i % 4) * (_WIDTH // 4)
        ly = title_h + 8 + (i // 4) * 28
        out.append(
            f'<g class="legend-item"><rect x="{lx}" y="{ly}" width="22" height="16" '
            f'fill="url(#{cid}-p{i})" stroke="#111111"/>'
            f'<text x="{lx + 28}" y="{ly + 13}" fill="#111111">{_esc(_shorten(name, _WIDTH // 4 - 34))}'
            f"</text></g>"
        )

    # Axis: gridlines at quarters of the round maximum, with their values.
    axis_y = body_y - 6
    for q in range(5):
        x = plot_x + plot_w * q / 4
        tick = tidy(top * q / 4)
        out.append(
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{height - 10}" '
            f'stroke="#cccccc" stroke-dasharray="{"" if q == 0 else "3,3"}"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{axis_y - 4}" text-anchor="middle" fill="#444444" '
            f'font-size="{_FONT - 2}">{_esc(fmt_num(tick))}</text>'
        )

    y = body_y
    for group, row in zip(chart.groups, chart.values, strict=True):
        out.append(f'<g class="group"><title>{_esc(group)}</title>')
        out.append(
            f'<text x="{plot_x - 8}" y="{y + group_h / 2 + _FONT / 2 - 1:.1f}" '
            f'text-anchor="end" fill="#111111">{_esc(_shorten(group, label_w - 12))}</text>'
        )
        for i, (name, value) in enumerate(zip(chart.series, row, strict=True)):
            by = y + i * (_BAR + _BAR_GAP)
            words = value_words(value, chart.unit)
            out.append(f'<g class="bar"><title>{_esc(f"{group} · {name}：{words}")}</title>')
            if value is None:
                out.append(
                    f'<text x="{plot_x + 4}" y="{by + _BAR - 3}" fill="#444444" '
                    f'font-style="italic">空白</text>'
                )
            else:
                w = max(plot_w * float(value) / top, 0) if top else 0
                out.append(
                    f'<rect class="bar-rect" x="{plot_x}" y="{by}" width="{w:.1f}" height="{_BAR}" '
                    f'fill="url(#{cid}-p{i})" stroke="#111111" stroke-width="1"/>'
                )
                out.append(
                    f'<text x="{plot_x + w + 4:.1f}" y="{by + _BAR - 3}" fill="#111111">'
                    f"{_esc(fmt_num(value))}</text>"
                )
            out.append("</g>")
        out.append("</g>")
        y += group_h + _GROUP_GAP
    out.append("</svg>")
    return "".join(out)
