"""Importing files into a project: documents, transcripts, recordings and case tables.

Every file is read and parsed before the project is touched, and all files of one import are
added in one operation, so a bad file anywhere leaves the project exactly as it was. Files
are checked before they are opened (``coding.input_files``): folders, FIFOs, devices and
system files are refused, links are followed and named. What a parser corrected and kept (a
cue with an impossible time) comes back in each document's ``warnings``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import lookup
from coding.cases import create_case_in, define_attribute_in, set_case_value_in
from coding.changes import Changes
from coding.documents import add_document_in, check_kind, unique_title
from coding.errors import InvalidInput
from coding.importers import (
    CaseTable,
    ImportFormatError,
    detect_transcript_format,
    document_text,
    parse_case_csv,
    parse_case_xlsx,
    parse_docx_transcript,
    parse_transcript_text,
)
from coding.importers.limits import DEFAULT_MAX_TEXT_BYTES
from coding.input_files import check_input, read_input
from coding.media import store_media_in
from coding.operations import operation
from coding.project import Project
from models.entities import AttributeDefinition, Case, DocumentKind
from models.progress import NullReporter, Reporter, check_cancelled
from models.transcript_layout import LaidOutSegment

AUDIO_SUFFIXES = frozenset(
    {
        ".wav",
        ".mp3",
        ".m4a",
        ".aac",
        ".ogg",
        ".oga",
        ".opus",
        ".flac",
        ".wma",
        ".mp4",
        ".m4v",
        ".mov",
        ".mkv",
        ".webm",
        ".avi",
    }
)
TEXT_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".docx", ".srt", ".vtt", ".html", ".htm"}
)
MAX_FILE_BYTES = DEFAULT_MAX_TEXT_BYTES


@dataclass(frozen=True)
class AudioFacts:
    duration_ms: int
    sha256: str


AudioProbe = Callable[[Path], AudioFacts]


@dataclass(frozen=True)
class ParsedFile:
    path: Path
    text: str
    segments: tuple[LaidOutSegment, ...]
    encoding: str | None
    audio: AudioFacts | None = None
    warnings: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        if self.audio is not None:
            return "audio"
        return "transcript" if self.segments else "text"


@dataclass(frozen=True)
class ImportedDocument:
    id: int
    title: str
    kind: str
    encoding: str | None
    segments: int
    warnings: tuple[str, ...] = ()


def _read(path: Path) -> bytes:
    return read_input(path, limit=MAX_FILE_BYTES)


def parse_file(
    path: Path, *, encoding: str | None = None, probe_audio: AudioProbe | None = None
) -> ParsedFile:
    """Read one file into a document's text (and timings), without touching any project."""
    parsed = _parse_file(path, encoding=encoding, probe_audio=probe_audio)
    note = check_input(path).link_note
    if note is None:
        return parsed
    return dataclasses.replace(parsed, warnings=(note, *parsed.warnings))


def _parse_file(
    path: Path, *, encoding: str | None = None, probe_audio: AudioProbe | None = None
) -> ParsedFile:
    suffix = path.suffix.lower()
    if suffix in AUDIO_SUFFIXES:
        if probe_audio is None:
            raise InvalidInput(f"{path.name} is a recording; import it with audio support")
        # Checked before the decoder sees it: a FIFO or a device would never end.
        return ParsedFile(path, "", (), None, audio=probe_audio(check_input(path).real))
    if suffix and suffix not in TEXT_SUFFIXES:
        known = ", ".join(sorted(TEXT_SUFFIXES | AUDIO_SUFFIXES))
        raise InvalidInput(
            f"{path.name}: Transcoda cannot import '{suffix}' files (it reads {known})"
        )
    data = _read(path)
    if suffix == ".docx":
        body = document_text(data, filename=path.name)
        if detect_transcript_format(path.stem + ".txt", body.text) is not None:
            parsed = parse_docx_transcript(data, filename=path.name)
            return ParsedFile(
                path, parsed.text, tuple(parsed.segments), None, warnings=parsed.warnings
            )
        return ParsedFile(path, body.text, (), None)
    body = document_text(data, filename=path.name, encoding=encoding)
    if suffix in (".md", ".markdown"):
        return ParsedFile(path, body.text, (), body.encoding)
    detected = detect_transcript_format(path.name, body.text)
    if detected is None:
        if suffix in (".srt", ".vtt", ".html", ".htm"):
            raise ImportFormatError(path.name, "is not a transcript Transcoda can read")
        return ParsedFile(path, body.text, (), body.encoding)
    parsed = parse_transcript_text(body.text, filename=path.name, transcript_format=detected)
    return ParsedFile(
        path, parsed.text, tuple(parsed.segments), body.encoding, warnings=parsed.warnings
    )


