"""Demo of periodic reporting: the 2025 annual cycle for over 100 units, and Q1–Q3 2025 aid reports.

Written for doingoai's demo; the figures are invented and plausible. The ministries added here are
the real ministries after the 2025 reorganization (facts); their reports are invented. Quảng Trị's
people's committee is left without a 2025 annual report so the demo's editor can fill it in, while
its friendship union's report is approved (a province is approved only after the units below it).
Loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Permission
from django.db import transaction

from doingoai.accounts.demo import demo_users_create
from doingoai.accounts.models import User
from doingoai.directory import services as directory_services
from doingoai.directory.models import Organization
from doingoai.reporting import services
from doingoai.reporting.errors import ReportingError
from doingoai.reporting.models import Assignment, Report, ReportState, Strategy
from doingoai.reporting.periods import period_parse

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ANNUAL = "DNND-NAM"
QUARTERLY = "VTPCP-QUY"

MINISTRIES = (
    ("Bộ Quốc phòng", "BQP"),
    ("Bộ Công an", "BCA"),
    ("Bộ Tư pháp", "BTP"),
    ("Bộ Tài chính", "BTC"),
    ("Bộ Công Thương", "BCT"),
    ("Bộ Nông nghiệp và Môi trường", "BNNMT"),
    ("Bộ Xây dựng", "BXD"),
    ("Bộ Nội vụ", "BNV"),
    ("Bộ Khoa học và Công nghệ", "BKHCN"),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT"),
    ("Bộ Y tế", "BYT"),
    ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL"),
    ("Bộ Dân tộc và Tôn giáo", "BDTTG"),
    ("Thanh tra Chính phủ", "TTCP"),
    ("Ngân hàng Nhà nước Việt Nam", "NHNN"),
    ("Văn phòng Chính phủ", "VPCP"),
)

# user name, full name, role, unit key ("VUFO", a province code, or "union-<code>")
REPORTING_USERS = (
    ("duyet.vufo", "Chuyên viên xem xét báo cáo VUFO (mẫu)", "editor", "VUFO"),
    ("bientap.lhhn.quangtri", "Biên tập viên Liên hiệp hữu nghị Quảng Trị (mẫu)", "editor", "union-44"),
)

RESULTS = (
    "Tổ chức các hoạt động giao lưu nhân dân với bạn bè quốc tế đúng kế hoạch, chú trọng nơi kết nghĩa.",
    "Phối hợp tốt với các tổ chức phi chính phủ nước ngoài trong vận động viện trợ cho vùng khó khăn.",
    "Duy trì hoạt động của các hội hữu nghị, mở rộng quan hệ với các tổ chức nhân dân ở nước ngoài.",
)
SHORTCOMINGS = (
    "Nguồn lực cho công tác đối ngoại nhân dân còn hạn chế; một số hoạt động phải lùi thời gian.",
    "Việc tổng hợp số liệu giữa các đơn vị chưa thống nhất, còn chậm.",
)
DIRECTIONS = (
    "Tiếp tục đổi mới nội dung, phương thức hoạt động; tăng cường thông tin đối ngoại trên nền tảng số.",
    "Đẩy mạnh vận động viện trợ phi chính phủ nước ngoài gắn với các chương trình mục tiêu quốc gia.",
)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=VN)


def _annual_values(i: int, report: Report) -> dict[str, str]:
    values = dict(report.values)
    received = 3 + i % 9
    values.update(
        {
            "doan_ra": str(2 + i % 7),
            "doan_ra_luot_nguoi": str(10 + 3 * (i % 11)),
            "doan_vao": str(received),
            "doan_vao_cap_bo_truong": str(i % 3 if i % 3 <= received else 0),
            "su_kien": str(5 + i % 13),
            "hoi_huu_nghi": str(1 + i % 5),
            "hoi_huu_nghi_moi": str(i % 2),
            "thoa_thuan": str(i % 4),
            "co_ke_hoach": "true" if i % 6 else "false",
            "muc_do": ("vuot", "dat", "dat", "chua_dat")[i % 4],
            "so_du_an": str(i % 5),
            "nghien_cuu": str(i % 3),
            "an_pham": str(2 + i % 8),
            "kinh_phi": str(150_000_000 + 25_000_000 * (i % 9)),
            "ket_qua": RESULTS[i % len(RESULTS)],
            "ton_tai": SHORTCOMINGS[i % len(SHORTCOMINGS)],
            "phuong_huong": DIRECTIONS[i % len(DIRECTIONS)],
        }
    )
    return values


def _quarter_values(i: int, report: Report) -> dict[str, str]:
    values = dict(report.values)
    running = 2 + i % 6
    values.update(
        {"du_an_dang_thuc_hien": str(running), "du_an_moi": str(i % 2), "to_chuc_tai_tro": str(1 + i % 4)}
    )
    return values


def _users(actor: Any, units: dict[str, Organization], password: str) -> dict[str, str]:
    created = demo_users_create(actor=actor, units=units, users=REPORTING_USERS, password=password)
    # The digest needs an address; the demo's addresses go nowhere (the console backend prints them).
    for user in User.objects.filter(email=""):
        user.email = f"{user.username}@demo.doingoai.invalid"
        user.save(update_fields=["email"])
    coordinator = User.objects.filter(username="dieuphoi").first()
    if coordinator is not None:
        coordinator.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="reporting", codename__in=["unapprove_report", "grant_lock_exception"]
            )
        )
    return created


def _assign(
    actor: Any, form_code: str, unit: Organization, start: dt.date, review: Organization | None
) -> None:
    if not Assignment.objects.filter(form_code=form_code, unit=unit).exists():
        services.assignment_create(
            actor=actor, form_code=form_code, unit=unit, start_date=start, due_days=15, review_unit=review
        )


def _walk(actor: Any, report: Report, target: Any, submitted: dt.datetime, values: dict[str, str]) -> None:
    """Take `report` along the path to `target`, with steps a few days apart."""
    if target == ReportState.DRAFT:
        services.report_save(actor=actor, report=report, values=values, now=submitted)
        return
    services.report_submit(actor=actor, report=report, values=values, now=submitted)
    step = submitted + dt.timedelta(days=3)
    if target == ReportState.RETURNED:
        services.report_return(
            actor=actor,
            report=report,
            reason="Đề nghị bổ sung số liệu viện trợ theo lĩnh vực và làm rõ phần kiến nghị.",
            now=step,
        )
        return
    if target in (ReportState.ACCEPTED, ReportState.APPROVED):
        services.report_accept(actor=actor, report=report, now=step)
    if target == ReportState.APPROVED:
        try:
            services.report_approve(actor=actor, report=report, now=step + dt.timedelta(days=2))
        except ReportingError:
            pass  # a unit below is not approved: the report stays accepted, as the rule says


# The 2025 annual cycle's mix, by a unit's place in the list: approved, accepted, submitted on time,
# submitted late, returned, in draft, not started.
MIX = (
    ReportState.APPROVED,
    ReportState.APPROVED,
    ReportState.APPROVED,
    ReportState.ACCEPTED,
    ReportState.SUBMITTED,
    "late",
    ReportState.RETURNED,
    ReportState.DRAFT,
    ReportState.NOT_STARTED,
    ReportState.APPROVED,
)


@transaction.atomic
def reporting_demo_load(*, actor: Any, units: dict[str, Organization], password: str = "") -> dict[str, str]:
    """Load the forms, assignments and demo reports; return the reporting demo users' passwords."""
    services.forms_load_package(actor=actor)
    for name, abbreviation in MINISTRIES:
        if not Organization.objects.filter(parent=None, name=name).exists():
            directory_services.organization_create(
                actor=actor, name=name, kind="central", abbreviation=abbreviation
            )
    passwords = _users(actor, units, password)
    vufo = units["VUFO"]
    everyone = list(Organization.objects.order_by("path"))
    for unit in everyone:
        review = vufo if unit.parent_id is None and unit.pk != vufo.pk else None
        _assign(actor, ANNUAL, unit, dt.date(2024, 1, 1), review)
    provinces = [u for u in everyone if u.kind == "province" and u.parent_id is None]
    for unit in provinces:
        _assign(actor, QUARTERLY, unit, dt.date(2025, 1, 1), vufo)

    quang_tri, quang_tri_union = units["44"], units["union-44"]
    annual_2024, annual_2025 = period_parse("2024"), period_parse("2025")
    # Last year's approved reports of Quảng Trị, for the review page's comparison.
    for i, unit in enumerate((quang_tri_union, quang_tri)):
        if not Report.objects.filter(form_code=ANNUAL, unit=unit, period="2024").exists():
            report = services.report_open(
                actor=actor, form_code=ANNUAL, unit=unit, period=annual_2024, now=_at(dt.date(2025, 1, 3))
            )
            _walk(
                actor,
                report,
                ReportState.APPROVED,
                _at(dt.date(2025, 1, 8 + i)),
                _annual_values(40 + i, report),
            )

    # Deepest units first, so a province meets its units below already approved.
    ordered = sorted(everyone, key=lambda u: (-u.depth, u.path))
    for i, unit in enumerate(ordered):
        if (
            unit.pk == quang_tri.pk
            or Report.objects.filter(form_code=ANNUAL, unit=unit, period="2025").exists()
        ):
            continue
        target = ReportState.APPROVED if unit.pk == quang_tri_union.pk else MIX[i % len(MIX)]
        if target == ReportState.NOT_STARTED:
            continue
        report = services.report_open(
            actor=actor, form_code=ANNUAL, unit=unit, period=annual_2025, now=_at(dt.date(2026, 1, 2))
        )
        late = target == "late"
        day = dt.date(2026, 1, 20 + i % 6) if late else dt.date(2026, 1, 5 + i % 10)
        _walk(actor, report, ReportState.SUBMITTED if late else target, _at(day), _annual_values(i, report))

    # Q1–Q3 2025 aid reports of the provinces: Q1 and Q2 approved, Q3 submitted; some provinces missing.
    for q, target in ((1, ReportState.APPROVED), (2, ReportState.APPROVED), (3, ReportState.SUBMITTED)):
        period = period_parse(f"2025-Q{q}")
        for i, unit in enumerate(provinces):
            if (i + q) % 7 == 0 or Report.objects.filter(
                form_code=QUARTERLY, unit=unit, period=period.code
            ).exists():
                continue
            opened = _at(period.end + dt.timedelta(days=1))
            report = services.report_open(
                actor=actor, form_code=QUARTERLY, unit=unit, period=period, now=opened
            )
            day = period.end + dt.timedelta(days=5 + (i % 14))
            _walk(actor, report, target, _at(day), _quarter_values(i, report))
    _strategy(actor)
    return passwords


