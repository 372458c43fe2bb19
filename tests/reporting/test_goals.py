from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.reporting import services
from doingoai.reporting.errors import ReportingError
from doingoai.reporting.formspec import spec_parse
from doingoai.reporting.goals import formula_described, formula_value
from doingoai.reporting.models import StrategyIndicator
from tests.reporting.conftest import ANNUAL_VALUES, Cycle, at


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("{doan_ra} + {doan_vao}", Decimal(10)),
        ("({doan_ra} - 1) * 2", Decimal(6)),
        ("{vien_tro.*.vnd} / 1000000000", Decimal("2.5")),
        ("{kinh_phi}", Decimal(0)),  # empty counts as 0
        ("{doan_ra} / 0", Decimal(0)),
    ],
)
def test_formula_values(formula: str, expected: Decimal) -> None:
    values = {
        "doan_ra": "4",
        "doan_vao": "6",
        "vien_tro.y_te.vnd": "2000000000",
        "vien_tro.khac.vnd": "500000000",
    }
    assert formula_value(formula, values) == expected


@pytest.mark.parametrize(
    "formula", ["__import__('os')", "{doan_ra}.real", "doan_ra + 1", "{doan_ra} ** 99", "[1]"]
)
def test_formulas_other_than_arithmetic_on_fields_are_refused(formula: str) -> None:
    with pytest.raises(ReportingError):
        formula_value(formula, {"doan_ra": "1"})


def test_goals_page_shows_actual_from_approved_reports_against_target(cycle: Cycle, client_for) -> None:
    strategy = services.strategy_create(actor=SYSTEM, name="Chiến lược thử", start_year=2025, end_year=2026)
    indicator = services.goal_indicator_add(
        actor=SYSTEM,
        strategy=strategy,
        goal_code="1",
        goal_name="Mở rộng giao lưu",
        code="1.1",
        name="Số đoàn ra, đoàn vào",
        form_code="DNND-NAM",
        formula="{doan_ra} + {doan_vao}",
        targets={2025: Decimal(40)},
    )
    for unit, editor in (
        (cycle.units.ha_noi_union, None),
        (cycle.units.quang_tri_union, cycle.qt_union_editor),
    ):
        report = cycle.open(unit)
        services.report_submit(actor=SYSTEM, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 5))
        if editor is not None:  # Quảng Trị's union is approved; Hà Nội's only submitted: it does not count
            services.report_accept(actor=SYSTEM, report=report, now=at(2026, 1, 6))
            services.report_approve(actor=SYSTEM, report=report, now=at(2026, 1, 7))
    page = client_for(cycle.coordinator).get("/bao-cao/chien-luoc/").content.decode()
    row = page.split('data-indicator="1.1"')[1].split('data-year="2025"')[1].split("</tr>")[0]
    assert ">10<" in row and "25,0%" in row
    # Every column title reads in English on an English page (a "%" in one kept it Vietnamese).
    from django.conf import settings

    english = client_for(cycle.coordinator)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    head = english.get("/bao-cao/chien-luoc/").content.decode().split("<thead>")[1].split("</thead>")[0]
    assert "Share of target reached" in head and "kế hoạch" not in head
    behind = (
        client_for(cycle.coordinator)
        .get(f"/bao-cao/chien-luoc/chi-tieu/{indicator.pk}/2025/")
        .content.decode()
    )
    assert "Quảng Trị" in behind and "Hà Nội" not in behind
    # The year page too names the fields its formula adds, as the goals page does (it showed
    # "{doan_ra} + {doan_vao}").
    assert "[Số đoàn ra nước ngoài] + [Số đoàn nước ngoài được đón tiếp]" in behind
    assert "<code>{doan_ra}" not in behind
    # The page names the fields the formula adds, not their codes.
    caption = page.split('data-indicator="1.1"')[1].split("</caption>")[0]
    assert "[Số đoàn ra nước ngoài] + [Số đoàn nước ngoài được đón tiếp]" in caption
    assert "{doan_ra}" not in caption  # nor in a tooltip, which phones never show


_OUT, _IN = "Số đoàn ra nước ngoài", "Số đoàn nước ngoài được đón tiếp"
_ANNUAL = Path(__file__).resolve().parents[2] / "src/doingoai/reporting/forms_data/dnnd_nam_v1.json"


