"""``transcoda pseudonymise``: detect, review by id, choose pseudonyms, apply, undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from tests.privacy.helpers import content

TEXT = "Я уехал из Москвы в Тбилиси вместе с Иваном Петровым. Потом Петров остался в Москве."


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def small(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "p.tcproj"
    assert run(capsys, "init", str(path))[0] == 0
    source = tmp_path / "Интервью.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert run(capsys, "import", str(path), str(source), "--language", "ru")[0] == 0
    return path


def test_detect_review_pseudonym_apply_and_undo(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "pseudonymise", str(small), "--detect", "--json")
    assert code == 0, err
    assert json.loads(out)["detect"]["new_findings"] >= 4
    code, out, _ = run(capsys, "pseudonymise", str(small), "--review", "--json")
    findings = json.loads(out)["findings"]
    by_text = {f["text"]: f for f in findings}
    assert {"Москвы", "Тбилиси", "Иваном Петровым", "Москве"} <= set(by_text)
    assert "[[Москвы]]" in by_text["Москвы"]["context"]
    # Both forms of Moscow are one name with one pseudonym.
    assert by_text["Москвы"]["pseudonym"] == by_text["Москве"]["pseudonym"]
    petrov = by_text["Иваном Петровым"]
    code, out, err = run(
        capsys,
        "pseudonymise",
        str(small),
        "--accept-name",
        str(by_text["Москвы"]["entity_id"]),
        "--accept",
        str(petrov["id"]),
        "--reject",
        str(by_text["Тбилиси"]["id"]),
        "--pseudonym",
        f"{petrov['entity_id']}=Респондент П.",
    )
    assert code == 0, err
    assert "recorded" in out
    before = content(small)
    code, out, err = run(capsys, "pseudonymise", str(small), "--apply")
    assert code == 0, err
    assert "replaced 3 names" in out
    assert "await review" in err  # "Петров" alone was left pending
    code, out, _ = run(capsys, "documents", "list", str(small), "--json")
    code, out, _ = run(capsys, "pseudonymise", str(small), "--review", "--status", "applied")
    assert "Респондент П." in out
    assert run(capsys, "undo", str(small))[0] == 0
    assert content(small) == before


def test_terms_file_and_its_errors(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    terms = tmp_path / "terms.csv"
    terms.write_text("term;pseudonym;kind\nПетров;Р-1;PERSON\nТбилиси;[CITY-2];CITY\n", "utf-8")
    code, out, err = run(capsys, "pseudonymise", str(small), "--terms", str(terms), "--json")
    assert code == 0, err
    assert json.loads(out) == {"terms": {"new_names": 2}}
    code, out, _ = run(capsys, "pseudonymise", str(small))
    assert "[CITY-2]" in out and "PLACE" in out and "list" in out
    bad = tmp_path / "bad.csv"
    for data, message in (
        (b"\xff\xfe\x00b\x00a\x00d", "bad.csv is not UTF-8"),
        (b"term,pseudonym\n", "bad.csv lists no terms"),
        (b"Ivanov,Ivanov junior\n", "contains the real name"),
        (b"Ivanov,,SPECIES\n", "unknown kind of name"),
    ):
        bad.write_bytes(data)
        before = content(small)
        code, _, err = run(capsys, "pseudonymise", str(small), "--terms", str(bad))
        assert code == 1 and message in err, err
        assert content(small) == before
    code, _, err = run(capsys, "pseudonymise", str(small), "--accept", "99999")
    assert code == 1 and "no finding with id 99999" in err


def test_forgetting_the_history_scrubs_the_real_names_from_the_file(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "now", str(small)]) == 0
    assert main(["pseudonymise", str(small), "--detect", "--accept-all", "--apply"]) == 0
    files = [small, Path(f"{small}-wal")]
    assert any(b"\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba" in f.read_bytes() for f in files if f.exists())
    code, out, err = run(
        capsys,
        "pseudonymise",
        str(small),
        "--forget-history",
        "--with-backups",
        "--with-mapping",
    )
    assert code == 0, err
    assert "undo steps" in out
    moscow = "Москв".encode()
    assert not any(moscow in f.read_bytes() for f in files if f.exists())
    assert run(capsys, "undo", str(small))[0] == 1
    # Opening the project again made a fresh backup: of the scrubbed project.
    backups = list((small.parent / f"{small.stem}-backups").iterdir())
    assert backups and not any(moscow in b.read_bytes() for b in backups)
