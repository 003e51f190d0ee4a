from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = "公开事项目录与公开指南"

    def ready(self) -> None:
        from . import cards, kinds  # noqa: F401  (they register themselves)
