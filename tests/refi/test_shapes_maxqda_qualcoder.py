"""Small .qdpx files written by hand in the shapes MAXQDA and QualCoder produce.

Positions are computed from the texts so that each file says exactly what its tool would: the
point of these tests is how Transcoda reads the shapes (line endings, GUID spellings, folder
names, cases as codes, nameless cases carrying document variables, transcripts).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from coding.project import Project
from coding.refi import import_project
from models.entities import Case, Document
from tests.refi.builders import write_qdpx
from tests.refi.fingerprint import fingerprint

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'

# -- MAXQDA -----------------------------------------------------------------------------------

MQ_TEXT = "Интервью с Лейлой.\nМы уехали в Алматы.\nТам было спокойно."


def maxqda_project(path: Path) -> Path:
    start = MQ_TEXT.index("Мы уехали")
    end = start + len("Мы уехали в Алматы.")
    xml = f"""{HEAD}<Project xmlns="urn:QDA-XML:project:1.0" name="Almaty" origin="MAXQDA 2022">
  <Users><User guid="{{11111111-2222-3333-4444-555555555555}}" name="Leyla"/></Users>
  <CodeBook><Codes>
    <Code guid="{{AAAAAAAA-0000-0000-0000-000000000001}}" name="Places/Cities" isCodable="true"
        color="#F80"/>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="{{BBBBBBBB-0000-0000-0000-000000000001}}" name="Interview length"
        typeOfVariable="Float"/>
    <Variable guid="{{BBBBBBBB-0000-0000-0000-000000000002}}" name="Transcribed by"
        typeOfVariable="Text"/>
    <Variable guid="{{BBBBBBBB-0000-0000-0000-000000000003}}" name="Date"
        typeOfVariable="Date"/>
  </Variables>
  <Cases>
    <Case guid="{{CCCCCCCC-0000-0000-0000-000000000001}}">
      <VariableValue><VariableRef targetGUID="{{BBBBBBBB-0000-0000-0000-000000000001}}"/>
        <FloatValue>45.50</FloatValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{{BBBBBBBB-0000-0000-0000-000000000002}}"/>
        <TextValue>Айгерим</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{{BBBBBBBB-0000-0000-0000-000000000003}}"/>
        <DateValue>2023-11-05</DateValue></VariableValue>
      <SourceRef targetGUID="{{DDDDDDDD-0000-0000-0000-000000000001}}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{{DDDDDDDD-0000-0000-0000-000000000001}}" name="Leyla"
        plainTextPath="internal://{{DDDDDDDD-0000-0000-0000-000000000001}}.txt">
      <PlainTextSelection guid="{{EEEEEEEE-0000-0000-0000-000000000001}}" name=""
          startPosition="{start}" endPosition="{end}"
          creatingUser="{{11111111-2222-3333-4444-555555555555}}"
          creationDateTime="2023-11-06T12:00:00">
        <Coding guid="{{FFFFFFFF-0000-0000-0000-000000000001}}">
          <CodeRef targetGUID="{{AAAAAAAA-0000-0000-0000-000000000001}}"/></Coding>
      </PlainTextSelection>
      <Coding guid="{{FFFFFFFF-0000-0000-0000-000000000002}}"
          creatingUser="{{11111111-2222-3333-4444-555555555555}}">
        <CodeRef targetGUID="{{AAAAAAAA-0000-0000-0000-000000000001}}"/></Coding>
    </TextSource>
    <PictureSource guid="{{DDDDDDDD-0000-0000-0000-000000000002}}" name="Map"
        path="internal://{{DDDDDDDD-0000-0000-0000-000000000002}}.png">
      <PictureSelection guid="{{EEEEEEEE-0000-0000-0000-000000000002}}" firstX="1" firstY="1"
          secondX="5" secondY="5"/>
    </PictureSource>
  </Sources>
  <MaxqdaExtras xmlns="urn:maxqda"><Whatever/></MaxqdaExtras>
