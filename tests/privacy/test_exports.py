"""Done when: a pseudonymised export of the demo project holds no listed name in any form."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pymorphy3
import pytest

from app.cli.main import main
from tests.privacy.helpers import content

PARTICIPANTS = ["Ilya", "Daria", "Leyla", "Rauf", "Artyom", "Nino", "Katrin", "Emil", "Vera"]
PLACES = [
    "Berlin",
    "Берлин",
    "Tbilisi",
    "Тбилиси",
    "Tiflis",
    "Baku",
    "Баку",
    "Саратов",
    "Самара",
    "Almaty",
    "Алматы",
    "Уральск",
    "Казахстан",
    "Kazakhstan",
]


def all_text(path: Path) -> str:
    """Every piece of text in a .docx: body, tables, headers, document properties."""
    with zipfile.ZipFile(path) as archive:
        parts = [
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xml")
        ]
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(parts)))


def forms_of(name: str) -> set[str]:
    if re.search("[а-яё]", name, re.IGNORECASE):
        morph = pymorphy3.MorphAnalyzer()
        return {form.word for parse in morph.parse(name.lower()) for form in parse.lexeme}
    lower = name.lower()
    return {lower, lower + "s", lower + "'s", lower + "’s"}


def leaks(text: str, names: list[str]) -> list[str]:
    words = {w.lower() for w in re.findall(r"[^\W_]+(?:['’]s)?", text)}
    found = []
    for name in names:
        hits = forms_of(name) & words
        if len(name) >= 5:  # listed terms of five letters or more also hide longer words
            hits |= {w for w in words if w.startswith(name.lower())}
        found += sorted(hits)
    return found


@pytest.fixture
def terms(tmp_path: Path) -> Path:
    path = tmp_path / "terms.csv"
    rows = ["term,pseudonym,kind"]
    rows += [f"{name},,PERSON" for name in PARTICIPANTS]
    rows += [f"{name},,PLACE" for name in PLACES]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_listed_names_never_reach_a_pseudonymised_export(
    demo_path: Path, terms: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = PARTICIPANTS + PLACES
    assert main(["pseudonymise", str(demo_path), "--terms", str(terms), "--detect"]) == 0
    before = content(demo_path)
    reports = {
        "segments": [],
        "codebook": [],
        "transcript": ["--document", "Interview 01: Ilya, Berlin"],
    }
    for report, extra in reports.items():
        plain = tmp_path / f"{report}-plain.docx"
        hidden = tmp_path / f"{report}-hidden.docx"
        base = ["export", "docx", str(demo_path)]
        assert main([*base, str(plain), "--report", report, *extra]) == 0
        assert main([*base, str(hidden), "--report", report, *extra, "--pseudonymise"]) == 0
        assert leaks(all_text(hidden), listed) == [], report
        if report != "codebook":
            assert leaks(all_text(plain), listed), "the test must see names in a plain export"
    # Exports never change the project, and the mapping stays in it.
    assert content(demo_path) == before
    capsys.readouterr()
    assert main(["pseudonymise", str(demo_path), "--json"]) == 0
    assert "Ilya" in capsys.readouterr().out


def test_an_export_without_known_names_is_refused(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.docx"
    assert main(["export", "docx", str(demo_path), str(out), "--pseudonymise"]) == 1
    assert "knows no names" in capsys.readouterr().err
    assert not out.exists()


def test_a_share_copy_holds_no_listed_name_no_voice_and_no_mapping(
    demo_path: Path, terms: Path, tmp_path: Path
) -> None:
    from sqlalchemy import func, select

    from coding.project import Project
    from models.entities import Coding, Media
    from models.history import UndoStep
    from models.privacy import PrivacyEntity

    assert main(["pseudonymise", str(demo_path), "--terms", str(terms), "--detect"]) == 0
    copy = tmp_path / "share" / "shared.tcproj"
    copy.parent.mkdir()
    assert main(["pseudonymise", str(demo_path), "--share-copy", str(copy)]) == 0
    assert sorted(p.name for p in copy.parent.iterdir()) == ["shared.tcproj"]
    raw = copy.read_bytes().decode("utf-8", errors="ignore")
    assert leaks(raw, PARTICIPANTS + PLACES) == []
    with Project.open(demo_path, backup=False) as original, original.reading() as session:
        codings = session.scalar(select(func.count()).select_from(Coding))
    with Project.open(copy, backup=False) as shared, shared.reading() as session:
        assert session.scalar(select(func.count()).select_from(Coding)) == codings
        for table in (Media, UndoStep, PrivacyEntity):
            assert session.scalar(select(func.count()).select_from(table)) == 0
