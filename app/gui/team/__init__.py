"""Teamwork windows: intercoder agreement, two coders side by side, coders shown or hidden.

``open_team_view(parent, project, kind)`` is what the main window's menu calls. ``project`` is
the window's ``ProjectModel`` (then a double-click on a passage opens it in the document pane)
or a bare ``Project``. ``kind`` is ``"agreement"``, ``"compare"`` or ``"coders"``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from coding.project import Project

KINDS = ("agreement", "compare", "coders")
Reveal = Callable[[int, int, int], None]


def open_team_view(
    parent: QWidget | None, project: Any, kind: str, *, reveal: Reveal | None = None
) -> QDialog:
    from app.gui.team.agreement_view import AgreementView
    from app.gui.team.coder_filter import CoderFilter
    from app.gui.team.comparison_view import ComparisonView

    if kind not in KINDS:
        raise ValueError(f"unknown team view '{kind}'; choose one of {', '.join(KINDS)}")
    model = None if isinstance(project, Project) else project
    bare: Project | None = project if model is None else model.project
    if bare is None:
        raise ValueError("no project is open")
    if reveal is None and model is not None:
        reveal = model.reveal
    runner = getattr(parent, "runner", None)
    dialog = QDialog(parent)
    dialog.setObjectName(f"team-{kind}")
    layout = QVBoxLayout(dialog)
    view: QWidget
    if kind == "agreement":
        dialog.setWindowTitle(dialog.tr("Intercoder agreement"))
        view = AgreementView(bare, reveal=reveal, runner=runner, parent=dialog)
        dialog.resize(980, 720)
    elif kind == "compare":
        dialog.setWindowTitle(dialog.tr("Compare two coders"))
        view = ComparisonView(bare, reveal=reveal, parent=dialog)
        dialog.resize(900, 640)
    else:
        dialog.setWindowTitle(dialog.tr("Coders"))
        view = CoderFilter(bare, parent=dialog)
        if model is not None and hasattr(model, "set_visible_coders"):
            view.visibleCodersChanged.connect(model.set_visible_coders)
        dialog.resize(420, 360)
    layout.addWidget(view)
    dialog.view = view  # type: ignore[attr-defined]
    dialog.show()
    return dialog
