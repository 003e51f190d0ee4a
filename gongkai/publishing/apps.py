from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from . import cards, kinds, tasks  # noqa: F401  (dashboard cards, audit labels, periodic tasks)
