"""GUI benchmark (issue 4): open a 9,000-word document with 500 codings; apply a code.

Builds a project with one interview of 9,000 words (Cyrillic and Latin, with a few emoji so the
UTF-16 conversion is not the identity), 60 codes and 500 codings by two coders, opens the
window offscreen, and times, to the end of a forced repaint of the text and its stripes:
- opening the document (query, text layout, highlights, stripes): target <= 300 ms
- applying a code to a selection (service call, refresh from Changes, repaint): target <= 50 ms
Usage: QT_QPA_PLATFORM=offscreen python bench/bench_gui.py [--applies N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Before any dependency loads: see models/offline_env.py.
from models.offline_env import SETTINGS as _NO_TELEMETRY

os.environ.update(_NO_TELEMETRY)

from bench.large_project import interview_text
from coding import codebook, codings, documents
from coding.codings import NewCoding
from coding.project import Project

WORDS = 9000
CODINGS = 500
CODES = 60


def build(path: Path) -> tuple[int, list[int]]:
    rng = random.Random(4)
    text = interview_text(rng, WORDS)
    for at in (len(text) // 5, len(text) // 2, 4 * len(text) // 5):
        text = text[:at] + " 🙂 " + text[at:]
    with Project.create(path, title="GUI bench") as project:
        doc = documents.add_document(project, title="Interview 9000", text=text, language="ru").id
        assert doc is not None
        code_ids = []
        for number in range(CODES):
            created = codebook.create_code(project, name=f"Code {number:02d}").id
            assert created is not None
            code_ids.append(created)
        spans = []
        for number in range(CODINGS):
            start = rng.randrange(0, len(text) - 400)
            spans.append(
                NewCoding(
                    doc,
                    rng.choice(code_ids),
                    start,
                    start + rng.randrange(20, 400),
                    coder=("anna", "giorgi")[number % 2],
                )
            )
        codings.apply_codings(project, codings=spans, description="bench codings")
    return doc, code_ids


def repaint(window) -> None:  # type: ignore[no-untyped-def]
    """Paint what the change marked dirty, now (as the next turn of the event loop would),
    without running the other views' deferred refreshes."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateLater)


def settle(app, window) -> None:  # type: ignore[no-untyped-def]
    """Let deferred refreshes and their repaints finish before the next measurement."""
    for _ in range(3):
        app.processEvents()
        repaint(window)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applies", type=int, default=30)
    parser.add_argument("--opens", type=int, default=5)
    args = parser.parse_args()

    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from app.gui.main_window import MainWindow
    from app.gui.preferences import Preferences

    folder = Path(tempfile.mkdtemp(prefix="transcoda-gui-bench-"))
    started = time.perf_counter()
    document_id, code_ids = build(folder / "bench.tcproj")
    print(f"built the project in {time.perf_counter() - started:.1f} s")

    window = MainWindow(
        Preferences(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    )
    window.resize(1400, 900)
    window.show()
    window.open_project(folder / "bench.tcproj")
    window.model.set_current_document(None)
    app.processEvents()

    opens: list[float] = []
    open_cpu: list[float] = []
    for _ in range(args.opens):
        window.model.set_current_document(None)
        settle(app, window)
        t0, c0 = time.perf_counter(), time.process_time()
        window.model.set_current_document(document_id)
        repaint(window)
        opens.append((time.perf_counter() - t0) * 1000)
        open_cpu.append((time.process_time() - c0) * 1000)
        app.processEvents()
    view = window.pane.view
    print(
        f"document: {len(view.text):,} characters, {len(view.text.split()):,} words, "
        f"{len(view.shown)} codings in {view.lane_count} stripe lanes"
    )

    # Time the project's own service inside each apply, to tell it from the window's share.
    service_ms: list[float] = []
    real_apply = codings.apply_coding

    def timed_apply(*args, **kwargs):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return real_apply(*args, **kwargs)
        finally:
            service_ms.append((time.perf_counter() - t0) * 1000)

    codings.apply_coding = timed_apply  # type: ignore[assignment]
    rng = random.Random(9)
    applies: list[float] = []
    apply_cpu: list[float] = []
    for _ in range(args.applies):
        start = rng.randrange(0, len(view.text) - 300)
        view.select_span(start, start + rng.randrange(10, 300), scroll=False)
        view.centerCursor()
        settle(app, window)
        t0, c0 = time.perf_counter(), time.process_time()
        assert window.pane.commands.apply(rng.choice(code_ids))
        repaint(window)
        applies.append((time.perf_counter() - t0) * 1000)
        apply_cpu.append((time.process_time() - c0) * 1000)
        app.processEvents()  # the deferred refreshes of the other views run here

    codings.apply_coding = real_apply  # type: ignore[assignment]
    window_ms = [total - service for total, service in zip(applies, service_ms, strict=True)]

    # Typing in the transcript editor: each key moves 500 codings locally; one commit per burst.
    window.pane.set_editing(True)
    keys: list[float] = []
    cursor = view.textCursor()
    cursor.setPosition(len(view.toPlainText()) // 3)
    view.setTextCursor(cursor)
    settle(app, window)
    for char in "и мы тогда решили":
        t0 = time.perf_counter()
        QTest.keyClicks(view, char) if char.isascii() else view.textCursor().insertText(char)
        repaint(window)
        keys.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    window.pane.editing.commit()
    commit_ms = (time.perf_counter() - t0) * 1000
    window.pane.set_editing(False)

    def p95(values: list[float]) -> float:
        return sorted(values)[max(0, round(0.95 * len(values)) - 1)]

    print(
        f"open document + render:  first {opens[0]:.0f} ms, "
        f"median {statistics.median(opens):.0f} ms"
        f" wall (CPU {statistics.median(open_cpu):.0f} ms)  target <= 300 ms"
    )
    print(
        f"apply a code + repaint:  median {statistics.median(applies):.1f} ms, "
        f"p95 {p95(applies):.1f} ms, max {max(applies):.1f} ms wall "
        f"(CPU median {statistics.median(apply_cpu):.1f} ms)  target <= 50 ms"
    )
    print(
        f"  of which coding.codings.apply_coding (the service, one transaction with fsync): "
        f"median {statistics.median(service_ms):.1f} ms; the window's own share: "
        f"median {statistics.median(window_ms):.1f} ms, p95 {p95(window_ms):.1f} ms"
    )
    print(
        f"typing in the transcript:  median {statistics.median(keys):.1f} ms a key, "
        f"max {max(keys):.1f} ms; committing the burst (one undo step) {commit_ms:.0f} ms"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(
        f"machine load average while measuring: {load:.1f} on {os.cpu_count()} cores "
        "(wall times grow with other work on the machine; CPU times do not)"
    )
    window.close()


if __name__ == "__main__":
    main()
