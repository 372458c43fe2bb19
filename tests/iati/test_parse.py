from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from doingoai.iati import (
    ActivityStatus,
    IatiSyntaxError,
    IatiValidationError,
    OrganisationRole,
    Sector,
    TransactionType,
    activities_parse,
)
from doingoai.iati.standard import codelist
from tests.iati.conftest import line_of


def test_valid_file_is_parsed_into_activities(valid_xml: str) -> None:
    schools, mangroves = activities_parse(valid_xml.encode(), source_name="hop-tac.xml")

    assert schools.iati_identifier == "KR-CRN-204-82-10021-VN-TQ-2025-01"
    assert schools.reporting_org.ref == "KR-CRN-204-82-10021"
    assert schools.reporting_org.type == "21"
    assert schools.title.startswith("Xây dựng điểm trường tiểu học")
    assert schools.status is ActivityStatus.IMPLEMENTATION
    assert (schools.planned_start, schools.actual_start, schools.planned_end, schools.actual_end) == (
        date(2025, 3, 1),
        date(2025, 3, 20),
        date(2026, 2, 28),
        None,
    )
    assert [org.role for org in schools.participating_orgs] == [
        OrganisationRole.FUNDING,
        OrganisationRole.IMPLEMENTING,
    ]
    assert schools.participating_orgs[1].name == "Ủy ban nhân dân xã Lũng Cú"
    assert schools.sectors == (
        Sector(code="11220", vocabulary="1", percentage=Decimal("70")),
        Sector(code="14030", vocabulary="1", percentage=Decimal("30")),
    )
    assert schools.locations[0].name == "Xã Lũng Cú, tỉnh Tuyên Quang"
    assert schools.locations[0].administrative[0].code == "VN"
    assert [country.code for country in schools.recipient_countries] == ["VN"]
    assert mangroves.status is ActivityStatus.CLOSED
    assert mangroves.sectors == (Sector(code="41030"),)


def test_transaction_amounts_are_decimals_with_their_currency(valid_xml: str) -> None:
    schools, mangroves = activities_parse(valid_xml.encode(), source_name="hop-tac.xml")

    commitment, disbursement = schools.transactions
    assert commitment.type is TransactionType.OUTGOING_COMMITMENT
    assert (commitment.value, commitment.currency) == (Decimal("850000000"), "KRW")  # default currency
    assert commitment.receiver_org is not None and commitment.receiver_org.type == "10"
    assert disbursement.type is TransactionType.DISBURSEMENT
    assert (disbursement.value, disbursement.currency) == (Decimal("250000.50"), "USD")  # its own currency
    assert isinstance(disbursement.value, Decimal)
    assert disbursement.value_date == date(2025, 4, 1)
    assert disbursement.provider_org is not None and disbursement.provider_org.ref == "KR-CRN-204-82-10021"
    assert sum(t.value for t in mangroves.transactions) == Decimal("355500.25")
    assert {t.currency for t in mangroves.transactions} == {"EUR"}


def _refusal(xml: str) -> IatiValidationError:
    with pytest.raises(IatiValidationError) as caught:
        activities_parse(xml.encode(), source_name="loi.xml")
    return caught.value


def test_missing_iati_identifier_is_refused_naming_the_line(valid_xml: str) -> None:
    broken = valid_xml.replace("<iati-identifier>DE-CR-VR-1234-VN-MANGROVE-03</iati-identifier>", "", 1)

    error = _refusal(broken)

    line = line_of(broken, '<reporting-org ref="DE-CR-VR-1234"')
    assert any(message.startswith(f"tệp loi.xml, dòng {line}:") for message in error.messages), error.messages
    assert "iati-identifier" in str(error)


def test_elements_in_the_wrong_order_are_refused(valid_xml: str) -> None:
    status = '    <activity-status code="4"/>\n'
    broken = valid_xml.replace(status, "", 1).replace(
        '    <participating-org ref="DE-CR-VR-1234"', status + '    <participating-org ref="DE-CR-VR-1234"', 1
    )

    error = _refusal(broken)

    line = line_of(broken, '<activity-status code="4"/>')
    assert f"dòng {line}: " in str(error)
    assert "không được phép ở đây" in str(error)


