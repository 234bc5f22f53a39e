"""A moderator's own items: greyed out with the reason, never tickable; alone, they see why it waits."""

from __future__ import annotations

from tests.moderation_fixtures import make_request, sign_in


def test_own_item_has_no_checkbox_and_says_why_it_waits(client, make_user):
    alone = make_user(role="moderator", perspective="politician", perspective_role="raadslid")
    request = make_request(alone)
    sign_in(client, alone)
    html = client.get("/moderatie/verificatie").get_data(as_text=True)
    assert 'class="queue-item queue-item--own"' in html
    assert f'id="select-{request.id}"' not in html
    assert "Je eigen bijdrage: je kunt hem niet aanvinken." in html
    assert "Er is nu geen andere moderator of beheerder, dus dit blijft wachten." in html


def test_with_a_second_moderator_the_item_says_who_can_decide(client, make_user):
    own = make_user(role="moderator", perspective="politician", perspective_role="raadslid")
    make_user(role="moderator")
    other = make_user(perspective="professional", perspective_role="gemeente")
    make_request(own)
    other_request = make_request(other)
    sign_in(client, own)
    html = client.get("/moderatie/verificatie").get_data(as_text=True)
    assert "Er is 1 andere moderator of beheerder die dit kan doen." in html
    assert f'id="select-{other_request.id}"' in html


def test_selecting_only_own_items_never_says_zero_done(client, make_user):
    own = make_user(role="moderator", perspective="politician", perspective_role="raadslid")
    request = make_request(own)
    sign_in(client, own)
    html = client.post(
        "/moderatie/verificatie/selectie", data={"action": "approve", "ids": [request.id]}, follow_redirects=True
    ).get_data(as_text=True)
    assert "0 items afgehandeld" not in html and "beslist een andere moderator" in html
