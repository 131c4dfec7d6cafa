"""Analysis views: code matrix, co-occurrence, frequencies with charts, retrieval, search with
KWIC and auto-coding, keywords. Each is a self-contained widget on a Project; the main window
opens them with ``open_analysis`` and may connect ``passageActivated(document, start, end)``
to show (and play) a passage."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.gui.analysis.base import AnalysisView
from coding.errors import InvalidInput
from coding.project import Project

KINDS = ("matrix", "cooccurrence", "frequencies", "retrieval", "search", "keywords")


def create_view(project: Project, kind: str, parent: QWidget | None = None) -> AnalysisView:
    from app.gui.analysis.cooccurrence_view import CooccurrenceView
    from app.gui.analysis.frequencies_view import FrequenciesView
    from app.gui.analysis.keywords_view import KeywordsView
    from app.gui.analysis.matrix_view import MatrixView
    from app.gui.analysis.retrieval_view import RetrievalView
    from app.gui.analysis.search_view import SearchView

    views: dict[str, type[AnalysisView]] = {
        "matrix": MatrixView,
        "cooccurrence": CooccurrenceView,
        "frequencies": FrequenciesView,
        "retrieval": RetrievalView,
        "search": SearchView,
        "keywords": KeywordsView,
    }
    if kind not in views:
        raise InvalidInput(f"unknown analysis '{kind}'; use one of: {', '.join(KINDS)}")
    return views[kind](project, parent)


def open_analysis(parent: QWidget, project: Project, kind: str) -> QWidget:
    """Open an analysis in its own window, owned by ``parent``; returns the shown view."""
    view = create_view(project, kind, parent)
    view.setWindowFlag(Qt.WindowType.Window, True)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    view.resize(1000, 700)
    view.show()
    return view


__all__ = ["KINDS", "AnalysisView", "create_view", "open_analysis"]
