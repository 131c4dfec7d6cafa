"""A small study built through the services: three interviews, four cases, two coders.

Every coded span comes after Cyrillic, Georgian and emoji text (the Georgian flag is two code
points, the family emoji seven), so a quote cut at the wrong offset shows in the reports.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest

from coding import cases, codebook, codings, documents
from coding.project import Project
from models.entities import DocumentKind
from models.transcript_layout import TimedText, lay_out

FAMILY = "👨\u200d👩\u200d👧\u200d👦"
FLAG = "🇬🇪"


@dataclass
class Study:
    project: Project
    codes: dict[str, int] = field(default_factory=dict)
    docs: dict[str, int] = field(default_factory=dict)
    cases: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    # Coding id by a short name the tests use.
    quotes: dict[str, int] = field(default_factory=dict)

    def code(self, name: str, parent: str | None = None, definition: str = "") -> None:
        changes = codebook.create_code(
            self.project,
            name=name,
            parent_id=None if parent is None else self.codes[parent],
            definition=definition,
            when_to_use=f"Use {name} when the speaker names it.",
            example=f"«{name}» 🙂",
        )
        assert changes.id is not None
        self.codes[name] = changes.id

    def apply(
        self, key: str, document: str, code: str, quote: str, coder: str, memo: str = ""
    ) -> None:
        text = self.texts[document]
        start = text.index(quote)
        changes = codings.apply_coding(
            self.project,
            document_id=self.docs[document],
            code_id=self.codes[code],
            start=start,
            end=start + len(quote),
            coder=coder,
            memo=memo,
        )
        assert changes.id is not None
        self.quotes[key] = changes.id


def build_study(path: Path) -> Study:
    study = Study(Project.create(path, title="Emigration 2022"))
    p = study.project
    study.code("Emotions", definition="Feelings that frame the decision to leave.")
    study.code("Fear", "Emotions", "Fear for oneself or for relatives.")
    study.code("Fear of repression", "Fear", "Fear of persecution reaching across borders.")
    study.code("Hope", "Emotions", "Expectations of a better future.")
    study.code("Social capital", definition="Ties that give access to help.")
    study.code("Bonding", "Social capital", "Ties within one's own group.")

    attributes: dict[str, int] = {}
    for name, kind, choices in (
        ("origin", "text", None),
        ("host", "choice", ["Germany", "Georgia", "Kazakhstan"]),
        ("year left", "number", None),
    ):
        changes = cases.define_attribute(p, name=name, kind=kind, choices=choices)
        assert changes.id is not None
        attributes[name] = changes.id
    for case, origin, host, year in (
        ("R-01", "Russia", "Georgia", "2022"),
        ("R-02", "Russia", "Germany", "2023"),
        ("A-01", "Azerbaijan", "Georgia", "2021"),
        ("K-01", "Russia", "Kazakhstan", "2022"),
    ):
        changes = cases.create_case(p, name=case)
        assert changes.id is not None
        study.cases[case] = changes.id
        for name, value in (("origin", origin), ("host", host), ("year left", year)):
            cases.set_case_value(p, case_id=changes.id, attribute_id=attributes[name], value=value)

    laid = lay_out(
        [
            TimedText(0, 4000, "Interviewer", "Расскажите, почему вы уехали?"),
            TimedText(5000, 9000, "Nino", f"Тбилиси {FLAG} თბილისი {FAMILY} — we left in March."),
            TimedText(9000, 14000, "Nino", "I was afraid of the knock at the door."),
            TimedText(65000, 70000, "Interviewer", "А что дальше?"),
            TimedText(3725000, 3730000, "Nino", "Now I hope to go back one day ✨."),
        ]
    )
    add_document(study, "Interview R-01", laid.text, case="R-01", segments=laid.segments)
    add_document(
        study,
        "Interview A-01",
        f"Bakı → Tbilisi {FLAG}. ჩვენ ერთად ვართ {FAMILY}.\n\n"
        "Our neighbours helped us: they brought bread every day.\n"
        "Second line of the paragraph.",
        case="A-01",
    )
    add_document(
        study,
        "Interview R-02",
        f"Берлин, {FAMILY} семья. Мне страшно за родителей в Москве.\n\n"
        "Я надеюсь, что всё изменится.",
        case="R-02",
    )
    add_document(study, "Field notes", f"Notes 📝 {FLAG}: the café was full of émigrés.")

    study.apply(
        "knock",
        "Interview R-01",
        "Fear of repression",
        "afraid of the knock",
        "anna",
        memo="Classic image of 1937; compare with R-02.",
    )
    study.apply("left", "Interview R-01", "Fear", "we left in March", "boris")
    study.apply("hope_r01", "Interview R-01", "Hope", "hope to go back one day ✨", "anna")
    study.apply("bread", "Interview A-01", "Bonding", "they brought bread every day", "anna")
    study.apply("parents", "Interview R-02", "Fear", "Мне страшно за родителей", "boris")
    study.apply("changes", "Interview R-02", "Hope", "всё изменится", "anna")
    study.apply("cafe", "Field notes", "Bonding", "the café was full of émigrés", "boris")
    # Spans a turn boundary: the quote starts in the stamp before Nino's second turn.
    start = study.texts["Interview R-01"].index("[01:02:05]")
    study.apply(
        "stamp",
        "Interview R-01",
        "Emotions",
        study.texts["Interview R-01"][start : start + 30],
        "anna",
    )
    return study


def add_document(
    study: Study,
    title: str,
    text: str,
    *,
    case: str | None = None,
    segments: tuple[object, ...] = (),
) -> None:
    changes = documents.add_document(
        study.project,
        title=title,
        text=text,
        language="ru",
        kind=DocumentKind.SEMI_STRUCTURED_INTERVIEW.value,
        date=date(2024, 3, 14),
        interviewer="Maria K.",
        case_id=None if case is None else study.cases[case],
        segments=segments,  # type: ignore[arg-type]
    )
    assert changes.id is not None
    study.docs[title] = changes.id
    study.texts[title] = text


@pytest.fixture(scope="session")
def built_study(tmp_path_factory: pytest.TempPathFactory) -> Study:
    """Built once through the services; each test gets its own copy of the file."""
    built = build_study(tmp_path_factory.mktemp("template") / "study.tcproj")
    built.project.close()  # the last connection closing folds the WAL into the file
    return built


@pytest.fixture
def study(built_study: Study, tmp_path: Path) -> Iterator[Study]:
    path = tmp_path / "study.tcproj"
    shutil.copyfile(built_study.project.path, path)
    copy = replace(
        built_study,
        project=Project.open(path),
        codes=dict(built_study.codes),
        docs=dict(built_study.docs),
        cases=dict(built_study.cases),
        texts=dict(built_study.texts),
        quotes=dict(built_study.quotes),
    )
    try:
        yield copy
    finally:
        copy.project.close()
