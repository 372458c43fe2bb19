"""The IATI activity as plain dataclasses: what doingoai reads from and writes to IATI 2.03 XML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# The years a date may fall in. xsd:date allows any year (-2013, 12013); no aid record does.
YEAR_MIN = 1900
YEAR_MAX = 2100

# SectorVocabulary "1": the OECD DAC 5-digit purpose codes, the one vocabulary money is split on.
DAC_SECTOR_VOCABULARY = "1"


def date_in_range(day: dt.date) -> bool:
    """Return whether `day` falls in the years YEAR_MIN to YEAR_MAX."""
    return YEAR_MIN <= day.year <= YEAR_MAX


class ActivityStatus(StrEnum):
    """IATI ActivityStatus codelist (2.03)."""

    PIPELINE = "1"
    IMPLEMENTATION = "2"
    FINALISATION = "3"
    CLOSED = "4"
    CANCELLED = "5"
    SUSPENDED = "6"


class OrganisationRole(StrEnum):
    """IATI OrganisationRole codelist (2.03): the role of a participating organisation."""

    FUNDING = "1"
    ACCOUNTABLE = "2"
    EXTENDING = "3"
    IMPLEMENTING = "4"


class TransactionType(StrEnum):
    """IATI TransactionType codelist (2.03)."""

    INCOMING_FUNDS = "1"
    OUTGOING_COMMITMENT = "2"
    DISBURSEMENT = "3"
    EXPENDITURE = "4"
    INTEREST_PAYMENT = "5"
    LOAN_REPAYMENT = "6"
    REIMBURSEMENT = "7"
    PURCHASE_OF_EQUITY = "8"
    SALE_OF_EQUITY = "9"
    CREDIT_GUARANTEE = "10"
    INCOMING_COMMITMENT = "11"
    OUTGOING_PLEDGE = "12"
    INCOMING_PLEDGE = "13"


@dataclass(frozen=True)
class Organisation:
    """An organisation as IATI names it: identifier, OrganisationType code and name.

    ``ref`` and ``type`` are required for the reporting organisation, optional elsewhere.
    """

    name: str
    ref: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class ParticipatingOrg:
    """An organisation taking part in an activity, with its OrganisationRole."""

    role: OrganisationRole
    name: str
    ref: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class Sector:
    """A sector of an activity; vocabulary "1" is the OECD DAC 5-digit list."""

    code: str
    vocabulary: str = "1"
    percentage: Decimal | None = None


@dataclass(frozen=True)
class RecipientCountry:
    """A country (ISO 3166-1 alpha-2) that benefits from an activity."""

    code: str
    percentage: Decimal | None = None


@dataclass(frozen=True)
class AdministrativeArea:
    """An administrative unit code of a location, in a GeographicVocabulary (e.g. "A4", "G1")."""

    vocabulary: str
    code: str
    level: int | None = None


@dataclass(frozen=True)
class Location:
    """A place where an activity happens: its name, description, administrative codes and point (WGS 84)."""

    name: str
    administrative: tuple[AdministrativeArea, ...] = ()
    ref: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    description: str = ""


@dataclass(frozen=True)
class Translation:
    """A narrative of the activity in another language: ``part`` is "title" or "description"."""

    part: str
    lang: str
    text: str


@dataclass(frozen=True)
class Budget:
    """A budget of the activity for one period (BudgetType 1 original / 2 revised, BudgetStatus)."""

    period_start: dt.date
    period_end: dt.date
    value: Decimal
    currency: str
    value_date: dt.date
    type: str = "1"
    status: str = "1"


@dataclass(frozen=True)
class PlannedDisbursement:
    """A disbursement planned for a period, with who pays and who receives when known."""

    period_start: dt.date
    value: Decimal
    currency: str
    value_date: dt.date
    period_end: dt.date | None = None
    type: str | None = None
    provider_org: Organisation | None = None
    receiver_org: Organisation | None = None


@dataclass(frozen=True)
class DocumentLink:
    """A document about the activity: address, MIME format, title, DocumentCategory codes."""

    url: str
    format: str
    title: str
    categories: tuple[str, ...]
    languages: tuple[str, ...] = ()
    document_date: dt.date | None = None


@dataclass(frozen=True)
class ContactInfo:
    """Whom to contact about the activity (ContactType code optional)."""

    type: str | None = None
    organisation: str = ""
    person_name: str = ""
    job_title: str = ""
    telephone: str = ""
    email: str = ""
    website: str = ""
    mailing_address: str = ""


@dataclass(frozen=True)
class PolicyMarker:
    """A policy marker (vocabulary 1: OECD DAC CRS) with its PolicySignificance."""

    code: str
    vocabulary: str = "1"
    significance: str | None = None


@dataclass(frozen=True)
class Transaction:
    """A financial transaction; ``currency`` is always set (the activity default if omitted in XML)."""

    type: TransactionType
    date: dt.date
    value: Decimal
    currency: str
    value_date: dt.date
    description: str = ""
    provider_org: Organisation | None = None
    receiver_org: Organisation | None = None
    ref: str | None = None


@dataclass(frozen=True)
class Activity:
    """One IATI activity: a project funded by a foreign organisation."""

    iati_identifier: str
    reporting_org: Organisation
    title: str
    description: str
    status: ActivityStatus
    participating_orgs: tuple[ParticipatingOrg, ...]
    planned_start: dt.date | None = None
    actual_start: dt.date | None = None
    planned_end: dt.date | None = None
    actual_end: dt.date | None = None
    default_currency: str | None = None
    recipient_countries: tuple[RecipientCountry, ...] = ()
    locations: tuple[Location, ...] = ()
    sectors: tuple[Sector, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    last_updated: dt.datetime | None = None
    default_lang: str | None = None
    translations: tuple[Translation, ...] = ()
    contacts: tuple[ContactInfo, ...] = ()
    policy_markers: tuple[PolicyMarker, ...] = ()
    budgets: tuple[Budget, ...] = ()
    planned_disbursements: tuple[PlannedDisbursement, ...] = ()
    document_links: tuple[DocumentLink, ...] = ()


def transactions_total(activities: Sequence[Activity]) -> dict[tuple[TransactionType, str], Decimal]:
    """Return the sum of transaction values per (transaction type, currency), without conversion."""
    totals: dict[tuple[TransactionType, str], Decimal] = {}
    for activity in activities:
        for transaction in activity.transactions:
            key = (transaction.type, transaction.currency)
            totals[key] = totals.get(key, Decimal(0)) + transaction.value
    return totals
