"""Backup commands: list, make and restore rolling backups."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.output import print_json, print_table, say
from app.cli.project_commands import opened


def register(commands: Any) -> None:
    backup = commands.add_parser("backup", help="list, make or restore project backups")
    actions = backup.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list backups, newest first")
    listing.add_argument("project")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)
    now = actions.add_parser("now", help="make a backup now")
    now.add_argument("project")
    now.set_defaults(handler=run_now)
    restore = actions.add_parser("restore", help="replace the project by a backup")
    restore.add_argument("project")
    restore.add_argument("backup", help="the backup's file name, as `backup list` shows it")
    restore.set_defaults(handler=run_restore)


def run_list(args: argparse.Namespace) -> int:
    from coding.backups import list_backups

    _refuse_shared(args.project)
    backups = list_backups(Path(args.project))
    if args.json:
        print_json(
            [
                {
                    "name": b.name,
                    "created": b.created,
                    "reason": b.reason,
                    "size_bytes": b.size_bytes,
                }
                for b in backups
            ]
        )
        return 0
    print_table(
        [
            [b.name, f"{b.created:%Y-%m-%d %H:%M:%S} UTC", b.reason, f"{b.size_bytes // 1024} KB"]
            for b in backups
        ],
        ["backup", "made", "why", "size"],
    )
    return 0


def run_now(args: argparse.Namespace) -> int:
    from coding.backups import make_backup

    with opened(args.project) as project:
        info = make_backup(project)
    say(f"backed up to {info.path}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from app.cli.passwords import password_for
    from coding.backups import restore_backup

    _refuse_shared(args.project)
    info = restore_backup(Path(args.project), args.backup, password=password_for(args.project))
    say(f"restored {args.project} from {info.name} (the state before is kept as a backup)")
    return 0


def _refuse_shared(project: str) -> None:
    from coding.errors import ProjectError

    if "://" in project:
        raise ProjectError(
            "a shared project on a server is backed up by its administrator (pg_dump); "
            "Transcoda keeps no backups of it"
        )
