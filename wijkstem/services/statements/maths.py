"""Polis's statistics, applied to the perspectives people declare instead of inferred clusters.

Pure functions of counts: no database, no Flask. The formulas (see docs/common_ground.md):

    n_g  = agree_g + disagree_g + pass_g          ("Weet ik niet" counts as seen)
    pa_g = (agree_g + 1) / (n_g + 2)              pd_g likewise with disagree_g
    z_g  = 2·√(n_g + 1)·((agree_g + 1)/(n_g + 1) − ½)     significant when z > 1.2816 (90 %, one-sided)

Two groups are compared with Polis's two-proportion z-test, each count +1 (so empty groups give
finite numbers). Representativeness of a group against the rest: ra = pa_g / pa_rest with that test.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

Z_90 = 1.2816


@dataclass(frozen=True)
class Tally:
    agree: int = 0
    disagree: int = 0
    passes: int = 0

    @property
    def seen(self) -> int:
        return self.agree + self.disagree + self.passes

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.agree + other.agree, self.disagree + other.disagree, self.passes + other.passes)


def p_agree(t: Tally) -> float:
    return (t.agree + 1) / (t.seen + 2)


def p_disagree(t: Tally) -> float:
    return (t.disagree + 1) / (t.seen + 2)


def prop_test(successes: int, n: int) -> float:
    """Polis's one-sample test of a proportion against ½."""
    return 2 * math.sqrt(n + 1) * ((successes + 1) / (n + 1) - 0.5)


def two_prop_test(succ_in: int, succ_out: int, n_in: int, n_out: int) -> float:
    """Polis's two-proportion z-test with +1 smoothing: > 0 when the first group agrees more."""
    succ_in, succ_out, n_in, n_out = succ_in + 1, succ_out + 1, n_in + 1, n_out + 1
    p_in, p_out = succ_in / n_in, succ_out / n_out
    p_hat = (succ_in + succ_out) / (n_in + n_out)
    if p_hat >= 1:
        return 0.0
    return (p_in - p_out) / math.sqrt(p_hat * (1 - p_hat) * (1 / n_in + 1 / n_out))


def is_significant(z: float) -> bool:
    return z > Z_90


def common_ground_score(groups: Mapping[str, Tally], perspectives: tuple[str, ...], min_voters: int) -> float | None:
    """The geometric mean of pa_g when every perspective agrees (pa_g > ½, significant) with at least
    `min_voters` answers each; None otherwise."""
    pas = []
    for g in perspectives:
        t = groups.get(g, Tally())
        if t.seen < min_voters or p_agree(t) <= 0.5 or not is_significant(prop_test(t.agree, t.seen)):
            return None
        pas.append(p_agree(t))
    return math.prod(pas) ** (1 / len(pas))


@dataclass(frozen=True)
class Difference:
    more: str  # the perspective that agrees more
    less: str
    z: float
    gap: float  # pa_more − pa_less


def biggest_difference(
    groups: Mapping[str, Tally], perspectives: tuple[str, ...], min_voters: int
) -> Difference | None:
    """The pair of perspectives that differ most: g agrees more than h (two-proportion test on
    agree) or h disagrees more than g (the same test on disagree), either significant; pairs are
    ranked by the sum of both tests, so "agree against disagree" beats "agree against don't know"."""
    best: Difference | None = None
    for g in perspectives:
        for h in perspectives:
            a, b = groups.get(g, Tally()), groups.get(h, Tally())
            if g == h or a.seen < min_voters or b.seen < min_voters:
                continue
            z_agree = two_prop_test(a.agree, b.agree, a.seen, b.seen)
            z_disagree = two_prop_test(b.disagree, a.disagree, b.seen, a.seen)
            if z_agree <= 0 or not (is_significant(z_agree) or is_significant(z_disagree)):
                continue
            z = z_agree + max(z_disagree, 0.0)
            if best is None or z > best.z:
                best = Difference(g, h, z, p_agree(a) - p_agree(b))
    return best


@dataclass(frozen=True)
class Representative:
    perspective: str
    direction: str  # "agree" or "disagree"
    ratio: float  # ra (or rd): pa_g / pa_rest
    z: float  # the two-proportion test against the rest
    p: float  # pa_g (or pd_g)
    p_z: float  # the one-sample test of pa_g

    @property
    def metric(self) -> float:
        """Polis's repness metric: ratio × its test × probability × its test."""
        return self.ratio * self.z * self.p * self.p_z


def representativeness(
    groups: Mapping[str, Tally], perspective: str, perspectives: tuple[str, ...], min_voters: int
) -> Representative | None:
    """What this perspective says more than the others together, when both tests are significant;
    the stronger of agree and disagree."""
    own = groups.get(perspective, Tally())
    if own.seen < min_voters:
        return None
    rest = Tally()
    for g in perspectives:
        if g != perspective:
            rest = rest + groups.get(g, Tally())
    found = []
    for direction, succ, succ_rest, p in (
        ("agree", own.agree, rest.agree, p_agree),
        ("disagree", own.disagree, rest.disagree, p_disagree),
    ):
        ratio = p(own) / p(rest)
        z = two_prop_test(succ, succ_rest, own.seen, rest.seen)
        p_z = prop_test(succ, own.seen)
        if is_significant(z) and is_significant(p_z):
            found.append(Representative(perspective, direction, ratio, z, p(own), p_z))
    return max(found, key=lambda r: r.metric, default=None)


def spread(groups: Mapping[str, Tally], perspectives: tuple[str, ...]) -> float:
    """E for the priority: how far the perspectives' agreement lies apart, max pa_g − min pa_g
    over the perspectives that answered (0 when fewer than two did). Between 0 and 1."""
    pas = [p_agree(groups[g]) for g in perspectives if g in groups and groups[g].seen]
    return max(pas) - min(pas) if len(pas) >= 2 else 0.0


def priority(total: Tally, extremity: float = 0.0) -> float:
    """Polis's comment priority: new and little-seen statements first, passes lower it."""
    seen = total.seen
    p = (total.passes + 1) / (seen + 2)
    a = (total.agree + 1) / (seen + 2)
    importance = (1 - p) * (extremity + 1) * a
    return (importance * (1 + 8 * 2 ** (-seen / 5))) ** 2


NEW_PRIORITY = priority(Tally())


def bridging(groups: Mapping[str, Tally], perspectives: tuple[str, ...]) -> float:
    """'Waardevol voor iedereen': the smoothed agreement of the least-convinced perspective."""
    return min(p_agree(groups.get(g, Tally())) for g in perspectives)
