"""The catalogue of publications: its rules, its pages, its feeds and its API."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest

from mailings.services.publications import get_publication, list_publications, save_publication
from tests.conftest import post_form
from tests.mailings.helpers import a_publication, a_theme, an_event
from werkplaats.enums import Role
from werkplaats.errors import FieldErrors


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://example.org/x",
        "/publicaties/k4",
        "https://",
        "https://example.org/a\nb",
    ],
)
async def test_publication_url_other_than_http_is_refused(url):
    with pytest.raises(FieldErrors) as refused:
        await a_publication(url=url)

    assert set(refused.value.errors) == {"url"}
    assert await list_publications() == []


async def test_publication_with_themes_and_events_is_saved_together():
    theme = await a_theme()
    event = await an_event()

    slug = await a_publication(themes=[theme], events=[event])

    publication = await get_publication(slug)
    assert publication is not None
    assert publication.slug == "handreiking-integraal-en-wijkgericht-werken-in-de-k4"
    assert [t["slug"] for t in publication.themes] == [theme]
    assert [e["slug"] for e in publication.events] == [event]
    assert publication.author_names == ["Leertraject K4", "Hogeschool Inholland"]


async def test_publication_with_unknown_theme_writes_nothing():
    with pytest.raises(FieldErrors) as refused:
        await a_publication(themes=["bestaat-niet"], kind="film")

    assert set(refused.value.errors) == {"themes", "kind"}
    assert await list_publications() == []


async def test_publication_slug_taken_twice_is_refused():
    await a_publication()

    with pytest.raises(FieldErrors) as refused:
        await a_publication(url="https://werkplaats.example.org/other")

    assert set(refused.value.errors) == {"slug"}
    assert len(await list_publications()) == 1


async def test_publication_change_replaces_its_themes():
    first, second = await a_theme("Inclusieve wijk"), await a_theme("Blended hulpverlening")
    slug = await a_publication(themes=[first])
    publication = await get_publication(slug)
    assert publication is not None

    await save_publication(
        {"title": publication.title, "kind": "rapport", "url": publication.url, "themes": [second]},
        publication_id=publication.id,
    )

    changed = await get_publication(slug)
    assert changed is not None
    assert (changed.kind.value, [t["slug"] for t in changed.themes]) == ("rapport", [second])


async def test_publication_list_filters_by_kind_theme_year_and_search():
    theme = await a_theme()
    await a_publication(title="Column over reflectie", kind="column", themes=[theme])
    await a_publication(title="Rapport toegang", kind="rapport", published_on=dt.date(2025, 3, 1))
    await a_publication(title="Blog uit de wijk", kind="blog", summary="Over Schalkwijk")

    def titles(items):
        return sorted(p.title for p in items)

    assert titles(await list_publications(theme=theme)) == ["Column over reflectie"]
    assert titles(await list_publications(year=2025)) == ["Rapport toegang"]
    assert titles(await list_publications(search="schalkwijk")) == ["Blog uit de wijk"]


async def test_publicaties_page_filters_and_links_each_publication(client):
    theme = await a_theme()
    await a_publication(title="Column over reflectie", kind="column", themes=[theme])
    await a_publication(title="Rapport toegang", kind="rapport")

    response = await client.get(f"/publicaties?kind=column&theme={theme}&year=2026")

    assert response.status_code == 200
    assert "Column over reflectie" in response.text
    assert "Rapport toegang" not in response.text
    assert 'href="/publicaties/column-over-reflectie"' in response.text
    assert '<option value="column" selected>' in response.text


async def test_publication_page_links_out_and_to_its_event(client):
    event = await an_event()
    slug = await a_publication(events=[event])

    response = await client.get(f"/publicaties/{slug}")

    assert response.status_code == 200
    assert 'href="https://werkplaats.example.org/k4.pdf"' in response.text
    assert f'href="/events/{event}"' in response.text
    assert (await client.get("/publicaties/bestaat-niet")).status_code == 404


async def test_event_page_shows_its_publications(client):
    event = await an_event()
    other = await an_event(title="Een andere bijeenkomst")
    await a_publication(events=[event])
    await a_publication(title="Niet van deze", url="https://example.org/x", events=[other])

    page = (await client.get(f"/events/{event}")).text

    assert 'id="publications"' in page
    assert "Handreiking integraal en wijkgericht werken in de K4" in page
    assert "Niet van deze" not in page


async def test_atom_feed_reads_in_an_independent_parser(client):
    theme = await a_theme()
    await a_publication(themes=[theme])
    await a_publication(title="Blog <b>&</b> meer", kind="blog", url="https://example.org/b")

    response = await client.get("/publicaties.atom")

    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert sorted(e.title for e in feed.entries) == [
        "Blog <b>&</b> meer",
        "Handreiking integraal en wijkgericht werken in de K4",
    ]
    guide = next(e for e in feed.entries if e.title.startswith("Handreiking"))
    assert guide.link == "https://werkplaats.example.org/k4.pdf"
    assert guide.id.startswith("tag:testserver.local,")
    assert {t.term for t in guide.tags} == {"handreiking", theme}
    assert [a.name for a in guide.authors] == ["Leertraject K4", "Hogeschool Inholland"]
    assert guide.published_parsed[:3] == (2026, 6, 15)


async def test_atom_feed_per_theme_has_only_that_theme(client):
    theme = await a_theme()
    await a_publication(themes=[theme])
    await a_publication(title="Zonder thema", url="https://example.org/z")

    feed = feedparser.parse((await client.get(f"/publicaties/thema/{theme}.atom")).content)

    assert feed.bozo == 0
    assert [e.title for e in feed.entries] == [
        "Handreiking integraal en wijkgericht werken in de K4"
    ]
    assert (await client.get("/publicaties/thema/bestaat-niet.atom")).status_code == 404


async def test_backoffice_creates_publication_and_rerenders_errors(client, login):
    await login(Role.ORGANISER)
    theme = await a_theme()
    form = {"title": "Blog: de wijk", "kind": "blog", "url": "javascript:alert(1)"}

    refused = await post_form(client, "/beheer/publicaties/new", form)
    saved = await post_form(
        client,
        "/beheer/publicaties/new",
        form | {"url": "https://example.org/wijk", "themes": theme},
        follow_redirects=False,
    )

    assert refused.status_code == 400
    assert "http:// of https://" in refused.text or "http:// or https://" in refused.text
    assert 'value="Blog: de wijk"' in refused.text
    assert saved.status_code in (302, 303)
    publication = await get_publication("blog-de-wijk")
    assert publication is not None and [t["slug"] for t in publication.themes] == [theme]


async def test_backoffice_publications_need_an_organiser(client, login):
    await login(Role.CHECKIN)

    response = await client.get("/beheer/publicaties/", follow_redirects=False)

    assert response.status_code in (302, 303, 401, 403)


async def test_api_creates_and_lists_publications(client, api_headers):
    headers = await api_headers(Role.ORGANISER)
    event = await an_event()
    body = {
        "title": "Video: het actualiteitencollege",
        "kind": "video",
        "url": "https://video.example.org/college",
        "published_on": "2026-12-10",
        "events": [event],
    }

    created = await client.post("/api/v1/publications", json=body, headers=headers)
    bad = await client.post(
        "/api/v1/publications", json=body | {"url": "data:x", "slug": "x2"}, headers=headers
    )
    anonymous = await client.post("/api/v1/publications", json=body)
    listed = await client.get("/api/v1/publications?kind=video")

    assert created.status_code == 201, created.text
    assert created.json()["events"] == [event]
    assert created.json()["page_url"].endswith("/publicaties/video-het-actualiteitencollege")
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"url"}
    assert anonymous.status_code == 401
    assert [p["title"] for p in listed.json()] == ["Video: het actualiteitencollege"]
