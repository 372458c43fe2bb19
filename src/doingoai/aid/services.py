"""Write the aid registry: every change checks scope and is logged in the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai import iati
from doingoai.accounts import scope
from doingoai.aid.currency import amount_convert, currency_check
from doingoai.aid.errors import AidError
from doingoai.aid.locations import Location
from doingoai.aid.models import (
    ExchangeRate,
    ParticipatingOrganization,
    Programme,
    Project,
    ProjectBudget,
    ProjectContact,
    ProjectDocumentLink,
    ProjectLocation,
    ProjectOtherSector,
    ProjectPlannedDisbursement,
    ProjectPolicyMarker,
    ProjectSector,
    ProjectTranslation,
    Transaction,
)
from doingoai.aid.sectors import sector_name
from doingoai.analysis.text import entity_key
from doingoai.audit.concurrency import version_check, version_claim
from doingoai.audit.models import AuditAction
from doingoai.audit.services import audit_record, audit_snapshot
from doingoai.directory.models import Organization, PartnerOrganization

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Participant:
    """An organization in a project: a partner, a unit of the system, or only a name.

    `ref` and `org_type` are its IATI identifier and OrganisationType code, when known.
    """

    role: str
    name: str
    partner: PartnerOrganization | None = None
    unit: Organization | None = None
    ref: str = ""
    org_type: str = ""


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
    # The four IATI activity dates (planned/actual start and end), when the caller sets them
    # (the project form); None leaves the stored dates alone (imports set them with the details).
    dates: dict[str, dt.date | None] | None = None
    # The project's budgets, when the caller sets them (the project form); None leaves the stored
    # budgets alone (an IATI import sets them with the activity's other details).
    budgets: list[iati.Budget] | None = None


PROJECT_DATE_FIELDS = ("planned_start", "actual_start", "planned_end", "actual_end")


def sectors_check(sectors: list[tuple[str, Decimal]]) -> None:
    """Raise AidError unless every code has 5 digits, appears once, and the percentages add up to 100."""
    codes = [code for code, _pct in sectors]
    for code, pct in sectors:
        if len(code) != 5 or not code.isdigit():
            raise AidError(_("Mã lĩnh vực “%(code)s” phải là mã DAC 5 chữ số, ví dụ 16030.") % {"code": code})
        if not sector_name(code):  # in neither our list nor IATI's Sector codelist
            raise AidError(_("Mã lĩnh vực “%(code)s” không có trong danh mục DAC của IATI.") % {"code": code})
        if pct <= 0 or pct > HUNDRED:
            raise AidError(_("Tỷ lệ của lĩnh vực %(code)s phải lớn hơn 0 và không quá 100.") % {"code": code})
    if len(set(codes)) != len(codes):
        raise AidError(_("Một mã lĩnh vực được ghi hai lần."))
    total = sum((pct for _code, pct in sectors), Decimal(0))
    if sectors and total != HUNDRED:
        raise AidError(_("Tổng tỷ lệ các lĩnh vực là %(total)s%%, phải bằng 100%%.") % {"total": total})


BUDGET_PERIOD_MAX_DAYS = 366


def budget_period_problem(start: dt.date, end: dt.date) -> str | None:
    """Return why a budget period is refused (its end before its start, or longer than a year), or None.

    IATI asks that a budget cover one year at most, so yearly figures can be compared.
    """
    if end < start:
        return _("Ngày kết thúc (%(end)s) trước ngày bắt đầu (%(start)s).") % {
            "end": end.strftime("%d/%m/%Y"),
            "start": start.strftime("%d/%m/%Y"),
        }
    if (end - start).days >= BUDGET_PERIOD_MAX_DAYS:
        return _("Kỳ ngân sách từ %(start)s đến %(end)s dài hơn một năm: hãy chia thành từng năm.") % {
            "end": end.strftime("%d/%m/%Y"),
            "start": start.strftime("%d/%m/%Y"),
        }
    return None


def budgets_check(budgets: list[iati.Budget]) -> None:
    """Raise AidError naming the budget row whose period or value the registry cannot hold."""
    problems = []
    for number, budget in enumerate(budgets, start=1):
        problem = budget_period_problem(budget.period_start, budget.period_end)
        if problem is None and budget.value < 0:
            problem = _("Số tiền ngân sách không được âm.")
        if problem is not None:
            problems.append(_("Ngân sách dòng %(n)d: %(problem)s") % {"n": number, "problem": problem})
    if problems:
        raise AidError(problems)


def _audit_save(actor: Any, instance: models.Model, before: dict[str, Any] | None) -> None:
    instance.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit_record(actor=actor, action=action, instance=instance, before=before)


def _replace_children(
    actor: Any, existing: models.QuerySet[Any], new: list[models.Model], fields: tuple[str, ...] = ()
) -> bool:
    """Replace a project's rows of one kind, logging each deletion and creation; keep them if unchanged.

    Rows are compared on `fields`, by default every column of the model but its id and project.
    """
    rows = list(existing)
    if not fields:
        fields = tuple(
            f.attname
            for f in existing.model._meta.concrete_fields
            if not f.primary_key and f.name != "project"
        )

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
    currency = currency_check(currency)
    if not rate.is_finite() or rate <= 0:
        raise AidError(_("Tỷ giá phải lớn hơn 0."))
    found = ExchangeRate.objects.filter(currency=currency, date=date).first()
    before = audit_snapshot(found) if found else None
    rate_row = found or ExchangeRate(currency=currency, date=date)
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
    if found is not None:
        # The version moves on so that an edit form open elsewhere notices the change.
        version_claim(instance=found, expected=None)
    before = audit_snapshot(found) if found else None
    programme = found or Programme(code=code)
    programme.name, programme.description = name, description
    _audit_save(actor, programme, before)
    return programme


@transaction.atomic
def _dates_check(dates: dict[str, dt.date | None]) -> None:
    """Refuse an end before its start (planned with planned, actual with actual)."""
    for kind, label in (("planned", _("dự kiến")), ("actual", _("thực tế"))):
        start, end = dates.get(f"{kind}_start"), dates.get(f"{kind}_end")
        if start is not None and end is not None and end < start:
            raise AidError(
                _("Ngày kết thúc %(kind)s (%(end)s) trước ngày bắt đầu %(kind)s (%(start)s).")
                % {"kind": label, "end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")}
            )


def project_upsert(
    *, actor: Any, data: ProjectData, updated: list[str] | None = None, version_moves: bool = True
) -> tuple[Project, bool]:
    """Create the project with this IATI identifier, or update it; return it and whether it was created.

    The actor must be able to edit both the project's current owning unit and the new one. When an
    existing project actually changes, its identifier is appended to `updated` (an import reports
    which records it changed) and its version moves on, unless the caller moved it already
    (`version_moves=False`: a form's save, checked against the version it was filled from).
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
    project.title_key = entity_key(data.title)
    project.description = data.description
    project.status = data.status
    project.programme = data.programme
    project.owner_unit = data.owner_unit
    project.is_published = data.is_published
    if data.dates is not None:
        _dates_check(data.dates)
        for name in PROJECT_DATE_FIELDS:
            setattr(project, name, data.dates.get(name))
    changed = before is None or audit_snapshot(project) != before
    if changed:
        _audit_save(actor, project, before)
    changed |= _replace_children(
        actor,
        project.sectors.all(),
        [ProjectSector(project=project, code=code, percentage=pct) for code, pct in data.sectors],
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
        # Not the coordinates: an IATI import sets them apart, and the form must not drop them.
        ("province_code", "commune_code", "name", "original"),
    )
    changed |= _replace_children(
        actor,
        project.participants.all(),
        [
            ParticipatingOrganization(
                project=project,
                role=p.role,
                name=p.name,
                partner=p.partner,
                unit=p.unit,
                ref=p.ref,
                org_type=p.org_type,
            )
            for p in data.participants
        ],
    )
    if data.budgets is not None:
        budgets_check(data.budgets)
        changed |= _budgets_replace(actor, project, data.budgets)
    if changed and not created:
        # A change of the project's rows is a change of the project: its `updated_at` moves on
        # (an import started before it then refuses to overwrite it), and its version, so that an
        # edit form opened before it notices.
        Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())
        if version_moves:
            version_claim(instance=project, expected=None)
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
    sequence: int = 0,
) -> tuple[Transaction, bool]:
    """Record a transaction, or update the one with the same natural key; convert it with today's rates.

    The natural key is (project, type, date, provider, sequence): `sequence` tells apart several
    transactions of one day, type and provider by their order in the source. The conversion to VND
    and USD is done here, once (`doingoai.aid.currency`); re-recording an unchanged amount keeps the
    stored conversion.
    """
    scope.unit_require_edit(actor, project.owner_unit)
    currency = currency.upper()
    found = Transaction.objects.filter(
        project=project, transaction_type=transaction_type, date=date, provider=provider, sequence=sequence
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
        project=project, transaction_type=transaction_type, date=date, provider=provider, sequence=sequence
    )
    row.value, row.currency, row.description = value, currency, description
    row.rate, row.rate_date, row.value_vnd = conversion.rate, conversion.rate_date, conversion.value_vnd
    row.usd_rate, row.usd_rate_date = conversion.usd_rate, conversion.usd_rate_date
    row.value_usd = conversion.value_usd
    _audit_save(actor, row, before)
    Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())
    if found is not None and updated is not None:
        # Named as the pages name it ("Giải ngân"), not by its IATI code ("3"), which no user reads.
        updated.append(f"{project.iati_identifier} · {row.get_transaction_type_display()} · {date:%d/%m/%Y}")
    return row, found is None


