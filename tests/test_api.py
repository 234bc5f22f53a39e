from __future__ import annotations

from tests.participation_fixtures import SLUG
from wijkstem.clock import utcnow
from wijkstem.services.discussion import comments
from wijkstem.services.endorsements import endorsements
from wijkstem.subjects import Subject


def test_pillars_in_order_with_counts(client, make_user, pillar):
    writer = make_user(email="geheim@example.org")
    endorsements.endorse_pillar(writer, pillar)
    endorsements.endorse_pillar(make_user(perspective="professional", verified_at=utcnow()), pillar)
    comments.post_comment(writer, Subject.PILLAR, pillar.id, "Een reactie", pillar.points[0])
    response = client.get("/api/v1/pillars")
    assert response.status_code == 200 and response.is_json
    data = response.json
    assert [p["position"] for p in data["pillars"]] == [1, 2, 3]
    first = data["pillars"][0]
    assert first == {
        "slug": SLUG,
        "position": 1,
        "title": pillar.title,
        "url": f"http://localhost/manifest/{SLUG}",
        "endorsements": {"total": 2, "resident": 1, "professional": 1, "politician": 0, "verified": 1},
        "comments": 1,
        "organisations": 0,  # counted apart from people (issue 27)
    }
    assert data["pillars"][1]["endorsements"]["total"] == 0
    assert "geheim@example.org" not in response.get_data(as_text=True)


def test_one_pillar_with_points(client, make_user, pillar):
    comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Over punt twee", pillar.points[1])
    data = client.get(f"/api/v1/pillars/{SLUG}").json
    assert set(data) == {
        "slug",
        "position",
        "title",
        "url",
        "endorsements",
        "comments",
        "organisations",
        "points",
    }
    assert data["comments"] == 1
    assert data["points"][0] == {"position": 1, "text": pillar.points[0].text, "comments": 0}
    assert data["points"][1]["comments"] == 1


def test_unknown_pillar_is_404(client):
    assert client.get("/api/v1/pillars/bestaat-niet").status_code == 404
