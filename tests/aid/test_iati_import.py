from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.errors import AidImportError
from doingoai.aid.iati_io import aid_iati_import
from doingoai.aid.models import ParticipatingOrganization, Project, ProjectLocation, Transaction
from doingoai.audit.models import AuditEntry
from doingoai.directory.models import PartnerOrganization


def activity(
    ident: str = "XX-T-300",
    *,
    location: str = "xã Hướng Phùng, Quảng Trị",
    provider_ref: str = "XX-T-SAK",
    provider_name: str = "Sakura Aid",
    value: str = "50000",
    currency: str = "USD",
    day: str = "2025-03-10",
    extra: str = "",
) -> str:
    return f"""
  <iati-activity>
    <iati-identifier>{ident}</iati-identifier>
    <reporting-org ref="XX-T-SAK" type="21"><narrative>Sakura Aid</narrative></reporting-org>
    <title><narrative>Giếng nước sạch cho trường bản {ident}</narrative></title>
    <description type="1"><narrative>Khoan giếng và lắp bồn lọc cho điểm trường.</narrative></description>
    <participating-org ref="XX-T-SAK" role="1"><narrative>Sakura Aid</narrative></participating-org>
    <participating-org role="4">
      <narrative>Liên hiệp các tổ chức hữu nghị Việt Nam</narrative>
    </participating-org>
    <activity-status code="2"/>
    <activity-date type="1" iso-date="2025-01-15"/>
    <recipient-country code="VN"/>
    <location><name><narrative>{location}</narrative></name></location>
    <sector vocabulary="1" code="14030" percentage="100"/>
    <transaction>
      <transaction-type code="2"/>
      <transaction-date iso-date="{day}"/>
      <value currency="{currency}" value-date="{day}">{value}</value>
      <provider-org ref="{provider_ref}"><narrative>{provider_name}</narrative></provider-org>
    </transaction>
    {extra}
  </iati-activity>"""


def document(*activities: str) -> bytes:
    body = "".join(activities)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<iati-activities version="2.03" generated-datetime="2025-06-01T08:00:00+07:00">{body}\n'
        "</iati-activities>\n"
    ).encode()


DISBURSEMENT = """
    <transaction>
      <transaction-type code="3"/>
      <transaction-date iso-date="2025-08-01"/>
      <value currency="EUR" value-date="2025-08-01">12000.50</value>
      <provider-org ref="XX-T-SAK"><narrative>Sakura Aid</narrative></provider-org>
    </transaction>"""


def test_valid_iati_file_creates_projects_with_locations_roles_and_converted_transactions(
    units: Any, partners: Any, rates: None
) -> None:
    result = aid_iati_import(
        actor=SYSTEM, data=document(activity(extra=DISBURSEMENT)), source_name="a.xml", owner_unit=units.vufo
    )
    assert (result.projects_created, result.transactions_created) == (1, 2)
    project = Project.objects.get(iati_identifier="XX-T-300")
    assert project.owner_unit == units.vufo and not project.is_published
    assert ProjectLocation.objects.get(project=project).province_code == "44"
    funder = ParticipatingOrganization.objects.get(project=project, role="1")
    assert funder.partner == partners["jp"]
    disbursement = Transaction.objects.get(project=project, transaction_type="3")
    assert disbursement.currency == "EUR" and disbursement.value == Decimal("12000.50")
    assert disbursement.value_vnd == Decimal("360015000")  # 12 000,50 EUR at 30 000 VND on 1/7/2025


def test_reimporting_the_same_iati_file_duplicates_nothing(units: Any, partners: Any, rates: None) -> None:
    data = document(activity(extra=DISBURSEMENT))
    aid_iati_import(actor=SYSTEM, data=data, source_name="a.xml", owner_unit=units.vufo)
    again = aid_iati_import(actor=SYSTEM, data=data, source_name="a.xml", owner_unit=units.vufo)
    assert (again.projects_created, again.projects_kept) == (0, 1)
    assert (again.transactions_created, again.transactions_kept) == (0, 2)
    assert Transaction.objects.count() == 2


def test_unknown_provider_with_country_prefix_is_registered_in_the_directory_and_audited(
    units: Any, partners: Any, rates: None
) -> None:
    data = document(activity(provider_ref="GB-CHC-1234567", provider_name="Lantern Trust"))
    aid_iati_import(actor=SYSTEM, data=data, source_name="a.xml", owner_unit=units.vufo)
    partner = PartnerOrganization.objects.get(iati_identifier="GB-CHC-1234567")
    assert (partner.name, partner.country, partner.owner_unit) == ("Lantern Trust", "GB", units.vufo)
    assert Transaction.objects.get().provider == partner
    assert AuditEntry.objects.filter(object_id=str(partner.pk), action="create").exists()


