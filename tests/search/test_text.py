"""Segmentation, query parsing and snippets: plain Python, no database."""

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.search import text


def test_two_character_words_and_long_words_are_both_tokens():
    assert {"危房", "改造", "危房改造"} <= set(text.tokens("农村危房改造补助"))
    assert "低保" in text.tokens("城乡低保")


def test_full_width_digits_and_latin_are_normalised():
    assert "2026" in text.tokens("青政发〔２０２６〕3号")
    assert "abc" in text.tokens("ABC")


def test_query_words_are_anded_and_long_words_may_match_by_their_parts():
    q = text.parse_query("危房改造 补助")
    assert [t.word for t in q.terms] == ["危房改造", "补助"]
    assert text.fts5_match(q) == '("危房改造" OR ("危房" AND "房改" AND "改造")) AND "补助"'


def test_quoted_phrases_and_punctuation():
    q = text.parse_query("“低保资金” 发放，！")
    assert q.phrases == ("低保资金",)
    assert {t.word for t in q.terms} == {"低保", "资金", "发放"}
    assert text.parse_query("，。！？").empty


def test_stop_words_are_dropped_unless_they_are_all_there_is():
    assert [t.word for t in text.parse_query("低保的").terms] == ["低保"]
    assert [t.word for t in text.parse_query("的").terms] == ["的"]


def test_long_queries_are_truncated():
    q = text.parse_query("低保" * 80)
    assert q.truncated and len(q.text) == text.MAX_QUERY_CHARS


def test_fts_syntax_from_users_is_quoted():
    q = text.parse_query('a" OR NEAR(b) *')
    assert all(part.startswith('"') for part in text.fts5_match(q).split(" AND "))


def test_snippet_marks_words_and_escapes_everything_else():
    body = "前言" * 40 + "发放<script>alert(1)</script>低保资金"
    html = text.snippet([body], text.parse_query("低保").highlight)
    assert "<mark>低保</mark>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.startswith("…")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_input_parses_and_snippets_are_safe(raw):
    q = text.parse_query(raw)
    text.fts5_match(q)
    text.tsquery_parts(q)
    html = text.snippet([raw], q.highlight)
    assert "<" not in html.replace("<mark>", "").replace("</mark>", "")
