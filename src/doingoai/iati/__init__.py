"""IATI 2.03 activity XML for the foreign non-governmental aid registry, without Django.

Read a file::

    activities = activities_parse(data, source_name="kofih-2025.xml")

``data`` is the file's bytes. The file is refused as a whole with an ``IatiError`` subclass,
whose ``messages`` are Vietnamese lines naming the file and line ("tệp X, dòng 12: …"):

- ``IatiSecurityError``: a DOCTYPE or ENTITY declaration (XXE, entity expansion), found by
  defusedxml, is refused before anything is expanded or fetched;
- ``IatiSyntaxError``: empty, not well-formed XML, or a root other than ``<iati-activities>``;
- ``IatiValidationError``: breaks the official 2.03 activities XSD (all schema errors are
  listed), or, once the XSD passes, the codelists (ActivityStatus, OrganisationRole,
  OrganisationType, ActivityDateType, TransactionType, Currency, Country, SectorVocabulary,
  Sector for vocabulary 1, SectorCategory for 2, GeographicVocabulary) and the rules: version
  2.03, unique non-empty identifiers, a non-empty title, a currency for every transaction,
  sector percentages summing to 100 per vocabulary, end dates not before start dates, every
  date in the years 1900–2100 (``YEAR_MIN``, ``YEAR_MAX``).

Any encoding XML allows is read (UTF-8, UTF-16 with or without a BOM, and the legacy encodings
a declaration may name, such as Shift_JIS, EUC-JP, GB2312, Big5, EUC-KR); an encoding Python
does not know is refused with an ``IatiSyntaxError`` naming it.

Write a file::

    data = activities_xml(activities, generated=datetime.now(UTC))

The XML is written in the element order the XSD requires and checked by the same validation
before it is returned. ``activities_parse(activities_xml(a, ...))`` gives back ``a`` when its
texts are already NFC and stripped (parsing normalises them).

``transactions_total(activities)`` sums transaction values per (TransactionType, currency),
with no currency conversion.

The data model is plain frozen dataclasses (``Activity``, ``Organisation``, ``ParticipatingOrg``,
``Sector``, ``RecipientCountry``, ``Location``, ``AdministrativeArea``, ``Transaction``) and
string enums for the codelists the aid app branches on (``ActivityStatus``,
``OrganisationRole``, ``TransactionType``). Money is ``Decimal`` with its currency beside it.
The XSD and codelists are the package's own data (``doingoai/iati/data/2.03``, with their
release, sources and licence recorded beside them), loaded once and offline;
``doingoai iati_refresh`` replaces them from a downloaded IATI release.
"""

from __future__ import annotations

from doingoai.iati.errors import (
    IatiError,
    IatiProblem,
    IatiSecurityError,
    IatiSyntaxError,
    IatiValidationError,
)
from doingoai.iati.export import activities_xml
from doingoai.iati.model import (
    DAC_SECTOR_VOCABULARY,
    YEAR_MAX,
    YEAR_MIN,
    Activity,
    ActivityStatus,
    AdministrativeArea,
    Budget,
    ContactInfo,
    DocumentLink,
    Location,
    Organisation,
    OrganisationRole,
    ParticipatingOrg,
    PlannedDisbursement,
    PolicyMarker,
    RecipientCountry,
    Sector,
    Transaction,
    TransactionType,
    Translation,
    date_in_range,
    transactions_total,
)
from doingoai.iati.parse import MAX_BYTES, activities_parse

__all__ = [
    "DAC_SECTOR_VOCABULARY",
    "MAX_BYTES",
    "YEAR_MAX",
    "YEAR_MIN",
    "Activity",
    "ActivityStatus",
    "AdministrativeArea",
    "Budget",
    "ContactInfo",
    "DocumentLink",
    "IatiError",
    "IatiProblem",
    "IatiSecurityError",
    "IatiSyntaxError",
    "IatiValidationError",
    "Location",
    "Organisation",
    "OrganisationRole",
    "ParticipatingOrg",
    "PlannedDisbursement",
    "PolicyMarker",
    "RecipientCountry",
    "Sector",
    "Transaction",
    "TransactionType",
    "Translation",
    "activities_parse",
    "activities_xml",
    "date_in_range",
    "transactions_total",
]