def _org_fields(org: iati.Organisation | None) -> tuple[str, str, str]:
    if org is None:
        return "", "", ""
    return org.ref or "", org.name[:255], org.type or ""


def planned_start_default(project: Project) -> dt.date:
    """Return the start an IATI export gives a project without dates (IATI requires one).

    The date of its first transaction, or of its creation when it has none.
    """
    first = project.transactions.aggregate(first=models.Min("date"))["first"]
    return first or timezone.localdate(project.created_at)


OWN_REF_PREFIX = "VN-DOINGOAI-"


def own_reporting_ref(unit_id: int) -> str:
    """Return a unit's IATI code, which tells it from another unit of the same name in a file.

    A project reports under it when its own unit reports it (no donor did).
    """
    return f"{OWN_REF_PREFIX}{unit_id}"


def own_unit_code(ref: str) -> str:
    """Return the unit code an IATI code of `own_reporting_ref` carries ("VN-DOINGOAI-17": "17"), else ""."""
    cleaned = ref.strip().upper()
    code = cleaned.removeprefix(OWN_REF_PREFIX)
    return code if code != cleaned and code.isdecimal() else ""


@transaction.atomic
def project_iati_details_set(
    *, actor: Any, project: Project, activity: iati.Activity, updated: list[str] | None = None
) -> bool:
    """Store what an IATI activity says beyond the registry's columns; return whether anything changed.

    The reporting organisation, the four activity dates, other sector vocabularies, translations,
    contacts, policy markers, budgets, planned disbursements, document links, location points and
    transaction receivers are replaced by the activity's, each change audited. The project's
    transactions and locations must already be written, in the activity's order. A change is
    reported in `updated` as `project_upsert` reports one (once per project).
    """
    scope.unit_require_edit(actor, project.owner_unit)
    before = audit_snapshot(project)
    reporting_ref, reporting_name, reporting_type = _org_fields(activity.reporting_org)
    if reporting_ref == own_reporting_ref(project.owner_unit_id):
        # The export names the owning unit when no donor reported the activity: taken back, the
        # project keeps reporting as its unit, not as an organisation of that name.
        reporting_ref = reporting_name = reporting_type = ""
    project.reporting_org_ref, project.reporting_org_name = reporting_ref, reporting_name
    project.reporting_org_type = reporting_type
    project.default_lang = activity.default_lang or ""
    dateless = not any((project.planned_start, project.actual_start, project.planned_end, project.actual_end))
    planned_start = activity.planned_start
    if (
        dateless
        and planned_start == planned_start_default(project)
        and not any((activity.actual_start, activity.planned_end, activity.actual_end))
    ):
        planned_start = None  # the start the export gave it, taken back: it still has none of its own
    project.planned_start, project.actual_start = planned_start, activity.actual_start
    project.planned_end, project.actual_end = activity.planned_end, activity.actual_end
    changed = audit_snapshot(project) != before
    if changed:
        _audit_save(actor, project, before)
    others = [s for s in activity.sectors if s.vocabulary != iati.DAC_SECTOR_VOCABULARY]
    changed |= _replace_children(
        actor,
        project.other_sectors.all(),
        [
            ProjectOtherSector(
                project=project, position=n, vocabulary=s.vocabulary, code=s.code, percentage=s.percentage
            )
            for n, s in enumerate(others)
        ],
    )
    changed |= _replace_children(
        actor,
        project.translations.all(),
        [
            ProjectTranslation(project=project, position=n, part=t.part, lang=t.lang, text=t.text)
            for n, t in enumerate(activity.translations)
        ],
    )
    changed |= _replace_children(
        actor,
        project.contacts.all(),
        [
            ProjectContact(
                project=project,
                position=n,
                contact_type=c.type or "",
                organisation=c.organisation[:255],
                person_name=c.person_name[:255],
                job_title=c.job_title[:255],
                telephone=c.telephone[:100],
                email=c.email[:255],
                website=c.website[:500],
                mailing_address=c.mailing_address,
            )
            for n, c in enumerate(activity.contacts)
        ],
    )
    changed |= _replace_children(
        actor,
        project.policy_markers.all(),
        [
            ProjectPolicyMarker(
                project=project,
                position=n,
                vocabulary=m.vocabulary,
                code=m.code,
                significance=m.significance or "",
            )
            for n, m in enumerate(activity.policy_markers)
        ],
    )
    changed |= _budgets_replace(actor, project, list(activity.budgets))
    planned_rows = []
    for n, p in enumerate(activity.planned_disbursements):
        provider_ref, provider_name, provider_type = _org_fields(p.provider_org)
        receiver_ref, receiver_name, receiver_type = _org_fields(p.receiver_org)
        planned_rows.append(
            ProjectPlannedDisbursement(
                project=project,
                position=n,
                disbursement_type=p.type or "",
                period_start=p.period_start,
                period_end=p.period_end,
                value=p.value,
                currency=p.currency,
                value_date=p.value_date,
                provider_ref=provider_ref,
                provider_name=provider_name,
                provider_type=provider_type,
                receiver_ref=receiver_ref,
                receiver_name=receiver_name,
                receiver_type=receiver_type,
            )
        )
    changed |= _replace_children(
        actor,
        project.planned_disbursements.all(),
        planned_rows,
    )
    changed |= _replace_children(
        actor,
        project.document_links.all(),
        [
            ProjectDocumentLink(
                project=project,
                position=n,
                url=d.url,
                format=d.format,
                title=d.title[:500],
                categories=" ".join(d.categories),
                languages=" ".join(d.languages),
                document_date=d.document_date,
            )
            for n, d in enumerate(activity.document_links)
        ],
    )
    for row, location in zip(project.locations.order_by("pk"), activity.locations, strict=False):
        if (row.latitude, row.longitude) != (location.latitude, location.longitude):
            row_before = audit_snapshot(row)
            row.latitude, row.longitude = location.latitude, location.longitude
            _audit_save(actor, row, row_before)
            changed = True
    changed |= _receivers_set(actor, project, activity)
    if changed:
        # An edit form opened before the import now notices it, as after a save on screen.
        version_claim(instance=project, expected=None)
        if updated is not None and project.iati_identifier not in updated:
            updated.append(project.iati_identifier)
    return changed


