"""The annotation pane: every annotation of the open release as a card, in reading order.

Cards are kept by annotation id and updated in place, so a refresh (after an undo, or an edit
in another window) never takes the caret away from a note being typed. A note being typed is
saved at most NOTE_SAVE_INTERVAL_MS after the keystroke, even while typing goes on, and at once
when the editor loses focus, the release changes or the window closes: committed, never held in
the widget.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (QApplication, QCompleter, QFrame, QHBoxLayout, QLabel, QLineEdit, QMenu, QScrollArea,
                               QSizePolicy, QTextEdit, QToolButton, QVBoxLayout, QWidget)

from annotations.models import PALETTE, Annotation

from ..actions import color_icon
from .codebook import CodebookLegend
from .pane_filters import PaneFilters

#: A keystroke is on disk at most this long after it is typed, however long the typing goes on
#: (a throttle, not a debounce: a kill mid-sentence loses at most this much).
NOTE_SAVE_INTERVAL_MS = 500
QUOTE_PREVIEW_CHARS = 280
#: One style sheet for every card, selecting on the card's colour and whether it is current.
CARD_STYLE = (
    "#annotationCard { border: 1px solid #d5d9de; border-left: 6px solid #d5d9de; border-radius: 4px;"
    " background: palette(base); }"
    # Fields keep a visible border in both schemes (the platform's dark style may draw none).
    "#annotationCard QTextEdit, #annotationCard QLineEdit { border: 1px solid palette(mid); border-radius: 3px;"
    " background: palette(base); padding: 2px; }"
    '#annotationCard[current="true"] { border-top: 2px solid #1f3a5f; border-right: 2px solid #1f3a5f;'
    " border-bottom: 2px solid #1f3a5f; }"
    + "".join(f'#annotationCard[color="{name}"] {{ border-left: 6px solid {hex_color}; }}'
              for name, hex_color in PALETTE.items()))


class NoteEditor(QTextEdit):
    """A plain-text editor that grows with its text instead of scrolling inside the card."""

    focus_left = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Write a note…")
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().contentsChanged.connect(self.updateGeometry)

    def sizeHint(self) -> QSize:
        self.document().setTextWidth(self.viewport().width() or 240)
        height = int(self.document().size().height()) + 2 * self.frameWidth() + 4
        return QSize(240, max(height, self.fontMetrics().lineSpacing() * 2 + 12))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.setFixedHeight(self.sizeHint().height())

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focus_left.emit()


class TagEdit(QLineEdit):
    """Comma-separated tags, each completed from the tags already in the library.

    Return or Tab on a completion picks it (the line edit would otherwise act on the typed
    prefix first), and ``chosen`` tells the card to store the tags at once.
    """

    chosen = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setPlaceholderText("Tags, comma-separated")
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._on_completion)
        self.textEdited.connect(self._on_text_edited)

    def set_known_tags(self, tags: list[str]) -> None:
        self._model.setStringList(tags)

    def tags(self) -> list[str]:
        return [part.strip() for part in self.text().split(",") if part.strip()]

    def event(self, event) -> bool:
        if (event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
                and self._completer.popup().isVisible() and self._completer.popup().currentIndex().isValid()):
            event.ignore()          # left to the completer, which completes with the row chosen
            return False
        return super().event(event)

    def _on_text_edited(self, text: str) -> None:
        prefix = text.split(",")[-1].strip()
        if not prefix:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount():
            self._completer.complete()

    def _on_completion(self, tag: str) -> None:
        done = self.text().split(",")[:-1]
        self.setText(", ".join([part.strip() for part in done if part.strip()] + [tag]) + ", ")
        self.chosen.emit()


class AnnotationCard(QFrame):
    """One annotation. Takes keyboard focus: Enter jumps to the passage, Up/Down go to the next card."""

    activated = Signal(object)            # Annotation: clicked, or reached by the keyboard
    jump_requested = Signal(object)       # Annotation: Enter, to read on from its passage
    step_requested = Signal(int)          # -1 / +1: the card above or below

    def __init__(self, annotation: Annotation, controller, parent=None):
        super().__init__(parent)
        self._controller = controller
        self.annotation = annotation
        self.setObjectName("annotationCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self._quote = QLabel(self)
        self._quote.setWordWrap(True)
        self._quote.setTextFormat(Qt.TextFormat.PlainText)
        self._quote.setCursor(Qt.CursorShape.PointingHandCursor)
        self._quote.setToolTip("Show this passage in the release")
        quote_font = self._quote.font()
        quote_font.setItalic(True)
        self._quote.setFont(quote_font)

        self.note_editor = NoteEditor(self)
        self.tag_edit = TagEdit(self)
        self._color_button = QToolButton(self)
        self._color_button.setToolTip("Colour")
        self._color_button.setAccessibleName("Colour")
        self._color_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self._color_button)
        menu.aboutToShow.connect(self._fill_color_menu)
        self._color_button.setMenu(menu)
        self._delete_button = QToolButton(self)
        self._delete_button.setText("Delete")
        self._delete_button.setToolTip("Delete this annotation (Delete)")
        self._delete_button.clicked.connect(lambda: self._controller.delete_annotation(self.annotation))

        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.tag_edit, 1)
        footer.addWidget(self._color_button)
        footer.addWidget(self._delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self._quote)
        self.carried = QLabel(self)
        self.carried.setWordWrap(True)
        self.carried.setTextFormat(Qt.TextFormat.PlainText)
        self.carried.hide()
        layout.addWidget(self.carried)
        layout.addWidget(self.note_editor)
        layout.addLayout(footer)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(NOTE_SAVE_INTERVAL_MS)
        self._save_timer.timeout.connect(self.save_note)
        self.note_editor.textChanged.connect(self._on_note_typed)
        self.note_editor.focus_left.connect(self.save_note)
        self.tag_edit.editingFinished.connect(self._on_tags_edited)
        self.tag_edit.chosen.connect(self._on_tags_edited)
        self._quote.installEventFilter(self)
        self.update_from(annotation)

    def rebind(self, annotation: Annotation) -> None:
        """Reuse this card for another annotation (cheaper than building one on each release opened)."""
        self.save_note()
        self.note_editor.clearFocus()
        self.tag_edit.clearFocus()
        self.set_current(False)
        self.update_from(annotation)

    def update_from(self, annotation: Annotation) -> None:
        """Show ``annotation``; text the user is editing right now is left alone."""
        self.annotation = annotation
        if annotation.quote is None:
            self._quote.setText("Note on the whole release")
            name = "Note on the whole release"
        else:
            quote = " ".join(annotation.quote.exact.split())
            if len(quote) > QUOTE_PREVIEW_CHARS:
                quote = quote[:QUOTE_PREVIEW_CHARS].rsplit(" ", 1)[0] + " …"
            self._quote.setText(f"“{quote}”")
            name = f"Highlight “{quote[:80]}”"
        # Screen readers name each card and its controls by the quote, not "Delete" ten times over.
        self.setAccessibleName(name)
        self.note_editor.setAccessibleName(f"Note on {name}")
        self.tag_edit.setAccessibleName(f"Tags of {name}")
        self._delete_button.setAccessibleName(f"Delete {name}")
        meaning = next((entry.name for entry in self._controller.codebook() if entry.color == annotation.color),
                       annotation.color)
        self._color_button.setToolTip(f"Colour: {meaning}")
        self._color_button.setAccessibleName(f"Colour: {meaning}")
        if self.property("color") != annotation.color:
            self._color_button.setIcon(color_icon(annotation.color))
            self._set_style_property("color", annotation.color)
        if not self.note_editor.hasFocus() and self.note_editor.toPlainText() != annotation.note:
            self.note_editor.blockSignals(True)
            self.note_editor.setPlainText(annotation.note)
            self.note_editor.blockSignals(False)
            self.note_editor.updateGeometry()
        if not self.tag_edit.hasFocus():
            self.tag_edit.setText(", ".join(annotation.tags))

    def set_carry_mark(self, mark) -> None:
        """How this annotation's passage fared when it was carried from the previous version (or nothing)."""
        if mark is None:
            self.carried.hide()
            return
        old = " ".join(mark.old_exact.split())
        old = old if len(old) <= QUOTE_PREVIEW_CHARS else old[:QUOTE_PREVIEW_CHARS].rsplit(" ", 1)[0] + " …"
        text, color = {
            "unchanged": ("Carried from the previous version: unchanged.", "#2b8a3e"),
            "changed": (f"Carried from the previous version: the text changed. It read: “{old}”", "#e8590c"),
            "orphaned": ("Carried from the previous version: its passage was removed.", "#a61e4d"),
        }[mark.status]
        self.carried.setText(text)
        self.carried.setStyleSheet(f"color: {color}; font-size: 90%;")
        self.carried.setProperty("status", mark.status)
        self.carried.show()

    def _on_note_typed(self) -> None:
        """Start the save clock at the first unsaved keystroke; later ones do not push it back."""
        if not self._save_timer.isActive():
            self._save_timer.start()

    def _fill_color_menu(self) -> None:
        """The codebook's colours, by the analyst's names, with their keys."""
        menu = self._color_button.menu()
        menu.clear()
        for number, entry in enumerate(self._controller.codebook(), start=1):
            action = menu.addAction(color_icon(entry.color), f"{entry.name}\t{number}")
            action.setToolTip(entry.description)
            action.triggered.connect(lambda checked=False, color=entry.color:
                                     self._controller.set_color(self.annotation, color))

    def save_note(self) -> None:
        self._save_timer.stop()
        text = self.note_editor.toPlainText()
        if text != self.annotation.note:
            self._controller.edit_note(self.annotation, text)

    def _on_tags_edited(self) -> None:
        if self.tag_edit.tags() != list(self.annotation.tags):
            self._controller.set_tags(self.annotation, self.tag_edit.tags())

    def set_current(self, current: bool) -> None:
        if self.property("current") != current:
            self._set_style_property("current", current)

    def _set_style_property(self, name: str, value) -> None:
        """A property the pane's style sheet selects on; re-polish so the new look applies."""
        self.setProperty(name, value)
        self.style().unpolish(self)
        self.style().polish(self)

    def eventFilter(self, watched, event) -> bool:
        if watched is self._quote and event.type() == QEvent.Type.MouseButtonRelease:
            self.activated.emit(self.annotation)
        return super().eventFilter(watched, event)

    def mousePressEvent(self, event) -> None:
        super().mousePressEvent(event)
        self.activated.emit(self.annotation)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.MouseFocusReason:   # a click has already activated it
            self.activated.emit(self.annotation)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.jump_requested.emit(self.annotation)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)

    def tab_stops(self) -> list[QWidget]:
        """The card, then its fields, in the order Tab visits them."""
        return [self, self.note_editor, self.tag_edit, self._color_button, self._delete_button]


