"""Work-arounds for defects in the Qt bindings, measured at run time so that a fixed version
pays nothing.

PySide6 6.12.0 on Python 3.11 returns the singletons ``None`` and ``True`` from C without
taking a reference: every call of a method that returns nothing (``setText``, ``setPosition``,
``setExtraSelections``...) drops a reference to ``None``, and every ``Signal.emit`` drops one to
``True``. That is harmless from Python 3.12, where these objects are immortal (PEP 683), but on
3.11 a window makes thousands of such calls a minute, and after a while the interpreter frees
``None`` or ``True`` and aborts ("Fatal Python error: none_dealloc" / "bool_dealloc").

``protect_singletons`` measures the loss with a few harmless calls; when there is one, it gives
``None``, ``True`` and ``False`` a reference count so large (2**40) that no session can use it
up, which is what Python 3.12 does by design. Nothing is done where the defect is absent.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimerEvent, Signal

HEADROOM = 1 << 40
SINGLETONS = (None, True, False)
_protected = False


class _Probe(QObject):
    ping = Signal(int)


def references_lost_per_call() -> dict[str, int]:
    """How many references one void call (to None) and one emit (to True) lose."""
    probe = _Probe()
    probe.ping.connect(lambda _value: None)
    calls = 64
    none_before = sys.getrefcount(None)
    for _ in range(calls):
        probe.setObjectName("probe")
    none_lost = none_before - sys.getrefcount(None)
    true_before = sys.getrefcount(True)
    for number in range(calls):
        probe.ping.emit(number)
    true_lost = true_before - sys.getrefcount(True)
    return {"None": max(0, round(none_lost / calls)), "True": max(0, round(true_lost / calls))}


def protect_singletons() -> bool:
    """Make None, True and False effectively immortal when the bindings leak their references."""
    global _protected
    if _protected or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _protected
    if any(references_lost_per_call().values()):
        for singleton in SINGLETONS:
            ctypes.c_ssize_t.from_address(id(singleton)).value += HEADROOM
        _protected = True
    return _protected


def prime_overrides(obj: QObject) -> None:
    """Let Qt threads call ``obj``'s virtual methods without waiting for Python's GIL.

    An object created from Python is a shiboken wrapper: the first call of each of its
    virtual methods (``disconnectNotify``, ``childEvent``, ``event``...) looks for a Python
    override and takes the GIL to do so; later calls find the answer cached and skip Python.
    Qt Multimedia's FFmpeg threads destroy their own objects, and ``~QObject`` calls
    ``disconnectNotify`` on our player or audio output while holding Qt's connection mutex.
    If the main thread holds the GIL and waits for that mutex (``QMediaPlayer.stop()``), the
    two wait for each other forever: seen as a frozen window on closing a document, about one
    run in ten of the player tests (``py-spy dump --native``). Calling each virtual once here,
    on the main thread, fills the cache, so the FFmpeg threads never ask for the GIL.
    """

    def nothing() -> None:
        return None

    obj.destroyed.connect(nothing)  # connectNotify
    obj.destroyed.disconnect(nothing)  # disconnectNotify
    child = QObject(obj)  # childEvent and event (ChildAdded)
    child.setParent(None)  # ChildRemoved
    QCoreApplication.sendEvent(obj, QEvent(QEvent.Type.User))  # customEvent
    QCoreApplication.sendEvent(obj, QTimerEvent(0))  # timerEvent
