"""REFI-QDA exchange: projects (.qdpx) and codebooks (.qdc), plus transcript files.

REFI-QDA is the standard NVivo, ATLAS.ti, MAXQDA and QualCoder read and write. Exports are
strict (validated against the schemas in ``resources/refi_qda`` and checked for dangling GUID
references before a byte is written); imports are liberal and report what they could not
carry across. No Qt here: the GUI runs these functions on a worker thread with a reporter.
"""

from __future__ import annotations

from coding.refi.archive import QdpxLimits
from coding.refi.qdc import codebook_xml, export_qdc, import_qdc, read_qdc
from coding.refi.qdpx_export import check_qdpx, export_qdpx
from coding.refi.qdpx_import import import_project, import_qdpx
from coding.refi.report import ExchangeError, ExportReport, ImportReport
from coding.refi.transcript_formats import (
    TRANSCRIPT_FILE_FORMATS,
    TranscriptFileFormat,
    export_transcript_file,
    transcript_cues,
)

__all__ = [
    "TRANSCRIPT_FILE_FORMATS",
    "ExchangeError",
    "ExportReport",
    "ImportReport",
    "QdpxLimits",
    "TranscriptFileFormat",
    "check_qdpx",
    "codebook_xml",
    "export_qdc",
    "export_qdpx",
    "export_transcript_file",
    "import_project",
    "import_qdc",
    "import_qdpx",
    "read_qdc",
    "transcript_cues",
]