def test_impossible_date_is_refused(valid_xml: str) -> None:
    broken = valid_xml.replace('iso-date="2026-02-28"', 'iso-date="2026-02-30"', 1)

    error = _refusal(broken)

    assert f"dòng {line_of(broken, '2026-02-30')}: " in str(error)
    assert "ngày '2026-02-30' không hợp lệ" in str(error)


def test_unknown_currency_code_is_refused(valid_xml: str) -> None:
    broken = valid_xml.replace('currency="USD"', 'currency="USX"', 1)

    error = _refusal(broken)

    assert f"dòng {line_of(broken, 'USX')}: " in str(error)
    assert "'USX' không có trong danh mục Currency" in str(error)


def test_unknown_transaction_type_is_refused(valid_xml: str) -> None:
    broken = valid_xml.replace('<transaction-type code="3"/>', '<transaction-type code="99"/>', 1)

    error = _refusal(broken)

    line = line_of(broken, 'code="99"')
    assert f"dòng {line}: " in str(error)
    assert "TransactionType" in str(error)


def test_sector_percentages_not_summing_to_100_are_refused(valid_xml: str) -> None:
    broken = valid_xml.replace('code="14030" percentage="30"', 'code="14030" percentage="20"', 1)

    error = _refusal(broken)

    line = line_of(broken, 'code="11220"')
    assert f"dòng {line}: " in str(error)
    assert "90%" in str(error)


def test_every_codelist_problem_is_reported_at_once(valid_xml: str) -> None:
    broken = (
        valid_xml.replace('currency="USD"', 'currency="USX"', 1)
        .replace('<activity-status code="4"/>', '<activity-status code="9"/>', 1)
        .replace('code="41030"', 'code="41099"', 1)
        .replace('default-currency="EUR"', "", 1)
    )

    error = _refusal(broken)

    assert len(error.problems) == 5  # USX, status 9, sector 41099, two values left without currency
    assert all(problem.line is not None for problem in error.problems)


def test_end_date_before_start_date_is_refused(valid_xml: str) -> None:
    broken = valid_xml.replace('type="4" iso-date="2024-12-31"', 'type="4" iso-date="2021-12-31"', 1)

    assert "trước ngày bắt đầu" in str(_refusal(broken))


def test_other_iati_version_is_refused(valid_xml: str) -> None:
    broken = valid_xml.replace('version="2.03"', 'version="2.02"', 1)

    assert "phiên bản IATI '2.02'" in str(_refusal(broken))


def test_root_other_than_iati_activities_is_refused() -> None:
    with pytest.raises(IatiSyntaxError, match="cần <iati-activities>"):
        activities_parse(b"<iati-organisations version='2.03'/>", source_name="to-chuc.xml")


def test_model_enums_match_the_official_codelists() -> None:
    assert {status.value for status in ActivityStatus} == codelist("ActivityStatus").active
    assert {role.value for role in OrganisationRole} == codelist("OrganisationRole").active
    assert {kind.value for kind in TransactionType} == codelist("TransactionType").active


def test_document_link_that_is_not_a_web_address_is_refused_naming_the_line(valid_xml: str) -> None:
    bad = valid_xml.replace(
        "</iati-activity>",
        '<document-link url="javascript:alert(1)" format="text/html">'
        '<title><narrative>x</narrative></title><category code="A01"/></document-link></iati-activity>',
        1,
    )
    with pytest.raises(IatiValidationError) as caught:
        activities_parse(bad.encode(), source_name="lien-ket.xml")
    assert any(
        "'javascript:alert(1)' phải bắt đầu bằng http:// hoặc https://" in m for m in caught.value.messages
    )


def test_a_file_cut_short_is_refused_in_vietnamese_naming_the_line_and_column() -> None:
    data = b'<?xml version="1.0"?>\n<iati-activities version="2.03"><iati-activity><title>'
    with pytest.raises(IatiSyntaxError) as caught:
        activities_parse(data, source_name="hong.xml")
    message = str(caught.value)
    # Not libxml2's English ("Premature end of data in tag title line 2") in a Vietnamese page.
    assert message.startswith("tệp hong.xml, dòng 2, cột "), message
    assert "không phải XML hợp lệ" in message
    assert "Premature" not in message and "tag" not in message
