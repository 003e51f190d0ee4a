"""The 三员 services: each administrator does their part and nothing else, on the record."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone

from gongkai.accounts import services
from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.accounts.models import SystemRole, User
from gongkai.agencies.models import Membership, Role
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

EVERYONE = ["drafter", "supervisor", "auditor", "security", "sysadmin"]


def others_than(*allowed):
    return [who for who in EVERYONE if who not in allowed]


@pytest.fixture
def clerk(world):
    """A township clerk in trouble: locked out, with a second factor."""
    person = User.objects.create_user(
        "clerk_b", password="Lanting-Xu-2026!", must_change_password=False
    )
    Membership.objects.create(person=person, agency=world.town_b, role=Role.DRAFTER)
    person.failed_logins = 5
    person.locked_until = timezone.now() + timedelta(minutes=10)
    person.totp_secret = "JBSWY3DPEHPK3PXP"
    person.save()
    return person


# --- person_create ---------------------------------------------------------------------


def test_the_system_admin_creates_a_person_with_a_one_time_initial_password(world):
    person, password = services.person_create(
        actor=world.sysadmin, username="lisi", display_name="李四"
    )
    assert person.check_password(password) and person.must_change_password
    validate_password(password, person)
    entry = AuditEntry.objects.get(kind="person.created")
    assert (entry.actor, entry.object_id) == (world.sysadmin, str(person.pk))
    assert entry.before is None
    assert entry.after == {"username": "lisi", "display_name": "李四", "system_role": ""}
    assert password not in str(entry.__dict__)


@pytest.mark.parametrize("who", others_than("sysadmin"))
def test_nobody_but_the_system_admin_creates_people(world, who):
    with pytest.raises(NotAllowed):
        services.person_create(actor=getattr(world, who), username="lisi")
    assert not User.objects.filter(username="lisi").exists()
    assert not AuditEntry.objects.filter(kind="person.created").exists()


def test_a_taken_or_malformed_username_is_refused(world):
    with pytest.raises(InvalidChange):
        services.person_create(actor=world.sysadmin, username="drafter")
    with pytest.raises(InvalidChange):
        services.person_create(actor=world.sysadmin, username="has space")


def test_the_system_admin_can_create_the_other_two_administrators(world):
    person, _ = services.person_create(
        actor=world.sysadmin, username="auditor2", system_role=SystemRole.AUDITOR
    )
    assert person.is_auditor


def test_generated_passwords_pass_the_policy_and_avoid_look_alike_characters():
    for _ in range(50):
        password = services.initial_password()
        validate_password(password)
        assert not set(password) & set("0O1lI")


# --- person_reset_password -------------------------------------------------------------


def test_the_system_admin_gives_a_forgetful_clerk_a_new_initial_password(world, clerk):
    password = services.person_reset_password(actor=world.sysadmin, person=clerk)
    clerk.refresh_from_db()
    assert clerk.check_password(password) and clerk.must_change_password
    assert AuditEntry.objects.get(kind="person.password_reset").actor == world.sysadmin


def test_passwords_of_the_three_administrators_cannot_be_reset_from_the_pages(world):
    with pytest.raises(NotAllowed):
        services.person_reset_password(actor=world.sysadmin, person=world.auditor)


@pytest.mark.parametrize("who", others_than("sysadmin"))
def test_nobody_but_the_system_admin_resets_passwords(world, clerk, who):
    with pytest.raises(NotAllowed):
        services.person_reset_password(actor=getattr(world, who), person=clerk)


# --- person_unlock, person_reset_totp --------------------------------------------------


def test_the_security_admin_unlocks_an_account_and_the_entry_says_from_what(world, clerk):
    was_locked_until = clerk.locked_until
    services.person_unlock(actor=world.security, person=clerk)
    clerk.refresh_from_db()
    assert (clerk.failed_logins, clerk.locked_until, clerk.is_locked()) == (0, None, False)
    entry = AuditEntry.objects.get(kind="person.unlocked")
    assert entry.actor == world.security
    assert entry.before == {"failed_logins": 5, "locked_until": was_locked_until.isoformat()}
    assert entry.after == {"failed_logins": 0, "locked_until": None}


@pytest.mark.parametrize("who", others_than("security"))
def test_nobody_but_the_security_admin_unlocks(world, clerk, who):
    with pytest.raises(NotAllowed):
        services.person_unlock(actor=getattr(world, who), person=clerk)
    clerk.refresh_from_db()
    assert clerk.is_locked()


def test_the_security_admin_resets_a_second_factor(world, clerk):
    services.person_reset_totp(actor=world.security, person=clerk)
    clerk.refresh_from_db()
    assert clerk.totp_secret == ""
    entry = AuditEntry.objects.get(kind="auth.totp_reset")
    assert (entry.actor, entry.before, entry.after) == (
        world.security,
        {"totp": True},
        {"totp": False},
    )
    assert "JBSWY3DPEHPK3PXP" not in str(entry.__dict__)


@pytest.mark.parametrize("who", others_than("security"))
def test_nobody_but_the_security_admin_resets_a_second_factor(world, clerk, who):
    with pytest.raises(NotAllowed):
        services.person_reset_totp(actor=getattr(world, who), person=clerk)
    clerk.refresh_from_db()
    assert clerk.totp_secret


def test_a_disabled_administrator_can_do_nothing(world, clerk):
    world.security.is_active = False
    world.security.save()
    with pytest.raises(NotAllowed):
        services.person_unlock(actor=world.security, person=clerk)


# --- membership_add, membership_remove -------------------------------------------------


def test_the_system_admin_gives_a_role_and_the_entry_names_the_agency(world, clerk):
    membership = services.membership_add(
        actor=world.sysadmin, person=clerk, agency=world.town_a, role=Role.REVIEWER
    )
    assert membership.role == Role.REVIEWER
    entry = AuditEntry.objects.get(kind="membership.added")
    assert (entry.actor, entry.agency) == (world.sysadmin, world.town_a)
    assert entry.after == {"person": "clerk_b", "agency": "青石镇人民政府", "role": "reviewer"}


def test_the_system_admin_takes_a_role_away_and_the_entry_keeps_what_it_was(world, clerk):
    membership = clerk.memberships.get()
    services.membership_remove(actor=world.sysadmin, membership=membership)
    assert not clerk.memberships.exists()
    entry = AuditEntry.objects.get(kind="membership.removed")
    assert (entry.agency, entry.before, entry.after) == (
        world.town_b,
        {"person": "clerk_b", "agency": "石桥镇人民政府", "role": "drafter"},
        None,
    )


@pytest.mark.parametrize("who", others_than("sysadmin"))
def test_nobody_but_the_system_admin_changes_roles(world, clerk, who):
    actor = getattr(world, who)
    with pytest.raises(NotAllowed):
        services.membership_add(actor=actor, person=clerk, agency=world.town_a, role="drafter")
    with pytest.raises(NotAllowed):
        services.membership_remove(actor=actor, membership=clerk.memberships.get())
    assert list(clerk.memberships.values_list("agency__slug", "role")) == [("shiqiao", "drafter")]


@pytest.mark.parametrize("who", ["auditor", "security", "sysadmin"])
def test_the_three_administrators_cannot_be_given_an_agency_role(world, who):
    with pytest.raises(InvalidChange, match="三员"):
        services.membership_add(
            actor=world.sysadmin, person=getattr(world, who), agency=world.town_a, role="drafter"
        )


def test_the_same_role_twice_in_one_agency_is_refused(world, clerk):
    with pytest.raises(InvalidChange):
        services.membership_add(
            actor=world.sysadmin, person=clerk, agency=world.town_b, role=Role.DRAFTER
        )


def test_an_unknown_role_is_refused(world, clerk):
    with pytest.raises(InvalidChange):
        services.membership_add(
            actor=world.sysadmin, person=clerk, agency=world.town_b, role="emperor"
        )
