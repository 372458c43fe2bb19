from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from doingoai.accounts.models import User
from doingoai.api.models import ApiToken
from doingoai.api.services import token_create, token_hash, token_revoke
from doingoai.library.models import IngestJob
from tests.django_fixtures import Units
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, document_named

Ingest = Callable[..., IngestJob]
MakeUser = Callable[..., User]


@pytest.fixture
def viewer(make_user: MakeUser, units: Units) -> User:
    return make_user("viewer", units.quang_tri)


def _auth(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_api_needs_a_token_or_a_session(client: Client, db: None) -> None:
    response = client.get("/api/documents")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Chưa xác thực: hãy đăng nhập, hoặc gửi khóa API")
    wrong = client.get("/api/documents", **_auth("dgo_not-a-real-token"))
    assert wrong.status_code == 401 and wrong.json()["detail"].startswith("Khóa API không đúng")


def test_token_is_stored_hashed_and_stops_working_when_revoked(client: Client, viewer: User) -> None:
    token, secret = token_create(actor=viewer, user=viewer, name="báo cáo")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in (stored.key_hash, stored.prefix) and stored.key_hash == token_hash(secret)
    assert client.get("/api/organizations", **_auth(secret)).status_code == 200
    token_revoke(actor=viewer, token=token)
    refused = client.get("/api/organizations", **_auth(secret))
    assert refused.status_code == 401 and "đã bị thu hồi" in refused.json()["detail"]


def test_token_of_a_deactivated_user_stops_working(client: Client, viewer: User) -> None:
    _token, secret = token_create(actor=viewer, user=viewer, name="x")
    viewer.is_active = False
    viewer.save(update_fields=["is_active"])
    assert client.get("/api/organizations", **_auth(secret)).status_code == 401


def test_token_user_read_before_a_change_is_not_served_after_it(client: Client, viewer: User) -> None:
    """The token's user is kept between requests; a deactivation or a password change ends it at once."""
    _token, secret = token_create(actor=viewer, user=viewer, name="x")
    assert client.get("/api/organizations", **_auth(secret)).status_code == 200
    viewer.set_password("mat-khau-moi-2026")
    viewer.save(update_fields=["password"])
    assert client.get("/api/organizations", **_auth(secret)).status_code == 401
    _other, second = token_create(actor=viewer, user=viewer, name="y")
    assert client.get("/api/organizations", **_auth(second)).status_code == 200
    viewer.is_active = False
    viewer.save(update_fields=["is_active"])
    assert client.get("/api/organizations", **_auth(second)).status_code == 401


def test_user_cannot_revoke_another_users_token(viewer: User, make_user: MakeUser, units: Units) -> None:
    from django.core.exceptions import PermissionDenied

    token, _secret = token_create(actor=viewer, user=viewer, name="x")
    with pytest.raises(PermissionDenied):
        token_revoke(actor=make_user("editor", units.ha_noi), token=token)


def test_token_page_shows_the_secret_once_and_revokes(
    viewer: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(viewer)
    created = client.post("/tai-khoan/khoa-api/", {"name": "Bảng tin"})
    # Sent on to the page: reloading the page the browser shows makes no second key.
    assert created.status_code == 302 and created["Location"] == "/tai-khoan/khoa-api/"
    page = client.get(created["Location"]).content.decode()
    secret = re.search(r'<code id="new-token">(dgo_[^<]+)</code>', page)
    assert secret is not None
    assert secret.group(1) not in client.get("/tai-khoan/khoa-api/").content.decode()
    token = ApiToken.objects.get(user=viewer)
    client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/")
    assert Client().get("/api/organizations", **_auth(secret.group(1))).status_code == 401


def test_openapi_schema_lists_the_endpoints(client: Client, db: None) -> None:
    schema = client.get("/api/openapi.json").json()
    for path in (
        "/api/documents",
        "/api/documents/{document_id}",
        "/api/events/{event_id}",
        "/api/search",
        "/api/organizations",
    ):
        assert path in schema["paths"]
    # The docs page says where a key is made, as a link to that page.
    assert "[Khóa API](/tai-khoan/khoa-api/)" in schema["info"]["description"]


def test_api_docs_load_their_assets_from_this_site(client: Client, db: None) -> None:
    page = client.get("/api/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert all(a.startswith("/static/") for a in assets), assets


def test_document_detail_gives_facts_with_spans_into_the_text(
    ingest: Ingest, client: Client, viewer: User
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    _token, secret = token_create(actor=viewer, user=viewer, name="x")
    data = client.get(f"/api/documents/{document_named('ttxvn.txt').pk}", **_auth(secret)).json()
    person = next(p for p in data["facts"]["people"] if p["name"] == "Hồ Thị Lan")
    start, end = person["spans"][0]
    assert data["text"][start:end] == "Hồ Thị Lan"


def test_event_detail_gives_the_quote_difference(ingest: Ingest, client: Client, viewer: User) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL}, published=True)
    _token, secret = token_create(actor=viewer, user=viewer, name="x")
    event = document_named("ttxvn.txt").membership.event
    data = client.get(f"/api/events/{event.pk}", **_auth(secret)).json()
    quote = next(d for d in data["differences"] if d["kind"] == "quote")
    assert "[-quý-]{+vô giá+}" in quote["diff"]
    assert len(data["documents"]) == 2


def test_search_endpoint_returns_snippets_and_events(ingest: Ingest, client: Client, viewer: User) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL}, published=True)
    _token, secret = token_create(actor=viewer, user=viewer, name="x")
    data = client.get("/api/search", {"q": "hoc bong"}, **_auth(secret)).json()
    assert data["count"] == 2
    assert "<mark>học</mark> <mark>bổng</mark>" in data["documents"][0]["snippets"][0]
    assert len(data["events"]) == 1
    assert client.get("/api/search", **_auth(secret)).status_code == 400


