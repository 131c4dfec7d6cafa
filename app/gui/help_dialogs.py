"""Small read-only windows: keyboard shortcuts, about, project overview, codes by case."""

from __future__ import annotations

import html
from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.gui.icons import color_icon
from coding import queries

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow


def _dialog(parent: QWidget, title: str, body: QWidget, size: tuple[int, int]) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    body.setParent(dialog)
    layout.addWidget(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(*size)
    return dialog


def shortcut_rows(window: MainWindow) -> list[tuple[str, str]]:
    tr = window.tr
    return [
        (tr("Apply quick code 1–9"), "1 … 9"),
        (tr("Apply any code (type to filter)"), "Ctrl+K"),
        (tr("Code in vivo"), "Ctrl+I"),
        (tr("Remove the clicked coding"), "Del"),
        (tr("Coding memo"), "Ctrl+M"),
        (tr("Resize coding to the selection"), "Ctrl+R"),
        (tr("Apply the code selected in the codebook"), tr("Enter (in the codebook)")),
        (tr("Edit transcript on / off"), "Ctrl+E"),
        (tr("Play / pause (rewinds on resume)"), "F4, Ctrl+Space"),
        (tr("Back / forward 5 seconds"), "F3 / F5"),
        (tr("Slower / faster"), "Ctrl+Shift+< / Ctrl+Shift+>"),
        (tr("Insert timestamp"), "Ctrl+T"),
        (tr("Insert speaker 1–9"), "Ctrl+1 … Ctrl+9"),
        (tr("Undo / redo"), "Ctrl+Z / Ctrl+Shift+Z"),
        (tr("Go to documents, text, codebook, segments"), "Alt+1 … Alt+4"),
        (tr("Transcribe the recording (Whisper)"), "Ctrl+Shift+T"),
        (tr("Search all documents (keywords in context)"), "Ctrl+Shift+F"),
        (tr("Code matrix"), "Ctrl+Shift+M"),
        (tr("Export coded segments to Word"), "Ctrl+Shift+E"),
    ]


def shortcuts(window: MainWindow) -> None:
    rows = "".join(
        f"<tr><td style='padding:3px 14px 3px 0'>{html.escape(what)}</td>"
        f"<td><b>{html.escape(keys)}</b></td></tr>"
        for what, keys in shortcut_rows(window)
    )
    browser = QTextBrowser()
    browser.setHtml(f"<table>{rows}</table>")
    _dialog(window, window.tr("Keyboard shortcuts"), browser, (520, 520)).exec()


def about(window: MainWindow) -> None:
    QMessageBox.about(
        window,
        window.tr("About Transcoda"),
        window.tr(
            "<b>Transcoda</b><p>An offline workbench for qualitative interview research: "
            "transcribe, code, compare and export. Audio and text never leave this computer.</p>"
        ),
    )


def overview(window: MainWindow) -> None:
    project = window.model.project
    if project is None:
        return
    info = queries.project_info(project)
    rows = [
        (window.tr("Project"), info.title),
        (window.tr("File"), info.path),
        (window.tr("Documents"), str(info.documents)),
        (window.tr("Transcripts"), str(info.transcripts)),
        (window.tr("Cases"), str(info.cases)),
        (window.tr("Codes"), str(info.codes)),
        (window.tr("Codings"), str(info.codings)),
        (window.tr("Coders"), ", ".join(info.coders)),
        (window.tr("Memos"), str(info.memos)),
    ]
    browser = QTextBrowser()
    browser.setHtml(
        "<table>"
        + "".join(
            f"<tr><td style='padding:3px 14px 3px 0'>{html.escape(k)}</td>"
            f"<td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        + "</table>"
    )
    _dialog(window, window.tr("Project overview"), browser, (560, 360)).exec()


def code_matrix(window: MainWindow) -> None:
    """Codings per code (rows, codebook order) and case (columns)."""
    project = window.model.project
    if project is None:
        return
    nodes = queries.codebook(project)
    case_of = {
        doc.id: doc.case_name or window.tr("(no case)") for doc in queries.list_documents(project)
    }
    counts: Counter[tuple[int, str]] = Counter()
    for coding in queries.list_codings(project):
        counts[(coding.code_id, case_of.get(coding.document_id, ""))] += 1
    columns = sorted({case for _code, case in counts})
    table = QTableWidget(len(nodes), len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setVerticalHeaderLabels(["  " * node.depth + node.name for node in nodes])
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    peak = max(counts.values(), default=1)
    for row, node in enumerate(nodes):
        table.verticalHeaderItem(row).setIcon(color_icon(node.color))
        for column, case in enumerate(columns):
            value = counts.get((node.id, case), 0)
            item = QTableWidgetItem(str(value) if value else "")
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if value:
                shade = QColor(node.color)
                shade.setAlphaF(0.15 + 0.6 * value / peak)
                item.setBackground(shade)
            table.setItem(row, column, item)
    table.resizeColumnsToContents()
    _dialog(window, window.tr("Codes by case"), table, (900, 600)).exec()
