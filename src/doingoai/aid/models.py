"""Models of the foreign-aid registry, shaped on IATI activities.

A `Project` is an IATI activity owned by a unit (`owner_unit`, `is_published`: the scope rules of
`doingoai.accounts.scope`). Its sectors, locations, participating organizations and transactions
hang below it and are read through it.

A `Transaction` stores its original amount and currency and, fixed when it is recorded, the rate to
VND and to USD with the dates of those rates (see `doingoai.aid.currency`): totals are reproducible
and never change when rates are added later.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from doingoai import iati
from doingoai.aid.fields import ExactDecimalField
from doingoai.directory.collation import vietnamese
from doingoai.directory.models import Organization, PartnerOrganization


def _day(day: dt.date | None) -> str:
    """Return a date as the pages write it (dd/mm/yyyy), for a record's name in the log."""
    return day.strftime("%d/%m/%Y") if day else "?"


def _amount(value: Decimal | None, currency: str) -> str:
    """Return an amount as the pages write it in the language in use ("15.000,00 USD" in Vietnamese)."""
    if value is None:
        return f"? {currency}"
    return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)} {currency}"


class ActivityStatus(models.TextChoices):
    """IATI ActivityStatus codes, with Vietnamese labels; the codes are `doingoai.iati`'s."""

    PIPELINE = iati.ActivityStatus.PIPELINE.value, _("Đang chuẩn bị")
    IMPLEMENTATION = iati.ActivityStatus.IMPLEMENTATION.value, _("Đang thực hiện")
    FINALISATION = iati.ActivityStatus.FINALISATION.value, _("Đang kết thúc")
    CLOSED = iati.ActivityStatus.CLOSED.value, _("Đã đóng")
    CANCELLED = iati.ActivityStatus.CANCELLED.value, _("Đã hủy")
    SUSPENDED = iati.ActivityStatus.SUSPENDED.value, _("Tạm dừng")


class OrganisationRole(models.TextChoices):
    """IATI OrganisationRole codes, with Vietnamese labels; the codes are `doingoai.iati`'s."""

    FUNDING = iati.OrganisationRole.FUNDING.value, _("Tài trợ")
    ACCOUNTABLE = iati.OrganisationRole.ACCOUNTABLE.value, _("Chịu trách nhiệm")
    EXTENDING = iati.OrganisationRole.EXTENDING.value, _("Cấp vốn trung gian")
    IMPLEMENTING = iati.OrganisationRole.IMPLEMENTING.value, _("Thực hiện")


class TransactionType(models.TextChoices):
    """IATI TransactionType codes, with Vietnamese labels; the codes are `doingoai.iati`'s."""

    INCOMING_FUNDS = iati.TransactionType.INCOMING_FUNDS.value, _("Nhận vốn")
    OUTGOING_COMMITMENT = iati.TransactionType.OUTGOING_COMMITMENT.value, _("Cam kết chi")
    DISBURSEMENT = iati.TransactionType.DISBURSEMENT.value, _("Giải ngân")
    EXPENDITURE = iati.TransactionType.EXPENDITURE.value, _("Chi tiêu")
    INTEREST_PAYMENT = iati.TransactionType.INTEREST_PAYMENT.value, _("Trả lãi")
    LOAN_REPAYMENT = iati.TransactionType.LOAN_REPAYMENT.value, _("Trả nợ gốc")
    REIMBURSEMENT = iati.TransactionType.REIMBURSEMENT.value, _("Hoàn trả")
    PURCHASE_OF_EQUITY = iati.TransactionType.PURCHASE_OF_EQUITY.value, _("Mua cổ phần")
    SALE_OF_EQUITY = iati.TransactionType.SALE_OF_EQUITY.value, _("Bán cổ phần")
    CREDIT_GUARANTEE = iati.TransactionType.CREDIT_GUARANTEE.value, _("Bảo lãnh tín dụng")
    INCOMING_COMMITMENT = iati.TransactionType.INCOMING_COMMITMENT.value, _("Cam kết nhận")
    OUTGOING_PLEDGE = iati.TransactionType.OUTGOING_PLEDGE.value, _("Cam kết sơ bộ chi")
    INCOMING_PLEDGE = iati.TransactionType.INCOMING_PLEDGE.value, _("Cam kết sơ bộ nhận")


