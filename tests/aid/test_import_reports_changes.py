"""An import that changes existing records says which ones; an unchanged re-import lists none."""

from __future__ import annotations

from typing import Any

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.spreadsheets import spreadsheet_import
from tests.aid.test_import_xlsx import GOOD_PROJECTS, GOOD_TRANSACTIONS, _xlsx


def test_an_import_lists_the_projects_and_transactions_it_changed(partners: Any, rates: None) -> None:
    first = spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=_xlsx(GOOD_PROJECTS, GOOD_TRANSACTIONS))
    assert first.projects_updated == [] and first.transactions_updated == []

    same = spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=_xlsx(GOOD_PROJECTS, GOOD_TRANSACTIONS))
    assert same.projects_updated == [] and same.transactions_updated == []

    retitled = [[GOOD_PROJECTS[0][0], "Trường bán trú xã biên giới (giai đoạn 2)", *GOOD_PROJECTS[0][2:]]]
    changed_amount = [[*GOOD_TRANSACTIONS[0][:3], 2000000, *GOOD_TRANSACTIONS[0][4:]]]
    result = spreadsheet_import(actor=SYSTEM, name="b.xlsx", data=_xlsx(retitled, changed_amount))
    assert result.projects_updated == ["XX-T-100"]
    assert result.transactions_updated == ["XX-T-100 · Cam kết nhận · 15/03/2025"]


def test_the_import_page_names_the_changed_records(
    partners: Any, rates: None, make_user: Any, client_for: Any
) -> None:
    import io

    spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=_xlsx(GOOD_PROJECTS, GOOD_TRANSACTIONS))
    upload = io.BytesIO(_xlsx([], [[*GOOD_TRANSACTIONS[0][:3], 2000000, *GOOD_TRANSACTIONS[0][4:]]]))
    upload.name = "sua.xlsx"
    client = client_for(make_user("coordinator", None))
    response = client.post("/vien-tro/nhap/", {"file": upload}, follow=True)
    assert "XX-T-100 · Cam kết nhận · 15/03/2025" in response.content.decode()
