"""An open or unknown end of a date (``2010-08/..``, ``/2010``, ``[..2010-08-30]``) is written
as no bound in every export, never as a made-up day in year 1 or 9999."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from dprkgraph.loader import load_graph
from tests.conftest import EVENTS, DatasetFactory

FAKE = ("0001-01-01", "9999-12-31", "1-01-01")


@pytest.fixture(
    params=[
        ("2010-08/..", "2010-08-01", None),
        ("/2010-09", None, "2010-09-30"),
        ("'[..2010-08-30]'", None, "2010-08-30"),
        ("'[2010-08..]'", "2010-08-01", None),
    ]
)
def open_case(
    request: pytest.FixtureRequest, make_dataset: DatasetFactory
) -> tuple[object, str | None, str | None]:
    text, earliest, latest = request.param
    g = load_graph(
        make_dataset(events=EVENTS.replace("date: 2010-04-02", f"date: {text}")), cache=False
    )
    return g, earliest, latest


def test_graphml_leaves_the_open_end_out_and_marks_it(open_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dprkgraph.interop import write_graphml

    g, earliest, latest = open_case
    write_graphml(g, tmp_path / "g.graphml")
    node = nx.read_graphml(tmp_path / "g.graphml").nodes["walkout"]
    assert node.get("earliest") == earliest and node.get("latest") == latest
    assert node.get("open_start", False) == (earliest is None)
    assert node.get("open_end", False) == (latest is None)
    assert not any(fake in (tmp_path / "g.graphml").read_text() for fake in FAKE)


def test_gexf_leaves_the_open_end_out(open_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dprkgraph.interop import write_gexf

    g, earliest, latest = open_case
    write_gexf(g, tmp_path / "g.gexf")
    text = (tmp_path / "g.gexf").read_text()
    assert not any(fake in text for fake in FAKE)
    ET.fromstring(text)
    node = nx.read_gexf(tmp_path / "g.gexf").nodes["walkout"]
    assert node.get("earliest") == earliest and node.get("latest") == latest


def test_the_csv_and_json_tables_write_no_bound(open_case) -> None:  # type: ignore[no-untyped-def]
    from dprkgraph.tables import write_event_table

    g, earliest, latest = open_case
    walk = [g.event("walkout")]
    out = io.StringIO()
    write_event_table(walk, out, "json")
    [row] = json.loads(out.getvalue())
    assert (row["earliest"], row["latest"]) == (earliest, latest)
    out = io.StringIO()
    write_event_table(walk, out, "csv")
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["earliest"], row["latest"]) == (earliest or "", latest or "")


def test_the_rdf_writes_only_the_bound_it_has(open_case) -> None:  # type: ignore[no-untyped-def]
    from dprkgraph.rdf import serialize

    g, _, _ = open_case
    text = serialize(g, "ntriples")
    assert not any(fake in text for fake in FAKE)


def test_the_explorer_marks_the_open_end_instead_of_a_calendar_edge(open_case) -> None:  # type: ignore[no-untyped-def]
    from dprkgraph.explore import page_data

    g, earliest, latest = open_case
    data = page_data(g)
    row = next(r for r in data["events"] if r[0] == "walkout")
    flags = row[6]
    assert bool(flags & 32) == (earliest is None)  # open start
    assert bool(flags & 64) == (latest is None)  # open end
    known = row[18]
    assert known is not None and all(-719162 < day < 2932896 for day in known)
