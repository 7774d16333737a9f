"""The graph is a faithful, typed view of the dataset: nothing in the YAML is dropped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

import dprkgraph
from dprkgraph import UnknownIdError
from dprkgraph.graph import EventGraph, build_graph, claim_id
from dprkgraph.interop import write_gexf, write_graphml


@pytest.fixture(scope="module")
def bundled() -> tuple[dprkgraph.Dataset, EventGraph]:
    ds = dprkgraph.load()
    return ds, build_graph(ds)


def _edges(g: EventGraph, kind: str) -> list[tuple[str, str, dict[str, object]]]:
    return sorted(
        ((u, v, d) for u, v, d in g.nx.edges(data=True) if d["kind"] == kind),
        key=lambda t: (t[0], t[1], t[2]["order"]),
    )


def test_every_record_is_a_typed_node(bundled: tuple[dprkgraph.Dataset, EventGraph]) -> None:
    ds, g = bundled
    for kind, records in (("event", ds.events), ("actor", ds.actors), ("source", ds.sources)):
        for r in records:
            assert g.kind(r.id) == kind
            assert g.obj(r.id) == r  # the whole model, every field
    assert g.to_dataset() == ds


def test_every_participation_relation_citation_and_claim_is_an_edge(
    bundled: tuple[dprkgraph.Dataset, EventGraph],
) -> None:
    ds, g = bundled
    participations = {(u, v, d["role"], d["order"]) for u, v, d in _edges(g, "participation")}
    expected = {
        (p.actor, e.id, p.role.value, i) for e in ds.events for i, p in enumerate(e.participants)
    }
    assert participations == expected
    relations = {(u, v, d["type"], d["note"]) for u, v, d in _edges(g, "relation")}
    assert relations == {(e.id, r.event, r.type.value, r.note) for e, r in ds.relations()}
    citations = {(u, v, d["quote"], d["locator"], d["order"]) for u, v, d in _edges(g, "citation")}
    expected_citations = {
        (e.id, c.source, c.quote, c.locator, i) for e in ds.events for i, c in enumerate(e.sources)
    }
    expected_citations |= {
        (claim_id(e.id, j), c.source, c.quote, c.locator, i)
        for e in ds.events
        for j, cl in enumerate(e.claims)
        for i, c in enumerate(cl.sources)
    }
    assert citations == expected_citations
    for e, claim in ds.claims():
        cid = claim_id(e.id, e.claims.index(claim))
        assert g.obj(cid) == claim
        assert g.nx.has_edge(claim.claimant, cid) and g.nx.has_edge(cid, e.id)
    affiliations = {(u, v) for u, v, _ in _edges(g, "affiliation")}
    assert affiliations == {(a.id, a.affiliation) for a in ds.actors if a.affiliation}


def test_lookups_are_typed_and_suggest(bundled: tuple[dprkgraph.Dataset, EventGraph]) -> None:
    _, g = bundled
    assert g.actor("carter").name == "Jimmy Carter"
    assert g.actor("jimmy carter").id == "carter"  # a name stands for the id
    with pytest.raises(UnknownIdError, match="did you mean 'carter'"):
        g.actor("cartr")
    with pytest.raises(UnknownIdError, match="unknown event 'nobody'"):
        g.event("nobody")
    with pytest.raises(
        UnknownIdError,
        match="event 'bosworth' is ambiguous: it could be bosworth-asia-consultations",
    ):
        g.event("bosworth")
    assert "carter" in g and "nobody" not in g


def test_graphml_and_gexf_hold_scalar_attributes(
    bundled: tuple[dprkgraph.Dataset, EventGraph], tmp_path: Path
) -> None:
    _, g = bundled
    write_graphml(g, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.nodes["cheonan-sinking"]["date"] == "2010-03"
    assert back.nodes["cheonan-sinking"]["goldstein"] == -10.0
    assert back.nodes["carter"]["label"] == "Jimmy Carter"
    assert back.number_of_edges() == g.nx.number_of_edges()
    write_gexf(g, tmp_path / "g.gexf")
    root = ET.parse(tmp_path / "g.gexf").getroot()
    assert root.tag.endswith("gexf")
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == g.nx.number_of_nodes()


def test_failed_export_leaves_previous_file(
    bundled: tuple[dprkgraph.Dataset, EventGraph], tmp_path: Path
) -> None:
    _, g = bundled
    with pytest.raises(dprkgraph.DprkGraphError, match="does not exist"):
        write_graphml(g, tmp_path / "missing" / "g.graphml")
    target = tmp_path / "g.graphml"
    target.write_text("previous")
    broken = EventGraph(g.dataset, g.nx.copy())
    broken.nx.add_node("bad", kind="actor", obj=None)
    broken.nx.nodes["bad"]["obj"] = object()
    broken.nx.add_edge("bad", "carter", key="x", kind="affiliation", weird=object())
    with pytest.raises(Exception):  # noqa: B017 - any failure must leave the old file
        write_graphml(broken, target)
    assert target.read_text() == "previous"
    assert list(tmp_path.iterdir()) == [target]


def test_written_files_get_ordinary_permissions(
    bundled: tuple[dprkgraph.Dataset, EventGraph], tmp_path: Path
) -> None:
    import os

    _, g = bundled
    umask = os.umask(0o022)
    try:
        write_graphml(g, tmp_path / "g.graphml")
    finally:
        os.umask(umask)
    assert (tmp_path / "g.graphml").stat().st_mode & 0o777 == 0o644


def test_indexes_describe_the_records(bundled: tuple[dprkgraph.Dataset, EventGraph]) -> None:
    from dprkgraph.audit import publishers

    ds, g = bundled
    assert g.publishers == publishers(ds)
    assert g.publishers is g.publishers  # made once: queries must not rebuild it
    order = g.chronological
    assert [e.id for e in order] == [
        e.id for e in sorted(ds.events, key=lambda e: (e.date.earliest, e.date.latest, e.id))
    ]
    expected: dict[tuple[str, object], list[int]] = {}
    for at, e in enumerate(order):
        for p in e.participants:
            expected.setdefault((p.actor, p.role), [])
            if at not in expected[(p.actor, p.role)]:
                expected[(p.actor, p.role)].append(at)
    found = {
        (actor, role): list(at)
        for actor, roles in g.by_actor_role.items()
        for role, at in roles.items()
    }
    assert found == expected


def test_building_indexes_leaves_no_collection_pending(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from dprkgraph import _gc
    from dprkgraph.synthetic import generate

    # A big build freezes what it leaves; "big" is lowered so that 3,000 events count.
    monkeypatch.setattr(_gc, "FREEZE_AT", 1_000)
    g = build_graph(generate(3000, seed=5))
    gc.collect()
    frozen = gc.get_freeze_count()
    indexes = (g.by_date, g.by_actor, g.by_actor_role)
    # Everything the indexes allocated is out of the collector's way, so the next query
    # cannot set off a collection that walks it.
    assert gc.get_count()[0] < gc.get_threshold()[0]
    assert gc.get_freeze_count() > frozen + sum(len(i) for i in indexes[1].values())
    gc.unfreeze()


def test_naming_an_actor_does_not_build_the_table_of_every_id() -> None:
    from dprkgraph.query import events
    from dprkgraph.synthetic import generate

    g = build_graph(generate(500, seed=2))
    busy = max(g.by_actor, key=lambda a: len(g.by_actor[a]))
    assert events(g, actor=busy, start="2000")
    assert "_nodes" not in g.__dict__  # the first query after a big load stays cheap
    assert g.actor(busy).id == busy
