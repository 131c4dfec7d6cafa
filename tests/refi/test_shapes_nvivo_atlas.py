"""Small .qdpx files written by hand in the shapes NVivo and ATLAS.ti produce.

Positions are computed from the texts so that each file says exactly what its tool would: the
point of these tests is how Transcoda reads the shapes (line endings, GUID spellings, folder
names, cases as codes, nameless cases carrying document variables, transcripts).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from coding.project import Project
from coding.refi import import_project
from models.entities import Coding, Document, Memo
from tests.refi.builders import write_qdpx
from tests.refi.fingerprint import fingerprint

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'

# -- NVivo ------------------------------------------------------------------------------------

NV_TEXT = "Interviewer: When did you leave?\r\nAnna: In 2022. Я боялась 😨 полиции.\r\nThe end."
NV_USER = "B3D1C1F0-8C1A-4B5E-9E0C-3F0E1A2B3C4D"


def _crlf_two(text: str, quote: str) -> tuple[int, int]:
    """Positions counting CRLF as two characters, as NVivo writes them."""
    start = text.index(quote)
    return start, start + len(quote)


def nvivo_project(path: Path) -> Path:
    fear_start, fear_end = _crlf_two(NV_TEXT, "Я боялась 😨 полиции")
    leave_start, leave_end = _crlf_two(NV_TEXT, "In 2022.")
    xml = f"""{HEAD}<Project xmlns="urn:QDA-XML:project:1.0" name="Emigration (NVivo)"
    origin="NVivo 14.23.0" creatingUserGUID="{NV_USER}" creationDateTime="2024-02-01T09:00:00Z">
  <Users><User guid="{NV_USER}" name="Anna Petrova" id="AP"/></Users>
  <CodeBook><Codes>
    <Code guid="A0000000-0000-0000-0000-000000000001" name="Emotions" isCodable="true"
        color="#FF0000">
      <Description>Feelings about leaving.</Description>
      <NoteRef targetGUID="{{E0000000-0000-0000-0000-000000000002}}"/>
      <Code guid="A0000000-0000-0000-0000-000000000002" name="Fear" isCodable="true"/>
    </Code>
    <Code guid="A0000000-0000-0000-0000-000000000003" name="Cases" isCodable="false">
      <Code guid="C0000000-0000-0000-0000-000000000001" name="Anna" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="D0000000-0000-0000-0000-000000000001" name="Age" typeOfVariable="Integer"/>
    <Variable guid="D0000000-0000-0000-0000-000000000002" name="Activist"
        typeOfVariable="Boolean"/>
  </Variables>
  <Cases>
    <Case guid="C0000000-0000-0000-0000-000000000001" name="Anna">
      <VariableValue><VariableRef targetGUID="D0000000-0000-0000-0000-000000000001"/>
        <IntegerValue>34</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{{d0000000-0000-0000-0000-000000000002}}"/>
        <BooleanValue>1</BooleanValue></VariableValue>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="B0000000-0000-0000-0000-000000000001" name="Interview Anna"
        richTextPath="internal://B0000000-0000-0000-0000-000000000001.docx"
        plainTextPath="internal://B0000000-0000-0000-0000-000000000001.txt"
        creatingUser="{NV_USER}" creationDateTime="2024-02-01T09:05:00Z">
      <PlainTextSelection guid="F0000000-0000-0000-0000-000000000001" name="Я боялась 😨 полиции"
          startPosition="{fear_start}" endPosition="{fear_end}" creatingUser="{NV_USER}"
          creationDateTime="2024-02-02T10:00:00Z">
        <Coding guid="F1000000-0000-0000-0000-000000000001" creatingUser="{NV_USER}">
          <CodeRef targetGUID="A0000000-0000-0000-0000-000000000002"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="F0000000-0000-0000-0000-000000000002" name="In 2022."
          startPosition="{leave_start}" endPosition="{leave_end}" creatingUser="{NV_USER}">
        <Coding guid="F1000000-0000-0000-0000-000000000002" creatingUser="{NV_USER}">
          <CodeRef targetGUID="{{a0000000-0000-0000-0000-000000000001}}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="F0000000-0000-0000-0000-000000000003" name="Interviewer"
          startPosition="0" endPosition="{len(NV_TEXT)}">
        <Coding guid="F1000000-0000-0000-0000-000000000003">
          <CodeRef targetGUID="C0000000-0000-0000-0000-000000000001"/></Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="E0000000-0000-0000-0000-000000000001"/>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="E0000000-0000-0000-0000-000000000001" name="Interview memo"
        plainTextPath="internal://E0000000-0000-0000-0000-000000000001.txt"
        creatingUser="{NV_USER}" creationDateTime="2024-02-03T08:00:00Z"/>
    <Note guid="E0000000-0000-0000-0000-000000000002" name="About emotions">
      <PlainTextContent>Use with care.</PlainTextContent></Note>
  </Notes>
  <Links><Link guid="L0000000-0000-0000-0000-000000000001"
      originGUID="E0000000-0000-0000-0000-000000000001"
      targetGUID="F0000000-0000-0000-0000-000000000001"/></Links>
