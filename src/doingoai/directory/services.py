"""Create, change and delete directory records. Each write checks scope and writes the audit log.

Every function takes the acting user as `actor` and raises `PermissionDenied` when the user may
not change the unit concerned (`doingoai.accounts.scope.unit_require_edit`), and
`DirectoryError` (a `ValidationError` keyed by field) for invalid values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from doingoai.accounts import scope
from doingoai.analysis.text import entity_key, text_normalize
from doingoai.audit.concurrency import version_claim
from doingoai.audit.models import AuditAction
from doingoai.audit.services import audit_record, audit_snapshot, audited_delete
from doingoai.directory.countries import country_codes
from doingoai.directory.errors import DirectoryError
from doingoai.directory.models import (
    Organization,
    OrganizationKind,
    PartnerContact,
    PartnerKind,
    PartnerOrganization,
    Person,
    Position,
)


def name_clean(value: str, *, field: str) -> str:
    """Return `value` NFC-normalized with single spaces, or raise if it is empty."""
    cleaned = " ".join(text_normalize(value or "").split())
    if not cleaned:
        raise DirectoryError({field: _("Trường này không được để trống.")})
    return cleaned


def telephone_clean(value: str) -> str:
    """Return a telephone number as written, NFC with single spaces; refuse text without a digit."""
    cleaned = " ".join(text_normalize(value or "").split())
    if cleaned and not any(ch.isdigit() for ch in cleaned):
        raise DirectoryError(
            {
                "telephone": _("“%(value)s” không phải số điện thoại, ví dụ 0233 3852 123.")
                % {"value": cleaned}
            }
        )
    if len(cleaned) > 100:
        raise DirectoryError({"telephone": _("Số điện thoại dài quá 100 ký tự.")})
    return cleaned


def email_clean(value: str) -> str:
    """Return an e-mail address without surrounding spaces, or refuse one that is not an address."""
    cleaned = text_normalize(value or "").strip()
    if not cleaned:
        return ""
    try:
        validate_email(cleaned)
    except ValidationError:
        raise DirectoryError(
            {
                "email": _("“%(value)s” không phải địa chỉ thư điện tử, ví dụ ten@coquan.gov.vn.")
                % {"value": cleaned}
            }
        ) from None
    if len(cleaned) > 255:
        raise DirectoryError({"email": _("Địa chỉ thư điện tử dài quá 255 ký tự.")})
    return cleaned


def _country_clean(value: str, *, required: bool) -> str:
    code = (value or "").strip().upper()
    if not code and not required:
        return ""
    if code not in country_codes():
        raise DirectoryError(
            {
                "country": _("Mã quốc gia “%(code)s” không hợp lệ: nhập mã ISO hai chữ cái, ví dụ JP.")
                % {"code": value}
            }
        )
    return code


def _province_code_clean(value: str) -> str:
    code = (value or "").strip()
    if not code:
        return ""
    from vietnam_provinces import Province, ProvinceCode

    try:
        Province.from_code(ProvinceCode(int(code)))
    except ValueError as exc:
        raise DirectoryError(
            {"province_code": _("Mã tỉnh “%(code)s” không có trong 34 tỉnh, thành phố.") % {"code": value}}
        ) from exc
    return f"{int(code):02d}"


def _path_for(organization: Organization) -> str:
    prefix = organization.parent.path if organization.parent_id and organization.parent else "/"
    return f"{prefix}{organization.pk}/"


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    parent: Organization | None = None,
    abbreviation: str = "",
    province_code: str = "",
    country: str = "",
    via: str = "service",
) -> Organization:
    """Create a unit; a top-level unit needs a coordinator, a sub-unit an editor of its parent."""
    if parent is None and not scope.owner_can_edit(actor, parent):
        # The same rule as `owner_require_edit`, with the message on the form's field.
        raise DirectoryError(
            {"parent": _("Chọn đơn vị cấp trên: chỉ điều phối viên được tạo đơn vị cấp cao nhất.")}
        )
    scope.owner_require_edit(actor, parent)
    values = organization_values_clean(
        name=name,
        kind=kind,
        parent=parent,
        abbreviation=abbreviation,
        province_code=province_code,
        country=country,
    )
    organization = Organization(parent=parent, **values)
    organization.save()
    organization.path = _path_for(organization)
    organization.save(update_fields=["path"])
    audit_record(actor=actor, action=AuditAction.CREATE, instance=organization, via=via)
    return organization


def organization_values_clean(
    *,
    name: str,
    kind: str,
    parent: Organization | None,
    abbreviation: str = "",
    province_code: str = "",
    country: str = "",
    pk: int | None = None,
) -> dict[str, Any]:
    """Return a unit's checked values (and its `name_key`), or raise DirectoryError keyed by field.

    `pk` is the unit's own id when it is changed: its present name is no clash with itself.
    """
    if kind not in OrganizationKind.values:
        raise DirectoryError({"kind": _("Chọn một loại tổ chức trong danh sách.")})
    values = {
        "name": name_clean(name, field="name"),
        "kind": kind,
        "abbreviation": (abbreviation or "").strip(),
        "province_code": _province_code_clean(province_code),
        "country": _country_clean(country, required=False),
    }
    _unique_in_parent(Organization(pk=pk, parent=parent, name=values["name"]))
    return {**values, "name_key": entity_key(values["name"])}


def _unique_in_parent(organization: Organization) -> None:
    clash = Organization.objects.filter(parent=organization.parent, name=organization.name)
    if organization.pk:
        clash = clash.exclude(pk=organization.pk)
    if clash.exists():
        raise DirectoryError({"name": _("Đã có một đơn vị cùng tên trong cùng đơn vị cấp trên.")})


@transaction.atomic
def organization_update(
    *,
    actor: Any,
    organization: Organization,
    name: str | None = None,
    kind: str | None = None,
    abbreviation: str | None = None,
    province_code: str | None = None,
    country: str | None = None,
    expected_version: int | None = None,
    via: str = "service",
) -> Organization:
    """Change a unit's names, kind and codes (its place in the tree is changed by `organization_move`).

    `expected_version` is the version the user's form was based on: a save based on an older one
    raises `StaleEditError` and changes nothing.
    """
    scope.unit_require_edit(actor, organization)
    before = audit_snapshot(organization)
    version_claim(instance=organization, expected=expected_version)
    if name is not None:
        organization.name = name_clean(name, field="name")
        organization.name_key = entity_key(organization.name)
        _unique_in_parent(organization)
    if kind is not None:
        if kind not in OrganizationKind.values:
            raise DirectoryError({"kind": _("Chọn một loại tổ chức trong danh sách.")})
        organization.kind = kind
    if abbreviation is not None:
        organization.abbreviation = abbreviation.strip()
    if province_code is not None:
        organization.province_code = _province_code_clean(province_code)
    if country is not None:
        organization.country = _country_clean(country, required=False)
    organization.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=organization, before=before, via=via)
    return organization


@transaction.atomic
def organization_move(
    *,
    actor: Any,
    organization: Organization,
    parent: Organization | None,
    expected_version: int | None = None,
) -> Organization:
    """Put a unit under another parent and rewrite the tree paths of the unit and everything below it.

    A move is a change of the unit: its version moves on, so an edit form opened before it is
    refused and told; `expected_version`, when given, refuses a move based on an older version.
    """
    if not scope.user_is_coordinator(actor):
        raise DirectoryError(
            {"parent": _("Chỉ điều phối viên được chuyển đơn vị sang đơn vị cấp trên khác.")}
        )
    if parent is not None and parent.path.startswith(organization.path):
        raise DirectoryError(
            {"parent": _("Không thể đặt một đơn vị dưới chính nó hoặc đơn vị cấp dưới của nó.")}
        )
    before = audit_snapshot(organization)
    version_claim(instance=organization, expected=expected_version)
    old_path = organization.path
    organization.parent = parent
    _unique_in_parent(organization)
    organization.path = _path_for(organization)
    organization.save(update_fields=["parent", "path"])
    for below in Organization.objects.filter(path__startswith=old_path).exclude(pk=organization.pk):
        below.path = organization.path + below.path[len(old_path) :]
        below.save(update_fields=["path"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=organization, before=before)
    return organization


def partner_values_clean(
    *, name: str, kind: str, country: str, name_vi: str, abbreviation: str, iati_identifier: str
) -> dict[str, Any]:
    """Return a partner's checked values (and its `name_key`), or raise DirectoryError keyed by field."""
    if kind not in PartnerKind.values:
        raise DirectoryError({"kind": _("Chọn một loại đối tác trong danh sách.")})
    clean_name = name_clean(name, field="name")
    clean_vi = " ".join(text_normalize(name_vi or "").split())
    iati = (iati_identifier or "").strip()
    if iati and (" " in iati or "-" not in iati):
        raise DirectoryError(
            {"iati_identifier": _("Mã IATI có dạng TIỀNTỐ-SỐ, không có dấu cách, ví dụ GB-CHC-202918.")}
        )
    return {
        "name": clean_name,
        "name_vi": clean_vi,
        "abbreviation": (abbreviation or "").strip(),
        "kind": kind,
        "country": _country_clean(country, required=True),
        "iati_identifier": iati,
        "name_key": entity_key(f"{clean_name} {clean_vi}".strip()),
    }


