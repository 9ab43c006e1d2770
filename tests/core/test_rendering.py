import pytest

from annotations.rendering import looks_like_markdown, markdown_to_html, sanitize, text_to_html

HOSTILE = """
<p onclick="steal()">Statement<script>alert(1)</script></p>
<img src="http://tracker.example/pixel.gif" onerror="steal()">
<img src="data:image/png;base64,iVBORw0KGgo=" alt="logo">
<iframe src="https://example.org/embed"></iframe>
<link rel="stylesheet" href="https://cdn.example/site.css">
<style>body { background: url(https://example.org/bg.png) }</style>
<a href="javascript:steal()">bad link</a> <a href="https://www.mofa.gov.kh/">good link</a>
<form action="https://example.org"><input name="q"></form>
"""


@pytest.mark.parametrize("forbidden", [
    "<script", "alert(1)", "onclick", "onerror", "tracker.example", "<iframe", "<link", "<style",
    "cdn.example", "javascript:", "<form", "<input", "bg.png",
])
def test_sanitiser_removes(forbidden):
    assert forbidden not in sanitize(HOSTILE)


@pytest.mark.parametrize("kept", [
    "Statement", 'src="data:image/png;base64,iVBORw0KGgo="', 'href="https://www.mofa.gov.kh/"', "good link",
])
def test_sanitiser_keeps(kept):
    assert kept in sanitize(HOSTILE)


def test_markdown_with_inline_html_renders():
    html = markdown_to_html("**PRESS RELEASE**  \nline two\n\nThe 70<sup>th</sup> year.\n\n"
                            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n")
    for fragment in ("<strong>PRESS RELEASE</strong><br", "70<sup>th</sup>", "<table>", "<td>1</td>",
                     "<li>one</li>"):
        assert fragment in html


def test_plain_text_keeps_paragraphs_and_line_breaks():
    html = text_to_html("Line one\nline two\n\n\nSecond paragraph <b>not bold</b>\r\n")
    assert html == "<p>Line one<br>\nline two</p>\n<p>Second paragraph &lt;b&gt;not bold&lt;/b&gt;</p>"


@pytest.mark.parametrize("source, expected", [
    ("**Bold** heading\n\nBody.", True),
    ("# Title\n\nBody", True),
    ("The 70<sup>th</sup> anniversary", True),
    ("See [the ministry](https://example.org).", True),
    ("| a | b |\n|---|---|\n| 1 | 2 |", True),
    ("Plain statement. Nothing * special here, 5 * 3 = 15.\n\nSecond paragraph.", False),
    ("WASHINGTON - Senator Obama said today that", False),
])
def test_markdown_in_disguise_is_recognised(source, expected):
    assert looks_like_markdown(source) is expected


from hypothesis import given, settings  # noqa: E402

from annotations.rendering import html_pieces, markdown_pieces  # noqa: E402
from tests.markdown_strategies import markdown_documents  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(markdown_documents(bare_angle_brackets=False))
def test_long_markdown_in_pieces_gives_the_same_html_as_whole(source):
    assert markdown_to_html(source, piece_chars=40) == markdown_to_html(source, piece_chars=10**9)


@settings(max_examples=100, deadline=None)
@given(markdown_documents())
def test_pieces_cover_the_whole_without_loss(source):
    assert "\n".join(markdown_pieces(source, 40)) == source
    html = markdown_to_html(source)
    assert "\n".join(html_pieces(html, 40)).replace("\n", "") == html.replace("\n", "")


@pytest.mark.parametrize(("source", "paragraph"), [
    # Chinese and Japanese: a soft break between two of their characters, or beside their
    # punctuation, joins without a space (CommonMark's East Asian line breaks, as Pandoc does).
    ("此前多年来，\nKubernetes 是\n容器编排的标准。", "此前多年来，Kubernetes 是容器编排的标准。"),
    ("外務省は本日、\n発表した。", "外務省は本日、発表した。"),
    ("日本語の\n**文章**です。", "日本語の<strong>文章</strong>です。"),
    ("「引用」\n(1.92%)", "「引用」(1.92%)"),
    ("行政院\n  今日", "行政院今日"),
    # Everywhere else a soft break stays (and reads as a space): Latin beside Han, Korean (which
    # spaces its words), emoji, hard breaks.
    ("Kubernetes\n是标准", "Kubernetes\n是标准"),
    ("한국어\n문장", "한국어\n문장"),
    ("Great news 🎉\n🎉 indeed", "Great news 🎉\n🎉 indeed"),
    ("硬换行  \n下一行", "硬换行<br>下一行"),
    ("English\nwords", "English\nwords"),
])
def test_east_asian_soft_line_breaks(source, paragraph):
    assert markdown_to_html(source) == f"<p>{paragraph}</p>"


def test_east_asian_line_breaks_stay_in_code_and_between_blocks():
    html = markdown_to_html("```\n代码\n代码\n```\n\n第一段。\n\n- 项目\n  继续\n\n> 引用\n> 继续")
    assert "<code>代码\n代码\n</code>" in html
    assert "<p>第一段。</p>\n<ul>" in html
    assert "<li>项目继续</li>" in html and "<p>引用继续</p>" in html


@pytest.mark.parametrize("render", [markdown_to_html, text_to_html])
def test_ideographic_spaces_survive_rendering_where_qt_would_collapse_them(render):
    html = render("発表\n\n\u3000本日、大臣は\u3000会談しました。")
    assert html.count('<span style="white-space:pre-wrap">\u3000</span>') == 2


def test_ideographic_spaces_in_attributes_are_left_alone():
    html = sanitize('<p><img src="data:image/png;base64,iVBO" alt="写真\u3000一">本文\u3000です</p>')
    assert 'alt="写真\u3000一"' in html and '本文<span style="white-space:pre-wrap">\u3000</span>です' in html


def test_nesting_past_the_limit_loses_structure_not_text():
    from annotations.rendering import MAX_NESTING

    html = sanitize("<ul><li>" * 100 + "deepest words" + "</li></ul>" * 100 + "<p>after</p>")
    assert html.count("<ul>") == html.count("</ul>") <= MAX_NESTING and "deepest words" in html
    assert html.endswith("<p>after</p>")


def test_sloppy_lists_and_tables_are_not_taken_for_deep_ones():
    html = sanitize("<ul>" + "<li>item" * 200 + "</ul><table>" + "<tr><td>a<td>b" * 200 + "</table>")
    assert html.count("<li>") == 200 and html.count("<td>") == 400 and html.count("<tr>") == 200
