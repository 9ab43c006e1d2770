"""The main window: places the library list, the reader and the annotation pane; no business logic."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDockWidget, QFileDialog, QHeaderView,
                               QMainWindow, QMessageBox, QProgressDialog, QTableView, QToolBar,
                               QVBoxLayout, QWidget)

from annotations.exporters import export_file_name
from annotations.models import PALETTE, Annotation, Release

from . import settings as options
from .actions import ACTIONS, build_actions
from .controller import Controller
from .appearance import SCHEMES, apply_scheme, themed_icon
from .library_care import LibraryCare
from .keyboard import FocusCycle, confine_to
from .models.release_list import RELEASE_ID_ROLE, ReleaseListModel
from .settings import Settings
from .widgets.annotation_pane import AnnotationPane
from .widgets.codebook import apply_codebook
from .widgets.export_choices import ensure_analyst_name, remember_folder, start_folder, suggested_path
from .widgets.find_bar import FindBar
from .widgets.library_search import LibrarySearch
from .widgets.reader import ReaderView
from .widgets.versions import VersionBar

SAVE_POSITION_DELAY_MS = 800
SMALL_WINDOW_WIDTH = 1200


class MainWindow(QMainWindow):
    def __init__(self, controller: Controller, settings: Settings, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.setWindowTitle("Communiqué")
        self.setAcceptDrops(True)
        self._import_worker = None          # the ImportWorker running, if any
        self._pdf_exports: set = set()      # the PdfExportJobs running
        self._export_busy = None            # their busy bar in the status bar, made on the first
        self.last_import_report = None      # what the last import did (shown in the status bar)

        self.reader = ReaderView(self)
        self.find_bar = FindBar(self.reader, self)
        self.version_bar = VersionBar(controller, self)
        self.setCentralWidget(self._reading_area())
        self.release_model = ReleaseListModel(controller.library, self)
        self.library_view = self._make_library_view()
        self.library_search = LibrarySearch(controller.library.path, self.library_view, self)
        self.search_box = self.library_search.box
        self.search_box.setAccessibleName("Search releases and notes")
        self.annotation_pane = AnnotationPane(controller, self)

        self.library_care = LibraryCare(controller, self)   # check, backups, restore (off this thread)
        self.actions_by_name = build_actions(self)
        self._place_docks()
        self._place_menus_and_toolbar()
        self._connect()
        self._restore_window()
        self._light_palette = QApplication.palette()
        self.dark = False
        self.set_scheme(self.settings.get(options.COLOR_SCHEME))
        QApplication.styleHints().colorSchemeChanged.connect(
            lambda _: self.set_scheme(self.settings.get(options.COLOR_SCHEME)))
        self.reader.set_zoom(self.settings.get(options.READER_ZOOM))

    # Layout ------------------------------------------------------------------------------------

    def _make_library_view(self) -> QTableView:
        view = QTableView(self)
        view.setAccessibleName("Library: releases")
        view.setModel(self.release_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setTabKeyNavigation(False)        # Tab leaves the list (for the reader), as in a file manager
        view.setSortingEnabled(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 105)
        column = self.settings.get(options.LIBRARY_SORT_COLUMN)
        descending = self.settings.get(options.LIBRARY_SORT_DESCENDING)
        view.sortByColumn(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        return view

    def _reading_area(self) -> QWidget:
        """The reader with the version bar above it (a release with several versions) and the find bar
        (Ctrl+F) beneath it."""
        area = QWidget(self)
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.version_bar)
        layout.addWidget(self.reader, 1)
        self.version_bar.version_picked.connect(self.select_release)
        layout.addWidget(self.find_bar)
        return area

    def _place_docks(self) -> None:
        for title, name, widget, area, width in (
                ("Library", "libraryDock", self.library_search, Qt.DockWidgetArea.LeftDockWidgetArea, 390),
                ("Annotations", "annotationDock", self.annotation_pane, Qt.DockWidgetArea.RightDockWidgetArea, 340)):
            dock = QDockWidget(title, self)
            dock.setObjectName(name)
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
            self.addDockWidget(area, dock)
            self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)

    def _place_menus_and_toolbar(self) -> None:
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.setAccessibleName("Main toolbar")
        self.addToolBar(toolbar)
        menus = {}
        for spec in ACTIONS:
            action = self.actions_by_name[spec.name]
            if spec.menu not in menus:
                menus[spec.menu] = self.menuBar().addMenu(spec.menu)
            menus[spec.menu].addAction(action)
            if spec.toolbar:
                toolbar.addAction(action)
        highlight_actions = ([self.actions_by_name[f"highlight_{name}"] for name in PALETTE]
                             + [self.actions_by_name["highlight_with_note"]])
        self.reader.set_context_actions(highlight_actions)
        confine_to(highlight_actions + [self.actions_by_name["delete_annotation"]],
                   [self.reader, self.annotation_pane])
        confine_to([self.actions_by_name["delete_release"]], [self.library_view])
        self._focus_cycle = FocusCycle([lambda: [self.library_view], lambda: [self.reader],
                                        self.annotation_pane.tab_stops, lambda: [self.search_box]])

    def focusNextPrevChild(self, forward: bool) -> bool:
        return self._focus_cycle.move(forward) or super().focusNextPrevChild(forward)

    def _connect(self) -> None:
        for name in PALETTE:
            self.actions_by_name[f"highlight_{name}"].triggered.connect(
                lambda checked=False, color=name: self.highlight_selection(color))
        for name, action in self.actions_by_name.items():
            if not name.startswith("highlight_") or name == "highlight_with_note":
                action.triggered.connect(getattr(self, f"_on_{name}"))
        group = self.controller.undo_group
        group.canUndoChanged.connect(self.actions_by_name["undo"].setEnabled)
        group.canRedoChanged.connect(self.actions_by_name["redo"].setEnabled)
        self.actions_by_name["undo"].setEnabled(False)
        self.actions_by_name["redo"].setEnabled(False)
        self.controller.release_opened.connect(self._on_release_opened)
        self.controller.release_edited.connect(self._on_release_edited)
        self.controller.annotations_changed.connect(self._on_annotations_changed)
        self.controller.releases_changed.connect(self._on_releases_changed)
        self.controller.error.connect(self._show_error)
        self.controller.codebook_changed.connect(self._on_codebook_changed)
        self._on_codebook_changed()
        self.controller.notice.connect(lambda message: self.statusBar().showMessage(message, 10000))
        self.library_view.selectionModel().currentRowChanged.connect(self._on_library_row_changed)
        self.library_view.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_changed)
        self.annotation_pane.annotation_activated.connect(self._on_annotation_activated)
        self.annotation_pane.jump_requested.connect(self._on_jump_to_annotation)
        self.reader.caret_entered.connect(self._on_caret_entered_highlight)
        self.library_search.release_chosen.connect(self.show_search_hit)
        self.library_search.annotation_chosen.connect(
            lambda annotation_id, release_id: self.show_search_hit(release_id, annotation_id))
        self._position_timer = QTimer(self)
        self._position_timer.setSingleShot(True)
        self._position_timer.setInterval(SAVE_POSITION_DELAY_MS)
        self._position_timer.timeout.connect(self._save_reading_position)
        self.reader.verticalScrollBar().valueChanged.connect(self._position_timer.start)

    # Window state ------------------------------------------------------------------------------

    def _restore_window(self) -> None:
        geometry = self.settings.get(options.WINDOW_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()       # a small laptop screen: fit it, docks give way
            self.resize(min(1280, screen.width()), min(800, screen.height()))
        state = self.settings.get(options.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._share_dock_space)

    def _share_dock_space(self) -> None:
        """On a small window the reader keeps its minimum (about 60 characters a line) and the docks
        share what is left, rather than one of them being squeezed to nothing."""
        if self.width() >= SMALL_WINDOW_WIDTH:
            return
        docks = [dock for dock in self.findChildren(QDockWidget) if dock.isVisible() and not dock.isFloating()]
        spare = self.width() - self.reader.minimumWidth() - 24
        if docks and spare > 0:
            self.resizeDocks(docks, [spare // len(docks)] * len(docks), Qt.Orientation.Horizontal)

    def restore_reading(self) -> None:
        """Open the release that was open last time, scrolled where it was; else the newest."""
        release_id = self.settings.get(options.LAST_RELEASE)
        position = self.settings.get(options.LAST_POSITION)
        if not release_id or not self.controller.library.release_exists(release_id):
            release_id, position = self.release_model.release_id_at(0), 0
        if release_id:
            self.select_release(release_id)
            if position:
                QTimer.singleShot(0, lambda: self.reader.scroll_to_position(position))

    def closeEvent(self, event) -> None:
        self.library_search.stop()
        self.annotation_pane.save_notes()
        self._save_reading_position()
        self.settings.set(options.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set(options.WINDOW_STATE, self.saveState())
        self.settings.sync()
        if self._import_worker is not None:
            self._import_worker.cancel()
            self._import_worker.wait()
        for job in self._pdf_exports:
            job.cancel()
            job.wait()
        self.library_care.shutdown()
        self.controller.stop_watching()
        super().closeEvent(event)

    def _save_reading_position(self) -> None:
        if self.controller.current_release is not None:
            self.settings.set(options.LAST_RELEASE, self.controller.current_release.id)
            self.settings.set(options.LAST_POSITION, self.reader.top_position())

    # Library list ------------------------------------------------------------------------------

    def select_release(self, release_id: int) -> None:
        row = self.release_model.row_of(release_id)
        if row >= 0:
            index = self.release_model.index(row, 0)
            self.library_view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.library_view.scrollTo(index)
        if self.controller.current_release is None or self.controller.current_release.id != release_id:
            self.controller.open_release(release_id)

    def _on_library_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        release_id = current.data(RELEASE_ID_ROLE) if current.isValid() else None
        if release_id and (self.controller.current_release is None
                           or self.controller.current_release.id != release_id):
            self._save_reading_position()
            self.controller.open_release(release_id)

    def _on_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        self.settings.set(options.LIBRARY_SORT_COLUMN, column)
        self.settings.set(options.LIBRARY_SORT_DESCENDING, order == Qt.SortOrder.DescendingOrder)
        self._reselect_current()

    def show_search_hit(self, release_id: int, annotation_id: int | None = None) -> None:
        """Open a search hit with every match of the search marked, scrolled to the first (or to the
        quote or note found)."""
        current = self.controller.current_release
        if current is None or current.id != release_id:
            self._save_reading_position()
            if self.controller.open_release(release_id) is None:
                return
        release = self.controller.current_release
        self.reader.set_matches(self.library_search.query.finder().spans(release.text))
        annotation = next((a for a in self.controller.annotations() if a.id == annotation_id), None)

        def go_to_match() -> None:
            if annotation is not None:
                self.annotation_pane.select(annotation.id)
                self._on_annotation_activated(annotation)
            else:
                self.reader.step_match(1)

        if self.reader.is_loading():       # a long release is laid out in the background first
            self.reader.release_shown.connect(go_to_match, Qt.ConnectionType.SingleShotConnection)
        else:
            go_to_match()

    def _reselect_current(self) -> None:
        if self.controller.current_release is not None:
            row = self.release_model.row_of(self.controller.current_release.id)
            if row >= 0:
                self.library_view.selectionModel().blockSignals(True)
                self.library_view.selectRow(row)
                self.library_view.selectionModel().blockSignals(False)

    def _on_releases_changed(self) -> None:
        self.release_model.reload()
        self._reselect_current()

    # Reading and annotating --------------------------------------------------------------------

    def _on_release_opened(self, release: Release | None) -> None:
        self.reader.show_release(release)
        self.reader.set_annotations(self.controller.annotations())
        self._on_release_edited(release)
        self.find_bar.release_changed(release.text if release is not None else "")
        if release is not None:
            self.settings.set(options.LAST_RELEASE, release.id)
            self.settings.set(options.LAST_POSITION, 0)

    def _on_release_edited(self, release: Release | None) -> None:
        self.setWindowTitle(f"{release.title or 'Untitled release'} — Communiqué" if release else "Communiqué")

    def _on_release_details(self):
        """Edit → Release Details…: the form for the open release (returned, for tests)."""
        from .widgets.release_details import ReleaseDetailsDialog

        release = self.controller.current_release
        if release is None:
            self.statusBar().showMessage("Open a release first.", 4000)
            return None
        dialog = ReleaseDetailsDialog(self.controller, release, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_delete_release(self) -> None:
        index = self.library_view.currentIndex()
        release_id = index.data(RELEASE_ID_ROLE) if index.isValid() else None
        if release_id is None and self.controller.current_release is not None:
            release_id = self.controller.current_release.id
        if release_id is None:
            self.statusBar().showMessage("Select a release in the library first.", 4000)
            return
        release = self.controller.library.release(release_id)
        count = self.controller.library.annotation_count(release_id)
        with_notes = f"\n\nIts {count} annotation(s) will be deleted with it." if count else ""
        answer = QMessageBox.question(
            self, "Delete Release", f"Delete “{release.title}” from the library?{with_notes}\n\n"
            "Edit → Undo (Ctrl+Z) puts it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.controller.delete_release(release_id)

    def _on_annotations_changed(self, release_id: int) -> None:
        if self.controller.current_release is not None and self.controller.current_release.id == release_id:
            current = self.annotation_pane.current_annotation()
            self.reader.set_annotations(self.controller.annotations(), current.id if current else None)

    def _on_annotation_activated(self, annotation: Annotation) -> None:
        self.reader.set_annotations(self.controller.annotations(), annotation.id)
        if annotation.position is not None and not annotation.orphaned:
            self.reader.reveal(annotation.position.start, annotation.position.end)

    def _on_codebook_changed(self) -> None:
        apply_codebook(self.actions_by_name, self.controller.codebook())

    def _on_jump_to_annotation(self, annotation: Annotation) -> None:
        self._on_annotation_activated(annotation)
        self.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_caret_entered_highlight(self, annotation: Annotation) -> None:
        self.annotation_pane.select(annotation.id)
        self.reader.set_annotations(self.controller.annotations(), annotation.id)

    def _annotation_to_recolour(self) -> Annotation | None:
        """One highlight per passage: the focused card, a highlight selected whole, or the one the caret is in."""
        if self.annotation_pane.has_focus_inside():
            return self.annotation_pane.current_annotation()
        span = self.reader.selection_span()
        return self.reader.annotation_with_span(span) if span else self.reader.annotation_at_caret()

    def highlight_selection(self, color: str, with_note: bool = False) -> Annotation | None:
        """Highlight the reader's selection in ``color``, or recolour the highlight already there
        (``with_note`` on one already there only opens its note: N keeps its colour)."""
        annotation = self._annotation_to_recolour()
        if annotation is not None:
            if not with_note:
                self.controller.set_color(annotation, color)
        else:
            span = self.reader.selection_span()
            if span is None:
                self.statusBar().showMessage("Select text in the release first (Shift+arrows or the mouse), "
                                             "or put the caret in a highlight to recolour it.", 6000)
                return None
            annotation = self.controller.add_highlight(span[0], span[1], color)
            if annotation is None:
                return None
        self.settings.set(options.LAST_COLOR, color)
        self.reader.clear_selection()          # the new colour shows at once, not hidden by the selection
        self.annotation_pane.select(annotation.id)
        self.reader.set_annotations(self.controller.annotations(), annotation.id)
        if with_note:
            self.annotation_pane.edit_note_of(annotation.id)
        return annotation

    def _on_next_annotation(self) -> None:
        self.annotation_pane.step(1, focus=self.annotation_pane.has_focus_inside())

    def _on_previous_annotation(self) -> None:
        self.annotation_pane.step(-1, focus=self.annotation_pane.has_focus_inside())

    # Action handlers ----------------------------------------------------------------------------

    def _on_highlight_with_note(self) -> None:
        color = self.settings.get(options.LAST_COLOR)
        codebook = [entry.color for entry in self.controller.codebook()]
        self.highlight_selection(color if color in codebook else codebook[0], with_note=True)

    def _on_release_note(self) -> None:
        annotation = self.controller.add_release_note()
        if annotation is not None:
            self.annotation_pane.edit_note_of(annotation.id)

    def _on_undo(self) -> None:
        self.controller.undo()

    def _on_redo(self) -> None:
        self.controller.redo()

    def _on_delete_annotation(self) -> None:
        annotation = self.annotation_pane.current_annotation()
        if annotation is None:
            self.statusBar().showMessage("Click an annotation in the pane to select it first.", 4000)
            return
        self.controller.delete_annotation(annotation)

    def _on_compare_versions(self) -> None:
        if self.version_bar.compare_with_previous() is None:
            self.statusBar().showMessage("The open release has no previous version to compare with.", 4000)

    def _on_link_version(self) -> None:
        from .widgets.versions import LinkVersionDialog

        if self.controller.current_release is None:
            self.statusBar().showMessage("Open the newer release first.", 4000)
            return
        self.link_dialog = LinkVersionDialog(self.controller, self)
        self.link_dialog.accepted.connect(lambda: self._link_version(self.link_dialog))
        self.link_dialog.open()

    def _link_version(self, dialog) -> None:
        carried = self.controller.link_versions(dialog.previous_id(), dialog.release_id)
        if carried is not None:
            self.statusBar().showMessage(f"Linked as a new version; {carried} annotation{'s' * (carried != 1)} "
                                         "carried over.", 8000)

    def _on_unlink_version(self) -> None:
        release = self.controller.current_release
        if release is not None and self.controller.unlink_version(release.id) is not None:
            self.statusBar().showMessage("The release is a release of its own again.", 8000)

    def _on_manage_tags(self):
        from .widgets.tag_manager import TagManager

        manager = TagManager(self.controller, self)
        manager.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        manager.show()
        manager.activateWindow()
        return manager

    def _on_find(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _on_find_in_release(self) -> None:
        release = self.controller.current_release
        self.find_bar.open_bar(release.text if release is not None else "")

    def _on_find_next(self) -> None:
        self.find_bar.step(1)

    def _on_find_previous(self) -> None:
        self.find_bar.step(-1)

    def _on_preferences(self) -> None:
        from .widgets.preferences import PreferencesDialog

        PreferencesDialog(self.settings, self, self.controller).exec()

    def _on_export_pdf(self) -> None:
        release = self.controller.current_release
        if release is None:
            self.statusBar().showMessage("Open a release to export it.", 4000)
            return
        if not ensure_analyst_name(self, self.settings):
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export annotated PDF",
                                              suggested_path(self.settings, release, ".pdf"), "PDF (*.pdf)")
        if path:
            self.export_pdf(release.id, path)

    def export_pdf(self, release_id: int, path: str):
        """Export in the background (a PdfExportJob, returned); the status bar says so meanwhile."""
        job = self._start_pdf_export([(release_id, path)], f"Exporting to {path}…")

        def done(results: list) -> None:
            if results:
                remember_folder(self.settings, path)
                pages = results[0].pages
                self.statusBar().showMessage(f"Exported {pages} page{'s' * (pages != 1)} to {path}.", 8000)
        job.done.connect(done)
        job.start()
        return job

    def _on_export_all_pdf(self) -> None:
        if not ensure_analyst_name(self, self.settings):
            return
        folder = QFileDialog.getExistingDirectory(self, "Export annotated PDFs into a folder",
                                                  str(start_folder(self.settings)))
        if folder:
            remember_folder(self.settings, folder)
            self.export_all_pdfs(folder)

    def export_all_pdfs(self, folder: str):
        """One PDF per annotated release in the background (a PdfExportJob, returned), with a
        progress dialog that can cancel between files."""
        library = self.controller.library
        targets = [(release_id, str(Path(folder) / export_file_name(library.release(release_id), ".pdf")))
                   for release_id in library.annotated_release_ids()]
        dialog = QProgressDialog("Exporting…", "Cancel", 0, len(targets), self)
        dialog.setWindowTitle("Export annotated PDFs")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)
        job = self._start_pdf_export(targets, f"Exporting annotated PDFs to {folder}…", dialog)
        job.done.connect(lambda results: self.statusBar().showMessage(
            f"Exported {len(results)} annotated PDF{'s' * (len(results) != 1)} to {folder}.", 8000))
        job.start()
        return job

    def _start_pdf_export(self, targets: list, doing: str, dialog=None):
        """A PdfExportJob with a busy bar in the status bar while it runs (the caller starts it)."""
        from PySide6.QtWidgets import QProgressBar

        from .pdf.background import PdfExportJob
        from .pdf.export import PdfOptions

        job = PdfExportJob(self.controller, targets, PdfOptions.from_settings(self.settings), self, dialog)
        if self._export_busy is None:
            self._export_busy = QProgressBar()
            self._export_busy.setRange(0, 0)          # busy: no fraction to show
            self._export_busy.setMaximumWidth(120)
            self.statusBar().addPermanentWidget(self._export_busy)
        self._export_busy.show()
        self.statusBar().showMessage(doing)
        self._pdf_exports.add(job)

        def done(_results: list) -> None:
            self.statusBar().clearMessage()
            self._pdf_exports.discard(job)
            self._export_busy.setVisible(bool(self._pdf_exports))
            job.deleteLater()
        job.done.connect(done)
        return job

    def _on_export_annotations(self) -> None:
        release = self.controller.current_release
        if release is None:
            self.statusBar().showMessage("Open a release to export its annotations.", 4000)
            return
        filters = {"Markdown (*.md)": "md", "CSV for spreadsheets (*.csv)": "csv",
                   "W3C Web Annotation JSON (*.json)": "json"}
        path, chosen = QFileDialog.getSaveFileName(self, "Export annotations",
                                                   suggested_path(self.settings, release, ".md"), ";;".join(filters))
        if not path:
            return
        format_name = filters.get(chosen) or {".csv": "csv", ".json": "json"}.get(Path(path).suffix.lower(), "md")
        if self.controller.export_annotations(release.id, path, format_name):
            remember_folder(self.settings, path)
            self.statusBar().showMessage(f"Exported the annotations to {path}.", 8000)

    def _on_import_annotations(self) -> None:
        release = self.controller.current_release
        if release is None:
            self.statusBar().showMessage("Open the release the annotations belong to first.", 4000)
            return
        path, _ = QFileDialog.getOpenFileName(self, "Import annotations", "", "W3C Web Annotation JSON (*.json *.jsonld)")
        if path:
            self.import_annotations(release.id, path)

    def import_annotations(self, release_id: int, path: str):
        summary = self.controller.import_annotations(release_id, path)
        if summary is not None:
            message = (f"Imported {summary.added} annotation{'s' * (summary.added != 1)}; "
                       f"{summary.skipped_duplicates} already here")
            if summary.orphaned:
                message += f"; {summary.orphaned} could not be placed and are listed as orphaned"
            self.statusBar().showMessage(message + ".", 10000)
        return summary

    # View ---------------------------------------------------------------------------------------

    def _on_zoom_in(self) -> None:
        self.settings.set(options.READER_ZOOM, self.reader.set_zoom(self.reader.zoom_step + 1))

    def _on_zoom_out(self) -> None:
        self.settings.set(options.READER_ZOOM, self.reader.set_zoom(self.reader.zoom_step - 1))

    def _on_zoom_reset(self) -> None:
        self.settings.set(options.READER_ZOOM, self.reader.set_zoom(0))

    def _on_scheme_system(self) -> None:
        self.set_scheme("system")

    def _on_scheme_light(self) -> None:
        self.set_scheme("light")

    def _on_scheme_dark(self) -> None:
        self.set_scheme("dark")

    def set_scheme(self, scheme: str) -> None:
        """Light, dark, or as the system is; icons redrawn to stay visible on the toolbar."""
        self.settings.set(options.COLOR_SCHEME, scheme)
        self.dark = apply_scheme(QApplication.instance(), scheme, self._light_palette)
        self.annotation_pane.setStyleSheet(self.annotation_pane.styleSheet())   # re-read palette() colours
        for spec in ACTIONS:
            if spec.icon and not spec.icon.startswith("color:"):
                self.actions_by_name[spec.name].setIcon(themed_icon(spec.icon, self.dark))
        for name in SCHEMES:
            self.actions_by_name[f"scheme_{name}"].setCheckable(True)
            self.actions_by_name[f"scheme_{name}"].setChecked(name == scheme)

    def _on_print(self):
        """File → Print…: the print dialog, window-modal; printing starts when it is accepted.
        Returns the dialog (for tests), or None without an open release."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        from PySide6.QtWidgets import QDialog

        release = self.controller.current_release
        if release is None:
            self.statusBar().showMessage("Open a release to print it.", 4000)
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(release.title or "Untitled release")      # the job's name in the queue
        dialog = QPrintDialog(printer, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: result == QDialog.DialogCode.Accepted and self.print_release(printer))
        QDialog.open(dialog)          # no nested event loop (QPrintDialog's own open() wants a receiver)
        return dialog

    def print_release(self, printer) -> int:
        """Print the open release as the annotated PDF lays it out; returns the pages printed."""
        from .pdf.export import PdfOptions, print_release

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = print_release(self.controller.library, self.controller.current_release.id, printer,
                                  PdfOptions.from_settings(self.settings))
        finally:
            QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(f"Sent {pages} page{'s' * (pages != 1)} to {printer.printerName() or 'print'}.",
                                     8000)
        return pages

    def _on_back_up_now(self) -> None:
        self.library_care.back_up_now()

    def _on_restore_from_backup(self) -> None:
        self.library_care.restore_from_backup()

    def _on_quit(self) -> None:
        self.close()

    def _on_import_files(self) -> None:
        from annotations.importers import supported_suffixes  # the importers load only when needed

        patterns = " ".join(f"*{suffix}" for suffix in supported_suffixes())
        paths, _ = QFileDialog.getOpenFileNames(self, "Import press releases", "",
                                                f"Press releases ({patterns});;All files (*)")
        if paths:
            self.import_paths(paths)

    def _on_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of press releases")
        if folder:
            self.import_paths([folder])

    # Import --------------------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def import_paths(self, paths: list[str]):
        """Import in the background (an ImportWorker); a progress dialog appears after half a second."""
        from .importing import ImportWorker

        worker = ImportWorker(self.controller.library.path, list(paths), self)
        dialog = QProgressDialog("Importing…", "Cancel", 0, 0, self)
        dialog.setWindowTitle("Import")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)
        dialog.canceled.connect(worker.cancel)

        def on_progress(done: int, total: int, path: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(f"Importing {Path(path).name}…" if path else "Finishing…")

        worker.progress.connect(on_progress)
        worker.finished_with.connect(lambda report: self._on_import_finished(report, dialog))
        self._import_worker = worker
        worker.start()
        return worker

    def _on_import_finished(self, report, dialog: QProgressDialog) -> None:
        dialog.reset()
        dialog.deleteLater()
        self._import_worker = None
        self.controller.notify_releases()
        added, duplicates = report.added, report.duplicates
        message = f"Imported {len(added)} release{'s' * (len(added) != 1)}"
        if duplicates:
            message += f"; {len(duplicates)} already in the library"
        versions = sum(1 for item in added if self.controller.library.previous_version(item.release_id))
        if versions:
            message += f", {versions} of them a new version of a release already here (notes carried over)"
        if report.failures:
            message += f"; {len(report.failures)} could not be imported"
        if report.cancelled:
            message += " (cancelled)"
        self.statusBar().showMessage(message + ".", 8000)
        if report.imported:
            self.select_release(report.imported[0].release_id)
        if report.failures:
            box = QMessageBox(QMessageBox.Icon.Warning, "Some files were not imported",
                              message + ".", QMessageBox.StandardButton.Ok, self)
            box.setDetailedText("\n".join(str(failure) for failure in report.failures))
            box.setInformativeText("\n".join(str(failure) for failure in report.failures[:5]))
            box.open()
        self.last_import_report = report

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self, "Communiqué", message)
