from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "gongkai.inspection"
    verbose_name = "站点检查"

    def ready(self) -> None:
        from . import cards  # noqa: F401  (the dashboard card)
