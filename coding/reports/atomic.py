"""Writing a report so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from coding.errors import InvalidInput

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


def check_output(path: Path | str) -> Path:
    """The path a report will be written to, checked before any work is done."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise InvalidInput(f"a Word report is a .docx file; '{path.name}' does not end in .docx")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give the name of the .docx file to write")
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path.name}: the folder {path.parent} does not exist")
    return path


def save(document: DocxDocument, path: Path) -> None:
    """Write to a hidden file beside ``path``, then rename it over ``path`` in one step."""
    try:
        # mkstemp makes the file readable by its owner only; quotes can identify people, so
        # the report keeps that until the researcher decides to share it.
        handle, name = tempfile.mkstemp(
            prefix=f".{path.stem}-", suffix=".docx.part", dir=path.parent
        )
    except OSError as error:
        raise InvalidInput(f"cannot write in {path.parent}: {error.strerror}") from error
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            document.save(stream)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.replace(temporary, path)
        except OSError as error:
            raise InvalidInput(
                f"cannot write {path}: {error.strerror} (is it open in another program?)"
            ) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
