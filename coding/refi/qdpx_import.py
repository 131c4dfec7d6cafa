"""Importing a REFI-QDA ``.qdpx`` project from NVivo, ATLAS.ti, MAXQDA, QualCoder or Transcoda.

The archive is checked and read completely before the project is touched; then everything is
added in one operation, so an import succeeds whole or leaves the project as it was. Recordings
are copied into the media folder during that operation; if it fails, the files it added are
removed again. ``import_project`` makes a new project for the file and deletes it again when
anything fails, so no half-imported project is left behind.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from coding.changes import Changes
from coding.errors import ProjectError
from coding.importers.docx_text import docx_text
from coding.importers.errors import ImportFormatError
from coding.importers.safe_xml import parse_xml
from coding.importers.text import decode_text
from coding.operations import operation
from coding.project import Project
from coding.project_lock import lock_path
from coding.refi.apply_project import apply_project
from coding.refi.archive import QdpxArchive, QdpxLimits
from coding.refi.model import RefiProject, RefiSource
from coding.refi.qde_folder import QdeFolder, looks_like_qde
from coding.refi.read_project import SourceFiles, read_project
from coding.refi.report import ImportReport
from models.progress import NullReporter, Reporter

_DECLARATIONS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')

ProjectFile = QdpxArchive | QdeFolder


def open_project_file(path: Path, limits: QdpxLimits | None = None) -> ProjectFile:
    """A .qdpx archive, or a bare .qde file with its sources in the folder beside it."""
    if looks_like_qde(path):
        return QdeFolder(path, limits)
    return QdpxArchive(path, limits)


def import_qdpx(
    project: Project,
    path: Path | str,
    *,
    limits: QdpxLimits | None = None,
    reporter: Reporter | None = None,
) -> tuple[Changes, ImportReport]:
    """Add everything in a .qdpx (or bare .qde) file to an open project, as one undoable step."""
    path = Path(path)
    with open_project_file(path, limits) as archive:
        report = ImportReport()
        refi = read_archive(archive, report)
        changes = _apply(project, archive, refi, report, reporter, undoable=True)
    return changes, report


def import_project(
    path: Path | str,
    target: Path | str,
    *,
    limits: QdpxLimits | None = None,
    reporter: Reporter | None = None,
    password: str | None = None,
) -> ImportReport:
    """Create the project ``target`` from a .qdpx or bare .qde file; on failure none is left.

    With ``password`` the new project is encrypted, recordings included.
    """
    path, target = Path(path), Path(target)
    if target.exists():
        raise ProjectError(f"{target} already exists; choose a new file name for the project")
    with open_project_file(path, limits) as archive:
        report = ImportReport()
        refi = read_archive(archive, report)
        project = Project.create(target, title=refi.name.strip() or path.stem, password=password)
        media_existed = project.media_dir.exists()
        try:
            # Undoing the import would leave an empty project that nobody asked for.
            _apply(project, archive, refi, report, reporter, undoable=False)
        except BaseException:
            project.close()
            for leftover in (
                target,
                Path(f"{target}-wal"),
                Path(f"{target}-shm"),
                lock_path(target),
            ):
                leftover.unlink(missing_ok=True)
            if not media_existed:
                shutil.rmtree(project.media_dir, ignore_errors=True)
            raise
        project.close()
    return report


def read_archive(archive: ProjectFile, report: ImportReport) -> RefiProject:
    """The project in an archive (or a .qde's folder), its texts read but not yet added."""
    member = archive.project_member()
    xml = archive.read(member, archive.limits.max_xml_bytes)
    for pattern in _DECLARATIONS:
        if pattern in xml:
            raise ImportFormatError(
                archive.name,
                f"was refused: its {member} declares a document type or entities, which "
                "REFI-QDA files never need and which can be used to read files from this "
                "computer or exhaust its memory",
            )
    root = parse_xml(xml, filename=archive.name, part=member)
    if isinstance(archive, QdeFolder):
        archive.set_base_path(root.get("basePath"))
    files = SourceFiles(
        text=lambda reference, what: _text(archive, report, reference, what),
        media=lambda reference, what: _media_member(archive, report, reference, what),
    )
    refi = read_project(root, files, report)
    if isinstance(archive, QdeFolder) and archive.from_base:
        report.notes.append(
            f"{len(archive.from_base)} files were read from the project's basePath, outside "
            f"the folder of {archive.name}: {', '.join(archive.from_base[:5])}"
        )
    return refi


def _text(archive: ProjectFile, report: ImportReport, reference: str, what: str) -> str | None:
    member, problem = archive.locate(reference)
    if member is None:
        report.skip(f"{what}: {problem}")
        return None
    data = archive.read(member, archive.limits.max_text_bytes)
    suffix = PurePosixPath(member).suffix.lower()
    try:
        if suffix == ".docx":
            report.notes.append(f"{what} was read from Word; coded passages may be shifted")
            return docx_text(data, filename=member)
        if suffix not in (".txt", ".text", ""):
            report.skip(f"{what}: Transcoda cannot read {suffix} files")
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return decode_text(data, filename=member).text
    except ImportFormatError as error:
        report.skip(f"{what}: {error}")
        return None


def _media_member(
    archive: ProjectFile, report: ImportReport, reference: str, what: str
) -> str | None:
    member, problem = archive.locate(reference)
    if member is None:
        report.skip(f"{what}: {problem}")
    return member


def _apply(
    project: Project,
    archive: ProjectFile,
    refi: RefiProject,
    report: ImportReport,
    reporter: Reporter | None,
    *,
    undoable: bool,
) -> Changes:
    reporter = reporter or NullReporter()
    media_dir = project.media_dir
    existed = media_dir.is_dir()
    before = set(media_dir.iterdir()) if existed else set()
    # Beside the media folder: the same disk, so copying a recording in is cheap.
    near = media_dir.parent if media_dir.parent.is_dir() else None
    with tempfile.TemporaryDirectory(prefix=".transcoda-import-", dir=near) as tmp:
        unpacked = Path(tmp)

        def load_media(source: RefiSource) -> Path | None:
            assert source.media_member is not None
            folder = unpacked / str(len(list(unpacked.iterdir())))
            folder.mkdir()
            name = _UNSAFE_NAME.sub("_", source.name).strip(" .")[:100] or "recording"
            target = folder / f"{name}{source.media_suffix}"
            archive.extract(source.media_member, target)
            return target

        try:
            with operation(project, f"Import {archive.name}") as op:
                op.undoable = undoable
                apply_project(
                    op.session,
                    project,
                    refi,
                    report,
                    source_name=archive.name,
                    load_media=load_media,
                    reporter=reporter,
                )
        except BaseException:
            if media_dir.is_dir():
                for added in set(media_dir.iterdir()) - before:
                    added.unlink(missing_ok=True)
                if not existed and not any(media_dir.iterdir()):
                    media_dir.rmdir()
            raise
    return op.changes
