"""Currencies: an unknown ISO 4217 code is refused as unknown; a stale rate is flagged on the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.currency import rate_find
from doingoai.aid.errors import AidError, AidImportError
from doingoai.aid.iati_io import aid_iati_import
from doingoai.aid.models import Transaction
from doingoai.aid.spreadsheets import spreadsheet_import
from tests.hostile.corpus import csv_file, iati_document, xlsx_book


@pytest.mark.parametrize("code", ["XYZ", "ABC", "QQQ"])
def test_unknown_currency_is_refused_as_unknown_not_as_missing_rate(
    units: Any, partners: Any, rates: None, code: str
) -> None:
    with pytest.raises(AidError) as caught:
        rate_find(currency=code, on=dt.date(2025, 3, 1))
    assert "ISO 4217" in caught.value.messages[0] and code in caught.value.messages[0]
    row = ["XX-H-1", "11", "15/03/2025", "1000", code, "XX-T-SAK", ""]
    for name, data in (("tien.xlsx", xlsx_book([row])), ("tien.csv", csv_file([row]))):
        with pytest.raises(AidImportError) as imported:
            spreadsheet_import(actor=SYSTEM, name=name, data=data)
        text = "\n".join(imported.value.problems)
        assert "cột E (Tiền tệ" in text and "ISO 4217" in text and "Chưa có tỷ giá" not in text, name


def test_known_currency_without_rate_still_says_the_rate_is_missing(
    units: Any, partners: Any, rates: None
) -> None:
    with pytest.raises(AidError, match="Chưa có tỷ giá CHF"):
        rate_find(currency="CHF", on=dt.date(2025, 3, 1))


def test_unknown_currency_in_iati_is_refused_naming_the_codelist(
    units: Any, partners: Any, rates: None
) -> None:
    with pytest.raises(AidImportError) as caught:
        aid_iati_import(
            actor=SYSTEM,
            data=iati_document(currency="XYZ").encode(),
            source_name="x.xml",
            owner_unit=units.vufo,
        )
    assert "'XYZ' không có trong danh mục Currency" in "\n".join(caught.value.problems)


def test_transaction_converted_with_a_stale_rate_is_flagged_on_the_list_and_project_page(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    fresh = project_factory("XX-C-1", day=dt.date(2025, 7, 10))
    stale = project_factory("XX-C-2", day=dt.date(2026, 11, 20))
    client = client_for(make_user("coordinator", None))
    listing = client.get("/vien-tro/giao-dich/").content.decode()
    assert "1 giao dịch được quy đổi bằng tỷ giá cũ hơn 31 ngày" in listing
    assert listing.count("⚠ tỷ giá cũ") == 1
    assert "⚠ tỷ giá cũ" in client.get(f"/vien-tro/du-an/{stale.pk}/").content.decode()
    assert "⚠" not in client.get(f"/vien-tro/du-an/{fresh.pk}/").content.decode()
    row = Transaction.objects.get(project=stale)
    assert row.rate_date == dt.date(2025, 7, 1)  # still recorded, with the last known rate


def test_the_stale_rate_warning_tells_an_editor_to_ask_the_coordinator(
    project_factory: Any, make_user: Any, client_for: Any, units: Any
) -> None:
    """Only the coordinator enters rates: an editor is told whom to ask, the coordinator what to do."""
    stale = project_factory("XX-C-3", day=dt.date(2026, 11, 20))
    coordinator = client_for(make_user("coordinator", None))
    editor = client_for(make_user("editor", stale.owner_unit))
    for page in ("/vien-tro/giao-dich/", f"/vien-tro/du-an/{stale.pk}/"):
        told = coordinator.get(page).content.decode()
        assert "hãy nhập tỷ giá đúng kỳ" in told and "nhờ điều phối quốc gia" not in told, page
        told = editor.get(page).content.decode()
        assert "hãy nhờ điều phối quốc gia nhập tỷ giá đúng kỳ" in told, page


def test_allowed_rate_age_is_a_setting(
    project_factory: Any, make_user: Any, client_for: Any, settings: Any
) -> None:
    settings.AID_RATE_MAX_AGE_DAYS = 600
    project_factory("XX-C-2", day=dt.date(2026, 11, 20))
    listing = client_for(make_user("coordinator", None)).get("/vien-tro/giao-dich/").content.decode()
    assert "⚠" not in listing
