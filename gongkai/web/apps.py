from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "gongkai.web"
    label = "web"
    verbose_name = "界面框架"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .caching import note_change

        # Any committed save may change a public page: the page cache's version moves.
        post_save.connect(note_change, dispatch_uid="web.public-changes.save")
        post_delete.connect(note_change, dispatch_uid="web.public-changes.delete")