def test_search_endpoint_says_how_each_document_matched(ingest: Ingest, client: Client, viewer: User) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL}, published=True)
    _token, secret = token_create(actor=viewer, user=viewer, name="x")
    exact = client.get("/api/search", {"q": "Lao Bảo"}, **_auth(secret)).json()["documents"][0]
    assert (exact["field"], exact["tier"].split(":")[0]) == ("exact", "exact")
    assert "body" in exact["places"] and exact["score"] is not None
    folded = client.get("/api/search", {"q": "lao bao"}, **_auth(secret)).json()
    assert {d["field"] for d in folded["documents"]} == {"folded"}
    person = client.get("/api/search", {"q": "ho thi lan"}, **_auth(secret)).json()["entities"]
    assert [(e["kind"], e["documents"], e["filter"]) for e in person] == [
        ("person", 2, {"person": "Hồ Thị Lan"})
    ]


@pytest.mark.parametrize(
    ("url", "body", "field", "reason"),
    [
        ("/api/reporting/reports/1/submit", '{"values": "x"}', "values", "phải là một đối tượng JSON"),
        ("/api/tasks/1/reports", '{"unit_id": 1, "text": 5, "percent": 10}', "text", "phải là chuỗi ký tự"),
        (
            "/api/tasks/1/reports",
            '{"unit_id": 1, "text": "x", "percent": 10, "is_completion": "có lẽ"}',
            "is_completion",
            "phải là true hoặc false",
        ),
        (
            "/api/tasks/1/reports",
            '{"unit_id": 1, "text": "x", "percent": [1]}',
            "percent",
            "phải là số nguyên",
        ),
    ],
)
def test_a_body_of_the_wrong_shape_gets_a_vietnamese_message_naming_the_field(
    client: Client, viewer: User, url: str, body: str, field: str, reason: str
) -> None:
    _token, secret = token_create(actor=viewer, user=viewer, name="x")
    response = client.post(url, data=body, content_type="application/json", **_auth(secret))
    assert response.status_code == 422
    messages = [d["msg"] for d in response.json()["detail"]]
    assert f"Tham số “{field}” {reason}." in messages, messages
    assert not any("Input should" in m or "JSON decode" in m for m in messages), messages


def test_a_body_that_is_not_json_gets_a_vietnamese_message(client: Client, viewer: User) -> None:
    _token, secret = token_create(actor=viewer, user=viewer, name="x")
    response = client.post(
        "/api/reporting/reports/1/submit",
        data='{"values": ',
        content_type="application/json",
        **_auth(secret),
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Không đọc được nội dung yêu cầu: phải là JSON hợp lệ."}


def test_search_endpoint_refuses_a_query_of_signs_alone(ingest: Ingest, client: Client, viewer: User) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL}, published=True)
    _token, secret = token_create(actor=viewer, user=viewer, name="x")
    response = client.get("/api/search", {"q": "* -"}, **_auth(secret))
    assert response.status_code == 400
    assert "không có chữ hay số nào để tìm" in response.json()["detail"]


