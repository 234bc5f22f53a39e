"""Issue 25, finding 8: the date of a council response lies between the day the manifesto was published
and today in the Netherlands; anything else gets a clear Dutch message beside the field, never a 500."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from tests.council_fixtures import council_member, place, publish
from wijkstem import clock
from wijkstem.extensions import db
from wijkstem.models import CouncilResponse
from wijkstem.services.council import council_responses

TEXT = "De raad nam de motie over de wijkaanpak aan."


def _post(client, day: str, path: str = "/gemeente/utrecht/raad/nieuw"):
    return client.post(path, data={"kind": "motion", "body": TEXT, "happened_on": day})


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2099-12-31", "Deze datum ligt in de toekomst. Vul de dag in waarop het gebeurde: vandaag of eerder."),
        ("1999-01-01", "Deze datum ligt vóór 15 november 2023, toen het manifest verscheen."),
        ("2023-11-14", "Vul een datum in vanaf 15 november 2023."),
        ("2099-13-45", "Vul een datum in, bijvoorbeeld 29-11-2026."),  # not a date at all
    ],
)
def test_a_date_outside_the_sane_range_is_refused_beside_the_field(client, login, day, message):
    login(council_member())
    response = _post(client, day)
    assert response.status_code == 200  # the form again, no 500 and no redirect
    page = response.get_data(as_text=True)
    assert "Controleer wat je hebt ingevuld" in page and 'href="#happened_on"' in page  # the summary links to the field
    beside = page.split('id="happened_on-error"')[1].split("</p>")[0]
    assert message in beside
    assert TEXT in page  # what the person typed stays
    assert db.session.scalar(select(CouncilResponse)) is None


def test_the_first_day_and_today_are_accepted(client, login):
    login(council_member())
    for day in (council_responses.FIRST_RESPONSE_DATE, clock.today_in_the_netherlands()):
        assert _post(client, day.isoformat()).status_code == 302
    assert len(db.session.scalars(select(CouncilResponse)).all()) == 2


def test_today_is_today_in_amsterdam(client, login, monkeypatch):
    """At 00:30 on New Year's Day in Amsterdam it is still 31 December in UTC: 1 January is today."""
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 12, 31, 23, 30))
    login(council_member())
    assert _post(client, "2027-01-02").status_code == 200
    assert _post(client, "2027-01-01").status_code == 302
    form = client.get("/gemeente/utrecht/raad/nieuw").get_data(as_text=True)
    assert 'value="2027-01-01"' in form and 'max="2027-01-01"' in form and 'min="2023-11-15"' in form


def test_an_edit_cannot_move_a_response_into_the_future(client, login):
    member = council_member()
    response = publish(member)
    login(member)
    refused = _post(client, "2099-12-31", f"/gemeente/utrecht/raad/{response.id}/bewerken")
    assert refused.status_code == 200 and "Deze datum ligt in de toekomst." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert response.happened_on == date(2026, 11, 20)


def test_the_service_refuses_too_so_no_other_way_in_gives_a_500(app):
    member = council_member()
    draft = council_responses.ResponseDraft(kind="response", body=TEXT, happened_on=date(2099, 12, 31))
    with pytest.raises(council_responses.ResponseDateOutOfRange):
        council_responses.publish_response(member, place(), draft)
    assert db.session.scalar(select(CouncilResponse)) is None
