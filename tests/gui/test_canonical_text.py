"""The canonical text of long releases, derived in pieces, is the text of the whole document."""

from __future__ import annotations

from hypothesis import given, settings

from annotations.rendering import html_pieces, markdown_to_html
from desktop_app.rendering import canonical_text
from tests.markdown_strategies import markdown_documents


@settings(max_examples=150, deadline=None)
@given(markdown_documents())
def test_text_in_pieces_equals_the_whole_documents(source):
    html = markdown_to_html(source)
    assert canonical_text(html, piece_chars=30) == canonical_text(html, piece_chars=10**9)


def test_a_long_release_is_read_in_more_than_one_piece():
    html = markdown_to_html("# Long\n\n" + "A paragraph of the release.\n\n" * 20_000)
    assert len(html_pieces(html)) > 1
    assert canonical_text(html).count("\n") == 20_000
