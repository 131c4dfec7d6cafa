"""Adding a whole ``RefiProject`` to a project, inside one running operation.

Order matters: codes first (codings name them), then sources (cases and values name them),
then variables and cases, then memos, which may hang on any of those. NVivo writes a case
also as a code with the same GUID and codes whole documents with it; such codes are not added
to the codebook, and the documents they code are given to the case instead.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from coding import lookup
from coding.project import Project
from coding.refi.apply_cases import add_cases_and_values
from coding.refi.apply_codebook import add_codes
from coding.refi.apply_sources import MediaLoader, SourceContext, add_source
from coding.refi.codebook_xml import RefiCode
from coding.refi.model import RefiNote, RefiProject
from coding.refi.report import ImportReport
from models.entities import Memo
from models.progress import Reporter, check_cancelled


def apply_project(
    session: Session,
    project: Project,
    refi: RefiProject,
    report: ImportReport,
    *,
    source_name: str,
    load_media: MediaLoader,
    reporter: Reporter,
) -> None:
    case_codes = _cases_written_as_codes(refi, report)
    codes = add_codes(session, refi.codes, report, skip=frozenset(case_codes))
    report.codes = codes.created
    if codes.reused:
        report.notes.append(f"{codes.reused} codes were in the codebook already and are shared")
    ctx = SourceContext(
        session=session,
        project=project,
        report=report,
        origin=refi.origin,
        users=refi.users,
        codes=codes.ids,
        notes=refi.notes,
        used_notes=set(),
        source_name=source_name,
        load_media=load_media,
    )
    documents: dict[str, int] = {}
    for number, source in enumerate(refi.sources):
        check_cancelled(reporter)
        reporter.progress(number, len(refi.sources), f"Importing '{source.name}'")
        documents[source.guid] = add_source(ctx, source).id
    session.flush()
    add_cases_and_values(session, refi, documents, report)
    _add_memos(ctx, refi, codes.ids, documents)
    _add_idle_coders(session, refi)


def _add_idle_coders(session: Session, refi: RefiProject) -> None:
    """Users who coded nothing are team members still; those who only wrote notes are not."""
    authors = {note.user for note in refi.notes.values()}
    coders = {
        user
        for source in refi.sources
        for selection in source.selections
        for user in [selection.user, *(coding.user for coding in selection.codings)]
    }
    for guid, name in refi.users.items():
        if guid not in authors and guid not in coders:
            lookup.ensure_coder(session, name)


def _cases_written_as_codes(refi: RefiProject, report: ImportReport) -> set[str]:
    cases = {case.guid: case for case in refi.cases}
    found: set[str] = set()

    def visit(codes: list[RefiCode]) -> None:
        for code in codes:
            if code.guid in cases:
                found.add(code.guid)
            visit(code.children)
            # NVivo's folder that only holds the case codes goes with them.
            folder = code.children and not code.codable
            if folder and all(child.guid in found for child in code.children):
                found.add(code.guid)

    visit(refi.codes)
    if not found:
        return found
    for source in refi.sources:
        for selection in source.selections:
            kept = [c for c in selection.codings if c.code not in found]
            for coding in selection.codings:
                case = cases.get(coding.code)
                if case is not None and source.guid not in case.sources:
                    case.sources.append(source.guid)
            selection.codings = kept
    report.notes.append("cases that the file also lists as codes were read as cases only")
    return found


def _add_memos(
    ctx: SourceContext, refi: RefiProject, codes: dict[str, int], documents: dict[str, int]
) -> None:
    def add(guid: str, *, code_id: int | None = None, document_id: int | None = None) -> None:
        note = refi.notes.get(guid)
        if note is None:
            ctx.report.skip("a memo reference that points to no memo")
            return
        ctx.used_notes.add(guid)
        _memo(ctx, note, code_id=code_id, document_id=document_id)

    for guid in refi.project_notes:
        add(guid)

    def visit(tree: list[RefiCode]) -> None:
        for code in tree:
            for guid in code.note_refs:
                if code.guid in codes:
                    add(guid, code_id=codes[code.guid])
            visit(code.children)

    visit(refi.codes)
    for source in refi.sources:
        for guid in source.notes:
            add(guid, document_id=documents[source.guid])
    if refi.description:
        ctx.session.add(Memo(title="Project description", text=refi.description))
        ctx.report.memos += 1
    for guid, note in refi.notes.items():
        if guid not in ctx.used_notes:
            _memo(ctx, note)


def _memo(
    ctx: SourceContext,
    note: RefiNote,
    *,
    code_id: int | None = None,
    document_id: int | None = None,
) -> None:
    memo = Memo(
        title=note.name[:300],
        text=note.text,
        author=ctx.users.get(note.user or "", ""),
        code_id=code_id,
        document_id=document_id,
    )
    if note.created is not None:
        memo.created_at = note.created
        memo.updated_at = note.modified or note.created
    ctx.session.add(memo)
    ctx.report.memos += 1
