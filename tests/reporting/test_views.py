from __future__ import annotations

import re

from tests.reporting.conftest import Cycle


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
