"""The discussion in pages of 20: "Meer reacties" (a plain link) shows the next ones, in every order."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import insert, select

from tests.conftest import counting_queries
from tests.participation_fixtures import SLUG
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment
from wijkstem.subjects import Subject

MORE = re.compile(r'<a class="[^"]*utrecht-link[^"]*" href="([^"]+)" rel="next">Meer reacties</a>')
SHOWN = re.compile(r"Reactie nummer (\d+)\b")


def _add_comments(pillar, author, count: int) -> None:
    start = utcnow() - timedelta(days=1)
    db.session.execute(
        insert(Comment),
        [
            {
                "subject_type": Subject.PILLAR,
                "subject_id": pillar.id,
                "author_id": author.id,
                "body": f"Reactie nummer {n}",
                # pairs share a moment, so the id has to break the tie
                "created_at": start + timedelta(minutes=n // 2),
                "helpful_count": n % 4,
            }
            for n in range(count)
        ],
    )
    db.session.commit()


def _follow_all(client, url: str) -> tuple[list[int], list[int]]:
    seen, queries = [], []
    while url:
        with counting_queries() as statements:
            html = client.get(url).get_data(as_text=True)
        queries.append(len(statements))
        seen += [int(n) for n in SHOWN.findall(html)]
        more = MORE.search(html)
        url = unescape(more[1]) if more else None
    return seen, queries


@pytest.mark.parametrize("sort", ["nieuw", "oud", "waardevol"])
def test_following_meer_reacties_shows_every_comment_once_in_order(client, make_user, pillar, sort):
    _add_comments(pillar, make_user(), 47)
    seen, queries = _follow_all(client, f"/manifest/{SLUG}?sorteer={sort}")
    ids = dict(db.session.execute(select(Comment.body, Comment.id)).tuples().all())
    rows = {int(body.split()[-1]): ids[body] for body in ids}
    expected = {
        "nieuw": sorted(rows, key=lambda n: (n // 2, rows[n]), reverse=True),
        "oud": sorted(rows, key=lambda n: (n // 2, rows[n])),
        "waardevol": sorted(rows, key=lambda n: (n % 4, n // 2, rows[n]), reverse=True),
    }[sort]
    assert seen == expected
    assert len(queries) == 3 and len(set(queries)) == 1  # pages of 20, each the same few queries


def test_a_later_page_links_back_to_the_first_and_keeps_the_filter(client, make_user, pillar):
    _add_comments(pillar, make_user(perspective="professional", perspective_role="gemeente"), 25)
    html = client.get(f"/manifest/{SLUG}?perspectief=professional").get_data(as_text=True)
    more = unescape(MORE.search(html)[1])
    assert "perspectief=professional" in more and more.endswith("#reacties")
    later = client.get(more).get_data(as_text=True)
    assert len(SHOWN.findall(later)) == 5 and not MORE.search(later)
    assert f'href="http://localhost/manifest/{SLUG}?perspectief=professional#reacties" rel="prev">Terug naar de eerste reacties' in later
