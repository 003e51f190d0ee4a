"""A year of 青石镇 (world.town_a) that a person can count by hand, and the people who
write and approve its report.

Documents (行政规范性文件 unless said otherwise), by 成文日期:
  N1 2025-03-01 valid                      -> in force before and after 2026
  N2 2025-06-01 repealed 2026-04-01        -> 2026: repealed
  N3 2026-02-10 valid                      -> 2026: issued, in force
  N4 2026-05-05 amended 2026-11-01 (by N5) -> 2026: issued and repealed
  N5 2026-11-01 valid                      -> 2026: issued, in force
  N6 no 成文日期, first published 2026-08-08 -> 2026: issued (by first publication), in force
  N7 2026-12-30, first published 2027-01-05 -> 2026: issued, in force
  N8 2027-01-03                            -> not 2026
  W  2026-03-03, withdrawn                 -> never counted
  O  2026-03-04, 其他文件                   -> never counted
  X  2026-03-05, another township's        -> never counted
2026 by hand: issued N3 N4 N5 N6 N7 = 5; repealed N2 N4 = 2; in force N1 N3 N5 N6 N7 = 5
(2025: in force N1 N2 = 2; 2 + 5 - 2 = 5).

Items first published in 2026: documents N3 N4 N5 N6 W O (6: W was published before it was
withdrawn) + 3 信息 + 1 政策解读 = 10; channels: each of them 政府网站, the 3 信息 also
社区/村公示栏.

Applications (as tests/applications/test_year_tables.py): 甲 received 2025-12-10 granted
2026-01-08 (上年结转); 乙 commercial granted + denied (部分公开); 丙 unable + duplicate
(无法提供); 丁 withdrew (其他处理); 戊 research, 补正 lapsed (其他处理); 己 legal service
received 2026-12-21, open (结转下年). New 5, carried in 1, processed 5, carried forward 1.
Appeals: a 行政复议 of 乙 corrected; a 行政诉讼 of 丙 pending.

Messages 2026: 3 网站留言 (2 replied), 1 12345热线 (replied) -> received 4, replied 3.
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Role
from gongkai.yearreports.testing import message, published_item
from tests.applications.year_cases import six_cases

D = dt.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def people(world):
    town = world.town_a
    return SimpleNamespace(
        drafter=world.drafter,
        head=make_person("qs_head", roles=[(town, Role.DISCLOSURE_HEAD)]),
        final=make_person("qs_final", roles=[(town, Role.FINAL_APPROVER)]),
        reviewer=make_person("qs_reviewer", roles=[(town, Role.REVIEWER)]),
        other=make_person("sq_drafter", roles=[(world.town_b, Role.DRAFTER)]),
        other_head=make_person("sq_head", roles=[(world.town_b, Role.DISCLOSURE_HEAD)]),
    )


@pytest.fixture
def on(time_machine):
    def travel(day: dt.date, hour: int = 10) -> None:
        time_machine.move_to(
            dt.datetime(
                day.year, day.month, day.day, hour, tzinfo=dt.timezone(dt.timedelta(hours=8))
            )
        )

    return travel


def documents(world) -> None:
    town, author = world.town_a, world.drafter

    def doc(title, written, first=None, **kw):
        return published_item(
            town, author, title=title, written_on=written, first_published=first or written, **kw
        )

    doc("N1", D(2025, 3, 1))
    doc("N2", D(2025, 6, 1), validity="repealed", validity_changed_on=D(2026, 4, 1))
    doc("N3", D(2026, 2, 10))
    doc("N4", D(2026, 5, 5), validity="amended", validity_changed_on=D(2026, 11, 1))
    doc("N5", D(2026, 11, 1))
    doc("N6", None, D(2026, 8, 8))
    doc("N7", D(2026, 12, 30), D(2027, 1, 5))
    doc("N8", D(2027, 1, 3))
    doc("W", D(2026, 3, 3), withdrawn=True)
    doc("O", D(2026, 3, 4), doc_type="other")
    published_item(world.town_b, author, title="X", written_on=D(2026, 3, 5),
                   first_published=D(2026, 3, 5))  # fmt: skip
    for i, day in enumerate((D(2026, 1, 20), D(2026, 6, 1), D(2026, 9, 9))):
        published_item(town, author, title=f"信息{i}", kind="info", first_published=day,
                       channels=("website", "notice_board"))  # fmt: skip
    published_item(
        town, author, title="解读", kind="interpretation", first_published=D(2026, 2, 11)
    )


def applications(world, on) -> None:
    six_cases(world, on)


def messages(world) -> None:
    town = world.town_a
    message(town, received=D(2026, 3, 1), replied=D(2026, 3, 3))
    message(town, received=D(2026, 5, 1), replied=D(2026, 5, 6))
    message(town, received=D(2026, 12, 30))
    message(town, received=D(2026, 8, 1), channel="hotline_12345", replied=D(2026, 8, 3))
    message(town, received=D(2025, 8, 1), replied=D(2025, 8, 3))  # last year: not counted


@pytest.fixture
def year2026(world, people, on):
    """青石镇's 2026 as described above; the clock then stands on 2027-01-10."""
    documents(world)
    applications(world, on)
    messages(world)
    on(D(2027, 1, 10))
    return world.town_a


CLEAN_TEXTS = {
    "overview": "{{年度}}年，本镇由党政办公室负责政府信息公开工作，配备兼职工作人员2名。"
    "全年主动公开政府信息{{主动公开.总数}}条，收到政府信息公开申请{{申请.新收}}件。",
    "proactive": "本年度主动公开政府信息{{主动公开.总数}}条，重点公开了低保、临时救助和村道建设的信息。",
    "applications": "本年度收到政府信息公开申请{{申请.新收}}件，上年结转{{申请.上年结转}}件，"
    "办结{{申请.办结}}件，结转下年度继续办理{{申请.结转下年}}件。",
    "review_litigation": "本年度被申请行政复议{{复议.总数}}件，被提起行政诉讼{{诉讼.总数}}件。",
    "problems": "部分村务公开栏更新不及时。下一步每季度检查一次各村公开栏。",
    "other_matters": "本年度未收取信息处理费。无其他需要报告的事项。",
}


def complete(report, person):
    """Fill every entered figure with 0 and write texts without prompts: no errors left."""
    from gongkai.yearreports import services
    from gongkai.yearreports.compile import entered_cells

    services.figures_save(
        actor=person,
        report=report,
        values={
            key: "0" for key, _r, _c in entered_cells("v2021" if report.year > 2020 else "v2019")
        },
    )
    return services.texts_save(actor=person, report=report, texts=CLEAN_TEXTS)


@pytest.fixture
def ready(year2026, people):
    """青石镇's 2026 report, complete and without errors, written by the drafter."""
    from gongkai.yearreports import services

    report = services.report_start(actor=people.drafter, agency=year2026, year=2026)
    return complete(report, people.drafter)
