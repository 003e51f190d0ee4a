from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "gongkai.inspection"
    verbose_name = "站点检查"

    def ready(self) -> None:
        from gongkai.audit.kinds import FAMILY_LABELS, register

        FAMILY_LABELS["inspection"] = "站点检查"
        for kind, label in AUDIT_KINDS.items():
            register(kind, label)
        from . import cards, tasks  # noqa: F401  (the dashboard card, the periodic probe)


AUDIT_KINDS = {
    "inspection.account_saved": "站点检查：登记或修改政务新媒体账号",
}
