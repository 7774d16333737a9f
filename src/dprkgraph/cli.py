"""The ``dprkgraph`` command line: parse arguments, call one library function, print.

Exit codes: 0 success, 1 a data or user error (reported in one line per problem, no
traceback), 2 a usage error (reported by argparse).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from dprkgraph import __version__
from dprkgraph.errors import DprkGraphError, LoadError

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], int]


def _data_dir(args: argparse.Namespace) -> Path | None:
    given = getattr(args, "data_dir", None) or getattr(args, "data", None)
    return Path(given) if given else None


def _cmd_validate(args: argparse.Namespace) -> int:
    from dprkgraph.load import load

    ds = load(_data_dir(args))
    counts = ds.summary()
    print("ok: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    return 0


def _cmd_verify_quotes(args: argparse.Namespace) -> int:
    from dprkgraph.load import load
    from dprkgraph.quotes import verify_quotes

    sources = Path(args.sources)
    if not sources.is_dir():
        print(f"dprkgraph: error: {sources}: no such directory — give the folder that holds "
              "<source-id>.txt files", file=sys.stderr)
        return 1
    checks = verify_quotes(load(_data_dir(args)), sources)
    bad = [c for c in checks if not c.found]
    for c in bad:
        print(f"event {c.event!r} {c.where}: quote {c.quote!r} from {c.source}: {c.reason}",
              file=sys.stderr)
    print(f"{len(checks) - len(bad)} of {len(checks)} quotes found verbatim in their sources")
    return 1 if bad else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dprkgraph",
        description="Curated diplomatic events as a typed, queryable, citable knowledge graph.",
        epilog="example:\n  dprkgraph validate data/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"dprkgraph {__version__}")
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data", metavar="DIR",
                      help="dataset directory (default: the bundled dataset)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, handler: Handler, summary: str, example: str,
                parents: Sequence[argparse.ArgumentParser] = (data,)) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=summary, description=summary, parents=list(parents),
                           epilog=f"example:\n  {example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=handler)
        return p

    p = command("validate", _cmd_validate,
                "Load and validate a dataset; print counts, or every problem with its place.",
                "dprkgraph validate path/to/dataset")
    p.add_argument("data_dir", nargs="?", metavar="DATA_DIR",
                   help="dataset directory (default: the bundled dataset)")

    p = command("verify-quotes", _cmd_verify_quotes,
                "Check that every quote appears verbatim in SOURCES/<source-id>.txt.",
                "dprkgraph verify-quotes --sources ../shared/sources")
    p.add_argument("--sources", required=True, metavar="DIR",
                   help="folder of source texts named <source-id>.txt")
    p.add_argument("data_dir", nargs="?", metavar="DATA_DIR",
                   help="dataset directory (default: the bundled dataset)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    handler: Handler = args.func
    try:
        return handler(args)
    except LoadError as err:
        for problem in err.errors:
            print(problem, file=sys.stderr)
        count = len(err.errors)
        print(f"dprkgraph: {count} problem{'s' if count != 1 else ''}; nothing was loaded",
              file=sys.stderr)
        return 1
    except DprkGraphError as err:
        print(f"dprkgraph: error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
