"""Models of the directory: organizations, partner organizations, people and their titles.

Reference data (`Organization`, the structure of the system) is visible to every signed-in user.
Records that a unit registers itself (`PartnerOrganization`, `Person`) belong to an owning unit
and carry `is_published`: unpublished records are read only within the scope computed by
`doingoai.accounts.scope`.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from doingoai.directory.collation import vietnamese
from doingoai.directory.countries import country_name


class OrganizationKind(models.TextChoices):
    """The kinds of organization in the system of people-to-people diplomacy."""

    CENTRAL = "central", _("Cơ quan Trung ương")
    FRIENDSHIP_UNION = "friendship_union", _("Liên hiệp các tổ chức hữu nghị")
    MASS = "mass", _("Tổ chức chính trị - xã hội, đoàn thể")
    PROVINCE = "province", _("Ủy ban nhân dân tỉnh, thành phố")
    PROVINCE_DEPARTMENT = "province_department", _("Sở, ban, ngành địa phương")
    MISSION = "mission", _("Cơ quan đại diện Việt Nam ở nước ngoài")


class Organization(models.Model):
    """A unit of the system: a central body, a province, a friendship union, a mission, a mass organization.

    `path` is the chain of ancestor ids ("/1/7/42/"), kept by `doingoai.directory.services`, so
    that "this unit and every unit below it" is one indexed prefix query.
    """

    name = models.CharField(_("tên"), max_length=255)
    abbreviation = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    kind = models.CharField(_("loại"), max_length=32, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    province_code = models.CharField(
        _("mã tỉnh"), max_length=2, blank=True, db_index=True, help_text=_("Mã tỉnh, thành phố (2 chữ số).")
    )
    country = models.CharField(
        _("quốc gia"), max_length=2, blank=True, help_text=_("Mã ISO 3166-1 hai chữ cái.")
    )
    name_key = models.CharField(_("khóa tìm kiếm"), max_length=255, db_index=True, editable=False)
    path = models.CharField(_("đường dẫn cây"), max_length=255, db_index=True, editable=False, default="")
    # Optimistic concurrency (doingoai.audit.concurrency): each saved change moves it on by one.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = (vietnamese("name"), "pk")
        constraints = (
            models.UniqueConstraint(fields=["parent", "name"], name="organization_unique_name_in_parent"),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        """Return 0 for a top-level unit, 1 for its children, and so on."""
        return max(self.path.count("/") - 2, 0)


class PartnerKind(models.TextChoices):
    """The kinds of foreign partner."""

    NGO = "ngo", _("Tổ chức phi chính phủ nước ngoài")
    FRIENDSHIP_ASSOCIATION = "friendship_association", _("Hội hữu nghị")
    INTERNATIONAL = "international", _("Tổ chức quốc tế")
    OTHER = "other", _("Khác")


class PartnerOrganization(models.Model):
    """A foreign partner: an NGO, a friendship association, an international organization."""

    name = models.CharField(_("tên"), max_length=255)
    name_vi = models.CharField(_("tên tiếng Việt"), max_length=255, blank=True)
    abbreviation = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    kind = models.CharField(_("loại"), max_length=32, choices=PartnerKind.choices)
    country = models.CharField(
        _("quốc gia"), max_length=2, help_text=_("Mã ISO 3166-1 hai chữ cái, ví dụ JP.")
    )
    iati_identifier = models.CharField(
        _("mã tổ chức IATI"), max_length=100, blank=True, help_text=_("Ví dụ: US-EIN-123456789.")
    )
    website = models.URLField(_("trang web"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    owner_unit = models.ForeignKey(
        Organization, verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="partners"
    )
    is_published = models.BooleanField(_("đã công bố"), default=False)
    name_key = models.CharField(_("khóa tìm kiếm"), max_length=512, db_index=True, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)
    # Optimistic concurrency (doingoai.audit.concurrency): each saved change moves it on by one.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    # The partner's page shows its contacts: a contact added or removed is a change of the partner,
    # so an edit form opened before it is refused and told what changed.
    versioned_children: ClassVar[tuple[str, ...]] = ("contacts",)

    class Meta:
        verbose_name = _("đối tác nước ngoài")
        verbose_name_plural = _("đối tác nước ngoài")
        ordering = (vietnamese("name"), "pk")

    def __str__(self) -> str:
        return self.name

    @property
    def country_name(self) -> str:
        """Return the partner's country in the language of the page."""
        return country_name(self.country)


class PartnerContact(models.Model):
    """Whom to reach at a partner: a person, their job, telephone and e-mail, as a unit entered them.

    Read and changed with the partner (its owning unit's scope); contacts named in the partner's
    IATI activities stay with those projects (`aid.ProjectContact`).
    """

    partner = models.ForeignKey(PartnerOrganization, on_delete=models.CASCADE, related_name="contacts")
    person_name = models.CharField(_("người liên hệ"), max_length=255)
    # The folded name (`entity_key`): one person is one contact of a partner, however it is typed.
    person_key = models.CharField(_("khóa tên"), max_length=255, editable=False)
    job_title = models.CharField(_("chức danh"), max_length=255, blank=True)
    email = models.EmailField(_("thư điện tử"), max_length=255, blank=True)
    telephone = models.CharField(_("điện thoại"), max_length=100, blank=True)
    notes = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("đầu mối liên hệ của đối tác")
        verbose_name_plural = _("đầu mối liên hệ của đối tác")
        ordering = ("partner", "person_name", "pk")
        constraints = (
            models.UniqueConstraint(fields=("partner", "person_key"), name="partnercontact_one_per_person"),
        )

    def __str__(self) -> str:
        return f"{self.person_name} ({self.partner})"

    def audit_scope(self) -> tuple[str, bool]:
        """Return how the audit log scopes this contact's entries: as its partner's."""
        partner = self.partner
        return partner.owner_unit.path, partner.is_published


class Person(models.Model):
    """An official; `name_key` links them to the people found in documents."""

    full_name = models.CharField(_("họ và tên"), max_length=255)
    notes = models.TextField(_("ghi chú"), blank=True)
    # How to reach the official at work (the office's line, a work address): what a unit's staff
    # look up before a delegation visit or a call.
    telephone = models.CharField(_("điện thoại"), max_length=100, blank=True)
    email = models.EmailField(_("thư điện tử"), max_length=255, blank=True)
    owner_unit = models.ForeignKey(
        Organization, verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="people"
    )
    is_published = models.BooleanField(_("đã công bố"), default=False)
    name_key = models.CharField(_("khóa tìm kiếm"), max_length=255, db_index=True, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)
    # Optimistic concurrency (doingoai.audit.concurrency): each saved change moves it on by one.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    # The official's page shows their titles: a title added, changed or ended is a change of the
    # official, so an edit form opened before it is refused and told what changed.
    versioned_children: ClassVar[tuple[str, ...]] = ("positions",)

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = (vietnamese("full_name"), "pk")

    def __str__(self) -> str:
        return self.full_name


class Position(models.Model):
    """A title a person held in an organization, from a start date to an end date (open if empty)."""

    person = models.ForeignKey(
        Person, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="positions"
    )
    title = models.CharField(_("chức danh"), max_length=255)
    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="positions"
    )
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("chức danh")
        verbose_name_plural = _("chức danh")
        ordering = ("-start_date", "id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="position_end_after_start",
            ),
        )

    def __str__(self) -> str:
        return f"{self.title}, {self.organization}"
