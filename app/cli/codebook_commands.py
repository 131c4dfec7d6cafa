"""Codebook commands: codebook import/export, codes add/list."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.output import print_json, print_table, say
from app.cli.privacy_commands import add_pseudonymise_flag, outbound_from_args
from app.cli.project_commands import opened


def register(commands: Any) -> None:
    codebook = commands.add_parser("codebook", help="import or export a codebook")
    actions = codebook.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = actions.add_parser("import", help="import a codebook CSV, or 'starter'")
    imp.add_argument("project")
    imp.add_argument("source", help="a CSV file, or 'starter' for the bundled starter codebook")
    imp.set_defaults(handler=run_import)
    exp = actions.add_parser("export", help="export the codebook as CSV")
    exp.add_argument("project")
    exp.add_argument("out", help="the CSV file to write")
    add_pseudonymise_flag(exp)
    exp.set_defaults(handler=run_export)

    codes = commands.add_parser("codes", help="add or list codes")
    code_actions = codes.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = code_actions.add_parser("add", help="add a code")
    add.add_argument("project")
    add.add_argument("name")
    add.add_argument("--parent", help="name or path of the parent code")
    add.add_argument("--color", help="#RRGGBB")
    add.add_argument("--definition", default="")
    add.set_defaults(handler=run_codes_add)
    listing = code_actions.add_parser("list", help="list codes in codebook order")
    listing.add_argument("project")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_codes_list)


def run_import(args: argparse.Namespace) -> int:
    from coding.codebook_io import import_codebook

    with opened(args.project) as project:
        changes = import_codebook(project, source=args.source)
    say(f"imported {changes.id or 0} new codes")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from coding.codebook_io import export_codebook_csv

    with opened(args.project) as project:
        count = export_codebook_csv(project, Path(args.out), out=outbound_from_args(project, args))
    say(f"wrote {count} codes to {args.out}")
    return 0


def run_codes_add(args: argparse.Namespace) -> int:
    from coding import codebook, lookup

    with opened(args.project) as project:
        parent_id = None
        if args.parent:
            with project.reading() as session:
                parent_id = lookup.code_by_name(session, args.parent).id
        changes = codebook.create_code(
            project,
            name=args.name,
            parent_id=parent_id,
            color=args.color,
            definition=args.definition,
        )
    say(f"added code '{args.name}' (id {changes.id})")
    return 0


def run_codes_list(args: argparse.Namespace) -> int:
    from coding import queries

    with opened(args.project) as project:
        nodes = queries.codebook(project)
    if args.json:
        print_json(
            [
                {
                    "id": n.id,
                    "name": n.name,
                    "path": n.path,
                    "parent_id": n.parent_id,
                    "color": n.color,
                    "definition": n.definition,
                    "codings": n.codings,
                    "codings_with_subcodes": n.codings_with_subcodes,
                }
                for n in nodes
            ]
        )
        return 0
    print_table(
        [["  " * n.depth + n.name, n.color, str(n.codings_with_subcodes)] for n in nodes],
        ["code", "colour", "codings"],
    )
    return 0
