"""Teamwork commands: agreement, compare, merge, coder, changes."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.output import print_json, print_table, say
from app.cli.privacy_commands import add_pseudonymise_flag, outbound_from_args
from app.cli.project_commands import opened


def register(commands: Any) -> None:
    agreement = commands.add_parser("agreement", help="intercoder agreement between coders")
    agreement.add_argument("project", help="project file or postgresql:// URL")
    agreement.add_argument("--coders", required=True, help="two or more coders: A,B")
    agreement.add_argument(
        "--unit", choices=["char", "turn", "paragraph", "sentence"], default="char"
    )
    agreement.add_argument(
        "--min-share",
        type=float,
        default=0.5,
        help="share of a unit a coding must cover to count (default 0.5)",
    )
    agreement.add_argument("--document", action="append", help="only this document (repeatable)")
    agreement.add_argument("--docx", help="also write the table to this Word file")
    agreement.add_argument("--xlsx", help="also write the table to this Excel file")
    agreement.add_argument(
        "--disagreements", action="store_true", help="list the passages the coders disagree on"
    )
    agreement.add_argument("--json", action="store_true")
    add_pseudonymise_flag(agreement)
    agreement.set_defaults(handler=run_agreement)

    compare = commands.add_parser("compare", help="two coders' codings of a document side by side")
    compare.add_argument("project")
    compare.add_argument("--document", required=True, help="document title")
    compare.add_argument("--coders", required=True, help="exactly two coders: A,B")
    compare.add_argument("--json", action="store_true")
    add_pseudonymise_flag(compare)
    compare.set_defaults(handler=run_compare)

    merge = commands.add_parser("merge", help="merge a colleague's copy of the project into it")
    merge.add_argument("project", help="the project to merge into")
    merge.add_argument("other", help="the colleague's copy (project file or postgresql:// URL)")
    merge.add_argument("--coder", help="who is merging (recorded on the undo step)")
    merge.add_argument("--json", action="store_true")
    merge.set_defaults(handler=run_merge)

    coder = commands.add_parser("coder", help="the current coder, and a project's coders")
    actions = coder.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="who you code as")
    show.set_defaults(handler=run_coder_show)
    choose = actions.add_parser("set", help="code as NAME from now on (saved for this user)")
    choose.add_argument("name")
    choose.set_defaults(handler=run_coder_set)
    listing = actions.add_parser("list", help="the coders of a project")
    listing.add_argument("project")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_coder_list)

    changes = commands.add_parser(
        "changes", help="the change counter of a project; with --wait, wait for a change"
    )
    changes.add_argument("project")
    changes.add_argument("--since", type=int, help="counter to wait past (default: now)")
    changes.add_argument("--wait", type=float, default=0.0, help="seconds to wait for a change")
    changes.add_argument("--json", action="store_true")
    changes.set_defaults(handler=run_changes)


def _coders(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def run_agreement(args: argparse.Namespace) -> int:
    from coding import lookup
    from coding.team.agreement import measure_agreement
    from coding.team.agreement_export import export_docx, export_xlsx, figure_cells, for_export

    with opened(args.project) as project:
        document_ids = None
        if args.document:
            with project.reading() as session:
                document_ids = [lookup.document_by_title(session, t).id for t in args.document]
        report = measure_agreement(
            project,
            coders=_coders(args.coders),
            unit=args.unit,
            min_share=args.min_share,
            document_ids=document_ids,
        )
        report = for_export(report, outbound_from_args(project, args))
    written = []
    if args.docx:
        written.append(export_docx(report, args.docx))
    if args.xlsx:
        written.append(export_xlsx(report, args.xlsx))
    if args.json:
        data = report.as_json()
        if args.disagreements:
            data["disagreement_list"] = [
                {
                    "document": d.document,
                    "code": d.code,
                    "start": d.start,
                    "end": d.end,
                    "coded_by": list(d.coded_by),
                    "not_coded_by": list(d.not_coded_by),
                    "text": d.text,
                }
                for d in report.disagreements
            ]
        print_json(data)
        return 0
    header = ["", "units", "agreement", "kappa", "alpha"]
    rows = [["OVERALL", *figure_cells(report.overall, report.unit)]]
    rows += [[c.code, *figure_cells(c.figures, report.unit)] for c in report.codes]
    say(f"{report.kappa}; unit: {report.unit}; coders: {', '.join(report.coders)}")
    print_table(rows, header)
    if report.skipped_documents:
        say(f"not compared (fewer than two coders): {', '.join(report.skipped_documents)}")
    if args.disagreements:
        say("")
        print_table(
            [
                [
                    d.document,
                    d.code,
                    f"{d.start}-{d.end}",
                    ",".join(d.coded_by),
                    d.text.replace("\n", " "),
                ]
                for d in report.disagreements
            ],
            ["document", "code", "span", "coded by", "text"],
        )
    for path in written:
        say(f"wrote {path}")
    return 0


def run_compare(args: argparse.Namespace) -> int:
    from coding import lookup
    from coding.errors import InvalidInput
    from coding.team.comparison import compare_coders

    coders = _coders(args.coders)
    if len(coders) != 2:
        raise InvalidInput("compare needs exactly two coders: --coders A,B")
    with opened(args.project) as project:
        with project.reading() as session:
            document_id = lookup.document_by_title(session, args.document).id
        comparison = compare_coders(
            project, document_id=document_id, first=coders[0], second=coders[1]
        )
        out = outbound_from_args(project, args)
    comparison = out.value(comparison)
    coders = [out.coder(name) for name in coders]
    if args.json:
        print_json(
            [
                {
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    coders[0]: list(s.first),
                    coders[1]: list(s.second),
                    "agree": s.agree,
                }
                for s in comparison.spans
            ]
        )
        return 0
    print_table(
        [
            [
                f"{s.start}-{s.end}",
                "=" if s.agree else "≠",
                ", ".join(s.first) or "-",
                ", ".join(s.second) or "-",
                s.text.replace("\n", " "),
            ]
            for s in comparison.spans
        ],
        ["span", "", coders[0], coders[1], "text"],
    )
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from app.cli.project_commands import location
    from coding.team.merge import merge_project

    with opened(args.project, coder=args.coder) as project:
        _, report = merge_project(project, other=location(args.other))
    if args.json:
        print_json(report)
        return 0
    say(
        f"merged {report.source}: {report.codings_added} codings added "
        f"({report.codings_present} already here), {report.codes_added} codes added "
        f"({report.codes_matched} matched), {report.documents_added} documents added "
        f"({report.documents_matched} matched)"
    )
    if report.coders_added:
        say(f"new coders: {', '.join(report.coders_added)}")
    for conflict in report.conflicts:
        say(f"conflict: {conflict}")
    say("undo it with: transcoda undo PROJECT")
    return 0


def run_coder_show(args: argparse.Namespace) -> int:
    from coding.team.coders import current_coder

    say(current_coder())
    return 0


def run_coder_set(args: argparse.Namespace) -> int:
    from coding.team.coders import save_coder

    path = save_coder(args.name)
    say(f"you code as '{' '.join(args.name.split())}' (saved in {path})")
    return 0


def run_coder_list(args: argparse.Namespace) -> int:
    from coding.team.coders import coder_summaries

    with opened(args.project) as project:
        summaries = coder_summaries(project)
    if args.json:
        print_json(summaries)
        return 0
    print_table(
        [[s.name, str(s.codings), str(s.documents)] for s in summaries],
        ["coder", "codings", "documents"],
    )
    return 0


def run_changes(args: argparse.Namespace) -> int:
    from coding.team.live import change_counter, changes_since, wait_for_change

    with opened(args.project) as project:
        since = change_counter(project) if args.since is None else args.since
        counter = since
        if args.wait > 0:
            counter = wait_for_change(project, since, timeout=args.wait)
        feed = changes_since(project, since)
    if args.json:
        print_json({"counter": counter, "changed": counter > since, "by": list(feed.coders)})
        return 0
    say(f"{counter}" + (f" (changed by {', '.join(feed.coders)})" if counter > since else ""))
    return 0