def test_search_words_longer_than_the_search_page_takes_are_refused_naming_the_parameter(
    ingest: Ingest, client: Client, viewer: User
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    auth = _auth(token_create(actor=viewer, user=viewer, name="x")[1])
    words = ("lễ hội hữu nghị biên giới " * 12)[:300]
    # The search page refuses the same words ("Tối đa 200 ký tự"): the API does not search them anyway.
    client.force_login(viewer)
    assert "Tối đa 200 ký tự" in client.get("/tim-kiem/", {"q": words}).content.decode()
    client.logout()
    for path, params, name, most in (
        ("/api/search", {"q": words}, "q", 200),
        ("/api/documents", {"q": words}, "q", 200),
        ("/api/search", {"q": "lễ hội", "person": "Hồ Thị Lan " * 10}, "person", 100),
    ):
        response = client.get(path, params, **auth)
        assert response.status_code == 422, (path, response.content)
        [detail] = response.json()["detail"]
        assert detail["msg"] == f"Tham số “{name}” có tối đa {most} ký tự."
    assert client.get("/api/search", {"q": words[:200]}, **auth).status_code == 200


def test_list_pages_are_kept_for_callers_of_the_same_documents_and_follow_writes(
    client: Client, units: Units, make_user: MakeUser, ingest: Ingest
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    ingest({"bqt.txt": FESTIVAL_LOCAL}, owner=units.quang_tri)  # Quảng Trị's draft
    callers = {}
    for name, unit in (("qt", units.quang_tri), ("hn", units.ha_noi), ("hn2", units.ha_noi)):
        user = make_user("editor", unit, username=name)
        callers[name] = _auth(token_create(actor=user, user=user, name="x")[1])
    draft = document_named("bqt.txt").pk
    for address in ("/api/documents?limit=20", "/api/events?limit=20"):
        ids = {name: client.get(address, **auth).json() for name, auth in callers.items()}
        as_text = {name: str(page) for name, page in ids.items()}
        assert str(draft) in as_text["qt"] and as_text["hn"] == as_text["hn2"]
        assert f"'id': {draft}," not in as_text["hn"] and f"[{draft}]" not in as_text["hn"]
        # Hà Nội's second caller reads the first's page: the documents are not read again.
        with CaptureQueriesContext(connection) as queries:
            again = client.get(address, **callers["hn2"]).json()
        assert again == ids["hn"]
        assert not [q for q in queries.captured_queries if "library_document" in q["sql"]]
    # A write: the next request computes the page again.
    before = client.get("/api/documents?limit=20", **callers["hn"]).json()["count"]
    ingest({"published.txt": FESTIVAL_LOCAL.replace("Quảng Trị", "Quảng Bình")}, published=True)
    assert client.get("/api/documents?limit=20", **callers["hn"]).json()["count"] == before + 1


def test_every_operation_of_the_api_docs_has_a_vietnamese_title_and_group() -> None:
    from doingoai.api.api import GROUPS, SUMMARIES, api

    schema = api.get_openapi_schema()
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert len(operations) == len(SUMMARIES)
    assert {(op["summary"], op["description"]) for op in operations} == set(SUMMARIES.values())
    assert all(" the " not in op["description"] for op in operations)  # the English docstrings stay out
    assert {tag for op in operations for tag in op["tags"]} <= set(GROUPS.values())


def test_api_answers_its_own_errors_in_vietnamese_json(client: Client, viewer: User) -> None:
    _token, secret = token_create(actor=viewer, user=viewer, name="đêm")
    auth = _auth(secret)
    assert client.get("/api/documents").headers["WWW-Authenticate"].startswith("Bearer")
    missing = client.get("/api/documents/", **auth)  # a trailing slash names no endpoint
    assert missing.status_code == 404 and "Không có địa chỉ này trong API" in missing.json()["detail"]
    wrong = client.put("/api/documents", **auth)
    assert wrong.status_code == 405 and "phương thức" in wrong.json()["detail"] and "GET" in wrong["Allow"]
    for day, words in (
        ("0", "phải là ngày dạng YYYY-MM-DD"),
        ("2026-02-31", "viết đúng dạng YYYY-MM-DD nhưng không phải một ngày có thật"),
    ):
        answer = client.get("/api/documents", {"date_to": day}, **auth)
        assert answer.status_code == 422, day
        assert answer.json()["detail"][0]["msg"] == f"Tham số “date_to” {words}."
    assert client.get("/api/documents", {"date_to": "2026-02-28"}, **auth).status_code == 200
    kind = client.get("/api/organizations", {"kind": "bogus"}, **auth)
    assert kind.status_code == 400 and "Tham số “kind” = bogus" in kind.json()["detail"]