def _budgets_replace(actor: Any, project: Project, budgets: list[iati.Budget]) -> bool:
    """Replace the project's budgets by `budgets`, in their order, each change audited."""
    return _replace_children(
        actor,
        project.budgets.all(),
        [
            ProjectBudget(
                project=project,
                position=n,
                budget_type=b.type,
                status=b.status,
                period_start=b.period_start,
                period_end=b.period_end,
                value=b.value,
                currency=b.currency,
                value_date=b.value_date,
            )
            for n, b in enumerate(budgets)
        ],
    )


def _receivers_set(actor: Any, project: Project, activity: iati.Activity) -> bool:
    """Set each transaction's receiver from the activity's, matched by type, day, amount and order."""
    changed = False
    rows: dict[tuple[Any, ...], list[Transaction]] = {}
    for row in project.transactions.order_by("sequence", "pk"):
        key = (row.transaction_type, row.date, row.value.normalize(), row.currency)
        rows.setdefault(key, []).append(row)
    for item in activity.transactions:
        matching = rows.get((item.type.value, item.date, item.value.normalize(), item.currency))
        if not matching:
            continue
        row = matching.pop(0)
        receiver = _org_fields(item.receiver_org)
        if (row.receiver_ref, row.receiver_name, row.receiver_type) != receiver:
            row_before = audit_snapshot(row)
            row.receiver_ref, row.receiver_name, row.receiver_type = receiver
            _audit_save(actor, row, row_before)
            changed = True
    return changed


