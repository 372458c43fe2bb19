"""The official IATI 2.03 schema tests (placeholders replaced by real codes) through doingoai.iati."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from doingoai.iati import Activity, IatiValidationError, activities_parse, activities_xml

OFFICIAL = Path(__file__).parent / "fixtures" / "official"
SHOULD_PASS = sorted((OFFICIAL / "should-pass").glob("*.xml"))
SHOULD_FAIL = sorted((OFFICIAL / "should-fail").glob("*.xml"))
GENERATED = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("path", SHOULD_PASS, ids=lambda p: p.stem)
def test_official_should_pass_file_exports_and_reads_back_element_by_element(path: Path) -> None:
    activities = activities_parse(path.read_bytes(), source_name=path.name)
    again = activities_parse(activities_xml(activities, generated=GENERATED), source_name="xuat.xml")
    assert again == activities  # every field of every activity, transaction, budget, date, ...


@pytest.mark.parametrize("path", SHOULD_FAIL, ids=lambda p: p.stem)
def test_official_should_fail_file_is_refused_in_vietnamese_naming_file_and_line(path: Path) -> None:
    with pytest.raises(IatiValidationError) as caught:
        activities_parse(path.read_bytes(), source_name=path.name)
    first = caught.value.messages[0]
    assert first.startswith(f"tệp {path.name}, dòng ") and "không đúng lược đồ IATI 2.03" in first


def test_official_files_keep_what_the_registry_needs() -> None:
    def one(stem: str) -> Activity:
        return activities_parse((OFFICIAL / "should-pass" / f"{stem}.xml").read_bytes(), source_name=stem)[0]

    budgets = one("19-budget").budgets
    first = budgets[0]
    assert (first.period_start, first.period_end, str(first.value), first.currency, first.type) == (
        dt.date(2011, 1, 1),
        dt.date(2011, 12, 31),
        "1000000.99",
        "GBP",
        "1",
    )
    planned = one("20-planned-disbursement").planned_disbursements
    assert planned[0].provider_org.ref == "XM-DAC-41114" and planned[0].receiver_org.ref == "VN-MOF"
    assert planned[2].period_end is None
    links = one("13-document-link").document_links
    assert links[2].categories == ("A01", "A02") and links[2].languages == ("en", "fr")
    markers = one("35-policy-marker").policy_markers
    assert [(m.code, m.significance) for m in markers] == [("1", "1"), ("2", "2"), ("3", "0"), ("4", None)]
    contact = one("01-contact-info-example").contacts[0]
    assert (contact.type, contact.email, contact.website) == (
        "1",
        "XXX@example.org",
        "http://www.example.org",
    )
    location = one("01-generic-location").locations[0]
    assert (location.name, str(location.latitude), str(location.longitude)) == (
        "Quang Tri Province",
        "16.816944",
        "107.100278",
    )
    transactions = one("21-transaction").transactions
    assert len(transactions) == 6 and {t.date for t in transactions} == {dt.date(2010, 7, 7)}
    assert transactions[1].receiver_org.ref == "VN-MOF"


@pytest.mark.parametrize(
    ("libxml2", "expected"),
    [
        (
            "Element 'narrative': Element content is not allowed, because the content type is a simple type"
            " definition.",
            "phần tử <narrative>: phần tử này chỉ chứa chữ, không được chứa phần tử con.",
        ),
        (
            "Element 'title': Character content other than whitespace is not allowed because the content"
            " type is 'element-only'.",
            "phần tử <title>: phần tử này chỉ chứa phần tử con, không được chứa chữ trực tiếp.",
        ),
        (
            "Element 'x', attribute 'code': [facet 'enumeration'] The value '9' is not an element of the set"
            " {'1', '2'}.",
            "phần tử <x>, thuộc tính @code: giá trị '9' không có trong danh sách cho phép: '1', '2'.",
        ),
    ],
)
def test_schema_messages_met_in_hostile_files_read_in_vietnamese(libxml2: str, expected: str) -> None:
    from doingoai.iati.standard import schema_message_vi

    assert schema_message_vi(libxml2) == f"không đúng lược đồ IATI 2.03: {expected}"
