"""Moving a partner or official to another unit: the service checks both units and logs the true "before"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from doingoai.accounts.scope import SYSTEM
from doingoai.audit.models import AuditAction, AuditEntry
from doingoai.directory import services
from doingoai.directory.models import PartnerOrganization, Person
from tests.django_fixtures import Units


def _last_update(instance: Any) -> AuditEntry:
    entry = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance),
            object_id=str(instance.pk),
            action=AuditAction.UPDATE,
        )
        .order_by("-pk")
        .first()
    )
    assert entry is not None
    return entry


def test_moving_a_partner_on_its_page_logs_the_unit_it_came_from(
    units: Units, make_user: Callable[..., Any], client_for: Callable[..., Any]
) -> None:
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.quang_tri, name="Friends of Quang Tri", kind="ngo", country="JP"
    )
    coordinator = make_user("coordinator", None)
    response = client_for(coordinator).post(
        reverse("directory:partner_edit", args=[partner.pk]),
        {
            "name": partner.name,
            "kind": "ngo",
            "country": "JP",
            "owner_unit": units.quang_tri_union.pk,
            "version": partner.version,
        },
    )
    assert response.status_code == 302
    entry = _last_update(partner)
    assert entry.before is not None and entry.after is not None
    assert entry.before["owner_unit"] == units.quang_tri.pk
    assert entry.after["owner_unit"] == units.quang_tri_union.pk


def test_moving_an_official_on_their_page_logs_the_unit_they_came_from(
    units: Units, make_user: Callable[..., Any], client_for: Callable[..., Any]
) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Trần Văn Bình")
    editor = make_user("editor", units.ha_noi)
    response = client_for(editor).post(
        reverse("directory:person_edit", args=[person.pk]),
        {"full_name": person.full_name, "owner_unit": units.ha_noi_union.pk, "version": person.version},
    )
    assert response.status_code == 302
    entry = _last_update(person)
    assert entry.before is not None and entry.after is not None
    assert entry.before["owner_unit"] == units.ha_noi.pk
    assert entry.after["owner_unit"] == units.ha_noi_union.pk


def test_an_editor_cannot_hand_a_partner_to_a_unit_outside_their_scope(
    units: Units, make_user: Callable[..., Any]
) -> None:
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.quang_tri, name="Friends of Quang Tri", kind="ngo", country="JP"
    )
    editor = make_user("editor", units.quang_tri)
    with pytest.raises(PermissionDenied):
        services.partner_update(
            actor=editor,
            partner=partner,
            owner_unit=units.ha_noi,
            name=partner.name,
            kind="ngo",
            country="JP",
        )
    assert PartnerOrganization.objects.get(pk=partner.pk).owner_unit == units.quang_tri


def test_an_editor_cannot_hand_an_official_to_a_unit_outside_their_scope(
    units: Units, make_user: Callable[..., Any]
) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.quang_tri, full_name="Lê Thị Hoa")
    editor = make_user("editor", units.quang_tri)
    with pytest.raises(PermissionDenied):
        services.person_update(actor=editor, person=person, owner_unit=units.ha_noi, full_name="Lê Thị Hoa")
    assert Person.objects.get(pk=person.pk).owner_unit == units.quang_tri
