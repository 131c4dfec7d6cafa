"""An open window picks up what other coders change in a shared project."""

from __future__ import annotations

from coding import codebook
from coding.project import Project


def test_the_window_hears_of_another_coders_change(qtbot, shared: Project, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    from app.gui.project_model import ProjectModel
    from app.gui.team.watcher import watch

    model = ProjectModel()
    model.adopt(shared)
    watcher = watch(model, interval_ms=50)
    assert watcher is not None
    with Project.open(pg_url) as other:
        other.coder = "Giorgi"
        with qtbot.waitSignal(model.changed, timeout=10000) as heard:
            codebook.create_code(other, name="Hope")
    assert heard.args[0].codes and heard.args[0].description == "changes by Giorgi"
    watcher.stop()


def test_a_project_file_is_not_watched(qtbot, project: Project) -> None:  # type: ignore[no-untyped-def]
    from app.gui.project_model import ProjectModel
    from app.gui.team.watcher import watch

    model = ProjectModel()
    model.adopt(project)
    assert watch(model) is None
