"""年报编制: an agency's annual report made on the platform from its own data — compiled
tables, the narrative written by its clerk, checked, rendered and published."""

from django.apps import AppConfig


class YearReportsConfig(AppConfig):
    name = "gongkai.yearreports"
    verbose_name = "年度报告编制"

    def ready(self) -> None:
        from gongkai.audit.kinds import FAMILY_LABELS, register

        FAMILY_LABELS["yearreports"] = "年度报告编制"
        for kind, label in AUDIT_KINDS.items():
            register(kind, label)
        from . import cards  # noqa: F401  (registers the dashboard card)


AUDIT_KINDS = {
    "yearreports.started": "年度报告：开始编写",
    "yearreports.texts_saved": "年度报告：修改正文",
    "yearreports.figure_entered": "年度报告：填报数据",
    "yearreports.explained": "年度报告：说明警告",
    "yearreports.submitted": "年度报告：送审",
    "yearreports.returned": "年度报告：退回",
    "yearreports.published": "年度报告：审核通过并发布",
    "yearreports.correction_started": "年度报告：开始更正",
    "yearreports.deadline_saved": "年度报告：设置发布期限",
}
