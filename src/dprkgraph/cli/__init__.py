"""The ``dprkgraph`` command line: parse arguments, call one library function, print.

Exit codes: 0 success, 1 a data or user error (one line per problem on standard error, never
a traceback), 2 a usage error (reported by argparse). Heavy libraries are imported inside the
commands that need them, so that ``validate`` and ``events`` start quickly.
"""


from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from dprkgraph import __version__
from dprkgraph.cli import charts, data, explore, feeds, rdf
from dprkgraph.cli._common import Handler, data_parent, paint, parents
from dprkgraph.errors import DprkGraphError, LoadError

__all__ = ["main", "reference"]


def _parser(width: int | None = None) -> argparse.ArgumentParser:
    def raw(prog: str) -> argparse.HelpFormatter:
        return argparse.RawDescriptionHelpFormatter(prog, width=width)

    parser = argparse.ArgumentParser(
        prog="dprkgraph",
        description="Curated diplomatic events as a typed, queryable, citable knowledge graph.",
        epilog="exit codes: 0 ok, 1 data or user error, 2 usage error\n\n"
               "example:\n  dprkgraph events --actor prk --from 2010-01",
        formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"dprkgraph {__version__}")
    data_options = data_parent()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, handler: Handler, summary: str, example: str,
                *parents: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=summary, description=summary,
                           parents=[data_options, *parents],
                           epilog=f"example:\n  {example}", formatter_class=raw)
        p.set_defaults(func=handler)
        return p

    shared = parents()
    for group in (data, rdf, charts, explore, feeds):
        group.register(command, shared)
    return parser


def reference() -> str:
    """The command-line reference in Markdown, built from the ``--help`` of every command."""
    parser = _parser(width=100)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    parts = [
        "# Command-line reference\n",
        "Generated from `dprkgraph --help` by `make docs`; a test checks it is current.\n",
        "Exit codes: 0 success; 1 a problem with the data or the request (one line per problem "
        "on standard error, never a traceback); 2 a usage error. Colour is used only when "
        "standard error is a terminal and `NO_COLOR` is unset.\n",
        "```text\n" + parser.format_help().rstrip() + "\n```\n",
    ]
    for name, command_parser in sub.choices.items():
        parts.append(f"## dprkgraph {name}\n")
        parts.append("```text\n" + command_parser.format_help().rstrip() + "\n```\n")
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    handler: Handler = args.func
    try:
        return handler(args)
    except LoadError as err:
        for problem in err.errors:
            where, _, rest = str(problem).partition(": ")
            print(f"{paint(where, 'yellow', sys.stderr)}: {rest}", file=sys.stderr)
        count = len(err.errors)
        print(paint(f"dprkgraph: {count} problem{'s' if count != 1 else ''}; nothing was loaded",
                     "red", sys.stderr), file=sys.stderr)
        return 1
    except DprkGraphError as err:
        print(f"{paint('dprkgraph: error:', 'red', sys.stderr)} {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
