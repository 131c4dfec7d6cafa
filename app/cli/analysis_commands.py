"""Analysis commands: code matrix, co-occurrence, frequencies, keywords, retrieval, search,
auto-coding and the lemma index. Tables print as text, ``--json``, ``--csv [OUT]``,
``--xlsx OUT`` or ``--docx OUT``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.output import print_json, print_table, say
from app.cli.privacy_commands import add_pseudonymise_flag, outbound_from_args
from app.cli.project_commands import opened


def _outputs(parser: argparse.ArgumentParser, *, docx: bool = True) -> None:
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON")
    out.add_argument(
        "--csv", nargs="?", const="-", metavar="OUT", help="CSV to OUT (default: standard output)"
    )
    out.add_argument("--xlsx", metavar="OUT", help="write an Excel workbook")
    if docx:
        out.add_argument("--docx", metavar="OUT", help="write a Word table")
    add_pseudonymise_flag(parser)


def _listed(values: list[str]) -> list[str]:
    """``--by origin,host`` and ``--by origin --by host`` alike."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def register(commands: Any) -> None:
    matrix = commands.add_parser("matrix", help="codes by groups of cases or documents")
    matrix.add_argument("project")
    matrix.add_argument(
        "--by",
        action="append",
        required=True,
        metavar="ATTR[,ATTR]",
        help="case or document attributes, or document, case, kind, language, coder",
    )
    matrix.add_argument("--value", choices=["segments", "cases", "documents", "share"])
    matrix.add_argument("--coder", action="append", default=[], help="only this coder's codings")
    matrix.add_argument("--code", action="append", default=[], help="only these codes (rows)")
    matrix.add_argument("--aggregate", action="store_true", help="count subcodes in parents")
    _outputs(matrix)
    matrix.set_defaults(handler=run_matrix)

    cooc = commands.add_parser("cooccurrence", help="which codes occur together")
    cooc.add_argument("project")
    cooc.add_argument("--mode", choices=["overlap", "near", "turn"], default="overlap")
    cooc.add_argument("--distance", type=int, default=0, help="characters, with --mode near")
    cooc.add_argument("--measure", choices=["count", "jaccard", "c"], default="count")
    cooc.add_argument("--coder", action="append", default=[])
    cooc.add_argument("--code", action="append", default=[], help="only these codes")
    cooc.add_argument("--pair", nargs=2, metavar=("CODE", "CODE"), help="list their passages")
    _outputs(cooc)
    cooc.set_defaults(handler=run_cooccurrence)

    freq = commands.add_parser("frequencies", help="coded segments per document, case, group")
    freq.add_argument("project")
    freq.add_argument("--by", action="append", default=[], metavar="ATTR[,ATTR]")
    freq.add_argument("--coder", action="append", default=[])
    freq.add_argument("--code", action="append", default=[])
    freq.add_argument("--aggregate", action="store_true")
    _outputs(freq)
    freq.set_defaults(handler=run_frequencies)

    words = commands.add_parser("keywords", help="lemmatised word frequencies by group")
    words.add_argument("project")
    words.add_argument("--by", action="append", required=True, metavar="ATTR[,ATTR]")
    words.add_argument("--top", type=int, default=30)
    words.add_argument("--min-count", type=int, default=2)
    words.add_argument("--order", choices=["keyness", "count"], default="keyness")
    _outputs(words)
    words.set_defaults(handler=run_keywords)

    get = commands.add_parser("retrieve", help="coded segments by a code expression")
    get.add_argument("project")
    get.add_argument("expression", help='e.g. "Fear AND Police NOT Hope"')
    get.add_argument("--scope", choices=["segment", "document"], default="segment")
    get.add_argument("--no-subcodes", action="store_true")
    get.add_argument("--document", action="append", default=[])
    get.add_argument("--case", action="append", default=[])
    get.add_argument("--where", action="append", default=[], metavar="ATTR=VALUE")
    get.add_argument("--coder", action="append", default=[])
    get.add_argument("--speaker", action="append", default=[])
    get.add_argument("--json", action="store_true")
    get.add_argument("--docx", metavar="OUT", help="write a Word report of the segments")
    add_pseudonymise_flag(get)
    get.set_defaults(handler=run_retrieve)

    find = commands.add_parser("search", help="search all documents (lemmas, exact, regex)")
    find.add_argument("project")
    find.add_argument("query", help='words, "phrases", AND OR NOT ( ), word*')
    find.add_argument("--mode", choices=["lemma", "exact", "regex"], default="lemma")
    find.add_argument("--within", choices=["turn", "sentence", "document"], default="turn")
    find.add_argument("--document", action="append", default=[])
    find.add_argument("--speaker")
    find.add_argument("--context", type=int, default=60, help="characters on each side")
    find.add_argument("--case-sensitive", action="store_true", help="exact and regex modes")
    _outputs(find, docx=False)
    find.set_defaults(handler=run_search)

    auto = commands.add_parser("autocode", help="code search hits or a speaker's turns")
    auto.add_argument("project")
    auto.add_argument("--code", required=True)
    source = auto.add_mutually_exclusive_group(required=True)
    source.add_argument("--query")
    source.add_argument("--speaker-turns", metavar="SPEAKER", help="every turn of a speaker")
    auto.add_argument("--scope", choices=["hit", "sentence", "turn"], default="hit")
    auto.add_argument("--mode", choices=["lemma", "exact", "regex"], default="lemma")
    auto.add_argument("--within", choices=["turn", "sentence", "document"], default="turn")
    auto.add_argument("--document", action="append", default=[])
    auto.add_argument("--coder")
    auto.add_argument("--dry-run", action="store_true", help="show what would be coded")
    auto.add_argument("--json", action="store_true")
    add_pseudonymise_flag(auto)
    auto.set_defaults(handler=run_autocode)

    index = commands.add_parser("index", help="build the lemma index for search")
    index.add_argument("project")
    index.add_argument("--rebuild", action="store_true", help="index every document again")
    index.add_argument("--verify", action="store_true", help="re-check every text's hash first")
    index.add_argument("--json", action="store_true")
    index.set_defaults(handler=run_index)


