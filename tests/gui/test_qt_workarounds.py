"""The bindings' lost references to None and True must not end a long session."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import app.gui  # noqa: F401  (applies the work-around)
from app.gui import qt_workarounds


class Chatty(QObject):
    said = Signal(bool)


def test_many_void_calls_and_emits_survive() -> None:
    chatty = Chatty()
    chatty.said.connect(lambda _value: None)
    # Far more than the few thousand references None and True start with on Python 3.11.
    for _ in range(50_000):
        chatty.setObjectName("x")
        chatty.said.emit(True)
    assert chatty.objectName() == "x"


def test_protection_only_where_the_defect_is() -> None:
    lost = qt_workarounds.references_lost_per_call()
    if sys.version_info >= (3, 12):
        assert not qt_workarounds._protected  # immortal singletons need no help
    elif any(lost.values()):
        assert qt_workarounds._protected
        assert sys.getrefcount(None) > qt_workarounds.HEADROOM // 2
