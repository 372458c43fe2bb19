"""Write the aid registry: every change checks scope and is logged in the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.accounts import scope
from doingoai.aid.currency import amount_convert
from doingoai.aid.errors import AidError
from doingoai.aid.locations import Location
from doingoai.aid.models import (
    ExchangeRate,
    ParticipatingOrganization,
    Programme,
    Project,
    ProjectLocation,
    ProjectSector,
    Transaction,
)
from doingoai.audit.models import AuditAction
from doingoai.audit.services import audit_record, audit_snapshot
from doingoai.directory.models import Organization, PartnerOrganization

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Participant:
    """An organization in a project: a partner, a unit of the system, or only a name."""

    role: str
    name: str
    partner: PartnerOrganization | None = None
    unit: Organization | None = None


@dataclass
class ProjectData:
    """Everything a project is written from (a form or a spreadsheet row)."""

    iati_identifier: str
    title: str
    status: str
    owner_unit: Organization
    is_published: bool = False
    description: str = ""
    programme: Programme | None = None
    sectors: list[tuple[str, Decimal]] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)


def sectors_check(sectors: list[tuple[str, Decimal]]) -> None:
    """Raise AidError unless every code has 5 digits, appears once, and the percentages add up to 100."""
    codes = [code for code, _pct in sectors]
    for code, pct in sectors:
        if len(code) != 5 or not code.isdigit():
            raise AidError(_("Mã lĩnh vực “%(code)s” phải là mã DAC 5 chữ số, ví dụ 16030.") % {"code": code})
        if pct <= 0 or pct > HUNDRED:
            raise AidError(_("Tỷ lệ của lĩnh vực %(code)s phải lớn hơn 0 và không quá 100.") % {"code": code})
    if len(set(codes)) != len(codes):
        raise AidError(_("Một mã lĩnh vực được ghi hai lần."))
    total = sum((pct for _code, pct in sectors), Decimal(0))
    if sectors and total != HUNDRED:
        raise AidError(_("Tổng tỷ lệ các lĩnh vực là %(total)s%%, phải bằng 100%%.") % {"total": total})


def _audit_save(actor: Any, instance: models.Model, before: dict[str, Any] | None) -> None:
    instance.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit_record(actor=actor, action=action, instance=instance, before=before)


def _replace_children(
    actor: Any, existing: models.QuerySet[Any], new: list[models.Model], fields: tuple[str, ...]
) -> bool:
    """Replace a project's rows of one kind, logging each deletion and creation; keep them if unchanged."""
    rows = list(existing)

    def key(row: models.Model) -> tuple[str, ...]:
        values = (getattr(row, f) for f in fields)
        return tuple(str(v.normalize() if isinstance(v, Decimal) else v) for v in values)

    if sorted(map(key, rows)) == sorted(map(key, new)):
        return False
    for row in rows:
        before = audit_snapshot(row)
        row.delete()
        audit_record(actor=actor, action=AuditAction.DELETE, instance=row, before=before)
    for row in new:
        row.save()
        audit_record(actor=actor, action=AuditAction.CREATE, instance=row)
    return True


@transaction.atomic
def exchange_rate_set(*, actor: Any, date: dt.date, currency: str, rate: Decimal) -> ExchangeRate:
    """Record the VND rate of `currency` on `date` (coordinators only); it never rewrites transactions."""
    if not scope.user_is_coordinator(actor):
        raise PermissionDenied(_("Chỉ điều phối quốc gia được nhập tỷ giá."))
    if rate <= 0:
        raise AidError(_("Tỷ giá phải lớn hơn 0."))
    found = ExchangeRate.objects.filter(currency=currency.upper(), date=date).first()
    before = audit_snapshot(found) if found else None
    rate_row = found or ExchangeRate(currency=currency.upper(), date=date)
    rate_row.rate = rate
    _audit_save(actor, rate_row, before)
    return rate_row


