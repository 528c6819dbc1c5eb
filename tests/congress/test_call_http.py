"""The call form, the speaker's page and the abstracts API over HTTP."""

from __future__ import annotations

import datetime as dt
import re

from congress.enums import AbstractState
from congress.services.abstracts import abstract_by_token
from congress.tables import Abstract, CallForAbstracts
from tests.conftest import post_form
from tests.congress.helpers import api_abstract, call_form, make_congress
from tests.events.helpers import field_errors
from werkplaats.tables import OutgoingMail


async def test_call_form_sends_an_abstract_and_shows_the_speakers_page(client):
    slug, _call = await make_congress()

    response = await post_form(client, f"/events/{slug}/oproep", call_form())

    assert response.status_code == 200
    token = re.search(r"/s/([\w-]+)", str(response.url)).group(1)
    assert "Reflecteren in het wijkteam" in response.text
    assert "Ingediend, wacht op beoordeling" in response.text
    assert (await abstract_by_token(token)).contact.email == "noor@inholland.example"


async def test_call_form_refuses_a_co_author_without_organisation_beside_that_field(client):
    slug, _call = await make_congress()

    response = await post_form(
        client, f"/events/{slug}/oproep", call_form(**{"co_authors.0.organisation": ""})
    )

    assert response.status_code == 400
    assert list(field_errors(response.text)) == ["co_authors.0.organisation"]
    assert 'value="Bas Jansen"' in response.text  # what was typed stays
    assert await Abstract.count() == 0


async def test_call_form_after_the_deadline_says_closed_and_writes_nothing(client):
    slug, call_id = await make_congress()
    page = await client.get(f"/events/{slug}/oproep")
    await CallForAbstracts.update({CallForAbstracts.closes_at: dt.datetime.now(dt.UTC)}).where(
        CallForAbstracts.id == call_id
    )

    response = await post_form(client, f"/events/{slug}/oproep", call_form())

    assert 'name="speakers.0.name"' in page.text
    assert response.status_code == 409
    assert "De oproep is gesloten op" in response.text
    assert await Abstract.count() == 0


async def test_event_page_links_to_the_open_call(client):
    slug, _call = await make_congress()

    page = await client.get(f"/events/{slug}")

    assert f'href="/events/{slug}/oproep"' in page.text


async def test_speaker_changes_and_withdraws_on_the_personal_page(client):
    slug, _call = await make_congress()
    await post_form(client, f"/events/{slug}/oproep", call_form())
    token = (await Abstract.select(Abstract.token).first())["token"]

    changed = await post_form(client, f"/s/{token}", call_form(title="Reflecteren met de kaart"))
    withdrawn = await post_form(client, f"/s/{token}/intrekken", {})

    assert "Reflecteren met de kaart" in changed.text
    assert "Ingetrokken" in withdrawn.text
    assert (await abstract_by_token(token)).state is AbstractState.WITHDRAWN


async def test_unknown_speaker_token_is_a_plain_404(client):
    response = await client.get("/s/not-a-token")

    assert response.status_code == 404


async def test_api_submits_an_abstract_and_mails_the_link(client):
    slug, _call = await make_congress()

    response = await client.post(f"/api/v1/events/{slug}/abstracts", json=api_abstract())

    assert response.status_code == 201
    assert response.json()["state"] == "submitted"
    assert "token" not in response.text
    row = await OutgoingMail.select(OutgoingMail.to_address).first()
    assert row["to_address"] == "fatma@mee.example"


async def test_api_refuses_bad_fields_one_by_one_in_english(client):
    slug, _call = await make_congress(word_limit=3)
    body = api_abstract(
        abstract="one two three four",
        co_authors=[{"name": "Iris Kok", "email": "iris@adsysco.example"}],
    )

    response = await client.post(f"/api/v1/events/{slug}/abstracts?lang=en", json=body)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "abstract": "The abstract has 4 words; at most 3 are allowed.",
        "co_authors.0.organisation": "Enter the organisation (a resident or student without "
        "one: write 'inwoner' or 'student').",
    }
    assert await Abstract.count() == 0


async def test_api_after_the_deadline_is_a_409(client):
    slug, _call = await make_congress(opens=dt.timedelta(days=-9), closes=dt.timedelta(days=-1))

    response = await client.post(f"/api/v1/events/{slug}/abstracts", json=api_abstract())

    assert response.status_code == 409
    assert "gesloten" in response.json()["message"]


async def test_api_unknown_field_and_unknown_event(client):
    slug, _call = await make_congress()

    unknown_field = await client.post(
        f"/api/v1/events/{slug}/abstracts", json=api_abstract(keynote=True)
    )
    unknown_event = await client.post("/api/v1/events/nergens/abstracts", json=api_abstract())

    assert unknown_field.status_code == 422
    assert unknown_field.json()["errors"] == {"keynote": "Dit veld is onbekend."}
    assert unknown_event.status_code == 404
