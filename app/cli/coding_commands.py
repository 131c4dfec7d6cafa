"""Coding commands: code a passage, list codings."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.output import print_json, print_table, say
from app.cli.privacy_commands import add_pseudonymise_flag, outbound_from_args
from app.cli.project_commands import opened


def register(commands: Any) -> None:
    code = commands.add_parser("code", help="apply a code to a passage")
    code.add_argument("project")
    code.add_argument("--document", required=True, help="document title")
    code.add_argument("--code", required=True, help="code name or path")
    where = code.add_mutually_exclusive_group(required=True)
    where.add_argument("--text", help="the exact quote to code")
    where.add_argument("--start", type=int, help="start offset in characters (code points)")
    code.add_argument("--end", type=int, help="end offset (exclusive), with --start")
    code.add_argument("--occurrence", type=int, default=1, help="which occurrence of --text")
    code.add_argument("--coder", help="coder name (default: $TRANSCODA_CODER or your login)")
    code.add_argument("--memo", default="")
    code.add_argument("--json", action="store_true")
    code.set_defaults(handler=run_code)

    codings = commands.add_parser("codings", help="list codings")
    actions = codings.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list coded segments")
    listing.add_argument("project")
    listing.add_argument("--code", help="code name or path")
    listing.add_argument("--document", help="document title")
    listing.add_argument("--coder")
    listing.add_argument("--json", action="store_true")
    add_pseudonymise_flag(listing)
    listing.set_defaults(handler=run_list)


def locate(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    from coding.errors import InvalidInput

    if not quote:
        raise InvalidInput("--text must not be empty")
    if occurrence < 1:
        raise InvalidInput("--occurrence counts from 1")
    at = -1
    for _ in range(occurrence):
        at = text.find(quote, at + 1)
        if at < 0:
            break
    if at < 0:
        found = text.count(quote)
        raise InvalidInput(
            f"the quote does not occur {occurrence} time(s) in the document (found {found})"
        )
    return at, at + len(quote)


def run_code(args: argparse.Namespace) -> int:
    from coding import codings, lookup
    from coding.errors import InvalidInput

    with opened(args.project) as project:
        with project.reading() as session:
            document = lookup.document_by_title(session, args.document)
            code = lookup.code_by_name(session, args.code)
            document_id, code_id, text = document.id, code.id, document.text
        if args.text is not None:
            start, end = locate(text, args.text, args.occurrence)
        else:
            if args.end is None:
                raise InvalidInput("--start needs --end")
            start, end = args.start, args.end
        changes = codings.apply_coding(
            project,
            document_id=document_id,
            code_id=code_id,
            start=start,
            end=end,
            coder=args.coder,
            memo=args.memo,
        )
    if args.json:
        print_json(
            {
                "id": changes.id,
                "document": args.document,
                "code": args.code,
                "start": start,
                "end": end,
                "text": text[start:end],
            }
        )
    else:
        say(f"{changes.description} ({start}-{end})")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from coding import lookup, queries

    with opened(args.project) as project:
        code_ids = document_ids = None
        with project.reading() as session:
            if args.code:
                code_ids = [lookup.code_by_name(session, args.code).id]
            if args.document:
                document_ids = [lookup.document_by_title(session, args.document).id]
        rows = queries.list_codings(
            project,
            code_ids=code_ids,
            document_ids=document_ids,
            coders=[args.coder] if args.coder else None,
        )
        out = outbound_from_args(project, args)
    records = out.value(
        [
            {
                "id": r.id,
                "document": r.document_title,
                "code": r.code_name,
                "start": r.start,
                "end": r.end,
                "text": r.text,
                "coder": out.coder(r.coder),
                "memo": r.memo,
            }
            for r in rows
        ]
    )
    if args.json:
        print_json(records)
        return 0
    print_table(
        [
            [
                r["document"],
                r["code"],
                f"{r['start']}-{r['end']}",
                r["coder"],
                r["text"].replace("\n", " "),
            ]
            for r in records
        ],
        ["document", "code", "span", "coder", "text"],
    )
    return 0
