"""Letters from the case: filled, rendered as DOCX and PDF, read back, kept as issued."""

import datetime as dt
import io

import docx
import pypdfium2
import pytest

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Role
from gongkai.applications import letters, services
from gongkai.applications.models import HandlingPolicy, Letter
from gongkai.disclosure.lifecycle import Step
from gongkai.disclosure.receipt import Channel

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def case(world, time_machine, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(dt.datetime(2026, 10, 20, 10, tzinfo=dt.UTC))
    app, _ = services.application_register(
        actor=world.drafter,
        agency=world.town_a,
        intake=services.Intake(
            applicant_type="natural_person",
            applicant_name="李秀英",
            description="危房改造补助名单",
            items=("2026年危房改造补助名单", "补助资金拨付文件"),
        ),
        channel=Channel.POST_SIGNED,
        received_on=D(2026, 9, 18),
    )
    return app


def docx_text(letter: Letter) -> str:
    with letter.docx.open("rb") as f:
        document = docx.Document(io.BytesIO(f.read()))
    return "\n".join(p.text for p in document.paragraphs)


def pdf_text(letter: Letter) -> str:
    with letter.pdf.open("rb") as f:
        pdf = pypdfium2.PdfDocument(f.read())
    return "".join(page.get_textpage().get_text_range() for page in pdf)


def squash(text: str) -> str:
    return "".join(text.split())


def test_a_partial_decision_letter_cites_each_ground_and_the_review_first_remedy(world, case):
    first, second = case.items.order_by("position")
    services.decide(
        actor=world.drafter,
        application=case,
        date=D(2026, 10, 16),
        outcomes={first.pk: "granted", second.pk: "denied_third_party"},
        answers={
            first.pk: "随本告知书提供名单复印件 3 页。",
            second.pk: "拨付文件含个人账户信息。",
        },
    )
    assert letters.decision_key(case) == "decision"
    letter = letters.letter_issue(
        actor=world.drafter, application=case, key="decision", date=D(2026, 10, 16)
    )
    text = docx_text(letter)
    assert "李秀英" in text and case.number in text and "2026年9月18日" in text
    assert "第十五条" in text  # the third party's rights
    assert "示例县人民政府" in text  # the review body: the government above the township
    assert "应当先申请行政复议" in text  # 复议前置 for a refusal
    assert squash(letter.text) == squash(text)  # the text kept is the text printed
    assert "第十五条" in squash(pdf_text(letter))
    assert letter.pdf.size < 1024 * 1024


def test_an_extension_notice_carries_the_reason_and_the_new_due_date(world, case):
    head = make_person("head", roles=[(world.town_a, Role.DISCLOSURE_HEAD)])
    services.extension_approve(
        actor=head, application=case, date=D(2026, 10, 19), days=10, reason="需调取档案"
    )
    letter = letters.letter_issue(actor=world.drafter, application=case, key="extension_notice")
    text = squash(docx_text(letter))
    # 10/22 + 10 working days = 11/5 (see the services tests).
    assert "需调取档案" in text and "10个工作日" in text and "2026年11月5日" in text


def test_a_fee_notice_shows_the_working_and_the_amount(world, case):
    services.fee_notice(
        actor=world.drafter, application=case, date=D(2026, 9, 25), method="per_page", pages=120
    )
    letter = letters.letter_issue(
        actor=world.drafter,
        application=case,
        key="fee_notice",
        context={"缴费方式": "通过非税收入缴款码缴纳"},
    )
    text = squash(docx_text(letter))
    # 31–100: 70 pages at 10元, 101–120: 20 pages at 20元 = 1100元.
    assert "人民币1100元" in text and "按量计收" in text


def test_a_placeholder_the_case_cannot_fill_is_asked_for_by_name(world, case):
    services.fee_notice(
        actor=world.drafter, application=case, date=D(2026, 9, 25), method="per_page", pages=120
    )
    with pytest.raises(InvalidChange, match="缴费方式"):
        letters.letter_issue(actor=world.drafter, application=case, key="fee_notice")
    assert not Letter.objects.exists()


def test_the_clerks_edits_win_and_the_issued_text_is_kept_when_the_template_changes(world, case):
    services.step_record(
        actor=world.drafter,
        application=case,
        step=Step.CORRECTION_REQUESTED,
        date=D(2026, 9, 22),
        note="请写明补助年度",
    )
    letter = letters.letter_issue(
        actor=world.drafter,
        application=case,
        key="correction_notice",
        context={"补正期限": "2026年10月9日"},
    )
    assert "请写明补助年度" in letter.text and "2026年10月9日" in letter.text
    head = make_person("head", roles=[(world.town_a, Role.DISCLOSURE_HEAD)])
    default = letters.DEFAULT_LETTERS["correction_notice"].body
    letters.template_save(
        actor=head,
        agency=world.town_a,
        key="correction_notice",
        body=default.replace("# 补正申请告知书", "# 补正申请告知书（青石镇）"),
    )
    assert letters.letter_draft(case, "correction_notice").text.startswith(
        "# 补正申请告知书（青石镇）"
    )
    letter.refresh_from_db()
    assert "（青石镇）" not in letter.text


def test_a_template_with_an_unknown_placeholder_is_refused_naming_it(world):
    head = make_person("head", roles=[(world.town_a, Role.DISCLOSURE_HEAD)])
    with pytest.raises(InvalidChange, match="身份证"):
        letters.template_save(
            actor=head, agency=world.town_a, key="receipt", body="# 回执\n\n{{身份证}}"
        )
    with pytest.raises(NotAllowed):
        letters.template_save(
            actor=world.drafter, agency=world.town_a, key="receipt", body="# 回执"
        )
    with pytest.raises(NotAllowed):
        letters.template_save(actor=head, agency=None, key="receipt", body="# 回执")


def test_the_office_policy_names_its_own_review_body_and_court(world, case):
    HandlingPolicy.objects.create(
        agency=world.town_a, review_body="示例县人民政府行政复议办公室", court="示例县人民法院"
    )
    (first, second) = case.items.order_by("position")
    services.decide(
        actor=world.drafter,
        application=case,
        date=D(2026, 10, 16),
        outcomes={first.pk: "granted", second.pk: "granted"},
    )
    context = letters.letter_draft(case, "decision_granted").context
    assert "示例县人民法院" in context["救济途径"] and "六个月" in context["救济途径"]


def test_a_value_emptied_by_the_clerk_is_asked_for_not_printed_as_a_hole(world, case):
    services.step_record(
        actor=world.drafter,
        application=case,
        step=Step.CORRECTION_REQUESTED,
        date=D(2026, 9, 22),
        note="请写明补助年度",
    )
    with pytest.raises(InvalidChange, match="补正期限"):
        letters.letter_issue(
            actor=world.drafter,
            application=case,
            key="correction_notice",
            context={"补正期限": "  "},
        )
    assert not Letter.objects.exists()
