"""The pillar page and the endorsers list cost the same few queries with 10 or 20,000 rows."""

from __future__ import annotations

from sqlalchemy import insert, select, update

from tests.conftest import counting_queries
from tests.factories import _password_hash
from tests.participation_fixtures import SLUG
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, Endorsement, EndorsementCounter, HelpfulMark, Pillar, Report, User
from wijkstem.subjects import Subject

MAX_QUERIES = 11  # 10, and one for the organisations beside the people number (issue 27)


def _add_endorsers(pillar, municipality_id, start: int, count: int) -> None:
    now = utcnow()
    users = [
        {
            "email": f"massa{n}@example.org",
            "display_name": f"Massa {n}",
            "password_hash": _password_hash(),
            "perspective": "resident",
            "municipality_id": municipality_id,
            "role": "participant",
            "created_at": now,
            "terms_accepted_at": now,
            "email_confirmed_at": now,
            "show_name": n % 2 == 0,
            "session_version": 1,
            "notify_replies": True,
        }
        for n in range(start, start + count)
    ]
    db.session.execute(insert(User), users)
    ids = db.session.scalars(select(User.id).where(User.email.like("massa%"))).all()
    new_ids = sorted(ids)[start : start + count]
    db.session.execute(
        insert(Endorsement),
        [
            {
                "user_id": uid,
                "pillar_id": pillar.id,
                "created_at": now,
                "motivation": "Omdat",
                "counted_perspective": "resident",
                "counted_municipality_id": municipality_id,
                "counted_verified": False,
            }
            for uid in new_ids
        ],
    )
    key = (
        (EndorsementCounter.pillar_id == pillar.id)
        & (EndorsementCounter.perspective == "resident")
        & (EndorsementCounter.municipality_id == municipality_id)
        & (EndorsementCounter.verified.is_(False))
    )
    if db.session.scalar(select(EndorsementCounter.id).where(key)) is None:
        db.session.execute(
            insert(EndorsementCounter).values(
                pillar_id=pillar.id, perspective="resident", municipality_id=municipality_id, verified=False, count=0
            )
        )
    db.session.execute(update(EndorsementCounter).where(key).values(count=EndorsementCounter.count + count))
    db.session.commit()


def _add_comments(pillar, author_ids: list[int], viewer_id: int, count: int) -> None:
    now = utcnow()
    db.session.execute(
        insert(Comment),
        [
            {
                "subject_type": Subject.PILLAR,
                "subject_id": pillar.id,
                "point_id": pillar.points[n % len(pillar.points)].id if n % 3 else None,
                "author_id": author_ids[n % len(author_ids)],
                "body": f"Reactie nummer {n} met https://example.org/{n}",
                "created_at": now,
                "helpful_count": n % 5,
            }
            for n in range(count)
        ],
    )
    tops = db.session.scalars(select(Comment.id).where(Comment.parent_id.is_(None))).all()
    db.session.execute(
        insert(Comment),
        [
            {
                "subject_type": Subject.PILLAR,
                "subject_id": pillar.id,
                "parent_id": top,
                "author_id": author_ids[0],
                "body": "Een antwoord",
                "created_at": now,
                "helpful_count": 0,
            }
            for top in tops[-count // 4 :]
        ],
    )
    marked = set(db.session.scalars(select(HelpfulMark.comment_id).where(HelpfulMark.user_id == viewer_id)))
    db.session.execute(
        insert(HelpfulMark),
        [{"comment_id": cid, "user_id": viewer_id, "created_at": now} for cid in tops if cid not in marked],
    )
    db.session.commit()


def _queries(browser, path: str) -> int:
    with counting_queries() as statements:
        response = browser.get(path)
    assert response.status_code == 200
    return len(statements)


def test_query_counts_do_not_grow_with_the_data(app, make_user, client_for, utrecht, pillar):
    viewer = make_user()
    writers = [make_user(perspective=p).id for p in ("resident", "professional", "politician")]
    from wijkstem.services.endorsements.endorsements import endorse_pillar

    other_pillar = db.session.scalar(select(Pillar).where(Pillar.id != pillar.id).limit(1))
    endorse_pillar(viewer, other_pillar, "Ik ook")  # not on this list, or the list would load the viewer for free
    browser = client_for(viewer)
    anonymous = app.test_client()
    pages = [f"/manifest/{SLUG}", f"/manifest/{SLUG}?sorteer=waardevol&perspectief=professional"]
    lists = [f"/manifest/{SLUG}/steunbetuigingen"]

    _add_endorsers(pillar, utrecht.id, 0, 10)
    _add_comments(pillar, writers, viewer.id, 10)
    small = {
        (who, path): _queries(b, path) for who, b in (("in", browser), ("uit", anonymous)) for path in pages + lists
    }

    _add_endorsers(pillar, utrecht.id, 10, 19_990)
    _add_comments(pillar, writers, viewer.id, 1_990)
    large = {
        (who, path): _queries(b, path) for who, b in (("in", browser), ("uit", anonymous)) for path in pages + lists
    }

    assert small == large
    assert max(large.values()) <= MAX_QUERIES, large
    html = browser.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "20.000 mensen steunen deze pijler" in html
    listing = anonymous.get(f"/manifest/{SLUG}/steunbetuigingen?pagina=2").get_data(as_text=True)
    assert "Pagina 2 van 400" in listing


def test_the_logged_in_pillar_page_costs_the_same_queries_with_own_comments_and_reports(make_user, client_for, pillar):
    """What the viewer may do per comment (own: adjust, remove; others': waardevol, Melden) comes from
    the thread's few queries, not one per comment."""
    from wijkstem.services.discussion import comments, reports

    viewer = make_user()
    writers = [make_user(perspective=p).id for p in ("resident", "professional", "politician")]
    browser = client_for(viewer)
    path = f"/manifest/{SLUG}"

    def own_and_reported(count: int) -> None:
        for n in range(count):
            mine = comments.post_comment(viewer, Subject.PILLAR, pillar.id, f"Mijn reactie {n}")
            comments.reply_to(viewer, mine, "Mijn eigen antwoord")
        reported = select(Report.subject_id).where(Report.reporter_id == viewer.id)
        other = db.session.scalars(
            select(Comment).where(Comment.author_id != viewer.id, Comment.id.not_in(reported)).limit(count)
        ).all()
        for comment in other:
            reports.report_item(viewer, Subject.COMMENT, comment.id, "spam")

    _add_comments(pillar, writers, viewer.id, 10)
    own_and_reported(2)
    small = _queries(browser, path)
    html = browser.get(path).get_data(as_text=True)
    assert "Verwijderen" in html and "Melden" in html and 'aria-pressed="true"' in html

    _add_comments(pillar, writers, viewer.id, 490)
    own_and_reported(8)
    assert _queries(browser, path) == small <= MAX_QUERIES
