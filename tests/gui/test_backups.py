"""Backups from the window: the 15-minute timer works off the GUI thread; restoring reopens."""

from __future__ import annotations

import threading
from datetime import timedelta

from app.gui.backups import INTERVAL_MS, BackupTimer, RestoreDialog, backup_job
from coding import backups, codebook, queries


def test_the_timer_backs_up_every_15_minutes_off_the_gui_thread(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    timer: BackupTimer = window.backup_timer
    assert timer.timer.isActive() and timer.timer.interval() == INTERVAL_MS == 15 * 60 * 1000
    project = window.model.project
    before = backups.list_backups(project.path)
    assert len(before) == 1  # opening the project made one (none was due before)
    assert timer.tick() is not None
    qtbot.waitUntil(lambda: timer.job is None, timeout=10_000)
    assert len(backups.list_backups(project.path)) == 1  # not due yet: nothing new

    threads: list[str] = []

    def recording_job(reporter, project, due_after):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return backup_job(reporter, project, due_after)

    monkeypatch.setattr("app.gui.backups.backup_job", recording_job)
    timer.due_after = timedelta(0)
    made: list[object] = []
    timer.made.connect(made.append)
    timer.timer.setInterval(50)  # as if 15 minutes had passed
    qtbot.waitUntil(lambda: len(made) == 1, timeout=10_000)
    timer.timer.stop()
    qtbot.waitUntil(lambda: timer.job is None, timeout=10_000)
    assert threads and threads[0] != threading.main_thread().name
    assert len(backups.list_backups(project.path)) == 2
    assert "Backed up the project" in window.statusBar().currentMessage()
    window.model.close()
    assert not timer.timer.isActive()
    assert timer.tick() is None


def test_restore_backup_closes_restores_and_reopens(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    model = window.model
    window.backups.back_up_now()
    [newest, *_] = backups.list_backups(study.path)
    assert newest.reason == "manual"
    model.run(codebook.create_code, name="Added after the backup")
    assert "Added after the backup" in [n.name for n in queries.codebook(model.project)]

    offered: list[list[str]] = []
    window.backups.choose = lambda infos: offered.append([i.name for i in infos]) or newest.name
    window.backups.confirm = lambda question: True
    closed: list[bool] = []
    model.closed.connect(lambda: closed.append(True))
    window.actions_.restore_backup.trigger()
    assert closed == [True]
    assert offered and offered[0][0] == newest.name
    project = model.project
    assert project is not None and project.path == study.path
    assert "Added after the backup" not in [n.name for n in queries.codebook(project)]
    assert "Restored the backup" in window.statusBar().currentMessage()
    reasons = [b.reason for b in backups.list_backups(study.path)]
    assert "before-restore" in reasons  # the state before the restore is kept
    # The window shows the restored project: the tree and the codebook are filled again.
    assert window.documents.items.rowCount() > 0
    assert window.pane.detail is None or window.pane.detail.id == study.document_id


def test_the_restore_dialog_lists_backups_newest_first(qtbot, window, study) -> None:  # type: ignore[no-untyped-def]
    window.backups.back_up_now()
    infos = backups.list_backups(study.path)
    dialog = RestoreDialog(infos, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(infos) == 2
    assert dialog.table.item(0, 1).text() == "made by hand"
    assert dialog.table.item(1, 1).text() == "automatic"
    assert dialog.chosen() == infos[0].name
    dialog.table.selectRow(1)
    assert dialog.chosen() == infos[1].name
