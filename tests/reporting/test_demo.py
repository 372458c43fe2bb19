from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from doingoai.accounts.scope import SYSTEM
from doingoai.directory.models import Organization
from doingoai.reporting import selectors
from doingoai.reporting.models import Report
from doingoai.reporting.periods import period_parse


@pytest.mark.django_db
def test_demo_has_the_2025_annual_cycle_for_over_100_units_and_three_quarters_of_aid_reports() -> None:
    call_command("demo_load", "--password", "mat-khau-demo-1", stdout=StringIO())
    annual = selectors.completeness_compute(user=SYSTEM, form_code="DNND-NAM", period=period_parse("2025"))
    assert annual.expected > 100
    states = {s.state for s in annual.units}
    assert {"approved", "accepted", "submitted", "returned", "draft", "not_started"} <= states
    late = [s for s in annual.units if s.first_submitted and not s.on_time]
    assert late and annual.on_time < annual.complete < annual.expected
    quang_tri = Organization.objects.get(kind="province", province_code="44")
    by_unit = {s.unit.pk: s for s in annual.units}
    assert by_unit[quang_tri.pk].state == "not_started"
    union = quang_tri.children.get(kind="friendship_union")
    assert by_unit[union.pk].state == "approved"
    for quarter in ("2025-Q1", "2025-Q2", "2025-Q3"):
        result = selectors.completeness_compute(
            user=SYSTEM, form_code="VTPCP-QUY", period=period_parse(quarter)
        )
        assert result.expected == 34 and 0 < result.complete < 34
    count = Report.objects.count()
    call_command("demo_load", "--password", "mat-khau-demo-1", stdout=StringIO())
    assert Report.objects.count() == count


@pytest.mark.django_db
def test_demo_accounts_are_listed_in_columns_with_who_each_one_is() -> None:
    out = StringIO()
    call_command("demo_load", "--password", "mat-khau-demo-1", stdout=out)
    rows = [line for line in out.getvalue().splitlines() if "mat-khau-demo-1" in line]
    assert len(rows) >= 8
    # The password starts in the same column on every row, however long the user name.
    assert len({row.index("mat-khau-demo-1") for row in rows}) == 1
    reviewer = next(row for row in rows if row.split()[0] == "duyet.vufo")
    assert "VUFO" in reviewer
