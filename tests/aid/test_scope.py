from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from doingoai.aid import services
from doingoai.aid.models import Project


def _hidden(project_factory: Any, units: Any) -> Project:
    project_factory("XX-T-OPEN", value="100000")
    return project_factory(
        "XX-T-SECRET", owner=units.ha_noi_union, published=False, province="Hà Nội", value="700000"
    )


def _xlsx_column(content: bytes) -> list[Any]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [row[0] for row in sheet.iter_rows(values_only=True)]


def test_province_editor_cannot_read_other_province_unpublished_project(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    secret = _hidden(project_factory, units)
    client = client_for(make_user("editor", units.quang_tri))
    assert client.get(f"/vien-tro/du-an/{secret.pk}/").status_code == 404
    listing = client.get("/vien-tro/du-an/").content.decode()
    assert "XX-T-OPEN" in listing and "XX-T-SECRET" not in listing
    assert "XX-T-SECRET" not in _xlsx_column(client.get("/vien-tro/du-an/?format=xlsx").content)
    assert "XX-T-SECRET" not in _xlsx_column(client.get("/vien-tro/giao-dich/?format=xlsx").content)
    assert "XX-T-SECRET" not in client.get(f"/vien-tro/giao-dich/?project={secret.pk}").content.decode()
    for query in ("year=2025", "year=2025&province=all", "year=2025&province=01"):
        dashboard = client.get(f"/vien-tro/?{query}").content.decode()
        assert 'data-province="01" data-commitment="0"' in dashboard, query
        assert 'data-vnd="20000000000"' not in dashboard, query
    dashboard = client.get("/vien-tro/?year=2025&province=all").content.decode()
    assert 'data-vnd="2500000000"' in dashboard  # the published 100 000 USD only


def test_owning_province_and_coordinator_read_the_unpublished_project(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    secret = _hidden(project_factory, units)
    for user in (make_user("viewer", units.ha_noi), make_user("coordinator", None)):
        assert client_for(user).get(f"/vien-tro/du-an/{secret.pk}/").status_code == 200


def test_province_editor_edits_own_projects_only(project_factory: Any, units: Any, make_user: Any) -> None:
    secret = _hidden(project_factory, units)
    editor = make_user("editor", units.quang_tri)
    data = services.ProjectData(
        iati_identifier=secret.iati_identifier, title="Đổi tên", status="2", owner_unit=units.quang_tri_union
    )
    with pytest.raises(PermissionDenied):
        services.project_upsert(actor=editor, data=data)
    own = services.ProjectData(
        iati_identifier="XX-T-QT", title="Của tỉnh", status="1", owner_unit=units.quang_tri_union
    )
    project, created = services.project_upsert(actor=editor, data=own)
    assert created and project.owner_unit == units.quang_tri_union


def test_sector_percentages_must_add_up_to_100(units: Any) -> None:
    from decimal import Decimal

    from doingoai.accounts.scope import SYSTEM
    from doingoai.aid.errors import AidError

    data = services.ProjectData(
        iati_identifier="XX-T-S",
        title="Sai tỷ lệ",
        status="2",
        owner_unit=units.vufo,
        sectors=[("16040", Decimal(50)), ("11220", Decimal(40))],
    )
    with pytest.raises(AidError, match="90"):
        services.project_upsert(actor=SYSTEM, data=data)
    assert not Project.objects.exists()


def _transactions_only(rows: list[list[Any]]) -> bytes:
    import io

    from openpyxl import Workbook

    from doingoai.aid.spreadsheets import TRANSACTION_COLUMNS, TRANSACTION_SHEET

    book = Workbook()
    sheet = book.active
    sheet.title = TRANSACTION_SHEET
    sheet.append([title for _key, title in TRANSACTION_COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_importing_into_another_units_unpublished_project_answers_as_for_an_unknown_one(
    project_factory: Any, units: Any, make_user: Any
) -> None:
    from doingoai.aid.errors import AidImportError
    from doingoai.aid.spreadsheets import spreadsheet_import

    project_factory("XX-HN-1", owner=units.ha_noi, published=False)
    editor = make_user("editor", units.quang_tri)

    def problem(identifier: str) -> str:
        data = _transactions_only([[identifier, "3", "02/08/2025", 1000, "USD", "XX-T-SAK", ""]])
        with pytest.raises(AidImportError) as caught:
            spreadsheet_import(actor=editor, name="gd.xlsx", data=data)
        return " ".join(caught.value.problems).replace(identifier, "<mã>")

    assert problem("XX-HN-1") == problem("XX-KHONG-CO")
    assert "thuộc đơn vị khác" not in problem("XX-HN-1")


def test_an_editor_narrows_the_country_list_to_the_projects_of_the_unit_and_exports_them(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    # A ministry's editor saw every published project of the country with no way to keep the
    # unit's own: the filter keeps the ones the editor may change, on the page and in the exports.
    project_factory("XX-T-COUNTRY")
    project_factory("XX-T-OWN", owner=units.quang_tri_union)
    client = client_for(make_user("editor", units.quang_tri))
    everything = client.get("/vien-tro/du-an/").content.decode()
    assert "XX-T-COUNTRY" in everything and 'name="editable"' in everything
    own = client.get("/vien-tro/du-an/?editable=on").content.decode()
    assert "XX-T-OWN" in own and "XX-T-COUNTRY" not in own
    assert 'name="editable" id="id_editable" checked' in own
    exported = _xlsx_column(client.get("/vien-tro/du-an/?editable=on&format=xlsx").content)
    assert "XX-T-OWN" in exported and "XX-T-COUNTRY" not in exported
    # A reader may change nothing: no such box for them.
    reader = client_for(make_user("viewer", units.quang_tri)).get("/vien-tro/du-an/").content.decode()
    assert 'name="editable"' not in reader


def test_a_reader_is_not_offered_the_template_export_and_is_told_why_rather_than_sent_an_empty_file(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    # "Xuất theo mẫu nhập" gave a reader a workbook with no project in it, and no word of why.
    project_factory("XX-T-OWN", owner=units.quang_tri_union)
    client = client_for(make_user("viewer", units.quang_tri))
    page = client.get("/vien-tro/du-an/").content.decode()
    assert "XX-T-OWN" in page and "format=mau-nhap" not in page
    assert "tài khoản của bạn chỉ được xem" in page
    response = client.get("/vien-tro/du-an/?q=XX-T&format=mau-nhap", follow=True)
    assert response.redirect_chain == [("/vien-tro/du-an/?q=XX-T", 302)]
    said = "Không có gì để xuất theo mẫu nhập: tài khoản của bạn chỉ được xem dự án, không sửa được dự án nào"
    assert said in response.content.decode()


def test_a_filter_holding_no_project_the_editor_may_change_exports_no_empty_template(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-T-COUNTRY")
    project_factory("XX-T-OWN", owner=units.quang_tri_union)
    editor = make_user("editor", units.quang_tri)
    client = client_for(editor)
    assert "format=mau-nhap" in client.get("/vien-tro/du-an/").content.decode()
    # The list holds a project, of another unit: the file would have been empty.
    other = client.get("/vien-tro/du-an/?q=XX-T-COUNTRY&format=mau-nhap", follow=True)
    assert other.redirect_chain == [("/vien-tro/du-an/?q=XX-T-COUNTRY", 302)]
    said = "Không có gì để xuất theo mẫu nhập: danh sách đang lọc chỉ có dự án của đơn vị khác"
    assert said in other.content.decode()
    nothing = client.get("/vien-tro/du-an/?q=KHONG-CO&format=mau-nhap", follow=True)
    said = "Không có gì để xuất theo mẫu nhập: danh sách đang lọc không có dự án nào."
    assert said in nothing.content.decode()
    # A script called with the editor's key reads the reason, not a redirection to a page.
    from django.test import Client

    from doingoai.api.services import token_create

    _token, secret = token_create(actor=editor, user=editor, name="xuất mẫu nhập")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    script = Client().get("/vien-tro/du-an/?q=XX-T-COUNTRY&format=mau-nhap", **auth)
    assert script.status_code == 422 and script["Content-Type"].startswith("text/plain")
    assert "chỉ có dự án của đơn vị khác" in script.content.decode()
    # The unit's own project is still exported as before.
    own = client.get("/vien-tro/du-an/?q=XX-T-OWN&format=mau-nhap")
    assert own.status_code == 200 and own["Content-Disposition"].endswith('"du-an-vien-tro-de-nhap-lai.xlsx"')
    projects = load_workbook(io.BytesIO(own.content), read_only=True)["Dự án"]
    assert [r[0] for r in projects.iter_rows(min_row=2, values_only=True) if r[0]] == ["XX-T-OWN"]
