"""API and page parameters out of range: 422 (API) or 400 (pages) naming the parameter, never 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from doingoai.api.api import api
from doingoai.api.services import token_create
from doingoai.web.wsgi import application

HUGE = "99999999999999999999"
API_CASES = [
    ("/api/search?q=ha+noi&offset=-1", "offset"),
    (f"/api/search?q=ha+noi&offset={HUGE}", "offset"),
    ("/api/search?q=ha+noi&limit=0", "limit"),
    (f"/api/organizations?offset={HUGE}", "offset"),
    (f"/api/documents?limit={HUGE}", "limit"),
    ("/api/documents?limit=100000000", "limit"),
    ("/api/documents?offset=-1", "offset"),
    ("/api/events?limit=101", "limit"),
    ("/api/tasks?limit=101", "limit"),
    ("/api/tasks?q=ha%00noi", "q"),
    (f"/api/tasks?unit_id={HUGE}", "unit_id"),
    (f"/api/tasks/{HUGE}", "task_id"),
    (f"/api/tasks/{HUGE}/reports", "task_id"),
    (f"/api/tasks?offset={HUGE}", "offset"),
    ("/api/reporting/assignments?limit=101", "limit"),
    ("/api/reporting/assignments?limit=100000000", "limit"),
    ("/api/documents?limit=abc", "limit"),
    ("/api/documents?date_from=2025-13-45", "date_from"),
    ("/api/documents?q=ha%00noi", "q"),
    ("/api/organizations?kind=%00", "kind"),
    ("/api/search?q=ha%00noi", "q"),
    (f"/api/documents/{HUGE}", "document_id"),
    ("/api/documents/0", "document_id"),
    (f"/api/events/{HUGE}", "event_id"),
    (f"/api/organizations/{HUGE}", "organization_id"),
]
PAGE_CASES = [
    ("/vien-tro/?year=10000", "year"),
    (f"/vien-tro/?year={HUGE}", "year"),
    ("/vien-tro/?year=1899", "year"),
    (f"/vien-tro/giao-dich/?partner={HUGE}", "partner"),
    (f"/vien-tro/giao-dich/?project={HUGE}", "project"),
    (f"/vien-tro/giao-dich/?programme={HUGE}", "programme"),
    (f"/vien-tro/giao-dich/?year={HUGE}", "year"),
    ("/vien-tro/giao-dich/?year=10000&format=xlsx", "year"),
    (f"/vien-tro/doi-chieu/?year={HUGE}", "year"),
    (f"/vien-tro/du-an/?programme={HUGE}", "programme"),
    (f"/vien-tro/iati.xml?programme={HUGE}", "programme"),
]


@pytest.fixture
def token(make_user: Any, units: Any) -> str:
    user = make_user("editor", units.quang_tri)
    _token, secret = token_create(actor=user, user=user, name="hostile")
    return secret


@pytest.mark.parametrize(("url", "field"), API_CASES)
def test_api_number_out_of_range_is_422_naming_the_parameter(
    token: str, client: Any, url: str, field: str
) -> None:
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422, response.content
    messages = [item["msg"] for item in response.json()["detail"]]
    assert any(f"“{field}”" in message for message in messages), messages


def test_api_page_size_is_bounded_and_documented(token: str, client: Any, units: Any) -> None:
    response = client.get("/api/organizations?limit=100", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    schema = client.get("/api/openapi.json").json()
    limit = next(p for p in schema["paths"]["/api/documents"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 100


def test_openapi_schema_lists_the_error_responses(client: Any, db: None) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"200", "401", "422"} <= set(paths["/api/documents"]["get"]["responses"])
    assert {"200", "401", "403", "404", "422"} <= set(
        paths["/api/documents/{document_id}"]["get"]["responses"]
    )
    assert {"204", "401", "403", "404", "422"} <= set(
        paths["/api/documents/{document_id}"]["delete"]["responses"]
    )


@pytest.mark.parametrize(("url", "field"), PAGE_CASES)
def test_page_parameter_out_of_range_is_a_400_page_naming_it(
    project_factory: Any, make_user: Any, client_for: Any, url: str, field: str
) -> None:
    project_factory("XX-P-1")
    response = client_for(make_user("coordinator", None)).get(url)
    assert response.status_code == 400
    assert f"Tham số “{field}”" in response.content.decode()


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """Keep the test's database connection across WSGI requests, as Django's test client does.

    Outside the test client each request ends by closing connections that are not in autocommit,
    which on PostgreSQL is the test's own transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
SCHEMA.app = application


@pytest.mark.django_db
@SCHEMA.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_without_a_server_error(
    case: Any, token: str, _connection_kept: None
) -> None:
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:300])
