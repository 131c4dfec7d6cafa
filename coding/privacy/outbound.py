"""The one door through which a project's words leave it for a file or another program.

Every export takes an ``Outbound`` and passes every piece of text it writes through it: Word
reports, the codebook with its examples (Word, CSV, REFI-QDA .qdc), transcripts in every
format, REFI-QDA .qdpx, tables of analysis results (CSV, XLSX, Word), search and retrieval
results written as JSON or CSV, the agreement tables, the share copy. An exporter that asks
``outbound_for`` (or is given an ``Outbound``) cannot forget pseudonymisation, coder names or
timestamps: they are decided here, once.

- Names: with pseudonymisation on, every name the project knows (listed or found, all but the
  rejected) is replaced by its pseudonym, in every form and each of a person's names alone.
  Text is replaced before any format escapes it (XML, CSV, JSON), so an escaped form never
  reaches the file. A whole document goes through ``document()``, which also moves positions
  into it (codings, transcript segments) onto the new text.
- The project setting "always pseudonymise exports" (``ALWAYS_KEY``) makes pseudonymisation
  the default; a front end switches it off only when the user says so (``--no-pseudonymise``,
  an unticked box), and says so.
- Coders appear under the coder name the user chose, never the login name of the account
  that made the codings (``root``, ``jdoe``): see ``exported_coder_names``.
- Change-history timestamps (when a document, coding or memo was made or changed) are left
  out unless asked for (``timestamps=True``).
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import getpass
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.changes import Changes
from coding.errors import InvalidInput
from coding.operations import operation
from coding.project import Project
from models.entities import Coder, Memo, Setting
from models.privacy import PrivacyEntity

ALWAYS_KEY = "always_pseudonymise_exports"
NO_NAMES = (
    "the project knows no names to replace yet: find them first (Privacy > Pseudonymise… in "
    "the app, or `transcoda pseudonymise PROJECT --detect` and/or `--terms FILE`)"
)
T = TypeVar("T")


@dataclass(frozen=True)
class Rewritten:
    """A document's text as it leaves the project, and where its old positions went."""

    text: str
    # (old start, old end, new start, new end) of every replaced name, in order.
    edits: tuple[tuple[int, int, int, int], ...] = ()

    def start(self, position: int) -> int:
        """Where a span that started at ``position`` starts now (inside a name: before it)."""
        return self._moved(position, end=False)

    def end(self, position: int) -> int:
        """Where a span that ended at ``position`` ends now (inside a name: after it)."""
        return self._moved(position, end=True)

    def _moved(self, position: int, *, end: bool) -> int:
        if not self.edits:
            return position
        at = bisect.bisect_right([edit[0] for edit in self.edits], position) - 1
        if at < 0:
            return position
        old_start, old_end, new_start, new_end = self.edits[at]
        if position == old_start:
            return new_start
        if position < old_end:
            return new_end if end else new_start
        return new_end + (position - old_end)


@dataclass(frozen=True)
class Outbound:
    """How text leaves the project in one export; see the module note."""

    pseudonymise: Callable[[str], str] | None = None
    # Coder names as stored -> as exported (login names replaced by the chosen coder name).
    coder_names: Mapping[str, str] = field(default_factory=dict)
    timestamps: bool = False
    # Recordings in archives (.qdpx): a voice identifies a person as surely as a name.
    recordings: bool = True

    @property
    def pseudonymised(self) -> bool:
        return self.pseudonymise is not None

    def text(self, value: str) -> str:
        """``value`` as it may leave: names replaced; a value that is a coder's login name
        (a cell, a JSON field, a column of a matrix by coder) becomes the exported name."""
        if not value:
            return value
        value = self.coder_names.get(value, value)
        if self.pseudonymise is None:
            return value
        return self.pseudonymise(value)

    def optional(self, value: str | None) -> str | None:
        return None if value is None else self.text(value)

    def coder(self, name: str | None) -> str:
        """A coder's or memo author's name as exported."""
        return self.text((name or "").strip())

    def when(self, value: datetime | None) -> datetime | None:
        """A change-history timestamp, or None when timestamps are left out."""
        return value if self.timestamps else None

    def document(self, text: str) -> Rewritten:
        """A whole document's text, with the positions into it moved along (see Rewritten)."""
        if self.pseudonymise is None or not text:
            return Rewritten(text)
        edits_of = getattr(self.pseudonymise, "edits", None)
        if edits_of is None:
            return _diffed(text, self.pseudonymise(text))
        pieces: list[str] = []
        moved: list[tuple[int, int, int, int]] = []
        at = length = 0
        for start, end, pseudonym in edits_of(text):
            pieces.append(text[at:start])
            length += start - at
            pieces.append(pseudonym)
            moved.append((start, end, length, length + len(pseudonym)))
            length += len(pseudonym)
            at = end
        pieces.append(text[at:])
        return Rewritten("".join(pieces), tuple(moved))

    def value(self, item: T) -> T:
        """Every string inside ``item`` (records for JSON, rows of a table, dataclasses)."""
        return _deep(self, item)  # type: ignore[no-any-return]


