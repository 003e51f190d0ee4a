from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from gongkai.audit.kinds import register

        for kind, label in AUDIT_KINDS.items():
            register(kind, label)
        from . import cards  # noqa: F401  (registers the supervisor's dashboard card)


AUDIT_KINDS = {
    "reports.reminder_sent": "年报提醒：提醒单位发布年度报告",
}
