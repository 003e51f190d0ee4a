"""The default letters: complete, documented, fillable, and legally complete."""

from __future__ import annotations

import re

import pytest

from gongkai.officialdoc import render_docx
from gongkai.officialdoc.letters_zh import (
    COMMON,
    DEFAULT_LETTERS,
    SAMPLE_CONTEXT,
    LetterTemplate,
)
from gongkai.officialdoc.template import fill, placeholders
from tests.officialdoc.conftest import AGENCY, DATE, sample_context

KEYS = [
    "receipt",
    "correction_notice",
    "extension_notice",
    "third_party_consultation",
    "fee_notice",
    "decision",
    "decision_granted",
    "decision_partial",
]


def test_every_required_letter_exists_under_its_key() -> None:
    assert list(DEFAULT_LETTERS) == KEYS
    assert all(isinstance(t, LetterTemplate) and t.key == k for k, t in DEFAULT_LETTERS.items())


@pytest.mark.parametrize("key", KEYS)
def test_documented_placeholders_are_exactly_those_used(key: str) -> None:
    template = DEFAULT_LETTERS[key]
    used, documented = set(placeholders(template.body)), set(template.placeholders_documented)
    # Documented = what the letter may use: the names common to every letter to an
    # applicant are offered even where the default text does not need them.
    assert used <= documented
    assert documented - set(COMMON) <= used
    assert template.problems() == []
    for name, meaning in template.placeholders_documented.items():
        assert re.search(r"[\u4e00-\u9fff]", meaning), f"{name} needs a Chinese explanation"


@pytest.mark.parametrize("key", KEYS)
def test_every_default_fills_from_the_sample_and_renders(key: str) -> None:
    template = DEFAULT_LETTERS[key]
    filled = fill(template.body, sample_context(key), allowed=template.placeholders_documented)
    assert filled.title and template.title.startswith(filled.title)
    assert filled.paragraphs[0].endswith("：")  # every letter has an addressee
    text = "".join(filled.paragraphs)
    assert "{{" not in text and "}}" not in text
    doc = template.document(sample_context(key), agency=AGENCY, date=DATE)
    assert render_docx(doc)[:2] == b"PK"


def test_sample_context_covers_every_documented_placeholder() -> None:
    used = {n for t in DEFAULT_LETTERS.values() for n in t.placeholders_documented}
    assert used <= set(SAMPLE_CONTEXT)


@pytest.mark.parametrize(
    ("key", "musts"),
    [
        ("receipt", ["{{申请编号}}", "20个工作日"]),
        (
            "correction_notice",
            ["第三十条", "{{补正事项}}", "{{补正期限}}", "视为放弃申请", "全部事项"],
        ),
        ("extension_notice", ["第三十三条", "{{延期理由}}", "{{新答复期限}}", "负责人同意"]),
        ("third_party_consultation", ["第三十二条", "15个工作日", "逾期未提出意见"]),
        (
            "fee_notice",
            ["109号", "{{收费金额}}", "{{缴费方式}}", "{{计费明细}}", "20个工作日", "视为放弃申请"],
        ),
        ("decision", ["{{答复内容}}", "{{依据}}", "{{救济途径}}"]),
        ("decision_granted", ["第三十六条第二项", "{{救济途径}}"]),
        ("decision_partial", ["第三十七条", "{{不予公开理由}}", "{{救济途径}}"]),
    ],
)
def test_letters_say_what_the_law_requires(key: str, musts: list[str]) -> None:
    for must in musts:
        assert must in DEFAULT_LETTERS[key].body, must


def test_third_party_is_not_told_who_applied() -> None:
    assert "{{申请人}}" not in DEFAULT_LETTERS["third_party_consultation"].body
