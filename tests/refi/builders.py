"""Projects and .qdpx files made inside the tests."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from coding.cases import create_case_in, define_attribute_in, set_case_value_in
from coding.codebook import create_code_in
from coding.codings import NewCoding, apply_in
from coding.documents import add_document_in
from coding.media import store_media_in
from coding.operations import operation
from coding.project import Project
from models.entities import Coder, DocumentValue, Memo
from models.transcript_layout import TimedText, lay_out

# Astral characters (emoji, a flag) and Georgian before coded words: any confusion between code
# points, UTF-16 units and bytes moves the quote.
RUSSIAN = (
    "😀 Я уехал в сентябре 2022 года.\n\nМне было страшно 😨, я боялся полиции.\n"
    "Потом 🇬🇪 თბილისი: там я нашёл работу."
)
GEORGIAN = "ემიგრაცია 🙂 რთული იყო.\nმაგრამ 👍 ახლა უკეთესად ვარ. Berlin 🇩🇪 ist okay."
TURNS = [
    TimedText(1200, 5400, "Интервьюер", "Когда вы уехали? 🤔"),
    TimedText(6000, 9100, "Нино", "ემიგრაცია — в марте 2022, после 🚫 протестов."),
    TimedText(9300, 12050, "Нино", "Было страшно."),
    TimedText(13000, 15000, "Интервьюер", "Спасибо 🙏"),
]
STAMP = datetime(2024, 3, 5, 14, 30, 15)


def demo_audio() -> Path:
    with resources.as_file(
        resources.files("resources").joinpath("demo", "audio", "interview08_emil.ogg")
    ) as path:
        return Path(path)


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def build_rich_project(path: Path) -> Project:
    """Every kind of thing a REFI round trip must carry, in Cyrillic, Georgian and emoji."""
    project = Project.create(path, title="Эмиграция 🇬🇪 2022")
    with operation(project, "Build test project") as op:
        s = op.session
        emotions = create_code_in(s, name="Эмоции", color="#CC0000", definition="Чувства 😨")
        fear = create_code_in(
            s,
            name="Страх",
            parent_id=emotions.id,
            definition="Fear of repression.",
            when_to_use="Explicit fear.",
            when_not_to_use="Worry about money.",
            example="Мне было страшно.",
        )
        georgia = create_code_in(s, name="საქართველო", color="#00AA55")
        origin = define_attribute_in(s, "origin", "choice", ["Russia", "Azerbaijan"])
        year = define_attribute_in(s, "year left", "number")
        age = define_attribute_in(s, "age", "number")
        born = define_attribute_in(s, "born", "date")
        note = define_attribute_in(s, "note", "text")
        lang = define_attribute_in(s, "recorded in", "text", target="document")
        ilya = create_case_in(s, "Илья 😀", "Активист из Москвы")
        nino = create_case_in(s, "ნინო", "")
        for case, values in (
            (ilya, {origin: "Russia", year: "2022", age: "34.5", born: "1990-02-01", note: "🙂"}),
            (nino, {origin: "Azerbaijan", year: "2023", note: "Тбилиси"}),
        ):
            for attribute, value in values.items():
                set_case_value_in(s, case, attribute, value)
        russian = add_document_in(
            s, title="Интервью 1 😀", text=RUSSIAN, language="ru", case_id=ilya.id
        )
        georgian = add_document_in(s, title="ინტერვიუ 2", text=GEORGIAN, case_id=nino.id)
        laid = lay_out(TURNS)
        audio_doc = add_document_in(
            s, title="Аудио 3", text=laid.text, segments=laid.segments, case_id=nino.id
        )
        audio_doc.media_id = store_media_in(s, project, demo_audio(), link=False).id
        timed = lay_out(TURNS[:2])
        timed_doc = add_document_in(
            s, title="Субтитры 4", text=timed.text, segments=timed.segments, date=date(2024, 1, 1)
        )
        s.add(DocumentValue(document_id=russian.id, attribute_id=lang.id, value="Zoom 🎥"))
        codings = [
            (russian, fear, "Мне было страшно 😨", "Anna", "Ключевой момент 🔑"),
            (russian, emotions, "Мне было страшно 😨, я боялся полиции", "Giorgi", ""),
            (russian, georgia, "🇬🇪 თბილისი", "Anna", ""),
            (georgian, georgia, "👍 ახლა უკეთესად ვარ", "Anna", "კარგი"),
            (georgian, fear, "ემიგრაცია 🙂 რთული იყო.\nმაგრამ", "Giorgi", ""),
            (audio_doc, fear, "Было страшно.", "Anna", "in the audio"),
            (audio_doc, georgia, "ემიგრაცია — в марте", "Giorgi", ""),
            (audio_doc, emotions, "Когда вы уехали? 🤔", "Anna", ""),
            (timed_doc, fear, "после 🚫 протестов", "Anna", ""),
        ]
        for document, code, quote, coder, memo in codings:
            start, end = span(document.text, quote)
            row = apply_in(s, NewCoding(document.id, code.id, start, end, coder=coder, memo=memo))
            row.created_at = STAMP
            row.updated_at = STAMP
        s.add(Coder(name="Тамара", color="#123456"))  # on the team, has coded nothing yet
        s.add(Memo(title="Проект", text="Общие заметки 📝", author="Anna"))
        s.add(Memo(title="", text="О документе ✍️", author="Ревьюер", document_id=russian.id))
        s.add(Memo(title="Code memo", text="Страх vs. тревога", author="Giorgi", code_id=fear.id))
    return project


def qdpx_bytes(
    members: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def write_qdpx(path: Path, members: dict[str, bytes | str]) -> Path:
    path.write_bytes(qdpx_bytes(members))
    return path
