"""Real REFI-QDA files written by other tools (../shared/peers/), imported as they are.

The numbers are the files' own: qc's demo has 2 text sources and 205 codings on 158
selections; ATLAS.ti's test project was repackaged without its media, so its sources are
missing and must be named in the report. A bare ``.qde`` (the project XML without the zip) is
made by unpacking these archives into a temporary folder.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from coding.project import Project
from coding.refi import import_project
from models.entities import Document
from tests.refi.builders import write_qdpx
from tests.refi.test_hostile import GUID, text_project

PEERS = Path(__file__).resolve().parents[2].parent / "shared" / "peers"
QC_DEMO = "qc-1.3.2_demo.qdpx"
ATLAS = "REPACKAGED-sky-loom_atlasti-mac-8.4.0_TestProject.qdpx"
QC_QUOTE = "This district goal is engage every student in joyful, purposeful learning that"
ATLAS_MISSING_TEXT = "internal://B2F54555-0D2D-43B2-B40C-2A1C048F5F1C.txt"  # 'Mabel.txt'


def peer(name: str) -> Path:
    path = PEERS / name
    if not path.is_file():
        pytest.fail(
            f"the peer file {path} is missing: these tests need the real third-party files in "
            "../shared/peers/ beside the repository (see ../shared/peers/README.md)"
        )
    return path


def unpack(name: str, folder: Path) -> Path:
    with zipfile.ZipFile(peer(name)) as archive:
        archive.extractall(folder)
    return folder


def _documents(path: Path) -> dict[str, tuple[str, list[tuple[int, int, str]]]]:
    with Project.open(path) as project, project.reading() as session:
        return {
            d.title: (d.text, sorted((c.start, c.end, c.code.name) for c in d.codings))
            for d in session.scalars(select(Document))
        }


def _assert_qc_demo(path: Path) -> None:
    documents = _documents(path)
    assert sorted(documents) == ["admin-1.txt", "board_2017.txt"]
    assert sum(len(codings) for _, codings in documents.values()) == 205
    text, codings = documents["board_2017.txt"]
    start, end, _code = next(c for c in codings if c[0] == 320)
    assert end == 400
    assert text[start:end].strip() == QC_QUOTE


def test_qc_demo_with_bare_file_names_imports_its_documents_and_codings(tmp_path: Path) -> None:
    report = import_project(peer(QC_DEMO), tmp_path / "qc.tcproj")
    assert (report.documents, report.codings, report.codes) == (2, 205, 262)
    assert report.skipped == []
    _assert_qc_demo(tmp_path / "qc.tcproj")


def test_bare_qde_of_qc_demo_imports_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = unpack(QC_DEMO, tmp_path / "unpacked")
    (folder / "sources").rename(folder / "Sources")  # the folder's case does not matter
    target = tmp_path / "qc.tcproj"
    assert main(["import-project", str(folder / "project.qde"), str(target)]) == 0
    assert "2 documents, 262 codes, 205 codings" in capsys.readouterr().out
    _assert_qc_demo(target)


def test_bare_qde_of_atlas_names_every_missing_file(tmp_path: Path) -> None:
    folder = unpack(ATLAS, tmp_path / "unpacked")
    report = import_project(folder / "Project.qde", tmp_path / "a.tcproj")
    assert (report.documents, report.codings, report.codes) == (0, 0, 14)
    missing = [s for s in report.skipped if "has no file" in s]
    assert len(missing) == 13  # the 14th, a picture, is skipped as a picture
    assert any(
        ATLAS_MISSING_TEXT in s and "Sources folder beside Project.qde" in s for s in missing
    )
    assert sum("relative:///" in s for s in missing) == 3  # recordings beside the project


def test_bare_qde_imports_what_is_there(tmp_path: Path) -> None:
    folder = unpack(ATLAS, tmp_path / "unpacked")
    # Lower case in the XML's GUID: the lookup ignores case.
    name = ATLAS_MISSING_TEXT.removeprefix("internal://").lower()
    (folder / "Sources" / name).write_text("Mabel: porridge for breakfast.\n", encoding="utf-8")
    report = import_project(folder / "Project.qde", tmp_path / "a.tcproj")
    assert report.documents == 1
    assert len([s for s in report.skipped if "has no file" in s]) == 12
    assert list(_documents(tmp_path / "a.tcproj")) == ["Mabel.txt"]


def _qde(folder: Path, path: str, base: str | None = None) -> Path:
    xml = text_project(path)
    if base is not None:
        xml = xml.replace('name="p"', f'name="p" basePath="{base}"', 1)
    folder.mkdir(parents=True, exist_ok=True)
    qde = folder / "project.qde"
    qde.write_text(xml, encoding="utf-8")
    return qde


@pytest.mark.parametrize(
    "reference",
    [
        "relative://../secret.txt",
        "relative:///sub/../../secret.txt",
        "internal://../secret.txt",
        "../secret.txt",
        "file://{secret}",
        "{secret}",
        "absolute://{secret}",
    ],
)
def test_bare_qde_never_reads_outside_its_folder(tmp_path: Path, reference: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not import me", encoding="utf-8")
    qde = _qde(tmp_path / "project", reference.replace("{secret}", str(secret)))
    (tmp_path / "project" / "sub").mkdir()
    report = import_project(qde, tmp_path / "p.tcproj")
    assert report.documents == 0
    assert len(report.skipped) == 1
    assert "climbs out" in report.skipped[0] or "outside the folder" in report.skipped[0]


def test_bare_qde_refuses_a_link_out_of_its_folder(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not import me", encoding="utf-8")
    qde = _qde(tmp_path / "project", "internal://{g}.txt")
    (tmp_path / "project" / "Sources").mkdir()
    os.symlink(secret, tmp_path / "project" / "Sources" / f"{GUID.format(1)}.txt")
    report = import_project(qde, tmp_path / "p.tcproj")
    assert report.documents == 0
    assert "a link that leads out of its folder" in report.skipped[0]


def test_bare_qde_reads_relative_paths_under_base_path(tmp_path: Path) -> None:
    media = tmp_path / "elsewhere" / "Texts"
    media.mkdir(parents=True)
    (media / "Anna.TXT").write_text("Anna: I left in 2022.", encoding="utf-8")
    qde = _qde(tmp_path / "project", "relative:///texts/anna.txt", base=str(media.parent))
    report = import_project(qde, tmp_path / "p.tcproj")
    assert report.documents == 1
    assert any("basePath" in note for note in report.notes)
    # Without basePath the same path is looked for beside the .qde only.
    qde = _qde(tmp_path / "other", "relative:///texts/anna.txt")
    report = import_project(qde, tmp_path / "q.tcproj")
    assert report.documents == 0
    assert "the folder of project.qde has no file" in report.skipped[0]


def test_qdpx_bare_names_are_found_in_sources_without_regard_to_case(tmp_path: Path) -> None:
    path = write_qdpx(
        tmp_path / "bare.qdpx",
        {"project.qde": text_project("Board.txt"), "Sources/board.TXT": "Hello there."},
    )
    report = import_project(path, tmp_path / "p.tcproj")
    assert report.documents == 1
    escape = write_qdpx(
        tmp_path / "escape.qdpx",
        {"project.qde": text_project("sources/../secret.txt"), "secret.txt": "no"},
    )
    report = import_project(escape, tmp_path / "q.tcproj")
    assert report.documents == 0
    assert "climbs out of its folder" in report.skipped[0]