def _deep(out: Outbound, item: Any) -> Any:
    if isinstance(item, str):
        return out.text(item)
    if isinstance(item, dict):
        return {_deep(out, key): _deep(out, value) for key, value in item.items()}
    if isinstance(item, list):
        return [_deep(out, value) for value in item]
    if isinstance(item, tuple):
        values = [_deep(out, value) for value in item]
        return type(item)(*values) if hasattr(item, "_fields") else tuple(values)
    if isinstance(item, set | frozenset):
        return type(item)(_deep(out, value) for value in item)
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        changed = {
            f.name: _deep(out, getattr(item, f.name)) for f in dataclasses.fields(item) if f.init
        }
        return dataclasses.replace(item, **changed)
    return item


def _diffed(old: str, new: str) -> Rewritten:
    """Positions for a plain text -> text function (a hand-made pseudonymiser in a test)."""
    from difflib import SequenceMatcher

    moved = [
        (i1, i2, j1, j2)
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        if tag != "equal"
    ]
    return Rewritten(new, tuple(moved))


# -- the project setting ---------------------------------------------------------------------


def always_pseudonymise(project: Project) -> bool:
    """Whether this project's exports are pseudonymised unless the user switches it off."""
    with project.reading() as session:
        return _setting_on(session)


def _setting_on(session: Session) -> bool:
    value = session.scalar(select(Setting.value).where(Setting.key == ALWAYS_KEY))
    return (value or "").strip() == "1"


def set_always_pseudonymise(project: Project, *, on: bool) -> Changes:
    """Switch the setting; one undoable operation."""
    verb = "Always pseudonymise exports" if on else "Stop pseudonymising exports by default"
    with operation(project, verb) as op:
        row = op.session.get(Setting, ALWAYS_KEY)
        if row is None:
            op.session.add(Setting(key=ALWAYS_KEY, value="1" if on else "0"))
        else:
            row.value = "1" if on else "0"
    return op.changes


def knows_names(project: Project) -> bool:
    with project.reading() as session:
        return session.scalars(select(PrivacyEntity.id).limit(1)).first() is not None


# -- coders ----------------------------------------------------------------------------------


def account_names() -> set[str]:
    """The login names of this machine's user: never a name to put in an export."""
    names = {os.environ.get(key, "").strip() for key in ("USER", "LOGNAME", "USERNAME")}
    with contextlib.suppress(Exception):  # no login name in some containers
        names.add(getpass.getuser().strip())
    return {name for name in names if name}


def exported_coder_names(session: Session) -> dict[str, str]:
    """Stored coder name -> exported one, for coders stored under a login name.

    Codings made before anyone chose a coder name carry the login name (``root``). In exports
    they carry the coder name the user chose (``transcoda coder set``, the app's Coder name
    dialog, ``$TRANSCODA_CODER``) when no other coder of the project has it, else
    ``Coder N``.
    """
    from coding.lookup import CODER_ENV
    from coding.team.coders import saved_coder

    accounts = {name.casefold() for name in account_names()} | {"root"}
    stored = list(session.scalars(select(Coder.name).order_by(Coder.id)))
    for author in session.scalars(select(Memo.author).distinct().order_by(Memo.author)):
        if author and author not in stored:
            stored.append(author)
    taken = {name.casefold() for name in stored}
    chosen = os.environ.get(CODER_ENV, "").strip() or saved_coder()
    names: dict[str, str] = {}
    for number, name in enumerate(stored, start=1):
        if name.strip().casefold() not in accounts:
            continue
        if chosen and chosen.casefold() not in accounts and chosen.casefold() not in taken:
            names[name] = chosen
            taken.add(chosen.casefold())
        else:
            names[name] = f"Coder {number}"
    return names


# -- what every export asks for ----------------------------------------------------------------


def outbound_for(
    project: Project,
    *,
    pseudonymise: bool | None = None,
    timestamps: bool = False,
    recordings: bool | None = None,
) -> Outbound:
    """The Outbound for one export; ``pseudonymise=None`` follows the project setting.

    Raises InvalidInput when pseudonymisation is asked for and the project knows no names:
    an export that promises to hide names must not quietly hide none.
    """
    from coding.privacy.apply import export_pseudonymiser

    with project.reading() as session:
        wanted = _setting_on(session) if pseudonymise is None else pseudonymise
        coder_names = exported_coder_names(session)
    replacer = None
    if wanted:
        if not knows_names(project):
            raise InvalidInput(NO_NAMES)
        replacer = export_pseudonymiser(project)
    return Outbound(
        pseudonymise=replacer,
        coder_names=coder_names,
        timestamps=timestamps,
        recordings=(not wanted) if recordings is None else recordings,
    )


def resolve(
    project: Project, out: Outbound | None, pseudonymise: Callable[[str], str] | None = None
) -> Outbound:
    """What an exporter uses: the Outbound it was given, else the project's default one.

    ``pseudonymise`` is the older way of asking (a plain text -> text function), still taken.
    """
    if out is not None:
        return out
    default = outbound_for(project)
    if pseudonymise is not None:
        return dataclasses.replace(default, pseudonymise=pseudonymise)
    return default
