from __future__ import annotations

import copy
import datetime as dt
import json
from importlib import resources
from io import StringIO

import pytest
from django.core.management import call_command

from doingoai.accounts.scope import SYSTEM
from doingoai.reporting import selectors, services
from doingoai.reporting.errors import ReportingError
from doingoai.reporting.periods import period_parse
from tests.reporting.conftest import Cycle


def _annual() -> dict:
    return json.loads(
        resources.files("doingoai.reporting.forms_data").joinpath("dnnd_nam_v1.json").read_text()
    )


def test_a_period_is_reported_on_the_version_in_force(cycle: Cycle) -> None:
    second = copy.deepcopy(_annual())
    second.update(version=2, valid_from="2026-01-01")
    second["sections"][0]["indicators"].append(
        {"code": "doan_truc_tuyen", "label": "Số cuộc giao lưu trực tuyến", "kind": "integer"}
    )
    services.form_load(actor=SYSTEM, definition=second)
    assert selectors.form_in_force("DNND-NAM", period_parse("2025")).version == 1
    assert selectors.form_in_force("DNND-NAM", period_parse("2026")).version == 2
    report = cycle.open(cycle.units.quang_tri, "2026", now=dt.datetime(2027, 1, 2, tzinfo=dt.UTC))
    assert report.form.version == 2 and report.form.spec.field("doan_truc_tuyen") is not None


def test_a_version_with_reports_cannot_change(cycle: Cycle) -> None:
    cycle.open(cycle.units.quang_tri)
    changed = _annual()
    changed["name"] = "Tên khác"
    with pytest.raises(ReportingError, match="phiên bản mới"):
        services.form_load(actor=SYSTEM, definition=changed)


def test_forms_load_command_is_idempotent(db: None) -> None:
    out = StringIO()
    call_command("reporting_forms_load", stdout=out)
    call_command("reporting_forms_load", stdout=out)
    assert "DNND-NAM v1" in out.getvalue() and "VTPCP-QUY v1" in out.getvalue()
    from doingoai.reporting.models import ReportForm

    assert ReportForm.objects.count() == 2


def test_completeness_page_queries_do_not_grow_with_units(
    cycle: Cycle, client_for, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doingoai.directory import services as directory_services

    client = client_for(cycle.coordinator)
    cycle.open(cycle.units.quang_tri)
    with CaptureQueriesContext(connection) as few:
        client.get("/bao-cao/bieu-mau/DNND-NAM/?year=2025")
    for i in range(12):
        unit = directory_services.organization_create(actor=SYSTEM, name=f"Đơn vị thử {i}", kind="central")
        services.assignment_create(
            actor=SYSTEM, form_code="DNND-NAM", unit=unit, start_date=dt.date(2024, 1, 1)
        )
        cycle.open(unit)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/bao-cao/bieu-mau/DNND-NAM/?year=2025")
    assert "Đơn vị thử 11" in page.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
