"""Privacy commands: ``pseudonymise`` (find, review, replace names) and ``password``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli.output import print_json, print_table, say, warn
from app.cli.project_commands import opened


def add_pseudonymise_flag(
    parser: argparse.ArgumentParser, *, timestamps: bool = False, recordings: bool = False
) -> None:
    """``--pseudonymise`` / ``--no-pseudonymise`` for a command that writes a project's words;
    see ``outbound_from_args``. Every such command must call this (a test checks)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--pseudonymise",
        action="store_true",
        help="replace every name known to the project by its pseudonym in what is written "
        "(see `transcoda pseudonymise`); the project itself is not changed. The default when "
        "the project says always to pseudonymise exports",
    )
    group.add_argument(
        "--no-pseudonymise",
        action="store_true",
        help="write real names even though the project says always to pseudonymise exports",
    )
    if timestamps:
        parser.add_argument(
            "--with-timestamps",
            action="store_true",
            help="keep when documents, codings and memos were made and changed (left out "
            "by default: a change history can identify who worked when)",
        )
    if recordings:
        parser.add_argument(
            "--with-recordings",
            action="store_true",
            help="with pseudonymisation: pack the recordings too (left out by default: a "
            "voice identifies a person as surely as a name)",
        )


def outbound_from_args(project: Any, args: argparse.Namespace) -> Any:
    """The Outbound (coding.privacy.outbound) an export command writes through."""
    from coding.privacy.outbound import always_pseudonymise, knows_names, outbound_for

    wanted: bool | None = None
    if getattr(args, "pseudonymise", False):
        wanted = True
    elif getattr(args, "no_pseudonymise", False):
        wanted = False
        if always_pseudonymise(project):
            warn(
                "--no-pseudonymise: real names are written, although this project says always "
                "to pseudonymise exports"
            )
    elif not always_pseudonymise(project) and knows_names(project):
        warn(
            "the project knows names to hide but this export writes them as they are; add "
            "--pseudonymise (or `transcoda pseudonymise PROJECT --always-pseudonymise-exports "
            "on`)"
        )
    recordings = True if getattr(args, "with_recordings", False) else None
    return outbound_for(
        project,
        pseudonymise=wanted,
        timestamps=getattr(args, "with_timestamps", False),
        recordings=recordings,
    )


def pseudonymiser_for(project: Any, args: argparse.Namespace) -> Callable[[str], str] | None:
    """The text -> text function of ``outbound_from_args`` (None: names are kept)."""
    return outbound_from_args(project, args).pseudonymise  # type: ignore[no-any-return]


def _ids(text: str) -> list[int]:
    from coding.errors import InvalidInput

    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise InvalidInput(f"'{text}' is not a list of ids (write 1,2,3)") from None


