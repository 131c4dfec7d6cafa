"""Opening a bare ``.qde`` file: the REFI-QDA project XML without its zip, sources beside it.

Some tools (and people unpacking a .qdpx) leave ``project.qde`` next to a ``Sources`` folder.
Paths in the XML are found without trusting them: ``internal://name`` and bare names are
looked for in the ``sources``/``Sources`` folder beside the .qde (then beside it), and
``relative://path`` under the project's ``basePath`` when that folder exists, else under the
.qde's own folder. A path that climbs (``..``), an absolute path and a link that leads out of
its folder are never followed; files of the operating system are never read. What cannot be
found is named in the import report, and what was read from ``basePath`` (outside the .qde's
folder) is too.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from coding.errors import InvalidInput
from coding.importers.errors import ImportFormatError
from coding.importers.limits import human_size
from coding.input_files import check_input, read_input
from coding.refi.archive import QdpxLimits, parse_reference

_CHUNK = 1024 * 1024
_XML_STARTS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<")


def looks_like_qde(path: Path) -> bool:
    """Whether ``path`` is a readable file that is XML rather than a zip (so: a bare .qde)."""
    if path.suffix.lower() in (".qde", ".qdpx"):
        return path.suffix.lower() == ".qde"  # a .qdpx must be a zip, whatever it holds
    try:
        real = check_input(path).real
        handle = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (InvalidInput, OSError):
        return False  # the archive reader says what is wrong with it
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return False
        head = os.read(handle, 64).lstrip()
    except OSError:
        return False
    finally:
        os.close(handle)
    return head.startswith(_XML_STARTS)


class QdeFolder:
    """The same reading interface as ``QdpxArchive``, over a .qde file and the folder it is in."""

    def __init__(self, path: Path, limits: QdpxLimits | None = None) -> None:
        self.path = path
        self.name = path.name
        self.limits = limits or QdpxLimits()
        if not path.exists() and not path.is_symlink():
            raise ImportFormatError(path.name, "does not exist (no such file)")
        try:
            self._qde = check_input(path).real
        except InvalidInput as error:
            raise ImportFormatError(path.name, f"cannot be imported: {error}") from None
        self.folder = self._qde.parent
        self._base: Path | None = None
        self._files: dict[str, Path] = {"project.qde": self._qde}
        self.from_base: list[str] = []  # files read from basePath, outside the .qde's folder

    def close(self) -> None:
        pass

    def __enter__(self) -> QdeFolder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _refuse(self, problem: str) -> ImportFormatError:
        return ImportFormatError(self.name, problem)

    def project_member(self) -> str:
        return "project.qde"

    def set_base_path(self, base: str | None) -> None:
        """The project's ``basePath``, where ``relative://`` paths point, if it is a folder here."""
        if not base or not base.strip():
            return
        text = base.strip()
        if text.lower().startswith("file://"):
            text = text[len("file://") :]
        candidate = Path(text)
        if candidate.is_absolute() and candidate.is_dir():
            self._base = Path(os.path.realpath(candidate))

    def locate(self, reference: str) -> tuple[str | None, str]:
        found = parse_reference(reference)
        if found.climbs:
            return None, (f"{reference} climbs out of its folder; such paths are never followed")
        if found.scheme in ("internal", ""):
            roots = [r for r in (self._sources(), self.folder) if r is not None]
            where = f"the Sources folder beside {self.name}"
        elif found.scheme == "relative":
            roots = [r for r in (self._base, self.folder) if r is not None]
            where = (
                f"the project's basePath ({self._base}) or the folder of {self.name}"
                if self._base
                else f"the folder of {self.name}"
            )
        else:
            return None, (
                f"it is a file outside the folder of {self.name} ({reference}); Transcoda "
                "imports only files in that folder or under the project's basePath"
            )
        if not found.parts:
            return None, f"{reference} names no file"
        problems: list[str] = []
        for root in roots:
            path = _find(root, found.parts)
            if path is None:
                continue
            real = Path(os.path.realpath(path))
            if not real.is_relative_to(root):
                problems.append(f"{reference} is a link that leads out of its folder ({real})")
                continue
            try:
                check_input(real)
            except InvalidInput as error:
                problems.append(str(error))
                continue
            key = str(real)
            self._files[key] = real
            if (
                self._base is not None
                and root == self._base
                and not real.is_relative_to(self.folder)
            ):
                self.from_base.append(key)
            return key, ""
        if problems:
            return None, f"{reference}: {problems[0]}"
        return None, f"{where} has no file {reference}"

    def source_member(self, reference: str) -> str | None:
        return self.locate(reference)[0]

    def _sources(self) -> Path | None:
        found = _child(self.folder, "sources")
        if found is None or not found.is_dir():
            return None
        real = Path(os.path.realpath(found))
        return real if real.is_relative_to(self.folder) else None  # a link out is not followed

    def size_of(self, member: str) -> int:
        return self._files[member].stat().st_size

    def read(self, member: str, limit: int) -> bytes:
        path = self._files[member]
        shown = "project.qde" if member == "project.qde" else path.name
        size = path.stat().st_size
        if size > limit:
            raise self._too_large(shown, size, limit)
        try:
            return read_input(path, limit=limit, what=shown)
        except InvalidInput as error:
            raise self._refuse(f"cannot be imported: {error}") from None

    def extract(self, member: str, target: Path) -> None:
        """Copy a recording to ``target`` (a path Transcoda chose), within the limits."""
        path = self._files[member]
        needed = path.stat().st_size
        limit = self.limits.max_media_bytes
        if needed > limit:
            raise self._too_large(path.name, needed, limit)
        free = shutil.disk_usage(target.parent).free
        if needed > free:
            raise self._refuse(
                f"cannot be imported: {path.name} needs {human_size(needed)} and the disk "
                f"has {human_size(free)} free"
            )
        from models.private_files import open_private

        size = 0
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        handle = os.open(path, flags)
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                raise self._refuse(f"cannot be imported: {path.name} is not a file")
            with open_private(target) as out:
                while chunk := os.read(handle, _CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise self._too_large(path.name, size, limit)
                    out.write(chunk)
        finally:
            os.close(handle)

    def _too_large(self, shown: str, size: int, limit: int) -> ImportFormatError:
        return self._refuse(
            f"was refused: {shown} is {human_size(size)} (the limit is {human_size(limit)})"
        )


def _child(folder: Path, name: str) -> Path | None:
    """``folder/name``, matching the name without regard to case when it is not exact."""
    exact = folder / name
    if exact.exists() or exact.is_symlink():
        return exact
    try:
        matches = [e for e in folder.iterdir() if e.name.casefold() == name.casefold()]
    except OSError:
        return None
    return matches[0] if len(matches) == 1 else None


def _find(root: Path, parts: tuple[str, ...]) -> Path | None:
    current = root
    for part in parts:
        if not current.is_dir():
            return None
        found = _child(current, part)
        if found is None:
            return None
        current = found
    return current
