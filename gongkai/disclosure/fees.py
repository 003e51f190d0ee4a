"""信息处理费 — the information-processing fee (条例第四十二条, 国办函〔2020〕109号).

The fee is charged only above thresholds, by one of two methods chosen per application
(never both for the same application, 109号 第三条), both progressive ("超额累进"):

* 按件 (:attr:`FeeMethod.PER_APPLICATION`): by how many applications the same applicant
  has made in the calendar month. The 1st–10th are free, the 11th–30th cost 100元 each,
  and from the 31st each further band of ten costs 100元 more per application
  (31st–40th 200元, 41st–50th 300元, …). An application is charged the rate of the band
  its own rank falls in.
* 按量 (:attr:`FeeMethod.PER_PAGE`): by the pages provided for one application. Pages
  1–30 are free, pages 31–100 cost 10元 each, pages 101–200 20元 each, and every page from
  the 201st 40元 — like income tax, each band's pages at that band's rate.

Two details of 109号 that callers must honour: for 按件 an application asking for several
things may be split by "一事一申请" into the smallest reasonable units, each counted as one
application (第四条), so ``nth_in_month`` counts those units; 按量 applies when the
applicant asks for paper copies, e-mail or copied electronic data (第五条).

These figures are DOMAIN.md's, and they agree with the text of 109号 (第四条, 第五条) as
published. Who is exempt and whether the answer clock stops while a fee is pending are
the office's settings (:class:`FeePolicy`; defaults: nobody exempt, no pause).
Amounts are whole 元: every rate is a whole number of 元 per unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from gongkai.annualreport.formats import TABLE3_APPLICANT_COLUMNS, TABLE3_COLUMNS

__all__ = [
    "DEFAULT_FEE_POLICY",
    "PAGE_BANDS",
    "Fee",
    "FeeBand",
    "FeeLine",
    "FeeMethod",
    "FeePolicy",
    "application_band",
    "fee_for",
    "month_total_fee",
    "per_application_fee",
    "per_page_fee",
]


class FeeMethod(StrEnum):
    PER_APPLICATION = "per_application"  # 按件计收
    PER_PAGE = "per_page"  # 按量计收

    @property
    def label(self) -> str:
        return {"per_application": "按件计收", "per_page": "按量计收"}[self.value]

    @property
    def unit(self) -> str:
        return {"per_application": "件", "per_page": "页"}[self.value]


@dataclass(frozen=True)
class FeeBand:
    """Units ``first``…``last`` (None = no upper end) at ``rate`` 元 each."""

    first: int
    last: int | None
    rate: int
    unit: str

    def label_zh(self) -> str:
        if self.last is None:
            return f"第{self.first}{self.unit}及以上"
        return f"第{self.first}—{self.last}{self.unit}"

    def rate_zh(self) -> str:
        return "免费" if self.rate == 0 else f"每{self.unit}{self.rate}元"


@dataclass(frozen=True)
class FeeLine:
    """How many units of one band a fee used, and what they cost."""

    band: FeeBand
    quantity: int

    @property
    def amount(self) -> int:
        return self.band.rate * self.quantity


PAGE_BANDS: tuple[FeeBand, ...] = (
    FeeBand(1, 30, 0, "页"),
    FeeBand(31, 100, 10, "页"),
    FeeBand(101, 200, 20, "页"),
    FeeBand(201, None, 40, "页"),
)


def application_band(nth: int) -> FeeBand:
    """The 按件 band that the ``nth`` application of a month falls in."""
    if nth < 1:
        raise ValueError("applications are counted from 1")
    if nth <= 10:
        return FeeBand(1, 10, 0, "件")
    if nth <= 30:
        return FeeBand(11, 30, 100, "件")
    # From the 31st: bands of ten, each 100元 dearer than the one before (31–40: 200元).
    step = (nth - 31) // 10
    first = 31 + 10 * step
    return FeeBand(first, first + 9, 200 + 100 * step, "件")


@dataclass(frozen=True)
class Fee:
    """A fee worked out for one application (or, for :func:`month_total_fee`, a month).

    ``amount`` is what the applicant pays, in 元; ``lines`` are the bands it went
    through, free ones included, so a 收费通知 can show the working. An exempt fee keeps
    its lines (what would have been due) with ``amount`` 0 and the reason.
    """

    method: FeeMethod
    quantity: int
    lines: tuple[FeeLine, ...]
    exempt_reason: str | None = None
    # For 按件: the rank of this application in the applicant's month.
    nth_in_month: int | None = None

    @property
    def due_before_exemption(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def amount(self) -> int:
        return 0 if self.exempt_reason else self.due_before_exemption

    @property
    def is_free(self) -> bool:
        return self.amount == 0

    def explain_zh(self) -> str:
        """The working in words, one band per line, for the 收费通知 and the clerk."""
        unit = self.method.unit
        if self.method is FeeMethod.PER_APPLICATION and self.nth_in_month is not None:
            head = f"{self.method.label}：本申请是该申请人本自然月内提出的第{self.nth_in_month}件申请。"
        else:
            head = f"{self.method.label}：共{self.quantity}{unit}。"
        parts = [head]
        for line in self.lines:
            band = line.band
            cost = "不收费" if band.rate == 0 else f"{line.quantity}×{band.rate}元＝{line.amount}元"
            parts.append(f"{band.label_zh()}（{band.rate_zh()}）：{line.quantity}{unit}，{cost}；")
        due = self.due_before_exemption
        if self.exempt_reason:
            parts.append(f"按标准应收{due}元，因{self.exempt_reason}予以免收，实收0元。")
        else:
            parts.append(f"合计应收{due}元。" if due else "合计不收费。")
        return "\n".join(parts)


def _progressive(quantity: int, bands: Iterator[FeeBand]) -> tuple[FeeLine, ...]:
    """Split ``quantity`` units over consecutive ``bands``, each at its own rate."""
    lines: list[FeeLine] = []
    for band in bands:
        if quantity < band.first:
            break
        top = quantity if band.last is None else min(quantity, band.last)
        lines.append(FeeLine(band, top - band.first + 1))
    return tuple(lines)


def per_page_fee(pages: int) -> Fee:
    """按量: the fee for one application whose information runs to ``pages`` pages."""
    if pages < 0:
        raise ValueError("pages cannot be negative")
    return Fee(FeeMethod.PER_PAGE, pages, _progressive(pages, iter(PAGE_BANDS)))


def per_application_fee(nth_in_month: int) -> Fee:
    """按件: the fee for the ``nth_in_month``-th application of this applicant this month."""
    band = application_band(nth_in_month)
    return Fee(FeeMethod.PER_APPLICATION, 1, (FeeLine(band, 1),), nth_in_month=nth_in_month)


def _application_bands() -> Iterator[FeeBand]:
    nth = 1
    while True:
        band = application_band(nth)
        yield band
        nth = band.last + 1  # type: ignore[operator]  # 按件 bands always end


def month_total_fee(applications: int) -> Fee:
    """按件 over a month: what ``applications`` applications of one applicant cost in all,
    band by band (the sum of :func:`per_application_fee` for 1…n)."""
    if applications < 0:
        raise ValueError("applications cannot be negative")
    return Fee(
        FeeMethod.PER_APPLICATION,
        applications,
        _progressive(applications, _application_bands()),
    )


@dataclass(frozen=True)
class FeePolicy:
    """An office's fee settings.

    ``exempt_columns``: applicant types (table 三 columns: natural_person, research …)
    never charged. ``named_exemptions``: the reasons an office accepts for waiving a fee
    (e.g. "申请人为最低生活保障对象"); ``fee_for(..., exempt=reason)`` must name one of
    them when the list is not empty. ``pause_clock_while_pending``: whether the answer
    period stops from the 收费通知 until payment (default False: it runs on).
    """

    exempt_columns: frozenset[str] = frozenset()
    named_exemptions: tuple[str, ...] = ()
    pause_clock_while_pending: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.exempt_columns) - set(TABLE3_APPLICANT_COLUMNS)
        if unknown:
            raise ValueError(f"unknown applicant type(s): {', '.join(sorted(unknown))}")

    def fee_for(
        self,
        method: FeeMethod | str,
        *,
        nth_in_month: int | None = None,
        pages: int | None = None,
        applicant_column: str | None = None,
        exempt: str | None = None,
    ) -> Fee:
        """The fee of one application by ``method``: give ``nth_in_month`` for 按件 or
        ``pages`` for 按量 (only the one the method uses: one method per application)."""
        method = FeeMethod(method)
        if method is FeeMethod.PER_APPLICATION:
            if nth_in_month is None or pages is not None:
                raise ValueError("按件计收 needs nth_in_month (and no pages)")
            fee = per_application_fee(nth_in_month)
        else:
            if pages is None or nth_in_month is not None:
                raise ValueError("按量计收 needs pages (and no nth_in_month)")
            fee = per_page_fee(pages)
        reason = self._exemption(applicant_column, exempt)
        if reason is None:
            return fee
        return Fee(fee.method, fee.quantity, fee.lines, reason, fee.nth_in_month)

    def _exemption(self, applicant_column: str | None, exempt: str | None) -> str | None:
        if exempt is not None:
            if self.named_exemptions and exempt not in self.named_exemptions:
                raise ValueError(f"{exempt!r} is not one of this office's exemptions")
            return exempt
        if applicant_column is not None and applicant_column in self.exempt_columns:
            return f"申请人为{TABLE3_COLUMNS[applicant_column]}"
        return None


DEFAULT_FEE_POLICY = FeePolicy()


def fee_for(
    method: FeeMethod | str,
    *,
    nth_in_month: int | None = None,
    pages: int | None = None,
    applicant_column: str | None = None,
    exempt: str | None = None,
    policy: FeePolicy = DEFAULT_FEE_POLICY,
) -> Fee:
    """:meth:`FeePolicy.fee_for` under ``policy`` (default: no exemptions)."""
    return policy.fee_for(
        method,
        nth_in_month=nth_in_month,
        pages=pages,
        applicant_column=applicant_column,
        exempt=exempt,
    )