def register(commands: Any) -> None:
    sub = commands.add_parser(
        "pseudonymise",
        help="find names of people, places and organisations; review; replace them",
        description="Steps run in this order, as many as given: --terms, --detect, review "
        "decisions (--accept/--reject...), --pseudonym, --apply. Without a step, lists the "
        "names and their pseudonyms.",
    )
    sub.add_argument("project")
    sub.add_argument("--terms", metavar="FILE", help="CSV of sensitive terms: term,pseudonym")
    sub.add_argument("--detect", action="store_true", help="find names in every document")
    sub.add_argument("--document", action="append", default=[], help="only this document")
    sub.add_argument("--review", action="store_true", help="list findings awaiting review")
    sub.add_argument(
        "--status",
        default=None,
        help="with --review: pending (default), accepted, rejected, applied, or all",
    )
    sub.add_argument("--accept", default="", metavar="IDS", help="accept findings 1,2,3")
    sub.add_argument("--reject", default="", metavar="IDS", help="reject findings")
    sub.add_argument("--accept-name", default="", metavar="IDS", help="accept names (entities)")
    sub.add_argument("--reject-name", default="", metavar="IDS", help="reject names (entities)")
    sub.add_argument("--accept-all", action="store_true", help="accept every pending finding")
    sub.add_argument("--reject-all", action="store_true", help="reject every pending finding")
    sub.add_argument(
        "--pseudonym",
        action="append",
        default=[],
        metavar="ID=TEXT",
        help="give name ID its own pseudonym (repeatable)",
    )
    sub.add_argument(
        "--apply",
        action="store_true",
        help="replace accepted names in the project itself (one undoable step)",
    )
    sub.add_argument(
        "--forget-history",
        action="store_true",
        help="after --apply: delete the undo history, which still holds the real names "
        "(cannot be undone), and scrub them from the file",
    )
    sub.add_argument(
        "--with-backups", action="store_true", help="with --forget-history: delete the backups"
    )
    sub.add_argument(
        "--with-mapping",
        action="store_true",
        help="with --forget-history: delete the names and their pseudonyms too",
    )
    sub.add_argument(
        "--share-copy",
        metavar="OUT.tcproj",
        help="write a pseudonymised copy to share: every name not rejected is replaced; no "
        "recordings, no undo history, no mapping, no password",
    )
    sub.add_argument(
        "--with-timestamps",
        action="store_true",
        help="with --share-copy: keep when documents, codings and memos were made and changed",
    )
    sub.add_argument(
        "--always-pseudonymise-exports",
        choices=["on", "off"],
        help="on: every export of this project is pseudonymised unless --no-pseudonymise is "
        "given (one undoable step); off: only when --pseudonymise is given",
    )
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.set_defaults(handler=run_pseudonymise)

    password = commands.add_parser(
        "password",
        help="encrypt a project with a password, change it, or remove it",
        description="Passwords are read from TRANSCODA_PASSWORD (the current one) and "
        "TRANSCODA_NEW_PASSWORD, or asked for in a terminal; never from the command line.",
    )
    password.add_argument("action", choices=["set", "change", "remove"])
    password.add_argument("project")
    password.set_defaults(handler=run_password)


def run_pseudonymise(args: argparse.Namespace) -> int:
    from coding import lookup
    from coding.privacy import (
        add_terms,
        apply_to_project,
        decide,
        detect,
        read_terms,
        set_pseudonym,
    )

    report: dict[str, Any] = {}
    with opened(args.project) as project:
        if args.terms:
            _, created = add_terms(project, terms=read_terms(Path(args.terms)))
            report["terms"] = {"new_names": created}
        document_ids = None
        if args.document:
            with project.reading() as session:
                document_ids = [lookup.document_by_title(session, t).id for t in args.document]
        if args.detect:
            _, summary = detect(project, document_ids=document_ids)
            report["detect"] = summary
            for language, titles in summary.without_ner.items():
                warn(
                    f"no name recognition model for language '{language}': searched only for "
                    f"listed and already known names in {', '.join(titles)}"
                )
        accept, reject = _ids(args.accept), _ids(args.reject)
        accept_names, reject_names = _ids(args.accept_name), _ids(args.reject_name)
        every = "accepted" if args.accept_all else "rejected" if args.reject_all else None
        if accept or reject or accept_names or reject_names or every:
            _, changed = decide(
                project,
                accept=accept,
                reject=reject,
                accept_entities=accept_names,
                reject_entities=reject_names,
                all_pending=every,
            )
            report["review"] = {"decisions": changed}
        for item in args.pseudonym:
            entity_id, sep, text = item.partition("=")
            if not sep:
                from coding.errors import InvalidInput

                raise InvalidInput(f"'{item}' is not ID=PSEUDONYM")
            set_pseudonym(project, entity_id=_ids(entity_id)[0], pseudonym=text)
        if args.always_pseudonymise_exports:
            from coding.privacy.outbound import set_always_pseudonymise

            on = args.always_pseudonymise_exports == "on"
            set_always_pseudonymise(project, on=on)
            report["always_pseudonymise_exports"] = on
        if args.apply:
            if not args.detect:
                # Listed names (and each part of a listed person's name) are found again, so
                # that a term added since the last detection is replaced too.
                detect(project, document_ids=document_ids, ner=False)
            _, applied = apply_to_project(project, document_ids=document_ids)
            report["apply"] = applied
        if args.share_copy:
            from coding.privacy import pseudonymised_copy

            report["share_copy"] = pseudonymised_copy(
                project, Path(args.share_copy), timestamps=args.with_timestamps
            )
        if args.forget_history:
            from coding.privacy import forget

            report["forget"] = forget(project, backups=args.with_backups, mapping=args.with_mapping)
        if args.review or not report:
            return _listing(project, args, report)
    _print_report(args, report)
    return 0


