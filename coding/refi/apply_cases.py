"""Imported variables and cases: typed attributes, their values, and which documents belong
to which case.

REFI variables are global; whether one describes cases or documents shows only where its
values stand. MAXQDA and Quirkos give a document its values through a case with no name and a
single SourceRef: those values become document attributes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import lookup
from coding.cases import (
    attribute_choices,
    canonical_value,
    create_case_in,
    define_attribute_in,
    set_case_value_in,
)
from coding.errors import InvalidInput
from coding.refi.model import RefiCase, RefiProject, RefiValue
from coding.refi.report import ImportReport
from coding.refi.variables import canonical_boolean, transcoda_type
from models.entities import (
    AttributeDefinition,
    AttributeTarget,
    AttributeType,
    Case,
    DocumentValue,
)

_CASE = AttributeTarget.CASE.value
_DOCUMENT = AttributeTarget.DOCUMENT.value


def add_cases_and_values(
    session: Session, refi: RefiProject, documents: dict[str, int], report: ImportReport
) -> None:
    named = [case for case in refi.cases if case.name or len(case.sources) != 1]
    document_values: list[tuple[str, RefiValue]] = [
        (source.guid, value) for source in refi.sources for value in source.values
    ]
    for case in refi.cases:
        if not case.name and len(case.sources) == 1:
            document_values += [(case.sources[0], value) for value in case.values]
    attributes = _Attributes(session, refi, report)
    attributes.prepare(
        {value.variable for case in named for value in case.values},
        {value.variable for _, value in document_values},
    )
    for source_guid, value in document_values:
        document_id = documents.get(source_guid)
        if document_id is not None:
            attributes.set_document_value(document_id, value)
    made: set[int] = set()
    for number, case in enumerate(named, start=1):
        row = _case(session, case, number, made, report)
        for value in case.values:
            attributes.set_case_value(row, value)
        for source_guid in case.sources:
            document_id = documents.get(source_guid)
            if document_id is None:
                continue
            document = lookup.document(session, document_id)
            if document.case_id is None:
                document.case_id = row.id
            elif document.case_id != row.id:
                report.skip(
                    f"'{document.title}' also belongs to the case '{row.name}' in the file; "
                    "a Transcoda document belongs to one case, so it stays with the first"
                )
        if case.selections:
            report.skip(f"{case.selections} passages linked to the case '{row.name}'")
        if case.code_refs:
            report.skip(f"{case.code_refs} codes linked to the case '{row.name}'")
    session.flush()


def _case(
    session: Session, case: RefiCase, number: int, made: set[int], report: ImportReport
) -> Case:
    name = case.name or f"Case {number}"
    # Compared in Python: SQLite's lower() folds ASCII only, and case names are often Cyrillic.
    by_name = {row.name.casefold(): row for row in session.scalars(select(Case))}
    existing = by_name.get(name.casefold())
    if existing is not None and existing.id not in made:
        if case.description and not existing.description:
            existing.description = case.description
        return existing
    unique, counter = name, 2
    while unique.casefold() in by_name:
        unique = f"{name} ({counter})"
        counter += 1
    row = create_case_in(session, unique, case.description)
    made.add(row.id)
    report.cases += 1
    return row


class _Attributes:
    def __init__(self, session: Session, refi: RefiProject, report: ImportReport) -> None:
        self.session = session
        self.refi = refi
        self.report = report
        self.defined: dict[tuple[str, str], AttributeDefinition] = {}
        self.booleans: set[int] = set()  # attributes made from Boolean variables

    def prepare(self, for_cases: set[str], for_documents: set[str]) -> None:
        observed: dict[str, list[str]] = {}
        for case in self.refi.cases:
            for value in case.values:
                observed.setdefault(value.variable, []).append(value.value)
        for source in self.refi.sources:
            for value in source.values:
                observed.setdefault(value.variable, []).append(value.value)
        for guid, variable in self.refi.variables.items():
            targets = [
                t for t, used in ((_CASE, for_cases), (_DOCUMENT, for_documents)) if guid in used
            ]
            for target in targets or [_CASE]:
                self.defined[(guid, target)] = self._define(
                    variable.name,
                    variable.type_name,
                    variable.description,
                    target,
                    observed.get(guid, []),
                )

    def _define(
        self, name: str, type_name: str, description: str, target: str, values: list[str]
    ) -> AttributeDefinition:
        existing = next(
            (
                row
                for row in self.session.scalars(
                    select(AttributeDefinition).where(AttributeDefinition.target == target)
                )
                if row.name.casefold() == name.casefold()
            ),
            None,
        )
        if existing is not None:
            return existing
        kind = transcoda_type(type_name, description)
        choices = list(kind.choices)
        if kind.kind == AttributeType.CHOICE:
            boolean = type_name.strip().lower() == "boolean"
            for value in values:
                value = (canonical_boolean(value) or value) if boolean else value.strip()
                if value and value not in choices:
                    choices.append(value)
        self.report.attributes += 1
        attribute = define_attribute_in(self.session, name, kind.kind, choices, target)
        if type_name.strip().lower() == "boolean":
            self.booleans.add(attribute.id)
        return attribute

    def _value(self, attribute: AttributeDefinition, raw: str) -> str:
        if attribute.id in self.booleans:
            return canonical_boolean(raw) or raw
        return raw

    def set_case_value(self, case: Case, value: RefiValue) -> None:
        attribute = self._attribute(value, _CASE)
        if attribute is None or not value.value:
            return
        try:
            set_case_value_in(self.session, case, attribute, self._value(attribute, value.value))
        except InvalidInput as error:
            self.report.skip(f"a value of '{case.name}': {error}")
            return
        self.report.values += 1

    def set_document_value(self, document_id: int, value: RefiValue) -> None:
        attribute = self._attribute(value, _DOCUMENT)
        if attribute is None or not value.value:
            return
        try:
            canonical = canonical_value(
                attribute.type,
                self._value(attribute, value.value),
                attribute_choices(attribute),
                attribute.name,
            )
        except InvalidInput as error:
            self.report.skip(f"a document value: {error}")
            return
        if not canonical:
            return
        row = self.session.get(DocumentValue, (document_id, attribute.id))
        if row is None:
            self.session.add(
                DocumentValue(document_id=document_id, attribute_id=attribute.id, value=canonical)
            )
        else:
            row.value = canonical
        self.report.values += 1

    def _attribute(self, value: RefiValue, target: str) -> AttributeDefinition | None:
        attribute = self.defined.get((value.variable, target))
        if attribute is None:
            self.report.skip("a value of a variable that the file does not define")
        return attribute
