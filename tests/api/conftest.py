"""A county to read through the API: 青石镇 (world.town_a) with published, draft, in-review
and withdrawn items, disclosure applications whose applicants have names, ID numbers and
phones the API must never show, and people who may hold API tokens."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Role
from gongkai.api import services as api_services
from gongkai.applications import services as app_services
from gongkai.disclosure.receipt import Channel
from gongkai.publishing import services as pub
from gongkai.publishing.models import DocType, ItemKind

D = dt.date

# Planted in the data: none of these may appear in any API answer.
APPLICANT_NAME = "欧阳秀英"
APPLICANT_ID = "11010519491231002X"
APPLICANT_PHONE = "13912345678"
APPLICANT_ADDRESS = "青石镇杏花巷十七号"
APPLICANT_EMAIL = "ouyang.xiuying@example.cn"
PERSONAL = (APPLICANT_NAME, APPLICANT_ID, APPLICANT_PHONE, APPLICANT_ADDRESS, APPLICANT_EMAIL)


@pytest.fixture(autouse=True)
def _media_and_queue(settings, tmp_path):
    """Uploaded files under tmp; report checks run as soon as they are queued."""
    from gongkai.reports.tasks import huey

    settings.MEDIA_ROOT = tmp_path / "media"
    was = huey.immediate
    huey.immediate = True
    yield
    huey.immediate = was


@pytest.fixture
def on(time_machine):
    def travel(day: dt.date, hour: int = 10) -> None:
        moment = dt.datetime(day.year, day.month, day.day, hour)
        time_machine.move_to(moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=8))))

    return travel


@pytest.fixture
def people(world):
    """World's people, and those who manage tokens: 青石镇's 信息公开工作机构负责人, and the
    reviewers of its chain (who publish the items)."""
    town = world.town_a
    return SimpleNamespace(
        world=world,
        head=make_person("qs_head", roles=[(town, Role.DISCLOSURE_HEAD)]),
        reviewer=make_person("qs_reviewer", roles=[(town, Role.REVIEWER)]),
        secrecy=make_person("qs_secrecy", roles=[(town, Role.SECRECY_REVIEWER)]),
        final=make_person("qs_final", roles=[(town, Role.FINAL_APPROVER)]),
        other_head=make_person("yz_head", roles=[(world.other_town, Role.DISCLOSURE_HEAD)]),
    )


def _item(people, title: str, *, kind: str = ItemKind.INFO, day: dt.date, **content):
    return pub.item_create(
        actor=people.world.drafter,
        agency=people.world.town_a,
        kind=kind,
        content=pub.Content(title=title, generated_on=day, summary=title, **content),
    )


def _publish(people, item) -> None:
    revision = item.revisions.get()
    pub.submit(actor=people.world.drafter, revision=revision)
    for person in (people.reviewer, people.head, people.secrecy, people.final):
        pub.approve(actor=person, revision=revision, comment="同意")
    pub.publish_now(actor=people.head, revision=revision)


@pytest.fixture
def items(people, on):
    """青石镇's items: three published (on 3 March, 10 April and 20 May 2026), one draft,
    one in review, one published and then withdrawn."""
    made = {}
    for key, title, kind, day, extra in (
        ("notice", "青石镇关于做好春季森林防火工作的通知", ItemKind.DOCUMENT, D(2026, 3, 3),
         {"doc_number": "青政发〔2026〕3号", "written_on": D(2026, 3, 2),
          "doc_type": DocType.NORMATIVE}),
        ("budget", "青石镇2026年第一季度财政收支情况", ItemKind.INFO, D(2026, 4, 10), {}),
        ("explained", "《青石镇春季森林防火通知》政策解读", ItemKind.INTERPRETATION,
         D(2026, 5, 20), {}),
        ("withdrawn", "青石镇2026年临时救助名单（有误，已撤）", ItemKind.INFO, D(2026, 5, 25), {}),
    ):  # fmt: skip
        on(day)
        made[key] = _item(people, title, kind=kind, day=day, **extra)
        _publish(people, made[key])
        made[key].refresh_from_db()
    on(D(2026, 5, 26))
    pub.withdraw(actor=people.head, item=made["withdrawn"], reason="名单有误")
    made["draft"] = _item(people, "青石镇草稿：尚未审核的信息", day=D(2026, 5, 26))
    made["in_review"] = _item(people, "青石镇审核中：等待分管领导审核", day=D(2026, 5, 26))
    pub.submit(actor=people.world.drafter, revision=made["in_review"].revisions.get())
    for item in made.values():
        item.refresh_from_db()
    return SimpleNamespace(**made)


@pytest.fixture
def applications(world, on):
    """Two applications to 青石镇 in 2026 by a named person with ID, phone and address: one
    granted, one still open at year end."""

    def register(day, items):
        on(day)
        app, _secret = app_services.application_register(
            actor=world.drafter,
            agency=world.town_a,
            intake=app_services.Intake(
                applicant_type="natural_person",
                applicant_name=APPLICANT_NAME,
                id_document="居民身份证",
                id_number=APPLICANT_ID,
                phone=APPLICANT_PHONE,
                email=APPLICANT_EMAIL,
                address=APPLICANT_ADDRESS,
                description=items[0],
                items=items,
            ),
            channel=Channel.IN_PERSON,
            received_on=day,
        )
        return app

    granted = register(D(2026, 3, 2), (f"{APPLICANT_NAME}申请公开杏花巷拆迁补偿方案",))
    on(D(2026, 3, 20))
    app_services.decide(
        actor=world.drafter,
        application=granted,
        date=D(2026, 3, 20),
        outcomes={granted.items.get().pk: "granted"},
    )
    register(D(2026, 12, 21), ("2026年农村低保资金发放明细",))
    return world.town_a


@pytest.fixture
def token(people):
    """A token of 青石镇, made by its 信息公开工作机构负责人: (row, the token itself)."""
    return api_services.token_create(
        actor=people.head, agency=people.world.town_a, name="县公文系统"
    )


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def api() -> Client:
    return Client()


@pytest.fixture
def upload(api, django_capture_on_commit_callbacks):
    """POST a file to the upload endpoint as a client would; the check it queues runs
    when the request's transaction commits (here: at once)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def post(raw: str | None, data: bytes, *, name: str = "年报.txt", slug: str = "qingshi",
             year: int = 2025):  # fmt: skip
        headers = bearer(raw) if raw is not None else {}
        with django_capture_on_commit_callbacks(execute=True):
            return api.post(
                f"/api/agencies/{slug}/annual-reports/{year}/uploads",
                {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
                **headers,
            )

    return post
