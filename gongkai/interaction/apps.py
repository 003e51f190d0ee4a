from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    verbose_name = "互动交流"

    def ready(self) -> None:
        from gongkai.audit.kinds import FAMILY_LABELS, register

        FAMILY_LABELS["interaction"] = "互动交流"
        for kind, label in AUDIT_KINDS.items():
            register(kind, label)
        from . import cards  # noqa: F401  (registers the dashboard card)


AUDIT_KINDS = {
    "interaction.submitted": "互动交流：收到网上留言",
    "interaction.recorded": "互动交流：登记其他渠道的留言",
    "interaction.routed": "互动交流：转办留言",
    "interaction.replied": "互动交流：答复留言",
    "interaction.published": "互动交流：公开留言及答复",
    "interaction.unpublished": "互动交流：撤下或不予公开留言",
    "interaction.policy_saved": "互动交流：修改答复期限设置",
}
