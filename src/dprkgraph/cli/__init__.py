"""The ``dprkgraph`` command line: parse arguments, call one library function, print.

Exit codes: 0 success, 1 a data or user error (one line per problem on standard error, never
a traceback), 2 a usage error (reported by argparse). Heavy libraries are imported inside the
commands that need them, so that ``validate`` and ``events`` start quickly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from dprkgraph import __version__
from dprkgraph.cli import charts, columnar, data, diff, explore, feeds, questions, rdf, sources
from dprkgraph.cli._common import (
    MAX_PROBLEMS,
    Handler,
    check_options,
    data_parent,
    listing,
    paint,
    parents,
    terminal_text,
)
from dprkgraph.errors import DprkGraphError, LoadError, QueryError, UnknownIdError
from dprkgraph.output import terminate_gracefully

__all__ = ["main", "reference"]

#: How the command line spells the library's keyword arguments, for errors that name one.
_FLAGS = {
    "start": "--from",
    "end": "--to",
    "type": "--type",
    "kind": "--kind",
    "certainty": "--certainty",
    "provenance": "--provenance",
    "base_iri": "--base-iri",
    "path": "--output",
    "output": "--output",
    "format": "--format",
    "colour_by": "--colour-by",
    "mode": "--mode",
    "endpoint": "ENDPOINT",
    "query": "QUERY",
    "dpi": "--dpi",
    "role": "--role",
    "during": "--during",
    "before": "--before",
    "after": "--after",
    "same_day_as": "--same-day-as",
    "text": "TEXT",
    "limit": "--limit",
    "stance": "--stance",
    "min_sources": "--min-sources",
    "min_weight": "--min-weight",
    "max_actors": "--max-actors",
}


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Wraps the description's and epilog's prose lines to the width, and keeps the indented
    ones (examples) as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        return "\n".join(
            indent + line
            if not line or line[0].isspace()
            else textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent)
            for line in text.splitlines()
        )


def _parser(width: int | None = None) -> argparse.ArgumentParser:
    def raw(prog: str) -> argparse.HelpFormatter:
        return _Formatter(prog, width=width)

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

    def command(
        name: str,
        handler: Handler,
        summary: str,
        example: str,
        *parents: argparse.ArgumentParser,
        reads_data: bool = True,
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=summary,
            description=summary,
            parents=[data_options, *parents] if reads_data else list(parents),
            epilog=f"example:\n  {example}",
            formatter_class=raw,
        )
        p.set_defaults(func=handler)
        return p

    shared = parents()
    for group in (data, questions, rdf, charts, explore, feeds, sources, columnar, diff):
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
        "on standard error, never a traceback; of a long list, the first 50 and a count of the "
        "rest); 2 a usage error. Colour is used only when standard error is a terminal and "
        "`NO_COLOR` is unset. Tables use the terminal's width; piped, nothing is cut.\n",
        "```text\n" + parser.format_help().rstrip() + "\n```\n",
    ]
    for name, command_parser in sub.choices.items():
        parts.append(f"## dprkgraph {name}\n")
        parts.append("```text\n" + command_parser.format_help().rstrip() + "\n```\n")
    return "\n".join(parts)


def _problems(err: LoadError, shown: int) -> None:
    """Each problem on its own line, the first ``shown`` of them (all if ``shown`` is 0)."""
    count = len(err.errors)
    listing([str(p) for p in err.errors], shown, "problems", "dprkgraph validate --max-problems 0")
    print(
        paint(
            f"dprkgraph: {count:,} problem{'s' if count != 1 else ''}; nothing was loaded",
            "red",
            sys.stderr,
        ),
        file=sys.stderr,
    )


def _in_cli_words(err: DprkGraphError) -> str:
    """The error's message, naming options as typed at the command line (``--from``, not
    ``start=``), with a pointer to the listings for an unknown id nothing is close to."""
    text = str(err)
    if isinstance(err, QueryError) and err.option in _FLAGS:
        python = f"{err.option}={err.value!r} "
        if text.startswith(python):
            text = f"{_FLAGS[err.option]} {err.value!r} {text[len(python) :]}"
    elif isinstance(err, UnknownIdError) and not err.suggestions:
        text += " (`dprkgraph events` and `dprkgraph actors` list the ids)"
    return text


def _drop_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush of
    what could not be written neither fails nor prints."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # not a real file: nothing is flushed at exit
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    handler: Handler = args.func
    try:
        check_options(args)
        with terminate_gracefully():  # SIGTERM unwinds, so temporary files are removed
            code = handler(args)
        sys.stdout.flush()
        return code
    except LoadError as err:
        _problems(err, getattr(args, "max_problems", MAX_PROBLEMS))
        return 1
    except DprkGraphError as err:
        print(
            f"{paint('dprkgraph: error:', 'red', sys.stderr)} {terminal_text(_in_cli_words(err))}",
            file=sys.stderr,
        )
        return 1
    except BrokenPipeError:  # the reader stopped (`| head`): nothing more to say
        _drop_stdout()
        return 0
    except OSError as err:  # standard output on a full disk or a dead terminal, mostly
        if err.filename is None:
            _drop_stdout()
        where = terminal_text(str(err.filename or "cannot write standard output"))
        print(
            f"{paint('dprkgraph: error:', 'red', sys.stderr)} {where}: {err.strerror or err}",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
