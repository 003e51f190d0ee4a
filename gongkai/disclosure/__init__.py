"""依申请公开 — applications for government information, in plain Python (no Django).

This package is the core that the applications app, the letters and the annual report
share:

``outcomes``
    Every decision an office can take on an application, as data (:class:`Outcome`):
    the clerk's label, the table 三 row it is counted in, the article of the 2019
    《政府信息公开条例》 it rests on, the sentence a 告知书 states the ground with, and the
    remedy paragraph (行政复议 / 行政诉讼).
``counting``
    Tables 三 and 四 of the annual report counted from case and appeal records, by the
    official counting rule (one application = one row; 区分处理 counts only as 部分公开),
    and turned into an annual-report ``Report`` that the national checks can judge.
``fees``
    信息处理费 by 国办函〔2020〕109号: 按件 and 按量, progressive, explained band by band,
    with an office's exemptions.
``lifecycle``, ``receipt``
    The steps of a case and its receipt date (not re-exported here).

Exports, glossary-style:

========================  ======================================================
``Outcome``               处理决定 / 答复类型 (one decision, with its legal ground)
``OUTCOMES``              the registry of decisions, by stable key
``outcome(key)``          one decision by key
``outcomes_for_row(row)`` the decisions counted in one table 三 row
``remedy_text(...)``      救济途径告知 (行政复议 60日 / 行政诉讼 6个月)
``CaseRecord``            一件政府信息公开申请 as table 三 counts it
``AppealRecord``          一件行政复议或行政诉讼 as table 四 counts it
``case_row(items)``       which table 三 row one application is counted in
``table3(...)``           表三 收到和处理政府信息公开申请情况
``table4(...)``           表四 政府信息公开行政复议、行政诉讼情况
``as_report(...)``        the tables as an annual-report ``Report``
``table_findings(...)``   the T3/T4 checks on such a report
``FeeMethod``             按件计收 / 按量计收
``Fee``                   one computed 信息处理费, with ``explain_zh()``
``FeePolicy``             an office's fee settings (免收, 是否暂停答复期限)
``per_application_fee``   按件: the n-th application of the month
``per_page_fee``          按量: the pages of one application
``month_total_fee``       按件 over a whole month
``fee_for(...)``          the fee of one application under a policy
========================  ======================================================
"""

from .counting import (
    AppealRecord,
    CaseRecord,
    as_report,
    case_row,
    expected_format,
    table3,
    table4,
    table_findings,
)
from .fees import (
    DEFAULT_FEE_POLICY,
    Fee,
    FeeBand,
    FeeLine,
    FeeMethod,
    FeePolicy,
    fee_for,
    month_total_fee,
    per_application_fee,
    per_page_fee,
)
from .outcomes import OUTCOMES, REMEDY_ZH, Outcome, outcome, outcomes_for_row, remedy_text

__all__ = [
    "DEFAULT_FEE_POLICY",
    "OUTCOMES",
    "REMEDY_ZH",
    "AppealRecord",
    "CaseRecord",
    "Fee",
    "FeeBand",
    "FeeLine",
    "FeeMethod",
    "FeePolicy",
    "Outcome",
    "as_report",
    "case_row",
    "expected_format",
    "fee_for",
    "month_total_fee",
    "outcome",
    "outcomes_for_row",
    "per_application_fee",
    "per_page_fee",
    "remedy_text",
    "table3",
    "table4",
    "table_findings",
]
