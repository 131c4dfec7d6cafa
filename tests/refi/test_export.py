"""Exported .qdpx and .qdc files: valid by the REFI-QDA schemas and by our own reference checks."""

from __future__ import annotations

import itertools
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from coding.errors import InvalidInput
from coding.project import Project
from coding.refi import check_qdpx, codebook_xml, export_qdc, export_qdpx
from coding.refi.schema import reference_problems, schema_problems
from models.entities import Code, Document

NS = {"q": "urn:QDA-XML:project:1.0"}


def _qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


def test_demo_export_is_valid_and_complete(demo: Project, demo_qdpx: Path) -> None:
    assert check_qdpx(demo_qdpx) == []
    root = etree.fromstring(_qde(demo_qdpx))
    assert schema_problems(root, "project") == []
    assert reference_problems(root) == []
    order = [etree.QName(child).localname for child in root]
    assert order == ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "NoteRef"]
    with demo.reading() as session:
        documents = list(session.scalars(select(Document)))
        codes = session.scalars(select(Code)).all()
        codings = sum(len(d.codings) for d in documents)
        recorded = sum(1 for d in documents if d.media is not None)
        texts = {d.title: d.text for d in documents}
    assert len(root.findall(".//q:Code", NS)) == len(codes)
    assert len(root.findall(".//q:Coding", NS)) == codings
    with zipfile.ZipFile(demo_qdpx) as archive:
        names = set(archive.namelist())
        for source in root.findall("q:Sources/q:TextSource", NS):
            member = "sources/" + source.get("plainTextPath").removeprefix("internal://")
            data = archive.read(member)
            assert not data.startswith(b"\xef\xbb\xbf")
            title = source.get("name")
            assert data.decode("utf-8") == texts[title]
    audio = root.findall("q:Sources/q:AudioSource", NS)
    assert len(audio) == recorded == 2
    for source in audio:
        assert "sources/" + source.get("path").removeprefix("internal://") in names
        assert source.get("path").endswith(".ogg")


def test_sync_points_carry_the_segment_timings(demo: Project, demo_qdpx: Path) -> None:
    root = etree.fromstring(_qde(demo_qdpx))
    with demo.reading() as session:
        document = session.scalars(select(Document).where(Document.media_id.is_not(None))).first()
        assert document is not None
        expected = {(s.char_start, s.start_ms) for s in document.segments}
        expected |= {(s.char_end, s.end_ms) for s in document.segments}
        coded = {(c.start, c.end) for c in document.codings}
        title = document.title
    source = root.find(f"q:Sources/q:AudioSource[@name='{title}']", NS)
    transcript = source.find("q:Transcript", NS)
    points = {
        p.get("guid"): (int(p.get("position")), int(p.get("timeStamp")))
        for p in transcript.findall("q:SyncPoint", NS)
    }
    assert expected <= set(points.values())
    selections = transcript.findall("q:TranscriptSelection", NS)
    spans = {
        (points[s.get("fromSyncPoint")][0], points[s.get("toSyncPoint")][0])
        for s in selections
        if s.find("q:Coding", NS) is not None
    }
    assert spans == coded
    # a coded span that starts inside a segment gets a time between the segment's ends
    times = sorted(points.values())
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(times))


def test_guids_are_stable_between_exports(rich: Project, tmp_path: Path) -> None:
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    export_qdpx(rich, first)
    export_qdpx(rich, second)
    guids = [
        sorted(e.get("guid") for e in etree.fromstring(_qde(p)).iter() if e.get("guid"))
        for p in (first, second)
    ]
    assert guids[0] == guids[1]
    assert len(set(guids[0])) == len(guids[0])


def test_rich_export_types_variables_and_keeps_memos(rich: Project, tmp_path: Path) -> None:
    out = tmp_path / "rich.qdpx"
    report = export_qdpx(rich, out)
    assert check_qdpx(out) == []
    assert report.media_files == 1 and report.warnings == ()
    root = etree.fromstring(_qde(out))
    types = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind(".//q:Variable", NS)}
    assert types == {
        "origin": "Text",
        "year left": "Integer",
        "age": "Float",
        "born": "Date",
        "note": "Text",
        "recorded in": "Text",
    }
    choices = root.find(".//q:Variable[@name='origin']/q:Description", NS).text
    assert choices == "Choices:\nRussia\nAzerbaijan"
    assert root.find(".//q:DateValue", NS).text == "1990-02-01"
    # the timed transcript without a recording keeps its timings as an audio source
    silent = root.find("q:Sources/q:AudioSource[@name='Субтитры 4']", NS)
    assert silent.get("path") is None and silent.find("q:Transcript/q:SyncPoint", NS) is not None
    notes = [n.find("q:PlainTextContent", NS).text for n in root.iterfind("q:Notes/q:Note", NS)]
    assert {"Общие заметки 📝", "О документе ✍️", "Ключевой момент 🔑", "კარგი"} <= set(notes)
    users = {u.get("name") for u in root.iterfind("q:Users/q:User", NS)}
    assert users == {"Anna", "Giorgi", "Тамара", "Ревьюер"}