</Project>"""
    return write_qdpx(
        path,
        {
            "project.qde": xml,
            "sources/{DDDDDDDD-0000-0000-0000-000000000001}.txt": MQ_TEXT,
            "sources/{DDDDDDDD-0000-0000-0000-000000000002}.png": b"\x89PNG",
        },
    )


def test_maxqda_shape(tmp_path: Path) -> None:
    report = import_project(maxqda_project(tmp_path / "maxqda.qdpx"), tmp_path / "p.tcproj")
    assert report.skipped == ["the picture 'Map' and its 1 coded regions"]
    assert "ignored elements Transcoda does not know: maxqdaextras" in report.notes
    assert (
        "the code 'Places/Cities' is called 'Places-Cities' ('/' separates levels)" in report.notes
    )
    with Project.open(tmp_path / "p.tcproj") as project, project.reading() as session:
        document = session.scalars(select(Document)).one()
        assert document.case is None and session.scalars(select(Case)).all() == []
        values = {v.attribute.name: (v.attribute.type, v.value) for v in document.values}
        assert values == {
            "Interview length": ("number", "45.5"),
            "Transcribed by": ("text", "Айгерим"),
            "Date": ("date", "2023-11-05"),
        }
        spans = sorted((c.start, c.end, c.code.color) for c in document.codings)
        start = MQ_TEXT.index("Мы уехали")
        assert spans == [(0, len(MQ_TEXT), "#FF8800"), (start, start + 19, "#FF8800")]
        assert {c.coder.name for c in document.codings} == {"Leyla"}


# -- QualCoder --------------------------------------------------------------------------------

QC_TEXT = "Respondent: I left Baku in 2023.\nNow I work remotely 💻."
QC_PDF_TEXT = "Report page one.\fPage two: remittances."


def qualcoder_project(path: Path) -> Path:
    start = QC_TEXT.index("I left Baku")
    pdf_start = QC_PDF_TEXT.index("remittances")
    xml = f"""{HEAD}<Project xmlns="urn:QDA-XML:project:1.0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="qc_project"
    origin="QualCoder 3.5" creationDateTime="2024-05-01T10:00:00Z">
  <Users><User guid="9d0f5e66-7a8b-4c1d-9e2f-3a4b5c6d7e8f" name="default"/></Users>
  <CodeBook><Codes>
    <Code guid="0d6a8c2e-1111-4222-8333-944455556666" name="migration" isCodable="true"
        color="#7fb3d5"><Description>Moving abroad</Description></Code>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="5b7c8d9e-1111-4222-8333-944455556666" name="Country" typeOfVariable="Text">
      <Description></Description></Variable>
  </Variables>
  <Cases>
    <Case guid="6c7d8e9f-1111-4222-8333-944455556666" name="R1">
      <Description>first respondent</Description>
      <VariableValue><VariableRef targetGUID="5b7c8d9e-1111-4222-8333-944455556666"/>
        <TextValue>Azerbaijan</TextValue></VariableValue>
      <SourceRef targetGUID="7d8e9fa0-1111-4222-8333-944455556666"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="7d8e9fa0-1111-4222-8333-944455556666" name="r1.txt"
        plainTextPath="internal://7d8e9fa0-1111-4222-8333-944455556666.txt"
        creatingUser="9d0f5e66-7a8b-4c1d-9e2f-3a4b5c6d7e8f"
        creationDateTime="2024-05-01T10:00:00Z">
      <PlainTextSelection guid="8e9fa0b1-1111-4222-8333-944455556666"
          name="I left Baku in 2023." startPosition="{start}" endPosition="{start + 20}"
          creatingUser="9d0f5e66-7a8b-4c1d-9e2f-3a4b5c6d7e8f"
          creationDateTime="2024-05-01T11:00:00Z">
        <Description>important</Description>
        <Coding guid="9fa0b1c2-1111-4222-8333-944455556666"
            creatingUser="9d0f5e66-7a8b-4c1d-9e2f-3a4b5c6d7e8f">
          <CodeRef targetGUID="0d6a8c2e-1111-4222-8333-944455556666"/></Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="a0b1c2d3-1111-4222-8333-944455556666"/>
    </TextSource>
    <PDFSource guid="b1c2d3e4-1111-4222-8333-944455556666" name="report.pdf"
        path="internal://b1c2d3e4-1111-4222-8333-944455556666.pdf">
      <Representation guid="c2d3e4f5-1111-4222-8333-944455556666" name="report.pdf"
          plainTextPath="internal://c2d3e4f5-1111-4222-8333-944455556666.txt">
        <PlainTextSelection guid="d3e4f5a6-1111-4222-8333-944455556666" name="remittances"
            startPosition="{pdf_start}" endPosition="{pdf_start + 11}">
          <Coding guid="e4f5a6b7-1111-4222-8333-944455556666">
            <CodeRef targetGUID="0d6a8c2e-1111-4222-8333-944455556666"/></Coding>
        </PlainTextSelection>
      </Representation>
    </PDFSource>
    <VideoSource guid="f5a6b7c8-1111-4222-8333-944455556666" name="clip.mp4"
        path="relative:///videos/clip.mp4"/>
  </Sources>
  <Notes>
    <Note guid="a0b1c2d3-1111-4222-8333-944455556666" name="r1.txt memo"
        creatingUser="9d0f5e66-7a8b-4c1d-9e2f-3a4b5c6d7e8f">
      <PlainTextContent>Interview held online.</PlainTextContent></Note>
    <Note guid="f0e1d2c3-1111-4222-8333-944455556666" name="Journal 1">
      <PlainTextContent>Reflexive journal entry.</PlainTextContent></Note>
  </Notes>
  <Description>Project memo from QualCoder</Description>
