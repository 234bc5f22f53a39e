"""Issue 25, finding 10: the research export is k-anonymous (k = 5) for who a person is and where they
live: a lone burgemeester of Vlieland (GM0096) cannot be singled out."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.insight_fixtures import municipality, pillar_at
from wijkstem.clock import utcnow
from wijkstem.services.endorsements.endorsements import endorse_pillar
from wijkstem.services.insight import open_data

DESCRIBES = ("perspective", "role", "verified", "municipality", "province")


def _export() -> tuple[list[dict], str]:
    archive = zipfile.ZipFile(io.BytesIO(open_data.research_export()))
    rows = list(csv.DictReader(io.StringIO(archive.read("endorsements.csv").decode())))
    return rows, archive.read("README.txt").decode()


def _people_per_description(rows: list[dict]) -> dict[tuple, set[str]]:
    groups: dict[tuple, set[str]] = defaultdict(set)
    for row in rows:
        groups[tuple(row[c] for c in DESCRIBES)].add(row["person"])
    return groups


def _endorsing(make_user, count: int, code: str, perspective: str = "resident", role=None, verified=False):
    people = [
        make_user(municipality=municipality(code), perspective=perspective, perspective_role=role,
                  verified_at=utcnow() if verified else None)
        for _ in range(count)
    ]  # fmt: skip
    for person in people:
        endorse_pillar(person, pillar_at(1))
    return people


def test_the_lone_burgemeester_of_vlieland_cannot_be_singled_out(make_user):
    _endorsing(make_user, 1, "GM0096", "politician", "burgemeester", verified=True)  # one per municipality
    _endorsing(make_user, 6, "GM0096")  # residents of Vlieland
    for code in ("GM0059", "GM0060", "GM0072", "GM0074"):  # the burgemeesters of four more Frisian places
        _endorsing(make_user, 1, code, "politician", "burgemeester", verified=True)
    _endorsing(make_user, 5, "GM0344", "politician", "raadslid", verified=True)  # Utrecht: common enough
    rows, readme = _export()

    groups = _people_per_description(rows)
    assert all(len(people) >= 5 for people in groups.values()), groups
    assert not [r for r in rows if r["role"] == "burgemeester" and r["municipality"] == "GM0096"]
    assert not [r for r in rows if r["perspective"] == "politician" and r["municipality"] == "GM0096"]
    # Coarsened, not lost: the burgemeester is one of the five burgemeesters of Fryslân.
    assert len(groups[("politician", "burgemeester", "1", "", "Fryslân")]) == 5
    # What is common enough stays as precise as it was.
    assert len(groups[("resident", "", "0", "GM0096", "Fryslân")]) == 6
    assert len(groups[("politician", "raadslid", "1", "GM0344", "Utrecht")]) == 5
    assert "k-anonymity, k = 5" in readme and "municipality left out" in readme


def test_someone_rarer_than_any_group_is_left_out(make_user):
    _endorsing(make_user, 1, "GM0096", "politician", "burgemeester", verified=True)
    _endorsing(make_user, 5, "GM0344")
    rows, readme = _export()
    assert {r["perspective"] for r in rows} == {"resident"}
    assert "left out of the file            1 people" in readme


def test_the_rule_reads_the_same_on_the_admin_page(client, login, make_user):
    login(make_user(role="admin"))
    page = client.get("/beheer/onderzoeksdata").get_data(as_text=True)
    assert "k-anonymity, k = 5" in page and "at least 5 different people" in page


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(("resident", "professional", "politician")),
            st.sampled_from(("", "raadslid", "burgemeester", "gemeente")),
            st.integers(0, 1),
            st.sampled_from(("GM0096", "GM0080", "GM0344", "GM0363")),
        ),
        max_size=80,
    )
)
def test_every_group_shown_has_at_least_k_people_whatever_the_population(population):
    provinces = {"GM0096": "Fryslân", "GM0080": "Fryslân", "GM0344": "Utrecht", "GM0363": "Noord-Holland"}
    people = {
        n: open_data._Person(perspective, role, verified, code, provinces[code])
        for n, (perspective, role, verified, code) in enumerate(population)
    }
    shown, per_step = open_data.k_anonymous_descriptions(people)
    groups: dict[tuple, int] = defaultdict(int)
    for description in shown.values():
        groups[description] += 1
    assert all(size >= open_data.K_ANONYMITY for size in groups.values())
    assert sum(per_step) == len(people) and per_step[-1] == len(people) - len(shown)
    for n, (perspective, role, verified, code, province) in shown.items():
        person = people[n]  # only ever made coarser, never changed
        assert (perspective, verified) == (person.perspective, person.verified)
        assert role in ("", person.role) and code in ("", person.municipality) and province in ("", person.province)