def _strategy(actor: Any) -> None:
    """Create the illustrative strategy: goals and indicators with invented targets."""
    name = "Định hướng công tác đối ngoại nhân dân đến năm 2030, tầm nhìn 2045 (chỉ tiêu minh họa)"
    if Strategy.objects.filter(name=name).exists():
        return
    strategy = services.strategy_create(actor=actor, name=name, start_year=2025, end_year=2030)
    friendship = ("1", "Mở rộng, làm sâu sắc quan hệ hữu nghị giữa nhân dân Việt Nam và nhân dân các nước")
    services.goal_indicator_add(
        actor=actor,
        strategy=strategy,
        goal_code=friendship[0],
        goal_name=friendship[1],
        code="1.1",
        name="Số đoàn ra, đoàn vào của các đơn vị",
        unit_label="đoàn",
        form_code=ANNUAL,
        formula="{doan_ra} + {doan_vao}",
        baseline=(2024, D(520)),
        targets={y: D(300 + 20 * (y - 2025)) for y in range(2025, 2031)},
    )
    services.goal_indicator_add(
        actor=actor,
        strategy=strategy,
        goal_code=friendship[0],
        goal_name=friendship[1],
        code="1.2",
        name="Số hội hữu nghị đang hoạt động",
        unit_label="hội",
        form_code=ANNUAL,
        formula="{hoi_huu_nghi}",
        targets={y: D(90 + 5 * (y - 2025)) for y in range(2025, 2031)},
    )
    services.goal_indicator_add(
        actor=actor,
        strategy=strategy,
        goal_code="2",
        goal_name="Vận động viện trợ phi chính phủ nước ngoài hiệu quả, đúng trọng tâm",
        code="2.1",
        name="Giá trị viện trợ vận động được (cam kết)",
        unit_label="tỷ đồng",
        form_code=ANNUAL,
        formula="{vien_tro.*.vnd} / 1000000000",
        targets={y: D(1500 + 100 * (y - 2025)) for y in range(2025, 2031)},
    )
    services.goal_indicator_add(
        actor=actor,
        strategy=strategy,
        goal_code="3",
        goal_name="Nâng cao chất lượng kế hoạch hóa công tác đối ngoại nhân dân",
        code="3.1",
        name="Tỷ lệ đơn vị có kế hoạch đối ngoại nhân dân năm được phê duyệt",
        unit_label="%",
        targets={2025: D(90), 2030: D(100)},
        manual={2025: D("86.5")},
    )