# The dashboard's measures: which transaction types each one adds up.
COMMITMENT_TYPES: tuple[str, ...] = (
    iati.TransactionType.OUTGOING_COMMITMENT.value,
    iati.TransactionType.INCOMING_COMMITMENT.value,
)
DISBURSEMENT_TYPES: tuple[str, ...] = (iati.TransactionType.DISBURSEMENT.value,)


class ExchangeRate(models.Model):
    """How many VND one unit of `currency` was worth on `date`."""

    date = models.DateField(_("ngày"))
    currency = models.CharField(_("tiền tệ"), max_length=3, help_text=_("Mã ISO 4217, ví dụ USD."))
    rate = ExactDecimalField(_("tỷ giá ra VND"), max_digits=20, decimal_places=6)

    class Meta:
        verbose_name = _("tỷ giá")
        verbose_name_plural = _("tỷ giá")
        ordering = ("currency", "-date")
        constraints = (models.UniqueConstraint(fields=["currency", "date"], name="exchange_rate_unique_day"),)

    def __str__(self) -> str:
        return f"{self.currency} {self.date}: {self.rate}"


class Programme(models.Model):
    """A national programme that projects contribute to."""

    code = models.CharField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    # Optimistic concurrency (doingoai.audit.concurrency): each saved change moves it on by one.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")
        ordering = (vietnamese("name"), "pk")

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """An aid project: one IATI activity."""

    iati_identifier = models.CharField(_("mã IATI"), max_length=150, unique=True)
    title = models.CharField(_("tên dự án"), max_length=500)
    # The title folded (`analysis.text.entity_key`), set by `services.project_save`: the project
    # list's search finds "nuoc sach" and "NƯỚC SẠCH" in "Nước sạch cho trường học".
    title_key = models.TextField(_("khóa tìm kiếm"), default="", editable=False)
    description = models.TextField(_("mô tả"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=2, choices=ActivityStatus.choices)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("chương trình"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    owner_unit = models.ForeignKey(
        Organization, verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="aid_projects"
    )
    is_published = models.BooleanField(_("đã công bố"), default=False)
    # As the IATI file of a donor says (kept so that an export gives back the donor's activity);
    # empty for a project entered here, whose reporting organisation is its owning unit.
    reporting_org_ref = models.CharField(_("mã tổ chức báo cáo IATI"), max_length=150, blank=True)
    reporting_org_name = models.CharField(_("tên tổ chức báo cáo"), max_length=255, blank=True)
    reporting_org_type = models.CharField(_("loại tổ chức báo cáo"), max_length=3, blank=True)
    default_lang = models.CharField(_("ngôn ngữ mặc định"), max_length=8, blank=True)
    planned_start = models.DateField(_("ngày bắt đầu dự kiến"), null=True, blank=True)
    actual_start = models.DateField(_("ngày bắt đầu thực tế"), null=True, blank=True)
    planned_end = models.DateField(_("ngày kết thúc dự kiến"), null=True, blank=True)
    actual_end = models.DateField(_("ngày kết thúc thực tế"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)
    # Optimistic concurrency (doingoai.audit.concurrency): each saved change moves it on by one.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        verbose_name = _("dự án viện trợ")
        verbose_name_plural = _("dự án viện trợ")
        ordering = ("iati_identifier",)

    def __str__(self) -> str:
        return f"{self.iati_identifier} {self.title}"


class ProjectSector(models.Model):
    """An OECD DAC 5-digit sector of a project, with its share; a project's shares add up to 100."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sectors")
    code = models.CharField(_("mã lĩnh vực DAC"), max_length=5)
    percentage = models.DecimalField(_("tỷ lệ (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ("project", "-percentage", "code")
        constraints = (models.UniqueConstraint(fields=["project", "code"], name="project_sector_unique"),)

    def __str__(self) -> str:
        return f"{self.code} ({self.percentage}%)"


class ProjectLocation(models.Model):
    """Where a project works: a province (and commune) in force since 1 July 2025.

    `original` keeps the text as recorded when it named a former unit that was converted.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="locations")
    province_code = models.CharField(_("mã tỉnh"), max_length=2, db_index=True)
    commune_code = models.CharField(_("mã xã"), max_length=5, blank=True)
    name = models.CharField(_("địa danh"), max_length=255)
    original = models.CharField(_("tên ghi ban đầu"), max_length=255, blank=True)
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")
        ordering = ("project", "province_code", "commune_code")

    def __str__(self) -> str:
        return self.name


class ParticipatingOrganization(models.Model):
    """An organization taking part in a project in one IATI role: a partner, a unit, or a name only."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("vai trò"), max_length=1, choices=OrganisationRole.choices)
    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.PROTECT, null=True, blank=True, related_name="aid_roles"
    )
    unit = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="aid_roles"
    )
    name = models.CharField(_("tên"), max_length=255)
    # As the IATI file or the project form gives them: the organisation's IATI identifier and its
    # OrganisationType code (empty when not known; a partner's identifier is used then).
    ref = models.CharField(_("mã IATI của tổ chức"), max_length=150, blank=True)
    org_type = models.CharField(_("loại tổ chức"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("tổ chức tham gia")
        verbose_name_plural = _("tổ chức tham gia")
        ordering = ("project", "role", "name")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Transaction(models.Model):
    """A commitment, disbursement or expenditure of a project, with its conversion fixed when recorded.

    Natural key (re-imports update instead of duplicating): project, type, date, provider and the
    order among that day's transactions of the same type and provider (`sequence`, 0 for the first).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transactions")
    transaction_type = models.CharField(_("loại giao dịch"), max_length=2, choices=TransactionType.choices)
    date = models.DateField(_("ngày"))
    provider = models.ForeignKey(
        PartnerOrganization,
        verbose_name=_("bên cấp vốn"),
        on_delete=models.PROTECT,
        related_name="aid_transactions",
    )
    value = ExactDecimalField(_("số tiền"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("tiền tệ"), max_length=3)
    rate = ExactDecimalField(_("tỷ giá ra VND"), max_digits=20, decimal_places=6)
    rate_date = models.DateField(_("ngày của tỷ giá"))
    value_vnd = ExactDecimalField(_("quy đổi VND"), max_digits=22, decimal_places=0)
    usd_rate = ExactDecimalField(_("tỷ giá USD"), max_digits=20, decimal_places=6)
    usd_rate_date = models.DateField(_("ngày của tỷ giá USD"))
    value_usd = ExactDecimalField(_("quy đổi USD"), max_digits=20, decimal_places=2)
    description = models.CharField(_("mô tả"), max_length=500, blank=True)
    # Several transactions of one type, day and provider are told apart by their order in the file.
    sequence = models.PositiveSmallIntegerField(_("thứ tự trong ngày"), default=0)
    receiver_ref = models.CharField(_("mã IATI bên nhận"), max_length=150, blank=True)
    receiver_name = models.CharField(_("bên nhận"), max_length=255, blank=True)
    receiver_type = models.CharField(_("loại tổ chức bên nhận"), max_length=3, blank=True)
    # Optimistic concurrency (doingoai.audit.concurrency): each saved change moves it on by one.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        verbose_name = _("giao dịch")
        verbose_name_plural = _("giao dịch")
        ordering = ("-date", "id")
        constraints = (
            models.UniqueConstraint(
                fields=["project", "transaction_type", "date", "provider", "sequence"],
                name="transaction_natural_key_sequence",
            ),
        )
        indexes = (models.Index(fields=["date"], name="aid_transaction_date"),)

    def __str__(self) -> str:
        return (
            f"{self.get_transaction_type_display()} {_day(self.date)}: {_amount(self.value, self.currency)}"
        )


# What an IATI activity holds beyond the registry's own columns, kept so that an imported activity
# is exported again as it came. `position` is the order in the file.


class ProjectOtherSector(models.Model):
    """A sector in a vocabulary other than DAC 5-digit (SDG goals, DAC 3-digit...), kept, not totalled."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="other_sectors")
    position = models.PositiveSmallIntegerField(default=0)
    vocabulary = models.CharField(_("bộ mã lĩnh vực"), max_length=3)
    code = models.CharField(_("mã"), max_length=20)
    percentage = models.DecimalField(_("tỷ lệ (%)"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ("project", "position")
        verbose_name = _("lĩnh vực theo bộ mã khác")
        verbose_name_plural = _("lĩnh vực theo bộ mã khác")


class ProjectTranslation(models.Model):
    """The project's title or description in another language (an IATI narrative with @xml:lang)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="translations")
    position = models.PositiveSmallIntegerField(default=0)
    part = models.CharField(_("phần"), max_length=12)
    lang = models.CharField(_("ngôn ngữ"), max_length=8)
    text = models.TextField(_("nội dung"))

    class Meta:
        ordering = ("project", "position")
        verbose_name = _("bản dịch")
        verbose_name_plural = _("bản dịch")


class ProjectBudget(models.Model):
    """A budget of the project for one period (IATI BudgetType and BudgetStatus)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budgets")
    position = models.PositiveSmallIntegerField(default=0)
    budget_type = models.CharField(_("loại ngân sách"), max_length=2, default="1")
    status = models.CharField(_("tình trạng"), max_length=2, default="1")
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    value = ExactDecimalField(_("số tiền"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("tiền tệ"), max_length=3)
    value_date = models.DateField(_("ngày giá trị"))

    class Meta:
        ordering = ("project", "position")
        verbose_name = _("ngân sách")
        verbose_name_plural = _("ngân sách")

    def __str__(self) -> str:
        period = f"{_day(self.period_start)} – {_day(self.period_end)}"
        return f"{period}: {_amount(self.value, self.currency)}"


class ProjectPlannedDisbursement(models.Model):
    """A disbursement planned for a period, with its provider and receiver as the file names them."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="planned_disbursements")
    position = models.PositiveSmallIntegerField(default=0)
    disbursement_type = models.CharField(_("loại"), max_length=2, blank=True)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    value = ExactDecimalField(_("số tiền"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("tiền tệ"), max_length=3)
    value_date = models.DateField(_("ngày giá trị"))
    provider_ref = models.CharField(_("mã IATI bên cấp"), max_length=150, blank=True)
    provider_name = models.CharField(_("bên cấp"), max_length=255, blank=True)
    provider_type = models.CharField(_("loại bên cấp"), max_length=3, blank=True)
    receiver_ref = models.CharField(_("mã IATI bên nhận"), max_length=150, blank=True)
    receiver_name = models.CharField(_("bên nhận"), max_length=255, blank=True)
    receiver_type = models.CharField(_("loại bên nhận"), max_length=3, blank=True)

    class Meta:
        ordering = ("project", "position")
        verbose_name = _("kế hoạch giải ngân")
        verbose_name_plural = _("kế hoạch giải ngân")


class ProjectDocumentLink(models.Model):
    """A document about the project: its address, format, title and IATI DocumentCategory codes."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="document_links")
    position = models.PositiveSmallIntegerField(default=0)
    url = models.URLField(_("địa chỉ"), max_length=1000)
    format = models.CharField(_("định dạng"), max_length=100)
    title = models.CharField(_("tiêu đề"), max_length=500)
    categories = models.CharField(
        _("loại tài liệu"), max_length=100, help_text=_("Mã cách nhau bởi dấu cách.")
    )
    languages = models.CharField(_("ngôn ngữ"), max_length=100, blank=True)
    document_date = models.DateField(_("ngày tài liệu"), null=True, blank=True)

    class Meta:
        ordering = ("project", "position")
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")


class ProjectContact(models.Model):
    """Whom to contact about the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contacts")
    position = models.PositiveSmallIntegerField(default=0)
    contact_type = models.CharField(_("loại liên hệ"), max_length=2, blank=True)
    organisation = models.CharField(_("tổ chức"), max_length=255, blank=True)
    person_name = models.CharField(_("người liên hệ"), max_length=255, blank=True)
    job_title = models.CharField(_("chức danh"), max_length=255, blank=True)
    telephone = models.CharField(_("điện thoại"), max_length=100, blank=True)
    email = models.CharField(_("thư điện tử"), max_length=255, blank=True)
    website = models.CharField(_("trang web"), max_length=500, blank=True)
    mailing_address = models.TextField(_("địa chỉ"), blank=True)

    class Meta:
        ordering = ("project", "position")
        verbose_name = _("đầu mối liên hệ")
        verbose_name_plural = _("đầu mối liên hệ")


class ProjectPolicyMarker(models.Model):
    """A policy marker of the project (OECD DAC: gender, environment...) with its significance."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="policy_markers")
    position = models.PositiveSmallIntegerField(default=0)
    vocabulary = models.CharField(_("bộ mã"), max_length=3, default="1")
    code = models.CharField(_("mã"), max_length=20)
    significance = models.CharField(_("mức ý nghĩa"), max_length=2, blank=True)

    class Meta:
        ordering = ("project", "position")
        verbose_name = _("chỉ dấu chính sách")
        verbose_name_plural = _("chỉ dấu chính sách")


class Revision(models.Model):
    """A counter the database raises itself on every write to the records the aid figures read.

    Triggers (migration 0007) add one on each insert, update and delete of projects, their
    transactions, places, sectors and programmes, partners and units, whatever makes the write
    (forms, imports, the admin, bulk SQL). A figure cached under the counter's value is thus never
    served once its records have changed. One row (pk 1).
    """

    counter = models.BigIntegerField(default=0)
