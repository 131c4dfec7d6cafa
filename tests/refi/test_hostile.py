"""Hostile and broken .qdpx files: each a clear error, and nothing half-imported."""

from __future__ import annotations

import struct
import time
import zipfile
from pathlib import Path

import pytest

from coding.importers.errors import ImportFormatError
from coding.project import Project
from coding.refi import QdpxLimits, import_project, import_qdpx
from tests.domain.helpers import dump
from tests.refi.builders import write_qdpx

GUID = "12345678-1234-1234-1234-{:012d}"
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE Project [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">\n' for i in range(1, 10)
    )
    + ']>\n<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>'
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>'
)


def text_project(text_path: str = "internal://{g}.txt", name: str = "Doc") -> str:
    g = GUID.format(1)
    return (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="Test"><Sources>'
        f'<TextSource guid="{g}" name="{name}" plainTextPath="{text_path.format(g=g)}"/>'
        f"</Sources></Project>"
    )


def audio_project(count: int) -> str:
    sources = "".join(
        f'<AudioSource guid="{GUID.format(n)}" name="../../Rec {n}" '
        f'path="internal://{GUID.format(n)}.wav"/>'
        for n in range(1, count + 1)
    )
    return (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>{sources}</Sources></Project>'
    )


def _refused(path: Path, target: Path, match: str) -> ImportFormatError:
    with pytest.raises(ImportFormatError, match=match) as caught:
        import_project(path, target)
    assert not target.exists() and not target.with_name(f"{target.stem}-media").exists()
    assert not target.with_name(f"{target.name}.lock").exists()
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []
    return caught.value


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil.txt", "C:/evil.txt", "a/../../x"])
def test_zip_slip_names_are_refused(tmp_path: Path, name: str) -> None:
    path = write_qdpx(tmp_path / "slip.qdpx", {"project.qde": text_project(), name: "x"})
    error = _refused(path, tmp_path / "p.tcproj", "unsafe name")
    assert str(error).startswith("slip.qdpx was refused")


def test_zip_bomb_is_stopped_while_unpacking(tmp_path: Path) -> None:
    bomb = b"\0" * 30_000_000
    path = write_qdpx(
        tmp_path / "bomb.qdpx",
        {"project.qde": text_project(), f"sources/{GUID.format(1)}.txt": bomb},
    )
    assert path.stat().st_size < 100_000
    started = time.perf_counter()
    _refused(path, tmp_path / "p.tcproj", "refused as a zip bomb")
    assert time.perf_counter() - started < 5


def test_project_xml_bomb_is_stopped(tmp_path: Path) -> None:
    xml = text_project().replace("<Sources>", "<Sources>" + " " * 30_000_000)
    path = write_qdpx(tmp_path / "bomb.qdpx", {"project.qde": xml})
    _refused(path, tmp_path / "p.tcproj", "zip bomb: project.qde")


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, XXE], ids=["entity-expansion", "external"])
def test_entity_declarations_are_refused(tmp_path: Path, xml: str) -> None:
    path = write_qdpx(tmp_path / "xml.qdpx", {"project.qde": xml})
    _refused(path, tmp_path / "p.tcproj", "declares a document type or entities")


def test_utf16_entity_declaration_is_refused(tmp_path: Path) -> None:
    path = write_qdpx(tmp_path / "xml.qdpx", {"project.qde": XXE.encode("utf-16")})
    _refused(path, tmp_path / "p.tcproj", "declares a document type or entities")


def test_outside_files_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not import me")
    xml = text_project(f"absolute://{secret}")
    path = write_qdpx(tmp_path / "outside.qdpx", {"project.qde": xml})
    report = import_project(path, tmp_path / "p.tcproj")
    assert report.documents == 0
    assert any("outside the archive" in skipped for skipped in report.skipped)
    escape = text_project("internal://../../secret.txt")
    path = write_qdpx(tmp_path / "escape.qdpx", {"project.qde": escape})
    report = import_project(path, tmp_path / "q.tcproj")
    assert report.documents == 0
    assert "the archive has no file internal://../../secret.txt" in report.skipped[0]


@pytest.mark.parametrize(
    ("limits", "match"),
    [
        (QdpxLimits(max_archive_bytes=100), "is too large to import"),
        (QdpxLimits(max_text_bytes=1000), r"would unpack to 4\.6 KB \(the limit is 1000 bytes\)"),
        (QdpxLimits(max_xml_bytes=100), "project.qde would unpack to"),
        (QdpxLimits(max_members=1), "contains 2 files"),
        (QdpxLimits(max_total_bytes=1000), "would unpack to more than 1000 bytes"),
    ],
)
def test_huge_files_are_refused(tmp_path: Path, limits: QdpxLimits, match: str) -> None:
    text = "слово " * 1000
    path = write_qdpx(
        tmp_path / "big.qdpx",
        {"project.qde": text_project(), f"sources/{GUID.format(1)}.txt": text[:2560]},
    )
    with pytest.raises(ImportFormatError, match=match):
        import_project(path, tmp_path / "p.tcproj", limits=limits)
    assert not (tmp_path / "p.tcproj").exists()


