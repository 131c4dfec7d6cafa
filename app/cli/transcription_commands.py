"""Transcription commands: transcribe, transcript show, models list."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.output import print_json, print_table, say, warn
from app.cli.privacy_commands import add_pseudonymise_flag, outbound_from_args
from app.cli.project_commands import opened


def register(commands: Any) -> None:
    transcribe = commands.add_parser("transcribe", help="transcribe recordings offline (Whisper)")
    transcribe.add_argument("project")
    which = transcribe.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every document with a recording")
    which.add_argument("--document", action="append", help="document title (repeatable)")
    add_options(transcribe)
    transcribe.add_argument(
        "--force",
        action="store_true",
        help="transcribe again documents that already have a transcript",
    )
    transcribe.set_defaults(handler=run_transcribe)

    transcript = commands.add_parser("transcript", help="show a transcript")
    actions = transcript.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="print a transcript's segments")
    show.add_argument("project")
    show.add_argument("--document", required=True)
    show.add_argument("--json", action="store_true")
    add_pseudonymise_flag(show)
    show.set_defaults(handler=run_show)

    models = commands.add_parser("models", help="Whisper models available offline")
    model_actions = models.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = model_actions.add_parser("list", help="list models and where they are")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_models)


def add_options(parser: argparse.ArgumentParser, *, language: bool = True) -> None:
    parser.add_argument("--model", default="base", help="base (default), tiny.en, or a folder")
    if language:
        parser.add_argument(
            "--language", help="language code (default: the document's; else detect)"
        )
    parser.add_argument("--speakers", type=int, help="number of speakers to label (e.g. 2)")
    parser.add_argument("--preset", choices=["fast", "accurate"], default="accurate")
    parser.add_argument(
        "--vocabulary", default="", help="comma-separated names, places and terms to spell as given"
    )


def options_from(args: argparse.Namespace) -> Any:
    from transcription.engine import Preset, TranscriptionOptions

    vocabulary = tuple(term.strip() for term in args.vocabulary.split(",") if term.strip())
    return TranscriptionOptions(
        model=args.model,
        language=args.language or None,
        preset=Preset.FAST if args.preset == "fast" else Preset.ACCURATE,
        vocabulary=vocabulary,
    )


def transcribe_ids(project: Any, ids: list[int], args: argparse.Namespace) -> int:
    """Transcribe documents one after another; returns how many were done."""
    from app.cli.progress import TerminalProgress
    from app.transcribe import needs_transcription, transcribe_document
    from coding import transcripts
    from transcription.engine import load_model

    if args.speakers is not None and args.speakers < 1:
        from coding.errors import InvalidInput

        raise InvalidInput("--speakers must be at least 1")
    options = options_from(args)
    todo = [i for i in ids if needs_transcription(project, i, force=args.force)]
    for skipped in sorted(set(ids) - set(todo)):
        say(
            f"skipped '{transcripts.target(project, skipped).title}' (already transcribed; --force)"
        )
    if not todo:
        return 0
    model = load_model(options.model, options.device)
    for number, document_id in enumerate(todo, start=1):
        target = transcripts.target(project, document_id)
        title = target.title
        bar = TerminalProgress(f"[{number}/{len(todo)}] {title[:30]}")
        try:
            result = transcribe_document(
                project,
                document_id,
                options=options,
                reporter=bar,
                speakers=args.speakers,
                force=args.force,
                model=model,
            )
        finally:
            bar.close()
        detected = ""
        if result.language and not options.language and not target.language:
            detected = f", language {result.language} ({result.language_probability:.0%})"
        resumed = (
            f", resumed at {result.resumed_from_ms / 1000:.0f} s" if result.resumed_from_ms else ""
        )
        say(
            f"transcribed '{title}': {len(result.transcript.segments)} segments in "
            f"{result.elapsed_s:.0f} s{detected}{resumed} (draft: please check)"
        )
    return len(todo)


def run_transcribe(args: argparse.Namespace) -> int:
    from coding import lookup, transcripts

    with opened(args.project) as project:
        if args.all:
            ids = transcripts.untranscribed(project) if not args.force else _all_with_media(project)
            if not ids:
                say("nothing to transcribe: no document with a recording lacks a transcript")
                return 0
        else:
            with project.reading() as session:
                ids = [lookup.document_by_title(session, title).id for title in args.document]
        transcribe_ids(project, ids, args)
    return 0


def _all_with_media(project: Any) -> list[int]:
    from coding import queries

    return [d.id for d in queries.list_documents(project) if d.has_media]


def run_show(args: argparse.Namespace) -> int:
    from coding import lookup, queries
    from models.transcript_layout import format_stamp

    with opened(args.project) as project:
        with project.reading() as session:
            document_id = lookup.document_by_title(session, args.document).id
        detail = queries.get_document(project, document_id)
        out = outbound_from_args(project, args)
    text = out.document(detail.text)
    rows: list[dict[str, Any]] = [
        {
            "start_ms": s.start_ms,
            "end_ms": s.end_ms,
            "speaker": out.optional(s.speaker),
            "text": text.text[text.start(s.char_start) : text.end(s.char_end)],
        }
        for s in detail.segments
    ]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        warn(f"'{out.text(detail.title)}' has no timed transcript")
    for row in rows:
        speaker = f"{row['speaker']}: " if row["speaker"] else ""
        say(f"{format_stamp(row['start_ms'])} {speaker}{row['text']}")
    return 0


def run_models(args: argparse.Namespace) -> int:
    from transcription.model_store import list_models

    models = list_models()
    if args.json:
        print_json(models)
        return 0
    print_table(
        [
            [
                m.name,
                "yes" if m.available else "no",
                m.source,
                {True: "yes", False: "English only", None: "?"}[m.multilingual],
                f"{m.size_bytes / 1e6:.0f} MB" if m.size_bytes else "",
                str(m.path),
            ]
            for m in models
        ],
        ["model", "available", "source", "multilingual", "size", "where"],
    )
    for m in models:
        if not m.available and m.hint:
            say(f"  {m.name}: {m.hint}")
    return 0
