"""Merging a colleague's copy of the project into this one, as one undoable step.

Typical use: two researchers each code a copy of the same project, then one merges the other's
copy in and measures their agreement. The rules, in order:

- Codes match by identity (the GUID every code keeps through copies and renames), then by
  their name path (``Emotions/Fear``, case-insensitive). Unmatched codes are added, under their
  matched parent, keeping their GUID. A matched code keeps this project's name, colour and
  description; differences are reported as conflicts, and an empty description here takes the
  colleague's.
- Documents match by the SHA-256 of their text. A document with the same title but another
  text (the transcript was corrected on one side) is a conflict: its codings are not merged,
  because their positions would point at the wrong words. Unmatched documents are added with
  their transcript segments (not their recordings: copy those by hand).
- Codings are united: each keeps its coder (coders are matched by name and added when new).
  A coding already here (same document, code, coder and span) is not repeated; a different
  memo on it is a conflict (this project's memo stays; an empty one takes the colleague's).

Without a common ancestor a merge cannot tell "deleted here" from "added there": a code or
coding deleted in this project but still in the copy comes back. Undo takes the merge back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import documents as document_service
from coding import lookup
from coding.changes import Changes
from coding.codebook import create_code_in
from coding.operations import operation
from coding.project import Project
from coding.team.merge_source import Source, SourceCode, SourceDocument, read_source, text_hash
from models.entities import Code, Coder, Coding, Document
from models.transcript_layout import LaidOutSegment

DESCRIPTION_FIELDS = ("definition", "when_to_use", "when_not_to_use", "example")


@dataclass
class MergeReport:
    source: str
    codes_matched: int = 0
    codes_added: int = 0
    documents_matched: int = 0
    documents_added: int = 0
    codings_added: int = 0
    codings_present: int = 0
    coders_added: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def merge_project(project: Project, *, other: str | Path) -> tuple[Changes, MergeReport]:
    source = read_source(other)
    report = MergeReport(source=source.name)
    with operation(project, f"Merge '{source.name}'") as op:
        session = op.session
        code_map = _merge_codes(session, source, report)
        document_map = _merge_documents(session, source, report)
        _merge_codings(session, source, code_map, document_map, report)
    return op.changes, report


# -- codes -----------------------------------------------------------------------------------


def _path_index(session: Session) -> tuple[dict[str, Code], dict[int, str]]:
    codes = list(session.scalars(select(Code)))
    by_id = {code.id: code for code in codes}

    def path(code: Code) -> str:
        parent = None if code.parent_id is None else by_id[code.parent_id]
        return code.name if parent is None else f"{path(parent)}/{code.name}"

    paths = {code.id: path(code) for code in codes}
    return {p.casefold(): by_id[i] for i, p in paths.items()}, paths


def _merge_codes(session: Session, source: Source, report: MergeReport) -> dict[int, int]:
    by_guid = {code.guid: code for code in session.scalars(select(Code)) if code.guid}
    by_path, local_paths = _path_index(session)
    source_paths: dict[int, str] = {}
    mapping: dict[int, int] = {}
    for theirs in source.codes:
        parent_path = None if theirs.parent_id is None else source_paths[theirs.parent_id]
        their_path = theirs.name if parent_path is None else f"{parent_path}/{theirs.name}"
        source_paths[theirs.id] = their_path
        mine = by_guid.get(theirs.guid) if theirs.guid else None
        if mine is None:
            mine = by_path.get(their_path.casefold())
        if mine is not None:
            mapping[theirs.id] = mine.id
            report.codes_matched += 1
            _reconcile_code(mine, theirs, local_paths.get(mine.id, mine.name), their_path, report)
            continue
        parent_id = None if theirs.parent_id is None else mapping[theirs.parent_id]
        created = create_code_in(
            session,
            name=theirs.name,
            parent_id=parent_id,
            color=theirs.color,
            **{name: getattr(theirs, name) for name in DESCRIPTION_FIELDS},
        )
        if theirs.guid and theirs.guid not in by_guid:
            created.guid = theirs.guid
            by_guid[theirs.guid] = created
        mapping[theirs.id] = created.id
        by_path[their_path.casefold()] = created
        report.codes_added += 1
    session.flush()
    return mapping


def _reconcile_code(
    mine: Code, theirs: SourceCode, my_path: str, their_path: str, report: MergeReport
) -> None:
    if my_path != their_path:
        report.conflicts.append(
            f"code '{my_path}' is '{their_path}' in {report.source}: kept '{my_path}'"
        )
    if mine.color.upper() != theirs.color.upper():
        report.conflicts.append(
            f"code '{my_path}' has another colour in {report.source}: kept {mine.color}"
        )
    for name in DESCRIPTION_FIELDS:
        mine_value, their_value = getattr(mine, name), getattr(theirs, name)
        if mine_value.strip() == their_value.strip() or not their_value.strip():
            continue
        if not mine_value.strip():
            setattr(mine, name, their_value)
        else:
            label = name.replace("_", " ")
            report.conflicts.append(
                f"code '{my_path}': the {label} differs in {report.source}: kept this project's"
            )


# -- documents -------------------------------------------------------------------------------


def _merge_documents(session: Session, source: Source, report: MergeReport) -> dict[int, int]:
    by_hash: dict[str, list[tuple[int, str]]] = {}
    titles: dict[str, int] = {}
    for document_id, title, text in session.execute(
        select(Document.id, Document.title, Document.text)
    ):
        by_hash.setdefault(text_hash(text), []).append((document_id, title))
        titles[title.casefold()] = document_id
    mapping: dict[int, int] = {}
    for theirs in source.documents:
        candidates = by_hash.get(theirs.sha256, [])
        if candidates:
            same_title = [c for c in candidates if c[1].casefold() == theirs.title.casefold()]
            mapping[theirs.id] = (same_title or candidates)[0][0]
            report.documents_matched += 1
            continue
        if theirs.title.casefold() in titles:
            report.conflicts.append(
                f"document '{theirs.title}' has another text in {report.source}: its codings "
                "there were not merged (their positions would point at other words)"
            )
            continue
        added = _add_document(session, theirs)
        mapping[theirs.id] = added.id
        titles[added.title.casefold()] = added.id
        report.documents_added += 1
    return mapping


def _add_document(session: Session, theirs: SourceDocument) -> Document:
    return document_service.add_document_in(
        session,
        title=document_service.unique_title(session, theirs.title),
        text=theirs.text,
        kind=theirs.kind,
        language=theirs.language,
        date=theirs.date,
        interviewer=theirs.interviewer,
        segments=[
            LaidOutSegment(s.start_ms, s.end_ms, s.speaker, s.char_start, s.char_end)
            for s in theirs.segments
        ],
        speaker_names=theirs.speaker_names,
    )


# -- codings ---------------------------------------------------------------------------------


def _merge_codings(
    session: Session,
    source: Source,
    code_map: dict[int, int],
    document_map: dict[int, int],
    report: MergeReport,
) -> None:
    coders = {coder.name: coder for coder in session.scalars(select(Coder))}
    existing = {
        (c.document_id, c.code_id, c.coder_id, c.start, c.end): c
        for c in session.scalars(
            select(Coding).where(Coding.document_id.in_(set(document_map.values())))
        )
    }
    for theirs in source.codings:
        document_id = document_map.get(theirs.document_id)
        if document_id is None:
            continue
        coder = coders.get(theirs.coder)
        if coder is None:
            coder = lookup.ensure_coder(session, theirs.coder)
            coder.color = source.coder_colors.get(theirs.coder, coder.color)
            coders[coder.name] = coder
            report.coders_added.append(coder.name)
        key = (document_id, code_map[theirs.code_id], coder.id, theirs.start, theirs.end)
        present = existing.get(key)
        if present is not None:
            report.codings_present += 1
            if theirs.memo.strip() and present.memo.strip() != theirs.memo.strip():
                if present.memo.strip():
                    report.conflicts.append(
                        f"a coding of {theirs.coder} ({theirs.start}-{theirs.end}) has another "
                        f"memo in {report.source}: kept this project's"
                    )
                else:
                    present.memo = theirs.memo
            continue
        row = Coding(
            document_id=document_id,
            code_id=key[1],
            coder_id=coder.id,
            start=theirs.start,
            end=theirs.end,
            memo=theirs.memo,
        )
        if theirs.created_at is not None:
            row.created_at = theirs.created_at
        session.add(row)
        existing[key] = row
        report.codings_added += 1
    session.flush()
