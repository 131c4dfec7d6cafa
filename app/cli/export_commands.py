"""Export commands: Word reports (segments, codebook, transcript).

Every command here that writes a project's words takes ``--pseudonymise`` /
``--no-pseudonymise`` (privacy_commands.add_pseudonymise_flag) and writes through the
Outbound it gives (coding.privacy.outbound); tests/privacy checks that none is without it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import interop_commands
from app.cli.output import say
from app.cli.privacy_commands import add_pseudonymise_flag, outbound_from_args
from app.cli.project_commands import opened


def register(commands: Any) -> None:
    export = commands.add_parser("export", help="export reports and data")
    formats = export.add_subparsers(dest="format", required=True, metavar="FORMAT")
    docx = formats.add_parser("docx", help="a Word report")
    docx.add_argument("project")
    docx.add_argument("out", help="the .docx file to write")
    docx.add_argument(
        "--report", choices=["segments", "codebook", "transcript"], default="segments"
    )
    docx.add_argument("--code", action="append", default=[], help="code name or path (repeatable)")
    docx.add_argument("--no-subcodes", action="store_true", help="leave out subcodes of --code")
    docx.add_argument("--document", action="append", default=[], help="document title (repeatable)")
    docx.add_argument("--case", action="append", default=[], help="case name (repeatable)")
    docx.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="ATTR=VALUE",
        help="case attribute condition, e.g. origin=Russia (repeatable: AND across attributes)",
    )
    docx.add_argument("--coder", action="append", default=[], help="coder name (repeatable)")
    docx.add_argument(
        "--attribute",
        action="append",
        default=None,
        help="case attribute to show in provenance lines (default: all)",
    )
    add_pseudonymise_flag(docx)
    docx.set_defaults(handler=run_docx)
    interop_commands.add_export_formats(formats)


def run_docx(args: argparse.Namespace) -> int:
    from coding import lookup
    from coding.errors import InvalidInput
    from coding.reports import (
        SegmentFilter,
        export_codebook,
        export_segments,
        export_transcript,
        parse_condition,
    )

    target = Path(args.out)
    with opened(args.project) as project:
        out = outbound_from_args(project, args)
        if args.report == "codebook":
            count = export_codebook(project, target, out=out)
            say(f"wrote the codebook ({count} codes) to {target}")
        elif args.report == "transcript":
            if len(args.document) != 1:
                raise InvalidInput("--report transcript needs exactly one --document")
            with project.reading() as session:
                document_id = lookup.document_by_title(session, args.document[0]).id
            count = export_transcript(project, target, document_id=document_id, out=out)
            say(f"wrote the transcript ({count} turns) to {target}")
        else:
            flt = SegmentFilter(
                codes=args.code,
                include_subcodes=not args.no_subcodes,
                documents=args.document,
                cases=args.case,
                where=[parse_condition(w) for w in args.where],
                coders=args.coder,
            )
            count = export_segments(project, target, flt, attributes=args.attribute, out=out)
            say(f"wrote {count} coded segments to {target}")
    return 0
