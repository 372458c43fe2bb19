"""The audit page reads like the forms: labels, unit names, choices, money, local dates; filters; XLSX."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.aid.models import ProjectBudget, Transaction
from doingoai.audit.display import entries_shown, field_label, value_shown
from doingoai.audit.models import AuditEntry
from doingoai.audit.selectors import audit_filter_choices
from doingoai.directory import services
from doingoai.directory.models import PartnerOrganization
from doingoai.tasks.models import DeadlineChange, ProgressReport
from tests.django_fixtures import Units

MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]


def _partner_moved(units: Units) -> PartnerOrganization:
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.quang_tri, name="Quỹ Hòa Bình", kind="ngo", country="JP"
    )
    services.partner_update(
        actor=SYSTEM,
        partner=partner,
        name="Quỹ Hòa Bình",
        kind="ngo",
        country="JP",
        is_published=True,
        owner_unit=units.quang_tri_union,
    )
    return partner


def test_a_moved_partner_reads_with_unit_names_and_yes_no(units: Units) -> None:
    partner = _partner_moved(units)
    entry = AuditEntry.objects.get(
        content_type__model="partnerorganization", object_id=str(partner.pk), action="update"
    )
    with translation.override("vi"):
        (shown,) = entries_shown([entry])
    changes = {c.label: (c.before, c.after) for c in shown.changes}
    assert changes["Đơn vị quản lý"] == (units.quang_tri.name, units.quang_tri_union.name)
    assert changes["Đã công bố"] == ("Không", "Có")
    assert "Khóa tìm kiếm" not in changes and "Phiên bản" not in changes  # internal fields hidden
    assert shown.kind.startswith("Đối tác") and shown.url == f"/danh-ba/doi-tac/{partner.pk}/"


def test_the_page_shows_labels_names_and_the_link_not_ids(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    partner = _partner_moved(units)
    html = client_for(make_user("coordinator", units.vufo)).get("/nhat-ky/").content.decode()
    assert f"<del>{units.quang_tri.name}</del> → <ins>{units.quang_tri_union.name}</ins>" in html
    assert f'href="/danh-ba/doi-tac/{partner.pk}/"' in html
    assert "owner_unit" not in html and "is_published" not in html and "name_key" not in html
    assert "<del>Không</del> → <ins>Có</ins>" in html


def test_a_create_lists_the_choice_label_not_its_code(units: Units) -> None:
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.quang_tri, name="Hội Hữu nghị Mẫu", kind="ngo", country="JP"
    )
    entry = AuditEntry.objects.get(content_type__model="partnerorganization", object_id=str(partner.pk))
    with translation.override("vi"):
        (shown,) = entries_shown([entry])
    kind = next(c for c in shown.changes if c.label == "Loại")
    assert kind.before == "" and kind.after == PartnerOrganization(kind="ngo").get_kind_display()
    assert kind.after != "ngo"


@pytest.mark.parametrize(
    ("field", "value", "snapshot", "shown"),
    [
        ("value", "1200000.00", {"currency": "VND"}, "1.200.000 VND"),
        ("value", "48075.25", {"currency": "USD"}, "48.075,25 USD"),
        ("value_vnd", "1200000", {}, "1.200.000 VND"),
        ("date", "2026-07-01", {}, "01/07/2026"),
        ("rate", "25400.5", {}, "25.400,5"),
        ("description", None, {}, "(trống)"),
    ],
)
def test_money_dates_and_numbers_are_written_the_vietnamese_way(
    field: str, value: object, snapshot: dict[str, object], shown: str
) -> None:
    with translation.override("vi"):
        assert value_shown(Transaction._meta.get_field(field), value, snapshot, {}) == shown


def test_times_are_shown_in_ho_chi_minh_time(units: Units) -> None:
    from doingoai.aid.models import Project

    moment = dt.datetime(2026, 12, 3, 20, 30, tzinfo=dt.UTC)  # 03:30 the next day in Hà Nội
    with translation.override("vi"):
        assert (
            value_shown(Project._meta.get_field("updated_at"), moment.isoformat(), {}, {})
            == "04/12/2026 03:30"
        )


def test_names_are_read_with_one_query_per_related_model(units: Units) -> None:
    for n in range(6):
        _partner_moved(units) if n == 0 else services.partner_create(
            actor=SYSTEM, owner_unit=units.ha_noi, name=f"Đối tác {n}", kind="ngo", country="KR"
        )
    entries = list(AuditEntry.objects.select_related("content_type"))
    assert len(entries) > 10
    with CaptureQueriesContext(connection) as queries:
        entries_shown(entries)
    assert len(queries) == 1  # the units behind every owner_unit and parent, at once


def test_filters_by_person_unit_kind_action_and_dates(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    alice = make_user("editor", units.quang_tri, username="bientap.qt")
    bob = make_user("editor", units.ha_noi, username="bientap.hn")
    services.person_create(actor=alice, owner_unit=units.quang_tri, full_name="Lê Thị Quảng")
    services.person_create(actor=bob, owner_unit=units.ha_noi, full_name="Đỗ Văn Hà")
    services.partner_create(
        actor=bob, owner_unit=units.ha_noi, name="Seoul Friends", kind="ngo", country="KR"
    )
    client = client_for(make_user("coordinator", units.vufo))

    def names(**query: str) -> set[str]:
        html = client.get("/nhat-ky/", query).content.decode()
        return {n for n in ("Lê Thị Quảng", "Đỗ Văn Hà", "Seoul Friends") if n in html}

    assert names(actor="bientap.qt") == {"Lê Thị Quảng"}
    assert names(unit=str(units.ha_noi.pk)) == {"Đỗ Văn Hà", "Seoul Friends"}
    assert names(model="directory.person") == {"Lê Thị Quảng", "Đỗ Văn Hà"}
    assert names(action="delete") == set()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert names(date_from=today, date_to=today) == {"Lê Thị Quảng", "Đỗ Văn Hà", "Seoul Friends"}
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert names(date_from=tomorrow) == set()
    # Each person and each kind of record is offered once in the filters, however many entries.
    actors, kinds = audit_filter_choices(user=make_user("coordinator", units.vufo, username="dieuphoi.2"))
    assert actors == ["bientap.hn", "bientap.qt"]
    assert len(kinds) == len(set(kinds))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"date_from": "31/02/2026"},
            "Tham số “date_from”: Ngày 31/02/2026 không có: tháng 2 năm 2026 chỉ có 28",
        ),
        ({"date_from": "20/02/2026x"}, "Tham số “date_from”: ngày không hợp lệ"),
        ({"date_to": "hôm qua"}, "Tham số “date_to”: ngày không hợp lệ"),
        (
            {"date_from": "10/12/2026", "date_to": "01/12/2026"},
            "“Đến ngày” (01/12/2026) trước “Từ ngày” (10/12/2026)",
        ),
        ({"action": "drop"}, "Tham số “action”: giá trị “drop” không có trong danh sách."),
    ],
)
def test_bad_filters_get_a_vietnamese_message_naming_the_parameter(
    units: Units, make_user: MakeUser, client_for: ClientFor, query: dict[str, str], message: str
) -> None:
    response = client_for(make_user("coordinator", units.vufo)).get("/nhat-ky/", query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (
        client_for(make_user("coordinator", units.vufo))
        .get("/nhat-ky/", {**query, "format": "xlsx"})
        .status_code
        == 400
    )


def test_a_unit_outside_the_editors_scope_is_refused(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    response = client_for(make_user("editor", units.quang_tri)).get("/nhat-ky/", {"unit": units.ha_noi.pk})
    assert response.status_code == 400
    assert "Tham số “unit”" in response.content.decode()


def _sheet_rows(response: object) -> list[tuple[object, ...]]:
    book = load_workbook(io.BytesIO(response.content))  # type: ignore[attr-defined]
    return list(book.active.iter_rows(values_only=True))


def test_xlsx_export_reads_like_the_page_and_keeps_the_scope(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    _partner_moved(units)
    services.partner_create(
        actor=SYSTEM, owner_unit=units.ha_noi, name='=HYPERLINK("x")', kind="ngo", country="KR"
    )
    response = client_for(make_user("editor", units.quang_tri)).get(
        "/nhat-ky/", {"model": "directory.partnerorganization", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="nhat-ky-thay-doi.xlsx"'
    header, *rows = _sheet_rows(response)
    assert header == ("Thời điểm", "Người thực hiện", "Thao tác", "Loại dữ liệu", "Đối tượng", "Thay đổi")
    assert [r[4] for r in rows] == ["Quỹ Hòa Bình", "Quỹ Hòa Bình"]  # Hà Nội's unpublished partner stays out
    update = rows[0]
    assert update[2] == "Cập nhật" and update[1] == "hệ thống"
    assert f"Đơn vị quản lý: {units.quang_tri.name} → {units.quang_tri_union.name}" in str(update[5])
    assert isinstance(update[0], dt.datetime)
    local = timezone.localtime(AuditEntry.objects.order_by("id").filter(action="update").last().created_at)
    assert update[0] == local.replace(tzinfo=None, microsecond=update[0].microsecond)

    coordinator_rows = _sheet_rows(
        client_for(make_user("coordinator", units.vufo)).get("/nhat-ky/", {"format": "xlsx"})
    )
    formula = next(r for r in coordinator_rows if str(r[4]).startswith("=HYPERLINK"))
    assert formula[4] == '=HYPERLINK("x")'  # kept as text, not a formula
    book = load_workbook(
        io.BytesIO(
            client_for(make_user("coordinator", units.vufo)).get("/nhat-ky/", {"format": "xlsx"}).content
        )
    )
    cell = next(c for c in book.active["E"] if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s" and cell.quotePrefix


def test_amounts_keep_their_decimals_exact() -> None:
    with translation.override("vi"):
        assert (
            value_shown(Transaction._meta.get_field("value_usd"), str(Decimal("0.50")), {}, {}) == "0,50 USD"
        )


def test_a_foreign_key_without_its_own_label_takes_its_models_name() -> None:
    with translation.override("vi"):
        assert field_label(Transaction._meta.get_field("project")) == "Dự án viện trợ"
        assert field_label(Transaction._meta.get_field("provider")) == "Bên cấp vốn"


def test_fields_without_a_label_of_their_own_are_not_shown_in_english(db: None) -> None:
    # A budget's place in its file ("position") is no field of any form: the log read "Position: 0".
    entry = AuditEntry(
        action="create",
        content_type=ContentType.objects.get_for_model(ProjectBudget),
        object_id="3",
        after={"position": 0, "currency": "USD", "period_start": "2026-03-01"},
    )
    with translation.override("vi"):
        (shown,) = entries_shown([entry])
    labels = [c.label for c in shown.changes]
    assert "Position" not in labels
    assert labels == ["Từ ngày", "Tiền tệ"]


def test_records_are_named_in_the_log_with_vietnamese_dates_not_as_python_objects() -> None:
    budget = ProjectBudget(
        pk=3,
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2027, 2, 28),
        value=Decimal("1234.56"),
        currency="USD",
    )
    change = DeadlineChange(pk=2, old_deadline=dt.date(2026, 6, 30), new_deadline=dt.date(2026, 9, 30))
    report = ProgressReport(pk=1, reported_on=dt.date(2026, 11, 20), percent=60)
    transaction = Transaction(
        transaction_type="2", date=dt.date(2025, 7, 15), value=Decimal(15000), currency="USD"
    )
    with translation.override("vi"):
        names = [str(budget), str(change), str(report), str(transaction)]
    assert names == [
        "01/03/2026 – 28/02/2027: 1.234,56 USD",
        "30/06/2026 → 30/09/2026",
        "20/11/2026: 60%",
        "Cam kết chi 15/07/2025: 15.000,00 USD",
    ]


def test_an_entry_stored_with_pythons_default_name_is_shown_by_its_number(db: None) -> None:
    # Entries written before the budget had a name of its own read "ProjectBudget object (3)".
    entry = AuditEntry(
        action="create",
        content_type=ContentType.objects.get_for_model(ProjectBudget),
        object_id="3",
        object_repr="ProjectBudget object (3)",
        after={"currency": "USD"},
    )
    with translation.override("vi"):
        (shown,) = entries_shown([entry])
    assert shown.name == "#3"


def test_a_users_entry_shows_the_same_fields_in_english_and_a_year_without_grouping(db: None) -> None:
    """Django labels "username" with a word that reads as its name in English: it is still a label."""
    from doingoai.accounts.models import User
    from doingoai.reporting.models import Strategy

    entry = AuditEntry(
        action="create",
        content_type=ContentType.objects.get_for_model(User),
        object_id="9",
        after={"username": "walk.qt", "role": "viewer", "is_active": True},
    )
    for language in ("vi", "en"):
        with translation.override(language):
            (shown,) = entries_shown([entry])
        assert len(shown.changes) == 3, (language, shown.changes)
        assert "walk.qt" in [c.after for c in shown.changes]
    years = AuditEntry(
        action="create",
        content_type=ContentType.objects.get_for_model(Strategy),
        object_id="1",
        after={"name": "Chiến lược", "start_year": 2025, "end_year": 2030},
    )
    with translation.override("vi"):
        (shown,) = entries_shown([years])
    assert {c.after for c in shown.changes} >= {"2025", "2030"}