class AnnotationPane(QWidget):
    """Lists annotations; tells the window which one the user picked (to show it in the reader)."""

    annotation_activated = Signal(object)      # Annotation
    jump_requested = Signal(object)            # Annotation: read on from its passage (Enter on a card)

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self._controller = controller
        self._cards: dict[int, AnnotationCard] = {}
        self._spare_cards: list[AnnotationCard] = []     # kept for reuse, hidden
        self._current_id: int | None = None
        self.setStyleSheet(CARD_STYLE)

        self._title = QLabel("Annotations", self)
        self.legend = CodebookLegend(self)
        self.filters = PaneFilters(self)
        title_font = self._title.font()
        title_font.setWeight(QFont.Weight.DemiBold)
        self._title.setFont(title_font)
        self._empty = QLabel("Select text in the release and press 1–5 to highlight it, "
                             "or N to highlight with a note.", self)
        self._empty.setWordWrap(True)
        self._empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._orphan_header = QLabel("Orphaned — the quoted text is no longer in the release", self)
        self._orphan_header.setWordWrap(True)
        self._orphan_header.setStyleSheet("color: #a61e4d; font-weight: 600; margin-top: 8px;")

        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(8, 8, 8, 8)
        self._list_layout.setSpacing(8)
        self._list_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setAccessibleName("Annotation cards")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._list)
        self._scroll = scroll

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self._title)
        layout.addWidget(self.legend)
        layout.addWidget(self.filters)
        layout.addWidget(scroll, 1)
        self._title.setContentsMargins(10, 0, 0, 0)

        controller.annotations_changed.connect(self._on_annotations_changed)
        controller.release_opened.connect(self._on_release_opened)
        controller.codebook_changed.connect(self._on_codebook_changed)
        self.filters.changed.connect(self.refresh)
        self.legend.show_codebook(controller.codebook())

    # Contents ----------------------------------------------------------------------------------

    def _on_release_opened(self, release) -> None:
        for card in self._cards.values():
            card.save_note()          # a note typed a moment ago is committed before its card moves on
            card.hide()
            self._spare_cards.append(card)
        self._cards.clear()
        self._current_id = None
        self.refresh()

    def _on_codebook_changed(self) -> None:
        self.legend.show_codebook(self._controller.codebook())
        for card in self._cards.values():
            card.update_from(card.annotation)
        self.refresh()

    def _on_annotations_changed(self, release_id: int) -> None:
        current = self._controller.current_release
        if current is not None and current.id == release_id:
            self.refresh()

    def refresh(self) -> None:
        shown = self.cards()
        focused_row = next((row for row, card in enumerate(shown) if card.hasFocus()), None)
        self._fill()
        cards = self.cards()
        if focused_row is not None and shown[focused_row] not in cards and cards:
            # The focused card went (deleted): the keyboard stays in the pane, on its neighbour.
            cards[min(focused_row, len(cards) - 1)].setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self) -> None:
        annotations = self._controller.annotations()
        known_tags = self._controller.all_tags()
        alive = {annotation.id for annotation in annotations}
        for annotation_id in list(self._cards):
            if annotation_id not in alive:
                card = self._cards.pop(annotation_id)
                card.hide()
                self._spare_cards.append(card)
        while self._list_layout.count():
            self._list_layout.takeAt(0)
        self._list_layout.addWidget(self._empty)
        self._empty.setVisible(not annotations)
        self._orphan_header.setVisible(False)
        marks = self._controller.carry_marks()
        for annotation in annotations:
            card = self._cards.get(annotation.id)
            if card is None and self._spare_cards:
                card = self._spare_cards.pop()
                card.rebind(annotation)
                self._cards[annotation.id] = card
            elif card is None:
                card = AnnotationCard(annotation, self._controller, self._list)
                card.activated.connect(self._on_card_activated)
                card.jump_requested.connect(self.jump_requested)
                card.step_requested.connect(lambda delta: self.step(delta, focus=True))
                self._cards[annotation.id] = card
            else:
                card.update_from(annotation)
            card.set_carry_mark(marks.get(annotation.id))
            card.setVisible(self.filters.matches(annotation))
            card.tag_edit.set_known_tags(known_tags)
            if annotation.orphaned and not self._orphan_header.isVisible():
                self._list_layout.addWidget(self._orphan_header)
                self._orphan_header.setVisible(True)
            self._list_layout.addWidget(card)
            card.set_current(annotation.id == self._current_id)
        self._list_layout.addStretch(1)
        highlights = sum(1 for a in annotations if a.quote is not None)
        notes = len(annotations) - highlights
        self.filters.set_choices(self._controller.codebook(),
                                 sorted({t for a in annotations for t in a.tags}, key=str.lower))
        shown = sum(1 for annotation in annotations if self.filters.matches(annotation))
        self._title.setText((f"{shown} of {len(annotations)} shown: " if self.filters.active() else "")
                            + f"{highlights} highlight{'s' * (highlights != 1)}"
                            + (f", {notes} note{'s' * (notes != 1)} on the release" if notes else ""))

    # Selection ---------------------------------------------------------------------------------

    def _on_card_activated(self, annotation: Annotation) -> None:
        self.select(annotation.id)
        self.annotation_activated.emit(annotation)

    def select(self, annotation_id: int | None) -> None:
        self._current_id = annotation_id
        for card_id, card in self._cards.items():
            card.set_current(card_id == annotation_id)
        if annotation_id in self._cards:
            self._scroll.ensureWidgetVisible(self._cards[annotation_id])

    def step(self, delta: int, focus: bool = False) -> Annotation | None:
        """Select the next (+1) or previous (-1) annotation, in reading order; returns it."""
        cards = self.cards()
        if not cards:
            return None
        rows = [row for row, card in enumerate(cards) if card.annotation.id == self._current_id]
        row = (rows[0] + delta) % len(cards) if rows else (0 if delta > 0 else len(cards) - 1)
        card = cards[row]
        if focus:
            card.setFocus(Qt.FocusReason.OtherFocusReason)      # activates it
        else:
            self._on_card_activated(card.annotation)
        return card.annotation

    def has_focus_inside(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and self.isAncestorOf(focus)

    def tab_stops(self) -> list[QWidget]:
        """Where Tab stops in the pane: the card holding the focus (else the current, else the first card),
        then the filters."""
        cards = self.cards()
        focus = QApplication.focusWidget()
        holding = [card for card in cards if focus is not None and (card is focus or card.isAncestorOf(focus))]
        current = [card for card in cards if card.annotation.id == self._current_id]
        chosen = (holding or current or cards[:1])
        return (chosen[0].tab_stops() if chosen else []) + self.filters.tab_stops()

    def current_annotation(self) -> Annotation | None:
        card = self._cards.get(self._current_id) if self._current_id is not None else None
        return card.annotation if card else None

    def card(self, annotation_id: int) -> AnnotationCard | None:
        return self._cards.get(annotation_id)

    def cards(self) -> list[AnnotationCard]:
        """The cards shown (not filtered out), in order."""
        return [self._list_layout.itemAt(i).widget() for i in range(self._list_layout.count())
                if isinstance(self._list_layout.itemAt(i).widget(), AnnotationCard)
                and not self._list_layout.itemAt(i).widget().isHidden()]

    def save_notes(self) -> None:
        """Commit every note being typed (before the window closes)."""
        for card in self._cards.values():
            card.save_note()

    def edit_note_of(self, annotation_id: int) -> None:
        """Put the caret in the note of ``annotation_id`` (after "highlight with note")."""
        card = self._cards.get(annotation_id)
        if card is not None:
            self.select(annotation_id)
            card.note_editor.setFocus(Qt.FocusReason.OtherFocusReason)
