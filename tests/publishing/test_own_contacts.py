"""The office's own published contacts are not a resident's personal data.

An office prints its 联系电话 in its 指南; a notice that repeats the number must not be
stopped at the final approval as if it were a villager's mobile, nor masked by 一键脱敏.
"""

import pytest
from django.utils import timezone

from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import Guide, GuideVersion
from gongkai.catalog.selectors import published_contacts
from gongkai.publishing import services
from gongkai.publishing.models import State
from tests.publishing.test_services import TODAY, approve_all, create, rev

pytestmark = pytest.mark.django_db

OFFICE_MOBILE = "13907771234"
RESIDENT_MOBILE = "13812345678"


def publish_guide(world, body: str) -> None:
    catalog_services.guide_publish(
        actor=world.drafter, agency=world.town_a, title="政府信息公开指南", body_html=body
    )


def test_numbers_in_the_guide_of_the_agency_or_above_are_its_own(world):
    publish_guide(world, f"<p>受理机构联系电话：{OFFICE_MOBILE}，邮箱 gk@qingshi.gov.cn</p>")
    county_guide = Guide.objects.create(agency=world.county)
    GuideVersion.objects.create(
        guide=county_guide, number=1, title="指南", published_at=timezone.now(),
        body_html="<p>县政务公开办电话 0951-5012345</p>",
    )  # fmt: skip
    GuideVersion.objects.create(
        guide=county_guide, number=2, title="指南", published_at=timezone.now(),
        body_html="<p>县政务公开办电话 0951-5019999</p>",
    )  # fmt: skip

    own = published_contacts(world.town_a)

    assert OFFICE_MOBILE in own and "gk@qingshi.gov.cn" in own
    assert "0951-5019999" in own  # the county's current guide
    assert "0951-5012345" not in own  # an old version no longer says it
    assert published_contacts(world.town_b) == ["0951-5019999"]  # not town_a's


def test_a_notice_repeating_the_office_number_passes_the_final_approval(world, chain, on):
    on(TODAY)
    publish_guide(world, f"<p>联系电话：{OFFICE_MOBILE}</p>")
    item = create(world, body_html=f"<p>如有疑问请拨打 {OFFICE_MOBILE} 咨询。</p>")
    services.submit(actor=world.drafter, revision=rev(item))
    approve_all(chain, rev(item))
    assert rev(item).state == State.APPROVED


def test_a_resident_number_still_blocks_it(world, chain, on):
    from gongkai.accounts.errors import InvalidChange

    on(TODAY)
    publish_guide(world, f"<p>联系电话：{OFFICE_MOBILE}</p>")
    item = create(world, body_html=f"<p>请拨打 {OFFICE_MOBILE}；困难户张某，{RESIDENT_MOBILE}</p>")
    services.submit(actor=world.drafter, revision=rev(item))
    with pytest.raises(InvalidChange, match="C-3"):
        approve_all(chain, rev(item))


def test_one_click_masking_leaves_the_office_number_alone(world, on):
    on(TODAY)
    publish_guide(world, f"<p>联系电话：{OFFICE_MOBILE}</p>")
    item = create(world, body_html=f"<p>咨询 {OFFICE_MOBILE}；对象电话 {RESIDENT_MOBILE}</p>")
    assert services.mask_personal_data(actor=world.drafter, revision=rev(item)) == 1
    body = rev(item).body_html
    assert OFFICE_MOBILE in body and RESIDENT_MOBILE not in body