@transaction.atomic
def partner_create(
    *,
    actor: Any,
    owner_unit: Organization,
    name: str,
    kind: str,
    country: str,
    name_vi: str = "",
    abbreviation: str = "",
    iati_identifier: str = "",
    website: str = "",
    notes: str = "",
    is_published: bool = False,
    via: str = "service",
) -> PartnerOrganization:
    """Register a foreign partner, owned by `owner_unit`; `via` tells the audit log how ("xlsx")."""
    scope.unit_require_edit(actor, owner_unit)
    values = partner_values_clean(
        name=name,
        kind=kind,
        country=country,
        name_vi=name_vi,
        abbreviation=abbreviation,
        iati_identifier=iati_identifier,
    )
    partner = PartnerOrganization.objects.create(
        owner_unit=owner_unit,
        website=website.strip(),
        notes=notes.strip(),
        is_published=is_published,
        **values,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=partner, via=via)
    return partner


@transaction.atomic
def partner_update(
    *,
    actor: Any,
    partner: PartnerOrganization,
    name: str,
    kind: str,
    country: str,
    name_vi: str = "",
    abbreviation: str = "",
    iati_identifier: str = "",
    website: str = "",
    notes: str = "",
    is_published: bool = False,
    owner_unit: Organization | None = None,
    expected_version: int | None = None,
    via: str = "service",
) -> PartnerOrganization:
    """Change a partner's details and publication state, and hand it to `owner_unit` when given.

    Moving a partner needs edit rights on both its present and its new unit. `expected_version`
    is the version the user's form was based on: a save based on an older one raises
    `StaleEditError` and changes nothing.
    """
    scope.unit_require_edit(actor, partner.owner_unit)
    before = audit_snapshot(partner)
    version_claim(instance=partner, expected=expected_version)
    if owner_unit is not None and owner_unit.pk != partner.owner_unit_id:
        scope.unit_require_edit(actor, owner_unit)
        partner.owner_unit = owner_unit
    values = partner_values_clean(
        name=name,
        kind=kind,
        country=country,
        name_vi=name_vi,
        abbreviation=abbreviation,
        iati_identifier=iati_identifier,
    )
    for field, value in values.items():
        setattr(partner, field, value)
    partner.website = website.strip()
    partner.notes = notes.strip()
    partner.is_published = is_published
    partner.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=partner, before=before, via=via)
    return partner


