"""A whole project as a QDA-XML ``Project`` element, children in the schema's order.

Containers are written only when they have something in them: the schema requires at least
one child in ``Users``, ``Codes``, ``Cases``, ``Variables``, ``Sources`` and ``Notes``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.crypto.media import is_encrypted_media, media_key_of
from coding.refi.codebook_xml import add_code_elements
from coding.refi.export_context import ExportContext
from coding.refi.export_sources import SourceExtras, add_source, document_guid
from coding.refi.variables import add_variable_value, choices_description, refi_type
from coding.refi.xml_tools import ORIGIN, PROJECT_NS, Element, sub, text_child, xml_datetime
from models.entities import (
    AttributeDefinition,
    AttributeType,
    Case,
    Code,
    Coder,
    Document,
    Media,
    Memo,
    Setting,
)
from models.progress import Reporter, check_cancelled


def build_project(
    session: Session,
    ctx: ExportContext,
    media_file: Callable[[Media], Path],
    reporter: Reporter,
) -> Element:
    from lxml import etree

    title = session.scalar(select(Setting.value).where(Setting.key == "title")) or "Transcoda"
    root = etree.Element(f"{{{PROJECT_NS}}}Project", nsmap={None: PROJECT_NS})
    root.set("name", ctx.out.text(title))
    root.set("origin", ORIGIN)
    ctx.coders.update({c.id: c for c in session.scalars(select(Coder).order_by(Coder.id))})

    codes = list(session.scalars(select(Code).order_by(Code.position, Code.id)))
    code_guids = {code.id: ctx.guid("code", code.id, code.created_at) for code in codes}
    memos = list(session.scalars(select(Memo).order_by(Memo.id)))
    notes_by_code: dict[int, list[str]] = {}
    notes_by_document: dict[int, list[str]] = {}
    project_notes: list[str] = []
    for memo in memos:
        guid = ctx.add_note(
            ctx.guid("memo", memo.id, memo.created_at),
            title=memo.title,
            text=memo.text,
            author=memo.author,
            created=memo.created_at,
            modified=memo.updated_at,
        )
        if memo.code_id is not None:
            notes_by_code.setdefault(memo.code_id, []).append(guid)
        elif memo.document_id is not None:
            notes_by_document.setdefault(memo.document_id, []).append(guid)
        else:
            project_notes.append(guid)

    if codes:
        children_of: dict[int | None, list[Code]] = {}
        for code in codes:
            children_of.setdefault(code.parent_id, []).append(code)
        container = sub(sub(root, "CodeBook"), "Codes")
        add_code_elements(
            container,
            children_of.get(None, []),
            children_of,
            lambda code: code_guids[code.id],
            lambda code: notes_by_code.get(code.id, []),
            out=ctx.out,
        )

    variables = _add_variables(root, session, ctx)
    _add_cases(root, session, ctx, variables)

    documents = list(session.scalars(select(Document).order_by(Document.position, Document.id)))
    if documents:
        sources = sub(root, "Sources")
        for number, document in enumerate(documents):
            check_cancelled(reporter)
            reporter.progress(number, len(documents), f"Writing '{document.title}'")
            extras = SourceExtras(note_guids=notes_by_document.get(document.id, []))
            for value in sorted(document.values, key=lambda v: v.attribute.position):
                guid, type_name = variables[value.attribute_id]
                extras.values.append((guid, type_name, ctx.out.text(value.value)))
            media = document.media
            if media is not None and not ctx.out.recordings:
                ctx.warnings.append(
                    f"the recording of '{ctx.out.text(document.title)}' was left out: a voice "
                    "identifies a person as surely as a name (ask for recordings to include it)"
                )
            elif media is not None:
                extras.media_path = media_file(media)
                extras.media_guid = ctx.guid("media", media.id)
                # The stored name of an encrypted recording ends in its own suffix.
                extras.media_suffix = Path(media.original_name or media.path).suffix.lower()
                if is_encrypted_media(media):
                    extras.media_key = media_key_of(session)
            add_source(sources, document, ctx, lambda code_id: code_guids[code_id], extras)

    _add_notes(root, ctx)
    for guid in project_notes:
        sub(root, "NoteRef", {"targetGUID": guid})
    _insert_users(root, ctx)
    return root


def _add_variables(
    root: Element, session: Session, ctx: ExportContext
) -> dict[int, tuple[str, str]]:
    """Write ``Variables``; return attribute id -> (variable GUID, REFI type)."""
    attributes = list(
        session.scalars(
            select(AttributeDefinition).order_by(
                AttributeDefinition.target, AttributeDefinition.position, AttributeDefinition.id
            )
        )
    )
    found: dict[int, tuple[str, str]] = {}
    if not attributes:
        return found
    container = sub(root, "Variables")
    for attribute in attributes:
        values = [v.value for v in attribute.case_values] + [
            v.value for v in attribute.document_values
        ]
        type_name = refi_type(attribute.type, values)
        guid = ctx.guid("attribute", attribute.id)
        element = sub(
            container,
            "Variable",
            {"guid": guid, "name": ctx.out.text(attribute.name), "typeOfVariable": type_name},
        )
        if attribute.type == AttributeType.CHOICE:
            choices = [ctx.out.text(c) for c in attribute.choices.split("\n") if c]
            if choices:
                text_child(element, "Description", choices_description(choices))
        found[attribute.id] = (guid, type_name)
    return found


def _add_cases(
    root: Element, session: Session, ctx: ExportContext, variables: dict[int, tuple[str, str]]
) -> None:
    cases = list(session.scalars(select(Case).order_by(Case.id)))
    if not cases:
        return
    container = sub(root, "Cases")
    for case in cases:
        element = sub(
            container, "Case", {"guid": ctx.guid("case", case.id), "name": ctx.out.text(case.name)}
        )
        if case.description.strip():
            text_child(element, "Description", ctx.out.text(case.description))
        for value in sorted(case.values, key=lambda v: v.attribute.position):
            guid, type_name = variables[value.attribute_id]
            add_variable_value(element, guid, type_name, ctx.out.text(value.value))
        for document in sorted(case.documents, key=lambda d: (d.position, d.id)):
            sub(element, "SourceRef", {"targetGUID": document_guid(ctx, document)})


def _add_notes(root: Element, ctx: ExportContext) -> None:
    if not ctx.notes:
        return
    container = sub(root, "Notes")
    for note in ctx.notes:
        element = sub(
            container,
            "Note",
            {
                "guid": note.guid,
                "name": note.title or None,
                "creatingUser": ctx.user_guid(ctx.out.coder(note.author)),
                "creationDateTime": xml_datetime(note.created),
                "modifiedDateTime": xml_datetime(note.modified),
            },
        )
        text_child(element, "PlainTextContent", note.text)


def _insert_users(root: Element, ctx: ExportContext) -> None:
    """``Users`` comes first in the schema but is known last: memo authors appear on the way."""
    from lxml import etree

    if not ctx.coders and not ctx.authors:
        return
    users = etree.Element(f"{{{PROJECT_NS}}}Users")
    for coder in ctx.coders.values():
        sub(users, "User", {"guid": ctx.coder_guid(coder.id), "name": ctx.out.coder(coder.name)})
    for name, guid in ctx.authors.items():
        sub(users, "User", {"guid": guid, "name": name})
    root.insert(0, users)
