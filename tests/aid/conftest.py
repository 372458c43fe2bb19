from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.aid import services
from doingoai.directory.models import PartnerOrganization
from doingoai.directory.services import partner_create
from tests.django_fixtures import Units, _fast_password_hashing, client_for, make_user, units

__all__ = ["_fast_password_hashing", "client_for", "make_user", "units"]


@pytest.fixture
def rates(db: None) -> None:
    """Record USD and EUR rates at the start of 2025 and of July 2025."""
    for day, usd, eur in ((dt.date(2025, 1, 1), 25000, 27000), (dt.date(2025, 7, 1), 26000, 30000)):
        services.exchange_rate_set(actor=SYSTEM, date=day, currency="USD", rate=Decimal(usd))
        services.exchange_rate_set(actor=SYSTEM, date=day, currency="EUR", rate=Decimal(eur))


@pytest.fixture
def partners(units: Units) -> dict[str, PartnerOrganization]:
    """Return two published partners, from Japan and Germany."""

    def make(name: str, country: str, iati: str) -> PartnerOrganization:
        return partner_create(
            actor=SYSTEM,
            owner_unit=units.vufo,
            name=name,
            kind="ngo",
            country=country,
            iati_identifier=iati,
            is_published=True,
        )

    return {"jp": make("Sakura Aid", "JP", "XX-T-SAK"), "de": make("Brunnen Hilfe", "DE", "XX-T-BRU")}


@pytest.fixture
def project_factory(units: Units, partners: dict[str, PartnerOrganization], rates: None) -> Any:
    """Return a factory of projects with one commitment each."""

    def make(
        ident: str,
        *,
        owner: Any = None,
        published: bool = True,
        province: str = "Quảng Trị",
        sectors: tuple[tuple[str, int], ...] = (("16040", 100),),
        value: str = "1000000",
        currency: str = "USD",
        partner: str = "jp",
        kind: str = "11",
        day: dt.date = dt.date(2025, 3, 1),
    ) -> Any:
        from doingoai.aid.locations import location_parse

        data = services.ProjectData(
            iati_identifier=ident,
            title=f"Dự án {ident}",
            status="2",
            owner_unit=owner or units.vufo,
            is_published=published,
            sectors=[(c, Decimal(p)) for c, p in sectors],
            locations=[location_parse(province)],
        )
        project, _ = services.project_upsert(actor=SYSTEM, data=data)
        services.transaction_upsert(
            actor=SYSTEM,
            project=project,
            transaction_type=kind,
            date=day,
            provider=partners[partner],
            value=Decimal(value),
            currency=currency,
        )
        return project

    return make
