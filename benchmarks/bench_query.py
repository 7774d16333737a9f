"""Actor + date-window queries: dprkgraph's index against SPARQL over the same data in rdflib
and in pyoxigraph. The same random (actor, 90-day window) pairs go to each engine, and the
answers are checked to agree before anything is timed."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from common import SIZES, dataset, percentiles, save, sizes, table

QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
SELECT DISTINCT ?event WHERE {
  ?event sem:hasActor/rdf:value ?actor ;
         sem:hasEarliestBeginTimeStamp ?earliest ;
         sem:hasLatestEndTimeStamp ?latest .
  FILTER (?latest >= ?start && ?earliest <= ?end)
}
"""


# Oxigraph substitutes only variables that the SELECT projects.
OX_QUERY = QUERY.replace("SELECT DISTINCT ?event WHERE", "SELECT DISTINCT ?event ?actor ?start ?end WHERE")


def workload(ds, n: int, seed: int = 11) -> list[tuple[str, date, date]]:
    rng = random.Random(seed)
    actors = [a.id for a in ds.actors]
    pairs = []
    for _ in range(n):
        start = date(2000, 1, 1) + timedelta(days=rng.randrange(20 * 365))
        pairs.append((rng.choice(actors), start, start + timedelta(days=89)))
    return pairs


def main() -> list[dict[str, object]]:
    import dprkgraph
    from dprkgraph.query import events
    from dprkgraph.rdfmap import Iris
    from dprkgraph.stream import write_stream

    rdflib_limit = 10_000  # rdflib needs minutes and gigabytes for the 5.5 M triples of 100k
    rows, results = [], []
    for label in sizes("1k,10k,100k"):
        ds = dprkgraph.load(dataset(label), cache=False)
        g = dprkgraph.build_graph(ds)
        g.by_actor
        pairs = workload(ds, 2000)
        ours = []
        for actor, start, end in pairs:
            t = time.perf_counter()
            events(g, actor=actor, start=start, end=end)
            ours.append(time.perf_counter() - t)
        ours_p50, ours_p90 = percentiles(ours)
        iris = Iris()
        nt = dataset(label).parent / f"{label}.nt"
        if not nt.exists():
            write_stream(ds, nt, "ntriples")
        expected = {p: set(events(g, actor=p[0], start=p[1], end=p[2]).ids()) for p in pairs[:20]}

        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)

        def oxigraph(actor: str, start: date, end: date) -> set[str]:
            subs = {ox.Variable("actor"): ox.NamedNode(iris.actor(actor)),
                    ox.Variable("start"): ox.Literal(start.isoformat(), datatype=ox.NamedNode(
                        "http://www.w3.org/2001/XMLSchema#date")),
                    ox.Variable("end"): ox.Literal(end.isoformat(), datatype=ox.NamedNode(
                        "http://www.w3.org/2001/XMLSchema#date"))}
            return {iris.id_of(s["event"].value, "event")
                    for s in store.query(OX_QUERY, substitutions=subs)}

        for p in pairs[:20]:
            assert oxigraph(*p) == expected[p], "oxigraph and dprkgraph disagree"
        ox_times = []
        for p in pairs[:300]:
            t = time.perf_counter()
            oxigraph(*p)
            ox_times.append(time.perf_counter() - t)
        ox_p50, ox_p90 = percentiles(ox_times)
        rl_p50 = rl_p90 = float("nan")
        if SIZES[label] <= rdflib_limit:
            from rdflib import Graph, Literal, URIRef
            from rdflib.namespace import XSD
            from rdflib.plugins.sparql import prepareQuery

            graph = Graph().parse(nt, format="nt")
            prepared = prepareQuery(QUERY)

            def rdflib_query(actor: str, start: date, end: date) -> set[str]:
                bindings = {"actor": URIRef(iris.actor(actor)),
                            "start": Literal(start, datatype=XSD.date),
                            "end": Literal(end, datatype=XSD.date)}
                return {iris.id_of(r[0], "event")
                        for r in graph.query(prepared, initBindings=bindings)}

            for p in pairs[:5]:
                assert rdflib_query(*p) == expected[p], "rdflib and dprkgraph disagree"
            rl_times = []
            for p in pairs[:20]:
                t = time.perf_counter()
                rdflib_query(*p)
                rl_times.append(time.perf_counter() - t)
            rl_p50, rl_p90 = percentiles(rl_times)
        rows.append((label, ours_p50 * 1e6, ours_p90 * 1e6, ox_p50 * 1e6, rl_p50 * 1e6,
                     ox_p50 / ours_p50, rl_p50 / ours_p50))
        results.append({"size": label, "ours_p50_us": ours_p50 * 1e6, "ours_p90_us": ours_p90 * 1e6,
                        "oxigraph_p50_us": ox_p50 * 1e6, "oxigraph_p90_us": ox_p90 * 1e6,
                        "rdflib_p50_us": rl_p50 * 1e6, "rdflib_p90_us": rl_p90 * 1e6})
    table("Actor + 90-day window query (µs); targets at 100k: p50 ≤ 20 µs, ≥ 50× pyoxigraph, "
          "≥ 1000× rdflib (rdflib measured up to 10k)",
          ["size", "ours p50", "ours p90", "oxigraph p50", "rdflib p50", "× oxigraph",
           "× rdflib"], rows)
    save("query", results)
    return results


if __name__ == "__main__":
    main()
