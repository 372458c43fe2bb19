"""An import that changes existing records says which ones; an unchanged re-import lists none."""

from __future__ import annotations

from typing import Any

import pytest

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


def _entered_on_screen(units: Any, partner: Any, client: Any) -> Any:
    """Return a project entered as the form offers it: no participating organisation, one transaction."""
    from doingoai.aid.models import Project
    from tests.aid.test_entry_pages import _project_post, _transaction_post

    assert client.post("/vien-tro/du-an/them/", _project_post(units)).status_code == 302
    project = Project.objects.get(iati_identifier="XX-F-1")
    posted = client.post(
        f"/vien-tro/giao-dich/them/?project={project.pk}",
        {**_transaction_post(partner, date="2025-07-15"), "save": "1"},
    )
    assert posted.status_code == 302
    project.refresh_from_db()
    return project


def _reimported(client: Any, content: bytes, name: str) -> str:
    import io

    upload = io.BytesIO(content)
    upload.name = name
    response = client.post("/vien-tro/nhap/", {"file": upload}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("export", "name"),
    [("/vien-tro/iati.xml?editable=1", "cua-toi.xml"), ("/vien-tro/du-an/?format=mau-nhap", "cua-toi.xlsx")],
)
def test_an_unchanged_project_imported_back_keeps_its_version_and_writes_no_audit_entry(
    units: Any, partners: Any, rates: None, make_user: Any, client_for: Any, export: str, name: str
) -> None:
    """A colleague editing the project meanwhile is not refused for an import that changed nothing."""
    from doingoai.audit.models import AuditEntry

    client = client_for(make_user("editor", units.quang_tri))
    project = _entered_on_screen(units, partners["de"], client)
    version, entries = project.version, AuditEntry.objects.count()
    page = _reimported(client, client.get(export).content, name)
    project.refresh_from_db()
    assert project.version == version
    assert AuditEntry.objects.count() == entries
    assert project.participants.count() == 0
    assert "Tệp này đã thay đổi dữ liệu có sẵn" not in page
    assert "1 không thay đổi" in page
