"""The 词库: administrators' terms join the starter dictionary for every screening."""

import pytest

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.audit.models import AuditEntry
from gongkai.lexicon import selectors, services
from gongkai.lexicon.models import LexiconTerm

pytestmark = pytest.mark.django_db


def rules(text):
    return [(f.rule, f.text) for f in selectors.active_dictionary().screen(text)]


def test_a_local_typo_is_found_at_once_and_the_starter_still_works(world):
    assert ("C-1", "青石真") not in rules("青石真人民政府")
    services.term_save(
        actor=world.supervisor, text="青石真", kind="typo", suggestion="青石镇", severity="error"
    )
    assert ("C-1", "青石真") in rules("青石真人民政府")
    finding = next(f for f in selectors.active_dictionary().screen("青石真") if f.text == "青石真")
    assert finding.severity == "error" and "青石镇" in finding.suggestion
    assert AuditEntry.objects.filter(kind="lexicon.term_saved").exists()


def test_a_local_exception_switches_off_a_starter_entry(world):
    starter_hit = [
        f for f in selectors.active_dictionary().screen("请按装好设备") if f.rule == "C-1"
    ]
    assert starter_hit, "the starter dictionary flags 按装"
    services.term_save(actor=world.sysadmin, text="按装", kind="ok", severity="warning")
    assert not [f for f in selectors.active_dictionary().screen("请按装好设备") if f.text == "按装"]


def test_a_leader_needs_their_titles(world):
    with pytest.raises(InvalidChange, match="职务"):
        services.term_save(actor=world.supervisor, text="张某某", kind="leader", severity="error")


def test_only_the_system_administrator_and_supervisors_keep_the_dictionary(world):
    for person in (world.drafter, world.auditor, world.security):
        with pytest.raises(NotAllowed):
            services.term_save(actor=person, text="错字", kind="typo", severity="warning")
    assert not LexiconTerm.objects.exists()


def test_an_import_with_a_bad_line_saves_nothing_and_names_the_line(world):
    data = "甲乙\ttypo\t甲丙\n丁戊\tnonsense\n".encode()
    with pytest.raises(InvalidChange, match="第 2 行"):
        services.import_tsv(actor=world.supervisor, data=data, name="本县词库.tsv")
    assert not LexiconTerm.objects.exists()
    services.import_tsv(actor=world.supervisor, data="甲乙\ttypo\t甲丙\n".encode(), name="a.tsv")
    assert services.export_tsv().splitlines()[1] == "甲乙\ttypo\t甲丙\twarning\t"


def test_the_pages_refuse_a_clerk_and_let_a_clerk_try_a_text(client, world):
    client.force_login(world.drafter)
    assert client.get("/lexicon/").status_code == 403
    page = client.post("/lexicon/try/", {"text": "申请人身份证号11010519491231002X"})
    assert page.status_code == 200
    assert "C-3" in page.content.decode()


def test_the_page_keeps_what_was_typed_when_a_term_is_refused(client, world):
    client.force_login(world.supervisor)
    page = client.post(
        "/lexicon/", {"text": "王某", "kind": "leader", "severity": "error", "note": "县长"}
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert "职务" in body and 'value="王某"' in body and 'value="县长"' in body
