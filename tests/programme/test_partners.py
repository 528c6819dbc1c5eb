"""The partner register: saving, refusing a domain of another partner, the review
queue of unmatched organisation names, linking, and merging."""

from __future__ import annotations

import pytest

from events.enums import EventKind
from events.tables import CalendarFeed, Partner
from programme.services.partner_links import (
    link_organisation,
    merge_partners,
    suggestions_for,
    unmatched_names,
)
from programme.services.partners import get_partner, save_partner
from programme.services.reach import reach_of_year
from programme.tables import OrganisationLink, PartnerDomain, PartnerViewLink
from tests.conftest import post_form
from tests.programme.helpers import add_attendee, add_event, add_partner, at
from werkplaats.enums import Role
from werkplaats.errors import FieldErrors

VELSEN = {
    "name": "Gemeente Velsen",
    "kind": "gemeente",
    "municipality": "Velsen",
    "region": "IJmond",
    "domains": "velsen.nl\n@www.Velsen.nl",
    "contacts": "Sanne de Vries, S.deVries@velsen.nl",
}


async def test_save_partner_keeps_profile_domains_and_contacts() -> None:
    partner_id = await save_partner(VELSEN)

    partner = await get_partner(partner_id)

    assert partner is not None
    assert (partner.name, partner.kind, partner.municipality, partner.region) == (
        "Gemeente Velsen",
        "gemeente",
        "Velsen",
        "IJmond",
    )
    assert partner.domains == ["velsen.nl"]
    assert [(c.name, c.email) for c in partner.contacts] == [
        ("Sanne de Vries", "s.devries@velsen.nl")
    ]


async def test_a_domain_of_another_partner_is_refused_on_its_field_and_nothing_saved() -> None:
    await save_partner(VELSEN)
    other = VELSEN | {"name": "Stichting Welzijn Velsen", "kind": "zorg_welzijn"}

    with pytest.raises(FieldErrors) as refused:
        await save_partner(other | {"domains": "welzijnvelsen.nl\nvelsen.nl"})

    assert refused.value.errors == {"domains": "velsen.nl hoort al bij Gemeente Velsen"}
    assert await Partner.count().where(Partner.name == "Stichting Welzijn Velsen") == 0
    assert await PartnerDomain.count().where(PartnerDomain.domain == "welzijnvelsen.nl") == 0


async def test_bad_domain_contact_and_duplicate_name_are_field_errors() -> None:
    await save_partner(VELSEN)

    with pytest.raises(FieldErrors) as refused:
        await save_partner(VELSEN | {"domains": "velsen", "contacts": "Sanne zonder adres"})

    assert set(refused.value.errors) == {"name", "domains", "contacts"}


async def test_partner_form_refuses_a_taken_domain_in_dutch(client, login) -> None:
    await save_partner(VELSEN)
    await login(Role.ORGANISER)
    form = VELSEN | {"name": "Welzijn Velsen", "kind": "zorg_welzijn", "domains": "velsen.nl"}

    page = await post_form(client, "/beheer/partners/nieuw", form)

    assert page.status_code == 400
    assert "velsen.nl hoort al bij Gemeente Velsen" in page.text
    assert 'id="domains-error"' in page.text
    assert await Partner.count() == 1


async def test_partner_list_searches_and_exports_csv(client, login) -> None:
    await save_partner(VELSEN)
    texel = {"name": "Gemeente Texel", "municipality": "Texel", "region": "K4"}
    await save_partner(VELSEN | texel | {"domains": "texel.nl", "contacts": ""})
    await login(Role.ORGANISER)

    found = await client.get("/beheer/partners/?q=k4")
    export = await client.get("/beheer/partners/partners.csv")

    assert "Gemeente Texel" in found.text and "Gemeente Velsen" not in found.text
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Naam;Soort;Gemeente;Regio;E-maildomeinen;Contactpersonen"
    assert (
        lines[2]
        == "Gemeente Velsen;Gemeente;Velsen;IJmond;velsen.nl;Sanne de Vries <s.devries@velsen.nl>"
    )


async def _unmatched_year() -> int:
    partner = await add_partner("Stichting Socius", "zorg_welzijn", "socius.nl", "Haarlem")
    event = await add_event("regio-2022", EventKind.REGIONALE_BIJEENKOMST, at(2022, 3, 8))
    await add_attendee(event, "a@socius.nl", organisation="Socius")
    await add_attendee(event, "b@gmail.example", organisation="Stichting  Socius ")
    await add_attendee(event, "c@hotmail.example", organisation="stichting socius")
    await add_attendee(event, "d@mail.example", organisation="Buurtteam Noord")
    return partner


