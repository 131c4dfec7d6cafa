"""Reading ``project.qde`` into a ``RefiProject``, taking what Transcoda can use.

Liberal by design: names are matched without regard to case or namespace version, unknown
elements are passed over, and whatever is understood but cannot be kept (picture codings,
sets, graphs, codings of time ranges) is named in the import report rather than refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coding.importers.errors import ImportFormatError
from coding.refi.codebook_xml import read_codes
from coding.refi.guids import normalise_guid
from coding.refi.model import (
    RefiCase,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSource,
    RefiSyncPoint,
    RefiValue,
    RefiVariable,
)
from coding.refi.report import ImportReport
from coding.refi.variables import read_value
from coding.refi.xml_tools import (
    Element,
    attr,
    child,
    children,
    int_attr,
    local,
    parse_datetime,
    text_of,
)

_KNOWN = frozenset(
    {"users", "codebook", "variables", "cases", "sources", "notes", "description", "noteref"}
)
_SKIPPED_PARTS = {"links": "links", "sets": "sets", "graphs": "graphs (maps)"}


@dataclass
class SourceFiles:
    """How the reader reaches files the XML points to (inside the archive, via ``internal://``).

    ``text`` returns a file's decoded text or None (having reported why); ``media`` returns
    the archive member of a recording or None.
    """

    text: Callable[[str, str], str | None]
    media: Callable[[str, str], str | None]


def read_project(root: Element, files: SourceFiles, report: ImportReport) -> RefiProject:
    if local(root) != "project":
        raise ImportFormatError(
            "project.qde", f"is not a REFI-QDA project (its root element is <{local(root)}>)"
        )
    project = RefiProject(name=attr(root, "name") or "", origin=attr(root, "origin") or "")
    reader = _Reader(project, files, report)
    ignored: set[str] = set()
    for part in root:
        name = local(part)
        if name in _SKIPPED_PARTS and len(part):
            report.skip(f"{len(part)} {_SKIPPED_PARTS[name]}: Transcoda has no place for them")
        elif name not in _KNOWN and name:
            ignored.add(name)
    for part in children(root, "Users"):
        for number, user in enumerate(children(part, "User"), start=1):
            guid = normalise_guid(attr(user, "guid"))
            if guid:
                name = (attr(user, "name") or attr(user, "id") or "").strip()
                project.users[guid] = name or f"User {number}"
    for part in children(root, "CodeBook"):
        for codes in children(part, "Codes"):
            project.codes.extend(read_codes(codes, report.skipped))
    for part in children(root, "Variables"):
        for element in children(part, "Variable"):
            reader.variable(element)
    for part in children(root, "Cases"):
        for element in children(part, "Case"):
            reader.case(element)
    for part in children(root, "Sources"):
        for element in part:
            reader.source(element)
    for part in children(root, "Notes"):
        for element in children(part, "Note"):
            reader.note(element)
    project.description = text_of(child(root, "Description")).strip()
    project.project_notes = _refs(root, "NoteRef")
    if ignored:
        report.notes.append(
            f"ignored elements Transcoda does not know: {', '.join(sorted(ignored))}"
        )
    return project


def _refs(element: Element, name: str) -> list[str]:
    return [g for ref in children(element, name) if (g := normalise_guid(attr(ref, "targetGUID")))]


def _values(element: Element) -> list[RefiValue]:
    found: list[RefiValue] = []
    for value in children(element, "VariableValue"):
        guid, _tag, text = read_value(value)
        variable = normalise_guid(guid)
        if variable is not None:
            found.append(RefiValue(variable, text))
    return found


class _Reader:
    def __init__(self, project: RefiProject, files: SourceFiles, report: ImportReport) -> None:
        self.project = project
        self.files = files
        self.report = report

    def variable(self, element: Element) -> None:
        guid = normalise_guid(attr(element, "guid"))
        name = " ".join((attr(element, "name") or "").split())
        if guid is None or not name:
            self.report.skip(f"a variable without a name or GUID ({name or '?'})")
            return
        self.project.variables[guid] = RefiVariable(
            guid,
            name,
            attr(element, "typeOfVariable") or "Text",
            text_of(child(element, "Description")),
        )

    def case(self, element: Element) -> None:
        guid = normalise_guid(attr(element, "guid"))
        if guid is None:
            self.report.skip(f"the case '{attr(element, 'name') or '?'}' has no valid GUID")
            return
        name = " ".join((attr(element, "name") or "").split()) or None
        self.project.cases.append(
            RefiCase(
                guid=guid,
                name=name,
                description=text_of(child(element, "Description")).strip(),
                values=_values(element),
                sources=_refs(element, "SourceRef"),
                selections=len(list(children(element, "SelectionRef"))),
                code_refs=len(list(children(element, "CodeRef"))),
            )
        )

    def note(self, element: Element) -> None:
        guid = normalise_guid(attr(element, "guid"))
        if guid is None:
            return
        name = attr(element, "name") or ""
        text = (self._text(element, f"the note '{name}'") or "").replace("\r\n", "\n")
        selections = list(children(element, "PlainTextSelection"))
        if selections:
            self.report.skip(f"{len(selections)} coded passages inside the note '{name}'")
        self.project.notes[guid] = RefiNote(
            guid=guid,
            name=name.strip(),
            text=text,
            user=normalise_guid(attr(element, "creatingUser")),
            created=parse_datetime(attr(element, "creationDateTime")),
            modified=parse_datetime(attr(element, "modifiedDateTime")),
        )

    def source(self, element: Element) -> None:
        kind = local(element)
        name = (attr(element, "name") or "").strip()
        guid = normalise_guid(attr(element, "guid"))
        if not kind:
            return
        if guid is None:
            self.report.skip(f"the source '{name or '?'}' has no valid GUID")
            return
        if kind == "textsource":
            self._text_source(element, guid, name or _file_name(element) or "Untitled")
        elif kind == "pdfsource":
            self._pdf_source(element, guid, name or "Untitled")
        elif kind in ("audiosource", "videosource"):
            self._media_source(element, guid, name, kind.removesuffix("source"))
        elif kind == "picturesource":
            coded = len(list(children(element, "PictureSelection")))
            self.report.skip(
                f"the picture '{name}'" + (f" and its {coded} coded regions" if coded else "")
            )

    def _base(self, element: Element, guid: str, name: str, kind: str) -> RefiSource:
        return RefiSource(
            guid=guid,
            kind=kind,
            name=name,
            created=parse_datetime(attr(element, "creationDateTime")),
            modified=parse_datetime(attr(element, "modifiedDateTime")),
            notes=_refs(element, "NoteRef"),
            values=_values(element),
        )

    def _text_source(self, element: Element, guid: str, name: str) -> RefiSource | None:
        source = self._base(element, guid, name, "text")
        source.text = self._text(element, f"the document '{name}'")
        if source.text is None:
            if not (attr(element, "plainTextPath") or attr(element, "richTextPath")):
                self.report.skip(f"the document '{name}': the file gives no text for it")
            return None  # otherwise the file reader has said why
        source.selections = [self._selection(s) for s in children(element, "PlainTextSelection")]
        whole = self._codings(element)
        if whole:
            source.selections.append(RefiSelection(guid="", name="", start=0, codings=whole))
        self.project.sources.append(source)
        return source

    def _pdf_source(self, element: Element, guid: str, name: str) -> None:
        representation = child(element, "Representation")
        coded = len(list(children(element, "PDFSelection")))
        if coded:
            self.report.skip(f"{coded} coded regions of the PDF '{name}' (only its text is read)")
        if representation is None:
            self.report.skip(f"the PDF '{name}': it comes without a text version")
            return
        source = self._text_source(representation, guid, name)
        if source is not None:
            source.notes += _refs(element, "NoteRef")
            source.values += _values(element)

    def _media_source(self, element: Element, guid: str, name: str, kind: str) -> None:
        transcripts = list(children(element, "Transcript"))
        if not name and transcripts:  # ATLAS.ti names the transcript, not the recording
            name = (attr(transcripts[0], "name") or "").strip()
        name = name or "Untitled recording"
        source = self._base(element, guid, name, kind)
        path = attr(element, "path")
        if path:
            source.media_member = self.files.media(path, f"the recording of '{name}'")
            source.media_suffix = _suffix(path)
        timed = len(list(children(element, f"{kind}Selection"))) + len(self._codings(element))
        if timed:
            self.report.skip(f"{timed} codings of time ranges in '{name}' (Transcoda codes text)")
        if len(transcripts) > 1:
            self.report.skip(f"{len(transcripts) - 1} further transcripts of '{name}'")
        if transcripts:
            transcript = transcripts[0]
            source.text = self._text(transcript, f"the transcript of '{name}'")
            source.notes += _refs(transcript, "NoteRef")
            source.sync_points = [
                RefiSyncPoint(g, int_attr(p, "position"), int_attr(p, "timeStamp"))
                for p in children(transcript, "SyncPoint")
                if (g := normalise_guid(attr(p, "guid")))
            ]
            source.selections = [
                self._selection(s) for s in children(transcript, "TranscriptSelection")
            ]
        if source.text is None and source.media_member is None:
            if not path:
                self.report.skip(
                    f"the recording '{name}': the file has neither it nor a transcript"
                )
            return  # a recording outside the archive has been reported already
        self.project.sources.append(source)

    def _selection(self, element: Element) -> RefiSelection:
        return RefiSelection(
            guid=normalise_guid(attr(element, "guid")) or "",
            name=attr(element, "name") or "",
            start=int_attr(element, "startPosition"),
            end=int_attr(element, "endPosition"),
            from_point=normalise_guid(attr(element, "fromSyncPoint")),
            to_point=normalise_guid(attr(element, "toSyncPoint")),
            description=text_of(child(element, "Description")).strip(),
            user=normalise_guid(attr(element, "creatingUser") or attr(element, "modifyingUser")),
            created=parse_datetime(attr(element, "creationDateTime")),
            modified=parse_datetime(attr(element, "modifiedDateTime")),
            codings=self._codings(element),
            notes=_refs(element, "NoteRef"),
        )

    def _codings(self, element: Element) -> list[RefiCoding]:
        found: list[RefiCoding] = []
        for coding in children(element, "Coding"):
            code = next((g for g in _refs(coding, "CodeRef")), None)
            if code is None:
                self.report.skip("a coding that names no code")
                continue
            found.append(
                RefiCoding(
                    code=code,
                    user=normalise_guid(attr(coding, "creatingUser")),
                    created=parse_datetime(attr(coding, "creationDateTime")),
                    notes=_refs(coding, "NoteRef"),
                )
            )
        return found

    def _text(self, element: Element, what: str) -> str | None:
        content = child(element, "PlainTextContent")
        if content is not None:
            return text_of(content)
        for attribute in ("plainTextPath", "richTextPath"):
            path = attr(element, attribute)
            if path:
                return self.files.text(path, what)
        return None


def _file_name(element: Element) -> str:
    """A bare or relative file name to call a nameless source by (qc names none); not a GUID."""
    path = (attr(element, "plainTextPath") or "").strip()
    if not path or "://" in path:
        return ""
    return path.replace("\\", "/").rsplit("/", 1)[-1].strip()


def _suffix(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
