"""Units of the same name in the aid registry's imports: a code chooses one, a bare shared name is refused.

The spreadsheet's "Đơn vị quản lý" and role columns, and an IATI file's participating organizations,
name units by the directory's rule (`UnitNames.resolve`): by code, or by a name only one unit has.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from doingoai.accounts.scope import SYSTEM
from doingoai.aid import services
from doingoai.aid.errors import AidImportError
from doingoai.aid.iati_io import aid_iati_import, projects_iati_xml
from doingoai.aid.models import Project
from doingoai.aid.spreadsheets import (
    PROJECT_COLUMNS,
    PROJECT_SHEET,
    projects_template_workbook,
    spreadsheet_import,
    template_workbook,
)
from doingoai.audit.models import AuditEntry
from doingoai.directory import services as directory_services
from doingoai.directory.models import Organization
from tests.aid.test_iati_import import document
from tests.django_fixtures import Units

LAO = "Hội hữu nghị Việt Nam - Lào"
TITLES = [title for _key, title in PROJECT_COLUMNS]


@pytest.fixture
def lao_twins(units: Units) -> tuple[Organization, Organization]:
    """The same association at two levels: under the national union and under Quảng Trị's."""
    national = directory_services.organization_create(
        actor=SYSTEM, name=LAO, kind="friendship_union", parent=units.vufo
    )
    provincial = directory_services.organization_create(
        actor=SYSTEM, name=LAO, kind="friendship_union", parent=units.quang_tri_union, province_code="44"
    )
    return national, provincial


def _row(**cells: Any) -> list[Any]:
    """Return a project row of the template, the cells not given left as a valid project's."""
    values = {"iati_identifier": "XX-T-700", "title": "Lớp học tiếng Lào", "status": "2", **cells}
    return [values.get(key, "") for key, _title in PROJECT_COLUMNS]


def _xlsx(rows: list[list[Any]], titles: list[str] = TITLES) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = PROJECT_SHEET
    sheet.append(titles)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refusal(data: bytes, name: str = "du-an.xlsx") -> list[str]:
    with pytest.raises(AidImportError) as refused:
        spreadsheet_import(actor=SYSTEM, name=name, data=data)
    return refused.value.problems


def _choices(units: Units, national: Organization, provincial: Organization) -> str:
    return (
        f"“{LAO}” có thể là 2 đơn vị: “{LAO}” thuộc “{units.vufo.name}” (mã {national.pk}); "
        f"“{LAO}” thuộc “{units.quang_tri_union.name}” (mã {provincial.pk})."
    )


def test_the_template_has_the_unit_code_column_and_says_when_to_fill_it() -> None:
    book = load_workbook(io.BytesIO(template_workbook()), read_only=True)
    header = next(book[PROJECT_SHEET].iter_rows(values_only=True))
    assert header[-1] == "Mã đơn vị quản lý"
    notes = " ".join(str(r[0]) for r in book["Hướng dẫn"].iter_rows(values_only=True))
    assert "Mã đơn vị quản lý: mã số của đơn vị" in notes and "VN-DOINGOAI-17" in notes


def test_the_owner_unit_is_found_by_code_or_by_a_name_one_unit_alone_has(
    units: Units, lao_twins: tuple[Organization, Organization]
) -> None:
    national, provincial = lao_twins
    # (name cell, code cell, the unit the project goes to, or the problem reported)
    cases: list[tuple[str, Any, Organization | str]] = [
        (
            LAO,
            "",
            "trang “Dự án”, dòng 2, cột E (Đơn vị quản lý): "
            + _choices(units, national, provincial)
            + " Hãy ghi mã của đơn vị cần chọn vào cột N (Mã đơn vị quản lý).",
        ),
        (LAO, provincial.pk, provincial),
        ("", national.pk, national),
        ("hoi huu nghi viet nam - lao", str(provincial.pk), provincial),
        ("VUFO", "", units.vufo),
        (units.quang_tri_union.name.upper(), "", units.quang_tri_union),
        (
            units.ha_noi_union.name,
            provincial.pk,
            f"trang “Dự án”, dòng 2, cột N (Mã đơn vị quản lý): mã {provincial.pk} là đơn vị “{LAO}”, "
            f"không phải “{units.ha_noi_union.name}”: hãy sửa mã hoặc tên đơn vị.",
        ),
        (
            LAO,
            999999,
            "trang “Dự án”, dòng 2, cột N (Mã đơn vị quản lý): không có đơn vị mã “999999” trong danh bạ "
            "(mã đơn vị ghi trên trang của đơn vị).",
        ),
        (
            "Hội hữu nghị Việt Nam - Atlantis",
            "",
            "trang “Dự án”, dòng 2, cột E (Đơn vị quản lý): "
            "không tìm thấy đơn vị “Hội hữu nghị Việt Nam - Atlantis” trong danh bạ.",
        ),
    ]
    for number, (name, code, expected) in enumerate(cases):
        identifier = f"XX-T-7{number:02d}"
        data = _xlsx([_row(iati_identifier=identifier, owner_unit=name, owner_unit_code=code)])
        if isinstance(expected, str):
            assert _refusal(data, name="hoi-lao.xlsx") == ["Tệp “hoi-lao.xlsx”:", expected], (name, code)
            assert not Project.objects.filter(iati_identifier=identifier).exists()
        else:
            spreadsheet_import(actor=SYSTEM, name="hoi-lao.xlsx", data=data)
            assert Project.objects.get(iati_identifier=identifier).owner_unit == expected, (name, code)