def _partner_contacts_changed(partner: PartnerOrganization) -> None:
    """Move the partner's version on after one of its contacts was added or removed.

    The partner's page shows its contacts (`PartnerOrganization.versioned_children`): an edit form
    of the partner opened before the change is refused and told what changed, as an official's is
    after a change of their titles.
    """
    version_claim(instance=partner, expected=None)


def partner_contact_values_clean(
    *, person_name: str, job_title: str = "", email: str = "", telephone: str = "", notes: str = ""
) -> dict[str, str]:
    """Return a partner contact's values NFC with single spaces, or raise DirectoryError keyed by field."""
    name = " ".join(text_normalize(person_name or "").split())
    if not name:
        raise DirectoryError({"person_name": _("Hãy nhập tên người liên hệ.")})
    return {
        "person_name": name,
        "job_title": " ".join(text_normalize(job_title or "").split()),
        "email": email_clean(email),
        "telephone": telephone_clean(telephone),
        "notes": " ".join(text_normalize(notes or "").split()),
    }


@transaction.atomic
def partner_contact_add(
    *,
    actor: Any,
    partner: PartnerOrganization,
    person_name: str,
    job_title: str = "",
    email: str = "",
    telephone: str = "",
    notes: str = "",
) -> PartnerContact:
    """Record a contact person of a partner (users who may edit the partner); its version moves on.

    A person is one contact of a partner: a name already there, however spelt (its folded key, the
    directory's rule for one official), is refused on the name's field, naming the contact stored.
    """
    scope.unit_require_edit(actor, partner.owner_unit)
    values = partner_contact_values_clean(
        person_name=person_name, job_title=job_title, email=email, telephone=telephone, notes=notes
    )
    key = entity_key(values["person_name"])
    contact = None
    if not PartnerContact.objects.filter(partner=partner, person_key=key).exists():
        try:
            with transaction.atomic():
                contact = PartnerContact.objects.create(partner=partner, person_key=key, **values)
        except IntegrityError:
            pass  # added by someone else a moment ago (the constraint `partnercontact_one_per_person`)
    if contact is None:
        found = PartnerContact.objects.filter(partner=partner, person_key=key).first()
        name = found.person_name if found is not None else values["person_name"]
        raise DirectoryError(
            {"person_name": _("“%(name)s” đã là đầu mối liên hệ của đối tác này.") % {"name": name}}
        )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=contact)
    _partner_contacts_changed(partner)
    return contact