def test_huge_recording_is_refused(tmp_path: Path) -> None:
    path = write_qdpx(
        tmp_path / "big.qdpx",
        {"project.qde": audio_project(1), f"sources/{GUID.format(1)}.wav": b"RIFF" * 1000},
    )
    _limited = QdpxLimits(max_media_bytes=1000)
    with pytest.raises(ImportFormatError, match=r"would unpack to 3\.9 KB"):
        import_project(path, tmp_path / "p.tcproj", limits=_limited)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.qdpx"]


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "not a zip archive"),
        (b"just text", "not a zip archive"),
        (b"PK\x03\x04 truncated", "damaged or incomplete"),
    ],
)
def test_broken_files_are_refused(tmp_path: Path, data: bytes, match: str) -> None:
    path = tmp_path / "broken.qdpx"
    path.write_bytes(data)
    _refused(path, tmp_path / "p.tcproj", match)


def test_archive_without_project_is_refused(tmp_path: Path) -> None:
    path = write_qdpx(tmp_path / "none.qdpx", {"sources/a.txt": "x"})
    _refused(path, tmp_path / "p.tcproj", "has no project.qde inside")


def test_repeated_and_encrypted_members_are_refused(tmp_path: Path) -> None:
    path = write_qdpx(
        tmp_path / "twice.qdpx",
        {"project.qde": text_project(), "sources/A.txt": "1", "Sources/a.txt": "2"},
    )
    _refused(path, tmp_path / "p.tcproj", "contains Sources/a.txt more than once")
    data = bytearray((tmp_path / "twice.qdpx").read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 8 : central + 10] = struct.pack("<H", 1)  # "encrypted" flag
    (tmp_path / "locked.qdpx").write_bytes(bytes(data))
    _refused(tmp_path / "locked.qdpx", tmp_path / "p.tcproj", "is encrypted")


def test_not_a_project_and_bad_xml_are_refused(tmp_path: Path) -> None:
    path = write_qdpx(tmp_path / "cb.qdpx", {"project.qde": "<CodeBook/>"})
    _refused(path, tmp_path / "p.tcproj", "root element is <codebook>")
    path = write_qdpx(tmp_path / "bad.qdpx", {"project.qde": "<Project name='x'>"})
    _refused(path, tmp_path / "p.tcproj", "not well-formed XML")


def test_failure_midway_leaves_the_open_project_as_it_was(project: Project, tmp_path: Path) -> None:
    """The first recording is stored, the second is a bomb: the import must undo itself."""
    path = write_qdpx(
        tmp_path / "half.qdpx",
        {
            "project.qde": audio_project(2),
            f"sources/{GUID.format(1)}.wav": b"RIFF small recording",
            f"sources/{GUID.format(2)}.wav": b"\0" * 20_000_000,
        },
    )
    before = dump(project.path)
    with pytest.raises(ImportFormatError, match="zip bomb"):
        import_qdpx(project, path)
    assert dump(project.path) == before
    assert not project.media_dir.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_recording_names_cannot_escape(tmp_path: Path) -> None:
    path = write_qdpx(
        tmp_path / "names.qdpx",
        {"project.qde": audio_project(1), f"sources/{GUID.format(1)}.wav": b"RIFF data"},
    )
    report = import_project(path, tmp_path / "p.tcproj")
    assert report.recordings == 1
    with Project.open(tmp_path / "p.tcproj") as project, project.reading() as session:
        from models.entities import Media

        media = session.query(Media).one()
        assert media.original_name == "_.._Rec 1.wav"
        assert (project.media_dir / media.path).read_bytes() == b"RIFF data"
    assert not [*tmp_path.rglob("*Rec 1*"), *tmp_path.parent.glob("*Rec 1*")]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_damaged_member_is_a_clear_error(tmp_path: Path) -> None:
    path = write_qdpx(
        tmp_path / "crc.qdpx",
        {"project.qde": text_project(), f"sources/{GUID.format(1)}.txt": "Текст " * 100},
    )
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(f"sources/{GUID.format(1)}.txt")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 5] ^= 0xFF
    path.write_bytes(bytes(data))
    _refused(path, tmp_path / "p.tcproj", "is damaged")


class _CancelSoon:
    def __init__(self) -> None:
        self.calls = 0

    def progress(self, done: float, total: float, message: str = "") -> None:
        self.calls += 1

    def cancelled(self) -> bool:
        return self.calls >= 3  # after the recording of the third document is stored


def test_cancelled_import_changes_nothing(
    rich_path: Path, project: Project, tmp_path: Path
) -> None:
    from coding.refi import export_qdpx
    from models.progress import Cancelled

    with Project.open(rich_path) as rich:
        export_qdpx(rich, tmp_path / "rich.qdpx")
    before = dump(project.path)
    with pytest.raises(Cancelled):
        import_qdpx(project, tmp_path / "rich.qdpx", reporter=_CancelSoon())
    assert dump(project.path) == before
    assert not project.media_dir.exists()
    with pytest.raises(Cancelled):
        import_project(tmp_path / "rich.qdpx", tmp_path / "new.tcproj", reporter=_CancelSoon())
    assert not (tmp_path / "new.tcproj").exists() and not (tmp_path / "new-media").exists()
    assert not (tmp_path / "new.tcproj.lock").exists()
