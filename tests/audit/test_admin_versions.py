"""A stale save in the admin is refused like one on the pages: the other change is shown, the input kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.concurrency import StaleEditError
from doingoai.directory import services
from doingoai.directory.models import Organization, PartnerOrganization
from tests.django_fixtures import Units


def _partner_post(partner: PartnerOrganization, version: int, **changes: Any) -> dict[str, Any]:
    form = {
        "name": partner.name,
        "name_vi": partner.name_vi,
        "abbreviation": "",
        "kind": partner.kind,
        "country": partner.country,
        "iati_identifier": "",
        "website": "",
        "notes": partner.notes,
        "owner_unit": partner.owner_unit_id,
        "based_on_version": version,
    }
    return {**form, **changes}


def test_the_change_form_carries_the_version_it_was_opened_on(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.vufo, name="Sakura Trust", kind="ngo", country="JP"
    )
    PartnerOrganization.objects.filter(pk=partner.pk).update(version=7)
    page = client_for(make_user("coordinator", units.vufo)).get(
        f"/quan-tri/directory/partnerorganization/{partner.pk}/change/"
    )
    assert 'name="based_on_version" value="7"' in page.content.decode()


def test_a_stale_admin_save_of_a_partner_is_refused_and_keeps_the_input(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.vufo, name="Sakura Trust", kind="ngo", country="JP"
    )
    url = f"/quan-tri/directory/partnerorganization/{partner.pk}/change/"
    lan = client_for(make_user("coordinator", units.vufo, username="lan"))
    minh = client_for(make_user("coordinator", units.vufo, username="minh"))

    first = lan.post(url, _partner_post(partner, 1, notes="Đã ký biên bản ghi nhớ"))
    assert first.status_code == 302
    stale = minh.post(url, _partner_post(partner, 1, name="Sakura Trust Fund"))

    assert stale.status_code == 200
    page = stale.content.decode()
    assert "Người khác đã sửa bản ghi này" in page
    assert "lan (" in page and "Đã ký biên bản ghi nhớ" in page  # who changed what
    assert 'value="Sakura Trust Fund"' in page  # Minh's input is kept
    stored = PartnerOrganization.objects.get(pk=partner.pk)
    assert (stored.name, stored.notes, stored.version) == ("Sakura Trust", "Đã ký biên bản ghi nhớ", 2)
    # The form is now based on the version Minh was shown: saving again goes through.
    assert 'name="based_on_version" value="2"' in page
    again = minh.post(url, _partner_post(stored, 2, name="Sakura Trust Fund"))
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.name, stored.notes, stored.version) == ("Sakura Trust Fund", "Đã ký biên bản ghi nhớ", 3)


def test_a_stale_admin_save_of_a_unit_is_refused(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    unit = services.organization_create(actor=SYSTEM, name="Sở Ngoại vụ Huế", kind="province_department")
    url = f"/quan-tri/directory/organization/{unit.pk}/change/"
    form = {"name": unit.name, "abbreviation": "", "kind": unit.kind, "province_code": "", "country": ""}
    lan = client_for(make_user("coordinator", units.vufo, username="lan"))
    minh = client_for(make_user("coordinator", units.vufo, username="minh"))

    assert lan.post(url, {**form, "abbreviation": "SNV", "based_on_version": 1}).status_code == 302
    stale = minh.post(url, {**form, "name": "Sở Ngoại vụ TP Huế", "based_on_version": 1})

    assert stale.status_code == 200
    assert "Người khác đã sửa bản ghi này" in stale.content.decode()
    stored = Organization.objects.get(pk=unit.pk)
    assert (stored.name, stored.abbreviation, stored.version) == ("Sở Ngoại vụ Huế", "SNV", 2)


def test_a_unit_update_based_on_an_old_version_changes_nothing(units: Units) -> None:
    unit = services.organization_create(actor=SYSTEM, name="Sở Ngoại vụ Huế", kind="province_department")
    services.organization_update(
        actor=SYSTEM,
        organization=Organization.objects.get(pk=unit.pk),
        abbreviation="SNV",
        expected_version=1,
    )
    with pytest.raises(StaleEditError) as caught:
        services.organization_update(
            actor=SYSTEM, organization=Organization.objects.get(pk=unit.pk), name="Khác", expected_version=1
        )
    assert caught.value.current_version == 2
    assert Organization.objects.get(pk=unit.pk).name == "Sở Ngoại vụ Huế"


def test_a_save_that_loses_the_race_after_validation_is_refused_without_an_error_page(
    units: Units,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.vufo, name="Sakura Trust", kind="ngo", country="JP"
    )
    url = f"/quan-tri/directory/partnerorganization/{partner.pk}/change/"
    coordinator = client_for(make_user("coordinator", units.vufo, username="lan"))
    assert coordinator.post(url, _partner_post(partner, 1, notes="Lần một")).status_code == 302
    # The other save lands between this form's validation and its write.
    monkeypatch.setattr("doingoai.audit.admin_mixins.stored_version", lambda instance: 1)

    response = coordinator.post(url, _partner_post(partner, 1, name="Sakura Trust Fund"), follow=True)

    assert response.status_code == 200
    assert "Lần một" in response.content.decode()  # the change that won is shown
    stored = PartnerOrganization.objects.get(pk=partner.pk)
    assert (stored.name, stored.version) == ("Sakura Trust", 2)
