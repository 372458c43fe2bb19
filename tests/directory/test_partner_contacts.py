"""A foreign partner's contacts: stored as the other directory records are, and logged as the partner."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.selectors import audit_entries_visible
from doingoai.directory import services
from doingoai.directory.models import PartnerContact
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
