"""Groups to compare: documents split by case attributes (origin x host), by document, case,
kind or language, and codings split by coder.

A dimension is named as people name it: a case attribute ("origin"), a document attribute, or
one of the built-ins ``document``, ``case``, ``kind``, ``language``, ``coder``. An attribute
wins over a built-in of the same name; ``@case`` always means the built-in. Groups exist only
for combinations some document has; a document without a value falls in a group whose value is
None (shown as "(none)"), so nothing silently drops out of a table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from coding.analysis.dataset import Codings, Dataset
from coding.errors import InvalidInput
from coding.reports.resolve import listing, unknown
from models.entities import AttributeTarget, AttributeType, DocumentKind

BUILTINS = ("document", "case", "kind", "language", "coder")
MISSING = "(none)"
_KIND_ORDER = {kind.value: at for at, kind in enumerate(DocumentKind)}


@dataclass(frozen=True)
class Dimension:
    name: str
    source: str  # case_attribute, document_attribute, or a built-in's name
    choices: tuple[str, ...] = ()
    type: str = AttributeType.TEXT.value


@dataclass(frozen=True)
class Group:
    dimensions: tuple[str, ...]
    values: tuple[str | None, ...]
    document_ids: frozenset[int]
    case_ids: frozenset[int]

    @property
    def label(self) -> str:
        return " / ".join(MISSING if value is None else value for value in self.values)

    def as_dict(self) -> dict[str, str | None]:
        return dict(zip(self.dimensions, self.values, strict=True))


@dataclass(frozen=True)
class Grouping:
    dimensions: tuple[Dimension, ...]
    groups: tuple[Group, ...]
    by_document: dict[int, tuple[str | None, ...]]
    index: dict[tuple[str | None, ...], int]

    def groups_of(self, codings: Codings) -> list[int | None]:
        """The group of each coding (None for a document outside every group)."""
        if not any(dimension.source == "coder" for dimension in self.dimensions):
            of_document = {
                document_id: self.index.get(values)
                for document_id, values in self.by_document.items()
            }
            return [of_document.get(document_id) for document_id in codings.documents]
        found: list[int | None] = []
        for document_id, coder in zip(codings.documents, codings.coders, strict=True):
            values = self.by_document.get(document_id)
            key = None if values is None else _with_coder(self.dimensions, values, coder)
            found.append(None if key is None else self.index.get(key))
        return found


def _with_coder(
    dimensions: Sequence[Dimension], values: tuple[str | None, ...], coder: str
) -> tuple[str | None, ...]:
    return tuple(
        coder if dimension.source == "coder" else value
        for dimension, value in zip(dimensions, values, strict=True)
    )


def resolve_dimensions(dataset: Dataset, names: Sequence[str]) -> tuple[Dimension, ...]:
    if not names:
        raise InvalidInput("say what to group by: an attribute, or one of " + ", ".join(BUILTINS))
    found = []
    for raw in names:
        name = raw.strip()
        builtin = name[1:] if name.startswith("@") else None
        if builtin is None:
            attribute = _attribute(dataset, name)
            if attribute is not None:
                found.append(attribute)
                continue
            builtin = name.casefold()
        if builtin not in BUILTINS:
            existing = [a.name for a in dataset.attributes] + list(BUILTINS)
            raise unknown("attribute", name, existing)
        found.append(Dimension(builtin, builtin))
    if len({dimension.name.casefold() for dimension in found}) < len(found):
        raise InvalidInput(f"group by each dimension once ({', '.join(names)})")
    return tuple(found)


def _attribute(dataset: Dataset, name: str) -> Dimension | None:
    for target, source in (
        (AttributeTarget.CASE.value, "case_attribute"),
        (AttributeTarget.DOCUMENT.value, "document_attribute"),
    ):
        matches = [a for a in dataset.attributes if a.target == target and a.name == name]
        matches = matches or [
            a
            for a in dataset.attributes
            if a.target == target and a.name.casefold() == name.casefold()
        ]
        if matches:
            return Dimension(matches[0].name, source, matches[0].choices, matches[0].type)
    return None


def _value(dataset: Dataset, dimension: Dimension, document_id: int) -> str | None:
    info = dataset.documents[document_id]
    source = dimension.source
    if source == "case_attribute":
        if info.case_id is None:
            return None
        return dataset.case_values.get(info.case_id, {}).get(dimension.name) or None
    if source == "document_attribute":
        return dataset.document_values.get(document_id, {}).get(dimension.name) or None
    if source == "document":
        return info.title
    if source == "case":
        return None if info.case_id is None else dataset.case_names[info.case_id]
    if source == "kind":
        return info.kind
    if source == "language":
        return info.language or None
    return None  # coder: set per coding


def _sort_key(dataset: Dataset, dimension: Dimension) -> Callable[[str | None], tuple[object, ...]]:
    positions = {info.title: info.position for info in dataset.documents.values()}
    choices = {choice: at for at, choice in enumerate(dimension.choices)}

    def key(value: str | None) -> tuple[object, ...]:
        if value is None:
            return (2,)
        if dimension.source == "document":
            return (0, positions.get(value, 0), value)
        if dimension.source == "kind":
            return (0, _KIND_ORDER.get(value, len(_KIND_ORDER)), value)
        if value in choices:
            return (0, choices[value], value)
        if dimension.type == AttributeType.NUMBER.value:
            try:
                return (0, float(value), value)
            except ValueError:
                return (1, value.casefold(), value)
        if dimension.type == AttributeType.DATE.value:
            try:
                return (0, date.fromisoformat(value).toordinal(), value)
            except ValueError:
                return (1, value.casefold(), value)
        return (1, value.casefold(), value)

    return key


def group_by(dataset: Dataset, names: Sequence[str]) -> Grouping:
    dimensions = resolve_dimensions(dataset, names)
    by_document = {
        document_id: tuple(_value(dataset, dimension, document_id) for dimension in dimensions)
        for document_id in dataset.documents
    }
    coders = sorted(set(dataset.codings.coders), key=str.casefold)
    members: dict[tuple[str | None, ...], set[int]] = {}
    for document_id, values in by_document.items():
        if any(dimension.source == "coder" for dimension in dimensions):
            for coder in coders:
                members.setdefault(_with_coder(dimensions, values, coder), set()).add(document_id)
        else:
            members.setdefault(values, set()).add(document_id)
    keys = [_sort_key(dataset, dimension) for dimension in dimensions]
    ordered = sorted(
        members, key=lambda values: [key(value) for key, value in zip(keys, values, strict=True)]
    )
    names_out = tuple(dimension.name for dimension in dimensions)
    groups = tuple(
        Group(
            dimensions=names_out,
            values=values,
            document_ids=frozenset(members[values]),
            case_ids=frozenset(
                case_id
                for document_id in members[values]
                if (case_id := dataset.case_of(document_id)) is not None
            ),
        )
        for values in ordered
    )
    return Grouping(
        dimensions=dimensions,
        groups=groups,
        by_document=by_document,
        index={group.values: at for at, group in enumerate(groups)},
    )


def describe_dimensions(dataset: Dataset) -> str:
    """What can be grouped by, for error messages and help."""
    return listing([a.name for a in dataset.attributes] + list(BUILTINS))