@transaction.atomic
def partner_contact_delete(*, actor: Any, contact: PartnerContact) -> None:
    """Remove a contact person of a partner (users who may edit the partner); its version moves on."""
    partner = contact.partner
    scope.unit_require_edit(actor, partner.owner_unit)
    audited_delete(actor=actor, instance=contact)
    _partner_contacts_changed(partner)


@transaction.atomic
def partner_delete(*, actor: Any, partner: PartnerOrganization, via: str = "service") -> None:
    """Delete a partner and its contacts; each contact's deletion is logged too."""
    scope.unit_require_edit(actor, partner.owner_unit)
    for contact in list(partner.contacts.all()):
        audited_delete(actor=actor, instance=contact, via=via)
    audited_delete(actor=actor, instance=partner, via=via)


@transaction.atomic
def person_create(
    *,
    actor: Any,
    owner_unit: Organization,
    full_name: str,
    notes: str = "",
    telephone: str = "",
    email: str = "",
    is_published: bool = False,
    via: str = "service",
) -> Person:
    """Register an official, owned by `owner_unit`, with their work telephone and e-mail when known."""
    scope.unit_require_edit(actor, owner_unit)
    clean = name_clean(full_name, field="full_name")
    person = Person.objects.create(
        owner_unit=owner_unit,
        full_name=clean,
        name_key=entity_key(clean),
        notes=notes.strip(),
        telephone=telephone_clean(telephone),
        email=email_clean(email),
        is_published=is_published,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=person, via=via)
    return person