def case_for(session: Session, name: str | None) -> int | None:
    """The case named ``name``, created when it does not exist yet."""
    if not name:
        return None
    found = session.scalars(
        select(Case).where(func.lower(Case.name) == name.strip().lower())
    ).first()
    return (found or create_case_in(session, name)).id


def import_files(
    project: Project,
    *,
    paths: Sequence[Path],
    case: str | None = None,
    language: str = "",
    kind: str = DocumentKind.SEMI_STRUCTURED_INTERVIEW.value,
    encoding: str | None = None,
    probe_audio: AudioProbe | None = None,
    link_media: bool | None = None,
    reporter: Reporter | None = None,
) -> tuple[Changes, list[ImportedDocument]]:
    if not paths:
        raise InvalidInput("no files to import")
    check_kind(kind)
    if encoding:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InvalidInput(f"unknown encoding '{encoding}'") from None
    reporter = reporter or NullReporter()
    parsed: list[ParsedFile] = []
    for number, path in enumerate(paths):
        check_cancelled(reporter)
        reporter.progress(number, len(paths), f"reading {path.name}")
        parsed.append(parse_file(Path(path), encoding=encoding, probe_audio=probe_audio))
    imported: list[ImportedDocument] = []
    names = ", ".join(f"'{item.path.name}'" for item in parsed[:3])
    more = f" and {len(parsed) - 3} more" if len(parsed) > 3 else ""
    with operation(project, f"Import {names}{more}") as op:
        case_id = case_for(op.session, case)
        for item in parsed:
            check_cancelled(reporter)
            document = add_document_in(
                op.session,
                title=unique_title(op.session, item.path.stem),
                text=item.text,
                kind=kind,
                language=language,
                case_id=case_id,
                source_name=item.path.name,
                segments=item.segments,
            )
            if item.audio is not None:
                media = store_media_in(
                    op.session,
                    project,
                    item.path,
                    link=link_media,
                    duration_ms=item.audio.duration_ms,
                    sha256=item.audio.sha256,
                )
                document.media_id = media.id
            imported.append(
                ImportedDocument(
                    document.id,
                    document.title,
                    item.kind,
                    item.encoding,
                    len(item.segments),
                    item.warnings,
                )
            )
        if len(imported) == 1:
            op.id = imported[0].id
    reporter.progress(len(paths), len(paths), "imported")
    return op.changes, imported


def read_case_table(path: Path, *, encoding: str | None = None) -> CaseTable:
    data = _read(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return parse_case_xlsx(data, filename=path.name)
    if suffix in (".csv", ".tsv", ".txt"):
        return parse_case_csv(data, filename=path.name, encoding=encoding)
    raise InvalidInput(f"{path.name}: cases import from .csv or .xlsx files")


def import_cases(
    project: Project, *, table: CaseTable, description: str = "Import cases"
) -> tuple[Changes, int]:
    """Create or update one case per row; new columns become typed case attributes."""
    with operation(project, description) as op:
        session = op.session
        attributes: dict[str, AttributeDefinition] = {}
        for column in table.columns:
            existing = session.scalars(
                select(AttributeDefinition).where(
                    func.lower(AttributeDefinition.name) == column.name.lower(),
                    AttributeDefinition.target == "case",
                )
            ).first()
            attributes[column.name] = existing or define_attribute_in(
                session, column.name, column.type, list(column.choices), "case"
            )
        for row in table.rows:
            case_id = case_for(session, row.name)
            assert case_id is not None
            case = lookup.case(session, case_id)
            for name, value in row.values.items():
                set_case_value_in(session, case, attributes[name], value)
    return op.changes, len(table.rows)
