"""Reads of the accounts app, each checking that the viewer may read it."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gongkai.agencies.models import Membership

from .models import User
from .permissions import require_view_people


def person_list(*, viewer: User, query: str = "") -> QuerySet[User]:
    """Everyone, for the two administrators; `query` matches username or name."""
    require_view_people(viewer)
    people = User.objects.order_by("username")
    query = query.strip()
    if query:
        people = people.filter(Q(username__icontains=query) | Q(display_name__icontains=query))
    return people


def person_get(*, viewer: User, pk: int) -> User:
    require_view_people(viewer)
    person = User.objects.filter(pk=pk).first()
    if person is None:
        raise Http404(_("没有这个人员。"))
    return person


def memberships_of(person: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(person=person)
        .select_related("agency")
        .order_by("agency__path", "role")
    )
