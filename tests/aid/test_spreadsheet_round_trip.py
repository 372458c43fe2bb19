"""A project exported as a filled-in import template imports back unchanged, organizations' codes included."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from doingoai.accounts.scope import SYSTEM
from doingoai.aid import services
from doingoai.aid.errors import AidImportError
from doingoai.aid.locations import location_parse
from doingoai.aid.models import Project
from doingoai.aid.spreadsheets import (
    PROJECT_SHEET,
    TRANSACTION_SHEET,
    projects_template_workbook,
    spreadsheet_import,
)
from doingoai.analysis.text import entity_key
from doingoai.audit.models import AuditEntry
from doingoai.directory.models import PartnerOrganization
from tests.django_fixtures import Units


def _stored(project: Project) -> dict[str, Any]:
    """Return everything the registry holds of a project that a spreadsheet carries."""
    project.refresh_from_db()
    return {
        "fields": (
            project.title,
            project.status,
            project.owner_unit_id,
            project.is_published,
            project.description,
        ),
        "sectors": sorted(project.sectors.values_list("code", "percentage")),
        "locations": sorted(
            project.locations.values_list("province_code", "commune_code", "name", "original")
        ),
        "participants": sorted(
            project.participants.values_list("role", "name", "partner_id", "unit_id", "ref", "org_type")
        ),
        "transactions": sorted(
            project.transactions.values_list(
                "transaction_type", "date", "provider_id", "value", "currency", "description", "sequence"
            )
        ),
    }


@pytest.fixture
def project(units: Units, partners: dict[str, PartnerOrganization], rates: None) -> Project:
    """Return a project with organizations in three roles, codes given, and two same-day disbursements."""
    data = services.ProjectData(
        iati_identifier="XX-T-300",
        title="Nước sạch cho trường học vùng cao",
        status="2",
        owner_unit=units.vufo,
        is_published=True,
        description="Giếng khoan; bể lọc | nhà vệ sinh.",
        sectors=[("14030", Decimal("62.5")), ("11220", Decimal("37.5"))],
        locations=[location_parse("xã Hướng Phùng, Quảng Trị"), location_parse("Quảng Bình")],
        participants=[
            services.Participant("1", "Sakura Aid", partners["jp"], ref="XX-T-SAK", org_type="21"),
            services.Participant("3", "Quỹ Hòa Bình Xanh", ref="XX-T-GPF", org_type="60"),
            services.Participant("4", units.vufo.name, unit=units.vufo, ref="", org_type="10"),
            services.Participant("4", "Hội Chữ thập đỏ huyện", ref="", org_type=""),
        ],
    )
    project, _created = services.project_upsert(actor=SYSTEM, data=data)
    # Two disbursements of one day from one provider, told apart by their order (as IATI gives them).
    for sequence, (value, description) in enumerate((("1250000.5", "đợt 1"), ("300", "đợt 1, bổ sung"))):
        services.transaction_upsert(
            actor=SYSTEM,
            project=project,
            transaction_type="3",
            date=dt.date(2025, 8, 2),
            provider=partners["jp"],
            value=Decimal(value),
            currency="USD",
            description=description,
            sequence=sequence,
        )
    return project


def test_exported_template_imports_back_without_changing_anything(project: Project) -> None:
    before = _stored(project)
    data = projects_template_workbook(Project.objects.filter(pk=project.pk))
    audit_before = AuditEntry.objects.count()
    result = spreadsheet_import(actor=SYSTEM, name="du-an.xlsx", data=data)
    assert (result.projects_kept, result.projects_updated, result.transactions_updated) == (1, [], [])
    assert _stored(project) == before
    assert AuditEntry.objects.count() == audit_before


def test_exported_template_rebuilds_the_project_in_an_empty_registry(project: Project) -> None:
    before = _stored(project)
    data = projects_template_workbook(Project.objects.filter(pk=project.pk))
    project.transactions.all().delete()
    Project.objects.filter(pk=project.pk).delete()
    spreadsheet_import(actor=SYSTEM, name="du-an.xlsx", data=data)
    assert _stored(Project.objects.get(iati_identifier="XX-T-300")) == before


def test_role_column_writes_each_organization_with_its_identifier_and_type(project: Project) -> None:
    book = load_workbook(io.BytesIO(projects_template_workbook([project])), read_only=True)
    header, row = list(book[PROJECT_SHEET].iter_rows(values_only=True))[:2]
    cells = dict(zip(header, row, strict=True))
    assert cells["Tổ chức tài trợ (vai trò 1)"] == "Sakura Aid | XX-T-SAK | 21"
    assert cells["Tổ chức cấp vốn trung gian (vai trò 3)"] == "Quỹ Hòa Bình Xanh | XX-T-GPF | 60"
    assert cells["Lĩnh vực (mã DAC:tỷ lệ)"] == "14030:62.5; 11220:37.5"


def test_amounts_are_numbers_shown_with_the_readers_separators_and_import_back_exactly(
    project: Project, partners: dict[str, PartnerOrganization]
) -> None:
    """A text cell "1250000.5" reads as 12,500,005 to someone whose decimal mark is a comma."""
    big = Decimal("123456789012345.67")  # more digits than an XLSX number keeps: exact text
    for value, currency, sequence in ((Decimal("4800000"), "VND", 0), (big, "USD", 2)):
        services.transaction_upsert(
            actor=SYSTEM,
            project=project,
            transaction_type="2",
            date=dt.date(2025, 9, 1),
            provider=partners["jp"],
            value=value,
            currency=currency,
            description="",
            sequence=sequence,
        )
    before = _stored(project)
    data = projects_template_workbook([project])
    sheet = load_workbook(io.BytesIO(data))[TRANSACTION_SHEET]
    amounts = {(row[4].value, row[3].value): row[3] for row in sheet.iter_rows(min_row=2)}
    assert amounts[("USD", Decimal("1250000.5"))].number_format == "#,##0.00"
    assert amounts[("USD", Decimal("1250000.5"))].data_type == "n"
    assert amounts[("VND", 4800000)].number_format == "#,##0"
    assert amounts[("USD", format(big, "f"))].data_type == "s"
    result = spreadsheet_import(actor=SYSTEM, name="du-an.xlsx", data=data)
    assert result.transactions_updated == []
    assert _stored(project) == before


def test_changing_a_type_in_the_file_changes_it_and_a_bad_one_is_refused_by_cell(project: Project) -> None:
    def edited(old: str, new: str) -> bytes:
        book = load_workbook(io.BytesIO(projects_template_workbook([project])))
        sheet = book[PROJECT_SHEET]
        for cell in sheet[2]:
            if isinstance(cell.value, str) and old in cell.value:
                cell.value = cell.value.replace(old, new)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=edited("XX-T-GPF | 60", "XX-T-GPF | 80"))
    assert project.participants.get(role="3").org_type == "80"
    with pytest.raises(AidImportError) as refused:
        spreadsheet_import(actor=SYSTEM, name="b.xlsx", data=edited("XX-T-GPF | 80", "XX T GPF | 99"))
    messages = " ".join(refused.value.messages)
    assert "dòng 2, cột K" in messages
    assert "không được chứa dấu cách" in messages and "“99” không phải mã loại tổ chức" in messages
    assert project.participants.get(role="3").ref == "XX-T-GPF"


def test_project_list_offers_the_filled_in_template(project: Project, units: Units, make_user: Any) -> None:
    client = Client()
    client.force_login(make_user("coordinator", None))
    page = client.get("/vien-tro/du-an/").content.decode()
    assert "format=mau-nhap" in page
    response = client.get("/vien-tro/du-an/?format=mau-nhap")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Dự án", "Giao dịch", "Hướng dẫn"]
    assert [r[0] for r in book["Giao dịch"].iter_rows(min_row=2, values_only=True)] == [
        "XX-T-300",
        "XX-T-300",
    ]


def test_iati_export_imports_back_with_the_same_organizations(project: Project, units: Units) -> None:
    from doingoai.aid.iati_io import aid_iati_import, projects_iati_xml

    before = _stored(project)
    data = projects_iati_xml(Project.objects.filter(pk=project.pk))
    aid_iati_import(actor=SYSTEM, data=data, source_name="xuat.xml", owner_unit=units.vufo)
    after = _stored(project)
    assert after["participants"] == before["participants"]
    assert after["transactions"] == before["transactions"]


def test_a_repeated_transaction_row_is_still_refused_unless_its_order_tells_it_apart(
    project: Project,
) -> None:
    book = load_workbook(io.BytesIO(projects_template_workbook([project])))
    sheet = book["Giao dịch"]
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [r[-1] for r in rows] == [None, 2]
    sheet.append(rows[0])  # the first row pasted again by mistake
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(AidImportError) as refused:
        spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=buffer.getvalue())
    assert "dòng 4" in " ".join(refused.value.messages) and "trùng" in " ".join(refused.value.messages)


def test_an_order_that_is_not_a_number_is_refused_by_cell(project: Project) -> None:
    book = load_workbook(io.BytesIO(projects_template_workbook([project])))
    book["Giao dịch"]["H3"] = "thứ hai"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(AidImportError) as refused:
        spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=buffer.getvalue())
    # Only this cell: the row is not also taken for a duplicate of the one before.
    assert refused.value.messages[1:] == [
        "trang “Giao dịch”, dòng 3, cột H (Thứ tự trong ngày): hãy ghi số thứ tự 1, 2, 3… hoặc để trống."
    ]


def test_a_funder_typed_by_name_only_exports_and_imports_back(project: Project) -> None:
    """The project form takes a funder missing from the directory by its name; so does the import."""
    services.project_upsert(
        actor=SYSTEM,
        data=services.ProjectData(
            iati_identifier="XX-T-301",
            title="Nhà tình nghĩa ở Đông Hà",
            status="2",
            owner_unit=project.owner_unit,
            participants=[services.Participant("1", "Quỹ Hòa bình Đông Hà", org_type="21")],
        ),
    )
    named = Project.objects.get(iati_identifier="XX-T-301")
    before = _stored(named)
    data = projects_template_workbook(Project.objects.filter(pk=named.pk))
    result = spreadsheet_import(actor=SYSTEM, name="du-an.xlsx", data=data)
    assert (result.projects_kept, result.projects_updated) == (1, [])
    assert _stored(named) == before
    Project.objects.filter(pk=named.pk).delete()
    spreadsheet_import(actor=SYSTEM, name="du-an.xlsx", data=data)
    assert _stored(Project.objects.get(iati_identifier="XX-T-301")) == before


def test_a_title_that_reads_like_a_formula_exports_as_text_and_imports_back_as_that_text(
    project: Project,
) -> None:
    title = '=HYPERLINK("http://x","Bấm")'
    # Stored as the services store a title: with its folded search key.
    Project.objects.filter(pk=project.pk).update(title=title, title_key=entity_key(title))
    before = _stored(project)
    data = projects_template_workbook(Project.objects.filter(pk=project.pk))
    result = spreadsheet_import(actor=SYSTEM, name="du-an.xlsx", data=data)
    assert (result.projects_kept, result.projects_updated) == (1, [])
    assert _stored(project) == before


def test_an_import_that_changes_a_project_moves_its_version_and_one_that_does_not_leaves_it(
    project: Project,
) -> None:
    """A form opened before an import that changed the project noticed nothing."""
    version = Project.objects.get(pk=project.pk).version
    data = projects_template_workbook(Project.objects.filter(pk=project.pk))
    spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=data)
    assert Project.objects.get(pk=project.pk).version == version
    book = load_workbook(io.BytesIO(data))
    for row in book[PROJECT_SHEET].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and "XX-T-GPF | 60" in cell.value:
                cell.value = cell.value.replace("XX-T-GPF | 60", "XX-T-GPF | 80")
    buffer = io.BytesIO()
    book.save(buffer)
    spreadsheet_import(actor=SYSTEM, name="b.xlsx", data=buffer.getvalue())
    assert Project.objects.get(pk=project.pk).version > version


def test_a_project_entered_on_screen_exported_to_iati_imports_back_without_a_change(
    units: Units, partners: dict[str, PartnerOrganization], rates: None
) -> None:
    """The export fills what IATI requires (a reporting organisation, a start, a description, the
    funder's code); taken back, each was written as a change of the project."""
    from doingoai.aid.iati_io import aid_iati_import, projects_iati_xml

    made, _created = services.project_upsert(
        actor=SYSTEM,
        data=services.ProjectData(
            iati_identifier="XX-T-400",
            title="Giếng nước cho trường biên giới",
            status="2",
            owner_unit=units.vufo,
            sectors=[("14030", Decimal(100))],
            locations=[location_parse("Quảng Trị")],
            participants=[services.Participant("1", partners["jp"].name, partners["jp"])],
        ),
    )
    assert partners["jp"].iati_identifier and made.participants.get().ref == ""
    before, version = _stored(made), Project.objects.get(pk=made.pk).version
    audit_before = AuditEntry.objects.count()
    data = projects_iati_xml(Project.objects.filter(pk=made.pk))
    result = aid_iati_import(actor=SYSTEM, data=data, source_name="xuat.xml", owner_unit=units.vufo)
    assert result.projects_updated == []
    assert _stored(made) == before and Project.objects.get(pk=made.pk).version == version
    assert Project.objects.get(pk=made.pk).reporting_org_ref == ""
    assert AuditEntry.objects.count() == audit_before


def test_a_province_editor_imports_back_the_template_of_their_province(
    project: Project, units: Units, make_user: Any, client_for: Any
) -> None:
    """The national union's project in Quảng Trị was in the file, and its rows refused the whole import."""
    own = services.ProjectData(
        iati_identifier="XX-T-301",
        title="Bếp ăn bán trú",
        status="2",
        owner_unit=units.quang_tri,
        is_published=True,
        description="",
        sectors=[("11220", Decimal(100))],
        locations=[location_parse("Quảng Trị")],
        participants=[],
    )
    services.project_upsert(actor=SYSTEM, data=own)
    client = client_for(make_user("editor", units.quang_tri))
    exported = client.get("/vien-tro/du-an/?province=44&format=mau-nhap")
    book = load_workbook(io.BytesIO(exported.content), read_only=True)
    assert [r[0] for r in book[PROJECT_SHEET].iter_rows(min_row=2, values_only=True)] == ["XX-T-301"]
    upload = io.BytesIO(exported.content)
    upload.name = "du-an-vien-tro-de-nhap-lai.xlsx"
    response = client.post("/vien-tro/nhap/", {"file": upload})
    assert response.status_code == 302, response.content.decode()
    # The reader still sees, and exports to Excel, every project of the province.
    listed = load_workbook(io.BytesIO(client.get("/vien-tro/du-an/?province=44&format=xlsx").content))
    assert {"XX-T-300", "XX-T-301"} <= {c.value for row in listed.active.iter_rows() for c in row}


@pytest.mark.parametrize("listing", ["/vien-tro/du-an/?format=xlsx", "/vien-tro/giao-dich/?format=xlsx"])
def test_a_list_export_uploaded_back_is_refused_pointing_to_the_template_export(
    project: Project, make_user: Any, client_for: Any, listing: str
) -> None:
    """The list's "Xuất Excel" file, edited and uploaded, was refused for ten columns missing, not why."""
    client = client_for(make_user("coordinator", None))
    upload = io.BytesIO(client.get(listing).content)
    upload.name = "du-an-vien-tro.xlsx"
    response = client.post("/vien-tro/nhap/", {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tệp “du-an-vien-tro.xlsx” là tệp “Xuất Excel” để xem số liệu, không nhập lại được" in page
    assert "Xuất theo mẫu nhập" in page and "thiếu cột" not in page
