"""Who may create and revoke API tokens, and what a token may do.

- **Create** a token for an agency: its 信息公开工作机构负责人, and a 政务公开办管理员 for
  every agency they supervise. Uploads made with the token are recorded in the creator's
  name, so the creator must also be someone who may upload reports for that agency
  (``reports.selectors.may_upload_for``); a token never does more than its creator may.
- **See and revoke**: the same people, for the tokens of those agencies; and the
  系统管理员 for every token — a leaked token must be stoppable by whoever runs the platform
  even when the agency's people are away. (The 系统管理员 does not create tokens: under
  三员分立 they do not upload reports, and uploads are made in the creator's name.)
- **Write with a token**: for the token's agency and the agencies below it, and only while
  the creator may still upload for that agency (checked again by the reports service).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gongkai.accounts.errors import NotAllowed
from gongkai.accounts.permissions import can_manage_people
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.selectors import supervision_scopes
from gongkai.reports.selectors import may_upload_for

from .models import ApiToken


def _active(person) -> bool:
    return bool(
        person is not None
        and getattr(person, "is_authenticated", False)
        and getattr(person, "is_active", False)
    )


def token_agencies(person) -> QuerySet[Agency]:
    """Agencies whose tokens the person manages: where they are 信息公开工作机构负责人, and
    everything under the governments they supervise as 政务公开办管理员."""
    if not _active(person):
        return Agency.objects.none()
    query = Q(
        pk__in=Membership.objects.filter(person=person, role=Role.DISCLOSURE_HEAD).values(
            "agency_id"
        )
    )
    for scope in supervision_scopes(person):
        query |= Q(path__startswith=scope.path)
    return Agency.objects.filter(query)


def creatable_agencies(person) -> list[Agency]:
    """Agencies the person may create a token for (the form's choices), in tree order."""
    return [a for a in token_agencies(person).order_by("path") if may_upload_for(person, a)]


def can_create_token(person, agency: Agency) -> bool:
    return token_agencies(person).filter(pk=agency.pk).exists() and may_upload_for(person, agency)


def can_manage_tokens(person) -> bool:
    """Whether the token page is for this person at all."""
    return can_manage_people(person) or token_agencies(person).exists()


def tokens_visible_to(person) -> QuerySet[ApiToken]:
    if can_manage_people(person):
        return ApiToken.objects.all()
    return ApiToken.objects.filter(agency__in=token_agencies(person))


def can_revoke_token(person, token: ApiToken) -> bool:
    return tokens_visible_to(person).filter(pk=token.pk).exists()


def require_create_token(person, agency: Agency) -> None:
    if not can_create_token(person, agency):
        raise NotAllowed(
            _(
                "只有「%(agency)s」的信息公开工作机构负责人或主管的政务公开办管理员可以为其创建接口令牌。"
            )
            % {"agency": agency.name}
        )


def require_revoke_token(person, token: ApiToken) -> None:
    if not can_revoke_token(person, token):
        raise NotAllowed(_("您不能吊销这个接口令牌。"))


def token_may_write_for(token: ApiToken, agency: Agency) -> bool:
    """The token's own reach: its agency and everything below it."""
    return agency.is_within(token.agency)
