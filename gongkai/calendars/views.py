"""The calendar pages: the list of years, and one year's page where the State Council's
notice is entered, previewed, saved and confirmed. Thin: permission checks and writes are
in services (`NotAllowed` becomes 403), reading the text is `notice.parse_notice`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.accounts.errors import InvalidChange

from . import selectors, services
from .forms import YearForm
from .models import DayKind
from .notice import ParsedNotice, format_notice, parse_notice
from .permissions import require_manage_calendar


@never_cache
@login_required
@require_safe
def calendar_list_view(request: HttpRequest) -> HttpResponse:
    require_manage_calendar(request.user)
    today = timezone.localdate()
    rows = selectors.calendar_years()
    known = {row.year for row in rows}
    # Offer the years an administrator would enter next: this year and the next two.
    new_years = range(today.year, today.year + services.YEARS_AHEAD + 1)
    return render(
        request,
        "calendars/calendar_list.html",
        {
            "rows": rows,
            "warning": selectors.unconfirmed_year_warning(today),
            "new_years": [y for y in new_years if y not in known],
        },
    )


def _check_year(year: int) -> None:
    if not services.FIRST_YEAR <= year <= timezone.localdate().year + services.YEARS_AHEAD:
        raise Http404


def _stored_text(year: int) -> str:
    days = selectors.year_days(year)
    return format_notice(
        [d.date for d in days if d.kind == DayKind.HOLIDAY],
        [d.date for d in days if d.kind == DayKind.MAKEUP],
        {d.date: d.name for d in days if d.name},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def year_view(request: HttpRequest, year: int) -> HttpResponse:
    require_manage_calendar(request.user)  # before anything: the page says nothing to others
    _check_year(year)
    entry = selectors.calendar_year(year)
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "confirm":
        try:
            write = services.year_confirm(actor=request.user, year=year, request=request)
        except InvalidChange as refusal:
            messages.error(request, refusal.message)
        else:
            _report(request, write.notes, _("已确认 %(year)d 年的放假安排。") % {"year": year})
        return redirect("calendars:year", year=year)

    if request.method == "POST":
        form = YearForm(request.POST)
    else:
        initial = {"notice_ref": entry.notice_ref if entry else "", "text": _stored_text(year)}
        form = YearForm(initial=initial)
    parsed: ParsedNotice | None = None
    if request.method == "POST" and form.is_valid():
        parsed = parse_notice(form.cleaned_data["text"], year)
        if action in ("save", "save_confirm") and parsed.ok:
            try:
                write = services.year_save(
                    actor=request.user,
                    year=year,
                    holidays=parsed.holidays,
                    makeup_days=parsed.makeup_days,
                    names=parsed.names,
                    notice_ref=form.cleaned_data["notice_ref"],
                    confirm=action == "save_confirm",
                    request=request,
                )
            except InvalidChange as refusal:
                form.add_error(None, refusal.message)
            else:
                if not write.changed:
                    messages.info(request, _("内容没有变化，未保存。"))
                elif action == "save_confirm":
                    _report(
                        request,
                        write.notes,
                        _("已保存并确认 %(year)d 年的放假安排。") % {"year": year},
                    )
                else:
                    _report(
                        request,
                        write.notes,
                        _("已保存 %(year)d 年的放假安排（暂定，尚未确认）。") % {"year": year},
                    )
                return redirect("calendars:year", year=year)
    elif request.method == "GET":
        parsed = parse_notice(form.initial["text"], year)
    return render(
        request,
        "calendars/year.html",
        {"year": year, "entry": entry, "form": form, "parsed": parsed, "action": action},
    )


def _report(request: HttpRequest, notes: list[str], done: str) -> None:
    messages.success(request, done)
    for note in notes:
        messages.info(request, note)
