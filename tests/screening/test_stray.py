import pytest

from gongkai.screening import find_stray_tokens


def spans(text):
    return [(f.kind, f.start, f.end, f.text, f.suggestion) for f in find_stray_tokens(text)]


def test_english_word_between_chinese_words():
    text = "仍存在一些问题 and 不足"
    assert spans(text) == [("english_word", 7, 12, " and ", "和")]
    assert find_stray_tokens(text)[0].rule == "C-1"


def test_english_word_without_spaces_and_unknown_word():
    assert spans("问题and不足") == [("english_word", 2, 5, "and", "和")]
    assert spans("开展了training培训") == [("english_word", 3, 11, "training", "")]


@pytest.mark.parametrize(
    "text",
    [
        "政务APP上线",
        "下载PDF文件",
        "使用Excel表格",
        "GDP增长",
        "登录www.gov.cn查询",
        "共 5 件",
        "e政务",
    ],
)
def test_acronyms_names_and_urls_are_not_stray(text):
    assert [f for f in find_stray_tokens(text) if f.kind == "english_word"] == []


def test_doubled_function_characters():
    assert spans("我们的的工作") == [("doubled_char", 2, 4, "的的", "的")]
    assert spans("完成了了任务") == [("doubled_char", 2, 4, "了了", "了")]
    assert spans("在在乡镇") == [("doubled_char", 0, 2, "在在", "在")]


@pytest.mark.parametrize(
    "text",
    [
        "常常深入村组",
        "看看群众的意见",
        "人人参与",
        "实实在在为民办事",
        "问题不了了之",
        "为了了解需求",
        "达到目的的手段",
        "的的确确",
        "在在建项目中",
        "对对方的意见",
        "祥和和谐",
        "天天更新",
    ],
)
def test_reduplication_is_not_flagged(text):
    assert find_stray_tokens(text) == []


def test_half_width_punctuation_between_chinese():
    assert spans("公开,透明;高效") == [
        ("half_width_punct", 2, 3, ",", "，"),
        ("half_width_punct", 5, 6, ";", "；"),
    ]
    assert spans("时间:2024年") == []  # a colon before a digit is left alone
    assert spans("3,000元") == []


def test_half_width_brackets_around_chinese():
    assert spans("(一)予以公开") == [("half_width_punct", 0, 3, "(一)", "（一）")]
    assert spans("电话(0951)") == []


def test_doc_number_brackets_and_zero_in_numerals():
    assert spans("根据国办发[2019]54号") == [("doc_number_brackets", 5, 11, "[2019]", "〔2019〕")]
    assert spans("国办发〔2019〕54号") == []
    assert spans("二0二四年") == [("zero_in_numerals", 1, 2, "0", "〇")]
    assert spans("二〇二四年，2024年") == []