def _identifier_check(identifier: str, *, exclude: int | None = None) -> None:
    taken = Project.objects.filter(iati_identifier=identifier)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise AidError(
            {
                "iati_identifier": _(
                    "Mã IATI “%(identifier)s” đã được dùng cho một dự án khác: hãy chọn mã khác."
                )
                % {"identifier": identifier}
            }
        )


@transaction.atomic
def project_create(*, actor: Any, data: ProjectData) -> Project:
    """Create a project from a form; an IATI identifier already in use is refused, naming the field."""
    scope.unit_require_edit(actor, data.owner_unit)
    _identifier_check(data.iati_identifier)
    project, _created = project_upsert(actor=actor, data=data)
    return project


@transaction.atomic
def project_update(*, actor: Any, project: Project, data: ProjectData, expected_version: int) -> Project:
    """Change a project from a form that was filled from version `expected_version`.

    The actor must be able to edit the project's unit and the new one. A save based on an older
    version raises `StaleEditError` and changes nothing; a new IATI identifier must be free.
    """
    scope.unit_require_edit(actor, project.owner_unit)
    scope.unit_require_edit(actor, data.owner_unit)
    sectors_check(data.sectors)
    renamed = data.iati_identifier != project.iati_identifier
    if renamed:
        _identifier_check(data.iati_identifier, exclude=project.pk)
    if renamed:
        version_claim(instance=project, expected=expected_version)
        before = audit_snapshot(project)
        project.iati_identifier = data.iati_identifier
        _audit_save(actor, project, before)
        updated, _created = project_upsert(actor=actor, data=data, version_moves=False)
        return updated
    # Checked under the row's lock, then moved on only if the save changes something
    # (`project_upsert`): a form saved as it was must not refuse the same project open elsewhere.
    version_check(instance=project, expected=expected_version)
    updated, _created = project_upsert(actor=actor, data=data)
    return updated


