"""Every hostile file is refused with a message naming it, and the project stays as it was."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.cli.import_commands import _audio_probe
from app.cli.main import main
from coding import codebook, codebook_io, codings, documents, imports
from coding.errors import TranscodaError
from coding.importers.errors import ImportFormatError
from coding.privacy import add_terms, read_terms
from coding.project import Project
from coding.refi import import_qdc, import_qdpx
from tests.hostile.corpus import CORPUS, Hostile
from tests.privacy.helpers import content

# Generous for two shared cores; a refusal that takes longer is itself a denial of service.
MAX_SECONDS = 20
# Liberal importers report what they skip rather than fail: these must skip, and read nothing.
SKIPPED_NOT_REFUSED = {"qdpx-absolute"}


def import_hostile(project: Project, case: Hostile, path: Path) -> object:
    route = case.route
    if route == "documents":
        return imports.import_files(project, paths=[path])
    if route == "audio":
        return imports.import_files(project, paths=[path], probe_audio=_audio_probe())
    if route == "cases":
        return imports.import_cases(project, table=imports.read_case_table(path))
    if route == "codebook":
        return codebook_io.import_codebook(project, source=path)
    if route == "qdc":
        return import_qdc(project, path)
    if route == "qdpx":
        return import_qdpx(project, path)
    if route == "terms":
        return add_terms(project, terms=read_terms(path))
    raise AssertionError(route)


@pytest.fixture
def filled(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "study.tcproj")
    doc = documents.add_document(project, title="Интервью 1", text="Я уехал. Мне было страшно.")
    code = codebook.create_code(project, name="Fear")
    assert doc.id is not None and code.id is not None
    codings.apply_coding(project, document_id=doc.id, code_id=code.id, start=9, end=26)
    return project


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def test_the_corpus_is_large_and_covers_every_importer() -> None:
    assert len(CORPUS) >= 30
    assert {c.route for c in CORPUS} == {
        "documents",
        "audio",
        "cases",
        "codebook",
        "qdc",
        "qdpx",
        "terms",
    }
    assert len({c.id for c in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[c.id for c in CORPUS])
def test_hostile_file_is_refused_and_changes_nothing(
    case: Hostile, filled: Project, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / case.filename
    case.make(path)
    before = content(filled.path)
    media_before = files_under(filled.media_dir)
    started = time.perf_counter()
    try:
        if case.id in SKIPPED_NOT_REFUSED:
            _, report = import_hostile(filled, case, path)  # type: ignore[misc]
            assert "outside the archive" in " ".join(report.skipped)
        else:
            with pytest.raises((TranscodaError, ImportFormatError)) as caught:
                import_hostile(filled, case, path)
            message = str(caught.value)
            assert case.filename in message, message
            assert "Traceback" not in message and len(message) < 600
    finally:
        elapsed = time.perf_counter() - started
        filled.close()
    assert elapsed < MAX_SECONDS, f"{case.id} took {elapsed:.1f} s"
    assert content(filled.path) == before
    assert files_under(filled.media_dir) == media_before
    assert not (tmp_path / "evil.txt").exists() and not (inbox.parent.parent / "evil.txt").exists()


CLI_ROUTES = {
    "documents": ["import", "{project}", "{file}"],
    "audio": ["import", "{project}", "{file}"],
    "cases": ["cases", "import", "{project}", "{file}"],
    "codebook": ["codebook", "import", "{project}", "{file}"],
    "terms": ["pseudonymise", "{project}", "--terms", "{file}"],
}


@pytest.mark.parametrize(
    "case",
    [c for c in CORPUS if c.route in CLI_ROUTES],
    ids=[c.id for c in CORPUS if c.route in CLI_ROUTES],
)
def test_the_command_line_says_what_is_wrong(
    case: Hostile, filled: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled.close()
    path = tmp_path / case.filename
    case.make(path)
    before = content(filled.path)
    args = [a.format(project=filled.path, file=path) for a in CLI_ROUTES[case.route]]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("transcoda: error: ") and case.filename in err, err
    assert content(filled.path) == before


@pytest.mark.parametrize("case", [c for c in CORPUS if c.route == "qdpx"], ids=lambda c: c.id)
def test_a_refused_qdpx_leaves_no_new_project_behind(
    case: Hostile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / case.filename
    case.make(path)
    target = tmp_path / "new.tcproj"
    code = main(["import-project", str(path), str(target)])
    if case.id in SKIPPED_NOT_REFUSED:
        assert code == 0
        return
    assert code == 1
    assert case.filename in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == [case.filename]
