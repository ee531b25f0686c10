"""WhatsApp text formatting: escaped first, then *bold*, _italic_, ~strike~, mono, lists, quotes."""

from __future__ import annotations

import pytest
from django.utils.safestring import SafeString

from phone.formatting import whatsapp_format, whatsapp_format_filled


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("*bold*", "<strong>bold</strong>"),
        ("_italic_", "<em>italic</em>"),
        ("~strike~", "<s>strike</s>"),
        ("```mono *not bold*```", "<code>mono *not bold*</code>"),
        ("`inline _code_`", "<code>inline _code_</code>"),
        ("a *b c* d", "a <strong>b c</strong> d"),
        ("*bold _and italic_*", "<strong>bold <em>and italic</em></strong>"),
        ("_*both*_", "<em><strong>both</strong></em>"),
        ("(*in brackets*)", "(<strong>in brackets</strong>)"),
        ("*one* and *two*", "<strong>one</strong> and <strong>two</strong>"),
    ],
)
def test_markers_that_hug_text_become_tags(text, html):
    assert whatsapp_format(text) == html


@pytest.mark.parametrize(
    "text",
    [
        "2 * 3 * 4",
        "snake_case_name",
        "x * not bold*",
        "*not bold *",
        "a*b*c",
        "~ spaced ~",
        "single * star",
        "``` ```",
        "**",
    ],
)
def test_markers_that_do_not_hug_text_stay_as_typed(text):
    assert whatsapp_format(text) == text


def test_styles_never_cross_each_other_so_tags_always_nest():
    assert whatsapp_format("*a _b* c_") == "<strong>a _b</strong> c_"


def test_styles_do_not_span_lines():
    assert whatsapp_format("*one\ntwo*") == "*one<br>two*"


def test_triple_backtick_mono_may_span_lines_and_is_never_formatted_inside():
    assert whatsapp_format("```line *1*\n_line 2_```") == "<code>line *1*<br>_line 2_</code>"


def test_mono_keeps_list_markers_as_text():
    assert whatsapp_format("```\n* item\n```") == "<code><br>* item<br></code>"


def test_newlines_become_line_breaks():
    assert whatsapp_format("one\ntwo\r\nthree") == "one<br>two<br>three"


def test_bullet_lines_become_a_list():
    assert whatsapp_format("Menu:\n* Tea\n- Coffee") == "Menu:<ul><li>Tea</li><li>Coffee</li></ul>"


def test_numbered_lines_become_an_ordered_list_keeping_the_first_number():
    assert whatsapp_format("1. one\n2. two") == "<ol><li>one</li><li>two</li></ol>"
    assert whatsapp_format("3. three\n4. four") == '<ol start="3"><li>three</li><li>four</li></ol>'


def test_quote_lines_become_a_blockquote():
    assert whatsapp_format("> quoted *bold*\n> more\nafter") == (
        "<blockquote>quoted <strong>bold</strong><br>more</blockquote>after"
    )


def test_list_items_are_formatted_inside():
    assert whatsapp_format("* _tea_") == "<ul><li><em>tea</em></li></ul>"


def test_script_tags_stay_text():
    html = whatsapp_format("<script>alert('x')</script>")
    assert html == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    assert "<script" not in html


def test_html_inside_bold_is_escaped_then_made_bold():
    assert whatsapp_format("*<b>x</b>*") == "<strong>&lt;b&gt;x&lt;/b&gt;</strong>"


def test_quotes_and_ampersands_are_escaped():
    assert whatsapp_format("\"a\" & 'b'") == "&quot;a&quot; &amp; &#x27;b&#x27;"


def test_urls_are_underlined_text_never_links():
    html = whatsapp_format("Go to https://example.com/a_b_c, now")
    assert html == 'Go to <span class="wa-link">https://example.com/a_b_c</span>, now'
    assert "<a" not in html
    assert "href" not in html


def test_www_urls_and_email_addresses_are_underlined_too():
    assert whatsapp_format("www.example.com.") == '<span class="wa-link">www.example.com</span>.'
    assert whatsapp_format("mail cpaas_support@8x8.com") == (
        'mail <span class="wa-link">cpaas_support@8x8.com</span>'
    )


def test_a_javascript_url_is_plain_text():
    assert whatsapp_format("javascript:alert(1)") == "javascript:alert(1)"


def test_a_url_with_an_escaped_quote_keeps_the_quote_outside_the_link():
    assert whatsapp_format('"https://example.com"') == (
        '&quot;<span class="wa-link">https://example.com</span>&quot;'
    )


def test_control_characters_are_dropped():
    assert whatsapp_format("a\x00b\x01c\x1bd") == "abcd"


def test_the_result_is_a_safe_string():
    assert isinstance(whatsapp_format("x"), SafeString)
    assert whatsapp_format("") == ""


def test_very_long_unbalanced_input_is_formatted_as_text():
    text = "*a " * 5000 + "_" * 5000 + "```x``` " * 50
    html = whatsapp_format(text)
    assert "<strong>" not in html
    assert html.count("<code>") == 50


def test_a_long_unclosed_backtick_stays_text():
    text = "`" + "a " * 17000
    assert whatsapp_format(text) == text


def test_blank_inline_code_stays_as_typed():
    assert whatsapp_format("` ` and `x`") == "` ` and <code>x</code>"


def test_filled_template_text_highlights_each_value_and_escapes_it():
    html = whatsapp_format_filled("Hi {{1}}, order {{2}}", {"1": "<Sam>", "2": "#1"})
    assert html == (
        'Hi <span class="wa-param">&lt;Sam&gt;</span>, order <span class="wa-param">#1</span>'
    )


def test_filled_template_text_shows_missing_values_as_placeholder_chips():
    html = whatsapp_format_filled("Code {{1}} for {{ name }}", {"1": None})
    assert html == (
        'Code <span class="wa-param wa-param-missing">{{1}}</span> for '
        '<span class="wa-param wa-param-missing">{{name}}</span>'
    )


def test_filled_template_text_applies_formatting_around_values():
    html = whatsapp_format_filled("*{{1}}* is your code", {"1": "*123*"})
    assert html == '<strong><span class="wa-param">*123*</span></strong> is your code'


def test_a_value_cannot_forge_a_placeholder_of_its_own():
    html = whatsapp_format_filled("{{1}} and {{2}}", {"1": "\x010\x01 {{2}}", "2": "two"})
    assert html == ('<span class="wa-param">0 {{2}}</span> and <span class="wa-param">two</span>')
