"""The stencil a sent mailing is rendered from once per language gives each
recipient the mail the preview and the test send render for them."""

from __future__ import annotations

import html

import pytest

from events.services.catalogue.listing import get_event
from mailings.letters import personal_values, render_letter
from mailings.services.audience import Recipient
from mailings.services.mailings import create_mailing, get_mailing
from mailings.services.publications import publications_by_id
from mailings.stencil import make_stencil
from mailings.tables import Publication
from tests.mailings.helpers import a_publication, an_event

BODY = (
    "Beste {{ voornaam }} ({{ naam }}),\n\n"
    "Dank voor je komst naar **{{ evenement }}** op {{ datum }}.\n\n"
    "- [Je aanmelding]({{ persoonlijke_link }})\n"
    "- [Je bewijs]({{ certificaat_link }})\n"
    "- Evaluatie: {{ evaluatie_link }}"
)


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Fatima el Amrani", "nl"),
        ("Jan <de> Boer & *Zn* [1]", "nl"),
        ("Sanne O'Neill", "en"),
    ],
)
async def test_stencil_filled_is_the_letter_rendered_for_the_recipient(client, name, language):
    slug = await an_event()
    await a_publication(events=[slug])
    ids = [row["id"] for row in await Publication.select(Publication.id)]
    mailing_id = await create_mailing(
        {"subject": "Terugblik {{ voornaam }}: {{ evenement }}", "body": BODY, "event": slug,
         "who": "all", "publications": ids}
    )  # fmt: skip
    mailing = await get_mailing(mailing_id)
    event = await get_event(slug, include_drafts=True)
    publications = await publications_by_id(ids)
    recipient = Recipient("jan@example.nl", name, language, 7, "tok-en_1", "eval_2")

    direct = render_letter(mailing, recipient, event, publications)
    stencil = make_stencil(mailing, event, publications, language, unsubscribe=False)
    filled = stencil.filled(personal_values(recipient, for_event=True))

    assert filled.subject == direct.subject
    assert filled.body_text == direct.body_text
    assert html.unescape(filled.body_html) == html.unescape(direct.body_html)
    assert "wpm" not in filled.body_html + filled.body_text