class _Progress:
    """Progress on stderr for people at a terminal; silent in pipes."""

    def __init__(self) -> None:
        self.shown = sys.stderr.isatty()

    def progress(self, done: float, total: float, message: str = "") -> None:
        if self.shown and total:
            end = "\n" if done >= total else ""
            print(f"\r{message}: {int(done)}/{int(total)}", end=end, file=sys.stderr, flush=True)

    def cancelled(self) -> bool:
        return False


def _emit(args: argparse.Namespace, table: Any, records: Any, out: Any) -> None:
    """Print or write a result; every string in it leaves through ``out`` first."""
    from coding.analysis.tables import csv_text, export_table

    table, records = out.value(table), out.value(records)

    if args.json:
        print_json(records)
    elif args.csv == "-":
        sys.stdout.write(csv_text(table))
    elif args.csv or args.xlsx or getattr(args, "docx", None):
        target = export_table(table, args.csv or args.xlsx or args.docx)
        say(f"wrote {len(table.rows)} rows to {target}")
    else:
        print_table(
            [["" if cell is None else _plain(cell) for cell in row] for row in table.rows],
            list(table.header),
        )


def _plain(cell: Any) -> str:
    return f"{cell:.2f}" if isinstance(cell, float) else str(cell).replace("\n", " ")


def _code_ids(project: Any, names: list[str]) -> set[int] | None:
    if not names:
        return None
    from coding import queries
    from coding.reports.resolve import code_ids

    return code_ids(queries.codebook(project), names, include_subcodes=False)


def run_matrix(args: argparse.Namespace) -> int:
    from coding.analysis import code_matrix
    from coding.analysis.result_tables import matrix_table

    value = args.value or "segments"
    with opened(args.project) as project:
        matrix = code_matrix(
            project,
            by=_listed(args.by),
            value=value,
            coders=args.coder,
            aggregate=args.aggregate,
            code_ids=_code_ids(project, args.code),
        )
        _emit(args, matrix_table(matrix), matrix.tidy(), outbound_from_args(project, args))
    return 0


def run_cooccurrence(args: argparse.Namespace) -> int:
    from coding.analysis import cooccurrence, cooccurrence_passages
    from coding.analysis.result_tables import cooccurrence_table
    from coding.analysis.tables import Table

    with opened(args.project) as project:
        if args.pair:
            first, second = (_code_ids(project, [name]) or set() for name in args.pair)
            passages = cooccurrence_passages(
                project,
                first.pop(),
                second.pop(),
                mode=args.mode,
                distance=args.distance,
                coders=args.coder,
            )
            rows = tuple((p.document, p.start, p.end, p.text) for p in passages)
            table = Table("Passages", ("Document", "Start", "End", "Text"), rows)
            records = [passage.record() for passage in passages]
            _emit(args, table, records, outbound_from_args(project, args))
            return 0
        result = cooccurrence(
            project,
            mode=args.mode,
            distance=args.distance,
            coders=args.coder,
            code_ids=_code_ids(project, args.code),
        )
        _emit(
            args,
            cooccurrence_table(result, args.measure),
            result.tidy(),
            outbound_from_args(project, args),
        )
    return 0


def run_frequencies(args: argparse.Namespace) -> int:
    from coding.analysis import frequencies
    from coding.analysis.result_tables import frequencies_table

    with opened(args.project) as project:
        found = frequencies(
            project,
            by=_listed(args.by) or ["document"],
            coders=args.coder,
            code_ids=_code_ids(project, args.code),
            aggregate=args.aggregate,
        )
        _emit(args, frequencies_table(found), found.tidy(), outbound_from_args(project, args))
    return 0


