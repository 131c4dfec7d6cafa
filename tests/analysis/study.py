"""A hand-built study with known answers for every analysis.

Cases: R1, R2, R4 Russia -> Georgia; R3 Russia -> Germany; A1 Azerbaijan -> Germany; A2
Azerbaijan -> Georgia; an expert's notes without a case. Texts in Russian (a timed transcript
with Georgian and emoji before the coded words), German and English. Codings (coder):

    D1 R1  F1 Fear   "мы уехали из-за страха" (Anna)
           P1 Police "страха. Полиция проверяла телефоны" (Anna)
           F2 Fear   "Со страхом жили долго" (Giorgi)   H1 Hope "Потом пришла надежда" (Giorgi)
    D2 R2  P2 Police "Я боялась полиции" (Anna)        F3 Fear   "Страх остался надолго" (Anna)
    D3 R3  X1 Help  "Sie hat mir geholfen" (Anna)     F4 Fear   "als ich Angst hatte" (Giorgi)
    D4 A1  X2 Help  "I was helping my parents" (Anna)
    D5 A2  H2 Hope  "Hope came later" (Anna)
    D6 R4  (no codings)
    D7 --  F5 Fear  "fear of repression" (Anna)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coding import cases, codebook, codings, documents
from coding.project import Project
from models.entities import AttributeType, DocumentKind
from models.transcript_layout import TimedText, lay_out

TRANSCRIPT = [
    TimedText(0, 1500, "Interviewer", "Как вы решили уехать? 🙂"),
    TimedText(
        1600,
        3500,
        "Respondent",
        "გამარჯობა 🇬🇪 — мы уехали из-за страха. Полиция проверяла телефоны.",
    ),
    TimedText(3600, 5000, "Interviewer", "А потом?"),
    TimedText(5100, 8000, "Respondent", "Со страхом жили долго. Потом пришла надежда."),
]
TEXTS = {
    "D2": "Я боялась полиции. Страх остался надолго.\nНо я помогала другим.",
    "D3": "Sie hat mir geholfen, als ich Angst hatte.\nWir halfen einander.",
    "D4": "I was helping my parents. They helped us with the police.",
    "D5": "Hope came later. 😀 Fear? No.",
    "D6": "Мы просто переехали ради работы.",
    "D7": "Experts note that fear of repression is common.",
}
CASES = {
    "R1": ("Russia", "Georgia"),
    "R2": ("Russia", "Georgia"),
    "R3": ("Russia", "Germany"),
    "R4": ("Russia", "Georgia"),
    "A1": ("Azerbaijan", "Germany"),
    "A2": ("Azerbaijan", "Georgia"),
}
DOCUMENTS = {
    # key: (title, case, language)
    "D1": ("Interview R1", "R1", "ru"),
    "D2": ("Interview R2", "R2", "ru"),
    "D3": ("Interview R3", "R3", "de"),
    "D4": ("Interview A1", "A1", "en"),
    "D5": ("Interview A2", "A2", "en"),
    "D6": ("Interview R4", "R4", "ru"),
    "D7": ("Expert notes", None, "en"),
}
CODINGS = {
    # key: (document, code, quote, coder)
    "F1": ("D1", "Fear", "мы уехали из-за страха", "Anna"),
    "P1": ("D1", "Police", "страха. Полиция проверяла телефоны", "Anna"),
    "F2": ("D1", "Fear", "Со страхом жили долго", "Giorgi"),
    "H1": ("D1", "Hope", "Потом пришла надежда", "Giorgi"),
    "P2": ("D2", "Police", "Я боялась полиции", "Anna"),
    "F3": ("D2", "Fear", "Страх остался надолго", "Anna"),
    "X1": ("D3", "Help", "Sie hat mir geholfen", "Anna"),
    "F4": ("D3", "Fear", "als ich Angst hatte", "Giorgi"),
    "X2": ("D4", "Help", "I was helping my parents", "Anna"),
    "H2": ("D5", "Hope", "Hope came later", "Anna"),
    "F5": ("D7", "Fear", "fear of repression", "Anna"),
}


@dataclass
class Study:
    path: Path
    documents: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    codings: dict[str, int] = field(default_factory=dict)
    cases: dict[str, int] = field(default_factory=dict)

    def span(self, key: str) -> tuple[int, int]:
        document, _, quote, _ = CODINGS[key]
        start = self.texts[document].index(quote)
        return start, start + len(quote)


def build(path: Path) -> Study:
    study = Study(path)
    with Project.create(path, title="Known answers") as project:
        origin = cases.define_attribute(
            project,
            name="origin",
            kind=AttributeType.CHOICE.value,
            choices=["Russia", "Azerbaijan"],
        ).id
        host = cases.define_attribute(
            project, name="host", kind=AttributeType.CHOICE.value, choices=["Germany", "Georgia"]
        ).id
        assert origin is not None and host is not None
        for name, (from_, to) in CASES.items():
            case_id = cases.create_case(project, name=name).id
            assert case_id is not None
            cases.set_case_value(project, case_id=case_id, attribute_id=origin, value=from_)
            cases.set_case_value(project, case_id=case_id, attribute_id=host, value=to)
            study.cases[name] = case_id
        laid = lay_out(TRANSCRIPT)
        for key, (title, case, language) in DOCUMENTS.items():
            text = laid.text if key == "D1" else TEXTS[key]
            changes = documents.add_document(
                project,
                title=title,
                text=text,
                language=language,
                case_id=None if case is None else study.cases[case],
                kind=(
                    DocumentKind.EXPERT_INTERVIEW.value
                    if case is None
                    else DocumentKind.SEMI_STRUCTURED_INTERVIEW.value
                ),
                segments=laid.segments if key == "D1" else (),
            )
            assert changes.id is not None
            study.documents[key] = changes.id
            study.texts[key] = text
        emotions = codebook.create_code(project, name="Emotions").id
        assert emotions is not None
        study.codes["Emotions"] = emotions
        for name, parent in (("Fear", emotions), ("Hope", emotions), ("Police", None)):
            study.codes[name] = codebook.create_code(project, name=name, parent_id=parent).id  # type: ignore[assignment]
        study.codes["Help"] = codebook.create_code(project, name="Help").id  # type: ignore[assignment]
        for key, (document, code, _, coder) in CODINGS.items():
            start, end = study.span(key)
            changes = codings.apply_coding(
                project,
                document_id=study.documents[document],
                code_id=study.codes[code],
                start=start,
                end=end,
                coder=coder,
            )
            assert changes.id is not None
            study.codings[key] = changes.id
    return study
