"""The common-ground statistics against hand-computed cases, and properties that must always hold."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkstem.services.statements import maths
from wijkstem.services.statements.job import build_result
from wijkstem.services.statements.maths import Tally

GROUPS = ("resident", "professional", "politician")


def test_smoothed_agreement_and_one_sample_test_by_hand():
    nine_of_ten = Tally(agree=9, disagree=1)
    assert maths.p_agree(nine_of_ten) == pytest.approx(10 / 12)
    assert maths.p_disagree(nine_of_ten) == pytest.approx(2 / 12)
    # 2·√11·(10/11 − ½) = 2.7136
    assert maths.prop_test(9, 10) == pytest.approx(2.7136, abs=1e-4)
    assert maths.is_significant(maths.prop_test(9, 10))


def test_a_group_with_no_votes_sits_at_one_half_and_is_not_significant():
    assert maths.p_agree(Tally()) == 0.5
    assert maths.prop_test(0, 0) == pytest.approx(1.0)  # 2·√1·(1/1 − ½)
    assert not maths.is_significant(maths.prop_test(0, 0))


def test_tiny_groups_one_agree_is_just_significant_but_the_minimum_keeps_it_out():
    one = {g: Tally(agree=1) for g in GROUPS}
    assert maths.prop_test(1, 1) == pytest.approx(math.sqrt(2))  # 1.414 > 1.2816
    assert maths.common_ground_score(one, GROUPS, min_voters=1) == pytest.approx(2 / 3)
    assert maths.common_ground_score(one, GROUPS, min_voters=2) is None


def test_passes_count_as_seen():
    assert maths.p_agree(Tally(agree=2, passes=2)) == pytest.approx(3 / 6)
    assert maths.common_ground_score({g: Tally(agree=5, passes=5) for g in GROUPS}, GROUPS, 1) is None


def test_two_proportion_test_by_hand_and_ties():
    # (10/11 − 2/11) / √(12/22 · 10/22 · (1/11 + 1/11)) = 3.4254
    assert maths.two_prop_test(9, 1, 10, 10) == pytest.approx(3.4254, abs=1e-4)
    assert maths.two_prop_test(5, 5, 10, 10) == 0  # a tie
    assert maths.two_prop_test(4, 4, 4, 4) == 0  # everyone agrees: p̂ = 1, no test
    split = {"resident": Tally(agree=9, disagree=1), "professional": Tally(agree=5, disagree=5),
             "politician": Tally(agree=1, disagree=9)}  # fmt: skip
    difference = maths.biggest_difference(split, GROUPS, 5)
    assert (difference.more, difference.less) == ("resident", "politician")
    assert maths.biggest_difference({g: Tally(agree=5, disagree=5) for g in GROUPS}, GROUPS, 5) is None


def test_common_ground_is_ranked_by_the_geometric_mean():
    all_agree = {g: Tally(agree=9, disagree=1) for g in GROUPS}
    assert maths.common_ground_score(all_agree, GROUPS, 10) == pytest.approx(10 / 12)
    one_group_lukewarm = {**all_agree, "politician": Tally(agree=5, disagree=5)}
    assert maths.common_ground_score(one_group_lukewarm, GROUPS, 10) is None
    # a group with no votes at all blocks common ground
    assert maths.common_ground_score({"resident": all_agree["resident"]}, GROUPS, 0) is None


def test_representativeness_against_the_rest():
    groups = {"resident": Tally(agree=9, disagree=1), "professional": Tally(agree=2, disagree=8),
              "politician": Tally(agree=1, disagree=9)}  # fmt: skip
    found = maths.representativeness(groups, "resident", GROUPS, 5)
    assert found.direction == "agree"
    assert found.ratio == pytest.approx((10 / 12) / (4 / 22))
    assert maths.representativeness(groups, "politician", GROUPS, 5).direction == "disagree"
    assert maths.representativeness(groups, "resident", GROUPS, 11) is None  # too few


def test_priority_by_hand():
    assert maths.NEW_PRIORITY == pytest.approx((0.25 * 9) ** 2)  # 5.0625
    # S=5, A=5: p = 1/7, a = 6/7, importance = 36/49, factor 1 + 8·2^(−1) = 5
    assert maths.priority(Tally(agree=5)) == pytest.approx((36 / 49 * 5) ** 2)
    assert maths.priority(Tally(passes=5)) < maths.priority(Tally(agree=5))  # passes lower it
    assert maths.priority(Tally(agree=5), extremity=1) == pytest.approx(4 * maths.priority(Tally(agree=5)))
    assert maths.spread({"resident": Tally(agree=9, disagree=1), "politician": Tally(agree=1, disagree=9)}, GROUPS) \
        == pytest.approx(10 / 12 - 2 / 12)  # fmt: skip
    assert maths.spread({"resident": Tally(agree=3)}, GROUPS) == 0


def test_bridging_is_the_least_convinced_group():
    groups = {"resident": Tally(agree=9, disagree=1), "professional": Tally(agree=3, disagree=1)}
    assert maths.bridging(groups, GROUPS) == 0.5  # politicians did not answer: ½


def test_build_result_ties_go_to_the_older_statement_and_missing_voters_are_counted():
    statements = {sid: {"pillar_id": 1, "ref": f"punt-{sid}", "position": sid, "text": f"Punt {sid}",
                        "author_perspective": None} for sid in (1, 2, 3)}  # fmt: skip
    same = {g: Tally(agree=9, disagree=1) for g in GROUPS}
    result = build_result(statements, {2: same, 1: same}, dict.fromkeys(GROUPS, 10), 10)
    assert [item["ref"] for item in result["common_ground"]] == ["punt-1", "punt-2"]
    assert result["enough"] is True
    # One perspective short of voters: nothing is listed, and the figure says how many are missing.
    result = build_result(statements, {2: same, 1: same}, {"resident": 10, "professional": 10, "politician": 4}, 10)
    assert result["missing"] == {"resident": 0, "professional": 0, "politician": 6}
    assert result["enough"] is False and result["common_ground"] == [] and result["differences"] == []


tallies = st.builds(
    Tally, st.integers(0, 200), st.integers(0, 200), st.integers(0, 200)
)  # fmt: skip


@given(tallies, st.integers(1, 50), st.sampled_from(("disagree", "passes", None)))
def test_more_agreement_from_a_group_never_lowers_its_pa(tally, more, instead_of):
    """A group's pa rises (or stays) with extra agree votes, or when others turn to agree."""
    if instead_of is None:
        after = Tally(tally.agree + more, tally.disagree, tally.passes)
    else:
        moved = min(more, getattr(tally, instead_of))
        after = Tally(
            tally.agree + moved,
            tally.disagree - (moved if instead_of == "disagree" else 0),
            tally.passes - (moved if instead_of == "passes" else 0),
        )
    assert maths.p_agree(after) >= maths.p_agree(tally)
