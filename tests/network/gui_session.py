"""A stretch of the desktop app as a user spends it, for the tests that watch the OS.

``python tests/network/gui_session.py PROJECT SECONDS``: opens the window on PROJECT through
the same module as ``main.py``, opens every document in turn, plays each recording, opens the
analysis and privacy panels, and closes the window after SECONDS.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.gui.application import make_application  # sets the telemetry opt-outs first
from models.private_files import restrict_umask

# As main.py does: what Qt writes (its settings file) is owner-only too.
restrict_umask()


def main(project: str, seconds: float) -> int:
    from PySide6.QtCore import QTimer

    from app.gui.main_window import MainWindow

    app = make_application([sys.argv[0]])
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    if not window.open_project(Path(project)):
        print(f"could not open {project}", file=sys.stderr)
        return 1
    with window.model.project.reading() as session:  # type: ignore[union-attr]
        from sqlalchemy import select

        from models.entities import Document

        documents = list(session.scalars(select(Document.id).order_by(Document.id)))
    steps: list[tuple[float, Callable[[], object]]] = []
    slot = seconds / (len(documents) + 2)
    for number, document_id in enumerate(documents):

        def show(document_id: int = document_id) -> None:
            window.pane.open_document(document_id)
            if window.pane.media.loaded:
                window.pane.media.play()

        steps.append((number * slot, show))
    steps.append((len(documents) * slot, window.panels.pseudonymise))
    steps.append((seconds, window.close))
    for at, action in steps:
        QTimer.singleShot(int(at * 1000), action)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2])))
