from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from doingoai.iati import (
    Activity,
    ActivityStatus,
    AdministrativeArea,
    IatiValidationError,
    Location,
    Organisation,
    OrganisationRole,
    ParticipatingOrg,
    RecipientCountry,
    Sector,
    Transaction,
    TransactionType,
    activities_parse,
    activities_xml,
    transactions_total,
)
from doingoai.iati.standard import activities_schema

GENERATED = datetime(2025, 9, 15, 9, 30, tzinfo=timezone(timedelta(hours=7)))
NGO_RED_CROSS = Organisation(name="Hội Chữ thập đỏ Việt Nam", type="22")


def _temporary_houses() -> Activity:
    return Activity(
        iati_identifier="JP-CN-5011-VN-NHA-TAM-2025",
        reporting_org=Organisation(name="Quỹ Nhân ái Sakura", ref="JP-CN-5011", type="21"),
        title="Góp sức xóa nhà tạm, nhà dột nát tại tỉnh Quảng Trị",
        description="Hỗ trợ 60 triệu đồng mỗi căn nhà cho 150 hộ nghèo theo chương trình xóa nhà tạm.",
        status=ActivityStatus.IMPLEMENTATION,
        participating_orgs=(
            ParticipatingOrg(
                role=OrganisationRole.FUNDING, name="Quỹ Nhân ái Sakura", ref="JP-CN-5011", type="21"
            ),
            ParticipatingOrg(role=OrganisationRole.IMPLEMENTING, name=NGO_RED_CROSS.name, type="22"),
        ),
        planned_start=date(2025, 4, 1),
        planned_end=date(2025, 10, 31),
        default_currency="VND",
        recipient_countries=(RecipientCountry(code="VN"),),
        locations=(
            Location(
                name="Tỉnh Quảng Trị",
                administrative=(AdministrativeArea(vocabulary="A4", code="VN", level=1),),
            ),
        ),
        sectors=(
            Sector(code="16030", percentage=Decimal("80.5")),
            Sector(code="15160", percentage=Decimal("19.5")),
            Sector(code="160", vocabulary="2"),
        ),
        transactions=(
            Transaction(
                type=TransactionType.INCOMING_FUNDS,
                date=date(2025, 4, 5),
                value=Decimal("9000000000"),
                currency="VND",
                value_date=date(2025, 4, 5),
                provider_org=Organisation(name="Quỹ Nhân ái Sakura", ref="JP-CN-5011"),
            ),
            Transaction(
                type=TransactionType.DISBURSEMENT,
                date=date(2025, 5, 12),
                value=Decimal("30000.00"),
                currency="JPY",
                value_date=date(2025, 5, 10),
                description="Đợt 1: 50 căn",
                receiver_org=NGO_RED_CROSS,
                ref="TX-2025-05-01",
            ),
            Transaction(
                type=TransactionType.DISBURSEMENT,
                date=date(2025, 6, 12),
                value=Decimal("-150.75"),
                currency="JPY",
                value_date=date(2025, 6, 12),
                description="Điều chỉnh giảm do chênh lệch tỷ giá",
            ),
        ),
        last_updated=datetime(2025, 9, 1, 8, 0, tzinfo=UTC),
    )


def _valid(data: bytes) -> bool:
    return bool(activities_schema().validate(etree.fromstring(data)))


def test_export_validates_and_round_trips_the_fixture(valid_xml: str) -> None:
    activities = activities_parse(valid_xml.encode(), source_name="hop-tac.xml")

    data = activities_xml(activities, generated=GENERATED)

    assert _valid(data)
    assert activities_parse(data, source_name="xuat.xml") == activities


def test_export_of_several_activities_keeps_totals_per_type_and_currency(valid_xml: str) -> None:
    activities = [*activities_parse(valid_xml.encode(), source_name="hop-tac.xml"), _temporary_houses()]

    data = activities_xml(activities, generated=GENERATED)
    again = activities_parse(data, source_name="xuat.xml")

    assert again == activities
    totals = transactions_total(again)
    assert totals == transactions_total(activities)
    assert totals[(TransactionType.DISBURSEMENT, "JPY")] == Decimal("29849.25")
    assert totals[(TransactionType.DISBURSEMENT, "EUR")] == Decimal("355500.25")
    assert totals[(TransactionType.OUTGOING_COMMITMENT, "KRW")] == Decimal("850000000")


