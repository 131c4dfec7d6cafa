"""Project commands: init, demo, info, documents, undo, redo."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.cli.output import print_json, print_table, say


def location(project: str) -> str | Path:
    """A PostgreSQL URL (a shared project) as it is; anything else is a project file."""
    return project if "://" in project else Path(project)


@contextmanager
def opened(path: str, *, coder: str | None = None) -> Iterator[Any]:
    from app.cli.passwords import password_for
    from coding.project import Project

    project = Project.open(location(path), password=password_for(path))
    if coder:
        project.coder = coder
    try:
        yield project
    finally:
        project.close()


def register(commands: Any) -> None:
    init = commands.add_parser("init", help="create an empty project")
    init.add_argument("project", help="path of the new project file (e.g. study.tcproj)")
    init.add_argument("--title", default="", help="project title")
    init.add_argument("--starter", action="store_true", help="load the starter codebook")
    init.add_argument(
        "--encrypt",
        action="store_true",
        help="protect the project with a password (asked for, or TRANSCODA_NEW_PASSWORD)",
    )
    init.set_defaults(handler=run_init)

    demo = commands.add_parser("demo", help="create the fictional demo project")
    demo.add_argument("project", help="path of the new project file")
    demo.set_defaults(handler=run_demo)

    info = commands.add_parser("info", help="summarise a project")
    info.add_argument("project")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(handler=run_info)

    documents = commands.add_parser("documents", help="list documents")
    documents.add_argument("action", choices=["list"])
    documents.add_argument("project")
    documents.add_argument("--json", action="store_true")
    documents.set_defaults(handler=run_documents)

    for name, helptext in (
        ("undo", "undo the last change"),
        ("redo", "redo the last undone change"),
    ):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("project")
        sub.add_argument(
            "--coder", help="on a shared project: whose change (default: the current coder)"
        )
        sub.set_defaults(handler=run_undo if name == "undo" else run_redo)


def run_init(args: argparse.Namespace) -> int:
    from coding.codebook_io import import_starter
    from coding.project import Project

    password = None
    if args.encrypt:
        from app.cli.passwords import new_password

        password = new_password()
    with Project.create(location(args.project), title=args.title, password=password) as project:
        if args.starter:
            import_starter(project)
    say(f"created {args.project}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from coding.demo import create_demo

    project = create_demo(Path(args.project))
    project.close()
    say(f"created the fictional demo project {args.project}")
    return 0


def run_info(args: argparse.Namespace) -> int:
    from coding import history, queries

    with opened(args.project) as project:
        info = queries.project_info(project)
        state = history.state(project)
    if args.json:
        print_json({**info.__dict__, "undo": state.undo, "redo": state.redo})
        return 0
    say(f"{info.title}  ({info.path})")
    say(f"  documents: {info.documents} ({info.transcripts} with transcripts)")
    say(f"  cases: {info.cases}   codes: {info.codes}   codings: {info.codings}")
    say(f"  memos: {info.memos}")
    say(f"  coders: {', '.join(info.coders) or '-'}")
    say(f"  undo: {state.undo or '-'}   redo: {state.redo or '-'}")
    return 0


def run_documents(args: argparse.Namespace) -> int:
    from coding import queries

    with opened(args.project) as project:
        documents = queries.list_documents(project)
    if args.json:
        print_json(documents)
        return 0
    print_table(
        [
            [d.title, d.kind, d.language, d.case_name or "", d.transcript_status, str(d.codings)]
            for d in documents
        ],
        ["title", "kind", "language", "case", "transcript", "codings"],
    )
    return 0


def run_undo(args: argparse.Namespace) -> int:
    from coding import history

    with opened(args.project, coder=args.coder) as project:
        changes = history.undo(project)
    say(f"undid: {changes.description}")
    return 0


def run_redo(args: argparse.Namespace) -> int:
    from coding import history

    with opened(args.project, coder=args.coder) as project:
        changes = history.redo(project)
    say(f"redid: {changes.description}")
    return 0