def run_keywords(args: argparse.Namespace) -> int:
    from coding.analysis import keywords
    from coding.analysis.result_tables import keywords_table

    with opened(args.project) as project:
        found = keywords(
            project,
            by=_listed(args.by),
            top=args.top,
            min_count=args.min_count,
            order=args.order,
            reporter=_Progress(),
        )
        out = outbound_from_args(project, args)
    records = [entry.record() for entry in found]
    _emit(args, keywords_table(found), records, out)
    return 0


def run_retrieve(args: argparse.Namespace) -> int:
    from coding.analysis import RetrievalQuery, export_retrieval, retrieve
    from coding.reports import parse_condition
    from models.transcript_layout import format_stamp

    query = RetrievalQuery(
        codes=args.expression,
        scope=args.scope,
        include_subcodes=not args.no_subcodes,
        documents=args.document,
        cases=args.case,
        where=[parse_condition(item) for item in args.where],
        coders=args.coder,
        speakers=args.speaker,
    )
    with opened(args.project) as project:
        found = retrieve(project, query)
        out = outbound_from_args(project, args)
        if args.docx:
            count = export_retrieval(project, args.docx, found, out=out)
            say(f"wrote {count} retrieved segments to {args.docx}")
            return 0
    if args.json:
        print_json(out.value(found.records()))
        return 0
    found = out.value(found)
    say(f"{len(found.segments)} segments: {found.description}")
    print_table(
        [
            [
                s.code_path,
                s.document_title,
                s.speaker or "",
                "" if s.start_ms is None else format_stamp(s.start_ms),
                s.text.replace("\n", " "),
            ]
            for s in found.segments
        ],
        ["code", "document", "speaker", "time", "text"],
    )
    return 0


def _document_ids(project: Any, titles: list[str]) -> set[int] | None:
    if not titles:
        return None
    from coding.reports.resolve import document_ids

    with project.reading() as session:
        return document_ids(session, titles)


def run_search(args: argparse.Namespace) -> int:
    from coding.analysis import search
    from coding.analysis.result_tables import kwic_table

    with opened(args.project) as project:
        result = search(
            project,
            args.query,
            mode=args.mode,
            within=args.within,
            document_ids=_document_ids(project, args.document),
            speaker=args.speaker,
            context=args.context,
            case_sensitive=args.case_sensitive,
            reporter=_Progress(),
        )
        out = outbound_from_args(project, args)
    if not (args.json or args.csv or args.xlsx):
        say(f"{len(result.hits)} hits in {result.documents} documents")
        print_table(
            [
                [
                    out.text(h.document),
                    out.text(h.left)[-40:],
                    out.text(h.hit),
                    out.text(h.right)[:40],
                ]
                for h in result.hits
            ],
            ["document", "left", "hit", "right"],
        )
        return 0
    records = [hit.record() for hit in result.hits] if args.json else []
    _emit(args, kwic_table(result), records, out)
    return 0


def run_autocode(args: argparse.Namespace) -> int:
    from coding.analysis import apply_plan, plan_from_search, plan_from_speaker

    with opened(args.project) as project:
        documents = _document_ids(project, args.document)
        if args.query is not None:
            plan = plan_from_search(
                project,
                code=args.code,
                query=args.query,
                mode=args.mode,
                within=args.within,
                scope=args.scope,
                coder=args.coder,
                document_ids=documents,
            )
        else:
            plan = plan_from_speaker(
                project,
                code=args.code,
                speaker=args.speaker_turns,
                coder=args.coder,
                document_ids=documents,
            )
        applied = 0 if args.dry_run else len(plan.new)
        if not args.dry_run and plan.new:
            apply_plan(project, plan)
        out = outbound_from_args(project, args)
    if args.json:
        print_json(
            {
                "code": out.text(plan.code),
                "coder": out.coder(plan.coder),
                "dry_run": args.dry_run,
                "applied": applied,
                "codings": out.value(plan.records()),
            }
        )
        return 0
    for item in out.value(list(plan.items)):
        mark = "=" if item.exists else ("?" if args.dry_run else "+")
        say(f"{mark} {item.document} {item.start}-{item.end}: {item.text.replace(chr(10), ' ')}")
    skipped = len(plan.items) - len(plan.new)
    verb = "would code" if args.dry_run else "coded"
    say(f"{verb} {len(plan.new)} passages with '{plan.code}' ({skipped} already coded)")
    return 0


def run_index(args: argparse.Namespace) -> int:
    from coding.analysis import refresh_index, verify_index

    with opened(args.project) as project:
        dropped = verify_index(project) if args.verify else []
        report = refresh_index(project, reporter=_Progress(), force=args.rebuild)
    if args.json:
        print_json({**report.__dict__, "dropped": len(dropped)})
    else:
        say(
            f"indexed {report.indexed} documents ({report.words} words) in "
            f"{report.seconds:.1f} s; {report.unchanged} unchanged"
        )
    return 0
