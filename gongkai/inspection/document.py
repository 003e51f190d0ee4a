"""The printable inspection report: one officialdoc ``Document`` with the result and a
table of findings, rendered to PDF and DOCX by gongkai.officialdoc."""

from __future__ import annotations

from gongkai.agencies.models import Agency
from gongkai.officialdoc import Cell, Document, Paragraph, Table, format_date

from . import rules

HEADER = ("指标", "项目", "性质", "数量", "扣分", "说明")


def report_document(agency: Agency, report: rules.Report) -> Document:
    rows: list[tuple[Cell, ...]] = [tuple(Cell(h) for h in HEADER)]
    for f in report.findings:
        detail = f.message
        if f.details:
            # The first few places keep the paper short; the web page lists them all.
            shown = "；".join(d.text for d in f.details[:10])
            more = f"等 {len(f.details)} 处" if len(f.details) > 10 else ""
            detail = f"{detail}{shown}{more}"
        rows.append(
            (
                Cell(f.code),
                Cell(f.title),
                Cell(f.severity_zh),
                Cell("—" if f.count is None else str(f.count)),
                Cell(str(f.points) if f.points else "—"),
                Cell(detail, align="left"),
            )
        )
    if not report.findings:
        rows.append((Cell("未发现问题", colspan=len(HEADER)),))
    verdict = f"检查结果：{report.result_zh}。得分 {report.score} 分"
    if report.vetoed:
        verdict += f"，有 {len(report.vetoes)} 项单项否决"
    body = (
        Paragraph(f"检查对象：{agency.name}"),
        Paragraph(f"检查日期：{format_date(report.on)}"),
        Paragraph(verdict + "。"),
        Paragraph(
            "依据国办秘函〔2019〕19号政府网站检查指标，由本平台根据公开专栏、目录、"
            "站点巡查和互动交流记录自动计算；得分为 100 分减去各扣分项，单项否决即不合格。"
        ),
        Table(rows=tuple(rows), header_rows=1, widths=(1.2, 2.2, 1.4, 1.0, 1.0, 6.0)),
    )
    return Document(title=f"{agency.name}政府网站检查报告", body=body)
