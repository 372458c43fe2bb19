"""Exchange the aid registry as IATI 2.03 activity XML (`doingoai.iati`): import and export.

Import. `aid_iati_import` reads a file with `activities_parse` (schema and codelists), then puts
every activity and transaction through the same checks and upsert keys as the spreadsheet import
(`spreadsheets.ImportBatch`): a project by its IATI identifier, a transaction by project, type,
date, provider and its order among that day's transactions of the same type and provider in the
file (two disbursements on one day are two transactions). An IATI file does not say which unit
owns a project, to which national programme it belongs or whether it is published: a new project
goes to `owner_unit`, unpublished and with no programme; an existing project keeps its owner,
programme and publication. A provider (or funding organization) is matched in the directory by
IATI identifier, then by name; one that is unknown is registered through
`directory.services.partner_create` (audited), its country read from the prefix of its IATI
identifier. A participating organization that is a unit of the system is matched by its IATI code
(`services.own_reporting_ref`, which the export writes), or by a name only one unit has; a name
several units share is refused (file, activity, field), never matched to one of them. Sectors
in the DAC 5-digit vocabulary are the ones money is split on; sectors in other vocabularies (SDG
goals...) are kept beside them. Place names are read in Vietnamese or English ("Quang Tri
Province") into the units in force, the text kept. What the activity holds beyond the
registry's columns (reporting organisation, dates, budgets, planned disbursements, documents,
contacts, policy markers, points, receivers, translations) is stored by
`services.project_iati_details_set`. All of it is written in one transaction, or nothing.

Export. `projects_iati_xml` writes projects as activities with `activities_xml`, which validates
the file before returning it. The recipient country is Viet Nam and each location is its name in
the units in force. An imported activity keeps its reporting organisation and dates; a project
entered here reports as its owning unit and, when it has no dates, its planned start is the date
of its first transaction, so that the file re-imports to the same projects and transactions.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai import iati
from doingoai.aid import services
from doingoai.aid.errors import AidImportError
from doingoai.aid.models import ParticipatingOrganization, Project
from doingoai.aid.spreadsheets import (
    Bad,
    ImportBatch,
    ImportResult,
    ParticipantFields,
    ProjectFields,
    TransactionFields,
)
from doingoai.directory.countries import country_codes
from doingoai.directory.errors import DirectoryError
from doingoai.directory.models import Organization, PartnerKind, PartnerOrganization
from doingoai.directory.services import partner_create

MAX_BYTES = iati.MAX_BYTES
HUNDRED = Decimal(100)
RECIPIENT_COUNTRY = "VN"
DAC_VOCABULARY = "1"
# OrganisationType codes of international bodies (multilateral, public-private, academic networks).
_INTERNATIONAL_TYPES = {"40", "70", "71", "72", "73", "90"}
_NGO_TYPES = {"21", "22", "23", "24"}

# Names of the activity's parts, for messages, by the spreadsheet column key the checks report.
_FIELD_NAMES = {
    "iati_identifier": "iati-identifier",
    "title": "title",
    "status": "activity-status",
    "programme": "activity",
    "owner_unit": "activity",
    "sectors": "sector",
    "locations": "location",
    "role_1": "participating-org (role 1)",
    "role_2": "participating-org (role 2)",
    "role_3": "participating-org (role 3)",
    "role_4": "participating-org (role 4)",
    "project": "transaction",
    "type": "transaction-type",
    "date": "transaction-date",
    "value": "value",
    "currency": "value/@currency",
    "provider": "provider-org",
}


def iati_looks_like_xml(data: bytes) -> bool:
    """Return whether the first bytes are those of an XML document (a BOM, then `<`), in UTF-8, 16 or 32."""
    head = data[:64]
    for bom in (
        codecs.BOM_UTF8,
        codecs.BOM_UTF32_LE,
        codecs.BOM_UTF32_BE,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
    ):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    return head.replace(b"\x00", b"").lstrip().startswith(b"<")


def _org_names(org: iati.Organisation | iati.ParticipatingOrg) -> list[str]:
    """Return how the directory may know an organization: its IATI identifier, then its name."""
    return [text for text in (org.ref or "", org.name) if text.strip()]


def _partner_kind(org_type: str | None) -> str:
    if org_type in _NGO_TYPES:
        return str(PartnerKind.NGO)
    if org_type in _INTERNATIONAL_TYPES:
        return str(PartnerKind.INTERNATIONAL)
    return str(PartnerKind.OTHER)


def _partners_register(
    *, actor: Any, activities: list[iati.Activity], owner_unit: Organization, batch: ImportBatch
) -> None:
    """Register in the directory each provider or funder the directory does not know yet."""
    lookups = batch.lookups
    wanted: dict[str, tuple[str, iati.Organisation | iati.ParticipatingOrg]] = {}
    for activity in activities:
        orgs: list[iati.Organisation | iati.ParticipatingOrg] = [
            org for org in activity.participating_orgs if org.role == iati.OrganisationRole.FUNDING
        ]
        orgs += [t.provider_org for t in activity.transactions if t.provider_org is not None]
        for org in orgs:
            names = _org_names(org)
            if not names or any(lookups.partner(name) for name in names):
                continue
            if services.own_unit_code(org.ref or ""):
                continue  # a unit of the system by its code (`own_reporting_ref`), not a partner to register
            wanted.setdefault(names[0].casefold(), (activity.iati_identifier, org))
    created: list[PartnerOrganization] = []
    for identifier, org in wanted.values():
        where = _("hoạt động “%(id)s”, tổ chức “%(name)s”") % {"id": identifier, "name": org.name or org.ref}
        country = (org.ref or "").split("-", 1)[0].upper()
        if not org.name or country not in country_codes():
            batch.problems.append(
                f"{where}: "
                + _(
                    "tổ chức chưa có trong danh bạ và không đủ thông tin để đăng ký (cần tên và mã IATI "
                    "bắt đầu bằng mã quốc gia): hãy thêm đối tác này vào danh bạ trước."
                )
            )
            continue
        try:
            created.append(
                partner_create(
                    actor=actor,
                    owner_unit=owner_unit,
                    name=org.name,
                    kind=_partner_kind(org.type),
                    country=country,
                    iati_identifier=org.ref or "",
                )
            )
        except DirectoryError as exc:
            batch.problems.append(f"{where}: " + " ".join(exc.messages))
    for partner in created:
        for key in {partner.iati_identifier, partner.name}:
            if key:
                lookups.partners.setdefault(key.casefold(), []).append(partner)


def _participant_code_advice(unit: Organization) -> str:
    """Say how an activity names the unit meant among units of the same name: by its IATI code."""
    return _(
        "Hãy ghi vào ref của participating-org mã IATI của đơn vị cần chọn: “%(ref)s” cho mã %(code)d."
    ) % {"ref": services.own_reporting_ref(unit.pk), "code": unit.pk}


def _reporter(problems: list[str], where: str) -> Bad:
    def bad(key: str, message: str) -> None:
        problems.append(f"{where}, {_FIELD_NAMES.get(key, key)}: {message}")

    return bad


# A place converted to the units in force keeps the name it was first written with; the export
# carries it in the location's description, and an import reads the place from it again, so a
# round trip keeps both (IATI has no element for a former name).
ORIGINAL_PREFIX = "Tên ghi ban đầu: "


def _location_text(location: iati.Location) -> str:
    """Return the text a location is read from: its first-written name when the export kept it."""
    if location.description.startswith(ORIGINAL_PREFIX):
        original = location.description.removeprefix(ORIGINAL_PREFIX).strip()
        if original:
            return original
    return location.name


def _activity_fields(activity: iati.Activity, owner_unit: Organization, bad: Bad) -> ProjectFields:
    """Return the registry's columns of an activity; sectors in other vocabularies are stored apart."""
    sectors = [
        (sector.code, sector.percentage if sector.percentage is not None else HUNDRED)
        for sector in activity.sectors
        if sector.vocabulary == DAC_VOCABULARY
    ]
    return ProjectFields(
        identifier=activity.iati_identifier,
        title=activity.title,
        status=activity.status.value,
        owner=owner_unit,
        # The export writes the title where a project has no description (IATI requires one).
        description="" if activity.description == activity.title else activity.description,
        sectors=sectors,
        locations=[_location_text(location) for location in activity.locations],
        participants=[
            ParticipantFields(org.role.value, _org_names(org), ref=org.ref or "", org_type=org.type or "")
            for org in activity.participating_orgs
            if _org_names(org)
        ],
        keep_current=True,
    )


