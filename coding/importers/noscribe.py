"""noScribe HTML transcripts.

noScribe (a local Whisper transcriber popular in qualitative research) writes every segment
as an anchor named ``ts_START_END_SPEAKER`` with times in milliseconds, e.g.
``<a name="ts_4520_9180_S01">S01: Ja, also...</a>``; overlapping speech has a speaker such as
``//S01`` and an empty speaker means no speaker detection. Its editor re-saves the file with
empty anchors placed before the text, so text is assigned to the most recent anchor rather
than to the anchor element that encloses it. Text before the first anchor is noScribe's title
and header (program version, audio path) and is not part of the transcript.

lxml's HTML parser reads the file, with the network off: it never loads a DTD or expands
declared entities, and unlike the stdlib HTMLParser of Python 3.11 it stays linear on
malformed markup such as thousands of unclosed tags.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import ImportFormatError
from .transcript_model import ParsedTranscript, RawPiece, build_transcript

_ANCHOR_NAME = re.compile(r"ts_(?P<start>[0-9]+)_(?P<end>[0-9]+)_(?P<speaker>.*)", re.DOTALL)
# "[^<>]" rather than "[^>]": each attempt stops at the next tag, so unclosed tags stay linear.
NOSCRIBE_ANCHOR = re.compile(r"""<a\s[^<>]*name\s*=\s*["']?ts_[0-9]+_[0-9]+_""", re.IGNORECASE)
_NOSCRIBE_STAMP = re.compile(r"\[[0-9]{2}:[0-9]{2}:[0-9]{2}\]")
_IGNORED_CONTENT = frozenset({"head", "style", "script", "title", "template"})
_BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})


class _AnchorCollector:
    """Text assigned to the most recent timestamp anchor, in document order."""

    def __init__(self) -> None:
        self.pieces: list[tuple[int, int, str, list[str]]] = []
        self._ignored_depth = 0

    def start(self, element: Any) -> None:
        tag = _tag(element)
        if tag in _IGNORED_CONTENT:
            self._ignored_depth += 1
        if self._ignored_depth:
            return
        if tag in _BREAKS:
            self._append(" ")
        if tag == "a":
            name = element.get("name") or element.get("id")
            match = _ANCHOR_NAME.fullmatch(name) if name else None
            if match is not None:
                start, end = int(match.group("start")), int(match.group("end"))
                self.pieces.append((start, end, match.group("speaker"), []))
        if element.text:
            self._append(element.text)

    def end(self, element: Any) -> None:
        tag = _tag(element)
        if tag in _IGNORED_CONTENT:
            self._ignored_depth -= 1
        elif tag in _BREAKS and not self._ignored_depth:
            self._append(" ")
        if element.tail and not self._ignored_depth:
            self._append(element.tail)

    def _append(self, text: str) -> None:
        if self.pieces:
            self.pieces[-1][3].append(text)


def _tag(element: Any) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def parse_noscribe_html(text: str, *, filename: str) -> ParsedTranscript:
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(
        encoding="utf-8",
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )
    collector = _AnchorCollector()
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
        for event, element in etree.iterwalk(root, events=("start", "end")):
            if event == "start":
                collector.start(element)
            else:
                collector.end(element)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ImportFormatError(filename, f"is not readable HTML ({error})") from None
    if not collector.pieces:
        raise ImportFormatError(
            filename,
            "is not a noScribe transcript: it has no timestamp anchors "
            '(<a name="ts_START_END_SPEAKER">)',
        )
    pieces = [
        _piece(start, end, speaker, "".join(parts))
        for start, end, speaker, parts in collector.pieces
    ]
    return build_transcript(pieces, filename=filename)


def _piece(start: int, end: int, raw_speaker: str, text: str) -> RawPiece:
    speaker = raw_speaker.strip().lstrip("/").strip()
    words = " ".join(text.split())
    if speaker:
        # noScribe repeats the speaker at the start of each turn: "S01: ..." or "//S01: ..."
        prefix = re.compile(rf"^(?://)?{re.escape(speaker)}:\s*")
        words = prefix.sub("", words, count=1)
    words = " ".join(_NOSCRIBE_STAMP.sub(" ", words).split())
    return RawPiece(text=words, speaker=speaker or None, start_ms=start, end_ms=max(start, end))