@transaction.atomic
def programme_upsert(*, actor: Any, code: str, name: str, description: str = "") -> Programme:
    """Create or rename a national programme (coordinators only)."""
    if not scope.user_is_coordinator(actor):
        raise PermissionDenied(_("Chỉ điều phối quốc gia được khai báo chương trình."))
    found = Programme.objects.filter(code=code).first()
    if found and found.name == name and found.description == description:
        return found
    before = audit_snapshot(found) if found else None
    programme = found or Programme(code=code)
    programme.name, programme.description = name, description
    _audit_save(actor, programme, before)
    return programme


@transaction.atomic
def project_upsert(
    *, actor: Any, data: ProjectData, updated: list[str] | None = None
) -> tuple[Project, bool]:
    """Create the project with this IATI identifier, or update it; return it and whether it was created.

    The actor must be able to edit both the project's current owning unit and the new one. When an
    existing project actually changes, its identifier is appended to `updated` (an import reports
    which records it changed).
    """
    sectors_check(data.sectors)
    scope.unit_require_edit(actor, data.owner_unit)
    project = (
        Project.objects.select_related("owner_unit").filter(iati_identifier=data.iati_identifier).first()
    )
    created = project is None
    if project is not None:
        scope.unit_require_edit(actor, project.owner_unit)
    before = audit_snapshot(project) if project is not None else None
    project = project or Project(iati_identifier=data.iati_identifier)
    project.title = data.title
    project.description = data.description
    project.status = data.status
    project.programme = data.programme
    project.owner_unit = data.owner_unit
    project.is_published = data.is_published
    changed = before is None or audit_snapshot(project) != before
    if changed:
        _audit_save(actor, project, before)
    changed |= _replace_children(
        actor,
        project.sectors.all(),
        [ProjectSector(project=project, code=code, percentage=pct) for code, pct in data.sectors],
        ("code", "percentage"),
    )
    changed |= _replace_children(
        actor,
        project.locations.all(),
        [
            ProjectLocation(
                project=project,
                province_code=loc.province_code,
                commune_code=loc.commune_code,
                name=loc.name,
                original=loc.original,
            )
            for loc in data.locations
        ],
        ("province_code", "commune_code", "name", "original"),
    )
    changed |= _replace_children(
        actor,
        project.participants.all(),
        [
            ParticipatingOrganization(
                project=project, role=p.role, name=p.name, partner=p.partner, unit=p.unit
            )
            for p in data.participants
        ],
        ("role", "name", "partner_id", "unit_id"),
    )
    if changed and not created:
        # A change of the project's rows is a change of the project: its `updated_at` moves on
        # (an import started before it then refuses to overwrite it).
        Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())
        if updated is not None:
            updated.append(project.iati_identifier)
    return project, created


@transaction.atomic
def transaction_upsert(
    *,
    actor: Any,
    project: Project,
    transaction_type: str,
    date: dt.date,
    provider: PartnerOrganization,
    value: Decimal,
    currency: str,
    description: str = "",
    updated: list[str] | None = None,
) -> tuple[Transaction, bool]:
    """Record a transaction, or update the one with the same natural key; convert it with today's rates.

    The natural key is (project, type, date, provider). The conversion to VND and USD is done here,
    once (`doingoai.aid.currency`); re-recording an unchanged amount keeps the stored conversion.
    """
    scope.unit_require_edit(actor, project.owner_unit)
    currency = currency.upper()
    found = Transaction.objects.filter(
        project=project, transaction_type=transaction_type, date=date, provider=provider
    ).first()
    if (
        found is not None
        and found.value == value
        and found.currency == currency
        and found.description == description
    ):
        return found, False
    conversion = amount_convert(value=value, currency=currency, on=date)
    before = audit_snapshot(found) if found is not None else None
    row = found or Transaction(
        project=project, transaction_type=transaction_type, date=date, provider=provider
    )
    row.value, row.currency, row.description = value, currency, description
    row.rate, row.rate_date, row.value_vnd = conversion.rate, conversion.rate_date, conversion.value_vnd
    row.usd_rate, row.usd_rate_date = conversion.usd_rate, conversion.usd_rate_date
    row.value_usd = conversion.value_usd
    _audit_save(actor, row, before)
    Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())
    if found is not None and updated is not None:
        updated.append(f"{project.iati_identifier} · {transaction_type} · {date:%d/%m/%Y}")
    return row, found is None
