"""Menus, shortcuts and the toolbar of the main window."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QStyle, QToolBar

from app.gui import help_dialogs
from app.gui.quick_codes import KEYS
from coding.history import HistoryState

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow


class WindowActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.project_actions: list[QAction] = []
        bar = window.menuBar()
        self.file = bar.addMenu(window.tr("&File"))
        self.edit = bar.addMenu(window.tr("&Edit"))
        self.code = bar.addMenu(window.tr("&Code"))
        self.transcript = bar.addMenu(window.tr("&Transcript"))
        self.analyse = bar.addMenu(window.tr("&Analyse"))
        self.tools = bar.addMenu(window.tr("T&ools"))
        self.view = bar.addMenu(window.tr("&View"))
        self.help = bar.addMenu(window.tr("&Help"))
        self._file_menu()
        self._edit_menu()
        self._code_menu()
        self._transcript_menu()
        self._analyse_menu()
        self._tools_menu()
        self._view_menu()
        self._help_menu()
        self._toolbar()
        window.model.historyChanged.connect(self._history)
        window.model.opened.connect(self._project_state)
        window.model.closed.connect(self._project_state)
        self._history(HistoryState(undo=None, redo=None))
        self._project_state()

    def act(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: str | QKeySequence.StandardKey | list[str] | None = None,
        *,
        project: bool = True,
        icon: QStyle.StandardPixmap | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self.window)
        if isinstance(shortcut, list):
            action.setShortcuts([QKeySequence(key) for key in shortcut])
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.window.style().standardIcon(icon))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.window.addAction(action)  # shortcuts work while the menu bar is hidden too
        if project:
            self.project_actions.append(action)
        return action

    # -- menus -----------------------------------------------------------------------------

    def _file_menu(self) -> None:
        w, files, m = self.window, self.window.files, self.file
        tr = w.tr
        self.new = self.act(
            m, tr("&New project…"), files.new_project, QKeySequence.StandardKey.New, project=False
        )
        self.open = self.act(
            m,
            tr("&Open project…"),
            files.open_project,
            QKeySequence.StandardKey.Open,
            project=False,
            icon=QStyle.StandardPixmap.SP_DialogOpenButton,
        )
        self.recent = m.addMenu(tr("Open &recent"))
        self.recent.aboutToShow.connect(self._fill_recent)
        self.act(m, tr("Open the &demo project"), files.open_demo, project=False)
        m.addSeparator()
        self.import_documents = self.act(
            m,
            tr("&Import documents…"),
            files.import_documents,
            "Ctrl+Shift+I",
            icon=QStyle.StandardPixmap.SP_FileDialogNewFolder,
            tip=tr("Import texts, Word files, transcripts and recordings"),
        )
        self.act(m, tr("Import &cases (CSV, XLSX)…"), files.import_cases)
        export = m.addMenu(tr("&Export"))
        self.export_segments = self.act(
            export, tr("Coded &segments to Word…"), lambda: files.export("segments"), "Ctrl+Shift+E"
        )
        self.act(export, tr("&Codebook to Word…"), lambda: files.export("codebook"))
        self.act(export, tr("&Transcript to Word…"), lambda: files.export("transcript"))
        export.addSeparator()
        self.act(export, tr("Project to REFI-QDA (.&qdpx)…"), lambda: files.export("qdpx"))
        self.act(export, tr("Codebook to REFI-QDA (.q&dc)…"), lambda: files.export("qdc"))
        self.act(export, tr("Transcript as S&RT, WebVTT or f4…"), lambda: files.export("subtitles"))
        export.addSeparator()
        self.always_pseudonymise = self.act(
            export,
            tr("&Always pseudonymise exports"),
            self._always_pseudonymise,
            tip=tr(
                "Every export of this project replaces names by their pseudonyms unless the "
                "box in its dialog is unticked (saved in the project; undoable)"
            ),
        )
        self.always_pseudonymise.setCheckable(True)
        w.model.changed.connect(self._exports_setting)
        w.model.opened.connect(self._exports_setting)
        self.project_actions.append(export.menuAction())
        m.addSeparator()
        self.act(m, tr("&Back up now"), w.backups.back_up_now)
        self.restore_backup = self.act(
            m,
            tr("Restore &backup…"),
            w.backups.restore,
            tip=tr("Put one of the project's automatic backups in its place"),
        )
        m.addSeparator()
        self.act(m, tr("&Close project"), w.model.close, QKeySequence.StandardKey.Close)
        self.act(m, tr("&Quit"), w.close, QKeySequence.StandardKey.Quit, project=False)

    def _always_pseudonymise(self) -> None:
        from coding.privacy.outbound import set_always_pseudonymise

        self.window.model.run(set_always_pseudonymise, on=self.always_pseudonymise.isChecked())
        self._exports_setting()

    def _exports_setting(self, changes: object = None) -> None:
        from coding.privacy.outbound import always_pseudonymise

        if changes is not None and not getattr(changes, "settings", True):
            return
        project = self.window.model.project
        self.always_pseudonymise.setChecked(project is not None and always_pseudonymise(project))

    def _fill_recent(self) -> None:
        self.recent.clear()
        paths = self.window.preferences.recent_projects()
        for number, path in enumerate(paths, start=1):
            self.recent.addAction(
                f"&{number} {path}", partial(self.window.files.open_path_str, path)
            )
        if not paths:
            self.recent.addAction(self.window.tr("(none)")).setEnabled(False)
        else:
            self.recent.addSeparator()
            self.recent.addAction(
                self.window.tr("Clear list"), self.window.preferences.clear_recent
            )

    def _edit_menu(self) -> None:
        w, m = self.window, self.edit
        tr = w.tr
        self.undo = self.act(
            m,
            tr("&Undo"),
            w.model.undo,
            QKeySequence.StandardKey.Undo,
            icon=QStyle.StandardPixmap.SP_ArrowBack,
        )
        self.redo = self.act(
            m,
            tr("&Redo"),
            w.model.redo,
            ["Ctrl+Shift+Z", "Ctrl+Y"],
            icon=QStyle.StandardPixmap.SP_ArrowForward,
        )
        m.addSeparator()
        self.act(m, tr("Co&der name…"), self._coder_name, project=False)

    def _coder_name(self) -> None:
        w = self.window
        name, ok = QInputDialog.getText(
            w,
            w.tr("Coder name"),
            w.tr("Codings you make are recorded under this name:"),
            text=w.preferences.coder,
        )
        if ok:
            w.preferences.coder = name
            w.model.coder = name.strip() or None

    def _code_menu(self) -> None:
        w, m = self.window, self.code
        tr = w.tr
        commands, panel = w.pane.commands, w.codebook
        self.apply_code = self.act(
            m,
            tr("&Apply code…"),
            commands.pick_and_apply,
            "Ctrl+K",
            tip=tr("Apply a code to the selected passage (type to filter)"),
        )
        self.in_vivo = self.act(
            m,
            tr("Code &in vivo"),
            commands.in_vivo,
            "Ctrl+I",
            tip=tr("Make a code named after the selected words and apply it"),
        )
        quick = m.addMenu(tr("&Quick codes (keys 1–9)"))
        quick.aboutToShow.connect(lambda: self._fill_quick(quick))
        m.addSeparator()
        self.remove_coding = self.act(m, tr("&Remove coding"), commands.remove, "Del")
        self.remove_coding.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        w.removeAction(self.remove_coding)
        w.pane.view.addAction(self.remove_coding)
        self.act(m, tr("Coding &memo…"), commands.edit_memo, "Ctrl+M")
        self.act(m, tr("Resize coding to &selection"), commands.resize_to_selection, "Ctrl+R")
        m.addSeparator()
        self.act(m, tr("&New code…"), panel.new_code, "Ctrl+Shift+N")
        self.act(m, tr("New &subcode…"), lambda: panel.new_code(subcode=True))
        self.act(m, tr("Rena&me code"), panel.rename)
        self.act(m, tr("Code &colour…"), panel.recolor)
        self.act(m, tr("Descri&be code…"), panel.details.open_editor)
        self.act(m, tr("Mer&ge code into…"), panel.merge)
        self.act(m, tr("&Delete code…"), panel.delete)
        m.addSeparator()
        self.act(m, tr("Load the &starter codebook"), panel.load_starter)

    def _fill_quick(self, menu: QMenu) -> None:
        menu.clear()
        w = self.window
        nodes = {node.id: node for node in w.codebook.codes.nodes.values()}
        for key in KEYS:
            code = nodes.get(w.quick.code_for(key) or -1)
            label = code.name if code else w.tr("(not assigned)")
            action = menu.addAction(f"&{key}  {label}", partial(w.pane.commands.apply_quick, key))
            action.setEnabled(code is not None)

    def _transcript_menu(self) -> None:
        w, m = self.window, self.transcript
        tr = w.tr
        pane, media = w.pane, w.pane.media
        self.edit_transcript = self.act(
            m,
            tr("&Edit transcript"),
            lambda: pane.set_editing(not pane.editing.active),
            "Ctrl+E",
            tip=tr("Correct the text; codings and timings follow"),
        )
        m.addSeparator()
        self.play = self.act(
            m,
            tr("&Play / pause"),
            media.toggle,
            ["F4", "Ctrl+Space"],
            icon=QStyle.StandardPixmap.SP_MediaPlay,
            tip=tr("Play or pause the recording (F4); resuming rewinds a little"),
        )
        self.act(m, tr("&Back 5 s"), lambda: media.skip(-w.preferences.skip_ms), "F3")
        self.act(m, tr("&Forward 5 s"), lambda: media.skip(w.preferences.skip_ms), "F5")
        self.act(m, tr("&Slower"), media.slower, ["Ctrl+Shift+<", "Ctrl+<", "Ctrl+Shift+,"])
        self.act(m, tr("F&aster"), media.faster, ["Ctrl+Shift+>", "Ctrl+>", "Ctrl+Shift+."])
        m.addSeparator()
        self.act(m, tr("Insert &timestamp"), pane.insert_timestamp, "Ctrl+T")
        speakers = m.addMenu(tr("Insert spea&ker"))
        for number in KEYS:
            self.act(
                speakers,
                tr("Speaker {0}").format(number),
                partial(pane.insert_speaker, number),
                f"Ctrl+{number}",
            )
        m.addSeparator()
        self.act(m, tr("&Mark transcript checked / draft"), pane.toggle_checked)
        self.act(m, tr("&Rewind on resume…"), self._rewind, project=False)
        m.addSeparator()
        self.transcribe = self.act(
            m,
            tr("Trans&cribe recording…"),
            lambda: w.transcriber.transcribe(),
            "Ctrl+Shift+T",
            icon=QStyle.StandardPixmap.SP_MediaVolume,
            tip=tr("Transcribe the open document's recording with Whisper, on this computer"),
        )
        self.transcribe_all = self.act(
            m,
            tr("Transcribe all &untranscribed…"),
            lambda: w.transcriber.transcribe_all(),
            tip=tr("Transcribe every recording that has no transcript yet, one after another"),
        )

    def _rewind(self) -> None:
        w = self.window
        seconds, ok = QInputDialog.getDouble(
            w,
            w.tr("Rewind on resume"),
            w.tr("Seconds to go back when playback resumes:"),
            w.preferences.rewind_ms / 1000,
            0.0,
            10.0,
            1,
        )
        if ok:
            w.preferences.rewind_ms = round(seconds * 1000)
            w.pane.media.rewind_ms = w.preferences.rewind_ms

    def _analyse_menu(self) -> None:
        w, m = self.window, self.analyse
        tr = w.tr
        self.act(
            m,
            tr("Coded &segments"),
            lambda: self._focus_dock(w.segments_dock, w.segments.table),
            "Ctrl+Shift+S",
        )
        panels = w.panels
        self.search = self.act(
            m,
            tr("Searc&h (keywords in context)…"),
            lambda: panels.open("search"),
            "Ctrl+Shift+F",
            tip=tr("Find words in every document in all their forms; open hits in context"),
        )
        self.code_matrix = self.act(
            m, tr("Code &matrix…"), lambda: panels.open("matrix"), "Ctrl+Shift+M"
        )
        self.act(m, tr("Code &co-occurrence…"), lambda: panels.open("cooccurrence"))
        self.act(m, tr("Code &frequencies…"), lambda: panels.open("frequencies"))
        self.act(m, tr("&Retrieve coded segments…"), lambda: panels.open("retrieval"))
        self.act(m, tr("&Keywords by group…"), lambda: panels.open("keywords"))
        self.act(m, tr("A&uto-code…"), panels.autocode)
        m.addSeparator()
        self.agreement = self.act(
            m,
            tr("&Intercoder agreement…"),
            lambda: panels.team("agreement"),
            tip=tr("How far coders agree, per code and document, and the passages they differ on"),
        )
        self.act(m, tr("Compare &two coders…"), lambda: panels.team("compare"))
        self.act(m, tr("Show codings &by coder…"), lambda: panels.team("coders"))
        m.addSeparator()
        self.act(m, tr("C&ases and attributes…"), w.files.edit_cases, "Ctrl+Shift+K")
        self.act(m, tr("Project &overview"), lambda: help_dialogs.overview(w))

    def _tools_menu(self) -> None:
        w, m = self.window, self.tools
        tr = w.tr
        self.pseudonymise = self.act(
            m,
            tr("&Pseudonymise names…"),
            w.panels.pseudonymise,
            tip=tr("Find the names of people and places, review them and replace them"),
        )

    def _view_menu(self) -> None:
        w, m = self.window, self.view
        tr = w.tr
        self.act(
            m,
            tr("Go to &documents"),
            lambda: self._focus_dock(w.documents_dock, w.documents.tree),
            "Alt+1",
            project=False,
        )
        self.act(m, tr("Go to the &text"), lambda: w.pane.view.setFocus(), "Alt+2", project=False)
        self.act(
            m,
            tr("Go to the &codebook"),
            lambda: self._focus_dock(w.codebook_dock, w.codebook.tree),
            "Alt+3",
            project=False,
        )
        self.act(
            m,
            tr("Go to coded &segments"),
            lambda: self._focus_dock(w.segments_dock, w.segments.table),
            "Alt+4",
            project=False,
        )
        m.addSeparator()
        for dock in (w.documents_dock, w.codebook_dock, w.segments_dock):
            m.addAction(dock.toggleViewAction())

    def _focus_dock(self, dock, widget) -> None:  # type: ignore[no-untyped-def]
        dock.show()
        dock.raise_()
        widget.setFocus()

    def _help_menu(self) -> None:
        w, m = self.window, self.help
        tr = w.tr
        self.act(
            m, tr("&Keyboard shortcuts"), lambda: help_dialogs.shortcuts(w), "F1", project=False
        )
        self.act(m, tr("&About Transcoda"), lambda: help_dialogs.about(w), project=False)

    def _toolbar(self) -> None:
        w = self.window
        bar = QToolBar(w.tr("Main toolbar"), w)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setIconSize(bar.iconSize() * 0.85)
        w.addToolBar(bar)
        for action in (
            self.open,
            self.import_documents,
            None,
            self.undo,
            self.redo,
            None,
            self.edit_transcript,
            self.play,
            self.transcribe,
            None,
            self.apply_code,
            self.in_vivo,
            None,
            self.export_segments,
        ):
            if action is None:
                bar.addSeparator()
            else:
                bar.addAction(action)
        self.edit_transcript.setIcon(
            w.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        )
        self.apply_code.setIcon(w.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton))
        self.in_vivo.setIcon(
            w.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
        )
        self.export_segments.setIcon(
            w.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.edit_transcript.setIconText(w.tr("Edit"))
        self.apply_code.setIconText(w.tr("Code"))
        self.in_vivo.setIconText(w.tr("In vivo"))
        self.export_segments.setIconText(w.tr("Export"))
        self.import_documents.setIconText(w.tr("Import"))
        self.open.setIconText(w.tr("Open"))
        self.play.setIconText(w.tr("Play"))
        self.transcribe.setIconText(w.tr("Transcribe"))

    # -- state -----------------------------------------------------------------------------

    def _history(self, state: HistoryState) -> None:
        tr = self.window.tr
        self.undo.setText(tr("&Undo {0}").format(state.undo) if state.undo else tr("&Undo"))
        self.redo.setText(tr("&Redo {0}").format(state.redo) if state.redo else tr("&Redo"))
        self.undo.setToolTip(
            tr("Undo {0}").format(state.undo) if state.undo else tr("Nothing to undo")
        )
        self.redo.setToolTip(
            tr("Redo {0}").format(state.redo) if state.redo else tr("Nothing to redo")
        )
        self.undo.setIconText(tr("Undo"))
        self.redo.setIconText(tr("Redo"))
        self.undo.setEnabled(state.undo is not None)
        self.redo.setEnabled(state.redo is not None)

    def _project_state(self) -> None:
        has_project = self.window.model.project is not None
        for action in self.project_actions:
            if action not in (self.undo, self.redo):
                action.setEnabled(has_project)
