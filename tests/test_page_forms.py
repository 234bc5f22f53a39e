"""A form with mistakes comes back on the page it was sent from: only pages that say they can show a
sent form (`@shows_sent_forms`) are rendered again, and every page a comment or endorsement is sent
from is one of them."""

from __future__ import annotations

from wijkstem.subjects import Subject
from wijkstem.web.page_forms import PAGES_SHOWING_SENT_FORMS


def test_every_page_with_a_comment_or_endorse_form_shows_sent_forms_again(app):
    assert set(PAGES_SHOWING_SENT_FORMS) == {"pillars.pillar", "experiences.show"}
    for endpoint in PAGES_SHOWING_SENT_FORMS:
        assert endpoint in app.view_functions  # the name matches the real route
    commentable = [s for s in Subject if s.is_commentable]
    assert commentable == [Subject.PILLAR, Subject.EXPERIENCE]
