from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from doingoai import iati
from doingoai.accounts.scope import SYSTEM
from doingoai.aid.iati_io import aid_iati_import
from doingoai.aid.models import Project, Transaction
from doingoai.aid.selectors import dashboard_build


def _world(project_factory: Any, units: Any) -> None:
    project_factory("XX-T-1", value="1000000", currency="USD", sectors=(("16040", 70), ("11220", 30)))
    project_factory(
        "XX-T-2", value="500000.50", currency="EUR", partner="de", province="Hà Nội", day=dt.date(2025, 8, 1)
    )
    project_factory(
        "XX-T-3", value="2000000000", currency="VND", kind="3", province="xã Hướng Phùng, Quảng Trị"
    )
    project_factory(
        "XX-T-5", owner=units.ha_noi_union, published=False, province="Hà Nội", value="700000", currency="USD"
    )


def _registry_totals() -> dict[tuple[str, str], Decimal]:
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for kind, currency, value in Transaction.objects.values_list("transaction_type", "currency", "value"):
        totals[(kind, currency)] += value
    return dict(totals)


def test_exported_file_validates_and_reimports_to_the_same_totals(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory, units)
    client = client_for(make_user("coordinator", None))
    response = client.get("/vien-tro/iati.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    data = response.content
    activities = iati.activities_parse(data, source_name="xuat.xml")  # XSD, codelists and rules
    assert {a.iati_identifier for a in activities} == {"XX-T-1", "XX-T-2", "XX-T-3", "XX-T-5"}
    before = _registry_totals()
    assert {(k.value, c): v for (k, c), v in iati.transactions_total(activities).items()} == before
    board = dashboard_build(user=SYSTEM, year=2025)
    owners = dict(Project.objects.values_list("iati_identifier", "owner_unit"))

    Project.objects.all().delete()
    result = aid_iati_import(actor=SYSTEM, data=data, source_name="xuat.xml", owner_unit=units.vufo)

    assert (result.projects_created, result.transactions_created) == (4, 4)
    assert _registry_totals() == before
    again = dashboard_build(user=SYSTEM, year=2025)
    for measure in ("commitment", "disbursement"):
        assert getattr(again.total, measure).vnd == getattr(board.total, measure).vnd
        assert getattr(again.total, measure).usd == getattr(board.total, measure).usd
    assert again.groups == board.groups  # every country, partner, sector and province figure
    assert owners.keys() == set(Project.objects.values_list("iati_identifier", flat=True))


def test_export_keeps_the_list_filters(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory, units)
    client = client_for(make_user("coordinator", None))
    data = client.get("/vien-tro/iati.xml?province=01").content
    ids = {a.iati_identifier for a in iati.activities_parse(data, source_name="x.xml")}
    assert ids == {"XX-T-2", "XX-T-5"}


def test_province_editor_does_not_export_another_provinces_unpublished_project(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory, units)
    client = client_for(make_user("editor", units.quang_tri))
    data = client.get("/vien-tro/iati.xml").content
    ids = {a.iati_identifier for a in iati.activities_parse(data, source_name="x.xml")}
    assert "XX-T-5" not in ids and "XX-T-1" in ids


def test_export_of_an_empty_list_explains_instead_of_failing(
    units: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("coordinator", None))
    response = client.get("/vien-tro/iati.xml", follow=True)
    assert response.redirect_chain and "không có hoạt động nào" in response.content.decode()


def test_project_list_links_to_the_iati_export(units: Any, make_user: Any, client_for: Any) -> None:
    client = client_for(make_user("coordinator", None))
    assert 'href="/vien-tro/iati.xml"' in client.get("/vien-tro/du-an/").content.decode()


def test_a_script_fetches_the_registry_exports_with_an_api_key_within_its_users_scope(
    project_factory: Any, units: Any, make_user: Any
) -> None:
    from django.test import Client

    from doingoai.api.services import token_create, token_revoke

    _world(project_factory, units)
    editor = make_user("editor", units.quang_tri)
    token, secret = token_create(actor=editor, user=editor, name="đồng bộ hằng đêm")
    script = Client()  # no session
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    data = script.get("/vien-tro/iati.xml", **auth).content
    ids = {a.iati_identifier for a in iati.activities_parse(data, source_name="x.xml")}
    assert "XX-T-1" in ids and "XX-T-5" not in ids  # Hà Nội's unpublished project stays out
    sheet = script.get("/vien-tro/giao-dich/?format=xlsx", **auth)
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    assert script.get("/vien-tro/du-an/?format=xlsx", **auth).status_code == 200
    assert script.get("/vien-tro/iati.xml").status_code == 302  # no key, no session: the sign-in page
    # A filter that leaves nothing to write: the script reads why, not a redirection to a page.
    empty = script.get("/vien-tro/iati.xml?q=khongcoduannaotenthe", **auth)
    assert empty.status_code == 422 and empty["Content-Type"].startswith("text/plain")
    assert "không có hoạt động nào để xuất" in empty.content.decode()
    token_revoke(actor=editor, token=token)
    refused = script.get("/vien-tro/iati.xml", **auth)
    assert refused.status_code == 401 and "Khóa API" in refused.content.decode()
    assert refused["WWW-Authenticate"].startswith("Bearer")
