"""Full-text search over titles, summaries, names, quotes and claims."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dprkgraph
from dprkgraph import DprkGraphError, QueryError
from dprkgraph.graph import EventGraph, build_graph
from dprkgraph.model import Actor, Dataset, Event, Source
from dprkgraph.query import search


@pytest.fixture(scope="module")
def g() -> EventGraph:
    return dprkgraph.load_graph()


def test_a_phrase_finds_the_quote_it_comes_from(g: EventGraph) -> None:
    hits = search(g, '"arms embargo"')
    assert hits, "the sanctions quote mentions an arms embargo"
    top = hits[0]
    assert top.kind == "event" and top.field == "quote"
    assert top.where.startswith("quote of source ")
    assert "[arms embargo]" in top.passage
    assert "arms embargo" in top.text


def test_a_phrase_is_word_for_word_but_words_are_all_required_anywhere(g: EventGraph) -> None:
    assert search(g, '"embargo arms"') == []
    loose = search(g, "embargo arms")
    assert loose and all(
        "arms" in m.text.casefold() and "embargo" in m.text.casefold() for m in loose
    )


def test_claims_are_searched_and_say_who_claims(g: EventGraph) -> None:
    hits = search(g, "torpedo", kind="event")
    claims = [m for m in hits if m.field == "claim"]
    assert {m.id for m in claims} == {"cheonan-sinking"}
    assert any("(denies)" in m.where for m in claims)
    assert any(m.field == "summary" for m in hits)


def test_filters_by_actor_window_and_kind(g: EventGraph) -> None:
    every = {m.id for m in search(g, "North Korea")}
    assert {"prk"} <= every  # the actor's own name
    in_2010 = search(g, "North Korea", start="2010-08", end="2010-08")
    assert in_2010 and all(m.kind == "event" for m in in_2010)
    for m in in_2010:
        d = g.event(m.id).date
        assert d.latest.isoformat() >= "2010-08-01" and d.earliest.isoformat() <= "2010-08-31"
    by_carter = search(g, "visit", actor="Jimmy Carter")
    assert by_carter and all("carter" in g.event(m.id).actors() for m in by_carter)
    assert all(m.kind == "actor" for m in search(g, "korea", kind="actor"))
    assert len(search(g, "korea", limit=2)) == 2


def test_ranking_puts_the_closer_passage_first(g: EventGraph) -> None:
    hits = search(g, "Kim Yong Nam")
    assert hits[0].id == "kim-yong-nam"


def small(title: str, quote: str, name: str = "Ann") -> EventGraph:
    event = Event.model_validate(
        {
            "id": "e1",
            "title": title,
            "date": "2010-03",
            "type": "statement",
            "participants": [{"actor": "a1", "role": "speaker"}],
            "sources": [{"source": "s1", "quote": quote}],
        }
    )
    actor = Actor.model_validate({"id": "a1", "name": name, "kind": "person"})
    source = Source.model_validate(
        {"id": "s1", "title": "Doc", "publisher": "P", "kind": "article"}
    )
    return build_graph(Dataset((event,), (actor,), (source,)))


def test_case_and_accents_are_folded() -> None:
    g = small("Kim Yŏng-nam speaks", "Ça va, MONSIEUR", name="Élodie")
    assert [m.field for m in search(g, "yong")] == ["title"]
    assert [m.field for m in search(g, "ca monsieur")] == ["quote"]
    assert [m.id for m in search(g, "elodie")] == ["a1"]


@pytest.mark.parametrize(
    "query",
    ["AND", "NEAR(a b)", '"', "*", 'a" OR "b', "title:x", "-x", "^a", "(", "NOT", "’", "💥"],
)
def test_query_syntax_in_the_text_is_only_text(query: str) -> None:
    g = small(f"Talk about {query} here", "nothing")
    try:
        found = search(g, query)
    except QueryError as err:  # nothing searchable in it, said as such
        assert "give some words" in str(err)
        return
    words = [w for w in query.replace('"', " ").split() if any(c.isalnum() for c in w)]
    if words:
        assert {m.id for m in found if m.field == "title"} == {"e1"}


def test_empty_query_is_an_error(g: EventGraph) -> None:
    with pytest.raises(QueryError, match="give some words"):
        search(g, '  "" ')
    with pytest.raises(QueryError, match="'event', 'actor' or 'source'"):
        search(g, "x", kind="claim")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_hits_or_a_documented_error(text: str) -> None:
    g = small("Talks open", "the talks opened")
    try:
        hits = search(g, text)
    except DprkGraphError:
        return
    assert all(m.id in {"e1", "a1", "s1"} for m in hits)


def many(n: int) -> EventGraph:
    """Events 0..n-1 titled "talks" once or more (event i says it i % 5 + 1 times), one a
    month from 2000, every third one with actor a2 as well as a1."""
    events = tuple(
        Event.model_validate(
            {
                "id": f"e{i:03d}",
                "title": " ".join(["talks"] * (i % 5 + 1)) + " held",
                "date": f"{2000 + i // 12}-{i % 12 + 1:02d}",
                "type": "statement",
                "participants": [{"actor": "a1", "role": "speaker"}]
                + ([{"actor": "a2", "role": "target"}] if i % 3 == 0 else []),
                "sources": [{"source": "s1", "quote": f"quote {i}"}],
            }
        )
        for i in range(n)
    )
    actors = tuple(
        Actor.model_validate({"id": a, "name": a.upper(), "kind": "person"}) for a in ("a1", "a2")
    )
    source = Source.model_validate(
        {"id": "s1", "title": "Doc", "publisher": "P", "kind": "article"}
    )
    return build_graph(Dataset(events, actors, (source,)))


@pytest.mark.parametrize(
    ("options", "accepts"),
    [
        ({"start": "2003", "end": "2003"}, lambda i: i // 12 == 3),
        ({"actor": "a2"}, lambda i: i % 3 == 0),
        ({"actor": "a2", "start": "2001-06", "end": "2004"}, lambda i: i % 3 == 0 and 17 <= i < 60),
    ],
)
@pytest.mark.parametrize("limit", [1, 3, None])
def test_filters_apply_before_the_answer_is_cut_to_the_limit(
    options: dict[str, str], accepts: Callable[[int], bool], limit: int | None
) -> None:
    g = many(300)
    every = search(g, "talks")
    wanted = [m for m in every if accepts(int(m.id[1:]))]
    assert len(wanted) > 3 and wanted[0] != every[0], "the filter must drop the best hits"
    assert search(g, "talks", limit=limit, **options) == wanted[:limit]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # "-" is punctuation, not exclusion: "-torpedo" asks for torpedo like any word.
        ("cheonan -torpedo", "cheonan torpedo"),
        # AND, OR and NOT are words that must occur (and, like any word, prefixes).
        ("cheonan AND torpedo", "cheonan and torpedo"),
        ("cheonan NOT torpedo", "cheonan not torpedo"),
    ],
)
def test_there_are_no_search_operators(g: EventGraph, typed: str, meant: str) -> None:
    hits = [(m.id, m.where) for m in search(g, typed)]
    assert hits == [(m.id, m.where) for m in search(g, meant)]
    assert all("torpedo" in m.text.casefold() for m in search(g, typed))


def test_the_search_help_and_docs_say_there_are_no_operators() -> None:
    from dprkgraph import textsearch
    from dprkgraph.cli import _parser

    sub = next(a for a in _parser()._actions if a.dest == "command")
    helptext = " ".join(sub.choices["search"].format_help().split())  # type: ignore[attr-defined]
    assert "no operators" in helptext and '"-", AND, OR and NOT' in helptext
    doc = " ".join((textsearch.__doc__ or "").split())
    assert "There are no operators" in doc and "``-torpedo`` asks for" in doc
