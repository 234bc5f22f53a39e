"""Issue 14: no open data answer ever holds an e-mail address, a pending or hidden item, or a name
its owner chose not to show. Walks every path in the OpenAPI document and every download."""

from __future__ import annotations

from tests.experience_builders import make_experience
from tests.insight_fixtures import pillar_at
from wijkstem.extensions import db
from wijkstem.services.discussion import comments
from wijkstem.services.endorsements.endorsements import endorse_pillar
from wijkstem.services.moderation import content_visibility
from wijkstem.subjects import Subject

EXAMPLES = {"{slug}": ("bewoners-leidend", "lange-termijn", "maak-het-mogelijk"), "{code}": ("GM0344", "GM0363")}
QUERIES = ("", "?municipality=GM0344", "?page=2&per_page=200", "?q=verhaal", "?province=Utrecht")
DOWNLOADS = (
    "/cijfers/gemeente/utrecht/cijfers.csv",
    "/cijfers/gemeente/utrecht/cijfers.json",
    "/cijfers/gemeente/utrecht/ervaringen.csv",
    "/cijfers/gemeente/utrecht/ervaringen.json",
    "/cijfers",
    "/cijfers/gemeente/utrecht",
    "/cijfers/moderatie",
)


def _paths(client) -> list[str]:
    document = client.get("/api/v1/openapi.json").json
    paths = []
    for template in document["paths"]:
        concrete = [template]
        for placeholder, values in EXAMPLES.items():
            concrete = [p.replace(placeholder, v) for p in concrete for v in (values if placeholder in p else (None,))
                        if v is not None] or [p for p in concrete if placeholder not in p]
        paths += [p + q for p in concrete for q in QUERIES]
    return paths


def test_no_answer_leaks_an_address_a_hidden_name_or_a_pending_or_hidden_item(client, make_user):
    moderator = make_user(role="moderator", email="moderator@example.org", display_name="Moderator Mo")
    shy = make_user(email="gerda@example.org", display_name="Geheime Gerda", show_name=False,
                    perspective="professional", perspective_role="gemeente")
    endorse_pillar(shy, pillar_at(1), "Mijn motivatie is privé")
    make_experience(shy, moderator, title="Open verhaal over de buurt")
    make_experience(make_user(), moderator, title="Wachtend verhaal", approve=False)
    hidden = make_experience(make_user(), moderator, title="Verborgen verhaal")
    content_visibility.hide(Subject.EXPERIENCE, hidden.id, content_visibility.BY_MODERATOR)
    db.session.commit()
    comments.post_comment(shy, Subject.PILLAR, pillar_at(1).id, "Een reactie van Gerda", pillar_at(1).points[0])

    paths = _paths(client) + list(DOWNLOADS)
    assert len(paths) > 30
    seen_open_story = False
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 400, 404), path
        text = response.get_data(as_text=True)
        for secret in ("@example.org", "Geheime Gerda", "Wachtend verhaal", "Verborgen verhaal",
                       "Moderator Mo", "privé", "Een reactie van Gerda"):
            assert secret not in text, (path, secret)
        seen_open_story = seen_open_story or "Open verhaal over de buurt" in text
    assert seen_open_story  # the approved story itself is public, only its author's name is not
