"""Every QAction of the window, declared once: text, shortcut, icon, menu and toolbar place.

The main window builds them from ACTIONS and connects each to a handler of the same name;
tests/gui/test_actions.py checks that every action has text, a menu and an existing icon.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap

from annotations.models import PALETTE, default_meanings
from resources import icon_path


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    menu: str
    shortcut: QKeySequence.StandardKey | str | None = None
    icon: str | None = None              # an SVG in resources/icons, or "color:<name>"
    toolbar: bool = False
    tip: str = ""


def _highlight_specs() -> list[ActionSpec]:
    """One action per palette colour; the codebook (widgets/codebook.py) names them, keys them 1–8
    in its order, and hides the colours it does not use. The defaults here hold until it does."""
    return [ActionSpec(f"highlight_{name}", f"Highlight: {default_meanings()[name]}",
                       "&Annotate", None, f"color:{name}", True, f"Highlight the selection in {name}")
            for name in PALETTE]


ACTIONS: list[ActionSpec] = [
    ActionSpec("import_files", "&Import…", "&File", QKeySequence.StandardKey.Open, "import", True,
               "Import press releases (files or a folder)"),
    ActionSpec("import_folder", "Import &Folder…", "&File", "Ctrl+Shift+O", "import"),
    ActionSpec("export_pdf", "&Export Annotated PDF…", "&File", "Ctrl+E", "export-pdf", True,
               "Export the open release as a PDF with its highlights and notes"),
    ActionSpec("export_all_pdf", "Export &All Annotated PDFs…", "&File", "Ctrl+Shift+E", "export-pdf",
               tip="One annotated PDF per annotated release, into a folder"),
    ActionSpec("export_annotations", "Export Annotations as &Markdown, CSV or JSON…", "&File", "Ctrl+Alt+E",
               tip="The open release's annotations, for notes apps, spreadsheets or colleagues"),
    ActionSpec("import_annotations", "Import A&nnotations…", "&File", tip="Add a colleague's W3C annotations (JSON) "
               "to the open release"),
    ActionSpec("print", "&Print…", "&File", "Ctrl+P",
               tip="Print the release with its highlights and notes, laid out as the annotated PDF"),
    ActionSpec("back_up_now", "&Back Up Now", "&File", tip="Write a verified backup of the library now"),
    ActionSpec("restore_from_backup", "&Restore from Backup…", "&File",
               tip="Replace the library by one of its backups (the library as it is now is kept aside)"),
    ActionSpec("quit", "&Quit", "&File", QKeySequence.StandardKey.Quit),
    ActionSpec("undo", "&Undo", "&Edit", QKeySequence.StandardKey.Undo, "undo", True),
    ActionSpec("redo", "&Redo", "&Edit", "Ctrl+Shift+Z", "redo", True),
    ActionSpec("delete_annotation", "&Delete Annotation", "&Edit", QKeySequence.StandardKey.Delete, "delete",
               tip="Delete the selected annotation"),
    ActionSpec("release_details", "Release &Details…", "&Edit", "Ctrl+I",
               tip="Correct the open release's title, issuer, date or language"),
    ActionSpec("delete_release", "Delete &Release…", "&Edit", QKeySequence.StandardKey.Delete,
               tip="Delete the release selected in the library (asks first; Ctrl+Z undoes)"),
    ActionSpec("preferences", "&Preferences…", "&Edit", QKeySequence.StandardKey.Preferences,
               tip="Your name on exports, and the PDF paper size"),
    ActionSpec("manage_tags", "Manage &Tags…", "&Edit", "Ctrl+Shift+T",
               tip="Rename, merge or delete tags, with how many annotations carry each"),
    ActionSpec("find", "&Search Library…", "&Edit", "Ctrl+K", "search",
               tip="Search every release, quote and note (Esc clears)"),
    ActionSpec("find_in_release", "&Find in Release…", "&Edit", QKeySequence.StandardKey.Find,
               tip="Find words in the open release (Esc closes)"),
    ActionSpec("find_next", "Find &Next", "&Edit", QKeySequence.StandardKey.FindNext,
               tip="The next match in the release"),
    ActionSpec("find_previous", "Find Pre&vious", "&Edit", QKeySequence.StandardKey.FindPrevious,
               tip="The previous match in the release"),
    ActionSpec("compare_versions", "&Compare with Previous Version…", "&Versions", "Ctrl+Shift+D",
               tip="What changed from the version before the open release: figures, dates and names first"),
    ActionSpec("link_version", "&Mark as New Version Of…", "&Versions",
               tip="Link the open release to the release it revises; its annotations are carried over"),
    ActionSpec("unlink_version", "&Unlink from Previous Version", "&Versions",
               tip="Make the open release a release of its own again"),
    *_highlight_specs(),
    ActionSpec("highlight_with_note", "Highlight with &Note…", "&Annotate", "N", "note", True,
               "Highlight the selection and write a note on it"),
    ActionSpec("release_note", "Note on &Release", "&Annotate", "Ctrl+Shift+N", "release-note", True,
               "Write a note on the release as a whole"),
    ActionSpec("zoom_in", "Zoom &In", "&View", "Ctrl+=", tip="Larger text in the reader"),
    ActionSpec("zoom_out", "Zoom &Out", "&View", "Ctrl+-", tip="Smaller text in the reader"),
    ActionSpec("zoom_reset", "&Actual Size", "&View", "Ctrl+0", tip="The reader's text at its usual size"),
    ActionSpec("scheme_system", "Colours: Follow the &System", "&View", tip="Light or dark as the desktop is"),
    ActionSpec("scheme_light", "Colours: &Light", "&View"),
    ActionSpec("scheme_dark", "Colours: &Dark", "&View"),
    ActionSpec("next_annotation", "Ne&xt Annotation", "&Annotate", "Alt+Down",
               tip="Go to the next annotation in reading order"),
    ActionSpec("previous_annotation", "Pre&vious Annotation", "&Annotate", "Alt+Up",
               tip="Go to the previous annotation in reading order"),
]


@functools.cache
def color_icon(color_name: str) -> QIcon:
    """A swatch of a highlight colour (made once per colour: every card and menu shows them)."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    from PySide6.QtGui import QPainter

    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(PALETTE[color_name]))
    painter.setPen(QColor("#5f6b73"))
    painter.drawRoundedRect(4, 4, 24, 24, 6, 6)
    painter.end()
    icon = QIcon(pixmap)
    # Keep the colour visible while disabled (no selection yet), only paler, so users learn the keys.
    faded = QPixmap(pixmap.size())
    faded.fill(Qt.GlobalColor.transparent)
    painter = QPainter(faded)
    painter.setOpacity(0.45)
    painter.drawPixmap(0, 0, pixmap)
    painter.end()
    icon.addPixmap(faded, QIcon.Mode.Disabled)
    return icon


def make_icon(icon: str | None) -> QIcon:
    if icon is None:
        return QIcon()
    if icon.startswith("color:"):
        return color_icon(icon.removeprefix("color:"))
    return QIcon(str(icon_path(icon)))


def build_actions(parent) -> dict[str, QAction]:
    """One QAction per spec, owned by ``parent``; keyed by spec name."""
    actions = {}
    for spec in ACTIONS:
        action = QAction(make_icon(spec.icon), spec.text, parent)
        action.setObjectName(spec.name)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setToolTip(spec.tip)
            action.setStatusTip(spec.tip)
        actions[spec.name] = action
    return actions
