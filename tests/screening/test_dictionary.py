import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.screening import (
    Dictionary,
    DictionaryError,
    Severity,
    Term,
    TermKind,
    default_dictionary,
    load_dictionary,
    merge,
    parse_tsv,
    screen_text,
)
from gongkai.screening.dictionary import LEADER_WINDOW

LEADERS = Path(__file__).with_name("leaders_fictional.tsv")


def test_starter_dictionary_loads_a_few_hundred_terms_of_every_kind():
    d = default_dictionary()
    assert len(d) >= 300
    kinds = {t.kind for t in d.terms.values()}
    assert {TermKind.TYPO, TermKind.OUTDATED, TermKind.EXPRESSION, TermKind.OK} <= kinds
    assert default_dictionary() is d  # built once per process


def test_typo_is_c1_with_position_and_suggestion():
    text = "镇政府统一布署，按装了新系统。"
    hits = default_dictionary().screen(text)
    assert [(f.rule, f.start, f.end, f.text, f.suggestion) for f in hits] == [
        ("C-1", 5, 7, "布署", "部署"),
        ("C-1", 8, 10, "按装", "安装"),
    ]
    assert all(f.severity is Severity.WARNING for f in hits)


def test_outdated_name_is_c2_with_note():
    text = "配合国务院扶贫办开展工作"
    (hit,) = default_dictionary().screen(text)
    assert (hit.rule, hit.start, hit.end, hit.suggestion) == ("C-2", 2, 8, "国家乡村振兴局")
    assert "2021" in hit.message_zh


def test_wrong_name_of_the_regulation_is_an_error():
    text = "依据《中华人民共和国政务公开条例》"
    (hit,) = default_dictionary().screen(text)
    assert (hit.rule, hit.severity, hit.start, hit.end) == ("C-2", Severity.ERROR, 3, 16)
    assert hit.suggestion == "中华人民共和国政府信息公开条例"


def test_ok_term_hides_the_shorter_term_inside_it():
    # 按装修标准 is 按 + 装修, not the typo 按装.
    assert default_dictionary().screen("按装修标准验收") == []
    assert default_dictionary().screen("农业部门和扶贫办法") == []


def test_correct_forms_are_not_flagged():
    text = "安装、部署、既然、截至目前、账户、登录网站、农业农村部、预防犯罪、研究竞争、有关健康、发展转型"
    assert screen_text(text) == []


def test_administrator_dictionary_overrides_and_adds(tmp_path):
    extra = tmp_path / "extra.tsv"
    extra.write_text(
        "# 本县补充\n布署\tok\n本镇土话\tsensitive\t规范说法\terror\t县里的规定\n",
        encoding="utf-8",
    )
    d = load_dictionary(extra)
    assert d.screen("统一布署") == []  # switched off by an ok entry
    (hit,) = d.screen("不要说本镇土话")
    assert (hit.rule, hit.severity, hit.suggestion, hit.start) == (
        "C-2",
        Severity.ERROR,
        "规范说法",
        3,
    )
    assert "县里的规定" in hit.message_zh
    assert len(default_dictionary().screen("统一布署")) == 1  # the starter is untouched


def test_merge_later_wins():
    a = Dictionary([Term("甲乙", TermKind.TYPO, "甲")])
    b = Dictionary([Term("甲乙", TermKind.EXPRESSION, "乙", Severity.ERROR)])
    merged = merge(a, b)
    assert len(merged) == 1
    assert merged.terms["甲乙"].severity is Severity.ERROR


@pytest.mark.parametrize(
    ("line", "words"),
    [("词\tnonsense", "类型"), ("词\ttypo\t改\tfatal", "级别"), ("\ttypo\t改", "第一列")],
)
def test_malformed_lines_are_named(line, words):
    with pytest.raises(DictionaryError, match=f"第 1 行.*{words}|{words}"):
        parse_tsv(line, "x.tsv")


def test_missing_columns_default():
    (term,) = parse_tsv("错字")
    assert (term.kind, term.severity, term.suggestion) == (TermKind.TYPO, Severity.WARNING, "")
    (leader,) = parse_tsv("某某\tleader\t镇长")
    assert leader.severity is Severity.ERROR


def test_leader_with_a_wrong_title_is_an_error():
    d = load_dictionary(LEADERS)
    text = "会议由欧阳明远副县长主持，司马清河副县长出席。"
    (hit,) = d.screen(text)
    assert (hit.rule, hit.severity, hit.text, hit.start, hit.end) == (
        "C-2",
        Severity.ERROR,
        "副县长",
        7,
        10,
    )
    assert "县长" in hit.suggestion and "欧阳明远" in hit.message_zh


def test_leader_with_the_right_title_or_no_title_is_fine():
    d = load_dictionary(LEADERS)
    assert d.screen("欧阳明远县长、司马清河副县长，以及欧阳明远同志。") == []
    # A title past the window, or after a comma, belongs to someone else.
    assert d.screen("欧阳明远" + "同" * LEADER_WINDOW + "副县长") == []
    assert d.screen("欧阳明远，副县长张三") == []


def test_100k_term_dictionary_builds_and_finds_terms():
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研质"
    rng = __import__("random").Random(7)
    words = {
        "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 6))) for _ in range(110_000)
    }
    words = sorted(words)[:100_000]
    d = Dictionary(Term(w, TermKind.EXPRESSION, "x") for w in words).compile()
    assert len(d) == 100_000
    planted = words[12345]
    text = "Ｚ" * 50 + planted + "Ｚ" * 50
    assert [(f.start, f.end, f.text) for f in d.screen(text)] == [(50, 50 + len(planted), planted)]


# Terms made of characters that never occur in the filler, and at least one filler
# character between two terms: every planted term is found exactly where it was put.
_TERM = st.text(alphabet="甲乙丙丁戊己庚辛", min_size=2, max_size=5)
_FILLER = st.text(alphabet="。，的在" + string.digits, min_size=1, max_size=8)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(_TERM, min_size=1, max_size=30, unique=True), st.data())
def test_every_planted_term_is_found_at_its_position(terms, data):
    d = Dictionary(Term(t, TermKind.TYPO, "正") for t in terms)
    pieces, expected, pos = [], [], 0
    for _ in range(data.draw(st.integers(1, 15))):
        filler = data.draw(_FILLER)
        term = data.draw(st.sampled_from(terms))
        pieces += [filler, term]
        pos += len(filler)
        expected.append((pos, pos + len(term)))
        pos += len(term)
    text = "".join(pieces)
    assert [(f.start, f.end) for f in d.screen(text)] == expected
