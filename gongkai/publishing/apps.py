from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from . import kinds, tasks  # noqa: F401  (audit labels; the periodic publisher)
