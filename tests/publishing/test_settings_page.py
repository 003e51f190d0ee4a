"""The review chain and publishing policy page."""

import pytest

from gongkai.agencies.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.publishing import selectors

pytestmark = pytest.mark.django_db


def post(client, agency, **changes):
    data = {
        "index_pattern": "{机构代码}-{年}-{序号:05}",
        "agency_code": "QS",
        "deadline_working_days": "5",
        "stage-0-label": "分管领导审核",
        "stage-0-role": Role.REVIEWER,
        "stage-1-label": "主要领导终审",
        "stage-1-role": Role.FINAL_APPROVER,
    }
    data.update(changes)
    return client.post(f"/publishing/settings/?agency={agency.pk}", data)


def test_the_office_head_shortens_the_chain_and_sets_a_stricter_deadline(client, world, chain):
    client.force_login(chain.head)
    assert client.get(f"/publishing/settings/?agency={world.town_a.pk}").status_code == 200
    response = post(client, world.town_a)
    assert response.status_code == 302
    assert [s.role for s in selectors.chain_for(world.town_a)] == [
        Role.REVIEWER,
        Role.FINAL_APPROVER,
    ]
    assert selectors.policy_for(world.town_a).deadline_working_days == 5
    assert AuditEntry.objects.filter(kind__startswith="publishing.").exists()


def test_a_looser_deadline_than_the_law_is_refused_and_the_form_keeps_the_input(
    client, world, chain
):
    client.force_login(chain.head)
    response = post(client, world.town_a, deadline_working_days="30", agency_code="QSZ")
    assert response.status_code == 400
    body = response.content.decode()
    assert "二十六条" in body and 'value="QSZ"' in body
    assert len(selectors.chain_for(world.town_a)) == 4  # nothing saved


def test_a_clerk_and_another_townships_head_cannot_change_the_chain(client, world, chain):
    from gongkai.accounts.testing import make_person

    client.force_login(world.drafter)
    assert post(client, world.town_a).status_code == 403
    client.force_login(make_person("sq_head", roles=[(world.town_b, Role.DISCLOSURE_HEAD)]))
    assert post(client, world.town_a).status_code in (403, 404)
    assert len(selectors.chain_for(world.town_a)) == 4
