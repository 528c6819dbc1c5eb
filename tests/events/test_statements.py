"""/privacy says what the settings in force do; /toegankelijkheid gives the date and
method of the last check; the registration form links the privacy statement."""

from __future__ import annotations

import html

from events.services.catalogue.events import create_event
from events.services.privacy.statement import LAST_CHECK
from tests.conftest import demo_event_values
from werkplaats.i18n import format_day, language


async def test_privacy_statement_names_the_retention_periods_in_force(client):
    await create_event(demo_event_values(title="Leeratelier armoede"))
    await create_event(demo_event_values(title="Congres", retention_months=24))

    page = html.unescape((await client.get("/privacy")).text)

    assert "<h1>Privacyverklaring</h1>" in page
    assert "12 maanden na het evenement (1 evenement)" in page
    assert "24 maanden na het evenement (1 evenement)" in page
    assert "Verwijderd op de dag na het evenement" in page
    assert "de mails staan als bestanden op onze eigen server" in page
    assert "Verwerkingsregister" in page


async def test_privacy_statement_in_english(client):
    page = (await client.get("/privacy?lang=en")).text

    assert "<h1>Privacy statement</h1>" in page
    assert "Processing register" in page


async def test_accessibility_statement_gives_the_date_and_method_of_the_last_check(client):
    page = (await client.get("/toegankelijkheid")).text

    with language("nl"):
        day = format_day(LAST_CHECK)
    assert "<h1>Toegankelijkheidsverklaring</h1>" in page
    assert f"<dt>Laatste toets</dt><dd>{day}</dd>" in page
    assert "axe-core in Chromium" in page and "alleen met het toetsenbord" in page


async def test_registration_form_and_every_footer_link_the_statements(client):
    slug = await create_event(demo_event_values())

    page = (await client.get(f"/events/{slug}")).text

    consent = page[page.index('id="privacy_consent-hint"') :][:400]
    assert '<a id="privacy-link" href="/privacy">Lees de privacyverklaring</a>' in consent
    assert '<a href="/toegankelijkheid">Toegankelijkheidsverklaring</a>' in page
