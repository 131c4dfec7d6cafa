"""Where Transcoda keeps a user's own files (demo project, settings), per platform."""

from __future__ import annotations

from pathlib import Path


def data_dir() -> Path:
    from platformdirs import user_data_dir

    from models.private_files import private_folder

    return private_folder(Path(user_data_dir("transcoda", appauthor=False)), parents=True)


def demo_project_path() -> Path:
    from models.private_files import private_folder

    return private_folder(data_dir() / "demo") / "Transcoda demo.tcproj"
