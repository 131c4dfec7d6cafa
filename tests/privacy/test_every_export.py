"""Done when: every export, from the command line and from the window, holds no listed name in
any form, encoding or escape, and shows the pseudonyms instead (issue 16, part 2)."""

from __future__ import annotations

import argparse
import getpass
import sqlite3
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from app.cli.main import build_parser, main
from tests.privacy.leaks import (
    NAME_FORMS,
    Multilingual,
    build,
    counted,
    leaks_in,
    shows_pseudonyms,
    write_terms,
)

ACCOUNT = getpass.getuser()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Multilingual:
    monkeypatch.delenv("TRANSCODA_CODER", raising=False)
    monkeypatch.setenv("TRANSCODA_CONFIG_DIR", str(tmp_path / "config"))
    built = build(tmp_path / "study.tcproj", second_coder=ACCOUNT)
    assert main(["pseudonymise", str(built.path), "--terms", str(write_terms(tmp_path))]) == 0
    return built


def cli_exports(path: Path, out: Path, flag: list[str]) -> list[list[str]]:
    """Every command that writes the project's words, writing into ``out``."""
    p = str(path)
    docx = ["export", "docx", p]
    return [
        [*docx, str(out / "segments.docx"), *flag],
        [*docx, str(out / "codebook.docx"), "--report", "codebook", *flag],
        [
            *docx,
            str(out / "transcript.docx"),
            "--report",
            "transcript",
            "--document",
            "Интервью: Александр Ковальчук",
            *flag,
        ],
        ["export", "qdpx", p, str(out / "project.qdpx"), *flag],
        ["export", "qdpx", p, str(out / "text.qdpx"), "--timed-text-as", "text", *flag],
        ["export", "qdc", p, str(out / "codebook.qdc"), *flag],
        *(
            [
                "export",
                "transcript",
                p,
                str(out / f"transcript-{fmt}.{suffix}"),
                "--document",
                "Интервью: Александр Ковальчук",
                "--format",
                fmt,
                *flag,
            ]
            for fmt, suffix in (("srt", "srt"), ("vtt", "vtt"), ("f4", "txt"), ("docx", "docx"))
        ),
        ["codebook", "export", p, str(out / "codebook.csv"), *flag],
        ["matrix", p, "--by", "document", "--csv", str(out / "matrix.csv"), *flag],
        ["matrix", p, "--by", "case", "--xlsx", str(out / "matrix.xlsx"), *flag],
        ["matrix", p, "--by", "coder", "--docx", str(out / "matrix.docx"), *flag],
        ["matrix", p, "--by", "document", "--json", *flag],
        ["matrix", p, "--by", "coder", *flag],
        ["cooccurrence", p, "--csv", *flag],
        [
            "cooccurrence",
            p,
            "--pair",
            "Fear",
            "Places",
            "--mode",
            "near",
            "--distance",
            "400",
            "--json",
            *flag,
        ],
        ["frequencies", p, "--by", "document", "--xlsx", str(out / "frequencies.xlsx"), *flag],
        ["keywords", p, "--by", "document", "--min-count", "1", "--json", *flag],
        [
            "keywords",
            p,
            "--by",
            "document",
            "--min-count",
            "1",
            "--csv",
            str(out / "kw.csv"),
            *flag,
        ],
        ["search", p, "Ковальчук OR Smith OR Müller OR ნინო", "--json", *flag],
        ["search", p, "Ковальчук OR Smith", "--csv", str(out / "search.csv"), *flag],
        ["search", p, "Tiflis", "--mode", "exact", "--xlsx", str(out / "search.xlsx"), *flag],
        ["search", p, "Сашей", *flag],
        ["retrieve", p, "Fear OR Places", "--json", *flag],
        ["retrieve", p, "Fear OR Places", "--docx", str(out / "retrieval.docx"), *flag],
        ["retrieve", p, "Fear", *flag],
        ["codings", "list", p, "--json", *flag],
        ["codings", "list", p, *flag],
        ["agreement", p, "--coders", f"anna,{ACCOUNT}", "--disagreements", "--json", *flag],
        [
            "agreement",
            p,
            "--coders",
            f"anna,{ACCOUNT}",
            "--disagreements",
            "--docx",
            str(out / "agreement.docx"),
            "--xlsx",
            str(out / "agreement.xlsx"),
            *flag,
        ],
        [
            "compare",
            p,
            "--document",
            "Интервью: Александр Ковальчук",
            "--coders",
            f"anna,{ACCOUNT}",
            "--json",
            *flag,
        ],
        ["autocode", p, "--code", "Fear", "--query", "Ковальчука", "--dry-run", "--json", *flag],
        ["cases", "list", p, "--json", *flag],
        ["cases", "list", p, *flag],
        ["transcript", "show", p, "--document", "Интервью: Александр Ковальчук", "--json", *flag],
    ]


def run_all(commands: list[list[str]], capsys: pytest.CaptureFixture[str]) -> dict[str, bytes]:
    printed: dict[str, bytes] = {}
    for command in commands:
        capsys.readouterr()
        assert main(command) == 0, command
        captured = capsys.readouterr()
        printed[" ".join(command[:3])] = (captured.out + captured.err).encode("utf-8")
    return printed