def test_file_with_registry_problems_changes_nothing_and_lists_each(
    units: Any, partners: Any, rates: None
) -> None:
    data = document(
        activity("XX-T-301", location="Tỉnh Không Có"),
        activity("XX-T-302", currency="JPY"),
        activity("XX-T-303", provider_ref="", provider_name="Nobody Known"),
        activity("XX-T-304", provider_ref="ZZ-NEW-1", provider_name="Registered Later", day="2024-02-01"),
    )
    with pytest.raises(AidImportError) as caught:
        aid_iati_import(actor=SYSTEM, data=data, source_name="loi.xml", owner_unit=units.vufo)
    text = "\n".join(caught.value.problems)
    assert "hoạt động “XX-T-301”, location" in text and "Không Có" in text
    assert "hoạt động “XX-T-302”, giao dịch thứ 1, value/@currency" in text and "JPY" in text
    assert "hoạt động “XX-T-303”, tổ chức “Nobody Known”" in text
    assert "hoạt động “XX-T-304”" in text and "01/02/2024" in text  # no USD rate that early
    assert not Project.objects.exists() and not Transaction.objects.exists()
    assert not PartnerOrganization.objects.filter(name="Registered Later").exists()


def test_schema_errors_are_listed_with_file_and_line(units: Any, partners: Any, rates: None) -> None:
    broken = document(activity()).replace(b'<activity-status code="2"/>', b"")
    with pytest.raises(AidImportError) as caught:
        aid_iati_import(actor=SYSTEM, data=broken, source_name="thieu.xml", owner_unit=units.vufo)
    assert any(p.startswith("tệp thieu.xml, dòng") for p in caught.value.problems)
    assert not Project.objects.exists()


def test_file_that_is_not_xml_is_refused_by_its_first_bytes(units: Any) -> None:
    with pytest.raises(AidImportError) as caught:
        aid_iati_import(actor=SYSTEM, data=b"PK\x03\x04 zip", source_name="x.xml", owner_unit=units.vufo)
    assert "không phải tệp XML IATI" in caught.value.problems[0]


def test_province_editor_cannot_import_over_another_provinces_project(
    units: Any, make_user: Any, partners: Any, project_factory: Any
) -> None:
    project_factory("XX-T-300", owner=units.ha_noi, published=False)
    editor = make_user("editor", units.quang_tri)
    with pytest.raises(AidImportError) as caught:
        aid_iati_import(
            actor=editor, data=document(activity()), source_name="a.xml", owner_unit=units.quang_tri
        )
    assert any("không có quyền" in p for p in caught.value.problems)
    assert Project.objects.get(iati_identifier="XX-T-300").title == "Dự án XX-T-300"


def test_another_units_unpublished_project_in_an_iati_file_is_refused_once_without_naming_its_unit(
    units: Any, make_user: Any, partners: Any, project_factory: Any
) -> None:
    """Each such activity was refused twice, once naming the unit that owns the unpublished project."""
    project_factory("XX-T-300", owner=units.ha_noi, published=False)
    editor = make_user("editor", units.quang_tri)
    with pytest.raises(AidImportError) as caught:
        aid_iati_import(
            actor=editor, data=document(activity()), source_name="a.xml", owner_unit=units.quang_tri
        )
    refusals = [p for p in caught.value.problems if "không có quyền" in p]
    assert refusals == ["hoạt động “XX-T-300”, iati-identifier: bạn không có quyền nhập dự án mã “XX-T-300”."]
    assert not any(units.ha_noi.name in p for p in caught.value.problems)


def test_import_page_accepts_an_iati_file(
    units: Any, partners: Any, rates: None, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("editor", units.vufo))
    upload = SimpleUploadedFile("kofih.xml", document(activity()), content_type="application/xml")
    response = client.post("/vien-tro/nhap/", {"file": upload})
    assert response.status_code == 302
    assert Project.objects.get().owner_unit == units.vufo


def test_import_page_lists_iati_problems(
    units: Any, partners: Any, rates: None, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("editor", units.vufo))
    upload = SimpleUploadedFile(
        "kofih.xml", document(activity(currency="JPY")), content_type="application/xml"
    )
    response = client.post("/vien-tro/nhap/", {"file": upload})
    assert response.status_code == 400
    assert "JPY" in response.content.decode()


def test_command_imports_a_file_for_the_given_unit(
    units: Any, partners: Any, rates: None, tmp_path: Path
) -> None:
    path = tmp_path / "a.xml"
    path.write_bytes(document(activity()))
    call_command("aid_import_iati", str(path), "--unit", "VUFO")
    assert Project.objects.get().owner_unit == units.vufo
    assert Transaction.objects.get().date == dt.date(2025, 3, 10)


def test_command_reports_problems_as_an_error(units: Any, partners: Any, rates: None, tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_bytes(document(activity(currency="JPY")))
    with pytest.raises(CommandError, match="JPY"):
        call_command("aid_import_iati", str(path), "--unit", "VUFO")
    assert not Project.objects.exists()


def test_command_names_the_records_a_reimport_changed(
    units: Any, partners: Any, rates: None, tmp_path: Path
) -> None:
    path = tmp_path / "a.xml"
    path.write_bytes(document(activity()))
    call_command("aid_import_iati", str(path), "--unit", "VUFO")
    path.write_bytes(document(activity(value="60000")))
    out = io.StringIO()
    call_command("aid_import_iati", str(path), "--unit", "VUFO", stdout=out)
    assert "Giao dịch đã thay đổi: XX-T-300 · Cam kết chi · 10/03/2025" in out.getvalue()
    assert "Dự án đã thay đổi" not in out.getvalue()  # only the amount changed
    unchanged = io.StringIO()
    call_command("aid_import_iati", str(path), "--unit", "VUFO", stdout=unchanged)
    assert "đã thay đổi" not in unchanged.getvalue()