async def test_review_queue_holds_unmatched_names_with_suggestions() -> None:
    partner = await _unmatched_year()

    queue = await unmatched_names()

    assert [(item.key, item.registrations) for item in queue] == [
        ("stichting socius", 2),
        ("buurtteam noord", 1),
    ]
    assert queue[0].suggestions[0].partner_id == partner
    assert queue[0].suggestions[0].score == 100
    assert queue[1].suggestions == []


def test_suggestions_rank_similar_names_first() -> None:
    partners = {1: "Gemeente Velsen", 2: "Gemeente Heemskerk", 3: "Socius"}

    found = suggestions_for("gemeente velzen", partners)

    assert [s.partner_id for s in found][:1] == [1]
    assert 3 not in [s.partner_id for s in found]


async def test_linking_a_name_counts_its_registrations_for_the_partner(client, login) -> None:
    partner = await _unmatched_year()
    before = await reach_of_year(2022)
    await login(Role.ORGANISER)

    page = await post_form(
        client, "/beheer/partners/te-koppelen/", {"name": "Stichting Socius", "partner": partner}
    )
    after = await reach_of_year(2022)

    assert page.status_code == 200
    assert '<th scope="row">Stichting Socius</th>' not in page.text
    assert '<th scope="row">Buurtteam Noord</th>' in page.text
    assert before.by_partner == [("Stichting Socius", 1)]
    assert after.by_partner == [("Stichting Socius", 3)]
    assert after.by_municipality[0] == ("Haarlem", 3)
    assert [item.key for item in await unmatched_names()] == ["buurtteam noord"]


async def test_a_name_linked_to_another_partner_is_refused() -> None:
    first = await add_partner("Stichting Socius", "zorg_welzijn", "socius.nl", "Haarlem")
    second = await add_partner("Socius Kennemerland", "zorg_welzijn", "sk.nl", "Haarlem")
    await link_organisation("Socius", first)

    with pytest.raises(FieldErrors) as refused:
        await link_organisation("socius ", second)

    assert refused.value.errors == {"name": "Deze naam is al gekoppeld aan Stichting Socius."}
    assert await OrganisationLink.count() == 1


async def test_merge_moves_domains_links_and_feeds_and_removes_the_other() -> None:
    keep = await add_partner("Gemeente Velsen", "gemeente", "velsen.nl", "Velsen")
    gone = await add_partner("Gem. Velsen", "gemeente", "velsen.example", "Velsen")
    await link_organisation("Gemeente Velsen IJmuiden", gone)
    await CalendarFeed.insert(CalendarFeed(token="t" * 43, kind="partner", partner=gone))

    await merge_partners(keep, gone)

    partner = await get_partner(keep)
    assert partner is not None and partner.domains == ["velsen.example", "velsen.nl"]
    assert await Partner.count().where(Partner.id == gone) == 0
    links = await OrganisationLink.select(OrganisationLink.name_key, OrganisationLink.partner)
    assert sorted((row["name_key"], row["partner"]) for row in links) == [
        ("gem velsen", keep),
        ("gemeente velsen ijmuiden", keep),
    ]
    assert await CalendarFeed.count().where(CalendarFeed.partner == keep) == 1


async def test_merge_is_refused_naming_the_links_it_would_lose() -> None:
    keep = await add_partner("Gemeente Velsen", "gemeente", "velsen.nl", "Velsen")
    gone = await add_partner("Gemeente Beverwijk", "gemeente", "beverwijk.nl", "Beverwijk")
    await PartnerViewLink.insert(
        PartnerViewLink(partner=gone, label="Team opleidingen", token_hash="h" * 64)
    )

    with pytest.raises(FieldErrors) as refused:
        await merge_partners(keep, gone)

    message = refused.value.errors["other"]
    assert "Team opleidingen" in message
    assert "Beverwijk" in message and "Velsen" in message
    assert await Partner.count() == 2
    assert await PartnerDomain.count().where(PartnerDomain.partner == gone) == 1


async def test_merge_refusal_shows_on_the_form_in_dutch(client, login) -> None:
    keep = await add_partner("Gemeente Velsen", "gemeente", "velsen.nl", "Velsen")
    gone = await add_partner("Gemeente Beverwijk", "gemeente", "beverwijk.nl", "Beverwijk")
    await login(Role.ORGANISER)

    page = await post_form(client, f"/beheer/partners/{keep}/samenvoegen", {"other": gone})

    assert page.status_code == 400
    assert "Gemeente Velsen ligt in Velsen en Gemeente Beverwijk in Beverwijk" in page.text
    assert await Partner.count() == 2


async def test_partner_pages_need_an_organiser(client, login) -> None:
    await login(Role.CHECKIN)

    page = await client.get("/beheer/partners/")

    assert page.status_code == 403
