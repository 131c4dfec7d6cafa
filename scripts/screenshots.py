"""Screenshots of the main views for review: ``xvfb-run -a python scripts/screenshots.py OUTDIR``.

Builds the demo project in a temporary folder, opens the window on it and saves PNGs of the
coding view, the transcript editor with its player, the codebook editor, the code picker, the
cases table, the Word export dialog and the welcome dialog.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(out: Path) -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from app.gui.application import make_application

    app = make_application(["transcoda"])
    from app.gui.cases_editor import CasesDialog
    from app.gui.code_picker import CodePicker
    from app.gui.export_dialog import ExportDialog
    from app.gui.main_window import MainWindow
    from app.gui.preferences import Preferences
    from coding import queries
    from coding.demo import create_demo

    out.mkdir(parents=True, exist_ok=True)
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
            out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("screenshots")
            widget.grab().save(str(out / "07-welcome.png"))
            window.grab().save(str(out / "08-empty-window.png"))  # type: ignore[attr-defined]
            print(out / "07-welcome.png")
            widget.reject()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("screenshots"))