def test_timed_text_can_be_exported_as_plain_text(rich: Project, tmp_path: Path) -> None:
    out = tmp_path / "text.qdpx"
    export_qdpx(rich, out, timed_text_as="text")
    assert check_qdpx(out) == []
    root = etree.fromstring(_qde(out))
    assert root.find("q:Sources/q:TextSource[@name='Субтитры 4']", NS) is not None


def test_empty_project_exports_without_empty_containers(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "empty.qdpx"
    export_qdpx(project, out)
    assert check_qdpx(out) == []
    assert len(etree.fromstring(_qde(out))) == 0


def test_missing_recording_is_reported_not_fatal(tmp_path: Path) -> None:
    from tests.refi.builders import build_rich_project

    project = build_rich_project(tmp_path / "p.tcproj")
    for stored in project.media_dir.iterdir():
        stored.unlink()
    report = export_qdpx(project, tmp_path / "p.qdpx")
    project.close()
    assert check_qdpx(tmp_path / "p.qdpx") == []
    assert report.media_files == 0 and "recording of 'Аудио 3' is missing" in report.warnings[0]


def test_bad_output_paths_fail_before_any_work(project: Project, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"should end in \.qdpx"):
        export_qdpx(project, tmp_path / "out.zip")
    with pytest.raises(InvalidInput, match="does not exist"):
        export_qdpx(project, tmp_path / "missing" / "out.qdpx")
    assert not [p for p in tmp_path.rglob("*") if "qdpx" in p.name]


def test_reference_check_finds_what_the_schema_misses() -> None:
    xml = b"""<Project xmlns="urn:QDA-XML:project:1.0" name="x">
      <CodeBook><Codes>
        <Code guid="11111111-1111-1111-1111-111111111111" name="A" isCodable="true"/>
        <Code guid="11111111-1111-1111-1111-111111111111" name="B" isCodable="true"/>
      </Codes></CodeBook>
      <Sources><TextSource guid="22222222-2222-2222-2222-222222222222" name="t"
          plainTextPath="internal://22222222-2222-2222-2222-222222222222.txt">
        <PlainTextSelection guid="33333333-3333-3333-3333-333333333333" startPosition="0"
            endPosition="1" creatingUser="44444444-4444-4444-4444-444444444444">
          <Coding guid="55555555-5555-5555-5555-555555555555">
            <CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/>
          </Coding>
        </PlainTextSelection>
      </TextSource></Sources>
    </Project>"""
    root = etree.fromstring(xml)
    assert schema_problems(root, "project") == []
    problems = reference_problems(root)
    assert len(problems) == 3
    assert "defined again" in problems[0]
    assert "creatingUser" in problems[1] and "refers to no element" in problems[1]
    assert "refers to a textsource, not a code" in problems[2]


def test_codebook_export_is_valid(demo: Project, demo_qdpx: Path, tmp_path: Path) -> None:
    out = tmp_path / "codebook.qdc"
    count = export_qdc(demo, out)
    root = etree.fromstring(out.read_bytes())
    assert schema_problems(root, "codebook") == []
    assert count == len(root.findall(".//{urn:QDA-XML:codebook:1.0}Code")) == 42
    assert codebook_xml(demo)[0] == out.read_bytes()
    # a code has the same GUID in the codebook and in a project export
    in_codebook = {c.get("guid") for c in root.iter("{urn:QDA-XML:codebook:1.0}Code")}
    project_root = etree.fromstring(_qde(demo_qdpx))
    assert in_codebook == {c.get("guid") for c in project_root.iterfind(".//q:Code", NS)}


def test_empty_codebook_is_not_exported(project: Project, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no codes"):
        export_qdc(project, tmp_path / "x.qdc")


def test_read_only_project_exports_with_stable_guids(rich_path: Path, tmp_path: Path) -> None:
    with Project.open(rich_path, read_only=True) as project:
        export_qdpx(project, tmp_path / "a.qdpx")
        export_qdpx(project, tmp_path / "b.qdpx")
    assert check_qdpx(tmp_path / "a.qdpx") == []
    assert _qde(tmp_path / "a.qdpx") == _qde(tmp_path / "b.qdpx")


def test_encrypted_project_exports_its_recordings_in_the_clear(tmp_path: Path) -> None:
    from coding.media import attach_media
    from coding.refi import import_project
    from tests.refi.builders import demo_audio

    password = "seven unrelated words for this test"
    with Project.create(tmp_path / "secret.tcproj", password=password) as project:
        from coding.documents import add_document

        document = add_document(project, title="Запись", text="Текст 😀").id
        assert document is not None
        attach_media(project, document_id=document, source=demo_audio())
        stored = next(project.media_dir.iterdir())
        assert stored.read_bytes() != demo_audio().read_bytes()
        report = export_qdpx(project, tmp_path / "secret.qdpx")
    assert "is not encrypted" in report.warnings[-1]
    with zipfile.ZipFile(tmp_path / "secret.qdpx") as archive:
        media = [n for n in archive.namelist() if n.endswith(".ogg")]
        assert archive.read(media[0]) == demo_audio().read_bytes()
    import_project(tmp_path / "secret.qdpx", tmp_path / "back.tcproj", password=password)
    with Project.open(tmp_path / "back.tcproj", password=password) as back:
        from coding.media import media_bytes
        from models.entities import Media

        with back.reading() as session:
            row = session.scalars(select(Media)).one()
            assert media_bytes(back, row) == demo_audio().read_bytes()