def test_every_cli_export_holds_no_name_in_any_form_or_encoding(
    project: Multilingual, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain, hidden = tmp_path / "plain", tmp_path / "hidden"
    plain.mkdir()
    hidden.mkdir()
    # Without pseudonymisation the same exports do hold the names: the search sees them.
    run_all(cli_exports(project.path, plain, ["--no-pseudonymise"]), capsys)
    for name in ("project.qdpx", "segments.docx", "transcript-srt.srt", "matrix.xlsx"):
        assert leaks_in(name, (plain / name).read_bytes()), name

    started = time.perf_counter()
    printed = run_all(cli_exports(project.path, hidden, ["--pseudonymise"]), capsys)
    seconds = time.perf_counter() - started
    share = hidden / "share.tcproj"
    assert main(["pseudonymise", str(project.path), "--share-copy", str(share)]) == 0

    files = sorted(hidden.iterdir())
    assert len(files) == 22
    found = []
    for path in files:
        data = path.read_bytes()
        found += leaks_in(path.name, data)
        assert shows_pseudonyms(data) or path.suffix in (".qdc",) or "matrix" in path.name, path
    for command, output in printed.items():
        found += leaks_in(f"output of `{command}`", output)
    assert found == [], "\n".join(found)
    members, forms = counted(files)
    print(f"searched {members} files and members for {forms} name forms; {seconds:.1f} s")
    assert forms == len(NAME_FORMS) >= 30


def test_qdpx_codings_still_point_at_their_words_after_names_change_length(
    project: Multilingual, tmp_path: Path
) -> None:
    target = tmp_path / "p.qdpx"
    assert main(["export", "qdpx", str(project.path), str(target), "--pseudonymise"]) == 0
    from coding.refi import check_qdpx

    assert check_qdpx(target) == []
    with zipfile.ZipFile(target) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        texts = {
            name.removeprefix("sources/").removesuffix(".txt"): archive.read(name).decode()
            for name in archive.namelist()
            if name.endswith(".txt")
        }
    ns = "{urn:QDA-XML:project:1.0}"
    selections = list(root.iter(f"{ns}PlainTextSelection"))
    transcript = next(root.iter(f"{ns}Transcript"))
    points = {p.get("guid"): int(p.get("position", "0")) for p in transcript.iter(f"{ns}SyncPoint")}
    transcript_text = texts[transcript.get("guid", "")]
    quoted = []
    for selection in transcript.iter(f"{ns}TranscriptSelection"):
        if next(selection.iter(f"{ns}Coding"), None) is not None:
            start, end = (
                points[selection.get("fromSyncPoint")],
                points[selection.get("toSyncPoint")],
            )
            quoted.append(transcript_text[start:end])
    assert "Меня зовут Участник А." in quoted
    assert "Семья Участник А боится." in quoted
    assert "Мы уехали в Город Т" in quoted
    source_texts = {s.get("name"): texts[s.get("guid", "")] for s in root.iter(f"{ns}TextSource")}
    english = source_texts["Notes on Respondent C"]
    for selection in selections:
        if selection.get("name") == "Respondent C later left":
            start = int(selection.get("startPosition", "0"))
            end = int(selection.get("endPosition", "0"))
            assert english[start:end] == "Respondent C later left"
            break
    else:
        pytest.fail("the English coding lost its words")
    # Coders carry their chosen names, never the login name; no change-history timestamps.
    users = [u.get("name") for u in root.iter(f"{ns}User")]
    assert ACCOUNT not in users and "root" not in users, users
    assert "anna" in users
    assert not any(e.get("creationDateTime") or e.get("modifiedDateTime") for e in root.iter())
    # Recordings stay out of a pseudonymised archive unless asked for; none here anyway.
    assert not any(n.startswith("sources/") and not n.endswith(".txt") for n in texts)


def test_timestamps_only_when_asked_and_coders_by_their_chosen_name(
    project: Multilingual, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSCODA_CODER", "Dr. Weber")
    target = tmp_path / "p.qdpx"
    assert (
        main(
            [
                "export",
                "qdpx",
                str(project.path),
                str(target),
                "--with-timestamps",
                "--pseudonymise",
            ]
        )
        == 0
    )
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("project.qde").decode()
    assert "creationDateTime" in xml
    assert 'name="Dr. Weber"' in xml
    assert f'name="{ACCOUNT}"' not in xml
    share = tmp_path / "share.tcproj"
    assert main(["pseudonymise", str(project.path), "--share-copy", str(share)]) == 0
    with sqlite3.connect(share) as db:
        coders = {row[0] for row in db.execute("SELECT name FROM coders")}
        times = {row[0] for row in db.execute("SELECT created_at FROM codings")}
        events = db.execute("SELECT count(*) FROM change_events").fetchone()[0]
    assert ACCOUNT not in coders and "Dr. Weber" in coders
    assert len(times) == 1 and str(next(iter(times))).startswith("2000-01-01")
    assert events == 0


def test_always_pseudonymise_is_a_project_setting_switched_off_knowingly(
    project: Multilingual, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = str(project.path)
    assert main(["pseudonymise", p, "--always-pseudonymise-exports", "on"]) == 0
    default = tmp_path / "default.srt"
    cmd = ["export", "transcript", p, "--document", "Интервью: Александр Ковальчук"]
    assert main([*cmd[:3], str(default), *cmd[3:], "--format", "srt"]) == 0
    assert leaks_in("default.srt", default.read_bytes()) == []
    assert shows_pseudonyms(default.read_bytes())
    capsys.readouterr()
    real = tmp_path / "real.srt"
    assert main([*cmd[:3], str(real), *cmd[3:], "--format", "srt", "--no-pseudonymise"]) == 0
    assert "real names are written" in capsys.readouterr().err
    assert leaks_in("real.srt", real.read_bytes())
    # One undoable step.
    assert main(["undo", p]) == 0
    again = tmp_path / "again.srt"
    assert main([*cmd[:3], str(again), *cmd[3:], "--format", "srt"]) == 0
    assert leaks_in("again.srt", again.read_bytes())


def test_asking_for_pseudonyms_in_a_project_without_names_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built = build(tmp_path / "bare.tcproj", second_coder="bob")
    for command in (
        ["export", "qdpx", str(built.path), str(tmp_path / "x.qdpx"), "--pseudonymise"],
        ["matrix", str(built.path), "--by", "document", "--json", "--pseudonymise"],
    ):
        assert main(command) == 1
        assert "knows no names" in capsys.readouterr().err
    assert not (tmp_path / "x.qdpx").exists()


# Commands that print or write no participant's words (ids, counts, paths, settings).
NO_WORDS = {
    "info",
    "documents",
    "index",
    "coder list",
    "changes",
    "merge",
    "import-project",
    "pseudonymise",
    "init",
    "demo",
    "code",
    "import",
    "transcribe",
    "backup",
    "codes list",
    "undo",
    "redo",
    "codebook import",
    "import-cases",
    "models",
    "jobs",
    "backups",
    "restore",
    "history",
}
WRITES = {"out", "json", "csv", "xlsx", "docx"}


def test_every_command_that_writes_words_offers_pseudonymisation() -> None:
    """A new export cannot forget it: every command with an output offers both flags."""
    missing = []

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    walk(child, f"{name} {sub}".strip())
        dests = {a.dest for a in parser._actions}
        exempt = name in NO_WORDS or (name.split() or [""])[0] in NO_WORDS
        if dests & WRITES and not exempt and not {"pseudonymise", "no_pseudonymise"} <= dests:
            missing.append(name)

    walk(build_parser(), "")
    assert missing == []


def test_a_lone_surname_is_replaced_by_apply_too(tmp_path: Path) -> None:
    from coding.project import Project
    from coding.queries import get_document

    built = build(tmp_path / "apply.tcproj", second_coder="bob")
    terms = write_terms(tmp_path)
    assert main(["pseudonymise", str(built.path), "--terms", str(terms), "--apply"]) == 0
    with Project.open(built.path, backup=False) as opened:
        texts = [get_document(opened, doc).text for doc in built.documents]
        titles = [get_document(opened, doc).title for doc in built.documents]
    joined = "\n".join(texts + titles)
    assert leaks_in("applied", joined.encode()) == []
    assert "Respondent C later left" in texts[2]
    assert "Respondent C's idea" in texts[2]
    assert "Участник А" in texts[0] and "Expert B" in texts[1] and "Participant D" in texts[3]


def test_a_quote_that_starts_inside_a_name_takes_the_whole_pseudonym(tmp_path: Path) -> None:
    """Replaced quote by quote, "ндр Ковальчук" would keep a fragment of the name."""
    import docx

    from coding import codings
    from coding.privacy import add_terms
    from coding.privacy.outbound import outbound_for
    from coding.privacy.terms import Term
    from coding.project import Project
    from coding.reports import export_segments
    from tests.domain.helpers import add_code, add_doc

    text = "Р: Потом пришёл Александр Ковальчук 🙂 и сказал: уезжай."
    with Project.create(tmp_path / "cut.tcproj") as project:
        document_id = add_doc(project, text=text)
        code_id = add_code(project, "Страх")
        start = text.index("ндр Ковальчук")
        end = text.index(" и сказал") + len(" и сказал")
        codings.apply_coding(
            project, document_id=document_id, code_id=code_id, start=start, end=end
        )
        add_terms(project, terms=[Term("Александр Ковальчук", "Участник А", "PERSON")])
        out = outbound_for(project, pseudonymise=True)
        export_segments(project, tmp_path / "out.docx", out=out)
    quotes = [p.text for p in docx.Document(str(tmp_path / "out.docx")).paragraphs]
    assert "Участник А 🙂 и сказал" in quotes
    joined = "\n".join(quotes)
    assert "ндр" not in joined and "Ковальчук" not in joined
