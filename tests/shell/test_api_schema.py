"""The OpenAPI schema tells partners every answer the API gives (issue 13): the error
answers of every operation with our error body, bodies that refuse unknown fields
say so, ids within what every JSON client reads exactly, and a 405 lists the methods."""

from __future__ import annotations

from werkplaats.params import MAX_ID


async def _schema(client) -> dict:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    return response.json()


async def test_every_api_operation_documents_its_errors_with_our_error_body(client):
    schema = await _schema(client)

    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["message"]
    for path, item in schema["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in item.items():
            responses = operation["responses"]
            assert "400" in responses, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            body = responses["400"]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/Error"}, (method, path)


async def test_guarded_operations_document_401_and_403(client):
    paths = (await _schema(client))["paths"]

    create = paths["/api/v1/events"]["post"]["responses"]
    assert {"401", "403", "422"} <= set(create)
    register = paths["/api/v1/events/{slug}/registrations"]["post"]["responses"]
    assert "429" in register and "401" not in register  # public, but rate limited
    assert register["429"]["headers"]["Retry-After"]["schema"]["type"] == "integer"


async def test_bodies_that_refuse_unknown_fields_say_so(client):
    schemas = (await _schema(client))["components"]["schemas"]

    for name in ("EventCreate", "RegistrationCreate", "CheckinRequest", "BadgeBatchCreate"):
        assert schemas[name]["additionalProperties"] is False, name


async def test_ids_are_bounded_by_what_a_json_client_reads_exactly(client):
    paths = (await _schema(client))["paths"]

    [parameter] = paths["/api/v1/jobs/{job_id}"]["get"]["parameters"]
    assert parameter["schema"]["maximum"] == MAX_ID == 2**31 - 1  # PostgreSQL's serial


async def test_a_method_the_route_does_not_have_gets_405_with_allow(client):
    response = await client.request("TRACE", "/health")

    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET"}


async def test_options_lists_every_method_of_the_path(client):
    events = await client.options("/api/v1/events")
    one = await client.options("/api/v1/events/iets")

    assert events.status_code == 204
    assert set(events.headers["allow"].replace(" ", "").split(",")) == {"GET", "POST", "OPTIONS"}
    assert set(one.headers["allow"].replace(" ", "").split(",")) == {"GET", "PATCH", "OPTIONS"}
