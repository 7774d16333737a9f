"""Linked-data commands: export, sparql, push."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dprkgraph.cli._common import Command, Parents, graph, table, write_records


def _cmd_export(args: argparse.Namespace) -> int:
    if args.format == "parquet" or args.directory is not None:
        from dprkgraph.cli.columnar import export_parquet

        return export_parquet(args)
    from dprkgraph.rdf import serialize, write_rdf

    if args.sources is not None and not Path(args.sources).is_dir():
        print(
            f"dprkgraph: error: --sources {args.sources!r} is not a folder — give the "
            "folder that holds <source-id>.txt files",
            file=sys.stderr,
        )
        return 1
    g = graph(args, sources=args.sources)  # the quotes' anchors travel with the dataset
    if args.output:
        used = write_rdf(g, args.output, args.format, base_iri=args.base_iri)
        print(f"wrote {args.output} ({used})", file=sys.stderr)
    else:
        sys.stdout.write(serialize(g, args.format or "turtle", base_iri=args.base_iri))
    return 0


def _bindings(pairs: Sequence[str]) -> dict[str, object]:
    import inspect

    from dprkgraph.errors import QueryError
    from dprkgraph.sparql import sparql

    # sparql() takes the bindings as keywords beside its own options, so those names are taken.
    taken = {
        p.name for p in inspect.signature(sparql).parameters.values() if p.kind is not p.VAR_KEYWORD
    }
    out: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier():
            raise QueryError("--bind", pair, "write NAME=VALUE, e.g. actor=actor:prk")
        if name in taken:
            raise QueryError(
                "--bind", pair, f"{name} cannot be a variable's name here; rename it in the query"
            )
        out[name] = value
    return out


def _run_sparql(args: argparse.Namespace, query: str) -> object:
    """Run the query; an error about a binding names it as typed (``--bind start=…``)."""
    from dprkgraph.errors import MissingBindingError, QueryError
    from dprkgraph.sparql import query_parameters, sparql

    bindings = _bindings(args.bind or [])
    missing = [p for p in query_parameters(query) if p.name not in bindings]
    if missing:
        raise MissingBindingError(
            " and ".join(p.name for p in missing),
            "give " + " and ".join(f"--bind {p.usage}" for p in missing),
        )
    try:
        return sparql(
            graph(args),
            query,
            base_iri=args.base_iri,
            as_frame=False,
            timeout=args.timeout or None,
            allow_service=args.allow_service,
            **bindings,
        )
    except QueryError as err:
        if err.option not in bindings or isinstance(err, MissingBindingError):
            raise
        reason = str(err).removeprefix(f"{err.option}={err.value!r} is not valid: ")
        raise QueryError(f"--bind {err.option}", err.value, reason) from err


def _cmd_sparql(args: argparse.Namespace) -> int:
    from dprkgraph.sparql import example_queries, query_parameters

    if args.list:
        for name, text in example_queries().items():
            first = next((line[2:] for line in text.splitlines() if line.startswith("# ")), "")
            print(f"{name}: {first}")
            params = query_parameters(text)
            wide = max((len(p.usage) for p in params), default=0)
            for param in params:
                print(f"    --bind {param.usage.ljust(wide)}  {param.help}".rstrip())
        return 0
    if not args.query:
        from dprkgraph.errors import QueryError

        raise QueryError("QUERY", "", "give SPARQL text, a .rq file or an example name (--list)")
    query = args.query
    if query not in example_queries() and Path(query).is_file():
        query = Path(query).read_text(encoding="utf-8")
    result = _run_sparql(args, query)
    if isinstance(result, bool):
        print("true" if result else "false")
    elif isinstance(result, list):
        if args.format == "table":
            from dprkgraph.rdfmap import node_prefixes

            short = node_prefixes(args.base_iri).items()

            def cell(v: object) -> str:
                text = "" if v is None else str(v)
                for prefix, ns in short:
                    if text.startswith(ns):
                        return f"{prefix}:{text[len(ns) :]}"
                return text

            header = list(result[0]) if result else []
            rows = [[cell(v) for v in r.values()] for r in result]
            print(table(header, rows, flexible=len(header) - 1) if header else "")
            print(f"{len(result)} row{'s' if len(result) != 1 else ''}")
        else:
            write_records(result, args.format)
    else:
        from rdflib import Graph

        assert isinstance(result, Graph)
        sys.stdout.write(result.serialize(format="turtle"))
    return 0


def _cmd_push(args: argparse.Namespace) -> int:
    from dprkgraph.store import push

    report = push(
        graph(args),
        args.endpoint,
        graph=args.graph,
        mode=args.mode,
        per_source=args.per_source,
        base_iri=args.base_iri,
        timeout=args.timeout,
    )
    print(report)
    return 0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        msg = f"{text!r} is not a number of seconds (e.g. 30, or 0 for no limit)"
        raise argparse.ArgumentTypeError(msg)
    return value


def _seconds_positive(text: str) -> float:
    value = _seconds(text)
    if value == 0:
        raise argparse.ArgumentTypeError("the time limit must be more than 0 seconds")
    return value


def register(command: Command, parents: Parents) -> None:
    """Add this group's commands."""
    from dprkgraph.formats import FORMATS

    p = command(
        "export",
        _cmd_export,
        "Write the dataset as RDF, or with --format parquet as Parquet tables in DIR "
        "(events, participations, relations, citations, claims, actors, sources; the "
        "event tables partitioned by year) that dprkgraph.load(), --data DIR, DuckDB, "
        "Spark, Trino or BigQuery read; docs/columnar.md describes them.",
        "dprkgraph export --format parquet out/dataset-parquet",
        parents.base,
    )
    p.add_argument(
        "directory",
        nargs="?",
        metavar="DIR",
        help="with --format parquet: a new or empty folder, or an earlier export to replace",
    )
    p.add_argument(
        "--format",
        choices=[*FORMATS, "parquet"],
        help="RDF format (default: from the -o extension, else turtle), or parquet",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE atomically (default: standard output)"
    )
    p.add_argument(
        "--sources",
        metavar="DIR",
        help="folder of source texts named <source-id>.txt: anchor each quote there "
        "and export its position (oa:TextPositionSelector) and context "
        "(oa:prefix, oa:suffix)",
    )

    p = command(
        "sparql",
        _cmd_sparql,
        "Run a SPARQL query (text, a .rq file, or a shipped example) over the dataset. "
        "The query runs in a child process stopped at --timeout, and makes no network "
        "request: SERVICE is refused unless --allow-service is given, and FROM / FROM "
        "NAMED may name only the dataset's own graphs.",
        "dprkgraph sparql events-by-actor-in-window --bind actor=prk "
        "--bind start=2010-03 --bind end=2010-09",
        parents.formats,
        parents.base,
    )
    p.add_argument(
        "query", nargs="?", metavar="QUERY_OR_FILE", help="SPARQL text, a file, or an example name"
    )
    p.add_argument(
        "--bind",
        action="append",
        metavar="NAME=VALUE",
        help="give a parameter its value (--list shows each example's parameters; "
        "an actor as actor:prk or prk, a date as 2010, 2010-03 or 2010-03-15); "
        "in a query without declared parameters actor:ID/event:ID/source:ID "
        "become IRIs, YYYY-MM-DD an xsd:date, anything else a string",
    )
    p.add_argument(
        "--list", action="store_true", help="list the shipped example queries and their parameters"
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=60.0,
        metavar="SECONDS",
        help="stop the query after SECONDS (default: 60; 0 for no limit)",
    )
    p.add_argument(
        "--allow-service",
        action="store_true",
        help="let SERVICE <url> send the query to that endpoint (refused by default: "
        "queries make no network requests unless told)",
    )

    p = command(
        "push",
        _cmd_push,
        "Upload the dataset to a triple store (SPARQL 1.1 Graph Store HTTP Protocol). "
        "Success is a 200, 201 or 204 reply that is not an HTML page; redirects are not "
        "followed. Credentials come from DPRKGRAPH_TOKEN (Bearer), DPRKGRAPH_USER and "
        "DPRKGRAPH_PASSWORD (Basic) or ~/.netrc, never from the URL.",
        "dprkgraph push http://127.0.0.1:7878/store --per-source",
        parents.base,
    )
    p.add_argument(
        "endpoint",
        metavar="ENDPOINT",
        help="the store's graph-store URL, without user name or password",
    )
    p.add_argument("--graph", metavar="IRI", help="target graph (default: the default graph)")
    p.add_argument(
        "--mode",
        choices=("replace", "merge"),
        default="replace",
        help="replace the graph's content (PUT, default) or add to it (POST)",
    )
    p.add_argument(
        "--per-source",
        action="store_true",
        help="send each source's named graph to its own graph IRI (should one "
        "fail, the error lists the graphs the store already holds)",
    )
    p.add_argument(
        "--timeout",
        type=_seconds_positive,
        default=60.0,
        metavar="SECONDS",
        help="give up when the exchange with the store has taken SECONDS, "
        "all requests together (default: 60)",
    )
