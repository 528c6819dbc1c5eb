"""`GET /health` for monitoring and the OpenAPI schema of the JSON API."""

from __future__ import annotations

from werkplaats.settings import get_settings


async def test_health_reports_database_engine_and_broker(client):
    settings = get_settings()

    response = await client.get("/health")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        "status": "ok",
        "database": {"ok": True, "engine": "sqlite" if settings.uses_sqlite else "postgres"},
        "queue": {
            "ok": True,
            "broker": "RedisBroker" if settings.broker_url else "StubBroker",
            "in_process_worker": True,
        },
    }


async def test_openapi_schema_lists_the_api_and_not_the_pages(client):
    response = await client.get("/schema/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"] == {"title": "Werkplaats API", "version": "1.0.0"}
    assert "/health" in schema["paths"]
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/events"])
    assert not [
        path
        for path in schema["paths"]
        if path.startswith(("/login", "/beheer", "/taal", "/static"))
    ]
