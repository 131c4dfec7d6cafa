"""A multilingual project full of listed names, and a search for those names in any output.

The search reads every byte written: zip containers (docx, xlsx, qdpx) are opened
recursively, member names included, and each file is read as UTF-8, UTF-16 (both byte
orders) and cp1251, with XML character references, HTML entities and JSON ``\\uXXXX``
escapes undone and with markup stripped (Word splits text into runs), case-insensitively.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from coding import cases, codebook, codings, documents, memos
from coding.project import Project
from models.transcript_layout import TimedText, lay_out

TERMS = """term,pseudonym,kind,aliases
Александр Ковальчук,Участник А,PERSON,Саша
John Smith,Respondent C,PERSON,Джон Смит
Jürgen Müller,Expert B,PERSON
Тбилиси,Город Т,PLACE,Tiflis|თბილისი
ნინო ბერიძე,Participant D,PERSON
"""
PSEUDONYMS = ("Участник А", "Respondent C", "Expert B", "Город Т", "Participant D")
# Every form of every listed name that the project's texts hold, and more.
NAME_FORMS = (
    "Александр",
    "Александра",
    "Александру",
    "Александром",
    "Александре",
    "Ковальчук",
    "Ковальчука",
    "Ковальчуком",
    "Саша",
    "Сашей",
    "Саши",
    "Джон",
    "Смит",
    "Смита",
    "Смиту",
    "John",
    "Smith",
    "Smith's",
    "Smiths",
    "Jürgen",
    "Müller",
    "Müllers",
    "Tiflis",
    "Тбилиси",
    "თბილისი",
    "თბილისში",
    "ნინო",
    "ნინოს",
    "ნინომ",
    "ბერიძე",
    "ბერიძეს",
)

INTERVIEW = [
    TimedText(0, 2000, "Интервьюер", "Александр, расскажите о себе 🙂"),
    TimedText(
        2100,
        6000,
        "Александр Ковальчук",
        "Меня зовут Александр Ковальчук. Друзья зовут меня Саша. С Сашей всё просто. "
        "Мы уехали в Тбилиси 🇬🇪 осенью.",
    ),
    TimedText(6100, 8000, "Интервьюер", "Письмо Александру пришло? Что с Александром?"),
    TimedText(
        8100,
        12000,
        "Александр Ковальчук",
        "О Александре никто не знает. Семья Ковальчука боится. Джон Смит помог, Смита все "
        "знали, Смиту доверяли. Страх 💔 остался.",
    ),
]
GERMAN = (
    "Herr Jürgen Müller sagte, Müllers Wohnung in Tiflis war klein. Müller lebt jetzt dort. "
    "Die Angst blieb."
)
ENGLISH = (
    "John Smith met us in Tiflis. Smith later left for another city. It was Smith's idea 😀. "
    "The Smiths waved. Fear stayed with us."
)
GEORGIAN = "ნინო ბერიძე ცხოვრობს თბილისში. ნინოს ოჯახი შორსაა, ნინომ თქვა. ბერიძეს ეშინია 🙂."


@dataclass
class Multilingual:
    path: Path
    interview: int
    documents: list[int]
    codes: dict[str, int]


def build(path: Path, *, second_coder: str) -> Multilingual:
    laid = lay_out(INTERVIEW)
    with Project.create(path, title="Эмиграция: Александр и другие") as project:
        case_id = cases.create_case(
            project, name="Саша", description="Александр из Тбилиси, друг Смита"
        ).id
        assert case_id is not None
        attribute = cases.define_attribute(project, name="contact").id
        assert attribute is not None
        cases.set_case_value(project, case_id=case_id, attribute_id=attribute, value="Müller")
        interview = documents.add_document(
            project,
            title="Интервью: Александр Ковальчук",
            text=laid.text,
            language="ru",
            interviewer="Джон Смит",
            case_id=case_id,
            segments=laid.segments,
        ).id
        german = documents.add_document(
            project, title="Gespräch mit Müller", text=GERMAN, language="de"
        ).id
        english = documents.add_document(
            project, title="Notes on John Smith", text=ENGLISH, language="en"
        ).id
        georgian = documents.add_document(
            project, title="ნინოს ინტერვიუ", text=GEORGIAN, language="ka"
        ).id
        assert interview and german and english and georgian
        fear = codebook.create_code(
            project,
            name="Fear",
            definition="Страх Александра и Смита",
            example="«Смиту доверяли»",
            when_to_use="when Müller speaks of fear",
        ).id
        places = codebook.create_code(
            project, name="Places", when_to_use="Tiflis, Тбилиси, თბილისი"
        ).id
        assert fear and places
        texts = {interview: laid.text, german: GERMAN, english: ENGLISH, georgian: GEORGIAN}
        spans = [
            (interview, "Меня зовут Александр Ковальчук.", fear, "Ковальчук боится"),
            (interview, "Семья Ковальчука боится.", fear, ""),
            (interview, "Мы уехали в Тбилиси", places, "Сашей записано"),
            (german, "Müllers Wohnung in Tiflis", places, "Müller"),
            (english, "Smith later left", fear, "Smith's memo"),
            (georgian, "ნინოს ოჯახი", fear, "ნინომ"),
        ]
        for number, (document, quote, code, memo) in enumerate(spans):
            start = texts[document].index(quote)
            for coder in ("anna", second_coder) if number % 2 == 0 else ("anna",):
                codings.apply_coding(
                    project,
                    document_id=document,
                    code_id=code,
                    start=start,
                    end=start + len(quote),
                    coder=coder,
                    memo=memo,
                )
        memos.add_memo(project, text="Звонок Александру, Сашей", title="Саша", author="anna")
        memos.add_memo(project, text="Müllers Adresse", document_id=german)
        memos.add_memo(project, text="Smith's note", code_id=fear)
    return Multilingual(
        path, interview, [interview, german, english, georgian], {"Fear": fear, "Places": places}
    )


# -- the search ------------------------------------------------------------------------------

_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_TAG = re.compile(r"<[^>]+>")


def payloads(name: str, data: bytes, depth: int = 0) -> list[tuple[str, bytes]]:
    """``(name, bytes)`` of a file and of everything inside it when it is a zip."""
    found = [(name, data)]
    if data[:4] == b"PK\x03\x04" and depth < 4:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                found.append((f"{name}!{member} (name)", member.encode("utf-8")))
                found += payloads(f"{name}!{member}", archive.read(member), depth + 1)
    return found


def readings(data: bytes) -> list[str]:
    texts = [data.decode(codec, errors="ignore") for codec in ("utf-8", "utf-16-le", "utf-16-be")]
    texts.append(data.decode("cp1251", errors="ignore"))
    more: list[str] = []
    for text in texts:
        unescaped = html.unescape(text)
        decoded = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), unescaped)
        more += [unescaped, decoded, _TAG.sub("", decoded)]
    return [text.casefold() for text in texts + more]


def needles(form: str) -> set[str]:
    variants = {form, form.replace("'", "\u2019"), form.replace("'", "&apos;")}
    return {variant.casefold() for variant in variants}


def leaks_in(name: str, data: bytes, forms: tuple[str, ...] = NAME_FORMS) -> list[str]:
    found = []
    for part, payload in payloads(name, data):
        texts = readings(payload)
        for form in forms:
            if any(needle in text for needle in needles(form) for text in texts):
                found.append(f"{form!r} in {part}")
    return found


def shows_pseudonyms(data: bytes) -> bool:
    texts = [text for _, payload in payloads("", data) for text in readings(payload)]
    return any(p.casefold() in text for p in PSEUDONYMS for text in texts)


def write_terms(folder: Path) -> Path:
    path = folder / "terms.csv"
    path.write_text(TERMS, encoding="utf-8")
    return path


def counted(files: list[Path]) -> tuple[int, int]:
    """How many files (members of zips included) and how many name forms were searched."""
    members = sum(len(payloads(f.name, f.read_bytes())) for f in files)
    return members, len(NAME_FORMS)


def as_json(value: object) -> bytes:
    """Also the ASCII-escaped JSON a script might write from our output."""
    return json.dumps(value, ensure_ascii=True).encode("ascii")