</Project>""".replace("L0000000", "90000000")
    return write_qdpx(
        path,
        {
            "project.qde": xml,
            "Sources/B0000000-0000-0000-0000-000000000001.txt": "\ufeff" + NV_TEXT,
            "Sources/B0000000-0000-0000-0000-000000000001.docx": b"PK not read",
            "Sources/E0000000-0000-0000-0000-000000000001.txt": "Memo text\r\nline two",
        },
    )


def test_nvivo_shape(tmp_path: Path) -> None:
    report = import_project(nvivo_project(tmp_path / "nvivo.qdpx"), tmp_path / "p.tcproj")
    assert report.skipped == ["1 links: Transcoda has no place for them"]
    read = "positions read as characters (code points), a line break as two"
    assert f"'Interview Anna': {read}" in report.notes
    assert any("cases that the file also lists as codes" in n for n in report.notes)
    with Project.open(tmp_path / "p.tcproj") as project, project.reading() as session:
        document = session.scalars(select(Document)).one()
        assert document.text == NV_TEXT.replace("\r\n", "\n")
        quotes = {
            (c.code.name, document.text[c.start : c.end], c.coder.name) for c in document.codings
        }
        assert quotes == {
            ("Fear", "Я боялась 😨 полиции", "Anna Petrova"),
            ("Emotions", "In 2022.", "Anna Petrova"),
        }
        assert document.case is not None and document.case.name == "Anna"
        values = {v.attribute.name: (v.attribute.type, v.value) for v in document.case.values}
        assert values == {"Age": ("number", "34"), "Activist": ("choice", "true")}
        memos = {
            (m.title, m.text, m.document_id is not None, m.code_id is not None)
            for m in session.scalars(select(Memo))
        }
        assert memos == {
            ("Interview memo", "Memo text\nline two", True, False),
            ("About emotions", "Use with care.", False, True),
        }
        assert {c.code.name for c in session.scalars(select(Coding))} == {"Fear", "Emotions"}
        codes = {code[0] for code in fingerprint(project)["codes"]}
        assert codes == {"Emotions", "Emotions/Fear"}


# -- ATLAS.ti ---------------------------------------------------------------------------------

AT_TEXT = "Q: Why Tbilisi?\r\nA: Because 🇬🇪 friends were there.\r\nA: And it was cheap."
AT_TRANSCRIPT = "I: Hello.\r\nR: გამარჯობა, I came in March.\r\nI: Thanks."


def _crlf_one(text: str, quote: str) -> tuple[int, int]:
    """Positions counting CRLF as one character, as ATLAS.ti writes them."""
    flat = text.replace("\r\n", "\n")
    start = flat.index(quote)
    return start, start + len(quote)


def _sync_points(points: list[tuple[int, int]]) -> str:
    return "".join(
        f'<SyncPoint guid="7a7a7a7a-0000-4000-8000-00000000000{n}" position="{p}" timeStamp="{t}"/>'
        for n, (p, t) in enumerate(points)
    )


def atlas_project(path: Path) -> Path:
    friends = _crlf_one(AT_TEXT, "Because 🇬🇪 friends were there.")
    cheap = _crlf_one(AT_TEXT, "it was cheap")
    flat = AT_TRANSCRIPT.replace("\r\n", "\n")
    points = [(0, 0), (flat.index("R:"), 2500), (flat.index("I: Thanks"), 7000)]
    march = _crlf_one(AT_TRANSCRIPT, "I came in March.")
    xml = f"""{HEAD}<Project xmlns="urn:QDA-XML:project:1.0" name="Tbilisi study"
    origin="ATLAS.ti 23.2.1" basePath="C:/Users/x/Documents">
  <Users><User guid="0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f1" name="Giorgi"/></Users>
  <CodeBook><Codes>
    <Code guid="1a1a1a1a-0000-4000-8000-000000000001" name="Reasons" isCodable="true"
        color="#3366cc"/>
    <Code guid="1a1a1a1a-0000-4000-8000-000000000002" name="Reasons" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="2b2b2b2b-0000-4000-8000-000000000001" name="Doc 1"
        plainTextPath="internal://2b2b2b2b-0000-4000-8000-000000000001.txt">
      <PlainTextSelection guid="3c3c3c3c-0000-4000-8000-000000000001"
          name="1:1 Because 🇬🇪 friends were..." startPosition="{friends[0]}"
          endPosition="{friends[1]}" creatingUser="0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f1">
        <Description>Quotation comment</Description>
        <Coding guid="4d4d4d4d-0000-4000-8000-000000000001"
            creatingUser="0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f1">
          <CodeRef targetGUID="1a1a1a1a-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="3c3c3c3c-0000-4000-8000-000000000002" name="1:2 it was cheap"
          startPosition="{cheap[0]}" endPosition="{cheap[1]}">
        <Coding guid="4d4d4d4d-0000-4000-8000-000000000002">
          <CodeRef targetGUID="1a1a1a1a-0000-4000-8000-000000000002"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <AudioSource guid="5e5e5e5e-0000-4000-8000-000000000001" name=""
        path="internal://5e5e5e5e-0000-4000-8000-000000000001.m4a">
      <Transcript guid="6f6f6f6f-0000-4000-8000-000000000001" name="Interview audio"
          plainTextPath="internal://6f6f6f6f-0000-4000-8000-000000000001.txt">
        {_sync_points(points)}
        <SyncPoint guid="7a7a7a7a-0000-4000-8000-000000000008" position="{march[0]}"/>
        <SyncPoint guid="7a7a7a7a-0000-4000-8000-000000000009" position="{march[1]}"/>
        <TranscriptSelection guid="8b8b8b8b-0000-4000-8000-000000000001" name="2:1"
            fromSyncPoint="7a7a7a7a-0000-4000-8000-000000000008"
            toSyncPoint="7a7a7a7a-0000-4000-8000-000000000009">
          <Coding guid="9c9c9c9c-0000-4000-8000-000000000001">
            <CodeRef targetGUID="1a1a1a1a-0000-4000-8000-000000000001"/></Coding>
        </TranscriptSelection>
      </Transcript>
      <AudioSelection guid="8b8b8b8b-0000-4000-8000-000000000002" begin="100" end="900">
        <Coding guid="9c9c9c9c-0000-4000-8000-000000000002">
          <CodeRef targetGUID="1a1a1a1a-0000-4000-8000-000000000001"/></Coding>
      </AudioSelection>
    </AudioSource>
  </Sources>
  <Sets><Set guid="aaaaaaaa-0000-4000-8000-000000000001" name="Set 1"/></Sets>
