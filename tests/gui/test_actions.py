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
