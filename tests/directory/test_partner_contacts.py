"""A foreign partner's contacts: stored as the other directory records are, and logged as the partner."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.selectors import audit_entries_visible
from doingoai.directory import services
from doingoai.directory.models import PartnerContact, PartnerOrganization
from tests.django_fixtures import Units


def _decomposed(text: str) -> str:
    """Return `text` with letters and tone marks apart, as some keyboards and copied PDFs give it."""
    return unicodedata.normalize("NFD", text)


def test_a_partner_contact_is_stored_nfc_single_spaced_and_a_bad_address_is_refused(units: Units) -> None:
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.vufo, name="Sakura Trust", kind="ngo", country="JP"
    )

    contact = services.partner_contact_add(
        actor=SYSTEM,
        partner=partner,
        person_name=_decomposed("Nguyễn  Thị  Hòa "),
        job_title=_decomposed("Điều  phối viên"),
        telephone=" +81  3 1234 5678 ",
    )

    assert (contact.person_name, contact.job_title) == ("Nguyễn Thị Hòa", "Điều phối viên")
    assert contact.telephone == "+81 3 1234 5678"
    for bad in ({"email": "hoa-at-sakura"}, {"telephone": "qua thư ký"}):
        try:
            services.partner_contact_add(actor=SYSTEM, partner=partner, person_name="Lê Văn", **bad)
        except services.DirectoryError as exc:
            assert set(exc.message_dict) == set(bad)
        else:
            raise AssertionError(f"{bad} was stored")
    assert PartnerContact.objects.filter(partner=partner).count() == 1


def test_the_log_of_an_unpublished_partners_contact_is_read_only_within_its_unit(
    units: Units, make_user: Callable[..., User]
) -> None:
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.quang_tri, name="Hội Bạn bè Hokkaido", kind="ngo", country="JP"
    )
    services.partner_contact_add(actor=SYSTEM, partner=partner, person_name="Sato Yuki", email="s@h.example")
    own = make_user("editor", units.quang_tri)
    other = make_user("editor", units.ha_noi)

    def contact_entries(user: User) -> int:
        return audit_entries_visible(user).filter(content_type__model="partnercontact").count()

    assert contact_entries(own) == 1
    assert contact_entries(other) == 0
    # Published, the partner and its contacts are everyone's to read, their log too.
    services.partner_update(
        actor=SYSTEM, partner=partner, name=partner.name, kind="ngo", country="JP", is_published=True
    )
    services.partner_contact_add(actor=SYSTEM, partner=partner, person_name="Ito Ken", telephone="0123")
    assert contact_entries(other) == 1


def test_a_person_already_a_contact_of_the_partner_is_refused_by_name(
    units: Units, make_user: Callable[..., User], client_for: Callable[..., Any]
) -> None:
    """The same person typed again (other case, spacing or no diacritics) is one contact, not two."""
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.vufo, name="Sakura Trust", kind="ngo", country="JP", is_published=True
    )
    services.partner_contact_add(actor=SYSTEM, partner=partner, person_name="Nguyễn Thị Hòa")
    version = PartnerOrganization.objects.get(pk=partner.pk).version
    for spelling in ("Nguyễn Thị Hòa", "nguyen  thi hoa"):
        try:
            services.partner_contact_add(actor=SYSTEM, partner=partner, person_name=spelling)
        except services.DirectoryError as exc:
            assert exc.message_dict == {
                "person_name": ["“Nguyễn Thị Hòa” đã là đầu mối liên hệ của đối tác này."]
            }
        else:
            raise AssertionError(f"{spelling} was added twice")
    assert PartnerContact.objects.filter(partner=partner).count() == 1
    assert PartnerOrganization.objects.get(pk=partner.pk).version == version
    # Another partner may have the same person as its contact.
    other = services.partner_create(
        actor=SYSTEM, owner_unit=units.vufo, name="Hoa Sen Fund", kind="ngo", country="JP"
    )
    services.partner_contact_add(actor=SYSTEM, partner=other, person_name="Nguyễn Thị Hòa")

    client = client_for(make_user("editor", units.vufo))
    typed = {"person_name": "NGUYỄN THỊ HÒA", "job_title": "x"}
    page = client.post(f"/vien-tro/doi-tac/{partner.pk}/", typed)
    assert page.status_code == 400
    assert "“Nguyễn Thị Hòa” đã là đầu mối liên hệ của đối tác này." in page.content.decode()
    assert 'value="NGUYỄN THỊ HÒA"' in page.content.decode()  # what was typed stays in the form
    assert PartnerContact.objects.filter(partner=partner).count() == 1


def test_the_database_refuses_a_second_contact_of_the_same_person_at_one_partner(units: Units) -> None:
    """Two editors adding the same person at once: the second write cannot slip past the check."""
    import pytest
    from django.db import IntegrityError, transaction

    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.vufo, name="Sakura Trust", kind="ngo", country="JP"
    )
    first = services.partner_contact_add(actor=SYSTEM, partner=partner, person_name="Sato Yuki")
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerContact.objects.create(partner=partner, person_name="Sato Yuki", person_key=first.person_key)