</Project>"""
    return write_qdpx(
        path,
        {
            "project.qde": xml,
            "sources/2b2b2b2b-0000-4000-8000-000000000001.txt": AT_TEXT,
            "sources/6f6f6f6f-0000-4000-8000-000000000001.txt": AT_TRANSCRIPT,
            "sources/5e5e5e5e-0000-4000-8000-000000000001.m4a": b"\x00\x00\x00\x18ftypM4A ",
        },
    )


def test_atlas_shape(tmp_path: Path) -> None:
    report = import_project(atlas_project(tmp_path / "atlas.qdpx"), tmp_path / "p.tcproj")
    assert sorted(report.skipped) == [
        "1 codings of time ranges in 'Interview audio' (Transcoda codes text)",
        "1 sets: Transcoda has no place for them",
    ]
    read = "positions read as characters (code points), a line break as one"
    assert f"'Doc 1': {read}" in report.notes
    assert "a second code 'Reasons' at one level is called 'Reasons (2)'" in report.notes
    with Project.open(tmp_path / "p.tcproj") as project, project.reading() as session:
        documents = {d.title: d for d in session.scalars(select(Document))}
        text = documents["Doc 1"]
        assert {
            (c.code.name, text.text[c.start : c.end], c.memo, c.coder.name) for c in text.codings
        } == {
            ("Reasons", "Because 🇬🇪 friends were there.", "Quotation comment", "Giorgi"),
            ("Reasons (2)", "it was cheap", "", "unknown coder"),
        }
        audio = documents["Interview audio"]
        assert audio.media is not None and audio.media.original_name.endswith(".m4a")
        assert [
            (s.start_ms, s.end_ms, audio.text[s.char_start : s.char_end]) for s in audio.segments
        ] == [
            (0, 2500, "I: Hello."),
            (2500, 7000, "R: გამარჯობა, I came in March."),
            (7000, 7000, "I: Thanks."),
        ]
        coded = audio.codings[0]
        assert audio.text[coded.start : coded.end] == "I came in March."
