"""一键脱敏: personal data masked in a draft before it goes to review."""

import pytest

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.publishing import services
from tests.publishing.test_services import TODAY, create, rev

pytestmark = pytest.mark.django_db

BODY = "<p>救助对象：张某某，身份证号 11010519491231002X，电话 13812345678。</p>"


def test_the_writer_masks_every_id_and_phone_number_in_one_click(world, chain, on):
    on(TODAY)
    item = create(world, body_html=BODY)
    assert services.mask_personal_data(actor=world.drafter, revision=rev(item)) == 2
    body = rev(item).body_html
    assert "11010519491231002X" not in body and "110105********002X" in body
    assert "138****5678" in body
    with pytest.raises(InvalidChange, match="没有需要脱敏"):
        services.mask_personal_data(actor=world.drafter, revision=rev(item))


def test_masking_is_an_edit_refused_while_in_review_and_to_outsiders(world, chain, on):
    on(TODAY)
    item = create(world, body_html=BODY)
    with pytest.raises(NotAllowed):
        services.mask_personal_data(actor=chain.reviewer, revision=rev(item))
    services.submit(actor=world.drafter, revision=rev(item))
    with pytest.raises(InvalidChange, match="锁定|审核中"):
        services.mask_personal_data(actor=world.drafter, revision=rev(item))


def test_the_item_page_offers_masking_and_it_works(client, world, chain, on):
    on(TODAY)
    item = create(world, body_html=BODY)
    client.force_login(world.drafter)
    assert "一键脱敏" in client.get(f"/publishing/items/{item.pk}/").content.decode()
    response = client.post(f"/publishing/items/{item.pk}/act/mask/")
    assert response.status_code == 302
    assert "110105********002X" in rev(item).body_html
