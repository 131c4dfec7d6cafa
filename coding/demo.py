"""The fictional demo project that a new user opens first (resources/demo/demo.json)."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from coding import lookup
from coding.cases import create_case_in, define_attribute_in, set_case_value_in
from coding.codebook_io import add_rows_in, starter_rows
from coding.codings import NewCoding, apply_in
from coding.documents import add_document_in
from coding.errors import InvalidInput
from coding.media import store_media_in
from coding.operations import operation
from coding.project import Project
from models.entities import Coder, Document, Memo, Setting
from models.transcript_layout import TimedText, lay_out


def demo_data() -> dict[str, Any]:
    text = resources.files("resources").joinpath("demo", "demo.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def create_demo(path: Path) -> Project:
    data = demo_data()
    project = Project.create(path, title=data["title"])
    try:
        with operation(project, "Create demo project") as op:
            op.undoable = False  # a new user's first undo should not erase the whole demo
            _fill(op.session, project, data)
    except Exception:
        project.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return project


def _fill(session: Session, project: Project, data: dict[str, Any]) -> None:
    session.add(Memo(title="About this project", text=data["memo"], author="Transcoda"))
    session.merge(Setting(key="demo", value="1"))
    for coder in data["coders"]:
        session.add(Coder(name=coder["name"], color=coder["color"]))
    session.flush()
    add_rows_in(session, starter_rows())
    attributes = {
        item["name"]: define_attribute_in(
            session, item["name"], item["type"], item.get("choices"), item.get("applies_to", "case")
        )
        for item in data["attributes"]
    }
    case_ids: dict[str, int] = {}
    for item in data["cases"]:
        case = create_case_in(session, item["name"], item.get("memo", ""))
        case_ids[case.name] = case.id
        for name, value in item["values"].items():
            set_case_value_in(session, case, attributes[name], str(value))
    audio_dir = resources.files("resources").joinpath("demo", "audio")
    documents: dict[str, Document] = {}
    for item in data["documents"]:
        transcript = item.get("transcript")
        segments: tuple[Any, ...] = ()
        if transcript:
            laid = lay_out(
                [
                    TimedText(turn["start_ms"], turn["end_ms"], turn["speaker"], turn["text"])
                    for turn in transcript["turns"]
                ]
            )
            text, segments = laid.text, laid.segments
        else:
            text = item["text"]
        document = add_document_in(
            session,
            title=item["title"],
            text=text,
            kind=item["kind"],
            language=item["language"],
            date=date.fromisoformat(item["date"]) if item.get("date") else None,
            interviewer=item.get("interviewer", ""),
            case_id=case_ids[item["case"]] if item.get("case") else None,
            segments=segments,
        )
        if transcript and transcript.get("audio"):
            with resources.as_file(audio_dir.joinpath(transcript["audio"])) as audio:
                media = store_media_in(session, project, Path(audio), link=False)
            document.media_id = media.id
        if item.get("memo"):
            session.add(Memo(document_id=document.id, text=item["memo"], author="Transcoda"))
        documents[document.title] = document
    session.flush()
    for item in data["codings"]:
        document = documents[item["document"]]
        start = _find(document.text, item["quote"], item.get("occurrence", 1), document.title)
        code = lookup.code_by_name(session, item["code"])
        apply_in(
            session,
            NewCoding(
                document.id,
                code.id,
                start,
                start + len(item["quote"]),
                coder=item["coder"],
                memo=item.get("memo", ""),
            ),
        )


def _find(text: str, quote: str, occurrence: int, title: str) -> int:
    at = -1
    for _ in range(occurrence):
        at = text.find(quote, at + 1)
        if at < 0:
            raise InvalidInput(f"demo data: '{quote[:40]}' does not occur in '{title}'")
    return at
