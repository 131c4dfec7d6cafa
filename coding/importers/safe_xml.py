"""XML parsing that cannot be turned against the user's machine.

Office files never contain a document type declaration, so any DOCTYPE or ENTITY is refused
before parsing: that closes entity expansion ("billion laughs") and external entities
(reading local files or the network) together. The parser is configured defensively as well,
in case a declaration slips past the scan in an unusual encoding.
"""

from __future__ import annotations

from typing import Any

from .errors import ImportFormatError

_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
_DECLARATION_PATTERNS = tuple(
    pattern
    for declaration in _DECLARATIONS
    for pattern in (
        declaration,
        declaration.decode("ascii").encode("utf-16-le"),
        declaration.decode("ascii").encode("utf-16-be"),
    )
)


def refuse_xml_declarations(data: bytes, *, filename: str, part: str) -> None:
    for pattern in _DECLARATION_PATTERNS:
        if pattern in data:
            raise ImportFormatError(
                filename,
                f"was refused: its part {part} contains an XML document type or entity "
                "declaration, which genuine Office files never contain (such declarations "
                "can be used to attack the computer)",
            )


def parse_xml(data: bytes, *, filename: str, part: str) -> Any:
    """The root element of one XML part (an lxml element)."""
    from lxml import etree

    refuse_xml_declarations(data, filename=filename, part=part)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ImportFormatError(
            filename, f"is damaged: its part {part} is not well-formed XML ({error.msg})"
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ImportFormatError(
            filename, f"was refused: its part {part} contains a document type declaration"
        )
    return root
