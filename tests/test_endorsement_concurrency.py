"""Real parallel requests: double clicks and two tabs give one endorsement and no error page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import all_at_once
from tests.participation_fixtures import SLUG, counter_totals
from wijkstem.extensions import db
from wijkstem.models import Endorsement
from wijkstem.services.endorsements import endorsements


@pytest.fixture(autouse=True)
def _needs_postgresql(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite serialises every write with a file lock, so requests cannot race there; run on PostgreSQL")


def _in_parallel(browsers, path: str) -> list[int]:
    return _in_parallel_on(browsers, [path] * len(browsers))


def _in_parallel_on(browsers, paths: list[str]) -> list[int]:
    """Each browser POSTs its own path, all at the same moment; their status codes."""
    codes: list[int] = [0] * len(browsers)

    def post(index: int) -> None:
        codes[index] = browsers[index].post(paths[index], data={}).status_code

    all_at_once(post, len(browsers), timeout=30)
    return codes


def test_parallel_clicks_by_one_person_make_one_endorsement(make_user, client_for, pillar):
    user = make_user()
    tabs = [client_for(user) for _ in range(6)]
    codes = _in_parallel(tabs, f"/manifest/{SLUG}/steunen")
    assert codes == [302] * 6
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Endorsement)) == 1
    assert endorsements.counts_for_pillar(pillar.id).total == 1
    assert sum(counter_totals().values()) == 1

    codes = _in_parallel(tabs, f"/manifest/{SLUG}/steun-intrekken")
    assert codes == [302] * 6
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Endorsement)) == 0
    assert counter_totals() == {}


def test_parallel_endorsements_by_different_people_are_all_counted(make_user, client_for, pillar):
    people = [client_for(make_user()) for _ in range(6)]
    codes = _in_parallel(people, f"/manifest/{SLUG}/steunen")
    assert codes == [302] * 6
    db.session.expire_all()
    assert endorsements.counts_for_pillar(pillar.id).total == 6


def test_one_person_on_three_pillars_in_three_tabs_is_one_supporter(make_user, client_for, pillar):
    from wijkstem.models import Pillar
    from wijkstem.services.insight.municipalities import local_people

    user = make_user()
    slugs = list(db.session.scalars(select(Pillar.slug).order_by(Pillar.position)))
    tabs = [client_for(user) for _ in slugs]
    for action in ("steunen", "steun-intrekken"):
        codes = _in_parallel_on(tabs, [f"/manifest/{slug}/{action}" for slug in slugs])
        assert codes == [302] * len(slugs)
        db.session.expire_all()
        # the people counter is moved under a lock on the person: first in, last out, exactly once
        assert local_people(user.municipality_id).total == (1 if action == "steunen" else 0)
