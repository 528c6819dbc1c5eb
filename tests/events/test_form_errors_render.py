"""Form errors come back as the page with its message, never as JSON."""

from __future__ import annotations

from events.services.catalogue.events import create_event
from events.tables import Partner
from tests.conftest import demo_event_values, post_form
from tests.events.helpers import field_errors
from tests.events.test_registration_flow import PERSON
from werkplaats.enums import Role


async def test_wrong_registerplein_number_on_the_personal_page_renders_the_page(client):
    slug = await create_event(demo_event_values(capacity=5))
    made = await post_form(client, f"/events/{slug}", PERSON, follow_redirects=False)
    token = made.headers["location"].removeprefix("/r/").removesuffix("#main")

    response = await post_form(
        client, f"/r/{token}", {**PERSON, "registerplein_number": "123456789"}
    )

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1" in response.text
    assert "registerplein_number" in field_errors(response.text)


async def test_emptied_partner_feed_renders_the_feed_page_with_the_message(client, login):
    await login(Role.ORGANISER)
    partner_id = (await Partner.insert(Partner(name="Gemeente Zaanstad")).returning(Partner.id))[0]
    form = {"partner": str(partner_id["id"]), "kinds": ["actualiteitencollege"]}
    made = await post_form(client, "/beheer/calendar-feeds/", form, follow_redirects=False)

    response = await post_form(client, made.headers["location"], {"partner": form["partner"]})

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert field_errors(response.text) == {
        "kinds": "Kies minstens één soort evenement of één thema."
    }
