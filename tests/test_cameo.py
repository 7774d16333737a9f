"""The CAMEO tables: GDELT's full Goldstein scale, checked against an independent copy, and
the PLOVER crosswalk."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import dprkgraph
from dprkgraph import LoadError, cameo
from dprkgraph.errors import UnknownIdError
from tests.conftest import DatasetFactory

DATA = Path(__file__).resolve().parent / "data"


def _independent() -> dict[str, float]:
    """gdeltPyR's (PyPI "gdelt" 0.1.14) code -> Goldstein table; origin in the file header."""
    text = (DATA / "gdeltpyr-cameo-goldstein.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(
        [ln for ln in text.splitlines() if not ln.startswith("#")], delimiter="\t"
    )
    return {row["code"]: float(row["goldstein"]) for row in rows}


# Where the two published tables differ. GDELT's lookup file (our source) gives the first
# value, gdeltPyR the second; a third copy of GDELT's values, and our table before it was
# completed, agree with the first. Any other difference is an error in our table.
KNOWN_DIFFERENCES = {
    "016": (-2.0, 3.4),
    "022": (3.2, 3.4),
    "124": (-4.0, -5.0),
    "1241": (-4.0, -5.0),
    "1242": (-4.0, -5.0),
    "1243": (-4.0, -5.0),
    "1244": (-4.0, -5.0),
    "1245": (-4.0, -5.0),
    "1246": (-4.0, -5.0),
    "163": (-8.0, -6.5),
    "165": (-6.5, -7.0),
    "166": (-7.0, -8.0),
    "1661": (-7.0, -8.0),
    "1662": (-7.0, -8.0),
    "1663": (-7.0, -8.0),
}
# Codes gdeltPyR carries beyond GDELT's lookup file: CAMEO variants GDELT does not score.
ONLY_IN_GDELTPYR = {"0811i", "1213", "1214", "1321i", "138i", "13y", "1451i", "1951", "1952"}


def test_table_is_the_full_gdelt_scale() -> None:
    table = cameo.codes()
    assert len(table) == 311
    assert {c for c in table if len(c) == 2} == {f"{n:02d}" for n in range(1, 21)}


def test_scores_agree_with_an_independent_copy() -> None:
    ours = {code: row.goldstein for code, row in cameo.codes().items()}
    theirs = _independent()
    assert set(theirs) - set(ours) == ONLY_IN_GDELTPYR
    assert set(ours) <= set(theirs)
    differing = {c: (ours[c], theirs[c]) for c in ours if ours[c] != theirs[c]}
    assert differing == KNOWN_DIFFERENCES
    assert len(ours) - len(differing) == 296


@pytest.mark.parametrize("code", sorted(cameo.codes()))
def test_every_row_is_well_formed(code: str) -> None:
    row = cameo.lookup(code)
    assert code.isdigit() and 2 <= len(code) <= 4
    assert len(code) == 2 or code[:-1] in cameo.codes(), "a code's parent is in the table"
    assert -10.0 <= row.goldstein <= 10.0
    assert row.quad_class in cameo.QUAD_CLASS_NAMES
    assert row.label.strip() == row.label and row.label and "  " not in row.label


@pytest.mark.parametrize(
    ("code", "goldstein", "label"),
    [
        ("010", 0.0, "Make statement, not specified below"),
        ("0874", 10.0, "Retreat or surrender militarily"),
        ("1056", -5.0, "Demand de-escalation of military engagement"),
        ("106", -5.0, "Demand meeting, negotiation"),
        ("044", 2.5, "Meet at a 'third' location"),
        ("1385", -7.0, "Threaten attack with WMD"),
        ("2042", -10.0, "Detonate nuclear weapons"),
    ],
)
def test_reference_rows(code: str, goldstein: float, label: str) -> None:
    assert (cameo.goldstein(code), cameo.lookup(code).label) == (goldstein, label)


@pytest.mark.parametrize("code", ["42", "0000", "1213", "", "01 "])
def test_unknown_codes_raise_a_key_error_with_a_hint(code: str) -> None:
    with pytest.raises(UnknownIdError, match="unknown CAMEO code") as info:
        cameo.goldstein(code)
    assert isinstance(info.value, KeyError)


# --- PLOVER ---------------------------------------------------------------------------------

PLOVER_2021 = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "ACCUSE",
    "REQUEST",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
}


def test_crosswalk_uses_the_2021_plover_event_types() -> None:
    assert {p.event for p in cameo.crosswalk().values()} == PLOVER_2021


def test_crosswalk_covers_every_cameo_code_plover_keeps() -> None:
    table, walk = cameo.codes(), cameo.crosswalk()
    without = {c for c in table if c not in walk}
    assert without == {c for c in table if c[:2] in ("01", "02")} | {"08"}
    assert set(walk) - set(table) == {"1213", "1214"}  # CAMEO codes GDELT does not score


@pytest.mark.parametrize(
    ("code", "event", "mode", "context"),
    [
        ("03", "AGREE", None, ()),
        ("042", "CONSULT", "visit", ()),
        ("057", "SUPPORT", None, ("diplomatic",)),
        ("0841", "RETREAT", "release", ("legal",)),
        ("083", "CONCEDE", None, ("political_institutions",)),
        ("094", "ACCUSE", "investigate", ("military", "legal")),
        ("1041", "REQUEST", "change", ("executive",)),
        ("163", "COERCE", "restrict", ("diplomatic",)),
        ("175", "ASSAULT", "pro_autocracy", ("military",)),
        ("190", "ASSAULT", None, ("military",)),
        ("2042", "ASSAULT", "unconventional", ("cbrn",)),
        ("1213", "REJECT", "assist", ("legal",)),
    ],
)
def test_plover_lookup(code: str, event: str, mode: str | None, context: tuple[str, ...]) -> None:
    assert cameo.plover(code) == cameo.PloverEvent(code, event, mode, context)


@pytest.mark.parametrize("code", ["01", "010", "0256", "08"])
def test_codes_plover_has_no_category_for_give_none(code: str) -> None:
    assert cameo.plover(code) is None


@pytest.mark.parametrize("code", ["42", "999", "abc"])
def test_plover_refuses_codes_that_are_not_cameo(code: str) -> None:
    with pytest.raises(KeyError, match="unknown CAMEO code"):
        cameo.plover(code)


# --- the loader with the bigger table -------------------------------------------------------


EVENT = """\
events:
  - id: threat
    title: A threat
    date: 2010-03
    type: statement
    cameo: "{code}"
    participants:
      - {{actor: aaa, role: speaker}}
    sources:
      - {{source: src, quote: the talks opened}}
"""


def test_codes_new_to_the_table_load(make_dataset: DatasetFactory) -> None:
    ds = dprkgraph.load(make_dataset(events=EVENT.format(code="1385")))
    (event,) = ds.events
    assert (event.goldstein, event.quad_class) == (-7.0, 3)


def test_a_code_outside_the_table_is_still_refused(make_dataset: DatasetFactory) -> None:
    with pytest.raises(LoadError, match="1213"):
        dprkgraph.load(make_dataset(events=EVENT.format(code="1213")))
