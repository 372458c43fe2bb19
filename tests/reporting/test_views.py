from __future__ import annotations

import datetime as dt
import re

from doingoai.accounts.scope import SYSTEM
from doingoai.reporting import services
from tests.reporting.conftest import QUARTERLY, Cycle, at

QUARTERLY_VALUES = {"du_an_dang_thuc_hien": "3", "du_an_moi": "1"}


def _shown(page: str, key: str) -> str:
    match = re.search(rf'name="{re.escape(key)}" id="f-{re.escape(key)}" value="([^"]*)"', page)
    assert match, key
    return match.group(1)


def test_saving_a_draft_again_unchanged_keeps_its_figures(cycle: Cycle, client_for) -> None:
    report = cycle.open(cycle.units.quang_tri)
    client = client_for(cycle.qt_editor)
    url = f"/bao-cao/{report.pk}/nhap/"
    client.post(url, {"vien_tro.y_te.usd": "12,345", "kinh_phi": "2500000000", "action": "save"})
    page = client.get(url).content.decode()
    shown = {key: _shown(page, key) for key in ("vien_tro.y_te.usd", "kinh_phi")}
    assert shown == {"vien_tro.y_te.usd": "12,345", "kinh_phi": "2.500.000.000"}
    # The user saves the page again as shown: twelve dollars and a bit stay twelve dollars.
    client.post(url, {**shown, "action": "save"})
    report.refresh_from_db()
    assert report.values["vien_tro.y_te.usd"] == "12.345"
    assert report.values["kinh_phi"] == "2500000000"


def test_report_lists_name_the_period_as_people_write_it(cycle: Cycle, client_for) -> None:
    services.assignment_create(
        actor=SYSTEM,
        form_code=QUARTERLY,
        unit=cycle.units.quang_tri,
        start_date=dt.date(2025, 1, 1),
        review_unit=cycle.units.vufo,
    )
    report = cycle.open(cycle.units.quang_tri, "2025-Q3", form=QUARTERLY, now=at(2025, 10, 2))
    services.report_submit(actor=cycle.qt_editor, report=report, values=QUARTERLY_VALUES, now=at(2025, 10, 5))
    services.report_return(
        actor=cycle.vufo_reviewer, report=report, reason="Thiếu số liệu", now=at(2025, 10, 6)
    )
    client = client_for(cycle.qt_editor)
    pages = {
        "list": client.get("/bao-cao/").content.decode(),
        "home": client.get("/").content.decode(),
        "history": client.get(f"/bao-cao/don-vi/{cycle.units.quang_tri.pk}/{QUARTERLY}/").content.decode(),
    }
    for name, page in pages.items():
        assert "quý 3/2025" in page, name
        assert "2025-Q3<" not in page and "2025-Q3 " not in page, name
