"""Read what the registry's own pages show: a partner's aid, a project's news, the rates to enter.

Every read starts from the user's readable projects (`selectors.projects_visible`), so a page never
shows a figure, a transaction or a project the user could not open.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from doingoai.aid.crosscheck import partner_keys
from doingoai.aid.currency import conversion_is_stale, conversion_stale_rates
from doingoai.aid.models import (
    COMMITMENT_TYPES,
    DISBURSEMENT_TYPES,
    ExchangeRate,
    Project,
    ProjectContact,
    Transaction,
)
from doingoai.aid.selectors import Total, projects_visible, transactions_stale_count
from doingoai.directory.models import PartnerContact, PartnerOrganization
from doingoai.library.models import Document
from doingoai.library.selectors import documents_mentioning_organization


def transaction_get(*, user: Any, pk: int) -> Transaction:
    """Return one transaction of a project the user may read, or raise Http404."""
    row = (
        Transaction.objects.filter(project__in=projects_visible(user), pk=pk)
        .select_related("project__owner_unit", "provider")
        .first()
    )
    if row is None:
        raise Http404(_("Không tìm thấy giao dịch."))
    return row


@dataclass
class YearTotals:
    """A partner's commitments and disbursements of one year, each with the query of its rows."""

    year: int
    commitment: Total = field(default_factory=Total)
    disbursement: Total = field(default_factory=Total)


@dataclass
class PartnerAid:
    """What the registry holds about one partner, as far as the user may read."""

    partner: PartnerOrganization
    projects: list[Project]
    years: list[YearTotals]
    documents: list[Document]
    stale: int = 0
    # The partner's own contact people, then those its projects' IATI activities name.
    contacts: list[PartnerContact] = field(default_factory=list)
    project_contacts: list[ProjectContact] = field(default_factory=list)


def partner_names(partner: PartnerOrganization) -> list[str]:
    """Return the keys a partner goes by in the news: its name, Vietnamese name and abbreviation,
    folded, each with and without its legal form ("Brückenbau Asien e.V." is also "bruckenbau asien"),
    as the news cross-check matches them (`crosscheck.partner_keys`)."""
    return sorted(partner_keys(partner.name, partner.name_vi, partner.abbreviation))


def partner_aid(*, user: Any, partner: PartnerOrganization) -> PartnerAid:
    """Return a partner's projects, its money by year and the news naming it, for the user."""
    visible = projects_visible(user)
    projects = list(
        visible.filter(Q(transactions__provider=partner) | Q(participants__partner=partner))
        .distinct()
        .select_related("owner_unit")
        .prefetch_related("sectors", "locations")
        .order_by("iati_identifier")
    )
    rows = Transaction.objects.filter(project__in=visible, provider=partner).only(
        "id", "transaction_type", "date", "currency", "value_vnd", "value_usd", "rate_date", "usd_rate_date"
    )
    years: dict[int, YearTotals] = {}
    stale = 0
    for row in rows:
        totals = years.setdefault(row.date.year, YearTotals(row.date.year))
        if row.transaction_type in COMMITMENT_TYPES:
            totals.commitment.add(row)
        elif row.transaction_type in DISBURSEMENT_TYPES:
            totals.disbursement.add(row)
        stale += conversion_is_stale(row)
    documents = list(documents_mentioning_organization(user=user, names=partner_names(partner), limit=20))
    project_contacts = list(
        ProjectContact.objects.filter(project__in=[p.pk for p in projects])
        .select_related("project")
        .order_by("project__iati_identifier", "position")
    )
    return PartnerAid(
        partner,
        projects,
        sorted(years.values(), key=lambda y: y.year),
        documents,
        stale,
        contacts=list(partner.contacts.all()),
        project_contacts=project_contacts,
    )


def project_news(*, user: Any, project: Project, limit: int = 20) -> list[Document]:
    """Return the documents the user may read that name one of the project's partners."""
    partners = PartnerOrganization.objects.filter(
        Q(aid_transactions__project=project) | Q(aid_roles__project=project)
    ).distinct()
    names = [name for partner in partners for name in partner_names(partner)]
    names += [p.name for p in project.participants.all() if p.partner_id is None and p.unit_id is None]
    return list(documents_mentioning_organization(user=user, names=names, limit=limit))


@dataclass
class RateNeeded:
    """A currency whose conversions used a rate too old for their dates: the period that needs a rate."""

    currency: str
    first: dt.date
    last: dt.date
    rate_date: dt.date
    count: int
    transactions: list[int] = field(default_factory=list)


def rates_needed(*, user: Any) -> list[RateNeeded]:
    """Return, per currency and rate used, the transactions converted with a stale rate (oldest first).

    A USD rate that is too old counts under USD, since every figure in USD goes through it.
    """
    rows = Transaction.objects.filter(project__in=projects_visible(user)).only(
        "id", "date", "currency", "rate_date", "usd_rate_date"
    )
    groups: dict[tuple[str, dt.date], list[Transaction]] = defaultdict(list)
    for row in rows:
        for currency, rate_date in conversion_stale_rates(row):
            groups[(currency, rate_date)].append(row)
    needed = [
        RateNeeded(
            currency,
            min(r.date for r in found),
            max(r.date for r in found),
            rate_date,
            len(found),
            [r.pk for r in found],
        )
        for (currency, rate_date), found in groups.items()
    ]
    return sorted(needed, key=lambda n: (n.currency, n.first))


def conversions_stale_count(*, user: Any) -> int:
    """Return how many of the user's readable transactions were converted with a stale rate (one query)."""
    return transactions_stale_count(Transaction.objects.filter(project__in=projects_visible(user)))


def exchange_rates_recent(*, limit: int = 50) -> QuerySet[ExchangeRate]:
    """Return the latest rates entered, newest first."""
    return ExchangeRate.objects.order_by("-date", "currency")[:limit]
