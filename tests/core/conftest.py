import pytest

from annotations.metadata import blocks_of


def plain_text(html: str) -> str:
    """A Qt-free stand-in for the reader's text: the block texts, one per line."""
    return "\n".join(block.text for block in blocks_of(html))


@pytest.fixture
def derive_text():
    return plain_text
