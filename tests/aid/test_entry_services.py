"""The registry's entry services: create and change projects and transactions, versioned and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from doingoai.accounts.scope import SYSTEM
from doingoai.aid import services
from doingoai.aid.errors import AidError
from doingoai.aid.locations import location_parse
from doingoai.aid.models import Project, Transaction
from doingoai.audit.concurrency import StaleEditError
from doingoai.audit.models import AuditEntry


def _data(units: Any, ident: str = "XX-E-1", **changes: Any) -> services.ProjectData:
    values: dict[str, Any] = {
        "iati_identifier": ident,
        "title": "Nhà an toàn cho vùng lũ",
        "status": "2",
        "owner_unit": units.quang_tri_union,
        "sectors": [("16040", Decimal(60)), ("74020", Decimal(40))],
        "locations": [location_parse("Quảng Trị")],
    }
    values.update(changes)
    return services.ProjectData(**values)


def test_province_editor_creates_a_project_with_two_sectors(units: Any, make_user: Any) -> None:
    editor = make_user("editor", units.quang_tri)
    project = services.project_create(actor=editor, data=_data(units))
    assert sorted(project.sectors.values_list("code", "percentage")) == [
        ("16040", Decimal(60)),
        ("74020", Decimal(40)),
    ]
    assert project.version == 1
    assert AuditEntry.objects.filter(object_id=str(project.pk), action="create").exists()


def test_identifier_in_use_is_refused_naming_the_field(units: Any, make_user: Any) -> None:
    editor = make_user("editor", units.quang_tri)
    services.project_create(actor=editor, data=_data(units))
    with pytest.raises(AidError) as caught:
        services.project_create(actor=editor, data=_data(units, title="Khác"))
    assert "iati_identifier" in caught.value.message_dict
    assert "Mã IATI" in caught.value.message_dict["iati_identifier"][0]


def test_editor_of_another_province_cannot_create_for_it(units: Any, make_user: Any) -> None:
    editor = make_user("editor", units.ha_noi)
    with pytest.raises(PermissionDenied):
        services.project_create(actor=editor, data=_data(units))
    assert not Project.objects.exists()


def test_update_based_on_old_version_is_refused_and_names_the_change(units: Any, make_user: Any) -> None:
    first, second = make_user("editor", units.quang_tri), make_user("editor", units.quang_tri)
    project = services.project_create(actor=first, data=_data(units))
    services.project_update(
        actor=first, project=project, data=_data(units, title="Tên mới của An"), expected_version=1
    )
    stale = Project.objects.get(pk=project.pk)
    with pytest.raises(StaleEditError) as caught:
        services.project_update(
            actor=second, project=stale, data=_data(units, title="Tên của Bình"), expected_version=1
        )
    text = " ".join(caught.value.messages)
    assert "Tên mới của An" in text and first.username in text
    assert caught.value.current_version == 2
    assert Project.objects.get(pk=project.pk).title == "Tên mới của An"


def test_update_changes_sectors_identifier_and_version(units: Any, make_user: Any) -> None:
    editor = make_user("editor", units.quang_tri)
    project = services.project_create(actor=editor, data=_data(units))
    changed = services.project_update(
        actor=editor,
        project=project,
        data=_data(units, ident="XX-E-2", sectors=[("16040", Decimal(100))]),
        expected_version=1,
    )
    assert changed.pk == project.pk and changed.iati_identifier == "XX-E-2"
    assert list(changed.sectors.values_list("code", flat=True)) == ["16040"]
    assert Project.objects.get(pk=project.pk).version == 2


def test_transaction_is_converted_once_and_changes_are_versioned(
    units: Any, make_user: Any, partners: Any, rates: None
) -> None:
    editor = make_user("editor", units.quang_tri)
    project = services.project_create(actor=editor, data=_data(units))
    row = services.transaction_create(
        actor=editor,
        project=project,
        transaction_type="2",
        date=dt.date(2025, 7, 10),
        provider=partners["de"],
        value=Decimal("1200000"),
        currency="eur",
    )
    assert (row.currency, row.rate_date, row.value_vnd) == (
        "EUR",
        dt.date(2025, 7, 1),
        Decimal("36000000000"),
    )
    assert row.value_usd == Decimal("1384615.38")
    services.transaction_update(
        actor=editor,
        row=Transaction.objects.get(pk=row.pk),
        expected_version=1,
        transaction_type="2",
        date=dt.date(2025, 7, 10),
        provider=partners["de"],
        value=Decimal("1000000"),
        currency="EUR",
    )
    with pytest.raises(StaleEditError):
        services.transaction_update(
            actor=editor,
            row=Transaction.objects.get(pk=row.pk),
            expected_version=1,
            transaction_type="2",
            date=dt.date(2025, 7, 10),
            provider=partners["de"],
            value=Decimal("5"),
            currency="EUR",
        )
    stored = Transaction.objects.get(pk=row.pk)
    assert (stored.value, stored.value_vnd, stored.version) == (Decimal(1000000), Decimal("30000000000"), 2)


def test_unknown_currency_is_refused_as_unknown_not_as_missing_rate(
    units: Any, make_user: Any, partners: Any, rates: None
) -> None:
    editor = make_user("editor", units.quang_tri)
    project = services.project_create(actor=editor, data=_data(units))
    with pytest.raises(AidError) as caught:
        services.transaction_create(
            actor=editor,
            project=project,
            transaction_type="2",
            date=dt.date(2025, 7, 10),
            provider=partners["de"],
            value=Decimal(10),
            currency="XYZ",
        )
    assert "ISO 4217" in caught.value.messages[0]
    with pytest.raises(AidError, match="ISO 4217"):
        services.exchange_rate_set(actor=SYSTEM, date=dt.date(2025, 7, 1), currency="EUX", rate=Decimal(1))


def test_two_disbursements_on_one_day_from_one_provider_are_both_kept(
    units: Any, make_user: Any, partners: Any, rates: None
) -> None:
    editor = make_user("editor", units.quang_tri)
    project = services.project_create(actor=editor, data=_data(units))
    fields: dict[str, Any] = {
        "project": project,
        "transaction_type": "3",
        "date": dt.date(2025, 7, 10),
        "provider": partners["de"],
        "value": Decimal(10),
        "currency": "EUR",
    }
    first = services.transaction_create(actor=editor, **fields)
    second = services.transaction_create(actor=editor, **fields)
    assert (first.sequence, second.sequence) == (0, 1)
    assert Transaction.objects.filter(project=project).count() == 2


def test_a_transaction_saved_with_only_its_description_changed_logs_only_the_description(
    project_factory: Any, partners: Any
) -> None:
    """The amount typed again as "1.200.000" was logged as changed: "1.200.000 VND → 1.200.000 VND"."""
    project = project_factory("XX-S-LOG", value="1200000", currency="VND")
    row = project.transactions.get()
    services.transaction_upsert(
        actor=SYSTEM,
        project=project,
        transaction_type=row.transaction_type,
        date=row.date,
        provider=row.provider,
        value=Decimal("1200000"),
        currency="VND",
        description="Đợt một",
    )
    entry = AuditEntry.objects.filter(object_id=str(row.pk), action="update").latest("pk")
    changed = {name for name in entry.after if entry.before.get(name) != entry.after[name]}
    assert changed == {"description"}


def test_saving_a_transaction_unchanged_does_not_refuse_the_edit_open_in_another_tab(
    project_factory: Any,
) -> None:
    """A save that changed nothing moved the version: the other tab was refused with no change to show."""
    project = project_factory("XX-S-NOOP")
    row = project.transactions.get()
    opened = row.version
    same = {
        "transaction_type": row.transaction_type,
        "date": row.date,
        "provider": row.provider,
        "value": Decimal("1000000"),
        "currency": "usd",
        "description": row.description,
    }
    entries = AuditEntry.objects.count()
    services.transaction_update(
        actor=SYSTEM, row=Transaction.objects.get(pk=row.pk), expected_version=opened, **same
    )
    assert AuditEntry.objects.count() == entries
    changed = {**same, "description": "Đợt một"}
    services.transaction_update(
        actor=SYSTEM, row=Transaction.objects.get(pk=row.pk), expected_version=opened, **changed
    )
    assert Transaction.objects.get(pk=row.pk).description == "Đợt một"
    with pytest.raises(StaleEditError):  # a real change still refuses the tab opened before it
        services.transaction_update(
            actor=SYSTEM, row=Transaction.objects.get(pk=row.pk), expected_version=opened, **same
        )


def test_saving_a_project_unchanged_does_not_refuse_the_edit_open_in_another_tab(
    units: Any, make_user: Any
) -> None:
    """The project form saved as it was moved the version: the other tab was refused with nothing to show."""
    editor = make_user("editor", units.quang_tri)
    project = services.project_create(actor=editor, data=_data(units))
    services.project_update(actor=editor, project=project, data=_data(units), expected_version=1)
    assert Project.objects.get(pk=project.pk).version == 1
    services.project_update(
        actor=editor,
        project=Project.objects.get(pk=project.pk),
        data=_data(units, title="Tên mới"),
        expected_version=1,
    )
    assert Project.objects.get(pk=project.pk).version == 2
    with pytest.raises(StaleEditError):  # a real change still refuses the tab opened before it
        services.project_update(
            actor=editor, project=Project.objects.get(pk=project.pk), data=_data(units), expected_version=1
        )
