"""Writing a project as a REFI-QDA ``.qdpx`` archive, and checking one.

The archive holds ``project.qde`` and a ``sources/`` folder of GUID-named files: documents as
UTF-8 text without a byte order mark, recordings as they are stored. Nothing is written unless
the XML validates against the REFI-QDA schema and every GUID reference and ``internal://``
path resolves; the file appears in one rename, so a failed export leaves nothing behind.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from coding.crypto.media import decrypt_file
from coding.errors import InvalidInput
from coding.privacy.outbound import Outbound, resolve
from coding.project import Project
from coding.queries import media_file
from coding.refi.export_context import ExportContext, TimedTextAs
from coding.refi.export_project import build_project
from coding.refi.guids import GuidMaker, project_namespace
from coding.refi.report import ExchangeError, ExportReport
from coding.refi.schema import reference_problems, schema_problems
from coding.refi.xml_tools import attr, local
from models.progress import NullReporter, Reporter, check_cancelled

PROJECT_MEMBER = "project.qde"
_SOURCE_ELEMENTS = frozenset({"textsource", "audiosource", "videosource"})


def check_output(path: Path | str, suffix: str) -> Path:
    path = Path(path)
    if path.suffix.lower() != suffix:
        raise InvalidInput(f"'{path.name}' should end in {suffix}")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give the name of the {suffix} file to write")
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path.name}: the folder {path.parent} does not exist")
    return path


def export_qdpx(
    project: Project,
    path: Path | str,
    *,
    timed_text_as: TimedTextAs = "audio",
    reporter: Reporter | None = None,
    out: Outbound | None = None,
) -> ExportReport:
    """Write the whole project to ``path``.

    A timed transcript without a recording is written as an ``AudioSource`` with no file so
    that its timings survive (``timed_text_as="audio"``), or as a plain ``TextSource`` for tools
    that refuse a recording they cannot find (``"text"``).

    Every word leaves through ``out`` (coding.privacy.outbound; default: the project's own
    setting): names are replaced before XML escapes them, positions follow the rewritten text,
    coders carry their chosen names, timestamps and (when pseudonymised) recordings stay out
    unless ``out`` lets them through.
    """
    from lxml import etree

    target = check_output(path, ".qdpx")
    reporter = reporter or NullReporter()
    ctx = ExportContext(
        guid=GuidMaker(project_namespace(project)),
        coders={},
        out=resolve(project, out),
        timed_text_as=timed_text_as,
    )
    with project.reading() as session:
        root = build_project(session, ctx, lambda media: media_file(project, media), reporter)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    problems = xml_problems(xml, set(ctx.text_files) | set(ctx.media_files))
    if problems:
        raise ExchangeError(
            "the export was stopped because it would not be a valid REFI-QDA file "
            f"(a fault in Transcoda): {'; '.join(problems[:5])}"
        )
    check_cancelled(reporter)
    _write_archive(target, xml, ctx, reporter)
    if project.encrypted:
        ctx.warnings.append(
            f"{target.name} is not encrypted: it holds the transcripts and recordings of this "
            "encrypted project in the clear; keep it somewhere safe"
        )
    return ExportReport(
        path=target,
        codes=sum(1 for e in root.iter() if local(e) == "code"),
        sources=sum(1 for e in root.iter() if local(e) in _SOURCE_ELEMENTS),
        codings=sum(1 for e in root.iter() if local(e) == "coding"),
        notes=len(ctx.notes),
        media_files=len(ctx.media_files),
        warnings=tuple(ctx.warnings),
    )


def xml_problems(xml: bytes, members: set[str]) -> list[str]:
    """Schema errors, unresolved GUIDs and ``internal://`` paths with no file in ``members``."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(xml, parser)
    problems = schema_problems(root, "project") + reference_problems(root)
    known = {member.casefold() for member in members}
    for element in root.iter():
        for name in ("path", "plainTextPath", "richTextPath"):
            value = attr(element, name) if isinstance(element.tag, str) else None
            if value and value.startswith("internal://"):
                member = "sources/" + value.removeprefix("internal://").lstrip("/")
                if member.casefold() not in known:
                    problems.append(f"{value} names no file in the archive")
    return problems


def check_qdpx(path: Path | str) -> list[str]:
    """Everything wrong with a .qdpx file by the standard and by Transcoda's own checks.

    Meant for files Transcoda wrote (tests, support); a file from elsewhere is imported, which
    guards against hostile archives, rather than checked here.
    """
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if PROJECT_MEMBER not in names:
            return [f"the archive has no {PROJECT_MEMBER}"]
        xml = archive.read(PROJECT_MEMBER)
        problems = xml_problems(xml, set(names))
        for name in names:
            if name.endswith((".qde", ".txt")):
                data = archive.read(name)
                if data.startswith(b"\xef\xbb\xbf"):
                    problems.append(f"{name} starts with a byte order mark")
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:
                    problems.append(f"{name} is not UTF-8")
    return problems


def _write_archive(target: Path, xml: bytes, ctx: ExportContext, reporter: Reporter) -> None:
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.stem}-", suffix=".qdpx.part", dir=target.parent
        )
    except OSError as error:
        raise InvalidInput(f"cannot write in {target.parent}: {error.strerror}") from error
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(PROJECT_MEMBER, xml)
                for member, data in ctx.text_files.items():
                    archive.writestr(member, data)
                total = len(ctx.media_files)
                for number, (member, media) in enumerate(ctx.media_files.items()):
                    check_cancelled(reporter)
                    reporter.progress(number, total, f"Packing {media.path.name}")
                    # Recordings are compressed already; deflating them again only costs time.
                    if media.key is None:
                        archive.write(media.path, member, compress_type=zipfile.ZIP_STORED)
                    else:
                        data = decrypt_file(media.path, media.key)
                        archive.writestr(member, data, compress_type=zipfile.ZIP_STORED)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {target}: {error.strerror}") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
