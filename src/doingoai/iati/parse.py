"""Read IATI 2.03 activity XML safely, validate it completely, then map it to dataclasses."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from lxml import etree  # type: ignore[import-untyped]

from doingoai.iati.errors import IatiProblem, IatiSecurityError, IatiSyntaxError, IatiValidationError
from doingoai.iati.model import (
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
)
from doingoai.iati.standard import IATI_VERSION, XML_LANG, activities_schema, codelist, schema_message_vi
from doingoai.xmlbytes import XmlEncodingError, xml_utf8

_DECLARATIONS = ("<!DOCTYPE", "<!ENTITY")
_HUNDRED = Decimal(100)
# The library's own cap, whoever calls it: parsing and validating 10 MB takes a few seconds.
MAX_BYTES = 10 * 1024 * 1024
_DATE_FIELDS = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}


def activities_parse(data: bytes, *, source_name: str) -> list[Activity]:
    """Return the activities of an IATI 2.03 ``iati-activities`` file, or raise an ``IatiError``.

    The file is refused as a whole (nothing partial is returned) if it declares a DOCTYPE or
    entities, is not well-formed XML, breaks the 2.03 XSD, or breaks a codelist or a rule; every
    problem found at that stage is listed with its line.
    """
    root = document_validate(data, source_name=source_name)
    return [_activity_map(element) for element in root.iterchildren("iati-activity")]


def document_validate(data: bytes, *, source_name: str) -> Any:
    """Return the root element of ``data`` once it passes the safety, schema and rule checks."""
    root = _document_load(data, source_name=source_name)
    schema = activities_schema()
    if not schema.validate(root):
        problems = [
            IatiProblem(error.line or None, schema_message_vi(error.message)) for error in schema.error_log
        ]
        raise IatiValidationError(source_name, problems)
    problems = _document_problems(root)
    if problems:
        raise IatiValidationError(source_name, problems)
    return root


def _document_load(data: bytes, *, source_name: str) -> Any:
    """Return the parsed root, refusing declarations before any entity could be expanded."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError("activities_parse expects the file's bytes")
    if not data.strip():
        raise IatiSyntaxError(source_name, [IatiProblem(None, "tệp rỗng, không có nội dung XML.")])
    if len(data) > MAX_BYTES:
        raise IatiSyntaxError(
            source_name,
            [IatiProblem(None, f"tệp quá lớn ({len(data) // 2**20} MB); tối đa {MAX_BYTES // 2**20} MB.")],
        )
    data = _utf8(bytes(data), source_name=source_name)
    _declarations_refuse(data, source_name=source_name)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        dtd_validation=False,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(bytes(data), parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        # libxml2's own words are English ("Premature end of data in tag title"): the place is kept.
        problem = IatiProblem(
            line,
            "không phải XML hợp lệ (thẻ chưa đóng, ký tự sai hoặc tệp bị cắt giữa chừng); "
            "hãy kiểm tra tệp được xuất đúng.",
            column=error.offset if line and error.offset else None,
        )
        raise IatiSyntaxError(source_name, [problem]) from None
    docinfo = root.getroottree().docinfo
    # Second line of defence, for encodings the byte scan cannot read.
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise IatiSecurityError(source_name, [IatiProblem(1, _DECLARATION_MESSAGE)])
    if root.tag != "iati-activities":
        raise IatiSyntaxError(
            source_name,
            [
                IatiProblem(
                    root.sourceline, f"phần tử gốc là <{root.tag}>, cần <iati-activities> (IATI hoạt động)."
                )
            ],
        )
    return root


def _utf8(data: bytes, *, source_name: str) -> bytes:
    """Return the document as UTF-8, or raise IatiSyntaxError naming an encoding that cannot be read."""
    try:
        return xml_utf8(data)
    except XmlEncodingError as exc:
        what = (
            f"mã ký tự '{exc.encoding}' khai báo trong tệp không được hỗ trợ"
            if exc.unknown
            else f"nội dung không đúng mã ký tự '{exc.encoding}' mà tệp khai báo"
        )
        raise IatiSyntaxError(
            source_name, [IatiProblem(1, f"{what}; hãy lưu lại tệp với mã UTF-8.")]
        ) from None


_DECLARATION_MESSAGE = (
    "tệp có khai báo DOCTYPE/ENTITY; vì an toàn hệ thống từ chối tệp (không mở rộng thực thể, "
    "không đọc tệp ngoài). Tệp IATI hợp lệ không cần khai báo này: hãy xuất lại tệp không có DOCTYPE."
)


def _declarations_refuse(data: bytes, *, source_name: str) -> None:
    """Raise ``IatiSecurityError`` if ``data`` declares a DOCTYPE, entities or external references.

    defusedxml does the check (stdlib expat with DTDs, entities and external references forbidden),
    in whatever encoding the file declares; a file that is not well-formed is left to lxml, which
    reports the line.
    """
    try:
        SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise IatiSecurityError(
            source_name, [IatiProblem(_declaration_line(data), _DECLARATION_MESSAGE)]
        ) from None
    except SafeET.ParseError:
        return


def _declaration_line(data: bytes) -> int | None:
    """Return the line of the first declaration when the file is ASCII-compatible, for the message."""
    for declaration in _DECLARATIONS:
        position = data.find(declaration.encode("ascii"))
        if position >= 0:
            return data[:position].count(b"\n") + 1
    return None


# ---------------------------------------------------------------------------------------------
# Rules beyond the XSD: codelists and percentages. Each returns problems rather than raising, so
# that a file with ten mistakes is reported with ten lines at once.


def _document_problems(root: Any) -> list[IatiProblem]:
    """Return every codelist and rule problem of a schema-valid document."""
    problems: list[IatiProblem] = []
    version = root.get("version")
    if version != IATI_VERSION:
        problems.append(
            IatiProblem(
                root.sourceline, f"phiên bản IATI '{version}' không được hỗ trợ; chỉ nhận {IATI_VERSION}."
            )
        )
    dates = _date_range_problems(root)
    if dates:  # the rules below read these dates
        return problems + dates
    seen: dict[str, int] = {}
    for activity in root.iterchildren("iati-activity"):
        identifier = _text(activity.find("iati-identifier"))
        label = f"hoạt động '{identifier}'"
        line = activity.sourceline
        if not identifier:
            problems.append(
                IatiProblem(activity.find("iati-identifier").sourceline, "mã iati-identifier để trống.")
            )
        elif identifier in seen:
            problems.append(IatiProblem(line, f"{label} trùng mã với hoạt động ở dòng {seen[identifier]}."))
        else:
            seen[identifier] = line
        problems.extend(_activity_problems(activity, label))
    return problems


_DATE_ATTRIBUTES = (
    ("activity-date", "iso-date"),
    ("transaction-date", "iso-date"),
    ("value", "value-date"),
    ("period-start", "iso-date"),
    ("period-end", "iso-date"),
    ("document-date", "iso-date"),
)


def _date_range_problems(root: Any) -> list[IatiProblem]:
    """Return a problem for each date the registry cannot hold: outside the years 1900–2100."""
    problems: list[IatiProblem] = []
    for tag, attribute in _DATE_ATTRIBUTES:
        for element in root.iter(tag):
            text = element.get(attribute)
            if text is None:
                continue
            try:
                day = _date(text)
            except ValueError:
                day = None
            if day is None or not date_in_range(day):
                problems.append(
                    IatiProblem(
                        element.sourceline,
                        f"<{tag}> @{attribute} '{text.strip()}' nằm ngoài khoảng năm {YEAR_MIN}–{YEAR_MAX}; "
                        "hãy sửa ngày.",
                    )
                )
    for element in root.iter("iati-activity"):
        text = element.get("last-updated-datetime")
        if text is None:
            continue
        try:
            ok = date_in_range(_datetime(text).date())
        except ValueError:
            ok = False
        if not ok:
            problems.append(
                IatiProblem(
                    element.sourceline,
                    f"@last-updated-datetime '{text.strip()}' nằm ngoài khoảng năm {YEAR_MIN}–{YEAR_MAX}.",
                )
            )
    return problems


def _activity_problems(activity: Any, label: str) -> list[IatiProblem]:
    """Return the codelist and rule problems of one iati-activity element."""
    problems: list[IatiProblem] = []

    def code_check(element: Any, attribute: str, list_name: str, what: str) -> None:
        value = element.get(attribute)
        if value is None:
            return
        codes = codelist(list_name)
        if value in codes.withdrawn:
            problems.append(
                IatiProblem(
                    element.sourceline, f"{label}: {what} '{value}' đã bị rút khỏi danh mục {list_name}."
                )
            )
        elif value not in codes.active:
            problems.append(
                IatiProblem(
                    element.sourceline, f"{label}: {what} '{value}' không có trong danh mục {list_name}."
                )
            )

    if not _text(activity.find("title/narrative")):
        problems.append(IatiProblem(activity.find("title").sourceline, f"{label}: tiêu đề (title) để trống."))
    reporting = activity.find("reporting-org")
    code_check(reporting, "type", "OrganisationType", "loại tổ chức báo cáo")
    for org in activity.iterchildren("participating-org"):
        code_check(org, "role", "OrganisationRole", "vai trò tổ chức tham gia")
        code_check(org, "type", "OrganisationType", "loại tổ chức tham gia")
    code_check(activity.find("activity-status"), "code", "ActivityStatus", "mã trạng thái hoạt động")
    code_check(activity, "default-currency", "Currency", "mã tiền tệ mặc định")
    problems.extend(_dates_problems(activity, label, code_check))
    for country in activity.iterchildren("recipient-country"):
        code_check(country, "code", "Country", "mã quốc gia nhận")
    for location in activity.iterchildren("location"):
        for area in location.iterchildren("administrative"):
            code_check(area, "vocabulary", "GeographicVocabulary", "bộ mã địa giới")
    problems.extend(_sectors_problems(activity, label, code_check))
    for contact in activity.iterchildren("contact-info"):
        code_check(contact, "type", "ContactType", "loại đầu mối liên hệ")
    for marker in activity.iterchildren("policy-marker"):
        code_check(marker, "vocabulary", "PolicyMarkerVocabulary", "bộ mã chỉ dấu chính sách")
        if marker.get("vocabulary", "1") == "1":
            code_check(marker, "code", "PolicyMarker", "mã chỉ dấu chính sách")
            code_check(marker, "significance", "PolicySignificance", "mức ý nghĩa chỉ dấu chính sách")
    for budget in activity.iterchildren("budget"):
        code_check(budget, "type", "BudgetType", "loại ngân sách")
        code_check(budget, "status", "BudgetStatus", "tình trạng ngân sách")
    for link in activity.iterchildren("document-link"):
        url = (link.get("url") or "").strip()
        if not url.lower().startswith(("http://", "https://")):
            problems.append(
                IatiProblem(
                    link.sourceline,
                    f"{label}: địa chỉ tài liệu '{url[:100]}' phải bắt đầu bằng http:// hoặc https://.",
                )
            )
        for category in link.iterchildren("category"):
            code_check(category, "code", "DocumentCategory", "loại tài liệu")
        for language in link.iterchildren("language"):
            code_check(language, "code", "Language", "mã ngôn ngữ tài liệu")
    has_default_currency = activity.get("default-currency") is not None
    for money in [*activity.iterchildren("budget"), *activity.iterchildren("planned-disbursement")]:
        value = money.find("value")
        code_check(value, "currency", "Currency", "mã tiền tệ")
        if value.get("currency") is None and not has_default_currency:
            problems.append(
                IatiProblem(
                    value.sourceline,
                    f"{label}: giá trị <{money.tag}> không có @currency "
                    "và hoạt động không có @default-currency.",
                )
            )
    for transaction in activity.iterchildren("transaction"):
        code_check(transaction.find("transaction-type"), "code", "TransactionType", "loại giao dịch")
        value = transaction.find("value")
        code_check(value, "currency", "Currency", "mã tiền tệ")
        if value.get("currency") is None and not has_default_currency:
            problems.append(
                IatiProblem(
                    value.sourceline,
                    f"{label}: giá trị giao dịch không có @currency và hoạt động không có @default-currency.",
                )
            )
        for org_tag in ("provider-org", "receiver-org"):
            org = transaction.find(org_tag)
            if org is not None:
                code_check(org, "type", "OrganisationType", f"loại tổ chức ({org_tag})")
    return problems


def _dates_problems(activity: Any, label: str, code_check: Any) -> list[IatiProblem]:
    """Return problems of activity-date: unknown type, a type given twice, an end before its start."""
    problems: list[IatiProblem] = []
    by_type: dict[str, date] = {}
    for element in activity.iterchildren("activity-date"):
        code_check(element, "type", "ActivityDateType", "loại ngày")
        kind = element.get("type")
        if kind in by_type:
            problems.append(
                IatiProblem(element.sourceline, f"{label}: loại ngày '{kind}' xuất hiện hai lần.")
            )
        by_type[kind] = _date(element.get("iso-date"))
    for start, end, name in (("1", "3", "dự kiến"), ("2", "4", "thực tế")):
        if start in by_type and end in by_type and by_type[end] < by_type[start]:
            problems.append(
                IatiProblem(
                    activity.sourceline,
                    f"{label}: ngày kết thúc {name} {by_type[end]} trước ngày bắt đầu {name} "
                    f"{by_type[start]}.",
                )
            )
    return problems


def _sectors_problems(activity: Any, label: str, code_check: Any) -> list[IatiProblem]:
    """Return sector problems: unknown vocabulary or code, percentages not summing to 100."""
    problems: list[IatiProblem] = []
    by_vocabulary: dict[str, list[Any]] = defaultdict(list)
    for element in activity.iterchildren("sector"):
        vocabulary = element.get("vocabulary", "1")
        by_vocabulary[vocabulary].append(element)
        code_check(element, "vocabulary", "SectorVocabulary", "bộ mã lĩnh vực")
        if vocabulary == "1":
            code_check(element, "code", "Sector", "mã lĩnh vực DAC 5 chữ số")
        elif vocabulary == "2":
            code_check(element, "code", "SectorCategory", "mã nhóm lĩnh vực DAC 3 chữ số")
    for vocabulary, elements in by_vocabulary.items():
        percentages = [element.get("percentage") for element in elements]
        if len(elements) == 1 and percentages[0] is None:
            continue
        if any(percentage is None for percentage in percentages):
            problems.append(
                IatiProblem(
                    elements[0].sourceline,
                    f"{label}: có nhiều lĩnh vực theo bộ mã {vocabulary} "
                    "nên mỗi lĩnh vực phải có @percentage.",
                )
            )
            continue
        total = sum((Decimal(percentage) for percentage in percentages), Decimal(0))
        if total != _HUNDRED:
            problems.append(
                IatiProblem(
                    elements[0].sourceline,
                    f"{label}: tỷ lệ các lĩnh vực theo bộ mã {vocabulary} cộng lại là {total}%, "
                    "phải đúng 100%.",
                )
            )
    return problems


# ---------------------------------------------------------------------------------------------
# Mapping. The document has passed the XSD and the rules, so required elements are present.


def _activity_map(element: Any) -> Activity:
    """Return the Activity of a validated iati-activity element."""
    default_currency = element.get("default-currency")
    dates: dict[str, date] = {}
    for date_element in element.iterchildren("activity-date"):
        dates[_DATE_FIELDS[date_element.get("type")]] = _date(date_element.get("iso-date"))
    last_updated = element.get("last-updated-datetime")
    return Activity(
        iati_identifier=_text(element.find("iati-identifier")),
        reporting_org=_organisation_map(element.find("reporting-org")),
        title=_text(element.find("title/narrative")),
        description=_text(element.find("description/narrative")),
        status=ActivityStatus(element.find("activity-status").get("code")),
        participating_orgs=tuple(
            ParticipatingOrg(
                role=OrganisationRole(org.get("role")),
                name=_text(org.find("narrative")),
                ref=org.get("ref"),
                type=org.get("type"),
            )
            for org in element.iterchildren("participating-org")
        ),
        default_currency=default_currency,
        recipient_countries=tuple(
            RecipientCountry(code=country.get("code"), percentage=_decimal_or_none(country.get("percentage")))
            for country in element.iterchildren("recipient-country")
        ),
        locations=tuple(_location_map(location) for location in element.iterchildren("location")),
        sectors=tuple(
            Sector(
                code=sector.get("code"),
                vocabulary=sector.get("vocabulary", "1"),
                percentage=_decimal_or_none(sector.get("percentage")),
            )
            for sector in element.iterchildren("sector")
        ),
        transactions=tuple(
            _transaction_map(transaction, default_currency)
            for transaction in element.iterchildren("transaction")
        ),
        last_updated=_datetime(last_updated) if last_updated else None,
        default_lang=element.get(XML_LANG),
        translations=_translations_map(element),
        contacts=tuple(_contact_map(contact) for contact in element.iterchildren("contact-info")),
        policy_markers=tuple(
            PolicyMarker(
                code=marker.get("code"),
                vocabulary=marker.get("vocabulary", "1"),
                significance=marker.get("significance"),
            )
            for marker in element.iterchildren("policy-marker")
        ),
        budgets=tuple(_budget_map(budget, default_currency) for budget in element.iterchildren("budget")),
        planned_disbursements=tuple(
            _planned_map(planned, default_currency)
            for planned in element.iterchildren("planned-disbursement")
        ),
        document_links=tuple(_document_map(link) for link in element.iterchildren("document-link")),
        **dates,
    )


def _translations_map(element: Any) -> tuple[Translation, ...]:
    """Return the title's and first description's narratives after the first, with their language."""
    default = element.get(XML_LANG) or ""
    out: list[Translation] = []
    for part in ("title", "description"):
        holder = element.find(part)
        if holder is None:
            continue
        for narrative in list(holder.iterchildren("narrative"))[1:]:
            text = _text(narrative)
            if text:
                out.append(Translation(part=part, lang=narrative.get(XML_LANG) or default, text=text))
    return tuple(out)


def _contact_map(element: Any) -> ContactInfo:
    """Return the ContactInfo of a contact-info element (the first of each repeated child)."""

    def first(path: str) -> str:
        return _text(element.find(path))

    return ContactInfo(
        type=element.get("type"),
        organisation=first("organisation/narrative"),
        person_name=first("person-name/narrative"),
        job_title=first("job-title/narrative"),
        telephone=first("telephone"),
        email=first("email"),
        website=first("website"),
        mailing_address=first("mailing-address/narrative"),
    )


def _money(element: Any, default_currency: str | None) -> tuple[Decimal, str, date]:
    value = element.find("value")
    currency = value.get("currency") or default_currency
    assert currency is not None  # the rules refuse a value with neither
    return Decimal((value.text or "").strip()), currency, _date(value.get("value-date"))


def _budget_map(element: Any, default_currency: str | None) -> Budget:
    amount, currency, value_date = _money(element, default_currency)
    return Budget(
        period_start=_date(element.find("period-start").get("iso-date")),
        period_end=_date(element.find("period-end").get("iso-date")),
        value=amount,
        currency=currency,
        value_date=value_date,
        type=element.get("type", "1"),
        status=element.get("status", "1"),
    )


def _planned_map(element: Any, default_currency: str | None) -> PlannedDisbursement:
    amount, currency, value_date = _money(element, default_currency)
    end = element.find("period-end")
    provider = element.find("provider-org")
    receiver = element.find("receiver-org")
    return PlannedDisbursement(
        period_start=_date(element.find("period-start").get("iso-date")),
        period_end=_date(end.get("iso-date")) if end is not None else None,
        value=amount,
        currency=currency,
        value_date=value_date,
        type=element.get("type"),
        provider_org=_organisation_map(provider) if provider is not None else None,
        receiver_org=_organisation_map(receiver) if receiver is not None else None,
    )


def _document_map(element: Any) -> DocumentLink:
    day = element.find("document-date")
    return DocumentLink(
        url=element.get("url").strip(),
        format=element.get("format"),
        title=_text(element.find("title/narrative")),
        categories=tuple(category.get("code") for category in element.iterchildren("category")),
        languages=tuple(language.get("code") for language in element.iterchildren("language")),
        document_date=_date(day.get("iso-date")) if day is not None else None,
    )


def _organisation_map(element: Any) -> Organisation:
    """Return the Organisation named by a reporting-org, provider-org or receiver-org element."""
    return Organisation(
        name=_text(element.find("narrative")), ref=element.get("ref"), type=element.get("type")
    )


def _location_map(element: Any) -> Location:
    """Return the Location of a location element."""
    areas = []
    for area in element.iterchildren("administrative"):
        level = area.get("level")
        areas.append(
            AdministrativeArea(
                vocabulary=area.get("vocabulary"), code=area.get("code"), level=int(level) if level else None
            )
        )
    latitude = longitude = None
    position = _text(element.find("point/pos")).split()
    if len(position) == 2:
        try:
            latitude, longitude = Decimal(position[0]), Decimal(position[1])
        except InvalidOperation:  # pragma: no cover - the XSD's gml:doubleList has checked them
            latitude = longitude = None
    return Location(
        name=_text(element.find("name/narrative")),
        administrative=tuple(areas),
        ref=element.get("ref"),
        latitude=latitude,
        longitude=longitude,
        description=_text(element.find("description/narrative")),
    )


def _transaction_map(element: Any, default_currency: str | None) -> Transaction:
    """Return the Transaction of a transaction element; its currency falls back to the default."""
    value = element.find("value")
    provider = element.find("provider-org")
    receiver = element.find("receiver-org")
    currency = value.get("currency") or default_currency
    assert currency is not None  # the rules refuse a value with neither
    return Transaction(
        type=TransactionType(element.find("transaction-type").get("code")),
        date=_date(element.find("transaction-date").get("iso-date")),
        value=Decimal((value.text or "").strip()),
        currency=currency,
        value_date=_date(value.get("value-date")),
        description=_text(element.find("description/narrative")),
        provider_org=_organisation_map(provider) if provider is not None else None,
        receiver_org=_organisation_map(receiver) if receiver is not None else None,
        ref=element.get("ref"),
    )


def _text(element: Any) -> str:
    """Return the stripped, NFC-normalised text of an element, or "" if it is absent."""
    if element is None or element.text is None:
        return ""
    return unicodedata.normalize("NFC", element.text.strip())


def _date(text: str) -> date:
    """Return the date of an xsd:date, ignoring any time-zone suffix it may carry."""
    return date.fromisoformat(text.strip()[:10])


def _datetime(text: str) -> datetime:
    """Return an aware datetime for an xsd:dateTime; one without a zone is taken as UTC."""
    value = datetime.fromisoformat(text.strip())
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _decimal_or_none(text: str | None) -> Decimal | None:
    """Return the Decimal of an xsd:decimal attribute, or None when it is absent."""
    if text is None:
        return None
    try:
        return Decimal(text.strip())
    except InvalidOperation:  # pragma: no cover - the XSD has already checked xsd:decimal
        raise ValueError(f"not a decimal: {text!r}") from None