@transaction.atomic
def person_update(
    *,
    actor: Any,
    person: Person,
    full_name: str,
    notes: str = "",
    telephone: str | None = None,
    email: str | None = None,
    is_published: bool = False,
    owner_unit: Organization | None = None,
    expected_version: int | None = None,
    via: str = "service",
) -> Person:
    """Change an official's name, notes, contacts and publication; hand them to `owner_unit` when given.

    `telephone` and `email` are kept as they are when None (a caller that does not show them).

    Moving an official needs edit rights on both their present and their new unit. A save based
    on an older version than `expected_version`'s raises `StaleEditError` and changes nothing.
    """
    scope.unit_require_edit(actor, person.owner_unit)
    before = audit_snapshot(person)
    version_claim(instance=person, expected=expected_version)
    if owner_unit is not None and owner_unit.pk != person.owner_unit_id:
        scope.unit_require_edit(actor, owner_unit)
        person.owner_unit = owner_unit
    person.full_name = name_clean(full_name, field="full_name")
    person.name_key = entity_key(person.full_name)
    person.notes = notes.strip()
    if telephone is not None:
        person.telephone = telephone_clean(telephone)
    if email is not None:
        person.email = email_clean(email)
    person.is_published = is_published
    person.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=person, before=before, via=via)
    return person


@transaction.atomic
def person_delete(
    *, actor: Any, person: Person, expected_version: int | None = None, via: str = "service"
) -> None:
    """Delete an official and their titles; each title's deletion is logged too.

    `expected_version` is the version the user's page showed: a change saved since then raises
    `StaleEditError` and nothing is deleted.
    """
    scope.unit_require_edit(actor, person.owner_unit)
    version_claim(instance=person, expected=expected_version)
    for position in list(person.positions.all()):
        audited_delete(actor=actor, instance=position, via=via)
    audited_delete(actor=actor, instance=person, via=via)


def position_values_clean(
    *, title: str, start_date: dt.date | None, end_date: dt.date | None
) -> dict[str, Any]:
    """Return a title's checked values (its words NFC with single spaces), or raise DirectoryError by field.

    The pages, the import and the admin's rows of titles all store a title through it.
    """
    if start_date and end_date and end_date < start_date:
        raise DirectoryError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    return {"title": name_clean(title, field="title"), "start_date": start_date, "end_date": end_date}


@transaction.atomic
def position_add(
    *,
    actor: Any,
    person: Person,
    title: str,
    organization: Organization,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    via: str = "service",
) -> Position:
    """Record that `person` held `title` in `organization` from `start_date` to `end_date` (open if None)."""
    scope.unit_require_edit(actor, person.owner_unit)
    values = position_values_clean(title=title, start_date=start_date, end_date=end_date)
    position = Position.objects.create(person=person, organization=organization, **values)
    audit_record(actor=actor, action=AuditAction.CREATE, instance=position, via=via)
    # The official's page shows the title: an edit form of the official opened before it notices.
    version_claim(instance=person, expected=None)
    return position


@transaction.atomic
def position_update(
    *,
    actor: Any,
    position: Position,
    title: str,
    organization: Organization,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    expected_version: int | None = None,
    via: str = "service",
) -> Position:
    """Correct a title as it was recorded: its words, where it is held, its dates.

    A correction, not a change of post: a new post is a title added, the old one ended. The
    official's version moves on, so a page opened before (`expected_version`, the official's
    version it showed) is refused with `StaleEditError` and nothing is written.
    """
    person = position.person
    scope.unit_require_edit(actor, person.owner_unit)
    values = position_values_clean(title=title, start_date=start_date, end_date=end_date)
    version_claim(instance=person, expected=expected_version)
    before = audit_snapshot(position)
    for field, value in values.items():
        setattr(position, field, value)
    position.organization = organization
    position.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=position, before=before, via=via)
    return position


@transaction.atomic
def position_end(
    *,
    actor: Any,
    position: Position,
    end_date: dt.date,
    expected_version: int | None = None,
    via: str = "service",
) -> Position:
    """Close a title at `end_date`.

    The official's version moves on. `expected_version` is the official's version the page showed:
    a change saved since (another end date given to this title, say) raises `StaleEditError` and
    nothing is written. None is an import's call, whose rows were checked against the version.
    """
    person = position.person
    scope.unit_require_edit(actor, person.owner_unit)
    if position.start_date and end_date < position.start_date:
        raise DirectoryError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    version_claim(instance=person, expected=expected_version)
    before = audit_snapshot(position)
    position.end_date = end_date
    position.save(update_fields=["end_date"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=position, before=before, via=via)
    return position
