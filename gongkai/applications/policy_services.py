"""An office's handling settings (``HandlingPolicy``): who may change them, and the change
itself with its audit entry.

Who may edit an agency's settings:

- its 信息公开工作机构负责人 or 主要领导 (the two posts that also approve extensions): the
  settings change the office's own deadlines and fees, which is their responsibility;
- a 政务公开办管理员 for any agency they supervise: the county office sets the rules for
  its townships (and is the one asked when a township has nobody in those posts).

A clerk (撰稿人 …) may not: the day-1 rule and the fee pause move every open case's due
dates, so it is not a decision for whoever happens to be at the desk.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.models import Agency, Membership
from gongkai.agencies.selectors import supervised_agencies, supervises
from gongkai.audit.services import audit_record

from .models import ApplicantType, HandlingPolicy
from .permissions import APPROVER_ROLES

# The fields ``policy_save`` accepts: everything an office may choose, nothing else.
POLICY_FIELDS = (
    "day_one_is_next_working_day",
    "fee_pauses_answer_clock",
    "fee_exempt_types",
    "remind_days_before",
    "review_body",
    "court",
)
MAX_REMIND_DAYS = 20


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_edit_policy(user, agency: Agency) -> bool:
    if not _active(user):
        return False
    if Membership.objects.filter(person=user, agency=agency, role__in=APPROVER_ROLES).exists():
        return True
    return supervises(user, agency)


def policy_agencies(user) -> QuerySet[Agency]:
    """Every agency whose settings ``user`` may edit, in tree order."""
    if not _active(user):
        return Agency.objects.none()
    own = Membership.objects.filter(person=user, role__in=APPROVER_ROLES).values("agency")
    return (
        (Agency.objects.filter(pk__in=own) | supervised_agencies(user)).distinct().order_by("path")
    )


def _snapshot(policy: HandlingPolicy) -> dict[str, Any]:
    return {name: getattr(policy, name) for name in POLICY_FIELDS}


@transaction.atomic
def policy_save(*, actor, agency: Agency, request=None, **fields: Any) -> HandlingPolicy:
    """Write ``agency``'s own policy (creating it: until now it used the one above it).
    Fields not given keep their current value."""
    if not can_edit_policy(actor, agency):
        raise NotAllowed(
            _("只有本机关信息公开工作机构负责人、主要领导或上级政务公开办管理员可以修改办理设置。")
        )
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise InvalidChange(_("未知的设置项：%(k)s") % {"k": "、".join(sorted(unknown))})
    if "fee_exempt_types" in fields:
        types = list(dict.fromkeys(fields["fee_exempt_types"] or ()))
        bad = [t for t in types if t not in ApplicantType.values]
        if bad:
            raise InvalidChange(_("未知的申请人类型：%(t)s") % {"t": bad[0]})
        fields["fee_exempt_types"] = types
    if "remind_days_before" in fields:
        days = fields["remind_days_before"]
        if days is None or not 0 <= int(days) <= MAX_REMIND_DAYS:
            raise InvalidChange(
                _("提前提醒的工作日数应在 0 到 %(n)s 之间。") % {"n": MAX_REMIND_DAYS}
            )
        fields["remind_days_before"] = int(days)
    for name in ("review_body", "court"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()

    policy = HandlingPolicy.objects.select_for_update().filter(agency=agency).first()
    before = _snapshot(policy) if policy else None
    if policy is None:
        # Start from what applied so far (inherited), so a field not given does not jump
        # back to the built-in default.
        from .selectors import policy_for

        inherited = policy_for(agency)
        policy = HandlingPolicy(agency=agency, **_snapshot(inherited))
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.save()
    audit_record(
        kind="applications.policy_saved",
        actor=actor,
        agency=agency,
        obj=policy,
        before=before,
        after=_snapshot(policy),
        request=request,
    )
    return policy
