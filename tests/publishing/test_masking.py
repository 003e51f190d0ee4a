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


def test_a_bulletin_board_photo_is_recorded_with_the_channel_and_a_disguised_one_refused(
    client, world, chain, on, settings, tmp_path
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.publishing.models import ChannelRecord
    from tests.publishing.test_services import publish

    settings.MEDIA_ROOT = tmp_path
    on(TODAY)
    item = publish(world, chain)
    client.force_login(world.drafter)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    fake = SimpleUploadedFile("公示栏.png", b"MZ this is an exe", content_type="image/png")
    data = {"channel": "notice_board", "date": "2026-09-21", "note": "南山村公示栏"}
    response = client.post(f"/publishing/items/{item.pk}/act/channel/", {**data, "photo": fake})
    assert response.status_code == 400 and "公示栏.png" in response.content.decode()
    photo = SimpleUploadedFile("公示栏.png", png, content_type="image/png")
    response = client.post(f"/publishing/items/{item.pk}/act/channel/", {**data, "photo": photo})
    assert response.status_code == 302
    record = ChannelRecord.objects.get(item=item, channel="notice_board")
    assert record.photo.name.endswith(".png") and io.BytesIO(record.photo.read()).read(4) == png[:4]
