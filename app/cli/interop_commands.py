"""Exchange commands: REFI-QDA projects and codebooks, transcript files.

``import-project`` is registered here; ``export qdpx|qdc|transcript`` join the ``export``
group that export_commands creates (it calls ``add_export_formats``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.output import print_json, say, warn
from app.cli.privacy_commands import add_pseudonymise_flag, outbound_from_args
from app.cli.project_commands import opened


def register(commands: Any) -> None:
    imp = commands.add_parser(
        "import-project",
        help="create a project from a REFI-QDA .qdpx file (NVivo, ATLAS.ti...) or a bare "
        ".qde file with its Sources folder beside it",
    )
    imp.add_argument("file", metavar="FILE.qdpx|FILE.qde")
    imp.add_argument("project", help="path of the new project file (e.g. study.tcproj)")
    imp.add_argument("--json", action="store_true", help="print the import report as JSON")
    imp.set_defaults(handler=run_import_project)


def add_export_formats(formats: Any) -> None:
    qdpx = formats.add_parser("qdpx", help="the whole project as REFI-QDA (.qdpx)")
    qdpx.add_argument("project")
    qdpx.add_argument("out", help="the .qdpx file to write")
    qdpx.add_argument(
        "--timed-text-as",
        choices=["audio", "text"],
        default="audio",
        help="timed transcripts without a recording: as audio sources that keep their timings "
        "(default) or as plain text sources",
    )
    add_pseudonymise_flag(qdpx, timestamps=True, recordings=True)
    qdpx.set_defaults(handler=run_export_qdpx)

    qdc = formats.add_parser("qdc", help="the codebook as REFI-QDA (.qdc)")
    qdc.add_argument("project")
    qdc.add_argument("out", help="the .qdc file to write")
    add_pseudonymise_flag(qdc)
    qdc.set_defaults(handler=run_export_qdc)

    transcript = formats.add_parser("transcript", help="one transcript as srt, vtt, f4 or docx")
    transcript.add_argument("project")
    transcript.add_argument("out", help="the file to write")
    transcript.add_argument("--document", required=True, help="document title")
    transcript.add_argument("--format", required=True, choices=["srt", "vtt", "f4", "docx"])
    add_pseudonymise_flag(transcript)
    transcript.set_defaults(handler=run_export_transcript)


def run_import_project(args: argparse.Namespace) -> int:
    from coding.refi import import_project

    report = import_project(Path(args.file), Path(args.project))
    if args.json:
        print_json(report)
        return 0
    say(f"created {args.project} from {Path(args.file).name}: {report.summary()}")
    for note in report.notes:
        say(f"  note: {note}")
    for skipped in report.skipped:
        warn(f"not imported: {skipped}")
    return 0


def run_export_qdpx(args: argparse.Namespace) -> int:
    from coding.refi import export_qdpx

    with opened(args.project) as project:
        out = outbound_from_args(project, args)
        report = export_qdpx(project, Path(args.out), timed_text_as=args.timed_text_as, out=out)
    say(
        f"wrote {report.sources} sources, {report.codes} codes, {report.codings} codings, "
        f"{report.notes} notes and {report.media_files} recordings to {args.out}"
    )
    for warning in report.warnings:
        warn(warning)
    return 0


def run_export_qdc(args: argparse.Namespace) -> int:
    from coding.refi import export_qdc

    with opened(args.project) as project:
        count = export_qdc(project, Path(args.out), out=outbound_from_args(project, args))
    say(f"wrote the codebook ({count} codes) to {args.out}")
    return 0


def run_export_transcript(args: argparse.Namespace) -> int:
    from coding import lookup
    from coding.refi import export_transcript_file

    with opened(args.project) as project:
        with project.reading() as session:
            document_id = lookup.document_by_title(session, args.document).id
        out = outbound_from_args(project, args)
        count = export_transcript_file(
            project, Path(args.out), document_id=document_id, fmt=args.format, out=out
        )
    unit = "turns" if args.format == "docx" else "cues"
    say(f"wrote '{out.text(args.document)}' as {args.format} ({count} {unit}) to {args.out}")
    return 0