def _transaction_convert(row: Any) -> None:
    # `row` is a Transaction; typed Any because the stubs see ExactDecimalField, not Decimal, on it.
    conversion = amount_convert(value=row.value, currency=row.currency, on=row.date)
    row.rate, row.rate_date, row.value_vnd = conversion.rate, conversion.rate_date, conversion.value_vnd
    row.usd_rate, row.usd_rate_date = conversion.usd_rate, conversion.usd_rate_date
    row.value_usd = conversion.value_usd


def _transaction_convert_and_save(actor: Any, row: Any, before: dict[str, Any] | None) -> None:
    _transaction_convert(row)
    try:
        with transaction.atomic():
            _audit_save(actor, row, before)
    except IntegrityError as exc:
        # The registry's identity of a transaction (its unique constraint) is already taken.
        raise AidError(
            _(
                "Dự án đã có một giao dịch cùng loại, cùng ngày %(date)s và cùng bên cấp vốn: "
                "hãy sửa giao dịch đó thay vì thêm mới."
            )
            % {"date": row.date.strftime("%d/%m/%Y")}
        ) from exc


@transaction.atomic
def transaction_create(
    *,
    actor: Any,
    project: Project,
    transaction_type: str,
    date: dt.date,
    provider: PartnerOrganization,
    value: Decimal,
    currency: str,
    description: str = "",
) -> Transaction:
    """Record a new transaction from a form, converted to VND and USD once, here (`aid.currency`).

    A second transaction of the same type, day and provider is a new one, not a duplicate (two
    disbursements on one day happen): it takes the next `sequence`, as an IATI file's order does.
    """
    scope.unit_require_edit(actor, project.owner_unit)
    same_day = Transaction.objects.filter(
        project=project, transaction_type=transaction_type, date=date, provider=provider
    ).aggregate(last=models.Max("sequence"))["last"]
    row = Transaction(
        project=project,
        transaction_type=transaction_type,
        date=date,
        provider=provider,
        value=value,
        currency=currency_check(currency),
        description=description,
        sequence=0 if same_day is None else same_day + 1,
    )
    _transaction_convert_and_save(actor, row, None)
    return row