def _transaction_fields(activity: iati.Activity, item: iati.Transaction) -> TransactionFields:
    provider = item.provider_org
    names = _org_names(provider) if provider is not None else []
    if not names:
        funders = [o for o in activity.participating_orgs if o.role == iati.OrganisationRole.FUNDING]
        if len(funders) == 1:
            names = _org_names(funders[0])
    return TransactionFields(
        project=activity.iati_identifier,
        transaction_type=item.type.value,
        date=item.date,
        value=item.value,
        currency=item.currency,
        provider=names,
        description=item.description[:500],
        repeatable=True,  # two disbursements on one day from one provider are two, in the file's order
    )


def aid_iati_import(
    *,
    actor: Any,
    data: bytes,
    source_name: str,
    owner_unit: Organization,
    started: dt.datetime | None = None,
) -> ImportResult:
    """Import an IATI 2.03 activities file into the registry, all of it or nothing.

    Raise AidImportError listing every problem: the file's (schema, codelists, with line numbers)
    or, once it is valid IATI, the registry's (scope, missing exchange rate, unknown province...),
    or that a project it would write was changed after `started` (default: now, as reading begins).
    """
    started = started or timezone.now()
    if len(data) > MAX_BYTES:
        raise AidImportError(
            [
                _("Tệp “%(name)s” quá lớn (tối đa %(limit)d MB).")
                % {"name": source_name, "limit": MAX_BYTES // 2**20}
            ]
        )
    if not iati_looks_like_xml(data):
        raise AidImportError([_("Tệp “%(name)s” không phải tệp XML IATI.") % {"name": source_name}])
    try:
        activities = iati.activities_parse(data, source_name=source_name)
    except iati.IatiError as exc:
        raise AidImportError(exc.messages) from exc
    with transaction.atomic():
        batch = ImportBatch(actor, started=started, participant_code_advice=_participant_code_advice)
        _partners_register(actor=actor, activities=activities, owner_unit=owner_unit, batch=batch)
        for activity in activities:
            where = _("hoạt động “%(id)s”") % {"id": activity.iati_identifier}
            bad = _reporter(batch.problems, where)
            batch.project_add(_activity_fields(activity, owner_unit, bad), bad, where)
        for activity in activities:
            for number, item in enumerate(activity.transactions, start=1):
                where = _("hoạt động “%(id)s”, giao dịch thứ %(n)d") % {
                    "id": activity.iati_identifier,
                    "n": number,
                }
                bad = _reporter(batch.problems, where)
                batch.transaction_add(_transaction_fields(activity, item), bad, where)
        result = batch.write(source_name)
        projects = Project.objects.select_related("owner_unit").in_bulk(
            [a.iati_identifier for a in activities], field_name="iati_identifier"
        )
        for activity in activities:
            services.project_iati_details_set(
                actor=actor,
                project=projects[activity.iati_identifier],
                activity=activity,
                # A project the file created is not one it changed.
                updated=result.projects_updated if activity.iati_identifier in batch.existing else None,
            )
        return result


def _reporting_organisation(project: Project) -> iati.Organisation:
    """Return the reporting organisation: the donor's, as imported, or the owning unit's (public sector)."""
    if project.reporting_org_ref:
        return iati.Organisation(
            name=project.reporting_org_name,
            ref=project.reporting_org_ref,
            type=project.reporting_org_type or None,
        )
    unit = project.owner_unit
    return iati.Organisation(name=unit.name, ref=services.own_reporting_ref(unit.pk), type="10")


def _named_organisation(ref: str, name: str, org_type: str) -> iati.Organisation | None:
    if not (ref or name):
        return None
    return iati.Organisation(name=name, ref=ref or None, type=org_type or None)


def _partner_organisation(partner: PartnerOrganization) -> iati.Organisation:
    return iati.Organisation(name=partner.name, ref=partner.iati_identifier or None)


def _participating_orgs(project: Project) -> tuple[iati.ParticipatingOrg, ...]:
    """Return the project's organizations; IATI needs one, so a project with none names its owner."""
    orgs = tuple(
        iati.ParticipatingOrg(
            role=iati.OrganisationRole(p.role),
            name=p.name,
            ref=p.ref or _participant_ref(p),
            type=p.org_type or None,
        )
        for p in project.participants.all()
    )
    return orgs or (
        iati.ParticipatingOrg(
            role=iati.OrganisationRole.ACCOUNTABLE,
            name=project.owner_unit.name,
            ref=services.own_reporting_ref(project.owner_unit_id),
        ),
    )


def _participant_ref(participant: ParticipatingOrganization) -> str | None:
    """Return the IATI code written for a participant without its own: its partner's, or its unit's.

    A unit's code (`own_reporting_ref`) is how the import tells it from a unit of the same name.
    """
    if participant.partner is not None:
        return participant.partner.iati_identifier or None
    if participant.unit_id is not None:
        return services.own_reporting_ref(participant.unit_id)
    return None


def _iati_details(project: Project) -> dict[str, Any]:
    """Return the activity's parts stored beside the registry's columns (see project_iati_details_set)."""
    return {
        "default_lang": project.default_lang or None,
        "translations": tuple(
            iati.Translation(part=t.part, lang=t.lang, text=t.text) for t in project.translations.all()
        ),
        "contacts": tuple(
            iati.ContactInfo(
                type=c.contact_type or None,
                organisation=c.organisation,
                person_name=c.person_name,
                job_title=c.job_title,
                telephone=c.telephone,
                email=c.email,
                website=c.website,
                mailing_address=c.mailing_address,
            )
            for c in project.contacts.all()
        ),
        "policy_markers": tuple(
            iati.PolicyMarker(code=m.code, vocabulary=m.vocabulary, significance=m.significance or None)
            for m in project.policy_markers.all()
        ),
        "budgets": tuple(
            iati.Budget(
                period_start=b.period_start,
                period_end=b.period_end,
                value=b.value,
                currency=b.currency,
                value_date=b.value_date,
                type=b.budget_type,
                status=b.status,
            )
            for b in project.budgets.all()
        ),
        "planned_disbursements": tuple(
            iati.PlannedDisbursement(
                period_start=p.period_start,
                period_end=p.period_end,
                value=p.value,
                currency=p.currency,
                value_date=p.value_date,
                type=p.disbursement_type or None,
                provider_org=_named_organisation(p.provider_ref, p.provider_name, p.provider_type),
                receiver_org=_named_organisation(p.receiver_ref, p.receiver_name, p.receiver_type),
            )
            for p in project.planned_disbursements.all()
        ),
        "document_links": tuple(
            iati.DocumentLink(
                url=d.url,
                format=d.format,
                title=d.title,
                categories=tuple(d.categories.split()),
                languages=tuple(d.languages.split()),
                document_date=d.document_date,
            )
            for d in project.document_links.all()
        ),
    }


def project_activity(project: Project) -> iati.Activity:
    """Return a project (its parts prefetched, see `IATI_PREFETCH`) as an IATI activity.

    IATI requires an activity date: a project with none of the four gets as planned start the date
    of its first transaction (or of its creation when it has none).
    """
    transactions = sorted(
        project.transactions.all(), key=lambda t: (t.date, t.transaction_type, t.sequence, t.pk)
    )
    dates = (project.planned_start, project.actual_start, project.planned_end, project.actual_end)
    planned_start = project.planned_start
    if not any(dates):
        planned_start = min((t.date for t in transactions), default=timezone.localdate(project.created_at))
        # The rule of `services.planned_start_default`, which an import of this file recognizes.
    sectors = [
        iati.Sector(code=s.code, vocabulary=DAC_VOCABULARY, percentage=s.percentage)
        for s in project.sectors.all()
    ]
    sectors += [
        iati.Sector(code=s.code, vocabulary=s.vocabulary, percentage=s.percentage)
        for s in project.other_sectors.all()
    ]
    locations = sorted(project.locations.all(), key=lambda loc: loc.pk)
    return iati.Activity(
        iati_identifier=project.iati_identifier,
        reporting_org=_reporting_organisation(project),
        title=project.title,
        description=project.description or project.title,
        status=iati.ActivityStatus(project.status),
        participating_orgs=_participating_orgs(project),
        planned_start=planned_start,
        actual_start=project.actual_start,
        planned_end=project.planned_end,
        actual_end=project.actual_end,
        recipient_countries=(iati.RecipientCountry(code=RECIPIENT_COUNTRY),),
        locations=tuple(
            iati.Location(
                name=loc.name,
                latitude=loc.latitude,
                longitude=loc.longitude,
                description=f"{ORIGINAL_PREFIX}{loc.original}" if loc.original not in ("", loc.name) else "",
            )
            for loc in locations
        ),
        sectors=tuple(sectors),
        transactions=tuple(
            iati.Transaction(
                type=iati.TransactionType(t.transaction_type),
                date=t.date,
                value=t.value,
                currency=t.currency,
                value_date=t.date,
                description=t.description,
                provider_org=_partner_organisation(t.provider),
                receiver_org=_named_organisation(t.receiver_ref, t.receiver_name, t.receiver_type),
            )
            for t in transactions
        ),
        last_updated=project.updated_at,
        **_iati_details(project),
    )


# What project_activity reads, for the caller's queryset.
IATI_PREFETCH = (
    "sectors",
    "other_sectors",
    "locations",
    "participants__partner",
    "transactions__provider",
    "translations",
    "contacts",
    "policy_markers",
    "budgets",
    "planned_disbursements",
    "document_links",
)


def projects_iati_xml(projects: Iterable[Project]) -> bytes:
    """Return the projects as a validated IATI 2.03 file; raise `iati.IatiError` if one cannot be written."""
    if isinstance(projects, QuerySet):
        projects = projects.select_related("owner_unit").prefetch_related(*IATI_PREFETCH)
    activities = [project_activity(p) for p in projects]
    return iati.activities_xml(activities, generated=timezone.now())
