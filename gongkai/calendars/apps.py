from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


def _seed_after_migrate(sender, using=DEFAULT_DB_ALIAS, apps=None, **kwargs) -> None:
    """Seed 2004–2026 from the package on every ``migrate`` (idempotent), so `make demo`,
    a fresh server and the test database all start with the known years."""
    if apps is not None:
        try:
            apps.get_model("calendars", "CalendarStamp")
        except LookupError:
            return  # migrated back to before this app's tables exist
    from .services import seed_from_package

    seed_from_package(using=using)


class CalendarsConfig(AppConfig):
    name = "gongkai.calendars"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from . import cards, kinds  # noqa: F401  (they register themselves)

        post_migrate.connect(_seed_after_migrate, sender=self, dispatch_uid="calendars.seed")
