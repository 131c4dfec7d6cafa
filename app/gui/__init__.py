"""The PySide6 desktop workbench: windows, widgets, Qt models and workers over coding/."""

from app.gui.qt_workarounds import protect_singletons

# PySide6 6.12 on Python 3.11 leaks references to None and True (see qt_workarounds).
protect_singletons()
