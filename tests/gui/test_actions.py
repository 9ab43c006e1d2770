"""Meta-tests: every action is findable and complete."""

from annotations.models import COLORS, PALETTE
from desktop_app.actions import ACTIONS
from resources import icon_path


def test_every_action_has_text_a_menu_and_an_icon_that_exists():
    for spec in ACTIONS:
        assert spec.text and spec.menu, spec.name
        if spec.icon and not spec.icon.startswith("color:"):
            assert icon_path(spec.icon).is_file(), spec.icon


def test_every_action_is_placed_in_a_menu_and_handled(windows, demo_path):
    window = windows.open(imports=[demo_path])
    in_menus = {action.objectName() for menu in window.menuBar().findChildren(type(window.menuBar().addMenu("x")))
                for action in menu.actions()}
    assert {spec.name for spec in ACTIONS} <= in_menus


def test_colour_keys_follow_the_codebook(windows, demo_path):
    window = windows.open(imports=[demo_path])
    actions = window.actions_by_name
    assert [actions[f"highlight_{name}"].shortcut().toString() for name in COLORS] == ["1", "2", "3", "4", "5"]
    assert [name for name in PALETTE if actions[f"highlight_{name}"].isVisible()] == list(COLORS)


def test_readme_using_it_lists_every_key_and_the_codebook():
    from pathlib import Path

    from PySide6.QtGui import QKeySequence

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    using_it = readme[readme.index("## Using it"):readme.index("## Command line")]
    printed = {"Del": "Delete"}                     # as the key is labelled
    keys = {printed.get(key, key) for key in (QKeySequence(spec.shortcut).toString() for spec in ACTIONS
                                              if spec.shortcut)}
    missing = sorted(key for key in keys if key and f"**{key}**" not in using_it)
    assert missing == []
    assert "Codebook" in using_it and "**1**–**8**" in using_it
