"""Screenshots of the main views for review: ``xvfb-run -a python scripts/screenshots.py OUTDIR``.

Builds the demo project in a temporary folder, opens the window on it and saves PNGs of the
coding view, the transcript editor with its player, the codebook editor, the code picker, the
cases table, the Word export dialog, the code matrix, search with keywords in context,
intercoder agreement, the transcription dialog and the welcome dialog.

``--docs`` also writes the main window and the transcript editor to docs/ as
``screenshot-main.png`` and ``screenshot-transcript.png``, quantised to 256 colours so that
they stay small in the repository.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Before any dependency loads: see models/offline_env.py.
from models.offline_env import SETTINGS as _NO_TELEMETRY

os.environ.update(_NO_TELEMETRY)


DOCS = Path(__file__).resolve().parents[1] / "docs"
DOCS_LIMIT = 300_000
OUT = [Path("screenshots")]


def quantise(source: Path, target: Path, colours: int = 256) -> None:
    """A palette PNG of ``source``. Window screenshots are mostly flat colours with
    anti-aliased edges: the palette takes colours by frequency but skips near-duplicates of
    ones already taken, so a small swatch keeps its hue; every pixel then takes the nearest
    palette colour. (Qt's own 8-bit conversion uses a fixed colour cube that shifts the
    highlight colours.)"""
    import numpy as np
    from PySide6.QtGui import QImage, qRgb

    image = QImage(str(source)).convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), np.uint32, width * height).copy()
    values, inverse, counts = np.unique(pixels, return_inverse=True, return_counts=True)
    rgb = np.stack([(values >> 16) & 255, (values >> 8) & 255, values & 255], 1).astype(np.int32)
    order = np.argsort(counts)[::-1]
    chosen: list[int] = []
    for spread in (300, 75, 0):  # distinct colours first, then finer shades if room is left
        for index in order:
            if len(chosen) == colours:
                break
            if chosen and int(((rgb[chosen] - rgb[index]) ** 2).sum(1).min()) <= spread:
                continue
            chosen.append(int(index))
    palette = rgb[chosen]
    distances = ((rgb[:, None, :] - palette[None, :, :]) ** 2).sum(2)
    nearest = distances.argmin(1).astype(np.uint8)
    indices = np.ascontiguousarray(nearest[inverse].reshape(height, width))
    indexed = QImage(indices.data, width, height, width, QImage.Format.Format_Indexed8)
    indexed.setColorTable([qRgb(int(r), int(g), int(b)) for r, g, b in palette])
    indexed.copy().save(str(target), "PNG", 0)  # quality 0: the strongest compression


def main(out: Path, for_docs: bool = False) -> None:
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from app.gui.application import make_application

    app = make_application(["transcoda"])
    from app.gui.cases_editor import CasesDialog
    from app.gui.code_picker import CodePicker
    from app.gui.export_dialog import ExportDialog
    from app.gui.main_window import MainWindow
    from app.gui.preferences import Preferences
    from app.gui.transcribe import TranscribeDialog
    from coding import queries
    from coding.demo import create_demo

    out.mkdir(parents=True, exist_ok=True)
    OUT[0] = out
    folder = Path(tempfile.mkdtemp(prefix="transcoda-shots-"))
    create_demo(folder / "demo.tcproj").close()
    window = MainWindow(
        Preferences(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    )
    window.resize(1440, 900)
    window.show()
    window.open_project(folder / "demo.tcproj")

    def settle(ms: int = 150) -> None:
        end = ms
        while end > 0:
            app.processEvents()
            QTimer.singleShot(10, lambda: None)
            app.processEvents()
            end -= 10
            import time

            time.sleep(0.01)

    def shoot(widget: QWidget, name: str) -> None:
        settle()
        widget.grab().save(str(out / name))
        print(out / name)

    project = window.model.project
    assert project is not None
    docs = queries.list_documents(project)
    with_audio = next((d for d in docs if d.has_media), docs[0])
    plain = next((d for d in docs if not d.has_media and d.codings), docs[0])

    # 1. Coding: a coded interview, a code chosen in the codebook, its segments below.
    window.model.set_current_document(plain.id)
    fear = next((n for n in queries.codebook(project) if n.codings >= 3), None)
    if fear is not None:
        window.codebook.tree.select_code(fear.id)
    window.pane.view.verticalScrollBar().setValue(6)
    shoot(window, "01-coding.png")

    # 2. The transcript editor with the recording, playing, current turn highlighted.
    window.model.set_current_document(with_audio.id)
    window.pane.set_editing(True)
    window.pane.media.seek(9000)
    window.pane.media.play()
    settle(900)
    window.pane.media.pause()
    shoot(window, "02-transcript-editor.png")
    window.pane.set_editing(False)

    # 3. Codebook editor: the dock alone, a code with its description.
    shoot(window.codebook_dock, "03-codebook.png")

    # 4. The code picker (type-to-filter), as the context menu's "Apply code…" shows it.
    picker = CodePicker(queries.codebook(project), window)
    picker.filter.setText("fear")
    picker.show()
    shoot(picker, "04-code-picker.png")
    picker.close()

    # 5. Cases and attributes.
    cases = CasesDialog(window.model, window)
    cases.resize(1000, 420)
    cases.show()
    cases.table.resizeColumnsToContents()
    shoot(cases, "05-cases.png")
    cases.close()

    # 6. Export coded segments to Word, with its filters.
    export = ExportDialog(window.model, "segments", window)
    export.show()
    shoot(export, "06-export.png")
    export.close()

    window.statusBar().clearMessage()

    # 9. The code matrix (codes by host country) as a dock under the document, a cell's passages.
    window.segments_dock.hide()
    matrix = window.panels.open("matrix")
    assert matrix is not None
    matrix.first.setCurrentIndex(matrix.first.findData("host country"))
    matrix.second.setCurrentIndex(matrix.second.findData("origin"))
    matrix.table.resizeColumnsToContents()
    matrix.table.setColumnWidth(0, 260)
    window.resizeDocks([window.panels.docks["matrix"]], [430], Qt.Orientation.Vertical)
    counts = matrix.model
    row, column = max(
        ((r, c) for r in range(counts.rowCount()) for c in range(1, counts.columnCount())),
        key=lambda at: int(str(counts.data(counts.index(*at)) or "0").rstrip("%") or 0),
    )
    matrix.table.setCurrentIndex(counts.index(row, column))
    matrix.show_cell(counts.index(row, column))
    for column in range(3):
        matrix.passages.resizeColumnToContents(column)
    shoot(window, "09-analysis-matrix.png")

    # 10. Search in all word forms, keywords in context; a hit opened in its interview.
    search = window.panels.open("search")
    assert search is not None
    search.query.setText("посольство OR embassy")
    search.refresh()
    while search.busy:
        settle(100)
    search.table.resizeColumnsToContents()
    search.table.setColumnWidth(3, 420)
    search.table.horizontalHeader().setStretchLastSection(True)
    if search.result is not None and search.result.hits:
        search.table.selectRow(0)
        search.open_hit(0)
        window.pane.media.pause()
    shoot(window, "10-search-kwic.png")
    window.panels.close_all()
    window.segments_dock.show()

    # 11. Intercoder agreement between the demo's two coders, per code.
    agreement = window.panels.team("agreement")
    assert agreement is not None
    view = agreement.view  # type: ignore[attr-defined]
    agreement.resize(1000, 680)
    done: list[object] = []
    view.computed.connect(done.append)
    view.failed.connect(done.append)
    view.compute_button.click()
    while not done:
        settle(100)
    view.codes_table.resizeColumnsToContents()
    view.codes_table.setColumnWidth(0, 360)
    shoot(agreement, "11-agreement.png")
    agreement.close()

    # 12. Transcribing a recording: model, language, speakers, preset, vocabulary.
    dialog = TranscribeDialog(
        window,
        language="en",
        what=window.tr("Transcribe '{0}' with Whisper, on this computer.").format(with_audio.title),
    )
    dialog.vocabulary.setText("Baku, Tbilisi, Astana")
    dialog.show()
    shoot(dialog, "12-transcribe-dialog.png")
    dialog.close()

    if for_docs:
        DOCS.mkdir(exist_ok=True)
        for name, target in (
            ("01-coding.png", "screenshot-main.png"),
            ("02-transcript-editor.png", "screenshot-transcript.png"),
        ):
            quantise(out / name, DOCS / target)
            size = (DOCS / target).stat().st_size
            print(DOCS / target, f"{size / 1000:.0f} KB")
            assert size < DOCS_LIMIT, f"{target} is {size} bytes"

    window.close()

    # 7. A first start: no project yet, the welcome offers the demo.
    first = MainWindow(
        Preferences(QSettings(str(folder / "first.ini"), QSettings.Format.IniFormat))
    )
    first.resize(1200, 760)
    first.show()
    QTimer.singleShot(300, lambda: shoot_welcome(first))
    first.files.offer_start()
    first.close()
    app.processEvents()
    QApplication.quit()


def shoot_welcome(window: object) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            out = OUT[0]
            widget.grab().save(str(out / "07-welcome.png"))
            window.grab().save(str(out / "08-empty-window.png"))  # type: ignore[attr-defined]
            print(out / "07-welcome.png")
            widget.reject()


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--docs"]
    main(Path(arguments[0]) if arguments else Path("screenshots"), for_docs="--docs" in sys.argv)
