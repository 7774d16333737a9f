"""The bundled dataset: it loads, and the headline events carry the article's dates."""

from __future__ import annotations

from pathlib import Path

import pytest

import dprkgraph
from dprkgraph import Dataset, RelationType, Stance
from dprkgraph.quotes import verify_quotes

ARTICLE = "act-2010-10-us-considers-new-north-korea-talks"
SHARED_SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return dprkgraph.load()


@pytest.mark.parametrize(
    ("event_id", "date", "precision"),
    [
        ("six-party-agreement-2005", "2005-09", "month"),
        ("prk-withdraws-six-party-talks", "2009-04", "month"),
        ("cheonan-sinking", "2010-03", "month"),
        ("us-executive-order-2010-08-30", "2010-08-30", "day"),
        ("carter-pyongyang-visit", "2010-08", "month"),
    ],
)
def test_headline_events_keep_the_articles_dates(
    ds: Dataset, event_id: str, date: str, precision: str
) -> None:
    event = ds.event(event_id)
    assert event.date.text == date and event.date.precision == precision
    assert any(c.source == ARTICLE and c.quote for c in event.sources)


def test_six_parties_signed_in_2005(ds: Dataset) -> None:
    parties = set(ds.event("six-party-agreement-2005").actors())
    assert parties == {"prk", "kor", "usa", "chn", "jpn", "rus"}


def test_launch_rebuke_walkout_chain(ds: Dataset) -> None:
    def led_to(event_id: str) -> list[str]:
        return [r.event for r in ds.event(event_id).relations if r.type is RelationType.LED_TO]

    assert led_to("prk-rocket-launch-2009") == ["unsc-rebuke-2009"]
    assert led_to("unsc-rebuke-2009") == ["prk-withdraws-six-party-talks"]


def test_cheonan_attribution_is_contested(ds: Dataset) -> None:
    claims = ds.event("cheonan-sinking").claims
    by_stance = {c.claimant: c.stance for c in claims}
    assert by_stance == {"usa": Stance.ASSERTS, "kor": Stance.ASSERTS, "prk": Stance.DENIES}
    assert len({c.statement for c in claims}) == 1


def test_gomes_release_is_part_of_carters_visit(ds: Dataset) -> None:
    release = ds.event("gomes-release")
    assert (RelationType.PART_OF, "carter-pyongyang-visit") in {
        (r.type, r.event) for r in release.relations
    }
    assert "carter" in release.actors()


def test_executive_order_cites_the_federal_register_too(ds: Dataset) -> None:
    cited = {c.source for c in ds.event("us-executive-order-2010-08-30").sources}
    assert cited == {ARTICLE, "fr-eo-13551"}
    assert ds.event("us-executive-order-2010-08-30").actors()[0] == "obama"


def test_two_security_council_sanctions_regimes(ds: Dataset) -> None:
    regimes = [e for e in ds.events if e.type == "sanction" and "unsc" in e.actors()]
    assert sorted(e.date.text for e in regimes) == ["2006-10-14", "2009-06-12"]


def test_people_have_affiliation_and_kind(ds: Dataset) -> None:
    for person in ("bosworth", "campbell", "carter", "obama", "green", "wit", "gomes"):
        assert ds.actor(person).affiliation == "usa"
        assert ds.actor(person).kind == "person"
    assert ds.actor("kim-yong-nam").affiliation == "prk"
    assert ds.actor("bosworth").positions[0].title == (
        "U.S. Special Representative for North Korea Policy"
    )


def test_known_wikidata_ids(ds: Dataset) -> None:
    expected = {
        "prk": "Q423",
        "kor": "Q884",
        "usa": "Q30",
        "chn": "Q148",
        "jpn": "Q17",
        "rus": "Q159",
        "carter": "Q23685",
    }
    assert {a: ds.actor(a).wikidata for a in expected} == expected


@pytest.mark.skipif(
    not SHARED_SOURCES.is_dir(), reason=f"source texts not present at {SHARED_SOURCES}"
)
def test_every_quote_is_verbatim_in_its_source(ds: Dataset) -> None:
    checks = verify_quotes(ds, SHARED_SOURCES)
    assert checks, "the dataset has no quotes to check"
    assert [c for c in checks if not c.found] == []
