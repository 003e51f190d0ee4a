from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.audit.kinds import FAMILY_LABELS, register
        from gongkai.disclosure.lifecycle import STEP_LABELS_ZH

        FAMILY_LABELS["applications"] = "依申请公开"
        register("applications.registered", "登记政府信息公开申请")
        for step, label in STEP_LABELS_ZH.items():
            register(f"applications.{step.value}", f"依申请公开：{label}")
        for kind, label in EXTRA_KINDS.items():
            register(kind, label)
        # Listens for calendar changes (tells the administrator which open cases moved).
        from . import calendar_changes, cards, tasks  # noqa: F401  (listener, cards, daily reminders)


EXTRA_KINDS = {
    "applications.letter_issued": "依申请公开：生成文书",
    "applications.template_saved": "修改文书模板",
    "applications.appeal_recorded": "登记行政复议或诉讼",
    "applications.appeal_updated": "更新行政复议或诉讼结果",
    "applications.policy_saved": "修改依申请公开办理设置",
    "applications.reminder_sent": "发送到期提醒",
}
