"""Hypothesis strategies for release-like Markdown: the blocks and inline markup real releases carry."""

from __future__ import annotations

from hypothesis import strategies as st

_WORDS = ["the", "Ministry", "met", "2024", "Phnom Penh", "trade", "«accord»", "東京", "ព្រះរាជាណាចក្រ", "**bold**",
          "*it*", "`code`", "<sup>1</sup>", "<br>", "[link](https://example.org)", "&amp;", "a\u00a0b", "x<y", "—",
          "\u200b"]


def markdown_documents(bare_angle_brackets: bool = True):
    """A Markdown document of 1–30 blocks separated by blank lines.

    ``bare_angle_brackets``: words like "x<y". Python-Markdown reads a bare "<" before a letter
    as raw HTML that can run on past later blocks, so converting in pieces may end it sooner.
    """
    words = st.sampled_from([word for word in _WORDS if bare_angle_brackets or word != "x<y"])
    line = st.lists(words, min_size=1, max_size=12).map(" ".join)
    blocks = st.one_of(
        line,                                                                 # paragraph
        st.tuples(st.integers(1, 3), line).map(lambda item: "#" * item[0] + " " + item[1]),
        st.lists(line, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {item}" for item in items)),
        st.lists(line, min_size=1, max_size=3).map(
            lambda items: "\n".join(f"{number}. {item}" for number, item in enumerate(items, 1))),
        line.map(lambda text: "> " + text),
        line.map(lambda text: f"```\n{text}\n```"),
        line.map(lambda text: f"    {text}"),
        st.tuples(line, line).map(lambda cells: f"| a | b |\n|---|---|\n| {cells[0]} | {cells[1]} |"),
        line.map(lambda text: f"<div>{text}</div>"),
        st.just("<p></p>"),
        st.just("---"),
    )
    return st.lists(blocks, min_size=1, max_size=30).map("\n\n".join)
