"""What a change of the working-day calendar does to open cases.

Nothing is recomputed, because nothing was stored: every due date is derived when shown.
What the administrator who confirms next year's holidays needs is to be *told* which open
cases' dates moved (and which stop being 暂定), so the handlers can be warned.
"""

from __future__ import annotations

from django.db.models import Prefetch

from gongkai.calendars.signals import CalendarChange, on_calendar_changed

from .models import Application, CaseStep
from .selectors import DEADLINE_LABELS_ZH, OPEN_STATUSES, case_deadlines, policy_for


def moved_cases(change: CalendarChange) -> tuple[list[tuple[Application, str]], int]:
    """Open cases whose due dates differ between the two calendars (with a sentence for
    each), and how many of them stopped being provisional."""
    cases = (
        Application.objects.filter(status__in=OPEN_STATUSES, received_on__isnull=False)
        .select_related("agency")
        .prefetch_related(Prefetch("steps", queryset=CaseStep.objects.order_by("date", "id")))
    )
    moved, settled = [], 0
    for app in cases:
        policy = policy_for(app.agency)
        steps = list(app.steps.all())
        old = case_deadlines(app, steps, change.before, policy).dues
        new = case_deadlines(app, steps, change.after, policy).dues
        changes = [
            f"{DEADLINE_LABELS_ZH.get(name, name)} "
            f"{old[name].date.isoformat()} → {new[name].date.isoformat()}"
            for name in new
            if name in old and old[name].date != new[name].date
        ]
        if any(old[n].provisional and not new[n].provisional for n in new if n in old):
            settled += 1
        if changes:
            moved.append((app, "；".join(changes)))
    return moved, settled


@on_calendar_changed
def report_moved_deadlines(change: CalendarChange) -> str | None:
    moved, settled = moved_cases(change)
    parts = []
    if moved:
        numbers = "、".join(
            f"{app.agency.short_name or app.agency.name} {app.number}（{what}）"
            for app, what in moved[:10]
        )
        more = f"等 {len(moved)} 件" if len(moved) > 10 else f"共 {len(moved)} 件"
        parts.append(f"在办申请的期限已按新的日历重新计算，有变化的：{numbers}（{more}）")
    if settled:
        parts.append(f"{settled} 件在办申请的期限不再是暂定")
    return "；".join(parts) + "。" if parts else None
