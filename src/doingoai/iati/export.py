"""Write activities as IATI 2.03 XML, in the element order the XSD requires, and check the result."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from doingoai.iati.errors import IatiProblem, IatiValidationError
from doingoai.iati.model import Activity, ContactInfo, Organisation, Transaction
from doingoai.iati.parse import document_validate
from doingoai.iati.standard import IATI_VERSION, XML_LANG

POINT_SRS = "http://www.opengis.net/def/crs/EPSG/0/4326"

EXPORT_SOURCE_NAME = "dữ liệu xuất IATI"


def activities_xml(activities: Sequence[Activity], *, generated: datetime) -> bytes:
    """Return ``activities`` as an IATI 2.03 ``iati-activities`` document (UTF-8 bytes).

    The document is checked with the same XSD, codelists and rules as ``activities_parse``
    before it is returned, so a file this function returns is one doingoai would accept;
    otherwise ``IatiValidationError`` lists every problem, naming the activity.
    """
    problems: list[IatiProblem] = []
    if generated.tzinfo is None:
        problems.append(IatiProblem(None, "thời điểm tạo tệp (generated) phải có múi giờ."))
    if not activities:
        problems.append(IatiProblem(None, "không có hoạt động nào để xuất; IATI cần ít nhất một hoạt động."))
    root = etree.Element("iati-activities", version=IATI_VERSION)
    if generated.tzinfo is not None:
        root.set("generated-datetime", generated.isoformat())
    for activity in activities:
        try:
            root.append(_activity_element(activity))
        except (ValueError, TypeError) as error:
            problems.append(
                IatiProblem(
                    None, f"hoạt động '{activity.iati_identifier}': không ghi được thành XML ({error})."
                )
            )
    if problems:
        raise IatiValidationError(EXPORT_SOURCE_NAME, problems)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    document_validate(data, source_name=EXPORT_SOURCE_NAME)
    return data


def _activity_element(activity: Activity) -> Any:
    """Return the iati-activity element of ``activity``, children in XSD order."""
    element = etree.Element("iati-activity")
    if activity.last_updated is not None:
        if activity.last_updated.tzinfo is None:
            raise ValueError("last_updated phải có múi giờ")
        element.set("last-updated-datetime", activity.last_updated.isoformat())
    if activity.default_lang:
        element.set(XML_LANG, activity.default_lang)
    if activity.default_currency is not None:
        element.set("default-currency", activity.default_currency)
    _sub(element, "iati-identifier").text = activity.iati_identifier
    _organisation_element(element, "reporting-org", activity.reporting_org, narrative_required=True)
    title = _sub(element, "title")
    description = _sub(element, "description", type="1")
    _narrative(title, activity.title)
    _narrative(description, activity.description)
    for translation in activity.translations:
        parent = title if translation.part == "title" else description
        etree.SubElement(parent, "narrative", {XML_LANG: translation.lang}).text = translation.text
    for org in activity.participating_orgs:
        participant = _sub(element, "participating-org", ref=org.ref, type=org.type, role=org.role.value)
        if org.name:
            _narrative(participant, org.name)
    _sub(element, "activity-status", code=activity.status.value)
    for kind, value in (
        ("1", activity.planned_start),
        ("2", activity.actual_start),
        ("3", activity.planned_end),
        ("4", activity.actual_end),
    ):
        if value is not None:
            _sub(element, "activity-date", type=kind, **{"iso-date": _iso_date(value)})
    for contact in activity.contacts:
        _contact_element(element, contact)
    for country in activity.recipient_countries:
        _sub(element, "recipient-country", code=country.code, percentage=_decimal_text(country.percentage))
    for location in activity.locations:
        location_element = _sub(element, "location", ref=location.ref)
        _narrative(_sub(location_element, "name"), location.name)
        if location.description:
            _narrative(_sub(location_element, "description"), location.description)
        for area in location.administrative:
            level = None if area.level is None else str(area.level)
            _sub(location_element, "administrative", vocabulary=area.vocabulary, level=level, code=area.code)
        if location.latitude is not None and location.longitude is not None:
            point = _sub(location_element, "point", srsName=POINT_SRS)
            _sub(
                point, "pos"
            ).text = f"{_decimal_text(location.latitude)} {_decimal_text(location.longitude)}"
    for sector in activity.sectors:
        _sub(
            element,
            "sector",
            vocabulary=sector.vocabulary,
            code=sector.code,
            percentage=_decimal_text(sector.percentage),
        )
    for marker in activity.policy_markers:
        _sub(
            element,
            "policy-marker",
            vocabulary=marker.vocabulary,
            code=marker.code,
            significance=marker.significance,
        )
    for budget in activity.budgets:
        budget_element = _sub(element, "budget", type=budget.type, status=budget.status)
        _sub(budget_element, "period-start", **{"iso-date": _iso_date(budget.period_start)})
        _sub(budget_element, "period-end", **{"iso-date": _iso_date(budget.period_end)})
        _value_element(budget_element, budget.value, budget.currency, budget.value_date)
    for planned in activity.planned_disbursements:
        planned_element = _sub(element, "planned-disbursement", type=planned.type)
        _sub(planned_element, "period-start", **{"iso-date": _iso_date(planned.period_start)})
        if planned.period_end is not None:
            _sub(planned_element, "period-end", **{"iso-date": _iso_date(planned.period_end)})
        _value_element(planned_element, planned.value, planned.currency, planned.value_date)
        if planned.provider_org is not None:
            _organisation_element(planned_element, "provider-org", planned.provider_org)
        if planned.receiver_org is not None:
            _organisation_element(planned_element, "receiver-org", planned.receiver_org)
    for transaction in activity.transactions:
        _transaction_element(element, transaction)
    for link in activity.document_links:
        link_element = _sub(element, "document-link", url=link.url, format=link.format)
        _narrative(_sub(link_element, "title"), link.title)
        for code in link.categories:
            _sub(link_element, "category", code=code)
        for language in link.languages:
            _sub(link_element, "language", code=language)
        if link.document_date is not None:
            _sub(link_element, "document-date", **{"iso-date": _iso_date(link.document_date)})
    return element


def _value_element(parent: Any, amount: Decimal, currency: str, value_date: date) -> None:
    """Append a value element (amount, currency, value date) to ``parent``."""
    value = _sub(parent, "value", currency=currency, **{"value-date": _iso_date(value_date)})
    value.text = _decimal_text(amount)


def _contact_element(parent: Any, contact: ContactInfo) -> None:
    """Append a contact-info element, children in XSD order, leaving out what is empty."""
    element = _sub(parent, "contact-info", type=contact.type)
    for tag, text in (
        ("organisation", contact.organisation),
        ("person-name", contact.person_name),
        ("job-title", contact.job_title),
    ):
        if text:
            _narrative(_sub(element, tag), text)
    for tag, text in (
        ("telephone", contact.telephone),
        ("email", contact.email),
        ("website", contact.website),
    ):
        if text:
            _sub(element, tag).text = text
    if contact.mailing_address:
        _narrative(_sub(element, "mailing-address"), contact.mailing_address)


def _transaction_element(parent: Any, transaction: Transaction) -> None:
    """Append the transaction element of ``transaction`` to ``parent``, children in XSD order."""
    element = _sub(parent, "transaction", ref=transaction.ref)
    _sub(element, "transaction-type", code=transaction.type.value)
    _sub(element, "transaction-date", **{"iso-date": _iso_date(transaction.date)})
    value = _sub(
        element, "value", currency=transaction.currency, **{"value-date": _iso_date(transaction.value_date)}
    )
    value.text = _decimal_text(transaction.value)
    if transaction.description:
        _narrative(_sub(element, "description"), transaction.description)
    if transaction.provider_org is not None:
        _organisation_element(element, "provider-org", transaction.provider_org)
    if transaction.receiver_org is not None:
        _organisation_element(element, "receiver-org", transaction.receiver_org)


def _organisation_element(
    parent: Any, tag: str, org: Organisation, *, narrative_required: bool = False
) -> None:
    """Append an organisation element (ref, type, name) to ``parent``."""
    element = _sub(parent, tag, ref=org.ref, type=org.type)
    if org.name or narrative_required:
        _narrative(element, org.name)


def _sub(parent: Any, tag: str, **attributes: str | None) -> Any:
    """Append and return a child element, leaving out attributes whose value is None."""
    return etree.SubElement(
        parent, tag, {name: value for name, value in attributes.items() if value is not None}
    )


def _narrative(parent: Any, text: str) -> None:
    """Append a narrative holding ``text`` to ``parent``."""
    etree.SubElement(parent, "narrative").text = text


def _iso_date(value: date) -> str:
    """Return an xsd:date; a datetime is refused, since its time would be silently dropped."""
    if isinstance(value, datetime):
        raise TypeError(f"cần kiểu date, không phải datetime: {value!r}")
    return value.isoformat()


def _decimal_text(value: Decimal | None) -> str | None:
    """Return an xsd:decimal (never exponent notation), or None for None."""
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"số tiền và tỷ lệ phải là Decimal hữu hạn, nhận {value!r}")
    return format(value, "f")
