"""NVivo counts positions in UTF-16 code units: an emoji is two. Decided by evidence, per file.

On a real NVivo 12 export (``../shared/peers/nvivo-win-12.6_oltas.qdpx``: Hungarian social-media
comments with emoji, CRLF line ends) reading the positions as code points put 37 of 97 codings
across word edges: every coding after the first emoji was shifted.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coding.refi.positions import Probe, TextPositions, describe, read_positions
from coding.refi.qdpx_import import import_project

PEERS = Path(__file__).resolve().parents[2].parent / "shared" / "peers"
NVIVO_12 = PEERS / "nvivo-win-12.6_oltas.qdpx"

RAW = "Ну 😀 что ж.\r\nМы уехали 👍🏽 в Тбилиси, потом в Берлин.\r\nკარგი 🙂 დღე"


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def probe_for(quote: str, *, name: str = "") -> Probe:
    start = utf16(RAW[: RAW.index(quote)])
    return Probe(start, start + utf16(quote), name)


def test_utf16_positions_map_onto_the_right_words() -> None:
    positions = TextPositions(RAW, crlf_as_two=True, utf16=True)
    probe = probe_for("в Тбилиси")
    start, end = positions.to_text(probe.start), positions.to_text(probe.end)
    assert start is not None and end is not None
    assert positions.text[start:end] == "в Тбилиси"
    # The length as NVivo counts it, and nothing past it.
    assert positions.to_text(utf16(RAW)) == len(positions.text)
    assert positions.to_text(utf16(RAW) + 1) is None


def test_a_position_between_the_halves_of_a_surrogate_pair_is_no_position() -> None:
    positions = TextPositions(RAW, crlf_as_two=True, utf16=True)
    emoji = utf16(RAW[: RAW.index("😀")])
    assert positions.to_text(emoji) is not None
    assert positions.to_text(emoji + 1) is None
    assert positions.to_text(emoji + 2) is not None


def test_the_reading_is_chosen_from_whole_word_selections_without_names() -> None:
    probes = [probe_for(q) for q in ("в Тбилиси", "в Берлин", "დღე", "Мы уехали")]
    chosen = read_positions(RAW, probes, origin="some tool")
    assert chosen.utf16 and chosen.crlf_as_two
    assert chosen.doubt is None
    assert describe(chosen) == "UTF-16 code units, a line break as two"
    # The same places counted in code points are chosen as code points, whatever the tool.
    flat = [
        Probe(RAW.index(q), RAW.index(q) + len(q), "")
        for q in ("в Тбилиси", "в Берлин", "დღე", "Мы уехали")
    ]
    assert not read_positions(RAW, flat, origin="NVivo").utf16


def test_thin_evidence_is_reported_as_doubtful() -> None:
    # One selection before any emoji reads the same both ways: nothing to tell them apart.
    start = RAW.index("Ну")
    chosen = read_positions(RAW, [Probe(start, start + 2, "")], origin="NVivo 12")
    assert chosen.utf16  # the tool's known habit decides the tie...
    assert chosen.doubt is not None and "check a few codings" in chosen.doubt  # ...and says so


def test_a_real_nvivo_12_export_lands_every_coding_on_whole_words(tmp_path: Path) -> None:
    assert NVIVO_12.is_file(), f"the NVivo 12 peer file is missing: {NVIVO_12}"
    target = tmp_path / "nvivo.tcproj"
    report = import_project(NVIVO_12, target)
    assert report.codings == 97
    assert any("positions read as UTF-16 code units" in note for note in report.notes)
    assert not any("doubtful" in note for note in report.notes)
    with sqlite3.connect(target) as db:
        texts = dict(db.execute("select id, text from documents").fetchall())
        spans = db.execute('select document_id, start, "end" from codings').fetchall()
    assert len(spans) == 97

    def whole(text: str, position: int) -> bool:
        inside = 0 < position < len(text)
        return not (inside and text[position - 1].isalnum() and text[position].isalnum())

    cut = [(s, e) for d, s, e in spans if not (whole(texts[d], s) and whole(texts[d], e))]
    assert cut == [], f"{len(cut)} codings cut through a word"
    assert any(ord(char) > 0xFFFF for text in texts.values() for char in text)