</Project>"""
    return write_qdpx(
        path,
        {
            "project.qde": xml,
            "sources/7d8e9fa0-1111-4222-8333-944455556666.txt": QC_TEXT,
            "sources/c2d3e4f5-1111-4222-8333-944455556666.txt": QC_PDF_TEXT,
            "sources/b1c2d3e4-1111-4222-8333-944455556666.pdf": b"%PDF-1.4",
        },
    )


def test_qualcoder_shape(tmp_path: Path) -> None:
    report = import_project(qualcoder_project(tmp_path / "qc.qdpx"), tmp_path / "p.tcproj")
    assert report.skipped == [
        "the recording of 'clip.mp4': it is a file outside the archive "
        "(relative:///videos/clip.mp4); Transcoda imports only what the .qdpx contains"
    ]
    with Project.open(tmp_path / "p.tcproj") as project:
        got = fingerprint(project)
    assert got["codes"] == [("migration", "#7FB3D5", "Moving abroad", "", "", "")]
    assert sorted((c[0], c[5], c[6], c[2]) for c in got["codings"]) == [
        ("r1.txt", "I left Baku in 2023.", "important", "default"),
        ("report.pdf", "remittances", "", "unknown coder"),
    ]
    assert got["cases"] == [("R1", "first respondent", (("Country", "Azerbaijan"),))]
    assert ("r1.txt", QC_TEXT, "R1", False) in got["documents"]
    assert "clip.mp4" not in {d[0] for d in got["documents"]}
    assert sorted((m[0], m[1], m[2], m[3]) for m in got["memos"]) == [
        ("Journal 1", "Reflexive journal entry.", "", None),
        ("Project description", "Project memo from QualCoder", "", None),
        ("r1.txt memo", "Interview held online.", "default", "r1.txt"),
    ]


def test_sources_in_word_or_utf16(tmp_path: Path) -> None:
    import io

    import docx

    word = docx.Document()
    word.add_paragraph("Абзац из Word 😀")
    buffer = io.BytesIO()
    word.save(buffer)
    sources = "".join(
        f'<TextSource guid="{guid}" name="{name}" {kind}="internal://{guid}{suffix}"/>'
        for guid, name, kind, suffix in (
            ("aaaaaaaa-0000-4000-8000-000000000001", "word", "richTextPath", ".docx"),
            ("aaaaaaaa-0000-4000-8000-000000000002", "utf16", "plainTextPath", ".txt"),
            ("aaaaaaaa-0000-4000-8000-000000000003", "rtf", "richTextPath", ".rtf"),
        )
    )
    xml = (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>{sources}</Sources></Project>'
    )
    path = write_qdpx(
        tmp_path / "x.qdpx",
        {
            "project.qde": xml,
            "sources/aaaaaaaa-0000-4000-8000-000000000001.docx": buffer.getvalue(),
            "sources/aaaaaaaa-0000-4000-8000-000000000002.txt": "Текст ნინო".encode("utf-16"),
            "sources/aaaaaaaa-0000-4000-8000-000000000003.rtf": r"{\rtf1 x}",
        },
    )
    report = import_project(path, tmp_path / "p.tcproj")
    assert report.skipped == ["the document 'rtf': Transcoda cannot read .rtf files"]
    assert "the document 'word' was read from Word; coded passages may be shifted" in report.notes
    with Project.open(tmp_path / "p.tcproj") as project:
        texts = {d[0]: d[1] for d in fingerprint(project)["documents"]}
    assert texts == {"word": "Абзац из Word 😀", "utf16": "Текст ნინო"}