def _listing(project: Any, args: argparse.Namespace, report: dict[str, Any]) -> int:
    from coding.privacy import list_entities, list_findings

    if args.review:
        status = None if args.status == "all" else args.status or "pending"
        findings = list_findings(project, status=status)
        if args.json:
            print_json({**report, "findings": findings})
            return 0
        _print_report(args, report)
        print_table(
            [
                [str(f.id), f.status, f.label, f.pseudonym, f"{f.document[:24]}", f.context]
                for f in findings
            ],
            ["id", "status", "kind", "pseudonym", "document", "context"],
        )
        return 0
    entities = list_entities(project)
    if args.json:
        print_json({"names": entities})
        return 0
    print_table(
        [
            [
                str(e.id),
                e.label,
                e.name,
                e.pseudonym,
                e.source,
                e.decision or "-",
                ", ".join(f"{n} {s}" for s, n in sorted(e.findings.items())),
            ]
            for e in entities
        ],
        ["id", "kind", "name", "pseudonym", "source", "decision", "findings"],
    )
    return 0


def _print_report(args: argparse.Namespace, report: dict[str, Any]) -> None:
    if args.json:
        print_json(report)
        return
    if "terms" in report:
        say(f"listed terms: {report['terms']['new_names']} new names")
    if "detect" in report:
        d = report["detect"]
        say(
            f"searched {d.documents} documents: {d.new_findings} new findings, "
            f"{d.new_entities} new names"
            + (f", {d.dropped} outdated findings dropped" if d.dropped else "")
        )
    if "review" in report:
        say(f"recorded {report['review']['decisions']} decisions")
    if "always_pseudonymise_exports" in report:
        if report["always_pseudonymise_exports"]:
            say("exports of this project are now pseudonymised unless --no-pseudonymise is given")
        else:
            say("exports of this project now keep real names unless --pseudonymise is given")
    if "apply" in report:
        a = report["apply"]
        say(
            f"replaced {a.replaced} names in {a.documents} documents and {a.other_fields} "
            "other fields (undo with `transcoda undo`)"
        )
        if a.pending:
            warn(f"{a.pending} findings still await review and were left as they are")
        if a.stale:
            warn(f"{a.stale} findings no longer match the edited text: run --detect again")
    if "share_copy" in report:
        say(
            f"wrote {args.share_copy}: {report['share_copy'].replaced} names replaced; "
            "without recordings, history or mapping"
        )
    if "forget" in report:
        f = report["forget"]
        say(
            f"deleted {f.undo_steps} undo steps, {f.backups} backups and {f.names} names; "
            "the project file was rewritten without them"
        )


def run_password(args: argparse.Namespace) -> int:
    from app.cli.passwords import current_password, new_password
    from coding.crypto.passwords import change_password, decrypt_project, encrypt_project

    if args.action == "set":
        report = encrypt_project(args.project, new_password())
        say(
            f"encrypted {args.project}: {report.recordings} recordings and {report.backups} "
            "backups. Keep the password safe: without it the project cannot be opened."
        )
    elif args.action == "change":
        report = change_password(args.project, current_password(args.project), new_password())
        say(f"changed the password of {args.project} and of {report.backups} backups")
    else:
        report = decrypt_project(args.project, current_password(args.project))
        say(f"removed the password of {args.project}; its recordings and backups are plain")
    for name in report.linked:
        warn(f"the linked recording {name} lies outside the project and stays unencrypted")
    for name in report.skipped_backups:
        warn(f"the backup {name} could not be converted; delete it if it is not needed")
    return 0
