"""The similar-experiences index follows approvals, edits and hides one experience at a time; a request
never waits for a full build of a large collection (issue 24, item 3)."""

from __future__ import annotations

from tests.conftest import wait_for_background_work
from tests.experience_builders import make_experience
from tests.test_experience_writing_steps import AFVAL, BUURTKAMER, BUURTKAMER_AGAIN, SPEELTUIN
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.services.experiences import similar_experiences as similar
from wijkstem.services.experiences.similar_experiences import SimilarityIndex, similar_experiences


def test_adding_and_removing_one_text_gives_what_a_fresh_build_gives():
    grown = SimilarityIndex([(1, 10, SPEELTUIN), (2, 10, AFVAL)])
    grown.add(3, 20, BUURTKAMER)
    fresh = SimilarityIndex([(1, 10, SPEELTUIN), (2, 10, AFVAL), (3, 20, BUURTKAMER)])
    assert [m.experience_id for m in grown.search(BUURTKAMER_AGAIN)] == [m.experience_id for m in fresh.search(BUURTKAMER_AGAIN)]
    assert grown.search(BUURTKAMER_AGAIN)[0].experience_id == 3
    grown.remove(3)
    assert 3 not in [m.experience_id for m in grown.search(BUURTKAMER_AGAIN)]
    assert grown.size == 2 and grown.changes == 2


def test_adding_a_text_again_replaces_it():
    index = SimilarityIndex([(1, 10, SPEELTUIN)])
    index.add(1, 10, BUURTKAMER)
    assert index.size == 1 and index.search(BUURTKAMER)[0].experience_id == 1
    assert index.search(SPEELTUIN)[0].similarity < 0.35


def test_many_changes_make_the_index_stale():
    index = SimilarityIndex([(n, 1, f"{SPEELTUIN} {n}") for n in range(10)])
    assert not index.stale
    for n in range(10, 212):
        index.add(n, 1, f"{AFVAL} {n}")
    assert index.stale


def test_an_approval_an_edit_and_a_hide_reach_the_index_without_a_rebuild(app, make_user, monkeypatch):
    similar._kept.pop(str(db.engine.url), None)
    moderator = make_user(role="moderator")
    make_experience(make_user(), moderator, title="Kapotte schommel", story=SPEELTUIN)
    assert similar_experiences("Een buurtkamer", BUURTKAMER_AGAIN, None) == []
    kept = similar._kept[str(db.engine.url)]
    monkeypatch.setattr(similar, "SimilarityIndex", None)  # a full build would fail now
    told = make_experience(make_user(), moderator, title="Buurtkamer open", story=BUURTKAMER)
    assert [e.id for e, _ in similar_experiences("Een buurtkamer", BUURTKAMER_AGAIN, None)] == [told.id]
    assert similar._kept[str(db.engine.url)] is kept and kept.index.changes == 1
    told.story, told.updated_at = AFVAL, utcnow()
    db.session.commit()
    assert similar_experiences("Een buurtkamer", BUURTKAMER_AGAIN, None) == []
    told.story, told.updated_at = BUURTKAMER, utcnow()
    told.hidden_at = utcnow()
    db.session.commit()
    assert similar_experiences("Een buurtkamer", BUURTKAMER_AGAIN, None) == []


def test_a_large_collection_is_built_in_the_background(app, make_user, monkeypatch):
    monkeypatch.setattr(similar, "INLINE_BUILD_LIMIT", 0)
    similar._kept.pop(str(db.engine.url), None)
    told = make_experience(make_user(), make_user(role="moderator"), title="Buurtkamer open", story=BUURTKAMER)
    assert similar_experiences("Een buurtkamer", BUURTKAMER_AGAIN, None) == []  # not waiting for the build
    wait_for_background_work()
    assert [e.id for e, _ in similar_experiences("Een buurtkamer", BUURTKAMER_AGAIN, None)] == [told.id]