@transaction.atomic
def transaction_update(
    *,
    actor: Any,
    row: Transaction,
    expected_version: int,
    transaction_type: str,
    date: dt.date,
    provider: PartnerOrganization,
    value: Decimal,
    currency: str,
    description: str = "",
) -> Transaction:
    """Change a transaction from a form filled from version `expected_version`; convert it again.

    The conversion is redone with the rates known now for the (possibly new) date and currency,
    so an edit is also how a conversion made with a stale rate is corrected. A save based on an
    older version raises `StaleEditError` and changes nothing.
    """
    scope.unit_require_edit(actor, row.project.owner_unit)
    currency = currency_check(currency)
    stored = audit_snapshot(Transaction.objects.get(pk=row.pk))
    changed: Any = row
    changed.transaction_type, changed.date, changed.provider = transaction_type, date, provider
    changed.value, changed.currency, changed.description = value, currency, description
    _transaction_convert(changed)
    if _unchanged(audit_snapshot(changed), stored):
        # Nothing to write: the version stays, so a form open in another tab is not refused for
        # a change that did not happen (and what was sent is what is stored).
        return row
    version_claim(instance=row, expected=expected_version)
    before = {**stored, "version": row.version}  # the log shows what changed, not the version
    _transaction_convert_and_save(actor, changed, before)
    return row


def _unchanged(after: dict[str, Any], before: dict[str, Any]) -> bool:
    """Return whether two snapshots of a record hold the same values, whatever their versions."""
    return {k: v for k, v in after.items() if k != "version"} == {
        k: v for k, v in before.items() if k != "version"
    }


@transaction.atomic
def transaction_delete(*, actor: Any, row: Transaction, expected_version: int) -> None:
    """Delete a transaction recorded by mistake, from a page filled from version `expected_version`.

    The deletion is logged with everything the transaction held; the totals follow at once (the
    records revision moves with the write). A page showing an older version is refused
    (`StaleEditError`), so a change made meanwhile is not deleted unseen.
    """
    scope.unit_require_edit(actor, row.project.owner_unit)
    version_claim(instance=row, expected=expected_version)
    before = audit_snapshot(Transaction.objects.get(pk=row.pk))
    audit_record(actor=actor, action=AuditAction.DELETE, instance=row, before=before)
    row.delete()


@transaction.atomic
def programme_update(
    *, actor: Any, programme: Programme, code: str, name: str, description: str, expected_version: int
) -> Programme:
    """Change a programme (coordinators only) from a form filled from version `expected_version`.

    A code already used by another programme is refused, naming the field; a save based on an
    older version raises `StaleEditError` and changes nothing.
    """
    if not scope.user_is_coordinator(actor):
        raise PermissionDenied(_("Chỉ điều phối quốc gia được khai báo chương trình."))
    if Programme.objects.filter(code=code).exclude(pk=programme.pk).exists():
        raise AidError(
            {"code": _("Mã chương trình “%(code)s” đã được dùng: hãy chọn mã khác.") % {"code": code}}
        )
    version_claim(instance=programme, expected=expected_version)
    before = audit_snapshot(Programme.objects.get(pk=programme.pk))
    programme.code, programme.name, programme.description = code, name, description
    _audit_save(actor, programme, before)
    return programme
