"""Import commands: documents, transcripts and recordings; case tables."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.output import print_json, say, warn
from app.cli.privacy_commands import add_pseudonymise_flag, outbound_from_args
from app.cli.project_commands import opened


def register(commands: Any) -> None:
    from coding.documents import KINDS

    imp = commands.add_parser(
        "import", help="import documents, transcripts (.srt .vtt, stamped text) and recordings"
    )
    imp.add_argument("project")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--case", help="assign the documents to this case (created if new)")
    imp.add_argument("--language", default="", help="language code, e.g. ru, de, en, az, ka")
    imp.add_argument("--kind", default="semi_structured_interview", choices=KINDS)
    imp.add_argument("--encoding", help="text encoding, e.g. cp1251 (default: detected)")
    imp.add_argument("--link", action="store_true", help="link recordings instead of copying")
    imp.add_argument("--json", action="store_true")
    imp.add_argument(
        "--transcribe", action="store_true", help="transcribe the imported recordings right away"
    )
    from app.cli.transcription_commands import add_options

    add_options(imp, language=False)  # --language above serves both
    imp.set_defaults(handler=run_import, force=False)

    cases = commands.add_parser("cases", help="import or list cases")
    actions = cases.add_subparsers(dest="action", required=True, metavar="ACTION")
    cimp = actions.add_parser("import", help="cases with attributes from CSV or XLSX")
    cimp.add_argument("project")
    cimp.add_argument("file")
    cimp.add_argument("--encoding", help="CSV encoding (default: detected)")
    cimp.add_argument(
        "--type",
        action="append",
        default=[],
        metavar="COLUMN=TYPE",
        help="override an inferred column type (text, number, date, choice)",
    )
    cimp.set_defaults(handler=run_cases_import)
    clist = actions.add_parser("list", help="list cases and their attributes")
    clist.add_argument("project")
    clist.add_argument("--json", action="store_true")
    add_pseudonymise_flag(clist)
    clist.set_defaults(handler=run_cases_list)


def _audio_probe() -> Any:
    from coding.errors import InvalidInput
    from coding.imports import AudioFacts
    from transcription.audio import AudioError, probe
    from transcription.integrity import check_recording

    def facts(path: Path) -> AudioFacts:
        # A recording is checked whole before the project keeps it (see integrity.py), and
        # transcription's own error becomes the command line's clear message.
        try:
            info = probe(path)
            check_recording(path)
        except AudioError as error:
            raise InvalidInput(str(error)) from None
        return AudioFacts(duration_ms=info.duration_ms, sha256=info.sha256)

    return facts


def run_import(args: argparse.Namespace) -> int:
    from coding.imports import import_files

    with opened(args.project) as project:
        _, imported = import_files(
            project,
            paths=[Path(f) for f in args.files],
            case=args.case,
            language=args.language,
            kind=args.kind,
            encoding=args.encoding,
            probe_audio=_audio_probe(),
            link_media=True if args.link else None,
        )
        # What an import corrected and kept goes to stderr, with --json too.
        for item in imported:
            for warning in item.warnings:
                warn(warning)
        if args.json:
            print_json(imported)
        else:
            for item in imported:
                detail = f"{item.segments} timed segments" if item.segments else item.kind
                if item.encoding:
                    detail += f", {item.encoding}"
                say(f"imported '{item.title}' ({detail})")
        recordings = [item.id for item in imported if item.kind == "audio"]
        if args.transcribe and recordings:
            from app.cli.transcription_commands import transcribe_ids

            args.language = args.language or None
            transcribe_ids(project, recordings, args)
    return 0


def run_cases_import(args: argparse.Namespace) -> int:
    from coding.errors import InvalidInput
    from coding.imports import import_cases, read_case_table

    table = read_case_table(Path(args.file), encoding=args.encoding)
    overrides = {}
    for item in args.type:
        name, sep, kind = item.partition("=")
        if not sep:
            raise InvalidInput(f"--type takes COLUMN=TYPE, not '{item}'")
        overrides[name.strip()] = kind.strip()
    if overrides:
        table = table.with_types(overrides)
    with opened(args.project) as project:
        _, count = import_cases(
            project, table=table, description=f"Import cases from {Path(args.file).name}"
        )
    types = ", ".join(f"{c.name}: {c.type}" for c in table.columns)
    say(f"imported {count} cases ({types})")
    return 0


def run_cases_list(args: argparse.Namespace) -> int:
    from app.cli.output import print_table
    from coding import queries

    with opened(args.project) as project:
        out = outbound_from_args(project, args)
        cases = out.value(queries.cases(project))
        names = [out.text(a.name) for a in queries.attributes(project, "case")]
    if args.json:
        print_json(cases)
        return 0
    print_table([[c.name, *[c.values.get(n, "") for n in names]] for c in cases], ["case", *names])
    return 0
