"""Coding the open document: apply, in vivo, remove, resize, memo, and the context menu."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from app.gui.code_picker import pick_code
from app.gui.document_view import DocumentView, ShownCoding
from app.gui.icons import color_icon
from app.gui.project_model import ProjectModel
from app.gui.quick_codes import QuickCodes
from coding import codebook, codings, lookup, queries
from coding.queries import CodeNode

IN_VIVO_MAX = 60


def in_vivo_name(text: str) -> str:
    """A code name from a quote: one line, no '/', at most ``IN_VIVO_MAX`` characters."""
    name = " ".join(text.split()).replace("/", "-").strip(" \"'«»„“”.,;:!?")
    if len(name) > IN_VIVO_MAX:
        name = name[:IN_VIVO_MAX].rsplit(" ", 1)[0] + "…"
    return name


class CodingCommands(QObject):
    status = Signal(str)

    def __init__(
        self,
        model: ProjectModel,
        view: DocumentView,
        quick: QuickCodes,
        document_id: Callable[[], int | None],
    ) -> None:
        super().__init__(view)
        self.model = model
        self.view = view
        self.quick = quick
        self.document_id = document_id
        # What ``apply`` is about to create, so the pane can show it without a query.
        self.applied: tuple[int, ShownCoding] | None = None  # document id, coding (id 0)
        self.code_nodes: Callable[[], Mapping[int, CodeNode]] = dict
        view.quickCodeKey.connect(self.apply_quick)
        view.codeDropped.connect(self.apply)

    def _span(self) -> tuple[int, int] | None:
        span = self.view.selection_span()
        if span is None:
            self.status.emit(self.tr("Select a passage first, then apply a code."))
        return span

    # -- applying --------------------------------------------------------------------------

    def apply(self, code_id: int) -> bool:
        document_id = self.document_id()
        span = self._span()
        if document_id is None or span is None:
            return False
        self.applied = self._pending(document_id, code_id, span)
        changes = self.model.run(
            codings.apply_coding,
            document_id=document_id,
            code_id=code_id,
            start=span[0],
            end=span[1],
            coder=self.model.coder,
        )
        self.applied = None
        if changes is not None:
            self.status.emit(changes.description)
        return changes is not None

    def _pending(
        self, document_id: int, code_id: int, span: tuple[int, int]
    ) -> tuple[int, ShownCoding] | None:
        code = self.code_nodes().get(code_id)
        if code is None:
            return None
        coder = (self.model.coder or lookup.default_coder_name()).strip()
        return document_id, ShownCoding(
            0, code_id, code.name, code.color, coder, "", span[0], span[1]
        )

    def apply_quick(self, key: int) -> None:
        code_id = self.quick.code_for(key)
        if code_id is None:
            self.status.emit(
                self.tr(
                    "No code on key {0}: right-click a code in the codebook to assign it."
                ).format(key)
            )
            return
        self.apply(code_id)

    def pick_and_apply(self, at: QPoint | None = None) -> None:
        if self.model.project is None or self._span() is None:
            return
        if at is None:
            at = self.view.viewport().mapToGlobal(self.view.cursorRect().bottomLeft())
        code_id = pick_code(queries.codebook(self.model.project), self.view, at)
        if code_id is not None:
            self.apply(code_id)

    def in_vivo(self) -> None:
        span = self._span()
        if span is None or self.model.project is None:
            return
        name = in_vivo_name(self.view.text[span[0] : span[1]])
        if not name or not re.search(r"\w", name):
            self.status.emit(self.tr("The selection has no words to name a code after."))
            return
        existing = [
            c
            for c in queries.codebook(self.model.project)
            if c.parent_id is None and c.name.lower() == name.lower()
        ]
        if existing:
            self.apply(existing[0].id)
            return
        created = self.model.run(codebook.create_code, name=name)
        if created is not None and created.id is not None:
            self.apply(created.id)

    # -- the coding under the cursor -------------------------------------------------------

    def _target(self) -> ShownCoding | None:
        """The coding clicked in the margin, or the single one under the cursor."""
        selected = self.view.selected_coding
        for coding in self.view.shown:
            if coding.id == selected:
                return coding
        here = self.view.codings_at(self.view.cursor_code_point())
        if len(here) == 1:
            return here[0]
        if here:
            return self._choose(here)
        self.status.emit(
            self.tr("Click a coding stripe (or put the cursor in a coded passage) first.")
        )
        return None

    def _choose(self, options: list[ShownCoding]) -> ShownCoding | None:
        menu = QMenu(self.view)
        for coding in options:
            action = menu.addAction(color_icon(coding.color), f"{coding.name} ({coding.coder})")
            action.setData(coding.id)
        chosen = menu.exec(QCursor.pos())
        if chosen is None:
            return None
        return next((c for c in options if c.id == chosen.data()), None)

    def remove(self) -> None:
        coding = self._target()
        if coding is not None:
            self.view.selected_coding = None
            self.model.run(codings.remove_coding, coding_id=coding.id)

    def resize_to_selection(self) -> None:
        coding = self._target()
        span = self.view.selection_span()
        if coding is None:
            return
        if span is None or span == (coding.start, coding.end):
            self.status.emit(
                self.tr("Select the new extent of the passage (Shift+arrows), then resize.")
            )
            return
        self.model.run(codings.resize_coding, coding_id=coding.id, start=span[0], end=span[1])

    def edit_memo(self) -> None:
        coding = self._target()
        if coding is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self.view,
            self.tr("Coding memo"),
            self.tr("Memo for '{0}':").format(coding.name),
            coding.memo,
        )
        if ok and text != coding.memo:
            self.model.run(codings.set_coding_memo, coding_id=coding.id, memo=text)

    # -- context menu ----------------------------------------------------------------------

    def context_menu(self, position: QPoint, parent: QWidget) -> None:
        menu = QMenu(parent)
        has_selection = self.view.selection_span() is not None
        apply = menu.addAction(self.tr("Apply code…"), lambda: self.pick_and_apply(QCursor.pos()))
        apply.setEnabled(has_selection)
        vivo = menu.addAction(self.tr("Code in vivo"), self.in_vivo)
        vivo.setEnabled(has_selection)
        if has_selection and self.quick.keys and self.model.project is not None:
            names = {c.id: c for c in queries.codebook(self.model.project)}
            quick = menu.addMenu(self.tr("Quick codes"))
            for key, code_id in sorted(self.quick.keys.items()):
                code = names.get(code_id)
                if code is not None:
                    action = quick.addAction(color_icon(code.color), f"{key}  {code.name}")
                    action.triggered.connect(lambda _=False, c=code_id: self.apply(c))
        here = self.view.codings_at(
            self.view.positions.to_code_point(self.view.cursorForPosition(position).position())
        )
        if here:
            menu.addSeparator()
            for coding in here:
                sub = menu.addMenu(color_icon(coding.color), f"{coding.name} — {coding.coder}")
                sub.addAction(
                    self.tr("Select passage"), partial(self.view.select_coding, coding.id)
                )
                sub.addAction(self.tr("Edit memo…"), partial(self._with, coding, self.edit_memo))
                sub.addAction(
                    self.tr("Resize to selection"),
                    partial(self._with, coding, self.resize_to_selection),
                )
                sub.addAction(self.tr("Remove coding"), partial(self._with, coding, self.remove))
        menu.addSeparator()
        menu.addAction(self.tr("Copy"), self.view.copy).setEnabled(has_selection)
        menu.exec(self.view.viewport().mapToGlobal(position))

    def _with(self, coding: ShownCoding, command: Callable[[], None]) -> None:
        self.view.selected_coding = coding.id
        command()
