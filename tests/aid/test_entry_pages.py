"""The registry's entry pages: forms in Vietnamese naming the field, scope, stale versions, rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType

from doingoai.accounts.scope import SYSTEM
from doingoai.aid import services
from doingoai.aid.forms import SectorFormSet
from doingoai.aid.models import OrganisationRole, ParticipatingOrganization, Project, ProjectBudget
from doingoai.audit.models import AuditEntry
from doingoai.library.models import Document, DocumentEntity
from tests.django_fixtures import signed_in_kept


def _project_post(units: Any, **changes: Any) -> dict[str, str]:
    data = {
        "iati_identifier": "XX-F-1",
        "title": "Trường học an toàn",
        "description": "",
        "status": "2",
        "programme": "",
        "owner_unit": str(units.quang_tri_union.pk),
        "sectors-TOTAL_FORMS": "2",
        "sectors-INITIAL_FORMS": "0",
        "sectors-0-code": "11120",
        "sectors-0-percentage": "70",
        "sectors-1-code": "74020",
        "sectors-1-percentage": "30",
        "locations-TOTAL_FORMS": "1",
        "locations-INITIAL_FORMS": "0",
        "locations-0-province": "44",
        "locations-0-commune": "",
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
        "budgets-TOTAL_FORMS": "0",
        "budgets-INITIAL_FORMS": "0",
        "save": "1",
    }
    data.update(changes)
    return data


def test_sector_percentages_not_totalling_100_are_refused_naming_the_field() -> None:
    formset = SectorFormSet(
        {
            "s-TOTAL_FORMS": "2",
            "s-INITIAL_FORMS": "0",
            "s-0-code": "11120",
            "s-0-percentage": "70",
            "s-1-code": "74020",
            "s-1-percentage": "20",
        },
        prefix="s",
    )
    assert not formset.is_valid()
    message = formset.non_form_errors()[0]
    assert "Tỷ lệ (%)" in message and "90" in message and "100" in message


def test_sector_share_with_decimal_comma_is_read(units: Any) -> None:
    formset = SectorFormSet(
        {
            "s-TOTAL_FORMS": "2",
            "s-INITIAL_FORMS": "0",
            "s-0-code": "11120",
            "s-0-percentage": "33,5",
            "s-1-code": "74020",
            "s-1-percentage": "66,5",
        },
        prefix="s",
    )
    assert formset.is_valid(), formset.errors
    assert formset.rows() == [("11120", Decimal("33.5")), ("74020", Decimal("66.5"))]


def test_editor_adds_a_project_with_a_commune_on_screen(units: Any, make_user: Any, client_for: Any) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    form = client.get("/vien-tro/du-an/them/").content.decode()
    assert 'name="sectors-0-code"' in form
    communes = client.get("/vien-tro/xa.json?province=44").json()["communes"]
    code, name = communes[1]
    response = client.post("/vien-tro/du-an/them/", _project_post(units, **{"locations-0-commune": code}))
    assert response.status_code == 302
    project = Project.objects.get(iati_identifier="XX-F-1")
    location = project.locations.get()
    assert (location.province_code, location.commune_code) == ("44", code)
    assert location.name.startswith(name)
    assert project.sectors.count() == 2


def test_project_form_refuses_sectors_not_totalling_100_and_keeps_the_input(
    units: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    response = client.post("/vien-tro/du-an/them/", _project_post(units, **{"sectors-1-percentage": "20"}))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tỷ lệ (%)" in page and "90%" in page
    assert 'value="Trường học an toàn"' in page
    assert not Project.objects.exists()


def test_add_sector_row_button_adds_a_row_without_saving(units: Any, make_user: Any, client_for: Any) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    data = _project_post(units)
    del data["save"]
    data["add_sector"] = "1"
    data["sectors-1-percentage"] = ""
    page = client.post("/vien-tro/du-an/them/", data).content.decode()
    assert 'name="sectors-2-code"' in page and 'value="11120"' in page
    assert (
        "Hãy nhập tỷ lệ" not in page and "Tổng tỷ lệ các lĩnh vực là" not in page
    )  # not saved, so nothing refused
    assert not Project.objects.exists()


def test_editor_of_another_province_gets_404_for_an_unpublished_project(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    secret = project_factory("XX-F-SECRET", owner=units.ha_noi_union, published=False, province="Hà Nội")
    client = client_for(make_user("editor", units.quang_tri))
    assert client.get(f"/vien-tro/du-an/{secret.pk}/sua/").status_code == 404
    assert client.get(f"/vien-tro/giao-dich/them/?project={secret.pk}").status_code == 404
    row = secret.transactions.get()
    assert client.get(f"/vien-tro/giao-dich/{row.pk}/sua/").status_code == 404
    posted = client.post(
        f"/vien-tro/du-an/{secret.pk}/sua/", _project_post(units, iati_identifier="XX-F-SECRET")
    )
    assert posted.status_code == 404
    assert Project.objects.get(pk=secret.pk).title == "Dự án XX-F-SECRET"


def test_editor_cannot_change_a_published_project_of_another_province(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    shown = project_factory("XX-F-OPEN", owner=units.ha_noi_union, published=True, province="Hà Nội")
    client = client_for(make_user("editor", units.quang_tri))
    page = client.get(f"/vien-tro/du-an/{shown.pk}/").content.decode()
    assert "/sua/" not in page
    assert client.get(f"/vien-tro/du-an/{shown.pk}/sua/").status_code == 403


def test_stale_project_save_shows_the_other_change_and_keeps_the_input(
    units: Any, make_user: Any, client_for: Any
) -> None:
    first, second = make_user("editor", units.quang_tri), make_user("editor", units.quang_tri)
    client_for(first).post("/vien-tro/du-an/them/", _project_post(units))
    project = Project.objects.get()
    edit = _project_post(units, version="1", **{"sectors-INITIAL_FORMS": "2", "locations-INITIAL_FORMS": "1"})
    assert (
        client_for(first)
        .post(f"/vien-tro/du-an/{project.pk}/sua/", {**edit, "title": "Tên của An"})
        .status_code
        == 302
    )
    response = client_for(second).post(
        f"/vien-tro/du-an/{project.pk}/sua/", {**edit, "title": "Tên của Bình"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Người khác đã sửa" in page and "Tên của An" in page
    assert 'value="Tên của Bình"' in page and 'name="version" value="2"' in page
    assert Project.objects.get().title == "Tên của An"


def _transaction_post(partner: Any, **changes: str) -> dict[str, str]:
    data = {
        "transaction_type": "2",
        "date": "2025-07-15",
        "provider": str(partner.pk),
        "value": "1.200.000",
        "currency": "EUR",
        "description": "",
    }
    data.update(changes)
    return data


def test_transaction_preview_shows_the_conversion_then_save_stores_it(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    project = project_factory("XX-F-T", owner=units.quang_tri_union)
    client = client_for(make_user("editor", units.quang_tri))
    url = f"/vien-tro/giao-dich/them/?project={project.pk}"
    preview = client.post(url, {**_transaction_post(partners["de"]), "preview": "1"}).content.decode()
    assert "36.000.000.000 VND" in preview and "01/07/2025" in preview
    assert 'data-conversion="stale"' not in preview
    assert project.transactions.count() == 1
    assert client.post(url, {**_transaction_post(partners["de"]), "save": "1"}).status_code == 302
    row = project.transactions.get(transaction_type="2")
    assert row.value_vnd == Decimal("36000000000") and row.currency == "EUR"


def test_transaction_with_stale_rate_is_flagged_before_saving(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    project = project_factory("XX-F-S", owner=units.quang_tri_union)
    client = client_for(make_user("editor", units.quang_tri))
    url = f"/vien-tro/giao-dich/them/?project={project.pk}"
    page = client.post(
        url, {**_transaction_post(partners["de"], date="2026-11-20"), "preview": "1"}
    ).content.decode()
    assert 'data-conversion="stale"' in page and "01/07/2025" in page


def test_transaction_form_names_the_field_of_bad_input(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    project = project_factory("XX-F-B", owner=units.quang_tri_union)
    client = client_for(make_user("editor", units.quang_tri))
    url = f"/vien-tro/giao-dich/them/?project={project.pk}"
    unknown = client.post(url, {**_transaction_post(partners["de"], currency="EUX"), "save": "1"})
    assert unknown.status_code == 400
    assert "Tiền tệ: “EUX” không phải mã tiền tệ ISO 4217" in unknown.content.decode()
    missing = client.post(url, {**_transaction_post(partners["de"], currency="JPY"), "save": "1"})
    assert "Tiền tệ: Chưa có tỷ giá JPY" in missing.content.decode()
    bad = client.post(url, {**_transaction_post(partners["de"], value="mười"), "save": "1"})
    assert "Số tiền:" in bad.content.decode()
    assert project.transactions.count() == 1


def test_transaction_form_is_prefilled_from_the_link(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    project = project_factory("XX-F-P", owner=units.quang_tri_union)
    client = client_for(make_user("editor", units.quang_tri))
    page = client.get(
        f"/vien-tro/giao-dich/them/?project={project.pk}&value=1200000&currency=EUR&date=2025-12-18"
        f"&partner={partners['de'].pk}"
    ).content.decode()
    assert 'value="EUR"' in page and 'value="18/12/2025"' in page
    assert f'<option value="{partners["de"].pk}" selected>' in page
    # No type is chosen for the user: "Nhận vốn" (the first code) is rarely what is meant.
    kinds = page[page.index('name="transaction_type"') :]
    assert kinds[: kinds.index("</select>")].count("selected") == 1
    assert '<option value="" selected>' in kinds


def test_rates_page_lists_stale_conversions_and_coordinator_enters_a_rate(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-F-R", owner=units.quang_tri_union, currency="EUR", day=dt.date(2025, 3, 1))
    editor = client_for(make_user("editor", units.quang_tri))
    page = editor.get("/vien-tro/ty-gia/").content.decode()
    assert "EUR" in page and "01/03/2025" in page and "01/01/2025" in page
    assert 'name="rate"' not in page
    assert (
        editor.post(
            "/vien-tro/ty-gia/", {"currency": "EUR", "date": "2025-03-01", "rate": "28000"}
        ).status_code
        == 403
    )
    coordinator = client_for(make_user("coordinator", None))
    refused = coordinator.post("/vien-tro/ty-gia/", {"currency": "EUX", "date": "2025-03-01", "rate": "1"})
    assert refused.status_code == 400 and "ISO 4217" in refused.content.decode()
    done = coordinator.post(
        "/vien-tro/ty-gia/", {"currency": "eur", "date": "2025-03-01", "rate": "28.000,5"}
    )
    assert done.status_code == 302
    from doingoai.aid.models import ExchangeRate

    assert ExchangeRate.objects.get(currency="EUR", date=dt.date(2025, 3, 1)).rate == Decimal("28000.5")


def test_dashboard_counts_stale_conversions_with_a_link(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-F-D1", day=dt.date(2025, 3, 1))
    project_factory("XX-F-D2", day=dt.date(2025, 7, 2))
    page = client_for(make_user("coordinator", None)).get("/vien-tro/?year=2025").content.decode()
    assert 'id="rates-stale"' in page and "1 giao dịch" in page and "/vien-tro/ty-gia/" in page


def test_partner_page_shows_projects_money_by_year_and_news(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-F-N1", partner="de", value="1000", day=dt.date(2025, 7, 2))
    project_factory("XX-F-N2", partner="de", value="500", kind="3", day=dt.date(2025, 8, 2))
    project_factory("XX-F-SECRET", partner="de", owner=units.ha_noi_union, published=False, province="Hà Nội")
    document = Document.objects.create(
        title="Brunnen Hilfe khánh thành giếng nước",
        owner_unit=units.vufo,
        is_published=True,
        file_name="a.txt",
    )
    DocumentEntity.objects.create(
        document=document, kind="organization", name="BRUNNEN HILFE", key="brunnen hilfe"
    )
    page = client_for(make_user("editor", units.quang_tri)).get(f"/vien-tro/doi-tac/{partners['de'].pk}/")
    text = page.content.decode()
    assert "XX-F-N1" in text and "XX-F-N2" in text and "XX-F-SECRET" not in text
    assert "26.000.000" in text and "13.000.000" in text  # 1 000 USD committed, 500 USD disbursed, 2025
    assert "Brunnen Hilfe khánh thành giếng nước" in text


def test_add_partner_form_preselects_no_country(units: Any, make_user: Any, client_for: Any) -> None:
    page = client_for(make_user("editor", units.quang_tri)).get("/danh-ba/doi-tac/them/").content.decode()
    country = page[page.index('name="country"') :]
    country = country[: country.index("</select>")]
    assert "selected" not in country.replace('value="" selected', "")
    assert '<option value="" selected>' in country


def test_transaction_export_names_the_stale_rate(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    import io

    from openpyxl import load_workbook

    project_factory("XX-F-X1", currency="EUR", day=dt.date(2025, 3, 1))
    project_factory("XX-F-X2", currency="EUR", day=dt.date(2025, 7, 2))
    content = client_for(make_user("coordinator", None)).get("/vien-tro/giao-dich/?format=xlsx").content
    rows = list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))
    column = rows[0].index("Tỷ giá quá cũ")
    flags = {row[0]: row[column] for row in rows[1:]}
    assert flags["XX-F-X1"] == "EUR 01/01/2025, USD 01/01/2025"
    assert flags["XX-F-X2"] in (None, "")


def test_partner_page_queries_do_not_grow_with_its_projects(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(make_user("coordinator", None))
    url = f"/vien-tro/doi-tac/{partners['de'].pk}/"
    project_factory("XX-F-Q1", partner="de")
    signed_in_kept(client)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(2, 6):
        project_factory(f"XX-F-Q{n}", partner="de", province="Hà Nội")
    signed_in_kept(client)
    with CaptureQueriesContext(connection) as five:
        text = client.get(url).content.decode()
    assert "XX-F-Q5" in text
    assert len(five) == len(one)


def test_editor_cannot_add_a_transaction_to_a_published_project_of_another_province(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    shown = project_factory("XX-F-OTHER", owner=units.ha_noi_union, published=True, province="Hà Nội")
    client = client_for(make_user("editor", units.quang_tri))
    url = f"/vien-tro/giao-dich/them/?project={shown.pk}"
    assert client.post(url, {**_transaction_post(partners["de"]), "save": "1"}).status_code == 403
    row = shown.transactions.get()
    edit = {**_transaction_post(partners["de"], value="1"), "save": "1", "version": "1"}
    assert client.post(f"/vien-tro/giao-dich/{row.pk}/sua/", edit).status_code == 403
    assert shown.transactions.get().value == Decimal(1000000)


def test_anonymous_visitor_cannot_open_the_entry_pages(client: Any, units: Any) -> None:
    for url in ("/vien-tro/du-an/them/", "/vien-tro/ty-gia/", "/vien-tro/xa.json?province=44"):
        response = client.get(url)
        assert response.status_code in (302, 403), url


def test_edit_form_shows_the_stored_project(units: Any, make_user: Any, client_for: Any) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    code = client.get("/vien-tro/xa.json?province=44").json()["communes"][2][0]
    data = _project_post(units, **{"sectors-0-percentage": "33,5", "sectors-1-percentage": "66,5"})
    client.post("/vien-tro/du-an/them/", {**data, "locations-0-commune": code})
    project = Project.objects.get()
    page = client.get(f"/vien-tro/du-an/{project.pk}/sua/").content.decode()
    assert 'value="33,5"' in page and 'value="66,5"' in page
    assert f'<option value="{code}" selected>' in page
    assert 'name="version" value="1"' in page


def test_stale_transaction_save_shows_the_other_change_and_keeps_the_input(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    project = project_factory("XX-F-V", owner=units.quang_tri_union, partner="de", currency="EUR")
    row = project.transactions.get()
    first, second = make_user("editor", units.quang_tri), make_user("editor", units.quang_tri)
    url = f"/vien-tro/giao-dich/{row.pk}/sua/"
    base = {
        **_transaction_post(partners["de"], transaction_type="11", date="2025-03-01"),
        "version": "1",
        "save": "1",
    }
    assert client_for(first).post(url, {**base, "value": "2.000.000"}).status_code == 302
    response = client_for(second).post(url, {**base, "value": "3.000.000"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Người khác đã sửa" in page and first.username in page
    # Their change is written as the forms write amounts, not as stored ("1000000.00 → 2000000").
    assert "1.000.000,00 EUR → 2.000.000,00 EUR" in page
    assert 'value="3.000.000"' in page and 'name="version" value="2"' in page
    assert project.transactions.get().value == Decimal(2000000)


def test_coordinator_changes_a_programme_and_a_stale_save_is_refused(
    units: Any, make_user: Any, client_for: Any
) -> None:
    from doingoai.aid.models import Programme

    programme = services.programme_upsert(actor=SYSTEM, code="CT-1", name="Nông thôn mới")
    first, second = make_user("coordinator", None), make_user("coordinator", None)
    url = f"/vien-tro/chuong-trinh/{programme.pk}/sua/"
    assert 'value="Nông thôn mới"' in client_for(first).get(url).content.decode()
    base = {"code": "CT-1", "description": "", "version": "1"}
    assert client_for(first).post(url, {**base, "name": "Nông thôn mới 2026"}).status_code == 302
    refused = client_for(second).post(url, {**base, "name": "Xây dựng nông thôn"})
    assert refused.status_code == 400 and "Nông thôn mới 2026" in refused.content.decode()
    assert Programme.objects.get().name == "Nông thôn mới 2026"
    editor = client_for(make_user("editor", units.quang_tri))
    assert editor.post(url, {**base, "name": "X", "version": "2"}).status_code == 403
    services.programme_upsert(actor=SYSTEM, code="CT-2", name="Khác")
    taken = client_for(first).post(url, {**base, "code": "CT-2", "name": "A", "version": "2"})
    assert "Mã chương trình: Mã chương trình “CT-2” đã được dùng" in taken.content.decode()


def test_project_dates_are_entered_on_screen_and_an_end_before_its_start_is_refused(
    units: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    wrong = client.post(
        "/vien-tro/du-an/them/", _project_post(units, planned_start="2026-03-01", planned_end="01/02/2026")
    )
    assert wrong.status_code == 400
    assert "Ngày kết thúc trước ngày bắt đầu (01/03/2026)." in wrong.content.decode()
    assert not Project.objects.exists()
    saved = client.post(
        "/vien-tro/du-an/them/",
        _project_post(units, planned_start="01/03/2026", planned_end="2026-12-31", actual_start="2026-03-15"),
    )
    assert saved.status_code == 302
    project = Project.objects.get(iati_identifier="XX-F-1")
    assert (project.planned_start, project.planned_end) == (dt.date(2026, 3, 1), dt.date(2026, 12, 31))
    assert (project.actual_start, project.actual_end) == (dt.date(2026, 3, 15), None)
    edit = client.get(f"/vien-tro/du-an/{project.pk}/sua/").content.decode()
    # Shown day first, as typed, whatever the browser's language (no native date picker).
    assert 'name="planned_start" value="01/03/2026"' in edit


def test_partner_page_finds_news_that_names_it_without_its_legal_form(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    partner = partners["de"]
    partner.name = "Brunnen Hilfe e.V."
    partner.save(update_fields=["name"])
    document = Document.objects.create(
        title="Tin về giếng nước ở Quảng Trị", owner_unit=units.vufo, is_published=True, file_name="b.txt"
    )
    # The article writes "Brunnen Hilfe", without "e.V.": the same partner, as the cross-check says.
    DocumentEntity.objects.create(
        document=document, kind="organization", name="Brunnen Hilfe", key="brunnen hilfe"
    )
    page = client_for(make_user("editor", units.quang_tri)).get(f"/vien-tro/doi-tac/{partner.pk}/")
    assert "Tin về giếng nước ở Quảng Trị" in page.content.decode()


def _rows_post(units: Any, partner: Any, **changes: Any) -> dict[str, str]:
    return _project_post(
        units,
        **{
            "participants-TOTAL_FORMS": "2",
            "participants-0-role": "1",
            "participants-0-partner": str(partner.pk),
            "participants-0-name": "",
            "participants-0-ref": "DE-VR-7788",
            "participants-0-org_type": "21",
            "participants-1-role": "4",
            "participants-1-name": "Hội Chữ thập đỏ huyện Hướng Hóa",
            "participants-1-org_type": "22",
            "budgets-TOTAL_FORMS": "1",
            "budgets-0-period_start": "01/01/2026",
            "budgets-0-period_end": "31/12/2026",
            "budgets-0-value": "1.200.000",
            "budgets-0-currency": "eur",
            "budgets-0-budget_type": "1",
            "budgets-0-status": "2",
            **changes,
        },
    )


def test_editor_enters_participating_organisations_and_a_budget_on_screen(
    units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    form = client.get("/vien-tro/du-an/them/").content.decode()
    assert 'name="participants-0-org_type"' in form and "21 – Tổ chức phi chính phủ quốc tế" in form
    assert 'name="budgets-0-period_start"' in form
    response = client.post("/vien-tro/du-an/them/", _rows_post(units, partners["de"]))
    assert response.status_code == 302, response.content.decode()
    project = Project.objects.get(iati_identifier="XX-F-1")
    funder, implementer = project.participants.order_by("pk")
    assert (funder.role, funder.partner, funder.name, funder.ref, funder.org_type) == (
        "1",
        partners["de"],
        partners["de"].name,
        "DE-VR-7788",
        "21",
    )
    assert (implementer.role, implementer.partner, implementer.name, implementer.org_type) == (
        "4",
        None,
        "Hội Chữ thập đỏ huyện Hướng Hóa",
        "22",
    )
    budget = project.budgets.get()
    assert (budget.period_start, budget.period_end, budget.value, budget.currency, budget.status) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        Decimal("1200000"),
        "EUR",
        "2",
    )
    assert budget.value_date == dt.date(2026, 1, 1)
    edit = client.get(f"/vien-tro/du-an/{project.pk}/sua/").content.decode()
    assert 'value="DE-VR-7788"' in edit and 'value="1.200.000"' in edit


def test_budget_ending_before_it_starts_is_refused_naming_the_field(
    units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    response = client.post(
        "/vien-tro/du-an/them/", _rows_post(units, partners["de"], **{"budgets-0-period_end": "30/06/2025"})
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "Ngân sách dòng 1 – Ngân sách đến ngày: Ngày kết thúc (30/06/2025) trước ngày bắt đầu (01/01/2026)."
        in page
    )
    assert not Project.objects.exists()


def test_budget_period_over_a_year_is_refused_naming_the_field(
    units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    response = client.post(
        "/vien-tro/du-an/them/", _rows_post(units, partners["de"], **{"budgets-0-period_end": "15/03/2027"})
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ngân sách đến ngày: Kỳ ngân sách từ 01/01/2026 đến 15/03/2027 dài hơn một năm" in page
    assert not Project.objects.exists()


def test_budget_row_without_currency_and_participant_without_role_are_refused(
    units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    data = _rows_post(units, partners["de"], **{"budgets-0-currency": "", "participants-1-role": ""})
    page = client.post("/vien-tro/du-an/them/", data).content.decode()
    assert "Tiền tệ ngân sách: Hãy nhập mã tiền tệ của ngân sách" in page
    assert "Tổ chức tham gia 2 – Vai trò: Hãy chọn vai trò của tổ chức tham gia." in page


def test_changing_a_budget_on_screen_is_versioned_and_audited(
    units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    client.post("/vien-tro/du-an/them/", _rows_post(units, partners["de"]))
    project = Project.objects.get(iati_identifier="XX-F-1")
    changed = _rows_post(
        units, partners["de"], version=str(project.version), **{"budgets-0-value": "900.000"}
    )
    assert client.post(f"/vien-tro/du-an/{project.pk}/sua/", changed).status_code == 302
    project.refresh_from_db()
    assert project.version == 2
    assert project.budgets.get().value == Decimal("900000")
    assert (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ProjectBudget), action="delete"
        ).count()
        == 1
    )
    stale = _rows_post(units, partners["de"], version="1", **{"budgets-0-value": "5"})
    assert client.post(f"/vien-tro/du-an/{project.pk}/sua/", stale).status_code == 400
    assert project.budgets.get().value == Decimal("900000")


def test_partner_page_lists_its_own_and_its_projects_contacts_and_an_editor_adds_one(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    from doingoai.aid.models import ProjectContact
    from doingoai.directory.models import PartnerContact

    project = project_factory("XX-F-C1", partner="de")
    ProjectContact.objects.create(project=project, person_name="Lena Vogt", email="lena@brunnen.example")
    client = client_for(make_user("editor", units.vufo))
    url = f"/vien-tro/doi-tac/{partners['de'].pk}/"
    page = client.get(url).content.decode()
    assert "Lena Vogt" in page and "XX-F-C1" in page and 'id="partner-contact-form"' in page
    bad = client.post(url, {"person_name": "Jonas Keller", "email": "jonas-at-brunnen"})
    assert bad.status_code == 400
    assert "Thư điện tử: Thư điện tử không hợp lệ" in bad.content.decode()
    added = client.post(
        url, {"person_name": "Jonas Keller", "job_title": "Điều phối viên", "email": "jonas@brunnen.example"}
    )
    assert added.status_code == 302
    contact = PartnerContact.objects.get(partner=partners["de"])
    assert (contact.person_name, contact.job_title) == ("Jonas Keller", "Điều phối viên")
    assert AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PartnerContact), action="create"
    ).exists()
    page = client.get(url).content.decode()
    assert "jonas@brunnen.example" in page
    # The remove button asks first, naming the contact.
    remove_form = page.split(f'action="/vien-tro/doi-tac/{partners["de"].pk}/lien-he/{contact.pk}/xoa/"')[1]
    assert 'data-confirm="Xóa đầu mối liên hệ “Jonas Keller” của đối tác?"' in remove_form.split(">")[0]
    removed = client.post(f"/vien-tro/doi-tac/{partners['de'].pk}/lien-he/{contact.pk}/xoa/")
    assert removed.status_code == 302 and not PartnerContact.objects.exists()
    # The same button on a page shown before: no 404, the page says the contact was already removed.
    again = client.post(f"/vien-tro/doi-tac/{partners['de'].pk}/lien-he/{contact.pk}/xoa/", follow=True)
    assert again.status_code == 200
    assert "Đầu mối liên hệ này đã được xóa trước đó" in again.content.decode()


def test_editor_who_cannot_edit_the_partner_sees_contacts_but_cannot_add_or_remove(
    units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    from doingoai.directory.services import partner_contact_add

    contact = partner_contact_add(actor=SYSTEM, partner=partners["de"], person_name="Jonas Keller")
    client = client_for(make_user("editor", units.quang_tri))
    url = f"/vien-tro/doi-tac/{partners['de'].pk}/"
    page = client.get(url).content.decode()
    assert "Jonas Keller" in page and 'id="partner-contact-form"' not in page
    assert client.post(url, {"person_name": "Người lạ"}).status_code == 403
    assert client.post(f"{url}lien-he/{contact.pk}/xoa/").status_code == 403
    assert client.post(f"{url}lien-he/{contact.pk + 1000}/xoa/").status_code == 403
    assert partners["de"].contacts.count() == 1


def test_a_new_transaction_offers_the_projects_funder_as_its_provider(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    project = project_factory("XX-F-FUND", owner=units.quang_tri_union)
    ParticipatingOrganization.objects.create(
        project=project, role=OrganisationRole.IMPLEMENTING, partner=partners["de"], name="Thực hiện"
    )
    client = client_for(make_user("editor", units.quang_tri))
    url = f"/vien-tro/giao-dich/them/?project={project.pk}"
    providers = client.get(url).content.decode().split('name="provider"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>' in providers  # an implementer is no provider
    ParticipatingOrganization.objects.create(
        project=project, role=OrganisationRole.FUNDING, partner=partners["de"], name="Nhà tài trợ"
    )
    assert f'<option value="{partners["de"].pk}" selected>' in client.get(url).content.decode()


def test_a_transaction_of_a_negative_amount_is_refused_on_the_field(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    project = project_factory("XX-F-N", owner=units.quang_tri_union)
    client = client_for(make_user("editor", units.quang_tri))
    url = f"/vien-tro/giao-dich/them/?project={project.pk}"
    page = client.post(url, {**_transaction_post(partners["de"], value="-1.234,56"), "save": "1"}).content
    # Not the service's “-1234.56” in English digits: the field, its limit the Vietnamese way.
    assert "Số tiền: Hãy nhập một số từ 0,01 trở lên." in page.decode()
    assert project.transactions.count() == 1


def test_a_refused_project_says_so_above_the_form_not_only_beside_a_field_far_below(
    units: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    response = client.post("/vien-tro/du-an/them/", _project_post(units, planned_start="31/02/2026"))
    page = response.content.decode()
    assert response.status_code == 400
    # On a phone the date is two screens down: the first screen tells that nothing was saved.
    summary = page.find("Dự án chưa được lưu: hãy sửa các ô báo lỗi bên dưới.")
    assert 0 < summary < page.find('id="id_iati_identifier"')
    assert page.find("Ngày bắt đầu dự kiến: Ngày 31/02/2026 không có") > summary


def test_form_pages_offer_no_bare_dashes_for_an_empty_choice(
    units: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    client.post("/vien-tro/du-an/them/", _project_post(units))
    project = Project.objects.get(iati_identifier="XX-F-1")
    pages = {
        url: client.get(url).content.decode()
        for url in (
            "/vien-tro/du-an/them/",
            f"/vien-tro/giao-dich/them/?project={project.pk}",
            "/vien-tro/nhap/",
            "/danh-ba/can-bo/them/",
            "/danh-ba/doi-tac/them/",
        )
    }
    for url, page in pages.items():
        # Django's "---------" says nothing; the choice is named ("— Chọn đơn vị —") or blank ("—").
        assert "<select" in page and "---------" not in page, url
    assert "— Chọn bên cấp vốn —" in pages[f"/vien-tro/giao-dich/them/?project={project.pk}"]


def test_an_edit_sent_without_the_version_it_was_filled_from_is_refused_not_saved_over(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    """The page always sends it; a save made by hand without it overwrote whatever was saved meanwhile."""
    project = project_factory("XX-F-NOVERSION", owner=units.quang_tri_union)
    client = client_for(make_user("editor", units.quang_tri_union))
    row = project.transactions.get()
    edit = {**_transaction_post(partners["de"], value="999"), "save": "1", "version": ""}
    response = client.post(f"/vien-tro/giao-dich/{row.pk}/sua/", edit)
    assert response.status_code != 302
    assert "thiếu phiên bản" in response.content.decode()
    assert project.transactions.get().value == Decimal(1000000)


def test_the_communes_of_a_province_are_in_dictionary_order(
    units: Any, make_user: Any, client_for: Any
) -> None:
    from doingoai.analysis.text import name_sort_key

    client = client_for(make_user("editor", units.quang_tri))
    names = [name for _code, name in client.get("/vien-tro/xa.json?province=44").json()["communes"][1:]]
    assert names == sorted(names, key=name_sort_key)
    communes = [n for n in names if n.startswith("Xã ")]
    first_d = next(i for i, n in enumerate(communes) if n.startswith("Xã Đ"))
    assert not any(n.startswith("Xã D") for n in communes[first_d:])  # Đakrông no longer among the D's


def test_a_transaction_recorded_by_mistake_is_deleted_from_its_page_logged_and_out_of_the_totals(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    from doingoai.aid.models import Transaction
    from doingoai.aid.selectors import TransactionFilters, dashboard_build
    from doingoai.audit.models import AuditEntry

    project = project_factory("XX-F-DEL", owner=units.quang_tri_union)
    row = project.transactions.get()
    editor = client_for(make_user("editor", units.quang_tri_union))
    page = editor.get(f"/vien-tro/giao-dich/{row.pk}/sua/").content.decode()
    assert f'action="/vien-tro/giao-dich/{row.pk}/xoa/"' in page and "data-confirm=" in page
    before = dashboard_build(user=SYSTEM, filters=TransactionFilters(year=row.date.year)).total.commitment.vnd
    # Others may not: another province's editor, a viewer of the unit; nor a page of an older version.
    other = client_for(make_user("editor", units.ha_noi))
    assert other.post(f"/vien-tro/giao-dich/{row.pk}/xoa/", {"version": row.version}).status_code in (
        403,
        404,
    )
    viewer = client_for(make_user("viewer", units.quang_tri_union))
    assert viewer.post(f"/vien-tro/giao-dich/{row.pk}/xoa/", {"version": row.version}).status_code == 403
    stale = editor.post(f"/vien-tro/giao-dich/{row.pk}/xoa/", {"version": row.version + 1}, follow=True)
    assert "Người khác đã sửa" in stale.content.decode() and Transaction.objects.filter(pk=row.pk).exists()
    done = editor.post(f"/vien-tro/giao-dich/{row.pk}/xoa/", {"version": row.version}, follow=True)
    assert "Đã xóa giao dịch." in done.content.decode()
    assert not Transaction.objects.filter(pk=row.pk).exists()
    entry = AuditEntry.objects.filter(content_type__model="transaction", object_id=str(row.pk)).latest("pk")
    assert entry.action == "delete" and entry.before is not None
    after = dashboard_build(user=SYSTEM, filters=TransactionFilters(year=row.date.year)).total.commitment.vnd
    assert after == before - row.value_vnd


def test_project_list_search_finds_a_title_typed_without_diacritics_or_in_capitals(
    units: Any, make_user: Any, client_for: Any
) -> None:
    """On 07/12/2026 an officer typed "nuoc sach" on a phone and the project just saved was not found."""
    client = client_for(make_user("editor", units.quang_tri))
    for ident, title in (
        ("XX-HN-7", "Nước sạch cho trường học Đông Anh"),
        ("XX-HN-8", "Đường giao thông nông thôn"),
    ):
        response = client.post(
            "/vien-tro/du-an/them/", _project_post(units, iati_identifier=ident, title=title)
        )
        assert response.status_code == 302
    for query, found in (
        ("nuoc sach", ["XX-HN-7"]),
        ("NƯỚC SẠCH", ["XX-HN-7"]),
        ("dong anh", ["XX-HN-7"]),  # đ typed as d
        ("truong hoc nuoc", ["XX-HN-7"]),  # every word, in any order
        ("duong", ["XX-HN-8"]),
        ("xx-hn", ["XX-HN-7", "XX-HN-8"]),  # a part of the identifier, as before
        ("nuoc sach mien nui", []),
    ):
        listed = client.get("/vien-tro/du-an/", {"q": query}).context["page"].object_list
        assert [p.iati_identifier for p in listed] == found, query
    # A renamed project is found by its new name only.
    project = Project.objects.get(iati_identifier="XX-HN-8")
    edit = _project_post(units, iati_identifier="XX-HN-8", title="Cầu dân sinh", version=str(project.version))
    assert client.post(f"/vien-tro/du-an/{project.pk}/sua/", edit).status_code == 302
    assert [
        p.iati_identifier
        for p in client.get("/vien-tro/du-an/", {"q": "cau dan sinh"}).context["page"].object_list
    ] == ["XX-HN-8"]
    assert not client.get("/vien-tro/du-an/", {"q": "duong giao"}).context["page"].object_list


def test_amounts_in_currencies_without_cents_are_shown_without_them(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    """A commitment of 15.000 VND read "15.000,00 VND" on the project and in the list."""
    project = project_factory("XX-F-VND", value="15000000", currency="VND")
    services.transaction_upsert(
        actor=SYSTEM,
        project=project,
        transaction_type="3",
        date=dt.date(2025, 3, 2),
        provider=partners["jp"],
        value=Decimal("1250.5"),
        currency="USD",
    )
    client = client_for(make_user("coordinator", None))
    for url in (f"/vien-tro/du-an/{project.pk}/", f"/vien-tro/giao-dich/?project={project.pk}"):
        page = client.get(url).content.decode()
        assert "15.000.000 VND" in page and "15.000.000,00" not in page, url
        assert "1.250,50 USD" in page, url


def test_a_fraction_of_a_dong_is_refused_on_the_field_and_millions_said_in_words_are_kept(
    project_factory: Any, units: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    """“1,2” VND was stored as 1,20 VND and counted as 1 đồng; “1,2” USD stays one dollar twenty."""
    project = project_factory("XX-F-D", owner=units.quang_tri_union)
    client = client_for(make_user("editor", units.quang_tri))
    url = f"/vien-tro/giao-dich/them/?project={project.pk}"
    post = {**_transaction_post(partners["de"], value="1,2", currency="VND"), "save": "1"}
    page = client.post(url, post).content.decode()
    assert "Số tiền: VND không có phần lẻ: hãy nhập số nguyên" in page
    assert project.transactions.count() == 1
    assert client.post(url, {**post, "value": "1,2 triệu"}).status_code == 302
    assert client.post(url, {**post, "value": "1,2", "currency": "USD"}).status_code == 302
    values = sorted(project.transactions.exclude(transaction_type="11").values_list("value", "currency"))
    assert values == [(Decimal("1.20"), "USD"), (Decimal("1200000"), "VND")]


def test_the_stale_rate_warning_comes_before_the_map_and_the_converted_amounts_of_a_project(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    """Below the map, the warning was read (if at all) after the amounts it qualifies."""
    project = project_factory("XX-F-W", owner=units.quang_tri_union, day=dt.date(2026, 11, 20))
    page = client_for(make_user("coordinator", None)).get(f"/vien-tro/du-an/{project.pk}/").content.decode()
    warning = page.index('<p class="warning" role="alert">')
    assert "giao dịch được quy đổi bằng tỷ giá cũ hơn" in page[warning : page.index("</p>", warning)]
    assert page.count('<p class="warning" role="alert">') == 1
    # Under the project's name and links, before its facts, its map and its transactions' amounts.
    assert page.index("<h1>") < warning < page.index('<dl class="facts">')
    assert warning < page.index("Địa bàn trên bản đồ") < page.index('id="project-transactions"')
