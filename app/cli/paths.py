"""Where Transcoda keeps a user's own files (demo project, settings), per platform."""

from __future__ import annotations

from pathlib import Path


def data_dir() -> Path:
    from platformdirs import user_data_dir

    path = Path(user_data_dir("transcoda", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_project_path() -> Path:
    folder = data_dir() / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "Transcoda demo.tcproj"
