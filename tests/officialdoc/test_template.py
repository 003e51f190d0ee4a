"""The fill-in language: placeholders, optional blocks, paragraphs, and its errors."""

from __future__ import annotations

import pytest

from gongkai.officialdoc.template import (
    TemplateError,
    fill,
    letter_document,
    placeholders,
    problems,
    validate,
)

LETTER = """# 告知书

{{申请人}}：

本机关于{{收到日期}}收到您的申请，
编号为{{申请编号}}。

{{#如果 补正期限}}
请于{{补正期限}}前补正。

{{/如果}}
特此告知。
"""


def test_placeholders_in_order_of_first_use_including_conditions() -> None:
    assert placeholders(LETTER) == ["申请人", "收到日期", "申请编号", "补正期限"]
    assert placeholders("{{ 甲 }}{{乙}}{{甲}}{{#如果 丙}}{{丁}}{{/如果}}") == [
        "甲",
        "乙",
        "丙",
        "丁",
    ]


def test_fill_title_paragraphs_and_joined_lines() -> None:
    ctx = {"申请人": "张三", "收到日期": "2026年11月2日", "申请编号": "A-1", "补正期限": "11月20日"}
    filled = fill(LETTER, ctx)
    assert filled.title == "告知书"
    assert filled.paragraphs == (
        "张三：",
        "本机关于2026年11月2日收到您的申请，编号为A-1。",  # lines of one paragraph join
        "请于11月20日前补正。",
        "特此告知。",
    )


@pytest.mark.parametrize("value", [None, "", "   "])
def test_optional_block_left_out_when_blank_or_missing(value: str | None) -> None:
    ctx = {"申请人": "张三", "收到日期": "d", "申请编号": "n"}
    if value is not None:
        ctx["补正期限"] = value
    assert fill(LETTER, ctx).paragraphs == (
        "张三：",
        "本机关于d收到您的申请，编号为n。",
        "特此告知。",
    )


def test_block_tag_lines_end_paragraphs_even_without_blank_lines() -> None:
    text = "甲。\n{{#如果 有}}\n乙。\n{{/如果}}\n丙。"
    assert fill(text, {"有": "1"}).paragraphs == ("甲。", "乙。", "丙。")
    assert fill(text, {}).paragraphs == ("甲。", "丙。")


def test_inline_and_nested_blocks() -> None:
    text = "联系{{#如果 电话}}电话{{电话}}{{#如果 人}}（{{人}}）{{/如果}}{{/如果}}。"
    assert fill(text, {"电话": "123", "人": "李"}).paragraphs == ("联系电话123（李）。",)
    assert fill(text, {"电话": "123"}).paragraphs == ("联系电话123。",)
    assert fill(text, {"人": "李"}).paragraphs == ("联系。",)


def test_latin_words_keep_a_space_when_lines_join() -> None:
    assert fill("see\nabove\n见\n下", {}).paragraphs == ("see above见下",)


def test_no_title_when_first_line_is_not_marked() -> None:
    filled = fill("\n\n告知书\n\n正文", {})
    assert filled.title is None
    assert filled.paragraphs == ("告知书", "正文")


def test_values_are_never_parsed_as_template() -> None:
    ctx = {"甲": "{{乙}} {{#如果 丙}}", "乙": "不应出现"}
    assert fill("# 标题\n\n{{甲}}", ctx).paragraphs == ("{{乙}} {{#如果 丙}}",)


def test_line_breaks_in_a_value_start_paragraphs_but_never_a_title() -> None:
    filled = fill("{{答复}}", {"答复": "# 第一段\r\n\n第二段\r第三段"})
    assert filled.title is None
    assert filled.paragraphs == ("# 第一段", "第二段", "第三段")


def test_title_takes_placeholders_and_ignores_value_line_breaks() -> None:
    assert fill("# {{事项}}告知书\n\n正文", {"事项": "补正\n申请"}).title == "补正申请告知书"


def test_unknown_placeholder_is_named_with_its_line() -> None:
    with pytest.raises(TemplateError) as caught:
        validate(LETTER.replace("{{申请编号}}", "{{申请号}}"), placeholders(LETTER))
    error = caught.value
    assert error.placeholder == "申请号"
    assert error.line == 6
    assert "第6行" in str(error) and "{{申请号}}" in str(error) and "未知的占位符" in str(error)


def test_problems_lists_every_unknown_name() -> None:
    found = problems("{{甲}}\n\n{{乙}}\n{{#如果 丙}}{{/如果}}", ["甲"])
    assert [(p.placeholder, p.line) for p in found] == [("乙", 3), ("丙", 4)]
    assert problems(LETTER, placeholders(LETTER)) == []


def test_missing_value_is_named_with_its_line() -> None:
    with pytest.raises(TemplateError) as caught:
        fill(LETTER, {"申请人": "张三", "收到日期": "d"})
    assert caught.value.placeholder == "申请编号"
    assert caught.value.line == 6
    assert "第6行" in str(caught.value) and "{{申请编号}}" in str(caught.value)


def test_fill_with_allowed_rejects_names_outside_it_even_when_given() -> None:
    with pytest.raises(TemplateError, match="未知的占位符「{{秘密}}」"):
        fill("{{秘密}}", {"秘密": "x"}, allowed=["申请人"])


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("第一行\n{{申请人.name}}", 2, "无法识别的标记"),  # no attribute access
        ("{{ __import__('os') }}", 1, "无法识别的标记"),  # no code
        ("{{ 1 + 1 }}", 1, "无法识别的标记"),
        ("{{申请人|upper}}", 1, "无法识别的标记"),
        ("{{}}", 1, "没有占位符名称"),
        ("\n\n{{申请人", 3, "没有配对"),
        ("{{申\n请人}}", 1, "没有配对"),
        ("{{#for x}}", 1, "无法识别的块标记"),
        ("a\n{{#如果 甲}}\nb", 2, "没有对应的「{{/如果}}」"),
        ("a\n\nb{{/如果}}", 3, "多出一个"),
        ("# 标题{{#如果 甲}}\n\n{{/如果}}", 1, "标题必须在一行内写完"),
    ],
)
def test_syntax_errors_say_where_in_chinese(text: str, line: int, fragment: str) -> None:
    with pytest.raises(TemplateError) as caught:
        placeholders(text)
    assert caught.value.line == line
    assert fragment in str(caught.value)
    assert f"第{line}行" in str(caught.value)


def test_letter_document_takes_addressee_from_first_colon_paragraph() -> None:
    doc = letter_document(
        "# 告知书\n\n{{申请人}}：\n\n正文。",
        {"申请人": "张三"},
        agency="某机关",
        date="2026年1月5日",
    )
    assert doc.title == "告知书"
    assert doc.addressee == "张三："
    assert [p.text for p in doc.body] == ["正文。"]
    assert doc.signature is not None and doc.signature.date_text == "2026年1月5日"
    no_addressee = letter_document("正文。\n\n第二段：", {}, agency="a", date="d")
    assert no_addressee.addressee is None and len(no_addressee.body) == 2