@pytest.mark.parametrize(
    ("formula", "described"),
    [
        ("{doan_ra} + {doan_vao}", "[Số đoàn ra nước ngoài] + [Số đoàn nước ngoài được đón tiếp]"),
        (
            "{vien_tro.*.vnd} / 1000000000",
            "tổng [Giá trị viện trợ vận động được (cam kết) theo lĩnh vực, Quy đổi VND] : 1.000.000.000",
        ),
        (
            "({doan_ra} + {doan_vao}) * 2",
            "([Số đoàn ra nước ngoài] + [Số đoàn nước ngoài được đón tiếp]) × 2",
        ),
        (
            "{doan_ra} - ({doan_vao} - 1)",
            "[Số đoàn ra nước ngoài] − ([Số đoàn nước ngoài được đón tiếp] − 1)",
        ),
        ("{khong_co} * 1.5", "[khong_co] × 1,5"),
    ],
)
def test_a_formula_is_shown_in_the_words_of_its_form(formula: str, described: str) -> None:
    spec = spec_parse(json.loads(_ANNUAL.read_text(encoding="utf-8")))
    assert formula_described(formula, spec) == described


def _manual_indicator() -> StrategyIndicator:
    """Return an indicator entered by hand (86,50 in 2025) of a strategy for 2025–2026."""
    strategy = services.strategy_create(actor=SYSTEM, name="Chiến lược thử", start_year=2025, end_year=2026)
    return services.goal_indicator_add(
        actor=SYSTEM,
        strategy=strategy,
        goal_code="3",
        goal_name="Kế hoạch hóa",
        code="3.1",
        name="Tỷ lệ đơn vị có kế hoạch năm được phê duyệt",
        unit_label="%",
        targets={2025: Decimal(90)},
        manual={2025: Decimal("86.5")},
    )


def test_the_year_page_of_a_manual_indicator_shows_the_value_entered_not_a_sum_of_nothing(
    cycle: Cycle, client_for
) -> None:
    """The goals page said 86,50 for 2025; the year page of the same indicator said "Tổng 0"."""
    indicator = _manual_indicator()
    client = client_for(cycle.coordinator)
    page = client.get(f"/bao-cao/chien-luoc/chi-tieu/{indicator.pk}/2025/").content.decode()
    assert "Chỉ tiêu nhập tay: giá trị thực hiện năm 2025 là <strong>86,50</strong>" in page
    assert "Tổng" not in page and "Không có báo cáo đã phê duyệt" not in page
    empty = client.get(f"/bao-cao/chien-luoc/chi-tieu/{indicator.pk}/2026/").content.decode()
    assert "Chỉ tiêu nhập tay: chưa nhập giá trị thực hiện năm 2026." in empty


def test_a_year_outside_the_strategy_is_refused_naming_the_strategys_years(cycle: Cycle, client_for) -> None:
    """/chi-tieu/1/1800/ showed "Tổng 0" for a year the strategy never covered."""
    indicator = _manual_indicator()
    client = client_for(cycle.coordinator)
    for year in (1800, 2024, 2027, 9999):
        page = client.get(f"/bao-cao/chien-luoc/chi-tieu/{indicator.pk}/{year}/")
        assert page.status_code == 400
        assert "từ năm 2025 đến năm 2026: năm" in page.content.decode()
    assert client.get(f"/bao-cao/chien-luoc/chi-tieu/{indicator.pk}/2026/").status_code == 200


def test_coordinators_see_a_strategy_s_goals_and_an_indicator_s_years_in_the_admin(
    cycle: Cycle, client_for
) -> None:
    strategy = services.strategy_create(actor=SYSTEM, name="Chiến lược thử", start_year=2025, end_year=2026)
    indicator = services.goal_indicator_add(
        actor=SYSTEM,
        strategy=strategy,
        goal_code="1",
        goal_name="Mở rộng giao lưu",
        code="1.1",
        name="Số đoàn ra, đoàn vào",
        form_code="DNND-NAM",
        formula="{doan_ra} + {doan_vao}",
        targets={2025: Decimal(40)},
    )
    client = client_for(cycle.coordinator)
    goals = client.get(f"/quan-tri/reporting/strategy/{strategy.pk}/change/").content.decode()
    years = client.get(f"/quan-tri/reporting/strategyindicator/{indicator.pk}/change/").content.decode()
    # The tables the screens exist for: Django hid them from coordinators, who have no model permissions.
    assert 'name="goals-TOTAL_FORMS"' in goals and 'value="Mở rộng giao lưu"' in goals
    assert 'name="years-TOTAL_FORMS"' in years and 'name="years-0-target"' in years
