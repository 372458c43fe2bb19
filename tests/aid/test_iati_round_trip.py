"""IATI activities imported into the registry come out again as they went in."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from doingoai import iati
from doingoai.accounts.scope import SYSTEM
from doingoai.aid import services
from doingoai.aid.errors import AidImportError
from doingoai.aid.iati_io import aid_iati_import, projects_iati_xml
from doingoai.aid.models import Project, Transaction
from doingoai.directory.services import partner_create
from tests.aid.test_entry_pages import _rows_post, _transaction_post

FIXTURES = Path(__file__).parents[1] / "iati" / "fixtures"
OFFICIAL = sorted((FIXTURES / "official" / "should-pass").glob("*.xml"))
SHOULD_FAIL = sorted((FIXTURES / "official" / "should-fail").glob("*.xml"))
DONOR = FIXTURES / "donor_round_trip.xml"


@pytest.fixture
def registry(units: Any) -> Any:
    """Rates since 2010 and UNDP in the directory (its XM- identifier names no country)."""
    for day in (dt.date(2010, 1, 1), dt.date(2025, 6, 1)):
        for currency, rate in (("USD", 25000), ("EUR", 28000), ("GBP", 32000)):
            services.exchange_rate_set(actor=SYSTEM, date=day, currency=currency, rate=Decimal(rate))
    partner_create(
        actor=SYSTEM,
        owner_unit=units.vufo,
        name="United Nations Development Programme",
        kind="international",
        country="US",
        iati_identifier="XM-DAC-41114",
        is_published=True,
    )
    return units


def _import(path: Path, units: Any) -> Any:
    return aid_iati_import(actor=SYSTEM, data=path.read_bytes(), source_name=path.name, owner_unit=units.vufo)


def _export() -> list[iati.Activity]:
    data = projects_iati_xml(Project.objects.order_by("iati_identifier"))
    return iati.activities_parse(data, source_name="xuat.xml")


def _kept(activity: iati.Activity) -> tuple[Any, ...]:
    """Return what the registry must give back of an activity as a donor wrote it."""
    return (
        activity.iati_identifier,
        activity.reporting_org,
        activity.participating_orgs,
        (activity.planned_start, activity.actual_start, activity.planned_end, activity.actual_end),
        activity.translations,
        activity.contacts,
        activity.policy_markers,
        activity.budgets,
        activity.planned_disbursements,
        activity.document_links,
        [(s.vocabulary, s.code, s.percentage) for s in activity.sectors if s.vocabulary != "1"],
        [(loc.latitude, loc.longitude) for loc in activity.locations],
        [(t.type, t.date, t.value, t.currency, t.receiver_org) for t in activity.transactions],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*OFFICIAL, DONOR], ids=lambda p: p.stem)
def test_imported_activity_is_exported_with_everything_it_held(path: Path, registry: Any) -> None:
    source = iati.activities_parse(path.read_bytes(), source_name=path.name)
    _import(path, registry)
    exported = _export()
    assert [_kept(a) for a in exported] == [_kept(a) for a in source]


@pytest.mark.django_db
def test_exported_file_reimports_to_the_same_activities_element_by_element(registry: Any) -> None:
    for path in [*OFFICIAL, DONOR]:
        _import(path, registry)
    first = _export()
    counts = Transaction.objects.count()
    Project.objects.all().delete()
    for activity in first:
        aid_iati_import(
            actor=SYSTEM,
            data=iati.activities_xml([activity], generated=dt.datetime(2026, 12, 3, tzinfo=dt.UTC)),
            source_name=f"{activity.iati_identifier}.xml",
            owner_unit=registry.vufo,
        )
    again = _export()
    assert Transaction.objects.count() == counts
    assert len(again) == len(first)
    for before, after in zip(first, again, strict=True):
        for field in dataclasses.fields(iati.Activity):
            if field.name == "last_updated":  # the time of the second import
                continue
            assert getattr(after, field.name) == getattr(before, field.name), (
                before.iati_identifier,
                field.name,
            )


@pytest.mark.django_db
def test_donor_activity_keeps_its_reporting_org_sdg_sector_place_text_and_same_day_disbursements(
    registry: Any,
) -> None:
    result = _import(DONOR, registry)
    assert result.transactions_created == 3
    project = Project.objects.get(iati_identifier="DE-CR-VR-204418-QT-07")
    assert (project.reporting_org_ref, project.reporting_org_name) == (
        "DE-CR-VR-204418",
        "Brückenbau Asien e.V.",
    )
    assert sorted(project.sectors.values_list("code", flat=True)) == ["21020", "74020"]  # money split on DAC
    assert list(project.other_sectors.values_list("vocabulary", "code")) == [("7", "4")]
    commune = project.locations.get(commune_code__gt="")
    assert (commune.name, commune.original) == (
        "Xã Hướng Phùng, Tỉnh Quảng Trị",
        "Huong Phung Commune, Quang Tri Province",
    )
    same_day = project.transactions.filter(date=dt.date(2025, 8, 1)).order_by("sequence")
    assert [(t.sequence, t.value, t.receiver_name) for t in same_day] == [
        (0, Decimal("300000"), "Hội Chữ thập đỏ tỉnh Quảng Trị"),
        (1, Decimal("150000"), "Trường Tiểu học Hướng Phùng"),
    ]
    again = _import(DONOR, registry)  # the same file twice changes nothing
    assert (again.transactions_created, again.transactions_kept) == (0, 3)


@pytest.mark.django_db
@pytest.mark.parametrize("path", SHOULD_FAIL, ids=lambda p: p.stem)
def test_official_should_fail_file_is_refused_by_the_registry_in_vietnamese(
    path: Path, registry: Any
) -> None:
    with pytest.raises(AidImportError) as caught:
        _import(path, registry)
    assert any("không đúng lược đồ IATI 2.03" in message for message in caught.value.messages)
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_project_page_shows_the_activitys_dates_budget_documents_and_translation(
    registry: Any, make_user: Any, client_for: Any
) -> None:
    _import(DONOR, registry)
    project = Project.objects.get(iati_identifier="DE-CR-VR-204418-QT-07")
    page = client_for(make_user("coordinator", None)).get(f"/vien-tro/du-an/{project.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Brückenbau Asien e.V. <code>DE-CR-VR-204418</code>" in text
    assert "01/09/2025" in text and "30/06/2027" in text  # planned start and end
    assert "1.200.000,00 EUR" in text  # the budget
    assert 'href="https://brueckenbau-asien.example/qt-07.pdf"' in text
    assert 'lang="vi">Cầu an toàn đến trường ở Quảng Trị<' in text
    assert "Hội Chữ thập đỏ tỉnh Quảng Trị" in text  # receiver of the planned disbursement


@pytest.mark.django_db
def test_project_entered_on_screen_exports_its_orgs_and_budgets_and_reimports_element_by_element(
    registry: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("editor", registry.quang_tri))
    entered = _rows_post(
        registry,
        partners["de"],
        **{
            "budgets-TOTAL_FORMS": "2",
            "budgets-1-period_start": "01/01/2027",
            "budgets-1-period_end": "30/06/2027",
            "budgets-1-value": "350.000,5",
            "budgets-1-currency": "EUR",
            "budgets-1-budget_type": "2",
            "budgets-1-status": "1",
            "planned_start": "01/01/2026",
            "planned_end": "30/06/2027",
        },
    )
    assert client.post("/vien-tro/du-an/them/", entered).status_code == 302
    project = Project.objects.get(iati_identifier="XX-F-1")
    posted = client.post(
        f"/vien-tro/giao-dich/them/?project={project.pk}",
        {**_transaction_post(partners["de"], date="2026-02-10"), "save": "1"},
    )
    assert posted.status_code == 302
    (first,) = _export()
    assert first.participating_orgs == (
        iati.ParticipatingOrg(iati.OrganisationRole.FUNDING, "Brunnen Hilfe", ref="DE-VR-7788", type="21"),
        iati.ParticipatingOrg(
            iati.OrganisationRole.IMPLEMENTING, "Hội Chữ thập đỏ huyện Hướng Hóa", type="22"
        ),
    )
    assert first.budgets == (
        iati.Budget(
            dt.date(2026, 1, 1),
            dt.date(2026, 12, 31),
            Decimal("1200000"),
            "EUR",
            dt.date(2026, 1, 1),
            "1",
            "2",
        ),
        iati.Budget(
            dt.date(2027, 1, 1),
            dt.date(2027, 6, 30),
            Decimal("350000.5"),
            "EUR",
            dt.date(2027, 1, 1),
            "2",
            "1",
        ),
    )
    assert [(t.type.value, t.date, t.value, t.currency) for t in first.transactions] == [
        ("2", dt.date(2026, 2, 10), Decimal("1200000"), "EUR")
    ]
    Project.objects.all().delete()
    aid_iati_import(
        actor=SYSTEM,
        data=iati.activities_xml([first], generated=dt.datetime(2026, 12, 3, tzinfo=dt.UTC)),
        source_name="xuat.xml",
        owner_unit=registry.quang_tri_union,
    )
    (again,) = _export()
    for field in dataclasses.fields(iati.Activity):
        if field.name == "last_updated":
            continue
        assert getattr(again, field.name) == getattr(first, field.name), field.name


@pytest.mark.django_db
def test_a_place_keeps_its_first_written_name_through_export_and_import(
    registry: Any, tmp_path: Path
) -> None:
    _import(DONOR, registry)
    project = Project.objects.get(iati_identifier="DE-CR-VR-204418-QT-07")
    before = sorted(project.locations.values_list("name", "original", "commune_code"))
    assert any(original not in ("", name) for name, original, _code in before)
    exported = projects_iati_xml(Project.objects.filter(pk=project.pk))
    # The name in force is the location's name; the first-written one rides in its description.
    (activity,) = iati.activities_parse(exported, source_name="xuat.xml")
    assert sorted(loc.name for loc in activity.locations) == [name for name, _o, _c in before]
    Project.objects.filter(pk=project.pk).delete()
    again = tmp_path / "xuat.xml"
    again.write_bytes(exported)
    _import(again, registry)
    project = Project.objects.get(iati_identifier="DE-CR-VR-204418-QT-07")
    assert sorted(project.locations.values_list("name", "original", "commune_code")) == before


def test_an_editor_s_iati_export_of_their_projects_imports_back_without_a_refusal(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    """The whole list's file holds other units' projects, which the import refuses one by one."""
    own = project_factory("XX-ED-1", owner=units.quang_tri)
    project_factory("XX-ED-2", owner=units.vufo)  # published: the editor reads it, may not edit it
    editor = make_user("editor", units.quang_tri)
    client = client_for(editor)
    listing = client.get("/vien-tro/du-an/").content.decode()
    assert "editable=1" in listing
    whole = client.get("/vien-tro/iati.xml").content
    assert b"XX-ED-1" in whole and b"XX-ED-2" in whole
    mine = client.get("/vien-tro/iati.xml", {"editable": "1"})
    assert mine.status_code == 200
    assert b"XX-ED-1" in mine.content and b"XX-ED-2" not in mine.content
    before = (own.title, own.owner_unit_id, list(own.transactions.values_list("value", "currency")))
    aid_iati_import(actor=editor, data=mine.content, source_name="cua-toi.xml", owner_unit=units.quang_tri)
    own.refresh_from_db()
    assert (own.title, own.owner_unit_id, list(own.transactions.values_list("value", "currency"))) == before
    # A viewer, who may edit nothing, is not offered the link.
    assert (
        "editable=1"
        not in client_for(make_user("viewer", units.quang_tri)).get("/vien-tro/du-an/").content.decode()
    )


@pytest.mark.django_db
def test_a_file_changing_only_a_budget_names_the_project_it_changed(registry: Any) -> None:
    first = _import(DONOR, registry)
    assert first.projects_updated == []
    project = Project.objects.get(iati_identifier="DE-CR-VR-204418-QT-07")
    version = project.version
    again = _import(DONOR, registry)
    project.refresh_from_db()
    assert (again.projects_updated, project.version) == ([], version)
    (activity,) = iati.activities_parse(DONOR.read_bytes(), source_name=DONOR.name)
    budget = dataclasses.replace(activity.budgets[0], value=activity.budgets[0].value + 1)
    changed = dataclasses.replace(activity, budgets=(budget, *activity.budgets[1:]))
    result = aid_iati_import(
        actor=SYSTEM,
        data=iati.activities_xml([changed], generated=dt.datetime(2026, 12, 3, tzinfo=dt.UTC)),
        source_name="ngan-sach.xml",
        owner_unit=registry.vufo,
    )
    project.refresh_from_db()
    assert result.projects_updated == ["DE-CR-VR-204418-QT-07"]
    assert project.version == version + 1
    assert "1 được sửa, 0 không thay đổi" in result.summary()
