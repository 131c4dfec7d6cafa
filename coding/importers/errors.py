"""The one error every importer raises for a file it cannot read.

The GUI and the CLI show ``str(error)`` to the researcher as it is, so each message is a
sentence that names the file and says what is wrong with it, in words a social scientist can
act on. Parsers translate every low-level failure (decoding, zip, XML, spreadsheet errors)
into this type, so callers need exactly one ``except`` clause.
"""

from __future__ import annotations

from pathlib import PurePath


def display_name(filename: str) -> str:
    """The file's own name: full paths can reveal a participant's name or the user's folders."""
    name = PurePath(filename.replace("\\", "/")).name
    return name or "The file"


class ImportFormatError(ValueError):
    """A file cannot be imported as it is; the message says why, naming the file.

    ``problem`` continues the sentence after the file name, e.g. ``does not look like text:
    it contains binary data (NUL bytes at offset 12)``. ``row`` and ``column`` locate the
    problem in a table when there is one (row numbers as the user sees them, from 1).
    """

    def __init__(
        self,
        filename: str,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.filename = display_name(filename)
        self.problem = problem
        self.row = row
        self.column = column
        super().__init__(f"{self.filename} {problem}")