def test_a_file_made_before_the_code_column_still_imports_and_is_told_to_add_it_for_a_shared_name(
    units: Units, lao_twins: tuple[Organization, Organization]
) -> None:
    old_titles = TITLES[:-1]
    spreadsheet_import(actor=SYSTEM, name="cu.xlsx", data=_xlsx([_row(owner_unit="VUFO")[:-1]], old_titles))
    assert Project.objects.get(iati_identifier="XX-T-700").owner_unit == units.vufo

    problems = _refusal(_xlsx([_row(iati_identifier="XX-T-701", owner_unit=LAO)[:-1]], old_titles))

    assert problems[1].endswith(
        "Hãy ghi mã của đơn vị cần chọn vào cột “Mã đơn vị quản lý”, thêm cột này vào dòng tiêu đề "
        "như trong mẫu nhập mới."
    )


def test_a_participating_unit_is_found_by_its_code_after_the_name_or_by_a_name_one_unit_alone_has(
    units: Units, lao_twins: tuple[Organization, Organization]
) -> None:
    national, provincial = lao_twins
    # (the implementing organizations' cell, what is stored as (name, unit, ref), or the problem reported)
    cases: list[tuple[str, tuple[str, Organization | None, str] | str]] = [
        (
            LAO,
            "trang “Dự án”, dòng 2, cột L (Tổ chức thực hiện (vai trò 4)): "
            + _choices(units, national, provincial)
            + f" Hãy ghi sau tên mã IATI của đơn vị cần chọn, cách bởi dấu |, như “{LAO} | "
            f"VN-DOINGOAI-{national.pk}” cho đơn vị mã {national.pk}.",
        ),
        (f"{LAO} | VN-DOINGOAI-{provincial.pk}", (LAO, provincial, "")),
        (f"{LAO} | vn-doingoai-{national.pk} | 22", (LAO, national, "")),
        (units.quang_tri_union.name, (units.quang_tri_union.name, units.quang_tri_union, "")),
        ("Hội Chữ thập đỏ huyện | XX-T-RC", ("Hội Chữ thập đỏ huyện", None, "XX-T-RC")),
        (
            f"{units.ha_noi_union.name} | VN-DOINGOAI-{provincial.pk}",
            "trang “Dự án”, dòng 2, cột L (Tổ chức thực hiện (vai trò 4)): "
            f"mã {provincial.pk} là đơn vị “{LAO}”, không phải “{units.ha_noi_union.name}”: "
            "hãy sửa mã hoặc tên đơn vị.",
        ),
        (
            f"{LAO} | VN-DOINGOAI-999999",
            "trang “Dự án”, dòng 2, cột L (Tổ chức thực hiện (vai trò 4)): không có đơn vị mã “999999” "
            "trong danh bạ (mã đơn vị ghi trên trang của đơn vị).",
        ),
    ]
    for number, (cell, expected) in enumerate(cases):
        identifier = f"XX-T-8{number:02d}"
        data = _xlsx([_row(iati_identifier=identifier, owner_unit="VUFO", role_4=cell)])
        if isinstance(expected, str):
            assert _refusal(data, name="hoi-lao.xlsx") == ["Tệp “hoi-lao.xlsx”:", expected], cell
            assert not Project.objects.filter(iati_identifier=identifier).exists()
        else:
            spreadsheet_import(actor=SYSTEM, name="hoi-lao.xlsx", data=data)
            stored = Project.objects.get(iati_identifier=identifier).participants.get()
            assert (stored.name, stored.unit, stored.ref) == expected, cell


@pytest.fixture
def lao_project(
    units: Units, partners: Any, rates: None, lao_twins: tuple[Organization, Organization]
) -> Project:
    """Return a project of the provincial association, carried out by the national one."""
    national, provincial = lao_twins
    data = services.ProjectData(
        iati_identifier="XX-T-900",
        title="Giao lưu thanh niên hai nước",
        status="2",
        owner_unit=provincial,
        is_published=True,
        participants=[
            services.Participant("1", "Sakura Aid", partners["jp"]),
            services.Participant("4", LAO, unit=national, org_type="22"),
        ],
    )
    project, _created = services.project_upsert(actor=SYSTEM, data=data)
    return project


def _stored(project: Project) -> tuple[Any, ...]:
    project.refresh_from_db()
    participants = sorted(
        project.participants.values_list("role", "name", "partner_id", "unit_id", "ref", "org_type")
    )
    return project.owner_unit_id, participants


