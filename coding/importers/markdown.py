"""Markdown to the plain text a researcher codes: the words, without the markup.

Headings, list items and table rows keep their own lines; soft-wrapped lines of a paragraph
are joined as a renderer would join them; paragraphs stay separated by a blank line. Square
brackets that are not links are kept, because transcripts use them for notes such as
``[laughs]``. This is deliberately not a full CommonMark renderer: only the constructs that
appear in notes and transcripts are handled, in linear time.
"""

from __future__ import annotations

import re

from .text import normalise_text

_FENCE = re.compile(r"^\s{0,3}(?P<fence>`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d{1,9}[.)])\s+(?P<text>.*)$")
_QUOTE_MARKERS = re.compile(r"^(?:\s{0,3}>\s?)+")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")
# Matched against the stripped line: two "\s*" side by side backtrack quadratically.
_TABLE_SEPARATOR = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?")
_FRONT_MATTER_FENCE = "---"

_CODE_SPAN = re.compile(r"(`+)(?P<code>[^`]+?)\1")
_ESCAPE = re.compile(r"\\(?P<char>[!-/:-@\[-`{-~])")
# Every repeated class stops at the next bracket or parenthesis, so that a text full of
# unclosed "[" or "(" is scanned once, not once per bracket.
_DESTINATION = r"\((?:[^()\s]*)(?:\s[^()]*)?\)"
_IMAGE = re.compile(rf"!\[(?P<alt>[^\[\]]*)\]{_DESTINATION}")
_INLINE_LINK = re.compile(rf"\[(?P<text>[^\[\]]+)\]{_DESTINATION}")
_REFERENCE_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\[[^\[\]]*\]")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|ftp|mailto):[^<>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# Character classes instead of lazy ".+?" keep these linear on hostile input.
_EMPHASIS = (
    re.compile(r"(?<![*\\])\*(?![*\s])(?P<text>[^*\n]*?[^*\s])\*(?!\*)"),
    re.compile(r"\*\*(?!\s)(?P<text>[^*\n]*?[^*\s])\*\*"),
    re.compile(r"(?<!\w)_(?![_\s])(?P<text>[^_\n]*?[^_\s])_(?!\w)"),
    re.compile(r"(?<!\w)__(?!\s)(?P<text>[^_\n]*?[^_\s])__(?!\w)"),
    re.compile(r"~~(?!\s)(?P<text>[^~\n]*?[^~\s])~~"),
)
# Private-use characters stand in for code spans and escapes while emphasis is removed.
_HOLD_OPEN = "\ue000"
_HOLD_CLOSE = "\ue001"
_HELD = re.compile(_HOLD_OPEN + r"(?P<index>\d+)" + _HOLD_CLOSE)


def markdown_to_text(markdown: str) -> str:
    lines = _without_front_matter(normalise_text(markdown).split("\n"))
    out: list[str] = []
    paragraph: list[str] = []
    fence: str | None = None
    in_comment = False

    def flush() -> None:
        if paragraph:
            out.append(inline_to_text(" ".join(paragraph)).replace(" \n ", "\n"))
            paragraph.clear()

    def paragraph_break() -> None:
        flush()
        if out and out[-1] != "":
            out.append("")

    for raw in lines:
        if fence is not None:
            if raw.strip().startswith(fence):
                fence = None
                paragraph_break()
            else:
                out.append(raw)
            continue
        if in_comment:
            in_comment = "-->" not in raw
            continue
        line = _QUOTE_MARKERS.sub("", raw, count=1)
        stripped = line.strip()
        fence_match = _FENCE.match(line)
        if fence_match:
            paragraph_break()
            fence = fence_match.group("fence")
        elif not stripped:
            paragraph_break()
        elif stripped.startswith("<!--") and "-->" not in stripped:
            in_comment = True
        elif (paragraph and _SETEXT_UNDERLINE.match(line)) or _THEMATIC_BREAK.match(line):
            paragraph_break()
        elif heading := _ATX_HEADING.match(line):
            paragraph_break()
            out.append(inline_to_text(_heading_text(line[heading.end() :])))
            out.append("")
        elif _TABLE_SEPARATOR.fullmatch(stripped) and ("|" in stripped or paragraph):
            flush()
        elif stripped.startswith("|"):
            flush()
            out.append(_table_row(stripped))
        elif _REFERENCE_DEFINITION.match(line):
            flush()
        elif item := _LIST_ITEM.match(line):
            flush()
            marker = item.group("marker")
            bullet = "-" if marker in "-*+" else marker
            paragraph.append(f"{item.group('indent')}{bullet} {item.group('text').strip()}")
        elif line.endswith("  ") or line.endswith("\\"):
            paragraph.append(stripped.rstrip("\\").rstrip())
            paragraph.append("\n")
        else:
            paragraph.append(stripped)
    flush()
    return _tidy(out)


def inline_to_text(text: str) -> str:
    held: list[str] = []

    def hold(value: str) -> str:
        held.append(value)
        return f"{_HOLD_OPEN}{len(held) - 1}{_HOLD_CLOSE}"

    text = _CODE_SPAN.sub(lambda match: hold(match.group("code").strip()), text)
    text = _ESCAPE.sub(lambda match: hold(match.group("char")), text)
    text = _without_html_comments(text)
    text = _IMAGE.sub(lambda match: match.group("alt"), text)
    text = _INLINE_LINK.sub(lambda match: match.group("text"), text)
    text = _REFERENCE_LINK.sub(lambda match: match.group("text"), text)
    text = _AUTOLINK.sub(lambda match: match.group("url"), text)
    text = _HTML_TAG.sub("", text)
    for _ in range(3):  # nested emphasis such as ***both*** needs more than one pass
        before = text
        for pattern in _EMPHASIS:
            text = pattern.sub(lambda match: match.group("text"), text)
        if text == before:
            break
    return _HELD.sub(lambda match: held[int(match.group("index"))], text)


def _heading_text(rest: str) -> str:
    """The heading without its optional closing hashes ("## Title ##")."""
    rest = rest.strip()
    unclosed = rest.rstrip("#")
    if unclosed != rest and (not unclosed or unclosed[-1].isspace()):
        return unclosed.rstrip()
    return rest


def _without_html_comments(text: str) -> str:
    """Linear where a regex with ".*?" would rescan the rest of the text for each "<!--"."""
    parts: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def _table_row(line: str) -> str:
    inner = line.strip().removeprefix("|").removesuffix("|")
    cells = re.split(r"(?<!\\)\|", inner)
    return "\t".join(inline_to_text(cell.strip().replace("\\|", "|")) for cell in cells)


def _without_front_matter(lines: list[str]) -> list[str]:
    if not lines or lines[0].strip() != _FRONT_MATTER_FENCE:
        return lines
    for index in range(1, min(len(lines), 200)):
        if lines[index].strip() in (_FRONT_MATTER_FENCE, "..."):
            return lines[index + 1 :]
    return lines


def _tidy(lines: list[str]) -> str:
    tidy: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and (not tidy or not tidy[-1]):
            continue
        tidy.append(line)
    while tidy and not tidy[-1]:
        tidy.pop()
    return "\n".join(tidy)
