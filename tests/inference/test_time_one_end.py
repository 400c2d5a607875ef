"""A mandate never gets two end dates from the succession rule (queries/rules/time-2-successors.rq).

Two ways the merged data gave one: a holder known only by several attestations was placed once per
attestation, so each found its own successor (Kuntaliitto's board, a vice-chair attested in 2015 and
2018); and two successors starting on the same first day at different precisions (a month and a day of
that month, two sources' claims) each gave their own end. The rules run on a small graph of their own;
the expected ends are worked out by hand from the temporal model (docs/modelling.md).
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

EX = "https://example.org/"

DATA = """
@prefix kp: <https://w3id.org/kaupunkipolitiikka/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <http://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix role: <https://w3id.org/kaupunkipolitiikka/id/role/> . @prefix : <https://example.org/> .

# one chair of an association's organ seen on two days; another holder starts between the two days,
# a third after the second one
:seen-twice a kp:Mandate ; org:organization :organ ; org:member :p1 ; org:role role:chair ;
    kp:attestedIn "2015-05-22"^^xsd:date , "2019"^^xsd:gYear .
:between a kp:Mandate ; org:organization :organ ; org:member :p2 ; org:role role:chair ;
    schema:startDate "2017-03-01"^^xsd:date .
:after a kp:Mandate ; org:organization :organ ; org:member :p3 ; org:role role:chair ;
    schema:startDate "2020-06-01"^^xsd:date .

# a city manager followed by two claims on the successor's start: a month, and the first day of it
:manager a kp:Mandate ; org:organization :city ; org:member :p4 ; org:role role:kaupunginjohtaja ;
    schema:startDate "2010"^^xsd:gYear .
:next-month a kp:Mandate ; org:organization :city ; org:member :p5 ; org:role role:kaupunginjohtaja ;
    schema:startDate "2016-01"^^xsd:gYearMonth .
:next-day a kp:Mandate ; org:organization :city ; org:member :p6 ; org:role role:kaupunginjohtaja ;
    schema:startDate "2016-01-01"^^xsd:date .
"""


def _derived(turtle: str = DATA) -> set[tuple[str, str, str]]:
    """The rules' output over ``turtle`` and the ontology, as the build loads it."""
    from kgraph.config import Layout
    from kgraph.inference.rules import derive
    from kgraph.io.fastload import read_files
    from kgraph.io.load import ontology_paths

    layout = Layout()
    store = ox.Store()
    data = ox.NamedNode("urn:test:data")
    store.load(turtle.encode(), format=ox.RdfFormat.TURTLE, to_graph=data)
    ontology = read_files(store, ontology_paths(layout), root=layout.root)
    return {(s.value, p.value.rsplit("#", 1)[-1], o.value) for s, p, o in derive(store, [data, *ontology], layout)}


def test_no_mandate_gets_two_derived_ends():
    ends = defaultdict(set)
    for s, p, o in _derived():
        if p == "derivedEndDate":
            ends[s].add(o)
    assert {m: e for m, e in ends.items() if len(e) > 1} == {}


def test_a_holder_seen_twice_is_succeeded_after_its_last_attestation():
    derived = _derived()
    # still chair in 2019, so the holder who started in 2017 did not succeed it; the one of 2020 did
    assert (EX + "seen-twice", "derivedEndDate", "2020-05-31") in derived
    assert (EX + "after", "succeeds", EX + "seen-twice") in derived
    assert (EX + "between", "succeeds", EX + "seen-twice") not in derived
    assert (EX + "between", "derivedEndDate", "2020-05-31") in derived


def test_successors_on_one_first_day_give_the_end_of_the_finer_start():
    derived = _derived()
    # both claims succeed the manager; the day claim bounds the end tighter than the month claim
    assert (EX + "next-day", "succeeds", EX + "manager") in derived
    assert (EX + "next-month", "succeeds", EX + "manager") in derived
    assert {o for s, p, o in derived if s == EX + "manager" and p == "derivedEndDate"} == {"2015-12-31"}


PERIOD = """
@prefix kp: <https://w3id.org/kaupunkipolitiikka/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <http://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix role: <https://w3id.org/kaupunkipolitiikka/id/role/> . @prefix : <https://example.org/> .

# a seat held in turn "for the year 2021", and one "for February 2022"; a mandate stated from 2019 to 2020
:year a kp:Mandate ; org:organization :group ; org:member :p1 ; org:role role:member ;
    schema:startDate "2021"^^xsd:gYear ; schema:endDate "2021"^^xsd:gYear .
:month a kp:Mandate ; org:organization :group ; org:member :p2 ; org:role role:member ;
    schema:startDate "2022-02"^^xsd:gYearMonth ; schema:endDate "2022-02"^^xsd:gYearMonth .
:years a kp:Mandate ; org:organization :group ; org:member :p3 ; org:role role:member ;
    schema:startDate "2019"^^xsd:gYear ; schema:endDate "2020"^^xsd:gYear .
"""


def test_a_mandate_stated_for_one_period_is_in_force_for_the_whole_period():
    derived = _derived(PERIOD)
    bounds = {(s, p, o) for s, p, o in derived if p in ("inForceFrom", "inForceUntil")}
    # written by hand from the rule (docs/modelling.md, "Comparable bounds"): one period = the whole period;
    # different periods = certain only from the start period's last day to the end period's first day
    assert bounds == {
        (EX + "year", "inForceFrom", "2021-01-01"),
        (EX + "year", "inForceUntil", "2021-12-31"),
        (EX + "month", "inForceFrom", "2022-02-01"),
        (EX + "month", "inForceUntil", "2022-02-28"),
        (EX + "years", "inForceFrom", "2019-12-31"),
        (EX + "years", "inForceUntil", "2020-01-01"),
    }