def test_a_project_of_a_same_named_unit_exported_then_imported_changes_nothing(lao_project: Project) -> None:
    before = _stored(lao_project)
    data = projects_template_workbook(Project.objects.filter(pk=lao_project.pk))
    header, row = list(
        load_workbook(io.BytesIO(data), read_only=True)[PROJECT_SHEET].iter_rows(values_only=True)
    )
    cells = dict(zip(header, row, strict=True))
    assert cells["Mã đơn vị quản lý"] == lao_project.owner_unit_id
    audit_before = AuditEntry.objects.count()

    result = spreadsheet_import(actor=SYSTEM, name="du-an.xlsx", data=data)

    assert (result.projects_kept, result.projects_updated) == (1, [])
    assert _stored(lao_project) == before
    assert AuditEntry.objects.count() == audit_before


def test_an_iati_export_of_same_named_units_imports_back_unchanged(
    lao_project: Project, units: Units
) -> None:
    before = _stored(lao_project)
    data = projects_iati_xml(Project.objects.filter(pk=lao_project.pk))

    result = aid_iati_import(actor=SYSTEM, data=data, source_name="xuat.xml", owner_unit=units.vufo)

    assert result.projects_updated == []
    assert _stored(lao_project) == before


def _lao_activity(participant: str) -> bytes:
    return document(
        f"""
  <iati-activity>
    <iati-identifier>XX-T-950</iati-identifier>
    <reporting-org ref="XX-T-SAK" type="21"><narrative>Sakura Aid</narrative></reporting-org>
    <title><narrative>Trại hè hữu nghị</narrative></title>
    <description type="1"><narrative>Trại hè cho thiếu niên hai nước.</narrative></description>
    <participating-org ref="XX-T-SAK" role="1"><narrative>Sakura Aid</narrative></participating-org>
    {participant}
    <activity-status code="2"/>
    <activity-date type="1" iso-date="2025-01-15"/>
    <recipient-country code="VN"/>
    <sector vocabulary="1" code="14030" percentage="100"/>
  </iati-activity>"""
    )


def test_an_iati_participant_whose_name_two_units_share_is_refused_naming_file_activity_and_field(
    units: Units, partners: Any, rates: None, lao_twins: tuple[Organization, Organization]
) -> None:
    national, provincial = lao_twins
    bare = f'<participating-org role="4"><narrative>{LAO}</narrative></participating-org>'
    with pytest.raises(AidImportError) as refused:
        aid_iati_import(actor=SYSTEM, data=_lao_activity(bare), source_name="hoi.xml", owner_unit=units.vufo)
    assert refused.value.problems == [
        "Tệp “hoi.xml”:",
        "hoạt động “XX-T-950”, participating-org (role 4): "
        + _choices(units, national, provincial)
        + f" Hãy ghi vào ref của participating-org mã IATI của đơn vị cần chọn: “VN-DOINGOAI-{national.pk}”"
        f" cho mã {national.pk}.",
    ]
    assert not Project.objects.exists()

    coded = (
        f'<participating-org role="4" ref="VN-DOINGOAI-{provincial.pk}"><narrative>{LAO}</narrative>'
        "</participating-org>"
    )
    aid_iati_import(actor=SYSTEM, data=_lao_activity(coded), source_name="hoi.xml", owner_unit=units.vufo)
    stored = Project.objects.get().participants.get(role="4")
    assert (stored.unit, stored.ref) == (provincial, "")


def test_the_iati_command_refuses_a_unit_name_two_units_share_and_takes_a_code(
    units: Units, partners: Any, rates: None, lao_twins: tuple[Organization, Organization], tmp_path: Any
) -> None:
    national, provincial = lao_twins
    path = tmp_path / "a.xml"
    path.write_bytes(_lao_activity(""))
    with pytest.raises(CommandError) as refused:
        call_command("aid_import_iati", str(path), "--unit", LAO)
    assert _choices(units, national, provincial) in str(refused.value)
    assert f"--unit {national.pk}" in str(refused.value)
    assert not Project.objects.exists()
    call_command("aid_import_iati", str(path), "--unit", str(provincial.pk), stdout=io.StringIO())
    assert Project.objects.get().owner_unit == provincial


def test_the_import_page_answers_a_shared_name_400_with_the_units_to_choose_from(
    units: Units, lao_twins: tuple[Organization, Organization], make_user: Any, client_for: Any
) -> None:
    national, provincial = lao_twins
    client = client_for(make_user("coordinator", None))
    shared = io.BytesIO(_xlsx([_row(owner_unit=LAO)]))
    shared.name = "hoi-lao.xlsx"

    response = client.post("/vien-tro/nhap/", {"file": shared})

    assert response.status_code == 400
    page = response.content.decode()
    assert "trang “Dự án”, dòng 2, cột E (Đơn vị quản lý): " + _choices(units, national, provincial) in page
    assert "Hãy ghi mã của đơn vị cần chọn vào cột N (Mã đơn vị quản lý)." in page
    coded = io.BytesIO(_xlsx([_row(owner_unit=LAO, owner_unit_code=national.pk)]))
    coded.name = "hoi-lao.xlsx"
    assert client.post("/vien-tro/nhap/", {"file": coded}).status_code == 302
    assert Project.objects.get().owner_unit == national
