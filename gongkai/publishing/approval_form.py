"""The 信息公开审批单 of one revision: the paper an office files with each item, printed from
the review log as it stands — who signed which stage, what they decided, what they wrote,
and when. Nothing is typed in by hand: the form says exactly what the log says.

One officialdoc ``Document`` holding one ``Table`` (five columns), rendered to DOCX and PDF
by gongkai.officialdoc and shown as HTML for the printable page.
"""

from __future__ import annotations

from gongkai.officialdoc import Cell, Document, Paragraph, Table

from . import selectors
from .models import Item, Revision
from .presenters import DECISION_ZH, ROUND_STARTS, STAGE_DECISIONS, day, local

TITLE = "信息公开审批单"
COLUMNS = 5
HEADER = ("审核环节", "审核人", "审核意见", "意见说明", "时间")
NOT_YET = "（尚未审核）"


def _row(label: str, value: str) -> tuple[Cell, ...]:
    return (Cell(label), Cell(value or "—", colspan=COLUMNS - 1, align="left"))


def approval_rows(revision: Revision) -> list[tuple[str, str, str, str, str]]:
    """One row per decision the log records on a stage (every round, in order), then one
    per stage of the current round nobody has decided yet."""
    log = list(selectors.timeline(revision))
    chain = selectors.revision_chain(revision)
    rows: list[tuple[str, str, str, str, str]] = []
    for a in log:
        if a.action not in STAGE_DECISIONS:
            continue
        label = a.stage_label or (
            chain[a.stage_index].label_zh
            if a.stage_index is not None and a.stage_index < len(chain)
            else ""
        )
        note = a.comment
        if a.override_reason:
            note = (
                f"{note}；放行理由：{a.override_reason}"
                if note
                else f"放行理由：{a.override_reason}"
            )
        rows.append((label, a.actor_name, DECISION_ZH[a.action], note, local(a.at)))
    starts = [i for i, a in enumerate(log) if a.action in ROUND_STARTS]
    current = log[starts[-1] :] if starts else []
    returned = any(a.action == "return" for a in current)
    if starts and not returned:
        decided = {a.stage_index for a in current if a.action in STAGE_DECISIONS}
        for i, stage in enumerate(chain):
            if i not in decided:
                rows.append((stage.label_zh, "", NOT_YET, "", ""))
    return rows


def approval_document(item: Item, revision: Revision) -> Document:
    log = list(selectors.timeline(revision))
    submissions = [a for a in log if a.action in ROUND_STARTS]
    first = submissions[0] if submissions else None
    writer = first.actor_name if first else str(revision.author)
    entry = item.catalog_entry.name if item.catalog_entry else "未归入目录"
    disclosure = revision.get_disclosure_display()
    if revision.non_disclosure_reason:
        disclosure = f"{disclosure}（{revision.non_disclosure_reason}）"
    rows: list[tuple[Cell, ...]] = [
        _row("信息标题", revision.title),
        _row("索引号", item.index_number),
        _row("发布机构", item.agency.name),
        _row("生成日期", day(revision.generated_on)),
        _row("公开属性", disclosure),
        _row("目录类别", entry),
        (
            Cell("拟稿人"),
            Cell(writer, colspan=2, align="left"),
            Cell("提交时间"),
            Cell(local(first.at) if first else "（尚未提交）"),
        ),
        tuple(Cell(h) for h in HEADER),
    ]
    rows += [
        (Cell(s), Cell(n), Cell(d), Cell(c, align="left"), Cell(t))
        for s, n, d, c, t in approval_rows(revision)
    ]
    published = [a for a in log if a.action == "publish"]
    body: list = [Table(rows=tuple(rows), widths=(3, 2.5, 2.5, 4, 3))]
    if published:
        p = published[-1]
        body.append(Paragraph(f"发布：{p.actor_name}，{local(p.at)}", indent=False, align="left"))
    body.append(
        Paragraph(
            f"本审批单依据审核记录生成（第 {revision.number} 版稿件）。", indent=False, align="left"
        )
    )
    return Document(
        title=TITLE,
        body=tuple(body),
        metadata={"subject": f"{TITLE} {item.index_number}", "keywords": item.index_number},
    )
