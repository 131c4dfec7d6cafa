"""REFI-QDA codebooks (``.qdc``): the code tree with colours and descriptions, both ways.

Codes keep the GUIDs they have in a .qdpx export of the same project, so a tool that reads
both sees one codebook.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from coding.changes import Changes
from coding.codebook_io import write_atomically
from coding.errors import InvalidInput
from coding.importers.errors import ImportFormatError
from coding.importers.limits import MEGABYTE, ensure_size_within
from coding.importers.safe_xml import parse_xml
from coding.operations import operation
from coding.privacy.outbound import Outbound, resolve
from coding.project import Project
from coding.refi.apply_codebook import add_codes
from coding.refi.codebook_xml import RefiCode, add_code_elements, read_codes
from coding.refi.guids import GuidMaker, project_namespace
from coding.refi.qdpx_export import check_output
from coding.refi.report import ExchangeError, ImportReport
from coding.refi.schema import reference_problems, schema_problems
from coding.refi.xml_tools import CODEBOOK_NS, ORIGIN, Element, child, children, local, sub
from models.entities import Code

MAX_CODEBOOK_BYTES = 64 * MEGABYTE
_DECLARATIONS = (
    b"<!DOCTYPE",
    b"<!ENTITY",
    "<!DOCTYPE".encode("utf-16-le"),
    "<!ENTITY".encode("utf-16-le"),
)


def codebook_xml(project: Project, *, out: Outbound | None = None) -> tuple[bytes, int]:
    """The project's codebook as QDA-XML bytes, validated, and the number of codes; names,
    descriptions and examples leave through ``out`` (default: the project's setting)."""
    from lxml import etree

    out = resolve(project, out)
    guid = GuidMaker(project_namespace(project))
    with project.reading() as session:
        codes = list(session.scalars(select(Code).order_by(Code.position, Code.id)))
        if not codes:
            raise InvalidInput("the codebook is empty: there are no codes to export")
        children_of: dict[int | None, list[Code]] = {}
        for code in codes:
            children_of.setdefault(code.parent_id, []).append(code)
        root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS})
        root.set("origin", ORIGIN)
        add_code_elements(
            sub(root, "Codes"),
            children_of.get(None, []),
            children_of,
            lambda code: guid("code", code.id, code.created_at),
            out=out,
        )
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    checked = etree.fromstring(data)
    problems = schema_problems(checked, "codebook") + reference_problems(checked)
    if problems:
        raise ExchangeError(
            "the codebook export was stopped because it would not be a valid REFI-QDA file "
            f"(a fault in Transcoda): {'; '.join(problems[:5])}"
        )
    return data, len(codes)


def export_qdc(project: Project, path: Path | str, *, out: Outbound | None = None) -> int:
    target = check_output(path, ".qdc")
    data, count = codebook_xml(project, out=out)
    write_atomically(target, data)
    return count


def read_qdc(data: bytes, *, filename: str, report: ImportReport) -> list[RefiCode]:
    """The code tree of a codebook file (a project file's codebook is accepted too)."""
    if any(pattern in data for pattern in _DECLARATIONS):
        raise ImportFormatError(
            filename,
            "was refused: it declares a document type or entities, which codebooks never "
            "need and which can be used to attack the computer",
        )
    root: Element = parse_xml(data, filename=filename, part="the codebook")
    if local(root) == "project":
        root = child(root, "CodeBook")
        if root is None:
            raise ImportFormatError(filename, "is a REFI-QDA project without a codebook")
    if local(root) != "codebook":
        raise ImportFormatError(filename, "is not a REFI-QDA codebook (no CodeBook element)")
    codes: list[RefiCode] = []
    for container in children(root, "Codes"):
        codes.extend(read_codes(container, report.skipped))
    if not codes:
        raise ImportFormatError(filename, "lists no codes")
    return codes


def import_qdc(project: Project, path: Path | str) -> tuple[Changes, ImportReport]:
    """Add a codebook's codes; codes already at the same place in the codebook are kept."""
    from coding.input_files import check_input, read_input

    path = Path(path)
    ensure_size_within(
        check_input(path).real.stat().st_size, filename=path.name, max_bytes=MAX_CODEBOOK_BYTES
    )
    report = ImportReport()
    data = read_input(path, limit=MAX_CODEBOOK_BYTES, what="a codebook")
    codes = read_qdc(data, filename=path.name, report=report)
    with operation(project, f"Import codebook from {path.name}") as op:
        mapping = add_codes(op.session, codes, report)
        report.codes = mapping.created
        # As for CSV codebooks, the changes carry the number of new codes.
        op.id = mapping.created
    return op.changes, report