def test_exported_document_carries_version_and_generated_time() -> None:
    root = etree.fromstring(activities_xml([_temporary_houses()], generated=GENERATED))

    assert root.get("version") == "2.03"
    assert root.get("generated-datetime") == "2025-09-15T09:30:00+07:00"
    assert root.find("iati-activity/transaction/value").text == "9000000000"


def test_export_refuses_activities_that_break_the_codelists() -> None:
    activity = _temporary_houses()
    bad = replace(activity, sectors=(Sector(code="99999", percentage=Decimal("100")),))

    with pytest.raises(IatiValidationError, match=r"JP-CN-5011-VN-NHA-TAM-2025.*99999"):
        activities_xml([bad], generated=GENERATED)


def test_export_refuses_naive_generated_time() -> None:
    with pytest.raises(IatiValidationError, match="múi giờ"):
        activities_xml([_temporary_houses()], generated=datetime(2025, 9, 15, 9, 30))


def test_export_refuses_an_activity_without_participating_org() -> None:
    bad = replace(_temporary_houses(), participating_orgs=())

    with pytest.raises(IatiValidationError, match="participating-org"):
        activities_xml([bad], generated=GENERATED)


# --- generated activities ---------------------------------------------------------------------

_words = (
    st.text(
        alphabet=st.sampled_from(
            "abcdeghiklmnopqrstuvxyàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ "
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))
_amounts = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("100000000000"), places=2)
_currencies = st.sampled_from(["VND", "USD", "EUR", "KRW", "JPY", "AUD"])
_orgs = st.builds(
    Organisation,
    name=_words,
    ref=st.none() | st.just("XM-DAC-41114"),
    type=st.none() | st.sampled_from(["21", "22", "10"]),
)
_transactions = st.builds(
    Transaction,
    type=st.sampled_from(list(TransactionType)),
    date=_dates,
    value=_amounts,
    currency=_currencies,
    value_date=_dates,
    description=st.just("") | _words,
    provider_org=st.none() | _orgs,
    receiver_org=st.none() | _orgs,
)


@st.composite
def _sectors(draw: st.DrawFn) -> tuple[Sector, ...]:
    codes = draw(
        st.lists(st.sampled_from(["11220", "14030", "41030", "16030", "15160"]), min_size=1, max_size=3)
    )
    if len(codes) == 1:
        return (Sector(code=codes[0], percentage=draw(st.none() | st.just(Decimal(100)))),)
    cents = sorted(draw(st.lists(st.integers(0, 10000), min_size=len(codes) - 1, max_size=len(codes) - 1)))
    bounds = [0, *cents, 10000]
    return tuple(
        Sector(code=code, percentage=Decimal(bounds[i + 1] - bounds[i]) / 100) for i, code in enumerate(codes)
    )


@st.composite
def _activities(draw: st.DrawFn) -> Activity:
    start = draw(_dates)
    return Activity(
        iati_identifier=f"VN-NGO-{draw(st.integers(1, 10**9))}",
        reporting_org=Organisation(name=draw(_words), ref="VN-NGO", type="21"),
        title=draw(_words),
        description=draw(_words),
        status=draw(st.sampled_from(list(ActivityStatus))),
        participating_orgs=tuple(
            draw(
                st.lists(
                    st.builds(
                        ParticipatingOrg,
                        role=st.sampled_from(list(OrganisationRole)),
                        name=st.just("") | _words,
                        ref=st.none() | st.just("VN-NGO"),
                        type=st.none() | st.just("21"),
                    ),
                    min_size=1,
                    max_size=3,
                )
            )
        ),
        actual_start=start,
        planned_end=draw(st.none() | st.dates(min_value=start, max_value=date(2040, 1, 1))),
        default_currency=draw(st.none() | _currencies),
        recipient_countries=draw(st.sampled_from([(), (RecipientCountry(code="VN"),)])),
        locations=tuple(draw(st.lists(st.builds(Location, name=_words), max_size=2))),
        sectors=draw(_sectors()),
        transactions=tuple(draw(st.lists(_transactions, max_size=4))),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_activities(), min_size=1, max_size=3, unique_by=lambda activity: activity.iati_identifier))
def test_generated_activities_export_valid_xml_and_round_trip(activities: list[Activity]) -> None:
    data = activities_xml(activities, generated=GENERATED)

    assert _valid(data)
    assert activities_parse(data, source_name="sinh.xml") == activities
